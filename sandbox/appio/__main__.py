"""``python -m sandbox.appio --port 8088``: run the sandbox App IO."""

from sandbox.appio.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="App IO di prova (profili e messaggi)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--subscription-key", default="sandbox-appio-key",
                        help="chiave attesa in Ocp-Apim-Subscription-Key")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.subscription_key)


if __name__ == "__main__":
    main()
