"""What the worker does when it dies in the middle of a job, in process.

- an email the mail server accepted but the job never recorded (the worker
  died in between) is sent again with the same Message-ID, and once
  ``sent`` is recorded a resumed job sends nothing;
- a pass that loses the database (PostgreSQL restarted) costs that pass, not
  the worker.
(The same with real processes and ``kill -9``: tests/faults/.)
"""

from comune.istanze.outbox import worker
from comune.istanze.outbox.email import EmailJobHandler
from comune.istanze.outbox.email import queue_email
from email import message_from_bytes
from email import policy
from tests.fixtures import install_mailhost
from tests.fixtures import SavedSteps as Ctx

import logging


def message_ids(mailhost):
    return [message_from_bytes(m, policy=policy.default)["Message-ID"] for m in mailhost.messages]


def test_an_email_sent_again_has_the_same_message_id(portal):
    mailhost = install_mailhost(portal)
    job = queue_email("mario@example.org", "Istanza n. 1 presentata", "Testo")
    other = queue_email("giulia@example.org", "Istanza n. 2 presentata", "Testo")
    handler = EmailJobHandler()
    handler.run(job, None, Ctx(job))
    assert job.results["sent"] == message_ids(mailhost)[0]
    job.results.clear()  # the worker died before its commit: nothing recorded
    handler.run(job, None, Ctx(job))
    handler.run(job, None, Ctx(job))  # resumed after recording: nothing sent
    handler.run(other, None, Ctx(other))
    first, again, second = message_ids(mailhost)
    assert first == again and first != second
    assert first.endswith("@comune.example>")


def test_a_lost_database_costs_one_pass_not_the_worker(caplog):
    def lost():
        import psycopg2

        raise psycopg2.OperationalError("server closed the connection unexpectedly")

    with caplog.at_level(logging.ERROR, logger="comune.istanze.outbox"):
        assert worker.survive(lost) == ({}, worker.OUTAGE_PAUSE)
    assert "database unavailable" in caplog.text and "server closed" in caplog.text
    assert worker.survive(lambda: {"done": 3}) == ({"done": 3}, 5)
