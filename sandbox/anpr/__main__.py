"""``python -m sandbox.anpr --port 8086``: run the sandbox ANPR."""

from sandbox.anpr.server import serve

import argparse


def _read(path):
    if not path:
        return None
    with open(path, encoding="ascii") as f:
        return f.read()


def main(argv=None):
    parser = argparse.ArgumentParser(description="ANPR di prova (e-service C015, C020, C021)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8086)
    parser.add_argument("--voucher-key-file", default=None,
                        help="chiave pubblica PEM della PDND (firma dei voucher)")
    parser.add_argument("--client-key-file", default=None,
                        help="chiave pubblica PEM del Comune (firme ModI)")
    args = parser.parse_args(argv)
    serve(args.host, args.port, _read(args.voucher_key_file), _read(args.client_key_file))


if __name__ == "__main__":
    main()
