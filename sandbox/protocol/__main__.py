"""``python -m sandbox.protocol --port 8082``: run the sandbox protocol register."""

from sandbox.protocol.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="Registro di protocollo di prova (SOAP)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--amministrazione", default="c_x999")
    parser.add_argument("--aoo", default="aoo_esempio")
    parser.add_argument("--registro", default="PG")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.amministrazione, args.aoo, args.registro)


if __name__ == "__main__":
    main()
