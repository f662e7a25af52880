"""The "pec" channel: INAD looked up at send time, the message sent to the
digital domicile through the site's mail server, what happened recorded."""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice import communications
from comune.istanze.channels.display import delivery_rows
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.integrations.inad.errors import INADNotReady
from comune.istanze.integrations.inad.errors import INADUnavailable
from comune.istanze.integrations.pdnd import client as pdnd_client
from comune.istanze.messages.store import find_by_key
from comune.istanze.outbox import queue
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.worker import find_target
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import install_mailhost
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import SavedSteps as Ctx
from tests.fixtures import submit_as
from zope.component import getUtility

import email
import email.policy
import pytest


PEC_SENDER = "protocollo@pec.comune-esempio.example"
CITIZENS = {"Mario": ("Mario", "Rossi", {}), "Giulia": ("Giulia", "Bianchi",
            dict(year=1985, month=3, day=12, female=True)),
            "Luca": ("Luca", "Verdi", dict(year=1972, month=7, day=23))}


def run(portal, job):
    """One attempt of ``job``, as the worker makes it (done unless it raises)."""
    job.attempts += 1
    getUtility(IJobHandler, name=job.kind).run(job, find_target(portal, job.target), Ctx(job))
    queue.mark_done(portal, job)


def jobs(portal, kind):
    return [j for j in queue.all_jobs(portal) if j.kind == kind]


def configure(portal, pdnd, inad, mock_mail=True):
    """The site configured for the sandboxes PDND and INAD, with a mock mail
    server (unless not ``mock_mail``) and a type that sends by email and PEC;
    (type, mail host)."""
    mailhost = install_mailhost(portal) if mock_mail else portal.MailHost
    for prefix, settings in (("pdnd", pdnd.settings()), ("inad", inad.settings())):
        for name, value in vars(settings).items():
            api.portal.set_registry_record(f"comune.istanze.{prefix}.{name}", value)
    api.portal.set_registry_record("comune.istanze.inad.pec_sender", PEC_SENDER)
    pdnd_client().vouchers.forget()
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    for kind in ("communication", "integration_request", "decision"):
        setattr(IMessageChannels(casa), f"channels_{kind}", ["email", "pec"])
    make_staff("istruttore", casa, "Istruttore")
    return casa, mailhost


@pytest.fixture
def site(portal, pdnd, inad):
    yield configure(portal, pdnd, inad)
    pdnd_client().vouchers.forget()


def apply(portal, casa, who):
    first, last, birth = CITIZENS[who]
    app = submit_as(portal, casa, make_citizen(first, last, **birth))
    login(portal, "istruttore")
    return app


def pec_mails(mailhost):
    found = [email.message_from_bytes(m, policy=email.policy.default) for m in mailhost.messages]
    return [m for m in found if "@pec." in m["To"]]


def ask_integration(app):
    return actions.request_integration(app, "Manca il contratto di locazione",
                                       datetime.now() + timedelta(days=10))


def test_message_reaches_the_digital_domicile(portal, site, inad):
    casa, mailhost = site
    app = apply(portal, casa, "Mario")
    msg = ask_integration(app)
    assert msg.deliveries["pec"]["status"] == "queued"
    [job] = jobs(portal, "pec.message")
    from plone.app.testing import logout

    logout()  # the worker: INAD is still asked on behalf of the message's sender
    run(portal, job)
    [mail] = pec_mails(mailhost)
    assert mail["To"] == "mario.rossi@pec.cittadini.example"
    assert PEC_SENDER in mail["From"] and mail["Subject"] == msg.subject
    assert "Manca il contratto di locazione" in mail.get_payload(decode=True).decode()
    record = msg.deliveries["pec"]
    assert (record["status"], record["address"]) == ("sent", "mario.rossi@pec.cittadini.example")
    from comune.istanze.personal_area.data import message_row

    # the personal area (HTML and REST share message_row) says where it went
    rows = {r["channel"]: r for r in message_row(app, msg)["deliveries"]}
    assert rows["pec"]["status_title"] == "inviato" and rows["pec"]["reached"]
    assert rows["pec"]["address"] == "mario.rossi@pec.cittadini.example"
    assert rows["pec"]["channel_title"] == "PEC (domicilio digitale INAD)"
    assert "ricevute PEC" in rows["pec"]["detail"]  # sent, not claimed delivered
    [call] = inad.log("extract")
    assert app.number in call["detail"] and call["userID"] == msg.sender == "istruttore"


