"""A loopback TCP proxy in front of Zope that loses some answers.

Every ``every``-th answer is dropped: the request reached Zope, which did the
work, committed and began to answer, but the citizen's connection is cut
before a byte of it arrives (a proxy or a mobile network failing at the
wrong moment). The citizen can only send the request again.
"""

import socket
import socketserver
import threading


class LossyProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream_port, every=5):
        super().__init__(("127.0.0.1", 0), Pipe)
        self.upstream = ("127.0.0.1", upstream_port)
        self.every = every
        self.answers = 0
        self.lost = 0
        self.lock = threading.Lock()

    @property
    def port(self):
        return self.server_address[1]

    def lose_this_answer(self):
        with self.lock:
            self.answers += 1
            lose = self.answers % self.every == 0
            self.lost += lose
            return lose

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class Pipe(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            upstream = socket.create_connection(self.server.upstream, timeout=120)
        except OSError:
            return  # Zope is down: the client sees the connection closed
        forward = threading.Thread(target=self.pump, args=(self.request, upstream), daemon=True)
        forward.start()
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                # a client waits for an answer before its next request on
                # the connection: a new answer starts a chunk
                if data.startswith(b"HTTP/1.") and self.server.lose_this_answer():
                    break  # Zope answered; the citizen never hears it
                self.request.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (upstream, self.request):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    @staticmethod
    def pump(source, target):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
