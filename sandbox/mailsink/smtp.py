"""The SMTP side of the sink: the RFC 5321 commands a mail client needs
(EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no relaying, no auth.

Test hooks (``sandbox/hooks.py``) apply per message: "down" answers 421 and
closes, "fail" refuses the message with 451 (a temporary failure the
outbox retries), "slow" waits before accepting, "lose_response" stores the
message and drops the connection before the final 250.
"""

from sandbox.hooks import QuietDisconnects

import re
import socketserver
import time


ADDRESS = re.compile(r"^(MAIL FROM|RCPT TO):\s*<([^>]*)>", re.IGNORECASE)


class SMTPHandler(socketserver.StreamRequestHandler):
    store = None  # MailStore, set by make_smtp_server
    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self):
        self.reply("220 sandbox-mailsink ESMTP pronto")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            command = line.decode("latin-1").rstrip("\r\n")
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-sandbox-mailsink" if verb == "EHLO" else "250 sandbox-mailsink")
                if verb == "EHLO":
                    self.reply("250-8BITMIME")
                    self.reply("250 SIZE 26214400")
            elif verb in ("MAIL", "RCPT"):
                match = ADDRESS.match(command)
                if not match:
                    self.reply("501 Sintassi: MAIL FROM:<indirizzo> / RCPT TO:<indirizzo>")
                elif verb == "MAIL":
                    sender, recipients = match.group(2), []
                    self.reply("250 OK")
                elif sender is None:
                    self.reply("503 Prima MAIL FROM")
                else:
                    recipients.append(match.group(2))
                    self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 Nessun destinatario")
                    continue
                self.reply("354 Fine con <CRLF>.<CRLF>")
                if not self.receive(sender, recipients, self.read_data()):
                    return
                sender, recipients = None, []
            elif verb == "RSET":
                sender, recipients = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Arrivederci")
                return
            else:
                self.reply("502 Comando non implementato")

    def read_data(self):
        lines = []
        while True:
            line = self.rfile.readline(1 << 20)
            if not line or line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def receive(self, sender, recipients, raw):
        """Apply the test hook and store; False when the connection must end."""
        mode, delay = self.store.current_mode()
        if mode == "down":
            self.reply("421 Servizio non disponibile")
            return False
        if mode == "fail":
            self.reply("451 Errore temporaneo, riprovare")
            return True
        if mode == "slow":
            time.sleep(delay)
        self.store.add(sender, recipients, raw)
        if mode == "lose_response":
            return False
        self.reply("250 Messaggio accettato")
        return True


class SMTPServer(QuietDisconnects, socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_smtp_server(host, port, store):
    handler = type("BoundSMTPHandler", (SMTPHandler,), {"store": store})
    return SMTPServer((host, port), handler)

