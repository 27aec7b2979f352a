"""What the window tests share: the sample file, a prompter that answers at once, a child
interpreter for what only shows at exit or as a crash (run_child), and fixtures (in
conftest.py) that keep settings and recovery files inside the test's folder."""
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")


class FakePrompts:
    """Answers every question at once and records what was asked."""

    def __init__(self):
        self.asked = []
        self.save_answer = "discard"
        self.reload_answer = True
        self.restore_answer = True
        self.open_path = None
        self.save_path = None

    def ask_save_changes(self, name):
        self.asked.append(("save_changes", name))
        return self.save_answer

    def ask_reload(self, name):
        self.asked.append(("reload", name))
        return self.reload_answer

    def ask_restore(self, entry):
        self.asked.append(("restore", entry.original_path))
        return self.restore_answer

    def warn_changed_on_disk(self, name):
        self.asked.append(("changed_on_disk", name))

    def show_error(self, title, text, details=""):
        self.asked.append(("error", text))

    def show_load_problems(self, path, problems):
        self.asked.append(("load_problems", [p.code for p in problems]))

    def get_open_path(self, directory=""):
        return self.open_path

    def get_save_path(self, suggestion=""):
        return self.save_path


# Qt's words when a thread of a QThreadPool ends by an exception: on Python 3.11 that is the
# interpreter ending a thread that wanted the GIL while it finalized (see designer/ui/background)
WORKER_THREAD_EXCEPTION = "exception thrown from a worker thread"

CHILD_PRELUDE = f"""
import faulthandler, gc, os, sys
faulthandler.enable()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path[:0] = [{ROOT!r}, {os.path.join(ROOT, "tests", "ui")!r}]
FIXTURE = {FIXTURE!r}
"""


def run_child(body: str, env: dict | None = None, timeout: float = 240) -> str:
    """Run body (after CHILD_PRELUDE) in a new interpreter; its stdout. It must exit with 0
    (a segfault is -11), and no thread of a pool may have been ended by an exception."""
    code = CHILD_PRELUDE + textwrap.dedent(body)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})
    thread_ended = WORKER_THREAD_EXCEPTION in proc.stderr
    assert proc.returncode == 0 and not thread_ended, (
        f"child exited with {proc.returncode} (-11: segfault)"
        f"{'; a pool thread was ended by an exception' if thread_ended else ''}\n"
        f"stdout:\n{proc.stdout[-2000:]}\nstderr:\n{proc.stderr[-4000:]}")
    return proc.stdout
