"""``kill -9`` of the outbox worker in the middle of a remote call.

- during a protocol registration: the register answers slowly, the worker
  is killed while its call is in flight (the register completes it anyway),
  and started again; after its lease the job is resumed and the same
  idempotency key gets the same registration back (``GiaRegistrato``);
- during a mass communication: the mail sink is slow to accept, the worker
  is killed while an email is in the middle of SMTP (the sink keeps it), and
  started again; the email sent again carries the same Message-ID.
"""

from tests.faults.burst import Burst
from tests.faults.checks import outcome
from tests.faults.checks import settled
from tests.faults.checks import wait_until
from tests.faults.site_script import ADMIN

import requests


def kill_worker_in_call(rig, simulator, delay):
    """Slow ``simulator`` down for its next calls, kill the worker as soon as
    one of them arrives (it is then in flight for ``delay`` s), restart it."""
    calls = simulator.get("/_control/state")["calls"]
    simulator.control("slow", delay=delay, times=3)
    assert wait_until(lambda: simulator.get("/_control/state")["calls"] > calls, 90, pause=0.02)
    rig.worker.kill()
    simulator.control("ok")
    rig.worker.start()


def test_kill_9_of_the_worker_during_a_protocol_registration(rig, unused):
    burst = Burst(rig, unused(12), clients=4).start()
    kill_worker_in_call(rig, rig.protocol, delay=3)
    burst.join()
    figures = outcome(rig, burst, settled(rig))
    assert figures["registrations_repeated"] >= 1, "the resumed job asked the register again"


def test_kill_9_of_the_worker_during_a_mass_communication(rig, unused):
    burst = Burst(rig, unused(12), clients=4).start().join()
    settled(rig)
    sent = requests.post(f"{rig.instance.url}/@comunicazioni", auth=ADMIN, timeout=120,
                         headers={"Accept": "application/json"},
                         json={"filters": {}, "subject": "Avviso a tutti i richiedenti",
                               "body": "Gli uffici resteranno chiusi venerdì."})
    assert sent.status_code == 201, sent.text
    total = sent.json()["total"]
    assert total >= 12  # every application so far: more than one chunk after test_a
    kill_worker_in_call(rig, rig.sink, delay=3)
    state = settled(rig)
    outcome(rig, burst, state)
    mails = [m for m in rig.sink.get("/api/messages")["messages"]
             if m["subject"] == "Avviso a tutti i richiedenti"]
    kept = [m for m in mails if not m["duplicate_of"]]
    recipients = [m["envelope_to"][0] for m in kept]
    print(f"\nmass communication: {total} applications, {len(kept)} emails, "
          f"{len(mails) - len(kept)} resent with the same Message-ID")
    assert len(recipients) == len(set(recipients)) == total
    assert len({m["message_id"] for m in kept}) == total
    resent = [m for m in mails if m["duplicate_of"]]
    assert len(resent) <= 1  # at most the one in flight when the worker died
