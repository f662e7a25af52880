"""P1-browser: the citizen's whole journey in HTML pages, as a browser does it.

:class:`JourneyTarget` walks the product's pages over plain HTTP with the
citizen's SPID session cookie, reading each page's form as a browser would
(hidden inputs, the CSRF token, pre-filled values) and pressing its buttons:
type page (whose «Presenta istanza» starts the draft when there is nothing
to choose; otherwise the start page), every step of the form (its POST
answers with the next step's page; redirects are followed and counted),
the upload, the review with the privacy acknowledgement, the submit and
the receipt. :class:`EasyFormPageTarget` is
the same answers and file in a collective.easyform page: its GET and its
POST. One journey is one measured "submission" of ``load.run_phase``; the
requests it took are counted by kind (``Outcome.detail`` stays for errors).
"""

from benchmarks.load import ANSWERS
from benchmarks.load import PDF
from benchmarks.load import TIMEOUT
from html.parser import HTMLParser
from urllib.parse import urljoin

import re
import threading
import time


class Form:
    def __init__(self, action, enctype):
        self.action, self.enctype = action, enctype
        self.fields, self.files, self.buttons = [], [], []


class Forms(HTMLParser):
    """The forms of a page: inputs, selected options, textareas, buttons."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(a.get("action") or "", a.get("enctype") or "")
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind == "submit":
                self._form.buttons.append((a["name"], a.get("value", "")))
            elif kind not in ("checkbox", "radio") or "checked" in a:
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name"):
            self._form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._form.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._form.fields.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            name, value = self._form.fields.pop()
            self._form.fields.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_with(html, button):
    for form in Forms(html).forms:
        if any(name == button for name, _v in form.buttons):
            return form
    raise LookupError(f"nessun modulo con il pulsante {button}")


class Counter:
    """Requests by kind and their durations, shared by the clients of a phase."""

    def __init__(self):
        self.lock, self.seconds = threading.Lock(), {}

    def add(self, kind, seconds):
        with self.lock:
            self.seconds.setdefault(kind, []).append(seconds)


class JourneyTarget:
    """Every page of the product's form, as a browser walks it."""

    name = "istanze (pagine)"
    STEP_LIMIT = 12

    def __init__(self, base, info):
        self.type_url = f"{base}/{info['type']}"
        self.counter = Counter()

    def prepare(self, citizen):
        return None

    def _request(self, session, kind, method, url, headers, **kw):
        started = time.perf_counter()
        resp = session.request(method, url, headers={**headers, "Accept": "text/html"},
                               timeout=TIMEOUT, allow_redirects=False, **kw)
        self.counter.add(kind, time.perf_counter() - started)
        if resp.status_code in (301, 302, 303):
            return self._request(session, kind + " (redirect)", "GET",
                                 urljoin(url, resp.headers["Location"]), headers)
        if resp.status_code >= 400:
            raise JourneyError(resp.status_code, f"{kind}: {resp.text[:200]}")
        resp.kind_url = url
        return resp

    def _press(self, session, headers, page, button, kind, values=None, files=None):
        form = form_with(page.text, button)
        data = [(n, v) for n, v in form.fields if not values or n not in values]
        data += list((values or {}).items())
        data.append((button, dict(form.buttons)[button]))
        return self._request(session, kind, "POST", urljoin(page.url, form.action), headers,
                             data=data, files=files or None)

    def submit(self, session, headers, state):
        try:
            number = self._journey(session, headers)
        except JourneyError as exc:
            return False, exc.status, exc.detail, ""
        return True, 200, "", number

    def _journey(self, session, headers):
        page = self._request(session, "pagina del servizio", "GET", self.type_url, headers)
        if not any(name == "form.buttons.start" for form in Forms(page.text).forms
                   for name, _v in form.buttons):  # a choice to make: the start page
            page = self._request(session, "presenta istanza", "GET",
                                 self.type_url + "/@@presenta-istanza", headers)
        page = self._press(session, headers, page, "form.buttons.start", "inizia")
        for _ in range(self.STEP_LIMIT):
            if "@@ricevuta" in page.url:
                found = re.search(r'id="receipt-number"[^>]*>([^<]+)<', page.text)
                if not found:
                    raise JourneyError(200, "ricevuta senza numero")
                return found.group(1).strip()
            page = self._step(session, headers, page)
        raise JourneyError(200, f"troppi passaggi, fermo a {page.url}")

    def _step(self, session, headers, page):
        forms = Forms(page.text).forms
        buttons = {name for form in forms for name, _v in form.buttons}
        if "form.buttons.submit" in buttons:
            return self._press(session, headers, page, "form.buttons.submit", "invio",
                               {"form.widgets.privacy_ack:list": "selected"})
        form = form_with(page.text, "form.buttons.next")
        if form.files:  # the attachments step: the file, then "Avanti"
            files = {name: ("contratto.pdf", PDF, "application/pdf") for name in form.files}
            return self._press(session, headers, page, "form.buttons.next", "allegati", files=files)
        values = {f"form.widgets.{k}": str(v) for k, v in ANSWERS.items()
                  if any(n == f"form.widgets.{k}" for n, _v in form.fields)}
        email = [n for n, v in form.fields if n.endswith(".email") and not v]
        values.update({n: "cittadino@cittadini.example" for n in email})
        return self._press(session, headers, page, "form.buttons.next", "passaggio", values)


class EasyFormPageTarget:
    """The EasyForm as a browser uses it: GET the page, POST it."""

    name = "easyform (pagina)"

    def __init__(self, base, info):
        self.url = f"{base}/{info['easyform']}"
        self.thanks = info["thanks"]
        self.counter = Counter()

    def prepare(self, citizen):
        return None

    def submit(self, session, headers, state):
        headers = {**headers, "Accept": "text/html"}
        started = time.perf_counter()
        page = session.get(self.url, headers=headers, timeout=TIMEOUT)
        self.counter.add("pagina", time.perf_counter() - started)
        if page.status_code >= 400:
            return False, page.status_code, page.text[:300], ""
        form = form_with(page.text, "form.buttons.submit")
        data = [(n, v) for n, v in form.fields if not n.startswith("form.widgets.")]
        data += [(f"form.widgets.{k}", str(v)) for k, v in ANSWERS.items()]
        data.append(("form.buttons.submit", dict(form.buttons)["form.buttons.submit"]))
        files = {"form.widgets.contratto": ("contratto.pdf", PDF, "application/pdf")}
        started = time.perf_counter()
        resp = session.post(self.url, data=data, files=files, headers=headers, timeout=TIMEOUT)
        self.counter.add("invio", time.perf_counter() - started)
        ok = resp.status_code < 400 and self.thanks in resp.text
        return ok, resp.status_code, "" if ok else resp.text[:300], ""


class JourneyError(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail
