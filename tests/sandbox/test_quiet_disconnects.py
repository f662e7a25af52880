"""A client hanging up on a simulator is one line, not a traceback (a
traceback printed in a simulator's thread could break a template compiling
in Zope's thread on CPython 3.11.7: see ``sandbox/hooks.py``); any other
error in a simulator keeps its traceback."""

from http.server import BaseHTTPRequestHandler
from sandbox.hooks import SandboxHTTPServer

import socket
import threading
import time


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/bug":
            raise ValueError("a simulator bug")
        self.server.hung_up.wait(10)
        self.send_response(200)
        self.end_headers()
        for _ in range(200):  # the client is gone: some write fails
            self.wfile.write(b"x" * 65536)


def serve():
    server = SandboxHTTPServer(("127.0.0.1", 0), Handler)
    server.hung_up = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ask(server, path):
    client = socket.create_connection(server.server_address, timeout=10)
    client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return client


def wait_for(capsys, needle, timeout=10):
    err, deadline = "", time.monotonic() + timeout
    while time.monotonic() < deadline:
        err += capsys.readouterr().err
        if needle in err:
            return err
        time.sleep(0.05)
    return err


def test_a_client_that_hangs_up_is_one_line(capsys):
    server = serve()
    try:
        client = ask(server, "/slow")
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        client.close()  # RST: the server's writes fail
        server.hung_up.set()
        err = wait_for(capsys, "hung up")
    finally:
        server.shutdown()
        server.server_close()
    assert "SandboxHTTPServer: client 127.0.0.1:" in err and "hung up before the answer" in err
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_a_simulator_bug_keeps_its_traceback(capsys):
    server = serve()
    try:
        ask(server, "/bug").close()
        err = wait_for(capsys, "ValueError")
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" in err and "ValueError: a simulator bug" in err
    assert "hung up" not in err
