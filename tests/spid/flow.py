"""Drive a SPID/CIE login over real HTTP like a browser would (requests)."""

from html import unescape
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
