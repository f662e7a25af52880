"""The load: concurrent citizens submitting over HTTP.

Both targets are measured the same way: one HTTP request per submission,
carrying the same answers and the same small PDF, each submission by a
different citizen (a deadline is many people submitting once), each with
its own token. The EasyForm's ``_authenticator`` CSRF token (an HMAC of the
user id) is made with the JWT when the site is built, as a browser has it
in the page it submits.

Connections: each client thread keeps one keep-alive connection (its own
``requests`` session) and sends the submissions it takes through it with
the citizen's credentials, as the reverse proxy in front of Zope keeps a
pool of upstream connections. A connection per citizen instead would leave
hundreds of idle connections open: waitress stops accepting new ones at its
``connection_limit`` until idle ones time out (``channel_timeout``, 120 s),
and requests would wait minutes in the listen backlog, measuring the
harness rather than the server.
"""

from dataclasses import dataclass
from dataclasses import field

import base64
import http.cookiejar
import requests
import threading
import time


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
) + b"%" + b"benchmark " * 200 + b"\n"

ANSWERS = {"componenti": 3, "indirizzo": "Via Roma 1, Esempio", "motivazione": "Scadenza del bando"}
TIMEOUT = 120


@dataclass
class Outcome:
    ok: bool
    status: int
    seconds: float
    detail: str = ""
    number: str = ""
    started: float = 0.0  # wall clock, to match the instance's timing log


@dataclass
class PhaseResult:
    name: str
    outcomes: list = field(default_factory=list)
    warmup: list = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other):
        """Add the submissions and the time of another round of the same target."""
        self.outcomes += other.outcomes
        self.warmup += other.warmup
        self.seconds += other.seconds


def credentials(citizen):
    """The headers that authenticate ``citizen``: the session cookie of its
    SPID login (a JWT would be a password session, which cannot apply)."""
    return {"Cookie": citizen["cookie"]}


def connection():
    """One client's keep-alive connection; it keeps no cookie from one
    citizen's answer for the next citizen."""
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return session


class IstanzeTarget:
    """``POST <type-url>/@istanze`` with {"submit": true}: draft, answers, PDF, submit."""

    name = "istanze"

    def __init__(self, base, info, route="@istanze"):
        self.url = f"{base}/{info['type']}/{route}"
        self.body = {
            "applicant_kind": "self",
            "data": ANSWERS,
            "attachments": [{
                "name": info["attachment"], "filename": "contratto.pdf",
                "content-type": "application/pdf", "data": base64.b64encode(PDF).decode(),
            }],
            "submit": True,
        }

    def prepare(self, citizen):
        return None

    def submit(self, session, headers, state):
        resp = session.post(self.url, json=self.body, headers=headers, timeout=TIMEOUT)
        if resp.status_code == 201:
            return True, resp.status_code, "", resp.json().get("number") or ""
        return False, resp.status_code, resp.text[:300], ""


class EasyFormTarget:
    """Multipart POST of the EasyForm with ``form.buttons.submit`` and the CSRF token."""

    name = "easyform"

    def __init__(self, base, info):
        self.url = f"{base}/{info['easyform']}"
        self.thanks = info["thanks"]

    def prepare(self, citizen):
        return citizen["csrf"]

    def submit(self, session, headers, token):
        data = {f"form.widgets.{k}": str(v) for k, v in ANSWERS.items()}
        data.update({"form.buttons.submit": "Invia", "_authenticator": token})
        files = {"form.widgets.contratto": ("contratto.pdf", PDF, "application/pdf")}
        resp = session.post(self.url, data=data, files=files,
                            headers={**headers, "Accept": "text/html"}, timeout=TIMEOUT)
        ok = resp.status_code < 400 and self.thanks in resp.text
        return ok, resp.status_code, "" if ok else resp.text[:300], ""


def _attempt(target, session, headers, state):
    wall, started = time.time(), time.perf_counter()
    try:
        ok, status, detail, number = target.submit(session, headers, state)
    except requests.RequestException as exc:
        ok, status, detail, number = False, 0, repr(exc), ""
    return Outcome(ok, status, time.perf_counter() - started, detail, number, wall)


def run_phase(target, citizens, states, count, clients, start=0, warmup=0):
    """Submit ``count`` times with ``clients`` concurrent clients.

    Submission ``i`` is made by citizen ``start + i`` (modulo the number of
    citizens, each given as its headers): with one citizen per submission
    nobody submits twice. ``warmup`` sequential submissions come first and
    are not timed.
    """
    result = PhaseResult(target.name)
    n = len(citizens)
    with connection() as session:
        for i in range(start, start + warmup):
            result.warmup.append(_attempt(target, session, citizens[i % n], states[i % n]))
    start += warmup
    lock = threading.Lock()
    taken = [0]

    def client():
        with connection() as session:
            while True:
                with lock:
                    if taken[0] >= count:
                        return
                    i = (start + taken[0]) % n
                    taken[0] += 1
                outcome = _attempt(target, session, citizens[i], states[i])
                with lock:
                    result.outcomes.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result
