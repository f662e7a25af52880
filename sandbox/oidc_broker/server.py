"""The sandbox broker: an OpenID Connect provider over stdlib http.server."""

from cryptography.hazmat.primitives.asymmetric import rsa
from http.server import BaseHTTPRequestHandler
from jwt.algorithms import RSAAlgorithm
from sandbox.hooks import SandboxHTTPServer
from sandbox.oidc_broker.identities import ACR_PREFIX
from sandbox.oidc_broker.identities import by_fiscal_code
from sandbox.oidc_broker.identities import FISCAL_NUMBER_CLAIM
from sandbox.oidc_broker.identities import HOOKS
from sandbox.oidc_broker.identities import LEVELS
from sandbox.oidc_broker.identities import METHODS
from sandbox.oidc_broker.page import authorize_page
from sandbox.oidc_broker.page import error_page
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit

import base64
import hashlib
import json
import jwt
import secrets
import threading
import time


DEFAULT_CLIENTS = {"comune-istanze": "sandbox-secret"}


class OAuthError(Exception):
    def __init__(self, error, description, status=400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pkce_challenge(verifier):
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


class Broker:
    """State of the broker: signing key, clients, codes and tokens."""

    def __init__(self, issuer, clients=None, code_ttl=60, token_ttl=300):
        self.issuer = issuer.rstrip("/")
        self.clients = dict(clients or DEFAULT_CLIENTS)
        self.code_ttl, self.token_ttl = code_ttl, token_ttl
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self._codes, self._tokens = {}, {}
        self._lock = threading.Lock()

    # -- metadata -----------------------------------------------------------
    def discovery(self):
        i = self.issuer
        return {
            "issuer": i,
            "authorization_endpoint": f"{i}/authorize",
            "token_endpoint": f"{i}/token",
            "userinfo_endpoint": f"{i}/userinfo",
            "jwks_uri": f"{i}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "email"],
            "acr_values_supported": [ACR_PREFIX + lv for lv in LEVELS],
            "claims_supported": [
                "sub", "given_name", "family_name", "email", "acr", "amr",
                FISCAL_NUMBER_CLAIM],
        }

    def jwks(self):
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return {"keys": [jwk]}

    # -- authorization ------------------------------------------------------
    def check_authorization_request(self, params):
        """Validate the authorization request; returns the requested level."""
        if params.get("client_id") not in self.clients:
            raise OAuthError("unauthorized_client", "client_id sconosciuto")
        for name in ("redirect_uri", "state", "nonce", "code_challenge"):
            if not params.get(name):
                raise OAuthError("invalid_request", f"parametro mancante: {name}")
        if params.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "solo response_type=code")
        if params.get("code_challenge_method") != "S256":
            raise OAuthError("invalid_request", "PKCE: serve code_challenge_method=S256")
        if "openid" not in params.get("scope", "").split():
            raise OAuthError("invalid_scope", "manca lo scope openid")
        scheme = urlsplit(params["redirect_uri"]).scheme
        if scheme not in ("http", "https"):
            raise OAuthError("invalid_request", "redirect_uri non valido")
        levels = [a.removeprefix(ACR_PREFIX) for a in params.get("acr_values", "").split()]
        levels = [lv for lv in levels if lv in LEVELS]
        return max(levels) if levels else "SpidL2"

    def authorize(self, form):
        """Handle the tester's choice; returns the URL to redirect to."""
        self.check_authorization_request(form)
        redirect_uri, state = form["redirect_uri"], form["state"]
        sep = "&" if "?" in redirect_uri else "?"
        if form.get("action") == "cancel":
            query = {"error": "access_denied", "state": state,
                     "error_description": "Accesso annullato dall'utente"}
            return redirect_uri + sep + urlencode(query)
        citizen = by_fiscal_code(form.get("identity", ""))
        method, level = form.get("method"), form.get("level")
        hook = form.get("hook", "")
        if citizen is None or method not in METHODS or level not in LEVELS or hook not in HOOKS:
            raise OAuthError("invalid_request", "identità, metodo o livello non validi")
        code = secrets.token_urlsafe(24)
        expires = time.time() + (-1 if hook == "expired_code" else self.code_ttl)
        with self._lock:
            self._codes[code] = dict(
                client_id=form["client_id"], redirect_uri=redirect_uri,
                challenge=form["code_challenge"], nonce=form["nonce"],
                citizen=citizen, method=method, level=level, hook=hook,
                expires=expires, auth_time=int(time.time()),
            )
        if hook == "bad_state":
            state = secrets.token_urlsafe(16)
        return redirect_uri + sep + urlencode({"code": code, "state": state})

    # -- token --------------------------------------------------------------
    def _client(self, headers, form):
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            raw = base64.b64decode(auth[6:]).decode("utf-8")
            client_id, _sep, secret = raw.partition(":")
        else:
            client_id, secret = form.get("client_id"), form.get("client_secret")
        if not client_id or self.clients.get(client_id) != secret:
            raise OAuthError("invalid_client", "autenticazione del client fallita", 401)
        return client_id

    def token(self, headers, form):
        client_id = self._client(headers, form)
        if form.get("grant_type") != "authorization_code":
            raise OAuthError("unsupported_grant_type", "solo authorization_code")
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant["client_id"] != client_id:
            raise OAuthError("invalid_grant", "codice di autorizzazione sconosciuto")
        if grant["expires"] < time.time():
            raise OAuthError("invalid_grant", "codice di autorizzazione scaduto")
        if grant["redirect_uri"] != form.get("redirect_uri"):
            raise OAuthError("invalid_grant", "redirect_uri diverso")
        verifier = form.get("code_verifier", "")
        if not verifier or pkce_challenge(verifier) != grant["challenge"]:
            raise OAuthError("invalid_grant", "verifica PKCE fallita")
        access_token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[access_token] = (grant, time.time() + self.token_ttl)
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": self.token_ttl,
            "id_token": self.id_token(client_id, grant),
        }

    def subject(self, citizen):
        return hashlib.sha256(f"{self.issuer}|{citizen['fiscal_code']}".encode()).hexdigest()

    def id_token(self, client_id, grant):
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": self.subject(grant["citizen"]),
            "aud": client_id,
            "iat": now,
            "exp": now + self.token_ttl,
            "auth_time": grant["auth_time"],
            "nonce": grant["nonce"],
            "acr": ACR_PREFIX + grant["level"],
            "amr": [grant["method"]],
        }
        if grant["hook"] == "bad_nonce":
            claims["nonce"] = secrets.token_urlsafe(16)
        token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        if grant["hook"] == "tampered_id_token":
            header, payload, signature = token.split(".")
            claims["acr"] = ACR_PREFIX + "SpidL3"
            claims["sub"] = "intruso"
            payload = _b64url(json.dumps(claims).encode("utf-8"))
            token = ".".join((header, payload, signature))
        return token

    def userinfo(self, headers):
        auth = headers.get("Authorization", "")
        with self._lock:
            found = self._tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if found is None or found[1] < time.time():
            raise OAuthError("invalid_token", "access token non valido", 401)
        grant = found[0]
        citizen = grant["citizen"]
        return {
            "sub": self.subject(citizen),
            "given_name": citizen["given_name"],
            "family_name": citizen["family_name"],
            "email": citizen["email"],
            FISCAL_NUMBER_CLAIM: "TINIT-" + citizen["fiscal_code"],
            "amr": [grant["method"]],
        }