def test_no_domicile_is_said_and_nothing_sent(portal, site):
    casa, mailhost = site
    app = apply(portal, casa, "Luca")
    msg = ask_integration(app)
    run(portal, jobs(portal, "pec.message")[0])
    assert pec_mails(mailhost) == []
    assert msg.deliveries["pec"]["status"] == "unavailable"
    assert "Nessun domicilio digitale" in msg.deliveries["pec"]["detail"]


def test_inad_down_is_retried_and_resumes_without_asking_again(portal, site, inad):
    casa, mailhost = site
    app = apply(portal, casa, "Mario")
    msg = ask_integration(app)
    [job] = jobs(portal, "pec.message")
    inad.mode("down", times=1)
    with pytest.raises(INADUnavailable) as exc:
        run(portal, job)
    assert isinstance(exc.value, TransientError)
    assert msg.deliveries["pec"]["status"] == "queued" and pec_mails(mailhost) == []
    # INAD answers; the mail server fails this time: the domicile step is kept
    mailhost.send = lambda *a, **kw: (_ for _ in ()).throw(OSError("SMTP giù"))
    with pytest.raises(OSError):
        run(portal, job)
    assert job.results["domicile"] == "mario.rossi@pec.cittadini.example"
    del mailhost.send  # back to the mock's own method
    run(portal, job)
    assert len(pec_mails(mailhost)) == 1 and msg.deliveries["pec"]["status"] == "sent"
    assert len(inad.log("extract")) == 1


def test_job_failed_for_good_reads_failed(portal, site):
    casa, _mailhost = site
    app = apply(portal, casa, "Mario")
    msg = ask_integration(app)
    [job] = jobs(portal, "pec.message")
    api.portal.set_registry_record("comune.istanze.inad.purpose_id",
                                   "00000000-0000-4000-8000-000000000000")
    with pytest.raises(PermanentError) as exc:  # PDND refuses the voucher
        run(portal, job)
    assert "PDND non ha riconosciuto il client" in str(exc.value)
    queue.mark_failed(portal, job, exc.value, permanent=True)
    assert {r["channel"]: r["status_title"] for r in delivery_rows(msg)}["pec"] == "non riuscito"


def test_not_configured_is_unavailable(portal, site):
    casa, _mailhost = site
    api.portal.set_registry_record("comune.istanze.inad.client", "")
    app = apply(portal, casa, "Mario")
    msg = ask_integration(app)
    assert msg.deliveries["pec"]["status"] == "unavailable"
    assert jobs(portal, "pec.message") == []


def test_mass_communication_asks_inad_once_for_all(portal, site, inad):
    casa, mailhost = site
    apps = [apply(portal, casa, who) for who in ("Mario", "Giulia", "Luca")]
    brains = api.portal.get_tool("portal_catalog")(UID=[a.UID() for a in apps])
    batch = communications.create_batch(brains, "Chiusura uffici", "Il 24 dicembre siamo chiusi.")
    communications.send(batch)
    [listing] = jobs(portal, "inad.list")
    pecs = jobs(portal, "pec.message")
    assert len(pecs) == 3 and all(j.data["batch"] == batch.id for j in pecs)
    with pytest.raises(INADNotReady):  # the list is not there yet: the PEC job waits
        run(portal, pecs[0])
    with pytest.raises(INADNotReady):  # INAD still processing it
        run(portal, listing)
    assert "request:0" in listing.results
    run(portal, listing)
    assert listing.state == "done"
    for job in pecs:
        run(portal, job)
    assert sorted(m["To"] for m in pec_mails(mailhost)) == [
        "giulia.bianchi@pec.cittadini.example", "mario.rossi@pec.cittadini.example"]
    assert len(inad.log("listDigitalAddress")) == 1 and inad.log("extract") == []
    assert {c["userID"] for c in inad.log()} == {batch.author}
    for app in apps:
        record = find_by_key(app, f"batch:{batch.id}").deliveries["pec"]
        assert record["status"] == ("unavailable" if app is apps[2] else "sent")


def test_a_failed_list_falls_back_to_one_extract(portal, site, inad):
    casa, mailhost = site
    app = apply(portal, casa, "Giulia")
    brains = api.portal.get_tool("portal_catalog")(UID=[app.UID()])
    batch = communications.create_batch(brains, "Avviso", "Testo dell'avviso.")
    communications.send(batch)
    [listing] = jobs(portal, "inad.list")
    queue.mark_failed(portal, listing, "INAD giù", permanent=True)
    run(portal, jobs(portal, "pec.message")[0])
    assert [m["To"] for m in pec_mails(mailhost)] == ["giulia.bianchi@pec.cittadini.example"]
    assert len(inad.log("extract")) == 1
