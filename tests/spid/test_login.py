"""SPID/CIE login through the sandbox broker, end to end over HTTP."""

from comune.istanze.identity import identity_of
from pas.plugins.authomatic.utils import authomatic_plugin
from plone import api
from sandbox.oidc_broker.identities import CITIZENS
from tests.spid.flow import identity as seen
from tests.spid.flow import login

import requests
import transaction


MARIO = CITIZENS[0]
GIULIA = CITIZENS[1]


def member(portal, user_id):
    transaction.begin()  # see what the server committed
    return api.user.get(userid=user_id)


def test_login_creates_citizen_with_identity(spid_site, site_url):
    session, page = login(site_url, MARIO["fiscal_code"], "spid", "SpidL2")
    assert page.status_code == 200, page.text[-3000:]
    assert page.url.rstrip("/") == site_url  # back home
    assert "__ac" in session.cookies
    assert "Mario Rossi" in page.text and "Accesso effettuato" in page.text
    user = member(spid_site, MARIO["fiscal_code"])
    assert user is not None
    identity = seen(session, site_url)
    assert identity["user_id"] == MARIO["fiscal_code"] == identity["fiscal_code"]
    assert (identity["first_name"], identity["last_name"]) == ("Mario", "Rossi")
    assert identity["email"] == MARIO["email"]
    assert (identity["auth_method"], identity["loa"]) == ("spid", "SpidL2")
    assert user.getProperty("fullname") == "Mario Rossi"
    # Without a session (a staff view) the person keeps the names of SPID,
    # but is no SPID login.
    offline = identity_of(user)
    assert (offline.first_name, offline.last_name, offline.auth_method) == ("Mario", "Rossi", "password")
    # Only the identity is kept: no broker tokens in the database.
    stored = authomatic_plugin()._useridentities_by_userid[MARIO["fiscal_code"]]
    assert stored.identity("spid")["credentials"] is None
    assert "access_token" not in str(dict(stored.identity("spid")))


def test_citizen_gets_only_member_role(spid_site, site_url):
    login(site_url, GIULIA["fiscal_code"], "cie", "SpidL3")
    user = member(spid_site, GIULIA["fiscal_code"])
    roles = set(user.getRolesInContext(spid_site))
    assert roles == {"Member", "Authenticated"}
    for permission in ("Modify portal content", "Add portal content", "Manage portal"):
        assert not user.has_permission(permission, spid_site)


def test_each_login_session_keeps_its_own_method_and_level(spid_site, site_url):
    """Two browsers of the same citizen at different levels: each session
    keeps the method and level of its own login, not the last login's."""
    cf = MARIO["fiscal_code"]
    strong, _page = login(site_url, cf, "cie", "SpidL3")
    assert (seen(strong, site_url)["auth_method"], seen(strong, site_url)["loa"]) == ("cie", "SpidL3")
    weak, _page = login(site_url, cf, "cns", "SpidL2")
    assert (seen(weak, site_url)["auth_method"], seen(weak, site_url)["loa"]) == ("cns", "SpidL2")
    assert (seen(strong, site_url)["auth_method"], seen(strong, site_url)["loa"]) == ("cie", "SpidL3")
    assert len(api.user.get_users()) == len({u.getId() for u in api.user.get_users()})


def test_came_from_inside_the_site_only(spid_site, site_url):
    target = f"{site_url}/contact-info"
    _s, page = login(site_url, MARIO["fiscal_code"], came_from=target)
    assert page.history[-1].headers["Location"] == target
    _s, page = login(site_url, MARIO["fiscal_code"], came_from="https://evil.example/x")
    assert page.history[-1].headers["Location"].rstrip("/") == site_url


def test_header_button_and_name(spid_site, site_url):
    anonymous = requests.get(site_url, timeout=30)
    assert "Entra con SPID / CIE" in anonymous.text
    assert "@@spid-login?came_from=" in anonymous.text
    session, _page = login(site_url, GIULIA["fiscal_code"], "cie", "SpidL3")
    home = session.get(site_url, timeout=30)
    assert "Giulia Bianchi" in home.text and "Entra con SPID / CIE" not in home.text
    assert "accesso CIE" in home.text
    accedi = session.get(f"{site_url}/@@accedi", timeout=30)
    assert "Sei già entrato come" in accedi.text and "Giulia Bianchi" in accedi.text


def test_accedi_page(spid_site, site_url):
    page = requests.get(f"{site_url}/@@accedi", timeout=30)
    assert page.status_code == 200
    assert "Entra con SPID / CIE" in page.text
    assert "Personale del Comune" in page.text and f'href="{site_url}/login"' in page.text
    assert 'name="robots" content="noindex, nofollow"' in page.text


def test_staff_keep_plone_login_form(spid_site, site_url):
    page = requests.get(f"{site_url}/login", timeout=30)
    assert page.status_code == 200 and "__ac_password" in page.text


def test_broker_key_rotation(spid_site, site_url, broker_server):
    """The JWKS is cached; an id_token signed with a new key (new kid) makes
    the site fetch the JWKS again instead of refusing the citizen."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    login(site_url, MARIO["fiscal_code"])  # JWKS now cached by the site
    broker = broker_server.broker
    broker.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    broker.kid = "rotated-" + broker.kid
    session, page = login(site_url, GIULIA["fiscal_code"], "cie", "SpidL3")
    assert page.status_code == 200 and "__ac" in session.cookies
    assert seen(session, site_url)["loa"] == "SpidL3"


def test_patch_users_cannot_rename_or_reidentify_a_spid_citizen(spid_site, site_url):
    """A citizen logged in through the broker PATCHes their own user: the
    name (pas.plugins.authomatic's read-only sheet comes first), codice
    fiscale, method and level stay those of the SPID login."""
    cf = MARIO["fiscal_code"]
    session, _page = login(site_url, cf, "spid", "SpidL2")
    reply = session.patch(f"{site_url}/@users/{cf}", headers={"Accept": "application/json"},
                          json={"fullname": "Giulia Bianchi", "first_name": "Giulia",
                                "last_name": "Bianchi", "fiscal_code": GIULIA["fiscal_code"],
                                "auth_method": "cie", "loa": "SpidL3"}, timeout=30)
    assert reply.status_code in (204, 401, 403), reply.text
    identity = seen(session, site_url)
    assert (identity["fiscal_code"], identity["first_name"], identity["last_name"],
            identity["auth_method"], identity["loa"]) == (cf, "Mario", "Rossi", "spid", "SpidL2")
    home = session.get(site_url, timeout=30).text
    assert "Mario Rossi" in home and "Giulia" not in home
    assert member(spid_site, cf).getProperty("fullname") == "Mario Rossi"


def test_demo_citizen_login_without_browser(spid_site, site_url, capsys):
    """``python -m sandbox.oidc_broker.citizen`` prints the session cookie of
    a broker login, for curl (README, REST examples)."""
    from sandbox.oidc_broker.citizen import main

    main(["--site", site_url, "--cf", GIULIA["fiscal_code"], "--method", "cie", "--level", "SpidL3"])
    name, _sep, value = capsys.readouterr().out.strip().partition("=")
    session = requests.Session()
    session.cookies.set(name, value)
    identity = seen(session, site_url)
    assert (identity["fiscal_code"], identity["auth_method"], identity["loa"]) == (
        GIULIA["fiscal_code"], "cie", "SpidL3")
