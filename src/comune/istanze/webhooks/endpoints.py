"""The receivers (endpoints) of a type's events, stored on the type.

An endpoint is a back-end system of the Comune: its URL, the secret that
signs the deliveries (``signing.py``), the events it wants, and whether it
is active. Endpoints live in a private OOBTree of the application type
(``persistence.stored``), keyed by a random id; the secret is kept to sign
and never shown again after saving (only whether it is set and a short
fingerprint). The registry may add one site-level endpoint, id ``comune``
(see ``interfaces.IWebhooksSettings``).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze import _
from comune.istanze.persistence import stored
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.webhooks import signing
from comune.istanze.webhooks.events import KINDS
from comune.istanze.webhooks.interfaces import IWebhooksSettings
from comune.istanze.webhooks.interfaces import PREFIX
from persistent import Persistent
from plone.registry.interfaces import IRegistry
from urllib.parse import urlsplit
from zope.component import queryUtility

import secrets
import time


ATTR = "_comune_istanze_webhook_endpoints"
SITE_ENDPOINT = "comune"
MAX_TITLE = 200
MAX_URL = 2000
MAX_SECRET = 10000


class Endpoint(Persistent):
    def __init__(self, title, url, secret, kinds, mode="hmac", enabled=True):
        self.id = secrets.token_hex(8)
        self.title, self.url, self.secret = title, url, secret
        self.kinds, self.mode, self.enabled = tuple(kinds), mode, enabled
        self.created = self.modified = time.time()

    def wants(self, kind):
        return self.enabled and kind in self.kinds


class SiteEndpoint:
    """The registry's endpoint, read fresh each time (never stored)."""

    id = SITE_ENDPOINT
    title = "Sistema destinatario del Comune (registro)"
    mode = "hmac"
    enabled = True

    def __init__(self, proxy):
        self.url = proxy.site_url or ""
        self.secret = proxy.site_secret or ""
        self.types = tuple(proxy.site_types or ())
        self.kinds = tuple(proxy.site_kinds or ()) or tuple(KINDS)

    def wants(self, kind):
        return bool(self.url) and kind in self.kinds


def settings():
    registry = queryUtility(IRegistry)
    if registry is None:
        return None
    return registry.forInterface(IWebhooksSettings, prefix=PREFIX, check=False)


def setting(name):
    proxy = settings()
    value = getattr(proxy, name, None) if proxy is not None else None
    return value if value is not None else IWebhooksSettings[name].default


def site_endpoint(type_obj):
    proxy = settings()
    if proxy is None or not getattr(proxy, "site_url", None):
        return None
    endpoint = SiteEndpoint(proxy)
    return endpoint if type_obj.getId() in endpoint.types else None


def endpoints_of(type_obj):
    """Every endpoint of the type (its own, then the site's), in creation order."""
    tree = stored(type_obj, ATTR)
    own = sorted(tree.values(), key=lambda e: e.created) if tree is not None else []
    site = site_endpoint(type_obj)
    return own + ([site] if site is not None else [])


def get_endpoint(type_obj, endpoint_id):
    if endpoint_id == SITE_ENDPOINT:
        return site_endpoint(type_obj)
    tree = stored(type_obj, ATTR)
    return tree.get(endpoint_id) if tree is not None and isinstance(endpoint_id, str) else None


def subscribers(type_obj, kind):
    return [e for e in endpoints_of(type_obj) if e.wants(kind)]


def info(endpoint):
    """What staff and REST clients see of an endpoint: never the secret."""
    secret = endpoint.secret or ""
    data = {
        "id": endpoint.id,
        "title": endpoint.title,
        "url": endpoint.url,
        "kinds": list(endpoint.kinds),
        "mode": endpoint.mode,
        "mode_title": signing.MODES.get(endpoint.mode, endpoint.mode),
        "enabled": endpoint.enabled,
        "secret_set": bool(secret),
        "secret_fingerprint": signing.fingerprint(secret) if secret else None,
        "editable": endpoint.id != SITE_ENDPOINT,
    }
    if endpoint.mode == "jws-rs256" and secret:
        data["public_key"] = signing.public_key_pem(secret)
    return data


