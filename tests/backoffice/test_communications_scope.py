"""A communication batch is followed and retried only by who works every type
of its targets (or a Manager / Site Administrator); anybody else gets 404."""

from comune.istanze.backoffice import communications
from comune.istanze.backoffice import inbox
from comune.istanze.interfaces import IComuneIstanzeLayer
from plone import api
from plone.app.testing import login
from plone.protect.authenticator import createToken
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from zExceptions import NotFound
from zope.interface import alsoProvides

import pytest
import transaction


STAFF_PASSWORD = "staff-Password-1"


def make_site_admin(user_id="amministratore"):
    with api.env.adopt_roles(["Manager"]):
        user = api.user.create(username=user_id, email=f"{user_id}@comune.example",
                               password=STAFF_PASSWORD)
        api.user.grant_roles(username=user_id, roles=["Site Administrator"])
    return user


def casa_batch(portal, subject="Sospensione sportello"):
    login(portal, "istruttore")
    batch = communications.create_batch(inbox.search({"type": "CASA"}), subject, "Testo")
    batch.all_targets = batch.targets = batch.targets + ("uid-fallito",)
    batch.failures["uid-fallito"] = "errore di prova"
    return batch


def progress(portal, request, batch_id, **form):
    alsoProvides(request, IComuneIstanzeLayer)
    request.form.update({"id": batch_id, **form})
    return api.content.get_view("comunicazione", portal, request)


def test_batch_records_the_types_of_its_targets(portal, office):
    batch = casa_batch(portal)
    assert batch.types == {"CASA"}
    login(portal, "istruttore")
    both = communications.create_batch(inbox.search({}), "Oggetto", "Testo")
    assert both.types == {"CASA"}  # istruttore works CASA only: the search is already scoped
    batch.types = None  # a batch stored before types were recorded
    assert communications.batch_types(batch) == {"CASA"}


def test_staff_of_another_type_cannot_read_or_retry(portal, office, http_request):
    batch = casa_batch(portal)
    login(portal, "mensa_staff")
    assert communications.readable_batch(batch.id) is None
    with pytest.raises(NotFound):
        progress(portal, http_request, batch.id)()
    http_request.method = "POST"
    http_request.form["_authenticator"] = createToken()
    with pytest.raises(NotFound):
        progress(portal, http_request, batch.id, azione="riprova")()
    assert batch.targets == batch.all_targets and "uid-fallito" in batch.failures
    # The type page of their own type changes nothing.
    with pytest.raises(NotFound):
        api.content.get_view("comunicazione", office["mensa"], http_request)()


def test_batch_over_two_types_needs_both(portal, office):
    make_staff("doppio", office["casa"], "Istruttore")
    with api.env.adopt_roles(["Manager"]):
        api.user.grant_roles(username="doppio", obj=office["mensa"], roles=["Istruttore"])
    login(portal, "doppio")
    batch = communications.create_batch(inbox.search({}), "Oggetto", "Testo")
    assert batch.types == {"CASA", "MENSA"}
    assert communications.readable_batch(batch.id) is batch
    for user_id in ("istruttore", "mensa_staff"):
        login(portal, user_id)
        assert communications.readable_batch(batch.id) is None
    assert communications.readable_batch(["a", "b"]) is None  # a list as id is no batch


def test_own_staff_and_site_administrator_read_and_retry(portal, office, http_request):
    batch = casa_batch(portal)
    make_site_admin()
    for user_id in ("istruttore", "amministratore"):
        login(portal, user_id)
        assert communications.readable_batch(batch.id) is batch
    login(portal, "amministratore")
    http_request.method = "POST"
    http_request.form["_authenticator"] = createToken()
    progress(portal, http_request, batch.id, azione="riprova")()
    assert batch.targets == ("uid-fallito",) and batch.done  # retried (and failed again)


@pytest.fixture
def rest_batch(functional_portal, request_factory):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mensa = make_type(portal, code="MENSA", title="Mensa")
    mario = make_citizen("Mario", "Rossi")
    submit_as(portal, casa, mario)
    submit_as(portal, mensa, mario)
    make_staff("istruttore", casa, "Istruttore")
    make_staff("mensa_staff", mensa, "Istruttore")
    make_site_admin()
    batch = casa_batch(portal, subject="Avviso riservato CASA")
    transaction.commit()
    return {"id": batch.id, "batch": batch, "session": lambda user, api=True: request_factory(
        basic_auth=(user, STAFF_PASSWORD), api=api)}


def test_rest_and_http_answer_404_to_staff_of_another_type(rest_batch):
    batch_id, session = rest_batch["id"], rest_batch["session"]
    other, other_web = session("mensa_staff"), session("mensa_staff", api=False)
    r = other.get("/@comunicazioni", params={"id": batch_id})
    assert r.status_code == 404 and "Avviso riservato" not in r.text
    r = other_web.get("/@@comunicazione", params={"id": batch_id})
    assert r.status_code == 404 and "Avviso riservato" not in r.text
    r = other_web.post("/@@comunicazione", data={"id": batch_id, "azione": "riprova"})
    assert r.status_code == 404
    # The answer is the same as for a batch that does not exist.
    assert other.get("/@comunicazioni", params={"id": "nessuno"}).status_code == 404
    for user in ("istruttore", "amministratore"):
        r = session(user).get("/@comunicazioni", params={"id": batch_id})
        assert r.status_code == 200 and r.json()["failures"] == {"uid-fallito": "errore di prova"}
        r = session(user, api=False).get("/@@comunicazione", params={"id": batch_id})
        assert r.status_code == 200 and "Avviso riservato" in r.text
    transaction.begin()
    assert rest_batch["batch"].position == 0 and "uid-fallito" in rest_batch["batch"].failures
