"""A minimal POP3 server (RFC 1939) for the PEC provider's mailbox.

One maildrop: the PEC sender's (user = its address, password = the one
given with ``--pec-password``). Commands: USER, PASS, STAT, LIST, UIDL,
RETR, DELE, NOOP, RSET, QUIT; the messages marked deleted go only when
QUIT ends the session (the UPDATE state), never when the connection drops.
"""

from sandbox.hooks import QuietDisconnects

import socketserver


class POP3Handler(socketserver.StreamRequestHandler):
    provider = None  # PECProvider, set by make_pop3_server
    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode("utf-8") + b"\r\n")

    def handle(self):
        self.reply("+OK sandbox-pec POP3 pronto")
        user, drop, deleted = None, None, set()
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return  # no QUIT: nothing deleted
            verb, _, arg = line.decode("utf-8", "replace").strip().partition(" ")
            verb = verb.upper()
            if verb == "QUIT":
                if drop is not None:
                    self.provider.delete({drop[n - 1][0] for n in deleted})
                self.reply("+OK arrivederci")
                return
            if drop is None:
                if verb == "USER":
                    user = arg
                    self.reply("+OK")
                elif verb == "PASS" and user is not None:
                    if (user.lower(), arg) == (self.provider.sender, self.provider.password):
                        drop = self.provider.snapshot()
                        self.reply(f"+OK {len(drop)} messaggi")
                    else:
                        user = None
                        self.reply("-ERR credenziali non valide")
                else:
                    self.reply("-ERR prima USER e PASS")
                continue
            self.transaction(verb, arg, drop, deleted)

    def transaction(self, verb, arg, drop, deleted):
        live = [n for n in range(1, len(drop) + 1) if n not in deleted]
        size = {n: len(drop[n - 1][1]) for n in live}
        if verb == "STAT":
            return self.reply(f"+OK {len(live)} {sum(size.values())}")
        if verb == "NOOP":
            return self.reply("+OK")
        if verb == "RSET":
            deleted.clear()
            return self.reply("+OK")
        if verb not in ("LIST", "UIDL", "RETR", "DELE"):
            return self.reply("-ERR comando sconosciuto")
        if not arg and verb in ("LIST", "UIDL"):
            self.reply("+OK")
            for n in live:
                self.reply(f"{n} {size[n] if verb == 'LIST' else drop[n - 1][0]}")
            return self.reply(".")
        number = int(arg) if arg.isdigit() else 0
        if number not in size:
            return self.reply("-ERR messaggio inesistente")
        if verb == "LIST":
            return self.reply(f"+OK {number} {size[number]}")
        if verb == "UIDL":
            return self.reply(f"+OK {number} {drop[number - 1][0]}")
        if verb == "DELE":
            deleted.add(number)
            return self.reply(f"+OK messaggio {number} cancellato")
        self.reply(f"+OK {size[number]} ottetti")
        for raw_line in drop[number - 1][1].splitlines():
            self.wfile.write((b"." if raw_line.startswith(b".") else b"") + raw_line + b"\r\n")
        self.reply(".")


class POP3Server(QuietDisconnects, socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_pop3_server(host, port, provider):
    handler = type("BoundPOP3Handler", (POP3Handler,), {"provider": provider})
    return POP3Server((host, port), handler)
