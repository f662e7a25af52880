"""Drive a SPID/CIE login over real HTTP like a browser would (requests)."""

from sandbox.oidc_broker.citizen import login  # noqa: F401
from sandbox.oidc_broker.citizen import pick  # noqa: F401
from sandbox.oidc_broker.citizen import start  # noqa: F401
from urllib.parse import unquote


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
