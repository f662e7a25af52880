"""What must hold after any fault, once the rig has recovered.

- every acknowledged submission is stored, submitted, with the number the
  citizen was given, and each citizen of the burst has exactly one
  application (no retry made a second one); every number is unique;
- every outbox job ended done (none failed, none left open);
- the protocol register's own record: one registration per application
  (counted by the number in its Oggetto, whatever the key), and the number
  stored on the application is the register's;
- the mail sink: for every application one email to the citizen and one to
  the office, each counted once per recipient and Message-ID; a copy a
  worker resent after a lost answer has the same Message-ID and is counted
  apart (``resent``).
"""

from collections import Counter
from tests.faults.rig import wait_for

import re
import time


NUMBER = re.compile(r"\d{4}-[A-Z]+-\d{6}")
OPEN = ("pending", "in_progress")


def settled(rig, timeout=120):
    """Wait until no outbox job is open; the final state."""
    wait_for(lambda: not any(state in OPEN for state in rig.open_jobs()), "outbox drained",
             timeout, rig.worker, pause=1)
    return rig.state()


def outcome(rig, burst, state):
    """The figures of the scenario; asserts every guarantee."""
    logins = {c["login"] for c in burst.citizens}
    ours = [a for a in state["applications"] if a["applicant"] in logins]
    per_citizen = Counter(a["applicant"] for a in ours)
    by_number = {a["number"]: a for a in ours if a["number"]}
    numbers = Counter(a["number"] for a in state["applications"] if a["number"])
    register = rig.protocol.get("/_control/state")["registrations"]
    registrations = Counter(_number(r["subject"]) for r in register)
    mails = [m for m in rig.sink.get("/api/messages")["messages"] if _number(m["subject"]) in by_number]
    delivered = Counter((m["envelope_to"][0], m["message_id"]) for m in mails if not m["duplicate_of"])
    per_subject = Counter((m["envelope_to"][0], m["subject"]) for m in mails if not m["duplicate_of"])
    figures = dict(burst.figures(), stored=len(ours), duplicates=sum(n - 1 for n in per_citizen.values()),
                   registrations=sum(registrations[n] for n in by_number),
                   registrations_repeated=sum(r["repeated"] for r in register
                                              if _number(r["subject"]) in by_number),
                   emails=len(delivered), emails_resent=sum(1 for m in mails if m["duplicate_of"]),
                   jobs=len(state["jobs"]))
    print(f"\nfault figures: {figures}")

    assert not burst.refused, burst.refused
    assert burst.count == len(burst.citizens), "every citizen got an answer by retrying"
    assert all(count == 1 for count in per_citizen.values()) and len(per_citizen) == len(logins)
    assert all(count == 1 for count in numbers.values()), "numbers are unique"
    for login, number in burst.acknowledged.items():
        app = by_number[number]
        assert app["applicant"] == login and app["state"] == "submitted", app
    failed = [j for j in state["jobs"] if j["state"] != "done"]
    assert not failed, failed
    for number, app in by_number.items():
        assert registrations[number] == 1, (number, registrations[number])
        assert app["protocol"], app
    assert all(count == 1 for count in delivered.values())
    assert all(count == 1 for count in per_subject.values()), "one Message-ID per email"
    assert len(per_subject) == 2 * len(by_number), "the citizen's and the office's email of each"
    return figures


def _number(subject):
    found = NUMBER.search(subject or "")
    return found.group(0) if found else None


def wait_until(predicate, timeout, pause=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(pause)
    return False
