"""The HTTP side shared by the JSON simulators (pagoPA, App IO).

A simulator's handler subclasses :class:`JsonApiHandler` and gives its
``routes`` (method, compiled path regex, operation name), its ``op_<name>``
methods (``(args, query, raw) -> (status, body, content_type, headers)``),
``_authorized``, ``_problem``, ``_control`` and ``schema_errors`` (the
validator of request bodies against the spec's schemas, see ``_body``); ``_page`` serves anything
else it wants (HTML pages) and answers False when it does not. Each API
call goes through the test hooks (:mod:`sandbox.hooks`): down, slow, fail,
lose the answer. Errors are :class:`Refused` (HTTP status, ProblemJson
``title`` and ``detail``).
"""

from sandbox.hooks import bound_server
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.jsonhttp import JSONHandler
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

import json


class Refused(Exception):
    """An error answer: HTTP status and ProblemJson ``title``/``detail``."""

    def __init__(self, status, title, detail=""):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail


def make_json_server(handler, platform, host, port):
    """A threading HTTP server whose ``handler`` class serves ``platform``."""
    return bound_server(handler, host, port, platform=platform)


class JsonApiHandler(JSONHandler):
    platform = None  # the simulator's state (with the TestHooks mixin)
    routes = ()
    schema_errors = None  # (schema name, instance) -> violations, see _body
    invalid = "Bad Request"  # title of the 400 answers

    def _body(self, raw, schema):
        """The JSON body, valid against ``schema``; Refused 400 otherwise."""
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            raise Refused(400, self.invalid, "The body is not JSON.") from None
        problems = self.schema_errors(schema, body)
        if problems:
            raise Refused(400, self.invalid, "; ".join(problems))
        return body

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def _dispatch(self, method):
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if path.startswith("/_control"):
            return self._control(method, path, query, raw)
        if self._page(method, path, query, raw) is not False:
            return None
        for route_method, regex, name in self.routes:
            match = regex.match(path)
            if match and route_method == method:
                return self._api(name, [unquote(g) for g in match.groups()], query, raw, path)
        return self._problem(Refused(404, "Not Found", path), path)

    def _page(self, method, path, query, raw):
        return False

    def _api(self, name, args, query, raw, path):
        if not self._authorized(path, query):
            return self._send(401)  # the specs: no body
        mode = enter(self, self.platform)
        if mode is None:
            return None
        if mode == "fail":
            return self._problem(Refused(500, "Internal Server Error", "Simulated failure."), path)
        try:
            status, body, ctype, headers = getattr(self, f"op_{name}")(args, query, raw)
        except Refused as refused:
            return self._problem(refused, path)
        if mode == "lose_response":
            return lose_answer(self)  # done, but the caller never hears it
        self._send(status, body, ctype, headers)
