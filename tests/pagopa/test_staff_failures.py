"""pagoPA failures reach staff in Italian: the outbox control panel and the
daily digest list failed position and invalidation jobs with pagoPA's
ProblemJson turned into an Italian message."""

from comune.istanze.integrations.pagopa.invalidation import request_invalidation
from comune.istanze.outbox import queue
from comune.istanze.outbox.browser import OutboxControlPanel
from comune.istanze.outbox.digest import send_digest
from comune.istanze.outbox.worker import process
from tests.fixtures import install_mailhost
from tests.pagopa.test_positions import app_f  # noqa: F401 (fixture)
from tests.pagopa.test_positions import new_payment
from tests.pagopa.test_positions import pagopa_site  # noqa: F401 (fixture)

import email
import transaction


def test_refused_position_in_panel_and_digest_in_italian(pagopa_site, app_f, sandbox):
    no_account = [{"amount": 1600, "remittance": "Diritti", "category": "9/0101108TS/"}]
    _payment, job = new_payment(app_f, transfers=no_account)
    assert process(pagopa_site, job.id) == "failed"
    [row] = [r for r in OutboxControlPanel(pagopa_site, pagopa_site.REQUEST).jobs()
             if r["id"] == job.id]
    assert row["kind_title"] == "Posizione debitoria pagoPA (creazione e pubblicazione)"
    assert row["last_error"].startswith("pagoPA ha rifiutato la richiesta perché non valida "
                                        "(HTTP 400).")
    assert "Dettaglio:" in row["last_error"]  # pagoPA's own words kept after the Italian
    mailhost = install_mailhost(pagopa_site)
    assert send_digest(pagopa_site) == 1
    [sent] = mailhost.messages
    body = email.message_from_bytes(sent).get_payload(decode=True).decode()
    assert "pagopa.position" in body and "pagoPA ha rifiutato la richiesta" in body


def test_invalidation_while_pagopa_is_down_retries_then_fails_visibly(pagopa_site, app_f,
                                                                     sandbox):
    payment, job = new_payment(app_f)
    assert process(pagopa_site, job.id) == "done"
    invalidation = request_invalidation(pagopa_site, app_f, payment, "expired")
    invalidation.max_attempts = 2
    transaction.commit()
    sandbox.mode("down")
    assert process(pagopa_site, invalidation.id) == "pending"  # retried with backoff
    assert "HTTP 503" in invalidation.last_error and payment.state == "published"
    invalidation.next_attempt = 0
    transaction.commit()
    assert process(pagopa_site, invalidation.id) == "failed"
    assert invalidation in queue.problem_jobs(pagopa_site)
    [row] = [r for r in OutboxControlPanel(pagopa_site, pagopa_site.REQUEST).jobs()
             if r["id"] == invalidation.id]
    assert row["kind_title"] == "Annullamento della posizione debitoria pagoPA"
    assert payment.state == "published"  # nothing half-done: not marked invalid
    sandbox.mode("ok")
    assert queue.retry(pagopa_site, invalidation)
    invalidation.next_attempt = 0
    transaction.commit()
    assert process(pagopa_site, invalidation.id) == "done" and payment.state == "invalid"
