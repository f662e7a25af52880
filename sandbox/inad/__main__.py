"""``python -m sandbox.inad --port 8087``: run the sandbox INAD."""

from sandbox.inad.server import serve

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(description="INAD di prova (domicili digitali)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8087)
    parser.add_argument("--polls", type=int, default=1,
                        help="interrogazioni di stato «in elaborazione» prima che un elenco "
                             "sia disponibile")
    args = parser.parse_args(argv)
    serve(args.host, args.port, polls_needed=args.polls)


if __name__ == "__main__":
    main()
