"""The audit log is append-only: the storage offers only append and read,
and no browser, REST or Plone surface lets staff change or remove an entry."""

from comune.istanze.backoffice import audit
from plone import api
from tests.fixtures import login
from tests.backoffice.test_communications_scope import make_site_admin
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from zExceptions import Forbidden

import pytest
import transaction


STAFF_PASSWORD = "staff-Password-1"


def test_the_log_offers_only_append_and_read(portal, office):
    login(portal, "istruttore")
    app = office["apps"][0]
    audit.record(app, "read", "pagina")
    log = office["casa"]._audit
    for name in ("__setitem__", "__delitem__", "pop", "clear", "update", "insert", "remove", "keys"):
        assert not hasattr(log, name), name
    entry = audit.entries(office["casa"])[0]
    entry["detail"] = "cambiato"  # readers get copies
    assert audit.entries(office["casa"])[0]["detail"] == "pagina"
    # Whatever the caller passes, only the known fields are kept, under a key the log makes.
    log.append({"when": None, "who": "x", "number": "n", "uid": "u", "action": "a", "detail": "",
                "key": "00-scelta", "extra": "no"})
    assert set(audit.entries(office["casa"])[-1]) == set(audit.FIELDS)
    assert "00-scelta" not in log._entries and len(log) == 2
    # The module has no code path that updates or deletes an entry.
    public = [n for n in dir(audit) if not n.startswith("_")]
    assert not [n for n in public if any(w in n.lower() for w in ("delete", "remove", "update", "edit", "clear"))]


def test_a_type_with_a_log_cannot_be_deleted(portal):
    empty, logged = make_type(portal, code="VUOTA"), make_type(portal, code="REG")
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(portal, "Folder", id="servizi", title="Servizi")
        inner = make_type(folder, code="DENTRO")
    for type_obj in (logged, inner):
        audit.record_type(type_obj, "export", "registro degli accessi")
    with api.env.adopt_roles(["Manager"]):
        for doomed in (logged, folder):
            with pytest.raises(Forbidden):
                api.content.delete(doomed)
        api.content.delete(empty)  # nothing logged: nothing lost
    assert logged.getId() in portal.objectIds() and "servizi" in portal.objectIds()
    assert empty.getId() not in portal.objectIds()


@pytest.fixture
def logged(functional_portal, request_factory):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    app = submit_as(portal, casa, make_citizen("Mario", "Rossi"))
    make_staff("responsabile", casa, "Responsabile")
    make_site_admin()
    login(portal, "responsabile")
    audit.record(app, "read", "pagina dell'istanza")
    transaction.commit()
    return casa


def _rel(obj):
    return obj.absolute_url(relative=1).split("/", 1)[1]


@pytest.mark.parametrize("user", ["responsabile", "amministratore"])
def test_no_surface_alters_the_log(logged, request_factory, user):
    casa = logged
    before = [(e["when"], e["who"], e["action"], e["detail"]) for e in audit.entries(casa)]
    web = request_factory(basic_auth=(user, STAFF_PASSWORD), api=False)
    rest = request_factory(basic_auth=(user, STAFF_PASSWORD))
    rel = _rel(casa)
    for view in ("@@registro-accessi", "@@registro-accessi.csv"):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            r = web.request(method, f"/{rel}/{view}", data={"key": "x", "detail": "falso"})
            assert 400 <= r.status_code < 500, (view, method, r.status_code)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        r = rest.request(method, f"/{rel}/@registro-accessi", json={"detail": "falso"})
        assert 400 <= r.status_code < 500, (method, r.status_code)
    # Plone's own content surfaces: the log is no field, and the type cannot be deleted with it.
    assert "_audit" not in rest.get(f"/{rel}").text
    r = rest.patch(f"/{rel}", json={"_audit": {}, "title": casa.title})
    assert r.status_code in (204, 401, 403)
    assert rest.delete(f"/{rel}").status_code in (401, 403)
    assert web.get(f"/{rel}/_audit").status_code in (401, 403, 404)
    transaction.begin()
    after = [(e["when"], e["who"], e["action"], e["detail"]) for e in audit.entries(casa)]
    assert after[:len(before)] == before and {e[2] for e in after[len(before):]} <= {"export"}
