"""The runner of the bad-input corpus (``tests/security/corpus/*.json``).

A case is a JSON object::

    {"id": "...", "channel": "rest" | "attachment" | "form" | "raw",
     "actor": "a" (default) | "b" | "editor" | "admin" | "anon", ...,
     "expect": {"status": 400, "message": "<Italian substring>",
                "stored": false, "escaped": "<payload>", "export": "<cell>"}}

Channels, all over real HTTP:

- ``rest``: ``POST <demo type>/@istanze`` with a valid body changed by the
  case (``data`` merged into the valid answers, ``drop`` answers removed,
  ``attachments``, ``kind``/``beneficiary``/``represented``, ``submit``);
- ``attachment``: ``POST <A's draft>/@istanze-allegati`` with ``attachment``;
- ``form``: a browser form (multipart) with ``fields`` and the CSRF token
  ``token``: ``valid`` (default), ``missing``, ``forged`` or ``b`` (B's);
- ``raw``: ``method`` on ``path`` with ``json``, ``text`` or a generated
  ``body`` (``{"huge": MB}`` or ``{"nested": depth}``) and ``headers``.

Paths and values may name the world: ``{base}``, ``{demo}``, ``{draft}``,
``{app}`` (A's submitted application, type CASA), ``{b_app}``, ``{att}``,
``{b_att}``, ``{doc}``, ``{msg}``, ``{b}``.
File contents are ``{"kind": "pdf" | "png" | "exe" | "zip" | "html" | "empty",
"size": bytes}`` or ``{"base64": "..."}`` (sent as is).

Every case must get its status (never 500) and, when refused, a clear
Italian message (``message``) and nothing stored: applications,
attachments, messages, documents, outbox jobs, A's draft answers and the
type's form model are counted before and after. A case that is meant to be
stored (``stored``) must show ``escaped`` only escaped in the applicant's
page and the staff page, and ``export`` neutralised in the CSV export.
"""

from html import escape
from html import unescape
from pathlib import Path
from plone import api
from plone.protect.authenticator import createToken

import base64
import os
import json
import transaction


CORPUS = Path(__file__).parent / "corpus"
FORM_MODEL = (CORPUS / "form.xml").read_text()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + \
    b"PE\x00\x00L\x01\x03\x00"
ZIP = b"PK\x05\x06" + b"\x00" * 18
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
ATTACHMENT = "Contratto di locazione"
ANSWERS = {"componenti": 3, "isee": 9000.5, "indirizzo": "Via Roma 1",
           "data_contratto": "2024-01-15", "iban": "IT60X0542811101000000123456"}


def load_cases():
    cases = []
    for path in sorted(CORPUS.glob("*.json")):
        for case in json.loads(path.read_text()):
            case.setdefault("category", path.stem)
            cases.append(case)
    return cases


def content(spec) -> bytes:
    """The bytes of a file spec of the corpus."""
    if "base64" in spec:
        return spec["base64"]
    kind, size = spec.get("kind", "pdf"), spec.get("size")
    data = {"pdf": PDF, "png": PNG, "exe": EXE, "zip": ZIP, "html": HTML, "empty": b""}[kind]
    if size and size > len(data):
        data = data + b"0" * (size - len(data))
    return data


def b64(spec) -> str:
    data = content(spec)
    return data if isinstance(data, str) else base64.b64encode(data).decode()


def attachment(item=None):
    item = item or {}
    return {"name": item.get("name", ATTACHMENT), "filename": item.get("filename", "contratto.pdf"),
            "content-type": item.get("content-type", "application/pdf"),
            "data": b64(item.get("content", {"kind": "pdf"}))}


def fill(value, world):
    """``value`` with the world's names filled in (strings, lists, dicts)."""
    if isinstance(value, str):
        return value.format(**world.names) if "{" in value and "}" in value and \
            any("{" + k + "}" in value for k in world.names) else value
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


