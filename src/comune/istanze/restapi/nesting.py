"""JSON nested beyond Python's recursion limit never reaches a parser.

plone.restapi's JWT plugin parses every JSON POST body while Zope
authenticates the request (before any service runs), and its parser
raises RecursionError on a body like ``[[[[...]]]]`` 100,000 levels deep:
an HTTP 500 on every URL of the site. On ``IPubStart``, before Zope reads
the body, such a body is replaced by an empty JSON array: every JSON reader
then refuses it as "not an object" (the product's
:func:`~comune.istanze.restapi.errors.read_body` with its Italian message,
plone.restapi's own services with 400), and nothing is stored. Bodies that
Python can parse go on untouched; ``read_body`` applies the product's own,
lower, depth limit.
"""

from comune.istanze.restapi.errors import MAX_JSON_DEPTH
from comune.istanze.uploads.guard import BODY_METHODS

import io
import json
import logging


logger = logging.getLogger("comune.istanze.restapi")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
EMPTY = b"[]"


def too_deep(raw) -> bool:
    """True when Python's parser cannot read ``raw`` for its nesting."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return False
    try:
        json.loads(raw)
    except RecursionError:
        return True
    except ValueError:  # not JSON at all: its readers refuse it themselves
        return False
    return False


def defuse_deep_json(event):
    """``IPubStart``: replace a body nested too deep to parse by ``[]``."""
    request = event.request
    environ = request.environ
    if environ.get("REQUEST_METHOD", "GET").upper() not in BODY_METHODS:
        return
    content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    stream = getattr(request, "stdin", None)
    if content_type in FORM_TYPES or stream is None:
        return
    try:
        start = stream.tell()
        raw = stream.read()
        stream.seek(start)
    except Exception:  # not seekable: nothing was buffered to check
        return
    if too_deep(raw):
        logger.warning("refused a JSON body nested too deep to %s", request.get("ACTUAL_URL", ""))
        request.stdin = io.BytesIO(EMPTY)
        environ["CONTENT_LENGTH"] = str(len(EMPTY))
