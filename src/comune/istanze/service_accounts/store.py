"""The service accounts of a site and their credentials.

Accounts live in an OOBTree on the site under a private name, keyed by their
principal id (``sa-<slug>``). A token is ``<principal id>.<random secret>``:
it is shown once, when made; only its SHA-256 is kept (the secret is 256
random bits, so a fast hash is enough), compared in constant time. A token
can be rotated (a new one replaces it), revoked and given an expiry. A
client certificate is matched by the subject (DN) or fingerprint the trusted
proxy writes in a header (:mod:`.plugin`).

Changing the types an account is bound to reindexes the security of those
types (the account's local roles come from :mod:`.roles`).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze import _
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.interfaces import IApplicationType
from comune.istanze.persistence import stored
from comune.istanze.service_accounts.interfaces import ACTIONS
from datetime import datetime
from persistent import Persistent
from plone import api
from plone.i18n.normalizer.interfaces import IIDNormalizer
from zope.component import getUtility

import hashlib
import hmac
import secrets


PRINCIPAL_PREFIX = "sa-"
NAME_MAX = 100


class ServiceAccountError(ActionError):
    """A refused change of a service account (Italian message)."""


class ServiceAccount(Persistent):
    def __init__(self, account_id, name):
        self.id = account_id
        self.name = name
        self.types = ()
        self.actions = ()
        self.cert_subject = ""
        self.token_hash = None
        self.token_expires = None
        self.token_created = None
        self.created = datetime.now()

    def token_valid(self, now=None):
        if not self.token_hash:
            return False
        return self.token_expires is None or (now or datetime.now()) < self.token_expires

    def may(self, action):
        return action in self.actions


def _accounts(portal=None, create=True):
    return stored(portal or api.portal.get(), "_service_accounts", OOBTree if create else None)


def all_accounts(portal=None):
    tree = _accounts(portal, create=False)
    return list(tree.values()) if tree else []


def get_account(principal_id, portal=None):
    if not isinstance(principal_id, str) or not principal_id.startswith(PRINCIPAL_PREFIX):
        return None
    tree = _accounts(portal, create=False)
    return tree.get(principal_id) if tree else None


def _hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def account_for_token(token, portal=None, now=None):
    """The account whose current, unexpired token is ``token`` (or None)."""
    principal_id, _dot, secret = (token or "").rpartition(".")
    account = get_account(principal_id, portal)
    if account is None or not secret or not account.token_valid(now):
        return None
    return account if hmac.compare_digest(account.token_hash, _hash(token)) else None


def account_for_certificate(subject, portal=None):
    """The account bound to the certificate ``subject`` (DN or fingerprint)."""
    subject = (subject or "").strip()
    if not subject:
        return None
    return next((a for a in all_accounts(portal)
                 if a.cert_subject and hmac.compare_digest(a.cert_subject, subject)), None)


def new_token(account):
    """Make (or rotate) the account's token; answer it: it is never shown again."""
    token = f"{account.id}.{secrets.token_urlsafe(32)}"
    account.token_hash = _hash(token)
    account.token_created = datetime.now()
    return token


def set_token(account, token):
    """Give the account a token chosen elsewhere (the demo's published one)."""
    if not token.startswith(account.id + ".") or len(token) < len(account.id) + 17:
        raise ServiceAccountError(_("Token non valido per questo account."))
    account.token_hash = _hash(token)
    account.token_created = datetime.now()


def revoke_token(account):
    account.token_hash = None
    account.token_created = None


def _type_uids():
    catalog = api.portal.get_tool("portal_catalog")
    return {b.UID for b in catalog.unrestrictedSearchResults(
        object_provides=IApplicationType.__identifier__)}


def _expiry(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(str(value))
        except ValueError:
            raise ServiceAccountError(_("Scadenza non valida: «${value}».", mapping={"value": value}))
    if when <= datetime.now():
        raise ServiceAccountError(_("La scadenza del token deve essere nel futuro."))
    return when


def _clean(name, types, actions, cert_subject, expires):
    """Validated values, or ServiceAccountError: nothing is written before."""
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name or len(name) > NAME_MAX:
        raise ServiceAccountError(_("Indica un nome (al massimo 100 caratteri)."))
    if not all(isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)
               for v in (types, actions)):
        raise ServiceAccountError(_("Tipologie e azioni devono essere elenchi."))
    if not types or not set(types) <= _type_uids():
        raise ServiceAccountError(_("Scegli almeno una tipologia di istanza esistente."))
    if not actions or not set(actions) <= set(ACTIONS):
        raise ServiceAccountError(_("Scegli almeno un'azione consentita (tra quelle previste)."))
    types, actions = tuple(dict.fromkeys(types)), tuple(a for a in ACTIONS if a in actions)
    cert_subject = (cert_subject or "").strip() if isinstance(cert_subject, str) else ""
    return name, types, actions, cert_subject, _expiry(expires)


def _reindex_types(uids):
    with api.env.adopt_roles(["Manager"]):
        for uid in uids:
            obj = api.content.get(UID=uid)
            if obj is not None:
                obj.reindexObjectSecurity()


def _check_certificate(subject, account_id):
    other = account_for_certificate(subject)
    if subject and other is not None and other.id != account_id:
        raise ServiceAccountError(_("Questo certificato è già associato a un altro account."))


def create(name, types, actions, cert_subject="", expires=None, with_token=True, portal=None):
    """A new account; answers ``(account, token or None)``."""
    name, types, actions, cert_subject, expires = _clean(name, types, actions, cert_subject, expires)
    if not with_token and not cert_subject:
        raise ServiceAccountError(_("Serve un token o un certificato client."))
    normalizer = getUtility(IIDNormalizer)
    base = PRINCIPAL_PREFIX + normalizer.normalize(name, max_length=40)
    tree, account_id, n = _accounts(portal), base, 1
    while account_id in tree or api.user.get(userid=account_id) is not None:  # never a member's id
        n += 1
        account_id = f"{base}-{n}"
    _check_certificate(cert_subject, account_id)
    account = ServiceAccount(account_id, name)
    account.types, account.actions, account.cert_subject = types, actions, cert_subject
    account.token_expires = expires
    token = new_token(account) if with_token else None
    tree[account_id] = account
    _reindex_types(types)
    return account, token


def update(account, name, types, actions, cert_subject="", expires=None):
    name, types, actions, cert_subject, expires = _clean(name, types, actions, cert_subject, expires)
    _check_certificate(cert_subject, account.id)
    changed = set(account.types) ^ set(types)
    account.name, account.types, account.actions = name, types, actions
    account.cert_subject, account.token_expires = cert_subject, expires
    _reindex_types(changed)
    return account


def delete(account, portal=None):
    del _accounts(portal)[account.id]
    _reindex_types(account.types)
