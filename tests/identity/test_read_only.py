"""Identity is read-only for its owner, and the level is the session's.

Codice fiscale, names, method and level of assurance cannot be changed
through ``@users``, ``@@personal-information`` or any form; each login
session keeps its own level; basic auth never counts as SPID.
"""

from comune.istanze.identity import current_identity
from plone import api
from tests.fixtures import http_session
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.restapi.conftest import body

import pytest
import transaction


FORGED = {"fiscal_code": "BNCGLI85C52Z999V", "loa": "SpidL3", "auth_method": "cie",
          "first_name": "Giulia", "last_name": "Bianchi", "fullname": "Giulia Bianchi"}


def identity_seen(session):
    reply = session.get("@area-personale", headers={"Accept": "application/json"})
    assert reply.status_code == 200, reply.text[:2000]
    return reply.json()["identity"]


def patch_self(session, user_id, data):
    return session.patch(f"@users/{user_id}", json=data,
                         headers={"Accept": "application/json"})


def test_patch_users_self_cannot_change_identity(rest_type, mario):
    before = identity_seen(mario)
    assert (before["fiscal_code"], before["auth_method"], before["loa"]) == (
        mario.user_id, "spid", "SpidL2")
    reply = patch_self(mario, mario.user_id, {**FORGED, "email": "mario@altrove.example"})
    assert reply.status_code == 204, reply.text  # accepted: only the profile changed
    assert identity_seen(mario)["email"] == "mario@altrove.example"
    after = identity_seen(mario)
    assert {k: after[k] for k in ("user_id", "fiscal_code", "first_name", "last_name",
                                  "auth_method", "loa")} == {
        "user_id": mario.user_id, "fiscal_code": mario.user_id, "first_name": "Mario",
        "last_name": "Rossi", "auth_method": "spid", "loa": "SpidL2"}
    page = mario.get("area-personale").text
    page = page[page.index('id="content"'):]  # the personal area, not Plone's user menu
    assert mario.user_id in page and "SPID, livello 2" in page
    assert "Giulia" not in page and "BNCGLI85C52Z999V" not in page and "livello 3" not in page
    created = mario.post(f"{rest_type.getId()}/@istanze", json=body())
    assert created.status_code == 201, created.text
    transaction.begin()
    app = rest_type[created.json()["id"]]
    assert (app.applicant_id, app.applicant_name) == (mario.user_id, "Mario Rossi")
    assert (app.auth_method, app.loa) == ("spid", "SpidL2")


def test_password_account_cannot_forge_a_spid_identity(rest_type, functional_portal, request_factory):
    user = make_citizen("Sara", "Greco", auth_method="password", female=True)
    transaction.commit()
    session = http_session(user.getId(), session=request_factory())
    reply = patch_self(session, user.getId(), FORGED)
    assert reply.status_code == 204, reply.text
    seen = identity_seen(session)
    assert (seen["fiscal_code"], seen["auth_method"], seen["loa"]) == ("", "password", "")
    # a password account keeps its editable profile (fullname): not an identity
    assert (seen["first_name"], seen["last_name"]) == ("Giulia", "Bianchi")
    refused = session.post(f"{rest_type.getId()}/@istanze", json=body())
    assert refused.status_code in (401, 403), refused.text
    assert "SPID, CIE o CNS" in refused.text
    transaction.begin()
    assert not [a for a in rest_type.objectValues() if a.applicant_id == user.getId()]
    member = api.user.get(userid=user.getId())
    for name in ("fiscal_code", "loa", "auth_method"):
        assert not member.getProperty(name, "")


def test_identity_is_not_member_data(portal):
    memberdata = api.portal.get_tool("portal_memberdata")
    for name in ("fiscal_code", "first_name", "last_name", "auth_method", "loa"):
        assert not memberdata.hasProperty(name)


def test_personal_information_form_has_no_identity_fields(functional_portal, request_factory):
    user = make_citizen()
    transaction.commit()
    session = http_session(user.getId(), session=request_factory())
    for view in ("@@personal-information", f"@@user-information?userid={user.getId()}"):
        page = session.get(view)
        assert page.status_code in (200, 401, 403, 404)
        for name in ("fiscal_code", "auth_method", "loa", "first_name", "last_name"):
            assert f"form.widgets.{name}" not in page.text


def test_basic_auth_never_counts_as_spid(rest_type, functional_portal, request_factory):
    user = make_citizen("Luca", "Verdi", loa="SpidL3")
    transaction.commit()
    basic = request_factory(basic_auth=(user.getId(), "secret-Cittadino-1"))
    assert identity_seen(basic)["auth_method"] == "password"
    # basic auth next to a valid SPID session cookie of the same citizen
    both = http_session(user.getId(), session=request_factory(basic_auth=(user.getId(), "secret-Cittadino-1")))
    assert identity_seen(both)["auth_method"] == "password"
    assert both.post(f"{rest_type.getId()}/@istanze", json=body()).status_code in (401, 403)
    # the cookie alone is the SPID session
    spid = http_session(user.getId(), session=request_factory())
    assert (identity_seen(spid)["auth_method"], identity_seen(spid)["loa"]) == ("spid", "SpidL3")


def test_two_sessions_of_one_citizen_keep_their_own_level(portal):
    app_type = make_type(portal, code="L3", title="Servizio L3", min_loa="SpidL3")
    user = make_citizen("Paolo", "Romano")
    login(portal, user.getId(), "spid", "SpidL2")
    low = portal.REQUEST.cookies["__ac"]
    login(portal, user.getId(), "cie", "SpidL3")
    high = portal.REQUEST.cookies["__ac"]
    assert (current_identity().auth_method, current_identity().loa) == ("cie", "SpidL3")
    portal.REQUEST.cookies["__ac"] = low
    assert (current_identity().auth_method, current_identity().loa) == ("spid", "SpidL2")
    from comune.istanze.workflow import submission
    from comune.istanze.workflow.errors import LevelTooLow

    with pytest.raises(LevelTooLow):
        submission.create_draft(app_type)
    portal.REQUEST.cookies["__ac"] = high
    assert submission.create_draft(app_type).applicant_id == user.getId()


def test_a_ticket_of_another_user_or_forged_counts_as_password(portal):
    mario, giulia = make_citizen(), make_citizen("Giulia", "Bianchi", female=True)
    login(portal, giulia.getId())
    giulia_ticket = portal.REQUEST.cookies["__ac"]
    login(portal, mario.getId())
    portal.REQUEST.cookies["__ac"] = giulia_ticket  # someone else's session
    assert current_identity().auth_method == "password"
    import base64

    ticket = base64.b64decode(giulia_ticket).replace(b"SpidL2", b"SpidL3")
    portal.REQUEST.cookies["__ac"] = base64.b64encode(ticket).decode()  # forged tokens
    login(portal, giulia.getId())
    portal.REQUEST.cookies["__ac"] = base64.b64encode(ticket).decode()  # forged tokens
    forged = current_identity()
    assert forged.auth_method == "password" and forged.loa == "" and forged.fiscal_code == ""
