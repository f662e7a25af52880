"""``python -m sandbox.mailsink --port 8089``: the page on 8089, SMTP on 8090."""

from sandbox.hooks import serve_until_interrupted
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
    args = parser.parse_args(argv)
    store = MailStore()
    smtp_port = args.smtp_port or args.port + 1
    smtp = make_smtp_server(args.host, smtp_port, store)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    web = make_web_server(args.host, args.port, store)
    try:
        serve_until_interrupted(web, f"Posta di prova: http://{args.host}:{args.port}/ "
                                     f"(SMTP su {args.host}:{smtp_port})")
    finally:
        smtp.shutdown()
        smtp.server_close()


if __name__ == "__main__":
    main()