def _text(data, name, limit):
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(_("Valore non valido."), field=name)
    value = value.strip()
    if len(value) > limit:
        raise PayloadError(_("Testo troppo lungo (massimo ${max} caratteri).",
                             mapping={"max": limit}), field=name)
    return value


def _check_url(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Indica un indirizzo http:// o https:// completo.")
    if parts.username or parts.password:
        return _("L'indirizzo non deve contenere credenziali.")
    return None


def _kinds(value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value or not all(
            isinstance(k, str) and k in KINDS for k in value):
        return None
    return tuple(k for k in KINDS if k in value)


def validate(data, current=None):
    """The cleaned values of ``data`` (a dict from the form or JSON), or
    :class:`PayloadError` listing every bad field; ``current`` is the
    endpoint being edited (missing values keep their value)."""
    errors = []

    def text(name, limit):
        try:
            return _text(data, name, limit)
        except PayloadError as exc:
            errors.append((name, exc.message))
            return ""

    title, url = text("title", MAX_TITLE), text("url", MAX_URL)
    secret, mode = text("secret", MAX_SECRET), text("mode", 20)
    title = title or (current.title if current and "title" not in data else "")
    url = url or (current.url if current and "url" not in data else "")
    mode = mode or (current.mode if current else "hmac")
    if not title:
        errors.append(("title", _("Indica il nome del sistema destinatario.")))
    if not url:
        errors.append(("url", _("Indica l'indirizzo del sistema destinatario.")))
    elif _check_url(url):
        errors.append(("url", _check_url(url)))
    if mode not in signing.MODES:
        errors.append(("mode", _("Modalità di firma sconosciuta.")))
    if not secret and current is not None and mode == current.mode:
        secret = current.secret  # not shown, not changed
    if not secret:
        errors.append(("secret", _("Indica il segreto con cui firmare i messaggi.")))
    elif mode in signing.MODES and signing.check_secret(mode, secret):
        errors.append(("secret", signing.check_secret(mode, secret)))
    kinds = _kinds(data["kinds"]) if "kinds" in data else (current.kinds if current else None)
    if not kinds:
        errors.append(("kinds", _("Scegli almeno un evento tra quelli previsti.")))
    enabled = data.get("enabled", current.enabled if current else True)
    if not isinstance(enabled, bool):
        enabled = enabled in ("1", "on", "true", "True")
    if errors:
        raise PayloadError(errors[0][1], field=errors[0][0], errors=errors)
    return {"title": title, "url": url, "secret": secret, "kinds": kinds, "mode": mode,
            "enabled": enabled}


def _audit(type_obj, what, endpoint):
    from comune.istanze.backoffice import audit

    audit.record_type(type_obj, "webhook_endpoint",
                      f"{what}: {endpoint.title} ({endpoint.url}), eventi {', '.join(endpoint.kinds)}")


def add_endpoint(type_obj, data):
    values = validate(data)
    endpoint = Endpoint(**values)
    stored(type_obj, ATTR, OOBTree)[endpoint.id] = endpoint
    _audit(type_obj, "aggiunto", endpoint)
    return endpoint


def edit_endpoint(type_obj, endpoint, data):
    values = validate(data, current=endpoint)
    for name, value in values.items():
        setattr(endpoint, name, value)
    endpoint.modified = time.time()
    _audit(type_obj, "modificato", endpoint)
    return endpoint


def remove_endpoint(type_obj, endpoint_id):
    tree = stored(type_obj, ATTR)
    if tree is None or endpoint_id not in tree:
        return False
    _audit(type_obj, "eliminato", tree[endpoint_id])
    del tree[endpoint_id]
    return True
