"""Sandbox of a regional SPID/CIE broker speaking OpenID Connect.

For development, the demo site and the tests only: it is NOT part of the
shipped package. Start it with ``python -m sandbox.oidc_broker --port 8081``.

It behaves like the proxies municipalities use (Tuscany's ARPA, a SATOSA
proxy): discovery, an authorization page where a test identity, method
(SPID/CIE/CNS) and level are picked like on the SPID test IdP, a token
endpoint checking PKCE (S256), userinfo and the JWKS of an RSA key generated
at start-up (id_tokens are RS256). Identities are FAKE
(:mod:`comune.istanze.fakes`). Test hooks on the authorization page make it
misbehave on purpose: wrong state, wrong nonce, expired code, tampered
id_token.
"""

from sandbox.oidc_broker.server import Broker  # noqa: F401
from sandbox.oidc_broker.server import serve  # noqa: F401
