"""Scanning an upload with the configured scanner (none: nothing to do)."""

from comune.istanze.integrations.antivirus.errors import infected
from comune.istanze.integrations.antivirus.errors import ScannerUnavailable
from comune.istanze.integrations.antivirus.errors import UNAVAILABLE
from comune.istanze.integrations.antivirus.interfaces import IAntivirusSettings
from comune.istanze.integrations.antivirus.interfaces import IVirusScanner
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

import io
import logging


logger = logging.getLogger(__name__)
PREFIX = "comune.istanze.antivirus"
CHUNK = 64 * 1024


def antivirus_settings():
    registry = queryUtility(IRegistry)
    if registry is None:
        return None
    return registry.forInterface(IAntivirusSettings, prefix=PREFIX, check=False)


def current_scanner():
    """(scanner, settings), or (None, None) when uploads are not scanned."""
    settings = antivirus_settings()
    name = ((settings.scanner if settings is not None else "") or "").strip()
    if not name:
        return None, None
    scanner = queryUtility(IVirusScanner, name=name)
    if scanner is None:  # configured but missing: refuse rather than skip
        raise ScannerUnavailable(f"scanner {name!r} non registrato")
    return scanner, settings


def chunks_of(data):
    """The bytes of an upload: ``bytes`` or a received file's blob."""
    blob = getattr(data, "blob", None)
    stream = blob.open("r") if blob is not None else io.BytesIO(bytes(data))
    with stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return
            yield chunk


def scan_upload(data, label, refuse):
    """Scan ``data``; call ``refuse(message)`` (which raises) when it is
    infected or when a configured scanner cannot tell (fail closed)."""
    try:
        scanner, settings = current_scanner()
        if scanner is None:
            return
        result = scanner.scan(chunks_of(data), settings)
    except ScannerUnavailable as exc:
        logger.warning("antivirus unavailable: %s", exc)
        refuse(UNAVAILABLE)
        return
    if not result.clean:
        logger.warning("antivirus: upload refused, %s", result.signature)
        refuse(infected(label))
