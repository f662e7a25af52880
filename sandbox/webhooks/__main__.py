"""``python -m sandbox.webhooks --port 8084 --secret S``: run the sandbox receiver."""

from sandbox.webhooks.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="Ricevitore di eventi (webhook) di prova")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8084)
    parser.add_argument("--secret", default=None,
                        help="segreto condiviso (HMAC Standard Webhooks e JWS HS256)")
    parser.add_argument("--public-key-file", default=None,
                        help="chiave pubblica PEM del Comune, per le firme JWS RS256")
    args = parser.parse_args(argv)
    public_key = None
    if args.public_key_file:
        with open(args.public_key_file, encoding="ascii") as f:
            public_key = f.read()
    serve(args.host, args.port, args.secret, public_key)


if __name__ == "__main__":
    main()
