"""HAProxy in front of the Zope processes of ``make cluster``: its configuration
and what its stats socket says.

- health check: ``GET /<site>/@@health`` every 2 seconds (every second
  while a process changes state); three failures mark a process down, two
  successes up again; a check may take 10 s, because a busy process answers
  it after the requests already in its queue (``@@health`` answers 503 only when the
  process cannot reach the database: a late worker is no reason to stop
  serving citizens, see ``comune.istanze.health.checks``);
- ``retries 3`` + ``option redispatch 1``: a connection refused by a dead
  process is retried on another one; ``retry-on`` also retries a GET/HEAD
  whose process died before answering (empty response); other methods are
  retried only when the connection failed, so a submission is never sent twice;
- ``maxconn`` per process: 2 requests per waitress thread, the others wait in
  HAProxy's queue (at most ``timeout queue``), where the least busy process
  takes them (``balance leastconn``).
"""

import socket


HAPROXY = "/usr/sbin/haproxy"
BACKEND = "zope"

CONFIG = """\
# Written by scripts/cluster.py (scripts/balancer.py): edit those, not this file.
global
    maxconn 4096
    stats socket {stats} mode 600 level admin
    log stdout format raw local0 {loglevel}

defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 2s
    timeout client 120s
    timeout server 300s
    timeout http-request 30s
    timeout queue 60s
    # a busy process answers its health check late (the check waits behind
    # the requests in waitress's queue): late is not dead
    timeout check 10s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend comune
    bind {bind}:{port}
    default_backend {backend}

backend {backend}
    balance leastconn
    http-request disable-l7-retry if !METH_GET
    option httpchk
    http-check send meth GET uri /{site_id}/@@health ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    default-server check inter 2s fastinter 1s downinter 1s fall 3 rise 2 maxconn {maxconn}
{servers}
"""


def config(port, backends, stats, site_id="Plone", bind="127.0.0.1", threads=2,
           loglevel="notice"):
    """The text of haproxy.cfg. ``backends``: ``[(name, "host:port"), ...]``;
    ``stats``: path of the admin socket. ``loglevel`` ``info`` logs every request."""
    if not backends:
        raise ValueError("nessun processo Zope da bilanciare")
    servers = "\n".join(f"    server {name} {address}" for name, address in backends)
    return CONFIG.format(stats=stats, bind=bind, port=port, backend=BACKEND, site_id=site_id,
                         maxconn=2 * threads, servers=servers, loglevel=loglevel)


def parse_backends(text):
    """``"10.0.0.11:8100,10.0.0.12:8100"`` -> ``[("zope-1", "10.0.0.11:8100"), ...]``."""
    addresses = [part.strip() for part in text.split(",") if part.strip()]
    for address in addresses:
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"indirizzo di un processo Zope non valido: {address!r} "
                             "(atteso host:porta)")
    return [(f"zope-{i}", address) for i, address in enumerate(addresses, 1)]


def command(cfg):
    """HAProxy in the foreground (``-db``), so that the supervisor sees it die."""
    return [HAPROXY, "-db", "-f", str(cfg)]


def ask(stats, line, timeout=5):
    """Send one command to the stats socket; return the answer."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(timeout)
        sock.connect(str(stats))
        sock.sendall(line.encode() + b"\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def servers(stats):
    """{server name: status} of the Zope backend ("UP", "DOWN", "UP 1/2", ...)."""
    lines = ask(stats, "show stat").splitlines()
    if not lines or not lines[0].startswith("# "):
        return {}
    header = lines[0][2:].split(",")
    rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
    return {row["svname"]: row["status"] for row in rows
            if row.get("pxname") == BACKEND and row["svname"] not in ("BACKEND", "FRONTEND")}


def all_up(stats, names):
    try:
        status = servers(stats)
    except OSError:
        return False
    return all(status.get(name) == "UP" for name in names)
