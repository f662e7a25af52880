"""``make worker``: the outbox worker, run inside Zope.

``zconsole run instance/etc/zope.conf scripts/worker.py --site-id Plone [--once]``

The worker itself is :mod:`comune.istanze.outbox.worker` (``run(app, site_id,
once)``); this script only parses the arguments, sets up logging and fails
with a clear message when that module is not available.
"""

from pathlib import Path

import argparse
import importlib
import logging
import sys


def script_args():
    for index, arg in enumerate(sys.argv):
        if arg.endswith("worker.py"):
            return sys.argv[index + 1:]
    return sys.argv[1:]


def main(app, argv):
    parser = argparse.ArgumentParser(description="Worker della coda di invio (outbox)")
    parser.add_argument("--site-id", default="Plone")
    parser.add_argument("--once", action="store_true",
                        help="elabora i lavori scaduti ed esce")
    args = parser.parse_args(argv)
    try:
        worker = importlib.import_module("comune.istanze.outbox.worker")
    except ImportError as error:
        print("Il worker della coda di invio (comune.istanze.outbox.worker) non è "
              f"disponibile in questa versione: {error}", file=sys.stderr)
        return 2
    if args.site_id not in app.objectIds():
        print(f"Il sito /{args.site_id} non esiste: lancia prima `make start`.",
              file=sys.stderr)
        return 2
    # force: Zope's startup has already given the root logger a WARNING handler,
    # which would hide the worker's own INFO lines (started, jobs done)
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, force=True,
                        format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    print(f"Worker della coda di invio su /{args.site_id} ({Path.cwd()})", flush=True)
    try:
        worker.run(app, site_id=args.site_id, once=args.once)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(app, script_args()))  # noqa: F821 (``app`` is given by zconsole)
