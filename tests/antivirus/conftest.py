"""A real clamd from Debian (``make sysdeps`` installs clamav-daemon) with a
local signature database holding only the EICAR test file's signature:
freshclam's mirrors are not reachable, and a test needs nothing else."""

from pathlib import Path

import hashlib
import os
import pytest
import shutil
import socket
import subprocess
import time


# The EICAR anti-malware test file: harmless, recognised by every engine.
EICAR = (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
SIGNATURE = "Comune-Istanze-Test-EICAR"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"


def _answers(path):
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(path))
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    """The socket path of a running clamd; stopped at the end of the session."""
    assert os.path.exists(CLAMD), "clamd manca: `make sysdeps` installa clamav-daemon"
    base = tmp_path_factory.mktemp("clamd")
    database = base / "db"
    database.mkdir()
    md5 = hashlib.md5(EICAR).hexdigest()
    (database / "test.hdb").write_text(f"{md5}:{len(EICAR)}:{SIGNATURE}\n", encoding="ascii")
    sock = base / "clamd.sock"
    conf = base / "clamd.conf"
    conf.write_text(f"LocalSocket {sock}\nDatabaseDirectory {database}\nForeground yes\n"
                    f"TemporaryDirectory {base}\nLogFile {base / 'clamd.log'}\n",
                    encoding="ascii")
    proc = subprocess.Popen([CLAMD, "--config-file", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _answers(sock):
            assert proc.poll() is None, (base / "clamd.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "clamd non risponde"
            time.sleep(0.2)
        yield Path(sock)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
