"""ClamAV's clamd over its socket: the ``zINSTREAM`` command.

The file goes in chunks, each prefixed by its length (4 bytes, network
order), ended by a zero length; clamd answers ``stream: OK``,
``stream: <signature> FOUND`` or ``... ERROR`` (e.g. the size limit).
The address is a local socket path or ``tcp://host:port``.
"""

from comune.istanze.integrations.antivirus.errors import ScannerUnavailable
from comune.istanze.integrations.antivirus.interfaces import IVirusScanner
from comune.istanze.integrations.antivirus.interfaces import ScanResult
from urllib.parse import urlsplit
from zope.interface import implementer

import socket
import struct


def connect(address, timeout):
    if address.startswith("tcp://"):
        url = urlsplit(address)
        return socket.create_connection((url.hostname, url.port or 3310), timeout=timeout)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(address)
    return sock


def parse(reply):
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    verdict = text.partition(": ")[2] if ": " in text else text
    if verdict == "OK":
        return ScanResult(clean=True)
    if verdict.endswith(" FOUND"):
        return ScanResult(clean=False, signature=verdict[: -len(" FOUND")])
    raise ScannerUnavailable(f"clamd: {text or 'nessuna risposta'}")


@implementer(IVirusScanner)
class ClamdScanner:
    def scan(self, chunks, settings):
        try:
            with connect(settings.address or "", settings.timeout) as sock:
                sock.sendall(b"zINSTREAM\0")
                for chunk in chunks:
                    if chunk:
                        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
        except OSError as exc:  # refused, missing socket, timeout, reset
            raise ScannerUnavailable(f"clamd: {exc}") from exc
        return parse(reply)
