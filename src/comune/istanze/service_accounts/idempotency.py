"""Inbound idempotency: ``Idempotency-Key`` on the POSTs of service accounts.

A service account must send the header on every POST. The first successful
answer is kept with a fingerprint of the request (path and JSON body, keys
sorted) in the same transaction as the action itself, so the action and its
remembered answer are committed together or not at all:

* same key, same request: the first answer (status and JSON) is returned
  again and nothing acts a second time (header ``Idempotent-Replayed: true``);
* same key, another request: refused with 422 and an Italian message;
* two requests with the same key at once: both write the same BTree key, so
  one of them meets a ConflictError and is retried by Zope, and then finds
  the answer of the other.

A refused request (nothing acted, the transaction aborted) is not kept: the
same key may be tried again.

Keys are stored per account (no structure shared between accounts), in one
OOBTree per day: a lookup reads the generations still valid
(``idempotency_hours``), and the first write of a day drops the expired
ones in one change to the small tree of generations: no hot shared list, no
cleanup job. Outbound events carry their own stable id (CloudEvents, webhooks).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze import _
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.persistence import stored
from comune.istanze.service_accounts.gate import current_account
from comune.istanze.service_accounts.interfaces import PREFIX
from datetime import date
from plone import api
from plone.restapi.serializer.converters import json_compatible

import hashlib
import json
import math


HEADER = "Idempotency-Key"
KEY_MAX = 200


class IdempotencyError(ActionError):
    """A missing, malformed or reused Idempotency-Key (Italian message)."""


def _generations(account):
    return stored(account, "_idempotency", OOBTree)


def _days_kept():
    hours = api.portal.get_registry_record(f"{PREFIX}.idempotency_hours", default=24)
    return max(1, math.ceil(hours / 24))


def _valid_days(today=None):
    today = (today or date.today()).toordinal()
    return [today - n for n in range(_days_kept() + 1)]


def fingerprint(request, body):
    path = request.get("PATH_INFO", "").replace("/++api++", "")
    text = json.dumps([path, body], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(request):
    key = (request.getHeader(HEADER) or "").strip()
    if not key:
        raise IdempotencyError(_("Gli account di servizio devono indicare l'intestazione "
                                 "Idempotency-Key in ogni richiesta POST."))
    if len(key) > KEY_MAX or not key.isprintable():
        raise IdempotencyError(_("Idempotency-Key non valida: al massimo 200 caratteri stampabili."))
    return key


def find(account, key, today=None):
    generations = _generations(account)
    for day in _valid_days(today):
        tree = generations.get(day)
        if tree is not None and key in tree:
            return tree[key]
    return None


def replay(request, body):
    """For a service account: the remembered answer of this request (or
    None when it is new); IdempotencyError when the key is missing or was
    used for another request. None for everyone else."""
    account = current_account()
    if account is None:
        return None
    key = _key(request)
    entry = find(account, key)
    if entry is None:
        return None
    if entry["fingerprint"] != fingerprint(request, body):
        raise IdempotencyError(
            _("Questa Idempotency-Key è già stata usata per una richiesta diversa: "
              "usa una chiave nuova per una nuova operazione."), status=422)
    request.response.setStatus(entry["status"])
    request.response.setHeader("Idempotent-Replayed", "true")
    return json.loads(entry["answer"])


def remember(request, body, answer, today=None):
    """Keep ``answer`` for the service account's key; answer it unchanged."""
    account = current_account()
    if account is None:
        return answer
    generations = _generations(account)
    day = (today or date.today()).toordinal()
    tree = generations.get(day)
    if tree is None:
        valid = set(_valid_days(today))
        for old in [d for d in generations.keys() if d not in valid]:
            del generations[old]
        tree = generations[day] = OOBTree()
    tree[_key(request)] = {
        "fingerprint": fingerprint(request, body),
        "status": request.response.getStatus(),
        "answer": json.dumps(json_compatible(answer)),
    }
    return answer
