"""One real cluster for the tests of this folder, started as an operator does
(``scripts/cluster.py``, what ``make cluster`` runs) on free ports in a scratch
folder: PostgreSQL, the demo site, the simulators, 2 Zope processes, the
worker and HAProxy. Stopped at the end whatever happens (SIGTERM, then
SIGKILL of every pid it listed, then PostgreSQL)."""

from pathlib import Path
from tests.cluster.running import Running
from tests.test_start import _free_port

import pytest
import shutil
import tempfile


@pytest.fixture(scope="package")
def cluster():
    # not under pytest's /tmp/pytest-of-<user>: every pytest session started
    # meanwhile (other suites on this machine) sets it back to 0700, and the
    # postgres user must reach PostgreSQL's data folder
    home = Path(tempfile.mkdtemp(prefix="comune-istanze-cluster-"))
    running = Running(home, _free_port(span=31))
    try:
        yield running.start()
    finally:
        running.cleanup()
        shutil.rmtree(home, ignore_errors=True)