def rest_body(case, world):
    data = {**ANSWERS, **fill(case.get("data", {}), world)}
    for name in case.get("drop", ()):
        data.pop(name, None)
    result = {"applicant_kind": case.get("kind", "self"), "data": data,
              "attachments": [attachment(a) for a in case.get("attachments", [{}])],
              "submit": case.get("submit", True)}
    for key in ("beneficiary", "represented"):
        if key in case:
            result[key] = case[key]
    return result


def generated(spec) -> bytes:
    """A generated raw body: huge JSON or deeply nested JSON."""
    if "huge" in spec:
        filler = "x" * (spec["huge"] * 1024 * 1024)
        return json.dumps({"applicant_kind": "self", "data": {"indirizzo": filler},
                           "submit": False}).encode()
    depth = spec["nested"]
    return ('{"data": {"indirizzo": ' + "[" * depth + "]" * depth + "}}").encode()


def token(world, case):
    kind = case.get("token", "valid")
    if kind == "missing":
        return None
    if kind == "forged":
        return "0" * 40
    user = world.b if kind == "b" else world.actor_ids[case.get("actor", "a")]
    with api.env.adopt_user(username=user):
        return createToken()


def send(case, world, webs):
    """The answer to ``case``."""
    web = webs[case.get("actor", "a")]
    channel = case["channel"]
    json_headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if channel == "rest":
        return web.post(f"{world.names['demo']}/@istanze", data=json.dumps(rest_body(case, world)),
                        headers=json_headers, timeout=300)
    if channel == "attachment":
        body = attachment(fill(case.get("attachment", {}), world))
        return web.post(f"{world.names['draft']}/@istanze-allegati", data=json.dumps(body),
                        headers=json_headers, timeout=300)
    url = fill(case["path"], world)
    if channel == "form":
        fields = fill(case.get("fields", {}), world)
        value = token(world, case)
        if value is not None:
            fields["_authenticator"] = value
        files = {name: (spec.get("filename", "f.pdf"), content(spec.get("content", {})),
                        spec.get("content-type", "application/pdf"))
                 for name, spec in case.get("files", {}).items()}
        return web.post(url, data=fields, files=files or {"_": ("", b"")},
                        headers={"Accept": "text/html"}, allow_redirects=False, timeout=300)
    headers = {"Accept": "application/json", **case.get("headers", {})}
    if "json" in case:
        data, headers["Content-Type"] = json.dumps(fill(case["json"], world)), "application/json"
    elif "body" in case:
        data = generated(case["body"])
        headers.setdefault("Content-Type", "application/json")
    else:
        data = case.get("text")
    return web.request(case.get("method", "POST"), url, data=data, headers=headers,
                       allow_redirects=False, timeout=300)


def counts(world):
    """What a refused input must not change."""
    from comune.istanze.documents.attachments import attachments_of
    from comune.istanze.documents.store import documents_of
    from comune.istanze.messages.store import messages_of
    from comune.istanze.outbox.queue import all_jobs

    transaction.begin()
    apps = [obj for folder in (world.demo, world.casa, world.mensa)
            for obj in folder.objectValues()]
    draft = world.draft
    return {
        "applications": len(apps),
        "attachments": sum(len(attachments_of(a)) for a in apps),
        "messages": sum(len(messages_of(a)) for a in apps),
        "documents": sum(len(documents_of(a)) for a in apps),
        "outbox": len(all_jobs(world.portal)),
        "states": sorted((a.getId(), api.content.get_state(a)) for a in apps),
        "draft": {k: getattr(draft, k, None) for k in (*ANSWERS, "note", "cf_proprietario")},
        "form_model": world.demo.form_model,
    }


