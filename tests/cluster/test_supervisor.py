"""scripts/supervisor.py: a dead child is started again after its pause, the
pause doubles while it keeps dying quickly, a long life forgets the failures,
and a child that never stays up makes the supervisor give up with a clear
message. Real processes (``sleep``); the clock is passed to ``check``."""

from tests.test_start import _script as script

import pytest
import signal
import time


supervisor = script("supervisor")


def until_dead(proc):
    proc.wait(10)


@pytest.fixture
def sup(tmp_path):
    changes = []
    s = supervisor.Supervisor(tmp_path, on_change=lambda s: changes.append(s.pids()))
    s.changes = changes
    yield s
    s.stop()


def test_a_dead_child_is_restarted_after_its_backoff(sup, tmp_path):
    first = sup.start("zope-1", ["sleep", "300"])
    assert sup.changes[-1] == {"zope-1": first.pid}
    sup.kill("zope-1")
    until_dead(first)
    now = time.monotonic()
    sup.check(now)  # schedules: 1 s
    assert sup.proc("zope-1") is first
    sup.check(now + 0.5)
    assert sup.proc("zope-1") is first, "restarted before its pause"
    sup.check(now + 1.0)
    second = sup.proc("zope-1")
    assert second is not first and second.poll() is None
    assert sup.changes[-1] == {"zope-1": second.pid}
    log = (tmp_path / "supervisor.log").read_text()
    assert "zope-1: terminato (codice -9)" in log and "riavvio tra 1 s" in log
    assert f"zope-1: riavviato (pid {second.pid}, riavvio n. 1)" in log


def test_the_restart_is_logged_before_the_new_pid_is_published(tmp_path):
    """make cluster writes the pids to its state file in ``on_change``: a
    reader that sees the new pid must find the restart in the log already."""
    seen = []
    log = tmp_path / "supervisor.log"

    def on_change(s):
        seen.append((s.pids(), log.read_text() if log.exists() else ""))

    sup = supervisor.Supervisor(tmp_path, on_change=on_change)
    try:
        first = sup.start("worker", ["sleep", "300"])
        sup.kill("worker")
        until_dead(first)
        now = time.monotonic()
        sup.check(now)
        sup.check(now + 1.0)
        pids, written = seen[-1]
        assert pids["worker"] != first.pid
        assert f"worker: riavviato (pid {pids['worker']}, riavvio n. 1)" in written
    finally:
        sup.stop()


def test_the_pause_doubles_while_it_dies_quickly_then_resets(sup, tmp_path):
    sup.start("worker", ["sleep", "300"])
    now = time.monotonic()
    pauses = []
    for _ in range(3):
        proc = sup.proc("worker")
        proc.send_signal(signal.SIGKILL)
        until_dead(proc)
        sup.check(now)
        pauses.append(round(sup.child("worker").due - now))
        now = sup.child("worker").due
        sup.check(now)
    assert pauses == [1, 2, 4]
    child = sup.child("worker")
    child.started -= supervisor.STABLE  # it has now lived long enough
    child.proc.send_signal(signal.SIGKILL)
    until_dead(child.proc)
    sup.check(now)
    assert round(child.due - now) == 1


def test_a_child_that_never_stays_up_makes_it_give_up(sup):
    sup.start("zope-1", ["false"])
    now = time.monotonic()
    with pytest.raises(supervisor.GaveUp) as error:
        for _ in range(2 * supervisor.GIVE_UP + 2):
            until_dead(sup.proc("zope-1"))
            sup.check(now)
            now += 60  # past any pause, but each life is short
            sup.child("zope-1").started = now - 0.1
    assert f"zope-1 si è fermato {supervisor.GIVE_UP} volte di seguito" in str(error.value)
    assert "zope-1.log" in str(error.value)


def test_stop_ends_every_child_last_started_first(sup):
    procs = [sup.start(f"p{n}", ["sleep", "300"]) for n in range(3)]
    sup.stop()
    assert all(p.poll() is not None for p in procs)
    assert sup.pids() == {}
