"""Mass communications: selection by filters, chunks with progress, no duplicates, retry."""

from comune.istanze.backoffice import communications
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.messages.store import messages_of
from plone import api
from tests.fixtures import login
from zExceptions import Forbidden
from zope.interface import alsoProvides

import pytest

from tests.fixtures import queued_emails


def test_mass_communication_in_chunks_without_duplicates(portal, office, mailhost):
    login(portal, "istruttore")
    brains = inbox.search({"type": "CASA"})
    batch = communications.create_batch(brains, "Sospensione sportello",
                                        "Lo sportello resterà chiuso il 2 giugno.",
                                        [("avviso.txt", "text/plain", b"Avviso")])
    steps = []
    communications.process(batch, commit=steps.append, chunk=3)
    assert steps == ["chunk:3", "chunk:4", "finished"]
    assert batch.sent == 4 and batch.done and not batch.failures
    for app in office["apps"][:4]:
        msgs = [m for m in messages_of(app) if m.kind == "communication"]
        assert len(msgs) == 1 and msgs[0].subject == "Sospensione sportello"
        assert len(msgs[0].documents) == 1
    assert messages_of(office["apps"][4]) == []  # the MENSA application was not selected
    sent_mails = len(queued_emails(portal))
    assert sent_mails == 4
    # A worker that dies and re-runs the same batch does not duplicate anything.
    batch.position, batch.finished = 0, None
    communications.process(batch)
    for app in office["apps"][:4]:
        assert len([m for m in messages_of(app) if m.kind == "communication"]) == 1
    assert len(queued_emails(portal)) == sent_mails


def test_failures_are_listed_and_retried(portal, office, mailhost):
    login(portal, "istruttore")
    brains = list(inbox.search({"type": "CASA"}))
    batch = communications.create_batch(brains, "Oggetto", "Testo")
    batch.all_targets = batch.targets = batch.targets + ("uid-che-non-esiste",)
    communications.process(batch)
    assert batch.sent == 4 and list(batch.failures) == ["uid-che-non-esiste"]
    communications.retry_failures(batch)
    assert batch.targets == ("uid-che-non-esiste",)
    communications.process(batch)
    assert batch.sent == 4 and "uid-che-non-esiste" in batch.failures


def test_bad_input(portal, office):
    login(portal, "istruttore")
    brains = inbox.search({"type": "CASA"})
    with pytest.raises(ActionError):
        communications.create_batch(brains, "", "testo")
    with pytest.raises(ActionError):
        communications.create_batch([], "oggetto", "testo")


def test_citizen_cannot_compose(portal, office, http_request):
    login(portal, office["mario"].getId())
    alsoProvides(http_request, IComuneIstanzeLayer)
    with pytest.raises(Forbidden):
        api.content.get_view("comunica", portal, http_request)()
