"""One rig for every fault test (tests/faults/rig.py): PostgreSQL, Zope on
RelStorage, the worker, the protocol register and the mail sink, started
once (the site is created once, about a minute) and stopped at the end,
also when a test fails. Each test takes citizens nobody used before."""

from tests.faults.rig import Rig

import pytest
import shutil
import tempfile


CITIZENS = 200


@pytest.fixture(scope="package")
def rig():
    # not under pytest's basetemp: another pytest run (of any user session on
    # the machine) makes /tmp/pytest-of-<user> 0700 again, and the postgres
    # user running the server would lose its data folder mid-test
    home = tempfile.mkdtemp(prefix="comune-istanze-faults-")
    started = Rig(home)
    try:
        yield started.start(CITIZENS)
    finally:
        started.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="package")
def unused(rig):
    pool = list(rig.info["citizens"])

    def take(count):
        assert len(pool) >= count, "raise CITIZENS in tests/faults/conftest.py"
        taken = pool[:count]
        del pool[:count]
        return taken

    return take
