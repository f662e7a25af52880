"""The personal area says on which channels each message left, and what happened."""

from comune.istanze.backoffice import actions
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.outbox import queue
from datetime import datetime
from datetime import timedelta
from plone.app.textfield.value import RichTextValue
from tests.fixtures import install_mailhost
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.personal_area.world import json_session
from tests.personal_area.world import session

import pytest
import transaction


@pytest.fixture
def world(functional, functional_portal):
    portal = functional_portal
    install_mailhost(portal)
    casa = make_type(portal, code="CASA", title="Contributo affitto", privacy_notice=RichTextValue(
        "<p>Informativa privacy del Comune.</p>", "text/html", "text/x-html-safe"))
    IMessageChannels(casa).channels_integration_request = ["email", "appio"]
    citizen = make_citizen("Mario", "Rossi")
    app = submit_as(portal, casa, citizen)
    make_staff("istruttore", casa, "Istruttore")
    login(portal, "istruttore")
    msg = actions.request_integration(app, "Allegare il contratto", datetime.now() + timedelta(days=9))
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return portal, base, citizen.getId(), app, msg


def test_rest_lists_each_channel_and_its_status(world):
    portal, base, citizen, app, msg = world
    web = json_session(citizen)
    items = web.get(f"{base}/@messaggi", timeout=60).json()["items"]
    [item] = [i for i in items if i["id"] == msg.id]
    assert [(d["channel"], d["channel_title"], d["status"], d["status_title"])
            for d in item["deliveries"]] == [
        ("email", "Email", "queued", "in coda"),
        ("appio", "App IO", "unavailable", "non disponibile")]
    assert item["deliveries"][0]["address"] == app.applicant_email
    job = queue.get_job(portal, msg.deliveries["email"]["job"])
    queue.mark_failed(portal, job, "550 mailbox unavailable", permanent=True)
    transaction.commit()
    read = web.post(item["mark_read"], timeout=60).json()
    assert read["deliveries"][0]["status_title"] == "non riuscito"


def test_pages_show_the_channels(world):
    portal, base, citizen, app, msg = world
    web = session(citizen)
    area = web.get(f"{base}/@@area-personale", timeout=60)
    assert area.status_code == 200
    assert "Inviato tramite:" in area.text and "Email (in coda)" in area.text
    assert "App IO (non disponibile)" in area.text
    page = web.get(f"{app.absolute_url()}/@@messaggio/{msg.id}", timeout=60)
    assert page.status_code == 200 and "Come ti è stato inviato" in page.text
    assert 'data-channel="appio"' in page.text and "Canale non attivo presso il Comune." in page.text
    assert "non disponibile" in page.text


def test_the_citizens_own_view_only(world):
    portal, base, citizen, app, msg = world
    other = make_citizen("Giulia", "Bianchi", female=True)
    transaction.commit()
    page = session(other.getId()).get(f"{app.absolute_url()}/@@messaggio/{msg.id}", timeout=60)
    assert page.status_code in (401, 403, 404)
    assert app.applicant_email not in page.text
