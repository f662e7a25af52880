"""``kill -9`` of the Zope process in the middle of a burst of submissions.

8 citizens at a time submit over HTTP through a proxy that loses one answer
in five (Zope did the work, the citizen never hears it); when a third of
them have their number the process is killed, requests in flight die with
it, and it is started again. The citizens retry what got no answer with the
same Idempotency-Key. Nobody ends up with two applications or none, numbers
stay unique, registrations and emails happen once.
"""

from tests.faults.burst import Burst
from tests.faults.checks import outcome
from tests.faults.checks import settled
from tests.faults.lossy import LossyProxy


def test_kill_9_of_zope_during_a_burst_with_lost_answers(rig, unused):
    with LossyProxy(rig.instance.port, every=5) as proxy:
        burst = Burst(rig, unused(60), site_url=f"http://127.0.0.1:{proxy.port}/Plone").start()
        burst.wait_for_count(20)
        rig.kill_zope()
        rig.start_zope()
        burst.join()
    figures = outcome(rig, burst, settled(rig))
    print(f"answers lost by the proxy: {proxy.lost}")
    assert figures["failed_attempts"] > 0, "the kill cut requests in flight"
    assert proxy.lost > 0 and figures["replayed"] > 0, "lost answers were answered again"