class Handler(BaseHTTPRequestHandler):
    broker = None  # set on the subclass made by make_server
    server_version = "SandboxOIDCBroker/1.0"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def _send(self, status, body, content_type="application/json", headers=()):
        if not isinstance(body, bytes):
            body = (json.dumps(body) if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location):
        self._send(302, b"", "text/plain", [("Location", location)])

    def _form(self):
        length = int(self.headers.get("Content-Length") or 0)
        return dict(parse_qsl(self.rfile.read(length).decode("utf-8")))

    def _oauth_error(self, exc, html=False):
        if html:
            return self._send(exc.status, error_page(exc.description), "text/html")
        body = {"error": exc.error, "error_description": exc.description}
        extra = [("WWW-Authenticate", f'Bearer error="{exc.error}"')] if exc.status == 401 else []
        return self._send(exc.status, body, headers=extra)

    def do_GET(self):
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        broker = self.broker
        try:
            if url.path == "/.well-known/openid-configuration":
                return self._send(200, broker.discovery())
            if url.path == "/jwks":
                return self._send(200, broker.jwks())
            if url.path == "/userinfo":
                return self._send(200, broker.userinfo(self.headers))
            if url.path == "/authorize":
                level = broker.check_authorization_request(params)
                return self._send(200, authorize_page(params, level), "text/html")
        except OAuthError as exc:
            return self._oauth_error(exc, html=url.path == "/authorize")
        return self._send(404, {"error": "not_found"})

    def do_POST(self):
        url = urlsplit(self.path)
        form = self._form()
        try:
            if url.path == "/authorize":
                return self._redirect(self.broker.authorize(form))
            if url.path == "/token":
                return self._send(200, self.broker.token(self.headers, form))
        except OAuthError as exc:
            return self._oauth_error(exc, html=url.path == "/authorize")
        return self._send(404, {"error": "not_found"})


def make_server(host="127.0.0.1", port=0, issuer=None, **kw):
    """A ready (not yet serving) server; port 0 picks a free port."""
    handler = type("BoundHandler", (Handler,), {})
    server = SandboxHTTPServer((host, port), handler)
    actual = server.server_address[1]
    handler.broker = Broker(issuer or f"http://{host}:{actual}", **kw)
    server.broker = handler.broker
    return server


def serve(host="127.0.0.1", port=8081, issuer=None, **kw):
    server = make_server(host, port, issuer, **kw)
    print(f"Broker SPID/CIE di prova su {server.broker.issuer}", flush=True)
    with server:  # closes the socket on the way out
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Broker SPID/CIE di prova fermato.", flush=True)
