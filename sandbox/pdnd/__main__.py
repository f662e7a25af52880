"""``python -m sandbox.pdnd --port 8085``: run the sandbox PDND voucher endpoint."""

from sandbox.pdnd.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="PDND Interoperabilità di prova (voucher)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8085)
    parser.add_argument("--lifetime", type=int, default=600,
                        help="validità dei voucher in secondi (PDND: al massimo 600)")
    args = parser.parse_args(argv)
    serve(args.host, args.port, lifetime=args.lifetime)


if __name__ == "__main__":
    main()
