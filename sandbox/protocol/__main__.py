"""``python -m sandbox.protocol --port 8082``: run the sandbox protocol register."""

from sandbox.protocol.server import serve
from sandbox.protocol.signing import DEMO_CERT
from sandbox.protocol.signing import DEMO_KEY
from sandbox.protocol.signing import load_key_and_cert

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="Registro di protocollo di prova (SOAP)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--amministrazione", default="c_x999")
    parser.add_argument("--aoo", default="aoo_esempio")
    parser.add_argument("--registro", default="PG")
    parser.add_argument("--key-file", default=str(DEMO_KEY), help="chiave di firma (PEM)")
    parser.add_argument("--cert-file", default=str(DEMO_CERT), help="certificato di firma (PEM)")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.amministrazione, args.aoo, args.registro,
          load_key_and_cert(args.key_file, args.cert_file))


if __name__ == "__main__":
    main()
