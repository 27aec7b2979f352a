"""Background work ends before the interpreter does (designer/ui/background.py).

A check of the Problems dock still running when Python finalized was ended by the interpreter
in the middle of a signal emission (pthread_exit on Python 3.11, caught by QThreadPool: "Qt
Concurrent has caught an exception thrown from a worker thread"), and the process crashed as
it exited (SIGSEGV in list_dealloc while modules were cleared, or abort "PyThreadState_Get:
... the GIL is released"). Each case runs in a child interpreter: the exit is what is tested.
An exit function registered before PySide is imported runs after every other one (PySide's
clean-up included), just before the interpreter finalizes: it reports what was still going."""
import textwrap

import pytest

from window_support import run_child

REPORT = """
import atexit, threading, time
finished = threading.Event()
exit_started = []
at_exit = []  # more lines for the report: functions called by it
def _report():
    took = time.monotonic() - exit_started[0] if exit_started else -1
    lines = [f"finished before finalizing: {finished.is_set()}", f"exit took {took:.2f} s"]
    lines += [str(say()) for say in at_exit]
    sys.stdout.write("\\n".join(lines) + "\\n")
    sys.stdout.flush()
atexit.register(_report)  # registered first: runs last
"""


def child(body: str, **kwargs) -> str:
    """run_child of body after REPORT; its stdout."""
    return run_child(REPORT + textwrap.dedent(body), **kwargs)


def _exit_seconds(out: str) -> float:
    return float(out.split("exit took ")[1].split(" s")[0])


def test_a_long_check_under_way_at_exit_is_waited_for(isolated):
    # a check that takes a while (a large script) is still running when the script ends
    out = child("""
        from designer.ui.app import create_app
        app = create_app(["test"])
        from designer.ui.main_window import MainWindow
        from designer.ui.panels import problems

        def long_check(*_args):
            deadline = time.monotonic() + 0.8
            while time.monotonic() < deadline:  # Python the whole time, as a check here is
                time.sleep(0.01)
            return []

        run = problems._CheckTask.run
        def run_and_tell(self):
            run(self)  # the check, then the emission of its result
            finished.set()

        problems.run_checks = problems.run_checks_on_text = long_check
        problems._CheckTask.run = run_and_tell
        w = MainWindow()
        w.problems.check_now()
        time.sleep(0.1)
        assert w.problems._pool.activeThreadCount() == 1
        # as test_document_teardown does: deleteLater gives the window to Qt, and without an
        # event loop Qt never deletes it: its pool is not deleted (nor waited for) at exit
        assert w.close()
        w.deleteLater()
        app.processEvents()
        del w
        gc.collect()
        print("exiting with a check under way")
        exit_started.append(time.monotonic())
    """)
    assert "exiting with a check under way" in out
    assert "finished before finalizing: True" in out, out


def test_a_check_waiting_for_the_lint_worker_at_exit_ends_at_once(isolated):
    # the real worker: the first check starts it and waits for it; at exit the worker is
    # ended, and the check stops there (no check of the script in this process instead)
    out = child("""
        from designer.ui.app import create_app
        app = create_app(["test"])
        from designer.ui import commands as cmd
        from designer.ui.main_window import MainWindow
        from designer.ui.panels import lint_worker, problems
        from window_support import FakePrompts

        here = []
        lint_script = lint_worker.lint_script
        def lint_here(script):
            here.append(script)
            return lint_script(script)
        lint_worker.lint_script = lint_here
        run = problems._CheckTask.run
        def run_and_tell(self):
            run(self)
            finished.set()
        problems._CheckTask.run = run_and_tell
        at_exit.append(lambda: f"checked in this process: {len(here)}")

        w = MainWindow()
        w.prompts = FakePrompts()
        assert w.files.open_path(FIXTURE, ask=False)
        w.show()
        app.processEvents()
        s = w.document.script
        w.document.push(cmd.SetNodeField(s, sorted(s.nodes)[0], "say", "x"))
        w.problems.check_now()  # the worker is started by this check
        assert w.close()
        w.deleteLater()
        app.processEvents()
        del w, s
        gc.collect()
        print("exiting with a check under way")
        exit_started.append(time.monotonic())
    """, env={"CALLSCRIPT_NO_RECOVERY_PROMPT": "1"})
    assert "finished before finalizing: True" in out, out
    assert "checked in this process: 0" in out, out
    assert _exit_seconds(out) < 5, out  # not the 10 s the exit waits at most


