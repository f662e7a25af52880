"""The Comune's PDND signing key: read from a file or an environment variable
named in the registry (never from the ZODB), parsed once per content."""

from comune.istanze.integrations.pdnd.errors import PDNDNotConfigured
from functools import lru_cache

import os


def private_key(settings):
    """The parsed RSA private key the registry points at.

    ``private_key_path`` (a PEM file on the server) wins over
    ``private_key_env`` (the name of an environment variable holding the
    PEM text). Raises PDNDNotConfigured with an Italian message.
    """
    path = (settings.private_key_path or "").strip()
    env = (settings.private_key_env or "").strip()
    if path:
        try:
            with open(path, "rb") as f:
                pem = f.read()
        except OSError as exc:
            raise PDNDNotConfigured(
                f"Chiave privata PDND non leggibile dal file {path}: {exc.strerror}.") from exc
    elif env:
        pem = os.environ.get(env, "").encode("ascii", "replace")
        if not pem.strip():
            raise PDNDNotConfigured(
                f"La variabile d'ambiente {env} della chiave privata PDND è vuota o assente.")
    else:
        raise PDNDNotConfigured("Chiave privata PDND non configurata (file o variabile d'ambiente).")
    return _parse(pem)


@lru_cache(maxsize=8)
def _parse(pem):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise PDNDNotConfigured(
            "La chiave privata PDND non è una chiave PEM valida senza password.") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise PDNDNotConfigured("La chiave privata PDND deve essere RSA (firma RS256).")
    return key
