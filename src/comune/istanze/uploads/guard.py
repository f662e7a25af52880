"""HTTP 413 for a request body over the limit, before any view reads it.

Two checks, both on the size waitress announces (``CONTENT_LENGTH``, which
waitress also sets after de-chunking) or the size of the body stream when
it is larger:

- on ``IPubStart``, before Zope parses the body: a body over the fixed
  ceiling (:data:`limits.CEILING`) is dropped unread (the request goes on
  with an empty body) and marked; no site is known yet at this point;
- on ``IPubAfterTraversal``, when the site and its registry are known: a
  marked request, or a body over the site's limit, raises
  :class:`RequestEntityTooLarge`, rendered by :mod:`.views` as a page or as
  the JSON error of the REST services. Nothing has been read or stored.
"""

from comune.istanze import _
from comune.istanze.uploads import limits
from zExceptions import HTTPRequestEntityTooLarge

import io
import logging


logger = logging.getLogger("comune.istanze.uploads")
MARK = "comune.istanze.body_too_large"
BODY_METHODS = ("POST", "PUT", "PATCH")


class RequestEntityTooLarge(HTTPRequestEntityTooLarge):
    """The body is over ``limit_mb``; ``message`` is translatable."""

    def __init__(self, limit_mb):
        self.limit_mb = limit_mb
        self.message = _("La richiesta supera il limite di ${max} MB: riduci la dimensione "
                         "dei file allegati e riprova.", mapping={"max": limit_mb})
        super().__init__(f"La richiesta supera il limite di {limit_mb} MB.")


def body_size(request) -> int:
    """Bytes of the body: the declared length or the stream's, the larger."""
    try:
        declared = int(request.environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    stream = getattr(request, "stdin", None)
    try:
        position = stream.tell()
        stream.seek(0, io.SEEK_END)
        actual = stream.tell()
        stream.seek(position)
    except Exception:  # not seekable: waitress's declared length is what was read
        actual = 0
    return max(declared, actual)


def drop_oversized_body(event):
    """``IPubStart``: never let Zope parse a body over the ceiling."""
    request = event.request
    if request.environ.get("REQUEST_METHOD", "GET").upper() not in BODY_METHODS:
        return
    size = body_size(request)
    if size <= limits.CEILING:
        return
    request.environ[MARK] = size
    request.environ["CONTENT_LENGTH"] = "0"
    request.environ["CONTENT_TYPE"] = "application/octet-stream"  # nothing to parse
    request.stdin = io.BytesIO()


def refuse_oversized_body(event):
    """``IPubAfterTraversal``: the site's limit (registry or automatic)."""
    request = event.request
    size = request.environ.get(MARK)
    if size is not None:
        limit = limits.CEILING_MB
    else:
        if request.environ.get("REQUEST_METHOD", "GET").upper() not in BODY_METHODS:
            return
        size = body_size(request)
        if not size:
            return
        limit = limits.request_limit_mb(size)
        if size <= limit * limits.MB:
            return
    logger.warning("refused a %d bytes request to %s (limit %d MB)", size,
                   request.get("ACTUAL_URL", ""), limit)
    raise RequestEntityTooLarge(limit)
