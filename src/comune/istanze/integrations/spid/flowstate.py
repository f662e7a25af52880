"""The login flow's state (state, nonce, PKCE verifier, level) between the
start of a SPID/CIE login and the broker's callback.

It travels in a cookie of our own: JSON, signed with HMAC-SHA256 under a
key derived from the site's pas.plugins.authomatic secret (256 random bits
per site, see :mod:`comune.istanze.integrations.spid.secret`), valid ten
minutes, scoped to ``@@spid-login``. A cookie that is not exactly what we
signed (changed payload or signature, expired, anything else) reads as an
empty state, so the callback refuses with the "expired session" page.
Nothing here ever unpickles: authomatic's own ``Session`` is never used.
"""

import base64
import hashlib
import hmac
import json
import time


COOKIE = "comune_istanze_spid_flow"
MAX_AGE = 600
CONTEXT = b"comune.istanze spid flow v1"


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(secret):
    return hmac.new(secret.encode("utf-8"), CONTEXT, hashlib.sha256).digest()


def sign(data, secret, now=None):
    """The cookie value for ``data`` (a JSON-able dict)."""
    body = {"exp": int((now or time.time()) + MAX_AGE), "data": data}
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    mac = hmac.new(_key(secret), payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def verify(value, secret, now=None):
    """The dict signed in ``value``, or ``{}`` if anything is wrong."""
    try:
        payload, mac = (value or "").split(".")
        expected = hmac.new(_key(secret), payload.encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(_unb64(mac), expected):
            return {}
        body = json.loads(_unb64(payload))
    except (ValueError, TypeError, UnicodeError):
        return {}
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        return {}
    if not isinstance(body.get("exp"), int) or body["exp"] < (now or time.time()):
        return {}
    return body["data"]


class FlowState(dict):
    """What authomatic calls the session: a dict read from our cookie.

    ``Authomatic.login(adapter, name, session=state, session_saver=state.save)``
    """

    def __init__(self, request, secret, path, secure):
        super().__init__()
        self.request, self.secret, self.path, self.secure = request, secret, path, secure
        if not secret:
            raise ValueError("the SPID/CIE login needs pas.plugins.authomatic's secret")
        self.update(verify(request.cookies.get(COOKIE, ""), secret))

    def save(self):
        self.request.response.setCookie(
            COOKIE, sign(dict(self), self.secret), path=self.path, http_only=True,
            secure=self.secure, same_site="Lax", max_age=MAX_AGE,
        )

    def clear_cookie(self):
        self.request.response.expireCookie(COOKIE, path=self.path)
