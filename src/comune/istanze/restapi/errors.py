"""Refusals of the comune.istanze REST services, always in Italian.

Every service answers a refusal the same way::

    {"error": {"type": "...", "message": "<translated>", "field": "...",
               "errors": [{"field": "...", "message": "..."}]}}

with the HTTP status of the refusal, after aborting the transaction: a
refused request stores nothing, not even half a draft.
"""

from comune.istanze import _
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.workflow.errors import ApplicationError
from zope.i18n import translate

import json
import transaction


# Deeper JSON is no citizen's or office's data. Python's parser itself stops
# at its recursion limit with RecursionError (an HTTP 500 if not caught).
MAX_JSON_DEPTH = 32


class PayloadError(ApplicationError):
    """The JSON body is malformed or carries invalid values.

    ``errors`` is a list of ``(field, message)``, one per bad value.
    """

    def __init__(self, message, field=None, errors=()):
        super().__init__(message, field=field)
        self.errors = list(errors) or ([(field, message)] if field else [])


REFUSALS = (ApplicationError, UploadRejected)


def json_depth(data) -> int:
    """How deeply the lists and dicts of parsed JSON ``data`` nest (no recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def read_body(request) -> dict:
    """The JSON object of the request body, or :class:`PayloadError`.

    Every JSON entry point of the product reads its body here: a body that
    is not a JSON object, or nests deeper than :data:`MAX_JSON_DEPTH`, is
    refused with the same Italian message."""
    raw = request.get("BODY") or b"{}"
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise PayloadError(_("Il corpo della richiesta deve essere un oggetto JSON.")) from exc
    if not isinstance(data, dict) or json_depth(data) > MAX_JSON_DEPTH:
        raise PayloadError(_("Il corpo della richiesta deve essere un oggetto JSON."))
    return data


def text(message, request) -> str:
    """``message`` translated for ``request`` (Italian by default)."""
    return translate(message, context=request)


def error_body(exc, request) -> dict:
    """The JSON description of the refusal ``exc`` (see the module docstring)."""
    field = getattr(exc, "field", None)
    if isinstance(exc, UploadRejected):
        field = field or "attachments"
    error = {
        "type": type(exc).__name__,
        "message": text(exc.message, request),
        "field": field,
    }
    errors = getattr(exc, "errors", None)
    if errors:
        error["errors"] = [{"field": f, "message": text(m, request)} for f, m in errors]
    return {"error": error}


def refuse(service, exc) -> dict:
    """Abort the transaction and describe ``exc`` for the client."""
    transaction.abort()
    service.request.response.setStatus(getattr(exc, "status", 400))
    return error_body(exc, service.request)
