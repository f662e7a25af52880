"""``python -m sandbox.oidc_broker.citizen --site URL --cf CF --level SpidL2``:
log a demo citizen in through the sandbox broker without a browser, like a
browser would (the site's ``@@spid-login``, the broker's page, back), and
print the session cookie of that login for curl (``-b "__ac=..."``).

The tests drive the login the same way (``tests/spid/flow.py``).
"""

from html import unescape
from urllib.parse import urljoin

import argparse
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


def main(argv=None):
    parser = argparse.ArgumentParser(description="Accesso di un cittadino demo dal broker di prova")
    parser.add_argument("--site", default="http://localhost:8080/Plone")
    parser.add_argument("--cf", default="RSSMRA80A01Z999Y", help="codice fiscale (vedi identities.py)")
    parser.add_argument("--method", default="spid", choices=("spid", "cie", "cns"))
    parser.add_argument("--level", default="SpidL2", choices=("SpidL1", "SpidL2", "SpidL3"))
    args = parser.parse_args(argv)
    session, page = login(args.site, args.cf, args.method, args.level)
    cookie = session.cookies.get("__ac")
    if page.status_code != 200 or not cookie:
        raise SystemExit(f"Accesso non riuscito ({page.status_code})")
    print(f"__ac={cookie}")


if __name__ == "__main__":
    main()
