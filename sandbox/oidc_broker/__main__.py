"""``python -m sandbox.oidc_broker --port 8081``: run the sandbox broker."""

from sandbox.oidc_broker.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="Broker SPID/CIE OIDC di prova")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--issuer", default=None, help="default: http://HOST:PORT")
    parser.add_argument("--client-id", default="comune-istanze")
    parser.add_argument("--client-secret", default="sandbox-secret")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.issuer, clients={args.client_id: args.client_secret})


if __name__ == "__main__":
    main()
