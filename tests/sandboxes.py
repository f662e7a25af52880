"""Simulators in the tests: served in a thread, driven through their HTTP
test hooks (``/_control``: mode, state, reset), as ``sandbox/hooks.py``
defines them for every simulator."""

from contextlib import contextmanager

import json
import threading
import urllib.request


@contextmanager
def serving(server):
    """Serve a simulator's HTTP server in a thread for the ``with`` block."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class SandboxDriver:
    """The test hooks every simulator shares; subclasses add their own."""

    def __init__(self, server):
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_address[1]}"

    def call(self, path, payload=None):
        """GET ``path``, or POST ``payload`` as JSON; the raw answer."""
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method="POST" if data is not None else "GET")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read()

    def call_json(self, path, payload=None):
        return json.loads(self.call(path, payload))

    def mode(self, mode, delay=0, times=None):
        return self.call_json("/_control", {"mode": mode, "delay": delay, "times": times})

    def state(self):
        return self.call_json("/_control/state")

    def reset(self):
        self.call("/_control/reset", {})
