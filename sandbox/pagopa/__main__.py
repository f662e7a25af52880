"""``python -m sandbox.pagopa --port 8083``: run the sandbox pagoPA."""

from sandbox.pagopa.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="pagoPA di prova (GPD, Ricevute, FdR, Checkout)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8083)
    parser.add_argument("--subscription-key", default="sandbox-key",
                        help="chiave attesa in Ocp-Apim-Subscription-Key")
    parser.add_argument("--demo-creditor", default="",
                        help="pubblica le posizioni demo (TARI, sanzioni, mensa) di questo ente")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.subscription_key, args.demo_creditor)


if __name__ == "__main__":
    main()
