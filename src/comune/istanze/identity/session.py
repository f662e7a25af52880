"""Method and level of assurance of *this* login session.

A SPID/CIE/CNS login re-issues plone.session's ticket (the ``__ac`` cookie)
with one token, ``comune.istanze:<method>:<level>``, signed with the site's
keyring like the rest of the ticket. plone.session keeps the tokens when it
refreshes the ticket and drops the cookie at logout, so the level lives and
dies with the session that proved it. Password logins, basic auth and JWT
tokens carry no such token: they are ``password`` sessions.
"""

from contextlib import contextmanager
from plone import api
from zope.globalrequest import getRequest

import binascii


TOKEN_PREFIX = "comune.istanze"
METHODS = ("spid", "cie", "cns")
LEVELS = ("SpidL1", "SpidL2", "SpidL3")
PASSWORD = ("password", "")


def current_request():
    return getRequest() or getattr(api.portal.get(), "REQUEST", None)


def _plugin():
    return getattr(api.portal.get_tool("acl_users"), "session", None)


def session_token(method, level):
    if method not in METHODS or level not in LEVELS:
        raise ValueError(f"unknown login method/level: {method!r} {level!r}")
    return f"{TOKEN_PREFIX}:{method}:{level}"


def _parse(tokens):
    for token in tokens or ():
        token = token.decode() if isinstance(token, bytes) else token
        prefix, _sep, rest = token.partition(":")
        method, _sep, level = rest.partition(":")
        if prefix == TOKEN_PREFIX and method in METHODS and level in LEVELS:
            return method, level
    return None


def start_session(user_id, method, level, response):
    """Issue the session ticket of a SPID/CIE/CNS login on ``response``."""
    _plugin()._setupSession(user_id, response, tokens=(session_token(method, level),))


class _CookieJar:
    """A response stand-in that keeps the cookie ``_setupSession`` sets."""

    def __init__(self):
        self.cookies = {}

    def setCookie(self, name, value, **options):
        self.cookies[name] = value


def session_cookie(user_id, method, level):
    """(name, value) of the ticket :func:`start_session` would set.

    For whoever needs the same session outside a response: the demo's
    sample applications, an HTTP client driving the site in tests.
    """
    jar = _CookieJar()
    start_session(user_id, method, level, jar)
    name = _plugin().getProperty("cookie_name")
    value = jar.cookies[name]
    return name, value.decode() if isinstance(value, bytes) else value


def session_of(request, user_id):
    """``(method, level)`` of the current login of ``user_id``, or ``PASSWORD``.

    Only a ticket that plone.session validates (signature, timeout), that
    names ``user_id`` and that came as a cookie counts. A request that also
    carries an ``Authorization`` header (basic auth, JWT) is a password
    session whatever cookie it has.
    """
    plugin = _plugin()
    if plugin is None or request is None or not user_id:
        return PASSWORD
    if request.get("HTTP_AUTHORIZATION") or getattr(request, "_auth", None):
        return PASSWORD
    raw = request.cookies.get(plugin.getProperty("cookie_name"))
    if not raw:
        return PASSWORD
    try:
        ticket = binascii.a2b_base64(raw)
    except (binascii.Error, ValueError, TypeError):
        return PASSWORD
    data = plugin._validateTicket(ticket)
    if data is None:
        return PASSWORD
    _digest, ticket_user, tokens, _user_data, _timestamp = data
    ticket_user = ticket_user.decode() if isinstance(ticket_user, bytes) else ticket_user
    if ticket_user != user_id:
        return PASSWORD
    return _parse(tokens) or PASSWORD


@contextmanager
def spid_session(user_id, method="spid", level="SpidL2", request=None):
    """Run a block with the request carrying ``user_id``'s SPID session ticket
    (the demo's sample applications are presented this way)."""
    request = request if request is not None else current_request()
    name, value = session_cookie(user_id, method, level)
    missing = object()
    before = request.cookies.get(name, missing)
    request.cookies[name] = value
    try:
        yield
    finally:
        if before is missing:
            request.cookies.pop(name, None)
        else:
            request.cookies[name] = before
