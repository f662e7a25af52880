"""``python -m sandbox.mailsink --port 8089``: the page on 8089, SMTP on 8090;
with ``--pec-sender ADDRESS`` also the PEC provider of that address
(receipts, ``pec.py``) and its mailbox over POP3 on 8091."""

from sandbox import SANDBOX_PEC_PASSWORD
from sandbox.hooks import serve_until_interrupted
from sandbox.mailsink.pec import PECProvider
from sandbox.mailsink.pop3 import make_pop3_server
from sandbox.mailsink.smtp import make_smtp_server
from sandbox.mailsink.store import MailStore
from sandbox.mailsink.web import make_web_server

import argparse
import threading


def main(argv=None):
    parser = argparse.ArgumentParser(description="Posta di prova: SMTP in ingresso, pagina web")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089, help="pagina web")
    parser.add_argument("--smtp-port", type=int, default=None,
                        help="server SMTP (predefinita: la porta della pagina + 1)")
    parser.add_argument("--pec-sender", default="",
                        help="indirizzo PEC del Comune: le sue email ricevono le ricevute PEC")
    parser.add_argument("--pec-password", default=SANDBOX_PEC_PASSWORD,
                        help="password POP3 della casella PEC")
    parser.add_argument("--pop3-port", type=int, default=None,
                        help="server POP3 della casella PEC (predefinita: pagina + 2)")
    args = parser.parse_args(argv)
    pec = PECProvider(args.pec_sender, args.pec_password) if args.pec_sender else None
    store = MailStore(pec=pec)
    smtp_port = args.smtp_port or args.port + 1
    servers = [make_smtp_server(args.host, smtp_port, store)]
    banner = f"(SMTP su {args.host}:{smtp_port})"
    if pec is not None:
        pop3_port = args.pop3_port or args.port + 2
        servers.append(make_pop3_server(args.host, pop3_port, pec))
        banner += f" (PEC di {args.pec_sender}: POP3 su {args.host}:{pop3_port})"
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    web = make_web_server(args.host, args.port, store)
    try:
        serve_until_interrupted(web, f"Posta di prova: http://{args.host}:{args.port}/ {banner}")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
