"""``python -m sandbox.anpr --port 8086``: run the sandbox ANPR."""

from sandbox.anpr.server import serve
from sandbox.pdnd import DEMO_PURPOSES

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="ANPR di prova (e-service C015, C020, C021)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8086)
    parser.add_argument("--audience", default=DEMO_PURPOSES["anpr"].audience,
                        help="aud atteso di voucher PDND e firme ModI")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.audience)


if __name__ == "__main__":
    main()
