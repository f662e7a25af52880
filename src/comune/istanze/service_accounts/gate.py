"""What a service account may reach: the staff REST services of its actions.

After traversal (the user is known), a request authenticated as a service
account is let through only when it is one of these, and the account holds
the action it needs; anything else (Plone's pages and tools, ``@users``,
``@workflow``, Sharing, notes, payments...) is refused with 403:

* ``read``: ``GET <app>/@istruttoria`` (an audited read) and
  ``GET @scrivania`` (the bound types' applications; audited on each type);
* ``document``, ``integration``, ``decide``: ``POST <app>/@istruttoria`` with
  that ``action``;
* ``close``: ``POST <app>/@istruttoria`` ``{"action": "transition",
  "transition": "close"}``.

The roles (:mod:`.roles`) keep other types out; this keeps other actions out.
"""

from AccessControl import getSecurityManager
from comune.istanze import _
from comune.istanze.service_accounts.store import get_account
from plone import api
from plone.restapi.services import Service
from zExceptions import Forbidden
from zope.i18n import translate

import json


POST_ACTIONS = {"document": "document", "integration": "integration", "decide": "decide"}


def required_action(method, name, body):
    """The account action a request needs, or None when no action allows it."""
    if method == "GET" and name in ("@istruttoria", "@scrivania"):
        return "read"
    if method == "POST" and name == "@istruttoria":
        action = body.get("action")
        if not isinstance(action, str):
            return None
        if action == "transition":
            return "close" if body.get("transition") == "close" else None
        return POST_ACTIONS.get(action)
    return None


def _body(request):
    try:
        body = json.loads(request.get("BODY") or b"{}")
    except (ValueError, RecursionError):
        return {}
    return body if isinstance(body, dict) else {}


def current_account():
    return get_account(getSecurityManager().getUser().getId())


def check(event):
    """IPubAfterTraversal subscriber."""
    account = current_account()
    if account is None:
        return
    request = event.request
    published = request.get("PUBLISHED")
    name = (request.steps[-1:] or [""])[0]  # the service's __name__ is plone.rest's own
    method = request.get("REQUEST_METHOD", "GET")
    needed = None
    if isinstance(published, Service):
        needed = required_action(method, name, _body(request) if method == "POST" else {})
    if needed is None or not account.may(needed):
        raise Forbidden(translate(
            _("Operazione non consentita a questo account di servizio."), context=request))
    request.set("comune.istanze.service_account", account.id)
    if name == "@scrivania":
        audit_listing(account, request)


def audit_listing(account, request):
    """A listing is a read too: one entry in the log of each bound type (a
    read of one application is logged by ``@istruttoria`` itself)."""
    from comune.istanze.backoffice.audit import record_type

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(UID=list(account.types)):
        record_type(brain._unrestrictedGetObject(), "read", "REST @scrivania", request=request)
