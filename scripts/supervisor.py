"""Child processes of ``make start`` and ``make cluster``, restarted when they die.

Every child runs in a session of its own (Ctrl-C in the terminal reaches only
the supervisor, which stops the children in reverse order). A child that
exits while the supervisor is running is started again after a pause that
doubles at each consecutive failure (:data:`BACKOFF`); a child that ran for
:data:`STABLE` seconds counts as healthy again. After :data:`GIVE_UP` quick
failures in a row the supervisor stops trying and :meth:`Supervisor.check`
raises :class:`GaveUp` (a process that cannot start is a configuration error,
not bad luck). Every exit and restart is logged in ``<logs>/supervisor.log``.
"""

from pathlib import Path

import signal
import subprocess
import sys
import threading
import time


BACKOFF = (1, 2, 4, 8, 16, 30)  # seconds before the 1st, 2nd, ... restart in a row
STABLE = 60  # seconds of life after which a child's failures are forgotten
GIVE_UP = 8  # quick failures in a row


class GaveUp(Exception):
    """A child keeps dying; the message is for the operator."""


class Child:
    def __init__(self, name, command, log, env):
        self.name, self.command, self.log, self.env = name, command, log, env
        self.proc = None
        self.started = 0.0
        self.failures = 0  # consecutive quick failures
        self.restarts = 0
        self.due = None  # monotonic time of the next start after a death


class Supervisor:
    """Start children, restart the dead ones (:meth:`check`), stop them all."""

    def __init__(self, logs, cwd=None, on_change=None):
        self.logs = Path(logs)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.cwd = cwd
        self.on_change = on_change  # called after every (re)start
        self.children = []
        self.lock = threading.RLock()

    def note(self, message):
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}"
        with open(self.logs / "supervisor.log", "a", encoding="utf-8") as out:
            out.write(line + "\n")
        print(line, flush=True)

    def _spawn(self, child):
        out = open(self.logs / f"{child.name}.log", "ab") if child.log else None
        try:
            child.proc = subprocess.Popen(child.command, cwd=self.cwd, env=child.env,
                                          stdout=out, stderr=subprocess.STDOUT if out else None,
                                          start_new_session=True)
        finally:
            if out is not None:
                out.close()
        child.started, child.due = time.monotonic(), None

    def _changed(self):
        if self.on_change is not None:
            self.on_change(self)

    def start(self, name, command, log=True, env=None):
        """Start ``command`` as child ``name``; its output goes to ``<logs>/<name>.log``
        (``log=False``: to this terminal). Returns the Popen."""
        with self.lock:
            child = Child(name, [str(c) for c in command], log, env)
            self._spawn(child)
            self.children.append(child)
            self._changed()
            return child.proc

    def child(self, name):
        for child in self.children:
            if child.name == name:
                return child
        raise KeyError(name)

    def proc(self, name):
        return self.child(name).proc

    def pids(self):
        """{name: pid} of the children alive now."""
        with self.lock:
            return {c.name: c.proc.pid for c in self.children if c.proc.poll() is None}

    def check(self, now=None):
        """Restart the children that died (after their backoff); never blocks."""
        with self.lock:
            now = time.monotonic() if now is None else now
            for child in self.children:
                if child.proc.poll() is None:
                    continue
                if child.due is None:
                    self._schedule(child, now)
                elif now >= child.due:
                    child.restarts += 1
                    self._spawn(child)
                    # the log first: whoever sees the new pid finds its line
                    self.note(f"{child.name}: riavviato (pid {child.proc.pid}, "
                              f"riavvio n. {child.restarts})")
                    self._changed()

    def _schedule(self, child, now):
        lived = now - child.started
        child.failures = 1 if lived >= STABLE else child.failures + 1
        if child.failures > GIVE_UP:
            raise GaveUp(f"{child.name} si è fermato {GIVE_UP} volte di seguito "
                         f"(ultimo codice {child.proc.returncode}): vedi {self.logs}/{child.name}.log")
        pause = BACKOFF[min(child.failures, len(BACKOFF)) - 1]
        child.due = now + pause
        self.note(f"{child.name}: terminato (codice {child.proc.returncode}) dopo {lived:.0f} s; "
                  f"riavvio tra {pause} s")

    def kill(self, name, sig=signal.SIGKILL):
        """Send ``sig`` to child ``name`` (tests and fault drills); returns its pid."""
        proc = self.proc(name)
        proc.send_signal(sig)
        return proc.pid

    def stop(self, timeout=15):
        """Stop every child, last started first: SIGTERM, then SIGKILL."""
        with self.lock:
            for child in reversed(self.children):
                proc = child.proc
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(timeout=timeout)
                    except subprocess.TimeoutExpired:
                        print(f"{child.name} non si ferma: kill", file=sys.stderr)
                        proc.kill()
                        proc.wait()
            self.children.clear()


class Watcher(threading.Thread):
    """Calls ``supervisor.check()`` every ``interval`` seconds until :meth:`halt`;
    keeps the error (:class:`GaveUp`) in ``error``."""

    def __init__(self, supervisor, interval=0.5):
        super().__init__(name="supervisor", daemon=True)
        self.supervisor, self.interval = supervisor, interval
        self.halted = threading.Event()
        self.error = None

    def run(self):
        while not self.halted.wait(self.interval):
            try:
                self.supervisor.check()
            except GaveUp as error:
                self.error = error
                self.supervisor.note(f"Errore: {error}")
                return

    def halt(self):
        self.halted.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout=10)
