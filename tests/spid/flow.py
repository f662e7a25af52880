"""Drive a SPID/CIE login over real HTTP like a browser would (requests)."""

from html import unescape
from urllib.parse import unquote
from urllib.parse import urljoin

import re
import requests


HIDDEN = re.compile(r'<input type="hidden" name="([^"]*)" value="([^"]*)">')


def start(session, site_url, **query):
    """GET @@spid-login; follows the redirect to the broker's page."""
    return session.get(f"{site_url}/@@spid-login", params=query, timeout=30)


def pick(session, page, identity, method="spid", level="SpidL2", hook="", action="login"):
    """Submit the broker's page; follows the redirects back to the site."""
    form = {unescape(k): unescape(v) for k, v in HIDDEN.findall(page.text)}
    form.update(identity=identity, method=method, level=level, hook=hook, action=action)
    return session.post(urljoin(page.url, "authorize"), data=form, timeout=30)


def login(site_url, identity, method="spid", level="SpidL2", hook="", session=None, **query):
    session = session or requests.Session()
    page = start(session, site_url, **query)
    assert page.status_code == 200, page.text
    return session, pick(session, page, identity, method, level, hook)


def identity(session, site_url):
    """The identity the site sees in this browser session (``@area-personale``)."""
    reply = session.get(f"{site_url}/@area-personale", headers={"Accept": "application/json"},
                        timeout=30)
    assert reply.status_code == 200, reply.text[:2000]
    return reply.json()["identity"]


def adopt(portal, session, user_id):
    """Log ``user_id`` in on the test request with the very session cookie the
    site issued to ``session`` (so in-process code sees that login)."""
    from plone.app.testing import login as plone_testing_login
    from zope.globalrequest import getRequest

    plone_testing_login(portal, user_id)
    value = unquote(session.cookies.get("__ac").strip('"'))  # as Zope parses it
    for request in {id(r): r for r in (portal.REQUEST, getRequest()) if r is not None}.values():
        request.cookies["__ac"] = value