def messages_in(answer) -> str:
    """The text a person reads: the JSON error messages, or the page."""
    try:
        body = answer.json()
    except ValueError:
        return unescape(answer.text)
    error = body.get("error", {}) if isinstance(body, dict) else {}
    texts = [str(error.get("message", ""))]
    texts += [str(e.get("message", "")) for e in error.get("errors", []) if isinstance(e, dict)]
    return " ".join(texts) if any(texts) else json.dumps(body, ensure_ascii=False)


def check(case, world, webs):
    """The failures of one case (empty when it holds)."""
    expect = case["expect"]
    before = counts(world)
    answer = send(case, world, webs)
    where = f"{case['category']}/{case['id']}"
    failures = []
    if answer.status_code != expect["status"]:
        failures.append(f"{where}: HTTP {answer.status_code}, expected {expect['status']}: "
                        f"{answer.text[:300]!r}")
    if os.environ.get("CORPUS_SHOW"):
        print(where, answer.status_code, " ".join(messages_in(answer).split())[-3000:])
    if "message" in expect and expect["message"] not in messages_in(answer):
        failures.append(f"{where}: no «{expect['message']}» in {messages_in(answer)[:300]!r}")
    if expect.get("absent") and expect["absent"] in answer.text:
        failures.append(f"{where}: the answer shows {expect['absent']!r}")
    if expect.get("stored"):
        failures += stored_safely(case, world, webs, answer)
        return failures
    after = counts(world)
    changed = [k for k in before if before[k] != after[k]]
    if changed:
        failures.append(f"{where}: stored something: {changed}")
    return failures


def stored_safely(case, world, webs, answer):
    """A legitimately stored payload comes back escaped (and neutralised in
    exports); ``answer`` created the application."""
    expect, where = case["expect"], f"{case['category']}/{case['id']}"
    failures = []
    if expect.get("pages"):
        pages = [("a", url) for url in fill(expect["pages"], world)]
    else:
        try:
            url = answer.json()["@id"]
        except (ValueError, KeyError):
            return [f"{where}: nothing stored to check: {answer.text[:200]!r}"]
        pages = [("a", url), ("admin", f"{url}/@@istruttoria")]
    raw, literal = expect.get("escaped"), expect.get("literal")
    for who, page in pages:
        html = webs[who].get(page, timeout=120).text
        if raw and raw in html:
            failures.append(f"{where}: {page} shows {raw!r} unescaped to {who}")
        if raw and escape(raw, quote=False) not in html and escape(raw) not in html:
            failures.append(f"{where}: {page} does not show the escaped payload to {who}")
        if literal and escape(literal) not in html and literal not in html:
            failures.append(f"{where}: {page} does not show {literal!r} as typed to {who}")
    if expect.get("export"):
        failures += exported_safely(where, expect["export"], world, webs["admin"])
    return failures


def exported_safely(where, payload, world, web):
    """The CSV and XLSX exports open, and never hold ``payload`` as it was
    typed: a cell starting with = + - @ tab or CR is neutralised (OWASP)."""
    import csv
    import io
    import openpyxl

    failures = []
    url = f"{world.names['demo']}/@@esporta"
    answer = web.get(url, params={"formato": "csv"}, timeout=120)
    text = answer.content.decode("utf-8-sig")
    try:
        cells = [c for r in csv.reader(io.StringIO(text, newline="")) for c in r]
    except csv.Error as exc:
        return [f"{where}: the CSV export is not valid CSV: {exc}"]
    if answer.status_code != 200 or payload in cells:
        failures.append(f"{where}: the CSV export ({answer.status_code}) holds {payload!r} raw")
    answer = web.get(url, params={"formato": "xlsx"}, timeout=120)
    try:
        book = openpyxl.load_workbook(io.BytesIO(answer.content))
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return failures + [f"{where}: the XLSX export ({answer.status_code}) does not open: {exc}"]
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if cell.value is not None and str(cell.value).strip() == payload.strip():
                    failures.append(f"{where}: the XLSX export holds {cell.value!r} "
                                    f"({cell.data_type}) at {cell.coordinate}")
    return failures
