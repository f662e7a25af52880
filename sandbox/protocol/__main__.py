"""``python -m sandbox.protocol --port 8082``: run the sandbox protocol register."""

from pathlib import Path
from sandbox.protocol.agid import DEMO_MITTENTE_CERT
from sandbox.protocol.server import serve
from sandbox.protocol.signing import DEMO_CERT
from sandbox.protocol.signing import DEMO_KEY
from sandbox.protocol.signing import load_key_and_cert

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="Registro di protocollo di prova (SOAP e AgID tra AOO)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--amministrazione", default="c_x999")
    parser.add_argument("--aoo", default="aoo_esempio")
    parser.add_argument("--registro", default="PG")
    parser.add_argument("--key-file", default=str(DEMO_KEY), help="chiave di firma (PEM)")
    parser.add_argument("--cert-file", default=str(DEMO_CERT), help="certificato di firma (PEM)")
    # the AgID desk (/agid/destinatario): where and how to call the sender back
    parser.add_argument("--mittente-url", default="",
                        help="servizio mittente AgID a cui inviare conferme e annullamenti")
    parser.add_argument("--mittente-user", default="protocollo")
    parser.add_argument("--mittente-password", default="")
    parser.add_argument("--mittente-cert-file", default=str(DEMO_MITTENTE_CERT),
                        help="certificato con cui verificare la firma delle segnature ricevute")
    args = parser.parse_args(argv)
    agid = {"mittente_url": args.mittente_url, "mittente_user": args.mittente_user,
            "mittente_password": args.mittente_password,
            "mittente_cert": Path(args.mittente_cert_file).read_text("ascii")}
    serve(args.host, args.port, args.amministrazione, args.aoo, args.registro,
          load_key_and_cert(args.key_file, args.cert_file), agid=agid)


if __name__ == "__main__":
    main()
