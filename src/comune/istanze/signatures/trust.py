"""The Comune's trust list: the CA certificates a signature must chain to.

Read from the registry (``comune.istanze.signatures.trust_list_pem``, a PEM
bundle) and, when set, from ``trust_list_path`` (a PEM file or a folder of
``.pem``/``.crt``/``.cer`` files, PEM or DER). Nothing is fetched from the
network at run time: the Comune loads the AgID trusted list offline
(:mod:`comune.istanze.signatures.tsl`). Parsed bundles are cached by content.
"""

from asn1crypto import pem
from asn1crypto import x509
from comune.istanze.signatures.interfaces import ISignatureSettings
from pathlib import Path
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

import hashlib
import logging


PREFIX = "comune.istanze.signatures"
SUFFIXES = (".pem", ".crt", ".cer", ".der")
logger = logging.getLogger(__name__)
_cache = {}


def settings():
    registry = queryUtility(IRegistry)
    if registry is None:
        return None
    return registry.forInterface(ISignatureSettings, prefix=PREFIX, check=False)


def parse_bundle(data: bytes) -> list:
    """asn1crypto certificates in ``data`` (PEM blocks, or one DER certificate)."""
    key = hashlib.sha256(data).hexdigest()
    if key not in _cache:
        certs = []
        if pem.detect(data):
            for kind, _headers, der in pem.unarmor(data, multiple=True):
                if kind == "CERTIFICATE":
                    certs.append(x509.Certificate.load(der))
        elif data.strip():
            certs.append(x509.Certificate.load(data))
        for cert in certs:
            cert.native  # parse now: a broken certificate fails here, not during a check
        _cache[key] = certs
    return _cache[key]


def _files(path: Path):
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
    return [path] if path.is_file() else []


def trust_roots(pem_text=None, path=None) -> list:
    """The configured trust anchors (the registry's unless given); unreadable
    entries are logged and skipped, never trusted."""
    record = settings()
    if pem_text is None:
        pem_text = (record.trust_list_pem if record is not None else "") or ""
    if path is None:
        path = (record.trust_list_path if record is not None else "") or ""
    sources = [("registro", pem_text.encode("utf-8"))]
    if path.strip():
        sources += [(str(p), p.read_bytes()) for p in _files(Path(path.strip()))]
    roots, seen = [], set()
    for origin, data in sources:
        try:
            certs = parse_bundle(data)
        except (ValueError, TypeError) as exc:
            logger.warning("Elenco dei certificatori fidati: %s illeggibile (%s)", origin, exc)
            continue
        for cert in certs:
            if cert.sha256 not in seen:
                seen.add(cert.sha256)
                roots.append(cert)
    return roots
