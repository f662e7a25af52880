"""The sink as the Comune's PEC provider (gestore PEC), for its PEC address.

For every email sent FROM the configured PEC sender address
(``--pec-sender``) the provider puts in that sender's mailbox, as the PEC
technical rules (DM 2 novembre 2005, regole tecniche PEC) prescribe, a
``accettazione`` receipt and, per recipient, an ``avvenuta-consegna``
receipt, or an ``errore-consegna`` one for a recipient it is told to
reject (an address containing "errore", or one given to :meth:`reject`,
``POST /_control/pec {"reject": [...]}``). Each receipt has the headers
``X-Ricevuta`` and ``X-Riferimento-Message-ID`` (the original Message-ID)
and a ``daticert.xml`` attachment (tipo, errore, mittente, destinatari,
oggetto, data, identificativo, msgid, consegna, errore-esteso). Unlike a
real provider the sandbox signs nothing (no S/MIME) and does not wrap the
delivered message in a transport envelope (busta di trasporto,
``X-Trasporto``): the recipient's copy is the one the sink captured.

The mailbox is served over POP3 (``pop3.py``).
"""

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate
from email.utils import make_msgid
from email.utils import parseaddr
from xml.sax.saxutils import escape

import itertools
import threading


DOMAIN = "pec.sandbox.example"
SUBJECTS = {"accettazione": "ACCETTAZIONE", "avvenuta-consegna": "CONSEGNA",
            "errore-consegna": "AVVISO DI MANCATA CONSEGNA"}
TEXTS = {"accettazione": "il messaggio è stato accettato dal sistema",
         "avvenuta-consegna": "il messaggio è stato consegnato a {to}",
         "errore-consegna": "il messaggio non è stato consegnato a {to}"}
# a Message-ID longer than 78 characters stays one line (RFC 5322 allows 998)
LONG_LINES = policy.SMTP.clone(max_line_length=998)
REJECTED = "Casella del destinatario inesistente (sandbox)"


def daticert(kind, original, sender, recipients, to="", error="nessuno", reason=""):
    now = datetime.now().astimezone()
    offset = now.strftime("%z")
    fields = [f"<mittente>{escape(sender)}</mittente>",
              *(f'<destinatari tipo="certificato">{escape(r)}</destinatari>' for r in recipients),
              f"<risposte>{escape(sender)}</risposte>",
              f"<oggetto>{escape(str(original.get('Subject', '')))}</oggetto>"]
    dati = ["<gestore-emittente>Gestore PEC di prova</gestore-emittente>",
            f'<data zona="{offset}"><giorno>{now:%d/%m/%Y}</giorno>'
            f'<ora>{now:%H:%M:%S}</ora></data>',
            f"<identificativo>opec.{make_msgid(domain=DOMAIN).strip('<>')}</identificativo>",
            f"<msgid>{escape(''.join(str(original.get('Message-ID', '')).split()))}</msgid>"]
    if to:
        dati.append(f"<consegna>{escape(to)}</consegna>")
    if reason:
        dati.append(f"<errore-esteso>{escape(reason)}</errore-esteso>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<postacert tipo="{kind}" '
            f'errore="{error}"><intestazione>{"".join(fields)}</intestazione>'
            f'<dati>{"".join(dati)}</dati></postacert>\n').encode("utf-8")


def receipt(kind, original, sender, recipients, to="", error="nessuno", reason=""):
    msg = EmailMessage(policy=LONG_LINES)
    msg["Subject"] = f"{SUBJECTS[kind]}: {original.get('Subject', '')}"
    msg["From"] = f"posta-certificata@{DOMAIN}"
    msg["To"] = sender
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=DOMAIN)
    msg["X-Ricevuta"] = kind
    msg["X-Riferimento-Message-ID"] = "".join(str(original.get("Message-ID", "")).split())
    msg.set_content(f"Ricevuta di {kind}: {TEXTS[kind].format(to=to)}.\n"
                    f"Oggetto: {original.get('Subject', '')}\n")
    msg.add_attachment(daticert(kind, original, sender, recipients, to, error, reason),
                       maintype="application", subtype="xml", filename="daticert.xml")
    return msg.as_bytes()


class PECProvider:
    """The PEC sender's mailbox: receipts, each with a POP3 unique id."""

    def __init__(self, sender, password):
        self.sender = sender.lower()
        self.password = password
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.mailbox = []  # [(uid, raw bytes)]
            self.rejected = set()
            self.ids = itertools.count(1)

    def reject(self, addresses):
        with self.lock:
            self.rejected.update(a.lower() for a in addresses)

    def put(self, raw):
        """Add an email to the mailbox (also used by tests for strangers)."""
        with self.lock:
            self.mailbox.append((f"pec-{next(self.ids)}", raw))

    def accept(self, envelope_from, recipients, raw):
        """Called for every email the sink receives."""
        original = BytesParser(policy=policy.default).parsebytes(raw)
        sender = (parseaddr(str(original.get("From", "")))[1] or envelope_from).lower()
        if self.sender not in (sender, (envelope_from or "").lower()):
            return
        self.put(receipt("accettazione", original, self.sender, recipients))
        for to in recipients:
            if "errore" in to.lower() or to.lower() in self.rejected:
                self.put(receipt("errore-consegna", original, self.sender, recipients, to,
                                 "no-dest", REJECTED))
            else:
                self.put(receipt("avvenuta-consegna", original, self.sender, recipients, to))

    def snapshot(self):
        with self.lock:
            return list(self.mailbox)

    def delete(self, uids):
        with self.lock:
            self.mailbox = [(uid, raw) for uid, raw in self.mailbox if uid not in uids]

    def listing(self):
        """For tests: the receipts' uid, kind and reference."""
        found = []
        for uid, raw in self.snapshot():
            head = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
            found.append({"uid": uid, "ricevuta": str(head.get("X-Ricevuta", "")),
                          "riferimento": str(head.get("X-Riferimento-Message-ID", "")),
                          "subject": str(head.get("Subject", ""))})
        return found
