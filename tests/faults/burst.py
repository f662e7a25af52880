"""A burst of citizens submitting over HTTP, each retrying as a real one would.

Each citizen submits once (``POST <type>/@istanze`` with ``"submit": true``,
the body of the P1 benchmark) with an ``Idempotency-Key`` of their own; an
attempt that gets no answer or a 5xx (the server was killed, the database
restarted) is sent again, unchanged, after a pause of a second, until the burst's
deadline. A submission is *acknowledged* when an answer with its number
arrived; :attr:`Burst.attempts` counts every try.
"""

from benchmarks.load import connection
from benchmarks.load import credentials
from benchmarks.load import IstanzeTarget

import threading
import time
import uuid


class Burst:
    def __init__(self, rig, citizens, clients=8, deadline=150, site_url=None):
        self.target = IstanzeTarget(site_url or rig.instance.url, rig.info)
        self.citizens = list(citizens)
        self.clients = clients
        self.deadline = time.monotonic() + deadline
        self.keys = {c["login"]: str(uuid.uuid4()) for c in self.citizens}
        self.acknowledged = {}  # login -> number
        self.refused = {}  # login -> (status, text): answers that are not a retryable failure
        self.attempts = 0
        self.failed_attempts = 0
        self.replayed = 0
        self.lock = threading.Lock()
        self.threads = []

    def start(self):
        todo = list(self.citizens)

        def client():
            with connection() as session:
                while True:
                    with self.lock:
                        if not todo:
                            return
                        citizen = todo.pop(0)
                    self.submit(session, citizen)

        self.threads = [threading.Thread(target=client, daemon=True) for _ in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def submit(self, session, citizen):
        headers = dict(credentials(citizen), **{"Idempotency-Key": self.keys[citizen["login"]]})
        while time.monotonic() < self.deadline:
            try:
                resp = session.post(self.target.url, json=self.target.body, headers=headers, timeout=60)
                status = resp.status_code
            except Exception:  # noqa: BLE001 - no answer: connection refused, reset, timeout
                status, resp = 0, None
            with self.lock:
                self.attempts += 1
                if status == 201:
                    self.acknowledged[citizen["login"]] = resp.json()["number"]
                    self.replayed += resp.headers.get("Idempotent-Replayed") == "true"
                    return
                if 400 <= status < 500:
                    self.refused[citizen["login"]] = (status, resp.text[:300])
                    return
                self.failed_attempts += 1
            time.sleep(1)

    @property
    def count(self):
        return len(self.acknowledged)

    def wait_for_count(self, count, timeout=120):
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline and self.running:
            time.sleep(0.05)
        assert self.count >= count, f"only {self.count} acknowledged, {self.refused}"

    @property
    def running(self):
        return any(t.is_alive() for t in self.threads)

    def join(self):
        for thread in self.threads:
            thread.join(max(0.0, self.deadline - time.monotonic()) + 5)
        assert not self.running, "the burst did not end in time"
        return self

    def figures(self):
        return {"citizens": len(self.citizens), "acknowledged": self.count,
                "attempts": self.attempts, "failed_attempts": self.failed_attempts,
                "replayed": self.replayed, "refused": len(self.refused)}
