"""PEC receipts (ricevute), as the PEC providers send them.

The Italian PEC technical rules (DM 2 novembre 2005, regole tecniche del
servizio di trasmissione di documenti informatici mediante posta elettronica
certificata) make the sender's provider and the recipient's provider send to
the SENDER's PEC mailbox one receipt per event, an email with the headers

- ``X-Ricevuta``: ``accettazione``, ``non-accettazione``,
  ``presa-in-carico``, ``avvenuta-consegna``, ``errore-consegna``,
  ``preavviso-errore-consegna``;
- ``X-Riferimento-Message-ID``: the ``Message-ID`` of the message sent;

and an attachment ``daticert.xml`` (``<postacert tipo=".." errore="..">``
with ``<dati><data zona=".."><giorno>dd/mm/yyyy</giorno><ora>hh:mm:ss</ora>
</data><consegna>..</consegna><errore-esteso>..</errore-esteso></dati>``).

:func:`parse_receipt` reads one (None for any other email). The provider's
S/MIME signature around it is not verified here: the mailbox is the Comune's
own, reached with its credentials.
"""

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import re


KINDS = ("accettazione", "non-accettazione", "presa-in-carico", "avvenuta-consegna",
         "errore-consegna", "preavviso-errore-consegna")
ZONE = re.compile(r"^([+-])(\d\d):?(\d\d)$")


@dataclass(frozen=True)
class Receipt:
    kind: str  # one of KINDS
    reference: str  # the Message-ID of the message sent, with <>
    id: str = ""  # the receipt's own Message-ID
    at: datetime = None  # when the provider certified the event
    recipient: str = ""  # <consegna>: the address delivered (or not) to
    error: str = ""  # daticert's errore: nessuno, no-dest, no-dominio, virus, altro
    reason: str = ""  # <errore-esteso>, or the error code


def _text(node, path):
    found = node.find(path) if node is not None else None
    return (found.text or "").strip() if found is not None else ""


def certified_time(dati):
    """The <data zona="+0100"><giorno/><ora/></data> of daticert, or None."""
    data = dati.find("data") if dati is not None else None
    if data is None:
        return None
    try:
        at = datetime.strptime(f"{_text(data, 'giorno')} {_text(data, 'ora')}",
                               "%d/%m/%Y %H:%M:%S")
    except ValueError:
        return None
    zone = ZONE.match(data.get("zona", "").strip())
    if zone:
        sign = -1 if zone.group(1) == "-" else 1
        offset = timedelta(hours=int(zone.group(2)), minutes=int(zone.group(3)))
        at = at.replace(tzinfo=timezone(sign * offset))
    return at


def daticert(message):
    """The parsed daticert.xml attachment of ``message``, or None."""
    for part in message.walk():
        if (part.get_filename() or "").lower() == "daticert.xml":
            try:
                return ElementTree.fromstring(part.get_payload(decode=True) or b"")
            except ElementTree.ParseError:
                return None
    return None


def header_time(message):
    try:
        return parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        return None


def unfolded_id(value):
    """A Message-ID header's value without the folding whitespace."""
    return "".join(str(value or "").split())


def parse_receipt(raw):
    """The :class:`Receipt` in email bytes ``raw``, or None when it is none."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    kind = str(message.get("X-Ricevuta") or "").strip().lower()
    reference = unfolded_id(message.get("X-Riferimento-Message-ID"))
    if kind not in KINDS or not reference:
        return None
    cert = daticert(message)
    dati = cert.find("dati") if cert is not None else None
    error = (cert.get("errore", "") if cert is not None else "").strip()
    reason = _text(dati, "errore-esteso") or ("" if error in ("", "nessuno") else error)
    return Receipt(kind=kind, reference=reference,
                   id=unfolded_id(message.get("Message-ID")),
                   at=certified_time(dati) or header_time(message),
                   recipient=_text(dati, "consegna"), error=error, reason=reason)
