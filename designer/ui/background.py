"""Work off the UI thread ends before the interpreter does.

The window's background work runs Python in threads the interpreter does not own: QThreadPool
threads (the Problems dock's checks, autosave dumps, test runs, replays, talent imports,
exports) and the daemon threads of audio syntheses. Python's exit stops none of them. PySide's
clean-up at exit deletes only the windows Python still owns (a pool's destructor waits for its
task); a window handed to Qt by deleteLater() that no event loop got to delete is left as it
is, pools and running tasks with it. On Python 3.11 a thread that asks for the GIL once the
interpreter is finalizing is ended with pthread_exit: glibc unwinds it with a forced-unwind
exception, which QThreadPool catches ("Qt Concurrent has caught an exception thrown from a
worker thread") and rethrows through PySide's frames in the middle of a signal emission,
leaving reference counts half done; the process then crashes while it clears its modules
(SIGSEGV in list_dealloc, or abort "PyThreadState_Get: ... the GIL is released").

So every pool is made here (`thread_pool`) and every synthesis job registered (`track_job`),
and `finish` runs at exit: atexit, registered when this module is imported, after PySide has
registered its clean-up, so it runs before that, with the interpreter and QApplication whole.
It first calls what ends the work early (`on_exit`: the lint worker is stopped; a pool's
cancel: the export; the jobs' cancel), then waits, at most EXIT_WAIT_S in all, until no task
is running. `exiting()` tells code that would start something new (a lint worker) not to."""
from __future__ import annotations

import atexit
import threading
import time
import weakref
from typing import Callable, Optional, Protocol

import shiboken6
from PySide6.QtCore import QObject, QThreadPool

EXIT_WAIT_S = 10.0

_LOCK = threading.Lock()
# each pool with what cancels its work (a weak reference: a pool keeps no widget alive)
_POOLS: list[tuple[QThreadPool, Callable[[], Optional[Callable[[], None]]]]] = []
_JOBS: "weakref.WeakSet[Job]" = weakref.WeakSet()
_ON_EXIT: list[Callable[[], None]] = []
_EXITING = threading.Event()


class Job(Protocol):
    """A thread started by the window (designer.audio.jobs.SynthesisJob)."""

    def cancel(self) -> None: ...

    def wait(self, timeout: Optional[float] = None) -> bool: ...


def thread_pool(parent: QObject, threads: int = 1,
                cancel: Optional[Callable[[], None]] = None) -> QThreadPool:
    """A QThreadPool child of parent that `finish` waits for; cancel (optional): ends its
    task early at exit (the export's cancel)."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads)
    if cancel is None:
        cancel_ref = _nothing
    elif hasattr(cancel, "__self__"):  # a bound method: not a reference to its object
        cancel_ref = weakref.WeakMethod(cancel)
    else:
        cancel_ref = lambda: cancel  # noqa: E731
    with _LOCK:
        _POOLS[:] = [entry for entry in _POOLS if shiboken6.isValid(entry[0])]  # deleted ones
        _POOLS.append((pool, cancel_ref))
    return pool


def _nothing() -> None:
    return None


def track_job(job: Job) -> None:
    """A background thread `finish` cancels and waits for (kept until it is freed)."""
    _JOBS.add(job)


def on_exit(stop: Callable[[], None]) -> None:
    """stop() is called at exit before the waiting: it ends what running tasks wait for."""
    _ON_EXIT.append(stop)


def exiting() -> bool:
    """The application is finishing: start no new background work."""
    return _EXITING.is_set()


def finish(wait_s: float = EXIT_WAIT_S) -> bool:
    """Stop the background work and wait until no task runs (at most wait_s); True when none
    does. Called at exit (once finished, no new lint worker starts)."""
    _EXITING.set()
    with _LOCK:
        pools = [entry for entry in _POOLS if shiboken6.isValid(entry[0])]
    jobs = list(_JOBS)
    for stop in [*_ON_EXIT, *(cancel_ref() for _pool, cancel_ref in pools),
                 *(job.cancel for job in jobs)]:
        try:
            if stop is not None:
                stop()
        except Exception:  # one that fails must not keep the others from stopping
            pass
    deadline = time.monotonic() + wait_s
    idle = True
    for pool, _cancel in pools:
        if shiboken6.isValid(pool):  # waitForDone lets go of the GIL while it waits
            left_ms = max(0, int((deadline - time.monotonic()) * 1000))
            idle = pool.waitForDone(left_ms) and idle
    for job in jobs:
        idle = job.wait(max(0.0, deadline - time.monotonic())) and idle
    return idle


atexit.register(finish)
