"""The captured emails, in memory, in arrival order.

Every message the SMTP side accepts is kept, as a mail server keeps every
delivery; one whose ``Message-ID`` the same recipients already received is
marked ``duplicate_of`` the first (a mailbox shows it once): a sender that
resends after a lost answer is told apart from one that sends twice.
"""

from datetime import datetime
from datetime import timezone
from email import policy
from email.parser import BytesParser
from sandbox.hooks import TestHooks

import threading


class MailStore(TestHooks):
    """Every message the sink accepted, newest last."""

    def __init__(self, limit=1000, pec=None):
        self.lock = threading.Lock()
        self.limit = limit
        self.pec = pec  # the PEC provider (pec.py) of the PEC sender, if any
        self.reset()

    def reset(self):
        with self.lock:
            self.messages = []
            self.next_id = 1
        self.reset_hooks()
        if self.pec is not None:
            self.pec.reset()

    def add(self, sender, recipients, raw):
        message = BytesParser(policy=policy.default).parsebytes(raw)
        body = message.get_body(preferencelist=("plain", "html"))
        message_id = str(message.get("Message-ID", "")).strip()
        with self.lock:
            first = next((m["id"] for m in self.messages if message_id and m["message_id"] == message_id
                          and m["envelope_to"] == list(recipients)), None)
            entry = {
                "id": self.next_id,
                "message_id": message_id,
                "duplicate_of": first,
                "received": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "envelope_from": sender,
                "envelope_to": list(recipients),
                "from": str(message.get("From", "")),
                "to": str(message.get("To", "")),
                "subject": str(message.get("Subject", "")),
                "body": body.get_content().replace("\r\n", "\n") if body is not None else "",
                "attachments": [part.get_filename() or "" for part in message.iter_attachments()],
                "size": len(raw),
            }
            self.next_id += 1
            self.messages.append(entry)
            del self.messages[:-self.limit]
        if self.pec is not None:
            self.pec.accept(sender, recipients, raw)
        return entry

    def listing(self, recipient=None):
        with self.lock:
            found = list(self.messages)
        if recipient:
            found = [m for m in found if recipient.lower() in
                     (r.lower() for r in m["envelope_to"])]
        return found

    def get(self, message_id):
        with self.lock:
            return next((m for m in self.messages if m["id"] == message_id), None)
