"""Site Administrators manage service accounts: the page and the REST service.

* ``@@account-di-servizio`` (site root): the accounts, a form to add one,
  and per account: new token (rotation), revoke the token, delete. A new
  token is shown once, in the answer to the POST that made it (never in a
  redirect, a status message cookie or the database).
* ``GET /@service-accounts``: the accounts (never a token or its hash).
* ``POST /@service-accounts``: ``{"action": "create", "name", "types": [UID],
  "actions": [...], "cert_subject", "expires", "token": true}``,
  ``{"action": "update", "id", ...same fields}``, ``{"action": "rotate"|"revoke"|
  "delete", "id"}``; ``create`` and ``rotate`` answer the token once.

Permission: comune.istanze: Manage integrations (Manager, Site Administrator).
"""

from comune.istanze import _
from comune.istanze.interfaces import IApplicationType
from comune.istanze.restapi.actions import ActionService
from comune.istanze.service_accounts import store
from comune.istanze.service_accounts.interfaces import ACTIONS
from plone import api
from plone.protect import CheckAuthenticator
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate

import transaction


def type_titles():
    catalog = api.portal.get_tool("portal_catalog")
    return {b.UID: b.Title for b in catalog.unrestrictedSearchResults(
        object_provides=IApplicationType.__identifier__, sort_on="sortable_title")}


def account_info(account, titles=None):
    titles = type_titles() if titles is None else titles
    return json_compatible({
        "id": account.id, "name": account.name,
        "types": [{"uid": uid, "title": titles.get(uid, uid)} for uid in account.types],
        "actions": list(account.actions),
        "cert_subject": account.cert_subject,
        "token": {"active": account.token_valid(), "created": account.token_created,
                  "expires": account.token_expires},
        "created": account.created,
    })


def _account(account_id):
    account = store.get_account(account_id)
    if account is None:
        raise store.ServiceAccountError(_("Account di servizio non trovato."), status=404)
    return account


def apply(action, data):
    """Do ``action`` with ``data`` (JSON or form values); answer
    ``(message, account or None, token or None)``. Refusals raise
    ServiceAccountError before anything is written."""
    fields = (data.get("name"), data.get("types") or [], data.get("actions") or [],
              data.get("cert_subject") or "", data.get("expires") or None)
    if action == "create":
        account, token = store.create(*fields, with_token=bool(data.get("token", True)))
        return _("Account di servizio creato."), account, token
    account = _account(data.get("id"))
    if action == "update":
        return _("Account di servizio aggiornato."), store.update(account, *fields), None
    if action == "rotate":
        return _("Nuovo token creato: il precedente non vale più."), account, store.new_token(account)
    if action == "revoke":
        store.revoke_token(account)
        return _("Token revocato."), account, None
    if action == "delete":
        store.delete(account)
        return _("Account di servizio eliminato."), None, None
    raise store.ServiceAccountError(_("Azione non valida."))


class ServiceAccountsPanel(BrowserView):
    index = ViewPageTemplateFile("templates/panel.pt")
    token = None
    token_account = None

    def __call__(self):
        form = self.request.form
        action = next((a for a in ("create", "rotate", "revoke", "delete") if f"form.{a}" in form), None)
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
        if self.request.method == "POST" and action:
            data = {"name": form.get("name"), "types": form.get("types") or [],
                    "actions": form.get("actions") or [], "cert_subject": form.get("cert_subject"),
                    "expires": form.get("expires"), "token": bool(form.get("with_token")),
                    "id": form.get("account_id")}
            try:
                message, account, token = apply(action, data)
            except store.ServiceAccountError as exc:
                transaction.doom()
                self.request.response.setStatus(exc.status)
                IStatusMessage(self.request).add(exc.message, "error")
            else:
                IStatusMessage(self.request).add(message, "info")
                self.token, self.token_account = token, account
        return self.index()

    def accounts(self):
        titles = type_titles()
        return [account_info(a, titles) for a in store.all_accounts()]

    def types(self):
        return sorted(type_titles().items(), key=lambda item: item[1])

    def actions(self):
        return [(name, translate(title, context=self.request)) for name, title in ACTIONS.items()]

    def action_title(self, name):
        return translate(ACTIONS.get(name, name), context=self.request)


class ServiceAccountsGet(Service):
    def reply(self):
        titles = type_titles()
        items = [account_info(a, titles) for a in store.all_accounts()]
        return {"@id": f"{self.context.absolute_url()}/@service-accounts", "items": items,
                "items_total": len(items)}


class ServiceAccountsPost(ActionService):
    actions = {name: "run" for name in ("create", "update", "rotate", "revoke", "delete")}
    refusals = ActionService.refusals + (store.ServiceAccountError,)

    def run(self, body):
        self.done = apply(body["action"], body)
        if body["action"] == "create":
            self.request.response.setStatus(201)

    def result(self):
        message, account, token = self.done
        answer = {"message": translate(message, context=self.request)}
        if account is not None:
            answer["account"] = account_info(account)
        if token is not None:
            answer["token"] = token
        return answer
