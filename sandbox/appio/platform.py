"""The state of the sandbox App IO: profiles, inboxes, messages.

Every valid fiscal code has an App IO profile that allows the Comune's
service, except the demo citizens of :data:`DEMO_CITIZENS` (one has turned
the service off, one is not in App IO) and those the tests set through
``/_control/profile``. A message to a citizen without a profile or who does
not allow the service is stored REJECTED (as App IO does) and counted in
``sent_to_refused``: a client that checks the profile first never sends one.
"""

from comune.istanze.fakes import fiscal_code
from datetime import datetime
from datetime import timezone
from sandbox.hooks import TestHooks
from sandbox.jsonapi import Refused

import secrets
import threading


SERVICE_ID = "01SANDBOXCOMUNEISTANZE0001"
ABSENT = "absent"
# (first, last, year, month, day, female, profile): valid but FAKE fiscal codes
# (the demo site's Luca Verdi and the broker's Paolo Romano among them)
DEMO_CITIZENS = (
    ("Luca", "Verdi", 1972, 7, 23, False, False),  # turned the Comune's service off
    ("Bruno", "Silenzi", 1970, 4, 2, False, False),
    ("Paolo", "Romano", 1958, 5, 30, False, ABSENT),  # not in App IO
    ("Nadia", "Assenti", 1988, 9, 17, True, ABSENT),
)
DEMO_PROFILES = {fiscal_code(f, la, y, m, d, fem): p for f, la, y, m, d, fem, p in DEMO_CITIZENS}


def now_utc():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{datetime.now(timezone.utc).microsecond // 1000:03d}Z"


class AppIO(TestHooks):
    def __init__(self, subscription_key):
        self.lock = threading.Lock()
        self.subscription_key = subscription_key
        self.reset()

    def reset(self):
        with self.lock:
            self.profiles = dict(DEMO_PROFILES)  # fiscal code -> True / False / ABSENT
            self.messages = {}  # id -> stored message
            self.profile_reads = []  # fiscal codes asked for
            self.sent_to_refused = []  # message ids sent where the profile forbids
            self.hold = False  # keep new messages ACCEPTED (processing not finished)
        self.reset_hooks()

    def set_profile(self, fiscal_code, allowed):
        with self.lock:
            self.profiles[fiscal_code] = allowed

    def profile(self, fiscal_code):
        with self.lock:
            self.profile_reads.append(fiscal_code)
            allowed = self.profiles.get(fiscal_code, True)
        if allowed == ABSENT:
            raise Refused(404, "Profile not found", "No user found for the provided fiscal code.")
        return {"sender_allowed": bool(allowed), "preferred_languages": ["it_IT"]}

    def submit(self, fiscal_code, body):
        message_id = "01" + secrets.token_hex(12).upper()
        with self.lock:
            allowed = self.profiles.get(fiscal_code, True)
            status = "REJECTED" if allowed in (False, ABSENT) else \
                ("ACCEPTED" if self.hold else "PROCESSED")
            self.messages[message_id] = {
                "id": message_id, "fiscal_code": fiscal_code, "created_at": now_utc(),
                "time_to_live": body.get("time_to_live", 3600), "content": body["content"],
                "sender_service_id": SERVICE_ID, "feature_level_type":
                    body.get("feature_level_type", "STANDARD"), "status": status}
            if status == "REJECTED":
                self.sent_to_refused.append(message_id)
        return message_id

    def read(self, fiscal_code, message_id):
        with self.lock:
            stored = self.messages.get(message_id)
            if stored is None or stored["fiscal_code"] != fiscal_code:
                raise Refused(404, "Message not found", "No message found for the provided ID.")
            status = stored["status"]
            message = {k: v for k, v in stored.items() if k != "status"}
        answer = {"message": message, "status": status}
        if status == "PROCESSED":
            answer["notification"] = {"email": "SENT"}
        return answer

    def hold_processing(self):
        with self.lock:
            self.hold = True

    def finish_processing(self):
        """Messages held ACCEPTED are processed now."""
        with self.lock:
            self.hold = False
            for stored in self.messages.values():
                if stored["status"] == "ACCEPTED":
                    stored["status"] = "PROCESSED"

    def inbox(self, fiscal_code=None):
        with self.lock:
            rows = [dict(m) for m in self.messages.values()
                    if fiscal_code is None or m["fiscal_code"] == fiscal_code]
        return sorted(rows, key=lambda m: m["created_at"])

    def state(self):
        with self.lock:
            return {"mode": self.mode, "calls": self.calls, "hold": self.hold,
                    "messages": len(self.messages), "profile_reads": list(self.profile_reads),
                    "sent_to_refused": list(self.sent_to_refused),
                    "profiles": {cf: (v if v == ABSENT else bool(v))
                                 for cf, v in self.profiles.items()}}
