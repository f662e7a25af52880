"""Fixtures of the service-account tests: two types, applications, an account
bound to one of them, HTTP sessions with its token (functional layer)."""

from comune.istanze.service_accounts import store
from plone import api
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as

import pytest
import transaction


STAFF_PASSWORD = "staff-Password-1"


def bearer(session, token):
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def rel(obj):
    """The path of ``obj`` relative to the portal (for a RelativeSession)."""
    return "/" + obj.absolute_url(relative=1).split("/", 1)[1]


def make_account(name, types, actions, **kw):
    with api.env.adopt_roles(["Manager"]):
        return store.create(name, [t.UID() for t in types], actions, **kw)


@pytest.fixture
def sa_office(functional_portal, request_factory):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mensa = make_type(portal, code="MENSA", title="Mensa scolastica")
    mario = make_citizen("Mario", "Rossi")
    giulia = make_citizen("Giulia", "Bianchi", female=True)
    apps = [submit_as(portal, casa, mario, isee=float(1000 * i)) for i in (1, 2, 3)]
    other = submit_as(portal, mensa, giulia)
    make_staff("responsabile", casa, "Responsabile")
    account, token = make_account("Gestionale tributi", [casa],
                                  ["read", "document", "integration", "decide", "close"])
    reader, reader_token = make_account("Cruscotto", [casa], ["read"])
    transaction.commit()

    def session(token=None, rest=True):
        s = request_factory(api=rest)
        if token:
            bearer(s, token)
        return s

    return {
        "portal": portal, "casa": casa, "mensa": mensa, "apps": apps, "other": other,
        "mario": mario, "account": account, "token": token,
        "reader": reader, "reader_token": reader_token,
        "sa": session(token), "sa_reader": session(reader_token), "session": session,
        "boss": request_factory(basic_auth=("responsabile", STAFF_PASSWORD)),
        "citizen": request_factory(basic_auth=(mario.getId(), CITIZEN_PASSWORD)),
        "manager": request_factory(role="Manager"),
    }
