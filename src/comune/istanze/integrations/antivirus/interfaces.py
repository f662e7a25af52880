"""The antivirus contract: one interface, scanners per engine.

The registry record ``comune.istanze.antivirus.scanner`` names the
:class:`IVirusScanner` utility in use (empty: uploads are not scanned);
``clamd`` ships with the product. A Comune with another engine registers
its own named utility from its own package.
"""

from comune.istanze import _
from dataclasses import dataclass
from zope import schema
from zope.interface import Interface


@dataclass
class ScanResult:
    clean: bool
    signature: str = ""  # the engine's name for what it found


class IVirusScanner(Interface):
    def scan(chunks, settings):
        """Scan the bytes yielded by ``chunks``; a :class:`ScanResult`.
        Raises :class:`..errors.ScannerUnavailable` when it cannot tell."""


class IAntivirusSettings(Interface):
    scanner = schema.TextLine(
        title=_("Antivirus dei file caricati"),
        description=_("Nome dello scanner in uso (es. clamd); vuoto: i file non sono analizzati."),
        default="",
        required=False,
    )
    address = schema.TextLine(
        title=_("Indirizzo del servizio antivirus"),
        description=_("Socket locale di clamd (es. /run/clamav/clamd.ctl) oppure "
                      "tcp://host:porta."),
        default="/run/clamav/clamd.ctl",
        required=False,
    )
    timeout = schema.Int(title=_("Timeout (secondi)"), default=30, min=1, required=True)
