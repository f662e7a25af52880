"""The load: concurrent citizens submitting over HTTP, one ``requests`` session each.

Both targets are measured the same way: one HTTP request per submission,
carrying the same answers and the same small PDF. For the EasyForm the
``_authenticator`` CSRF token is read once per client from the form page
(it depends only on the user), as a browser would have it in the page.
"""

from dataclasses import dataclass
from dataclasses import field

import base64
import re
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
AUTHENTICATOR = re.compile(r'name="_authenticator"\s+value="([^"]+)"')
TIMEOUT = 120


@dataclass
class Outcome:
    ok: bool
    status: int
    seconds: float
    detail: str = ""
    number: str = ""


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


def login(base, citizen):
    """A session authenticated as ``citizen`` (plone.restapi JWT, stateless)."""
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    resp = session.post(f"{base}/@login", json=citizen, timeout=TIMEOUT)
    resp.raise_for_status()
    session.headers["Authorization"] = "Bearer " + resp.json()["token"]
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

    def prepare(self, session):
        return None

    def submit(self, session, state):
        resp = session.post(self.url, json=self.body, timeout=TIMEOUT)
        if resp.status_code == 201:
            return True, resp.status_code, "", resp.json().get("number") or ""
        return False, resp.status_code, resp.text[:300], ""


class EasyFormTarget:
    """Multipart POST of the EasyForm with ``form.buttons.submit`` and the CSRF token."""

    name = "easyform"

    def __init__(self, base, info):
        self.url = f"{base}/{info['easyform']}"
        self.thanks = info["thanks"]

    def prepare(self, session):
        resp = session.get(self.url, headers={"Accept": "text/html"}, timeout=TIMEOUT)
        resp.raise_for_status()
        match = AUTHENTICATOR.search(resp.text)
        if match is None:
            raise RuntimeError(f"Nessun _authenticator nel modulo {self.url}")
        return match.group(1)

    def submit(self, session, token):
        data = {f"form.widgets.{k}": str(v) for k, v in ANSWERS.items()}
        data.update({"form.buttons.submit": "Invia", "_authenticator": token})
        files = {"form.widgets.contratto": ("contratto.pdf", PDF, "application/pdf")}
        resp = session.post(self.url, data=data, files=files,
                            headers={"Accept": "text/html"}, timeout=TIMEOUT)
        ok = resp.status_code < 400 and self.thanks in resp.text
        return ok, resp.status_code, "" if ok else resp.text[:300], ""


def _attempt(target, session, state):
    started = time.perf_counter()
    try:
        ok, status, detail, number = target.submit(session, state)
    except requests.RequestException as exc:
        ok, status, detail, number = False, 0, repr(exc), ""
    return Outcome(ok, status, time.perf_counter() - started, detail, number)


def run_phase(target, sessions, count, warmup=0):
    """Submit ``count`` times with ``len(sessions)`` concurrent clients."""
    result = PhaseResult(target.name)
    states = [target.prepare(s) for s in sessions]
    for i in range(warmup):  # sequential: compiles schemas and templates, not timed
        result.warmup.append(_attempt(target, sessions[i % len(sessions)], states[i % len(states)]))
    lock = threading.Lock()
    remaining = [count]

    def client(session, state):
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            outcome = _attempt(target, session, state)
            with lock:
                result.outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=pair) for pair in zip(sessions, states)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result
