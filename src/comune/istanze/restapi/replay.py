"""A citizen's retry after a lost answer submits nothing twice.

A citizen (or the app of the Comune acting for them) who sent
``POST <type-url>/@istanze`` with ``"submit": true`` and never heard the
answer (the connection dropped, the server restarted) sends it again. With
the same ``Idempotency-Key`` header the second request finds the application
of the first and answers it again (same number, header
``Idempotent-Replayed: true``) instead of creating a second one:

* the key names the application: its id is derived from the type, the
  applicant and the key (:func:`application_id`), so finding it is one
  lookup in the type's tree and no shared structure is written;
* two requests with the same key at once insert the same id into the
  type's tree: one of them meets a ConflictError, Zope retries it, and it
  finds the application of the other;
* the same key with another body is refused (422), as for service accounts.

Without the header the service works as before (a new application per
request). A repeated ``@istanze-invia`` of a submitted application by its
applicant answers the same way (:func:`submitted_again`).
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.workflow.errors import ApplicationError
from plone import api

import hashlib
import json


HEADER = "Idempotency-Key"
KEY_MAX = 200


class KeyReused(ApplicationError):
    """The key was used for another request (Italian message, 422)."""

    status = 422


def client_key(request):
    """The request's ``Idempotency-Key`` (None without one)."""
    key = (request.getHeader(HEADER) or "").strip()
    if not key:
        return None
    if len(key) > KEY_MAX or not key.isprintable():
        raise ApplicationError(_("Idempotency-Key non valida: al massimo 200 caratteri stampabili."))
    return key


def application_id(type_obj, user_id, key):
    """The id of the application ``user_id`` creates in ``type_obj`` with ``key``."""
    text = f"{type_obj.UID()}\n{user_id}\n{key}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(body):
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def earlier(type_obj, app_id, user_id, body):
    """The application a first request with this key created, or None;
    :class:`KeyReused` when the key came with another body."""
    app = type_obj.get(app_id)
    if app is None:
        return None
    if app.applicant_id != user_id or getattr(aq_base(app), "request_fingerprint", None) != fingerprint(body):
        raise KeyReused(_("Questa Idempotency-Key è già stata usata per una richiesta diversa: "
                          "usa una chiave nuova per una nuova operazione."))
    return app


def remember(app, body):
    app.request_fingerprint = fingerprint(body)


def replayed(request):
    request.response.setHeader("Idempotent-Replayed", "true")


def submitted_again(app):
    """True when ``app`` is submitted (still in the state submission left
    it in: every type's workflow has ``submitted``) and the caller is who
    submits it (its applicant): a repeated submission answers it unchanged.
    Once the office has moved it on (integration asked, decided, ...), a
    submission is refused as before: «L'istanza è già stata inviata»."""
    if api.content.get_state(app) != "submitted" or not app.number:
        return False
    user = api.user.get_current()
    return not api.user.is_anonymous() and user.getId() == app.applicant_id
