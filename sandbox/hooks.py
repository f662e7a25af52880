"""Test hooks shared by the simulators: fail, answer slowly, lose answers.

A simulator's state class mixes in :class:`TestHooks` (it must have a
``lock``); its HTTP handler asks :meth:`TestHooks.current_mode` before each
call and, for ``lose_response``, does the work and then calls
:func:`lose_answer` instead of answering.
"""

from http.server import ThreadingHTTPServer

import json
import sys
import time


DOWN_PAGE = b"<html><body>Service Unavailable</body></html>"

# A client that hangs up before the answer is written (a timeout on the
# product's side, ``lose_response``): nothing went wrong in the simulator.
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class QuietDisconnects:
    """Mixin for a ``socketserver`` server: a client that hung up is one line
    on stderr, not a traceback.

    Formatting a traceback parses source lines with :mod:`ast` (the carets of
    Python 3.11), and CPython 3.11.7 raises ``SystemError: AST constructor
    recursion depth mismatch`` when two threads do that at once
    (python/cpython#106905): a simulator printing a traceback in its thread
    could break a template compiling in Zope's thread of the same test
    process. Other errors keep their traceback: they are simulator bugs.
    """

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], CLIENT_GONE):
            sys.stderr.write(f"{type(self).__name__}: client {client_address[0]}:"
                             f"{client_address[1]} hung up before the answer\n")
            return
        super().handle_error(request, client_address)


class SandboxHTTPServer(QuietDisconnects, ThreadingHTTPServer):
    """The simulators' HTTP server (daemon threads, quiet disconnects)."""

    daemon_threads = True


class TestHooks:
    __test__ = False  # not a pytest class

    def reset_hooks(self):
        self.calls = 0
        self.mode, self.delay, self.times = "ok", 0.0, None

    def set_mode(self, mode, delay=0.0, times=None):
        """``mode`` for the next ``times`` calls (all calls when None)."""
        with self.lock:
            self.mode, self.delay, self.times = mode, float(delay or 0), times

    def current_mode(self):
        """(mode, delay) for the call being served; counts the call."""
        with self.lock:
            self.calls += 1
            mode, delay = self.mode, self.delay
            if self.times is not None:
                self.times -= 1
                if self.times <= 0:
                    self.mode, self.times = "ok", None
            return mode, delay


def lose_answer(handler):
    """Drop the connection of ``handler`` (a BaseHTTPRequestHandler) unanswered."""
    handler.close_connection = True
    handler.connection.shutdown(2)


def enter(handler, state):
    """Apply the hook to the call ``handler`` serves: "down" answers 503 (and
    returns None), "slow" waits; the mode is returned for the rest ("fail",
    "lose_response", "ok"). ``handler._send(status, body, content_type)``."""
    mode, delay = state.current_mode()
    if mode == "down":
        handler._send(503, DOWN_PAGE, "text/html")
        return None
    if mode == "slow":
        time.sleep(delay)
    return mode


def control(handler, state, method, path, body=b""):
    """Serve the test hooks when ``path`` is one of them; True when served.

    ``POST /_control`` ``{"mode", "delay", "times"}``, ``POST /_control/reset``
    and ``GET /_control/state`` (``state.state()``, ``state.reset()``).
    """
    if method == "GET" and path == "/_control/state":
        answer = state.state()
    elif method == "POST" and path == "/_control/reset":
        state.reset()
        answer = {}
    elif method == "POST" and path == "/_control":
        cmd = json.loads(body or b"{}")
        state.set_mode(cmd.get("mode", "ok"), cmd.get("delay", 0), cmd.get("times"))
        answer = state.state()
    else:
        return False
    handler._send(200, json.dumps(answer).encode(), "application/json")
    return True


def bound_server(handler, host, port, **state):
    """A threading HTTP server on ``host:port`` whose ``handler`` class sees
    ``state`` (e.g. ``registry=...``) as class attributes; the server carries
    the same attributes, for the tests and ``python -m sandbox.<name>``."""
    bound = type("BoundHandler", (handler,), dict(state))
    server = SandboxHTTPServer((host, port), bound)
    for name, value in state.items():
        setattr(server, name, value)
    return server


def serve_until_interrupted(server, banner):
    """``python -m sandbox.<name>``: print ``banner``, serve until Ctrl-C."""
    print(banner, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