def test_pools_jobs_and_the_message_handler_at_exit():
    # a pool's cancel is called and the pool waited for; a synthesis-like job (a daemon
    # thread that reports through a Qt signal) is cancelled and joined; Qt's own message
    # handler is back (a message from a thread while Python finalizes calls no Python)
    out = child("""
        from PySide6.QtCore import QObject, QRunnable, Signal, qInstallMessageHandler
        from designer.ui.app import create_app
        app = create_app(["test"])
        from designer.ui import background

        class Relay(QObject):
            done = Signal(str)

        class Owner(QObject):
            def __init__(self):
                super().__init__()
                self.cancelled = threading.Event()
                self.relay = Relay(self)
                self.pool = background.thread_pool(self, cancel=self.cancel)

            def cancel(self):
                print("pool task cancelled")
                self.cancelled.set()

        class Task(QRunnable):
            def __init__(self, owner):
                super().__init__()
                self.owner = owner
            def run(self):
                self.owner.cancelled.wait(30)
                self.owner.relay.done.emit("cancelled")
                finished.set()

        class Job:  # designer.audio.jobs.SynthesisJob's cancel / wait
            def __init__(self, relay):
                self.stop = threading.Event()
                self.relay = relay
                self.thread = threading.Thread(target=self.run, daemon=True)
                self.thread.start()
            def run(self):
                while not self.stop.wait(0.01):
                    pass
                time.sleep(0.2)  # the prompt being synthesized
                self.relay.done.emit("job cancelled")
                print("job ended")
            def cancel(self):
                self.stop.set()
            def wait(self, timeout=None):
                self.thread.join(timeout)
                return not self.thread.is_alive()

        owner = Owner()
        owner.pool.start(Task(owner))
        job = Job(owner.relay)
        background.track_job(job)
        at_exit.append(lambda: f"handler at exit: {qInstallMessageHandler(None)}")
        exit_started.append(time.monotonic())
    """)
    assert "pool task cancelled" in out and "job ended" in out, out
    assert "finished before finalizing: True" in out, out
    assert "handler at exit: None" in out, out  # Qt's default handler was back already
    assert _exit_seconds(out) < 5, out


@pytest.mark.parametrize("closed", [True, False])
def test_a_closed_window_checks_nothing(qtbot, isolated, monkeypatch, closed):
    from designer.ui import commands as cmd
    from designer.ui.main_window import MainWindow
    from designer.ui.panels import problems
    from window_support import FIXTURE, FakePrompts

    w = MainWindow()
    qtbot.addWidget(w)
    w.prompts = FakePrompts()
    assert w.files.open_path(FIXTURE, ask=False)
    w.show()
    qtbot.waitUntil(w.problems.is_current, timeout=5000)
    started = []
    start = problems.ProblemsPanel._start
    monkeypatch.setattr(problems.ProblemsPanel, "_start",
                        lambda self: (started.append(self.generation), start(self)))
    if closed:
        assert w.close()
    s = w.document.script
    w.document.push(cmd.SetNodeField(s, sorted(s.nodes)[0], "say", ""))  # E-EMPTY-SAY
    qtbot.wait(problems.DEBOUNCE_MS + 200)
    assert bool(started) is not closed
    if closed:  # shown again: the edit made meanwhile is checked
        w.show()
    qtbot.waitUntil(lambda: w.problems.is_current()
                    and any(p.code == "E-EMPTY-SAY" for p in w.problems.problems),
                    timeout=5000)
