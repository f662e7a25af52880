"""Fixtures of who acts for whom: a type admitting companies and
professionals, a type only «per sé», a citizen, the office (committed)."""

from comune.istanze.fakes import fiscal_code
from comune.istanze.representation.codes import with_check_digit
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.journey.conftest import browser_for
from types import SimpleNamespace

import pytest
import transaction


# Fake codes: valid check digits, belonging to nobody.
COMPANY_CODE = with_check_digit("0123456001")  # 01234560017, worked out in test_codes
CLIENT_CF = fiscal_code("Carla", "Neri", 1990, 4, 2, True)
COMPANY = {"represented_name": "ACME S.r.l.", "represented_tax_id": COMPANY_CODE,
           "represented_seat": "Via Roma 1, Firenze"}


@pytest.fixture
def rep(functional, functional_portal):
    portal = functional_portal
    both = make_type(portal, code="RAPPR", title="Autorizzazione insegne",
                     applicant_kinds=["self", "association", "professional"])
    only_self = make_type(portal, code="SOLOSE", title="Solo per sé", applicant_kinds=["self"])
    mario = make_citizen()
    client = make_citizen("Carla", "Neri", year=1990, month=4, day=2, female=True)
    make_staff("istruttore", both, "Istruttore")
    transaction.commit()
    return SimpleNamespace(
        portal=portal, app=functional["app"], both=both, only_self=only_self,
        mario=mario.getId(), client=client.getId(),
        browser=lambda user=None: browser_for(
            functional["app"], user, f"http://{functional['host']}:{functional['port']}/"),
    )


def start_as(browser, type_obj, kind, values=None, procura=None):
    """Open «Presenta istanza», choose ``kind``, fill ``values``, start."""
    browser.open(type_obj.absolute_url() + "/@@presenta-istanza")
    browser.getControl(name="applicant_kind").value = [kind]
    for name, value in (values or {}).items():
        browser.getControl(name=name).value = value
    if procura is not None:
        data, filename, mime = procura
        browser.getControl(name="procura").add_file(data, mime, filename)
    browser.getControl(name="form.buttons.start").click()


def drafts(type_obj):
    transaction.begin()
    return list(type_obj.objectValues())
