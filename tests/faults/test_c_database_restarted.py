"""PostgreSQL restarted (``pg_ctl stop -m fast|immediate`` and start) in the
middle of a burst: Zope and the worker lose their connections; the citizens
retry what failed; both processes carry on without a restart of theirs."""

from tests.faults.burst import Burst
from tests.faults.checks import outcome
from tests.faults.checks import settled

import pytest


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_postgresql_restarted_during_a_burst(rig, unused, mode):
    burst = Burst(rig, unused(30)).start()
    burst.wait_for_count(10)
    rig.pg.stop(mode=mode)
    rig.pg.start()
    burst.join()
    outcome(rig, burst, settled(rig))
    assert rig.worker.alive and rig.instance.zope.poll() is None
