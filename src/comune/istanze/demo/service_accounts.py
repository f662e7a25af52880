"""The demo's service account: «Ufficio casa», the housing office's management
system, bound to the rent subsidy with every action, and a token published in
the banner of ``make start`` (like the demo passwords: never on a real site)."""

from comune.istanze.service_accounts import store
from plone import api


DEMO_ACCOUNT = "sa-ufficio-casa"
DEMO_TOKEN = f"{DEMO_ACCOUNT}.demo-token-pubblicato-solo-per-la-demo"
DEMO_ACTIONS = ["read", "document", "integration", "decide", "close"]


def create_demo_service_account(portal):
    """The account (kept when it exists); answers it."""
    account = store.get_account(DEMO_ACCOUNT, portal)
    if account is not None:
        return account
    rent = portal["servizi-online"]["contributo-affitto"]
    with api.env.adopt_roles(["Manager"]):
        account, _token = store.create("Ufficio casa", [rent.UID()], DEMO_ACTIONS, portal=portal)
    store.set_token(account, DEMO_TOKEN)
    return account


def banner_lines(url="http://localhost:8080/Plone"):
    return [
        "Account di servizio «Ufficio casa» (API REST, contributo affitto):",
        f"  Authorization: Bearer {DEMO_TOKEN}",
        f"  es.: curl -H 'Accept: application/json' -H 'Authorization: Bearer {DEMO_TOKEN}' "
        f"'{url}/@scrivania?state=submitted'",
    ]
