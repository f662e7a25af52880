"""The protocol register down (HTTP 503) for a whole burst, then back:
every submission is accepted meanwhile (registration is outbox work), the
worker keeps retrying, and once the register is back every application is
registered exactly once."""

from tests.faults.burst import Burst
from tests.faults.checks import outcome
from tests.faults.checks import settled
from tests.faults.checks import wait_until


def test_protocol_register_down_for_the_whole_burst(rig, unused):
    state = rig.protocol.get("/_control/state")
    rig.protocol.control("down")
    try:
        burst = Burst(rig, unused(40)).start().join()
        assert wait_until(lambda: rig.protocol.get("/_control/state")["calls"] > state["calls"], 60)
        assert rig.protocol.get("/_control/state")["count"] == state["count"], "nothing registered"
    finally:
        rig.protocol.control("ok")
    outcome(rig, burst, settled(rig))
