"""The Problems dock: every problem the checks find (lint: structure, graph, keywords,
compliance), with severity, code, message and node. Double-click jumps to the node. The
message is in the interface's language (Problem.localized; designer/model/messages).

The checks follow the edits without slowing typing: 300 ms after the last change a snapshot of
the script (`script.copy()`, cheap: values are frozen and shared) is checked off the UI thread;
a result that is older than the script by the time it arrives is dropped.

The checks themselves run in a separate process (one worker, started once and kept warm): in a
thread they shared the interpreter with the window, which ran at half speed for the seconds a
large script takes (7.8 s at 10,000 nodes) and froze while the keyword automaton was built.
A worker thread pickles the snapshot (in 64 KB frames, so the window gets the interpreter in
between), sends it down a pipe and waits for the pickled problems. While the script is still
exactly the text its file was read from (just opened, or every edit undone), that text is sent
instead and the worker reads it: pickling a 10,000-node script keeps this process' interpreter
busy for 0.4 s, right when the window gets ready after an open.

A closed window checks nothing (`stop`; shown again, it resumes). At exit the worker is ended
first, so that a check waiting for it returns at once (without checking here instead), then
the exit waits for the check's thread (designer/ui/background.py: a thread of the pool still
running Python when the interpreter finalizes crashes the process)."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from designer.analysis.lint import lint_script
from designer.formats.script_yaml import parse_script
from designer.model import Problem, Script
from designer.ui import background, resources
from designer.ui.document import Document
from designer.ui.i18n import active_language

DEBOUNCE_MS = 300
FIRST_ROWS = 100  # rows listed at once (more than a screenful); the rest from a timer...
CHUNK_ROWS = 500  # ...this many at a time (~5 ms each): 4,900 rows in one go stalled 40-60 ms
_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_checks(script: Script) -> list[Problem]:
    """The checks the dock shows (the same as `callscript lint` without extra policies), done
    by the worker process; in this process when no worker can be started."""
    try:
        result = _worker().check(_dumps(script))
    except (OSError, EOFError, pickle.PickleError) as exc:  # no worker: check here
        _drop_worker(exc)
        _not_exiting()
        return lint_script(script)
    if isinstance(result, str):
        raise RuntimeError(result)
    return result


def run_checks_on_text(text: str, path: Optional[str]) -> list[Problem]:
    """run_checks of the script read from text (a file's text, as the window read it): the
    worker reads it itself. Right after an open this spares copying the whole script to the
    worker: pickling 10,000 nodes is 0.4 s of this process holding the interpreter, which
    the window waited for in 60-80 ms stalls while it got ready."""
    try:
        result = _worker().check(pickle.dumps(_Text(text, path),
                                              protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, EOFError, pickle.PickleError) as exc:  # no worker: check here
        _drop_worker(exc)
        _not_exiting()
        return lint_script(_read(_Text(text, path)))
    if isinstance(result, str):
        raise RuntimeError(result)
    return result


@dataclass(frozen=True)
class _Text:
    """A script as the text of its file (path: where it was read from)."""
    text: str
    path: Optional[str]


def _read(source: _Text) -> Script:
    """The script as load_script gave it from that file."""
    script = parse_script(source.text, source.path or "<script>")
    script.path = os.path.abspath(source.path) if source.path else None
    return script


class _Frames:
    """A file for pickle.Pickler: it writes a frame at a time (64 KB) from Python, so the
    interpreter can switch threads between frames (one pickle.dumps of a 10,000-node script
    holds it for half a second)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)


def _dumps(script: Script) -> bytes:
    frames = _Frames()
    pickle.Pickler(frames, protocol=pickle.HIGHEST_PROTOCOL).dump(script)
    return b"".join(frames.parts)


def _serve(read_fd: int, write_fd: int) -> None:
    """The worker process: a pickled script in, its pickled problems (or an error) out."""
    conn_in, conn_out = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    while True:
        try:
            data = conn_in.recv_bytes()
        except (EOFError, OSError):  # the window went away (at worst in the middle of a send)
            return
        try:
            received = pickle.loads(data)
            result: object = lint_script(_read(received) if isinstance(received, _Text)
                                         else received)
        except Exception as exc:  # a check that crashes is shown as a message, not a crash
            result = f"{type(exc).__name__}: {exc}"
        try:
            conn_out.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:  # the window went away during the check
            return


_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


class _Worker:
    """One lint process: `python -c` importing this module (not multiprocessing's spawn,
    which imports the parent's __main__ again: a script without a main guard would run twice).
    It reads from a pipe: when the window goes away, even killed, it reads EOF and ends;
    close() (also at exit) ends it and reaps it."""

    CLOSE_WAIT_S = 1.0

    def __init__(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
        code = (f"from designer.ui.panels.problems import _serve; "
                f"_serve({to_child_r}, {from_child_w})")
        try:
            self.process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=_ROOT,
                                            pass_fds=(to_child_r, from_child_w),
                                            stdin=subprocess.DEVNULL)
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def check(self, data: bytes) -> object:
        with self._lock:
            self._send.send_bytes(data)
            return pickle.loads(self._recv.recv_bytes())

    def close(self) -> None:
        """End the worker and close the pipes. A check under way (another thread in check(),
        which holds the lock) is not waited for: the worker is killed, the check reads EOF
        and lets go of the pipes before they are closed (closing a descriptor another thread
        is reading could hand that thread whatever file gets the number next)."""
        if not self._lock.acquire(blocking=False):
            self.process.kill()
            self._lock.acquire()
        try:
            self._send.close()  # the worker reads EOF and ends
            try:
                self.process.wait(self.CLOSE_WAIT_S)
            except subprocess.TimeoutExpired:  # in the middle of a long check
                self.process.kill()
                self.process.wait()
            self._recv.close()
        finally:
            self._lock.release()


_WORKER: Optional[_Worker] = None
_WORKER_LOCK = threading.Lock()


class ChecksStopped(RuntimeError):
    """The application is exiting: no check is made any more."""


def _not_exiting() -> None:
    if background.exiting():
        raise ChecksStopped("the application is closing")


def _worker() -> _Worker:
    global _WORKER
    with _WORKER_LOCK:
        _not_exiting()  # no new process while the application exits
        if _WORKER is not None and not _WORKER.alive():
            _WORKER.close()
            _WORKER = None
        if _WORKER is None:
            _WORKER = _Worker()
        return _WORKER


def _drop_worker(reason: BaseException) -> None:
    """The worker died or could not start: the next check starts a new one."""
    global _WORKER
    with _WORKER_LOCK:
        worker, _WORKER = _WORKER, None
    if worker is not None:
        worker.close()


def _stop_worker() -> None:
    """At exit (background.finish, after exiting() is set): a check waiting for the worker
    reads EOF now, and no check starts another worker."""
    _drop_worker(ChecksStopped("the application is closing"))


background.on_exit(_stop_worker)


def worker_pid() -> Optional[int]:
    """The lint process' id (None before the first check)."""
    return _WORKER.process.pid if _WORKER is not None else None


class _Relay(QObject):
    done = Signal(int, object)  # generation, list[Problem] (or an error message)


class _CheckTask(QRunnable):
    """Checks a copy of the script, or (source given) the text it was read from."""

    def __init__(self, generation: int, snapshot: Optional[Script], relay: _Relay,
                 source: Optional[_Text] = None):
        super().__init__()
        self.generation, self.snapshot, self.relay = generation, snapshot, relay
        self.source = source

    def run(self) -> None:
        try:
            if self.source is not None:
                result: object = run_checks_on_text(self.source.text, self.source.path)
            else:
                result = run_checks(self.snapshot)
        except Exception as exc:  # a check that crashes is shown as a message, not a crash
            result = f"{type(exc).__name__}: {exc}"
        self.relay.done.emit(self.generation, result)


class ProblemsPanel(QWidget):
    node_activated = Signal(str)  # double-click on a problem that names a node
    counts_changed = Signal(int, int, int)  # errors, warnings, infos

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self.problems: list[Problem] = []
        self.generation = 0  # bumped by every change of the script
        self.checked_generation = -1  # the generation self.problems describe
        self._running = False
        self._stopped = False  # the window is closed: no checks (see stop)
        self._pool = background.thread_pool(self)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_result)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self._start)
        self._to_list: list[Problem] = []  # sorted problems not in the tree yet
        self._fill_timer = QTimer(self, singleShot=True, interval=0, timeout=self._list_some)
        self._build()
        document.content_changed.connect(self._on_change)
        document.script_replaced.connect(self._on_replaced)
        self._on_change()

    def _build(self) -> None:
        self.summary = QLabel(self)
        self.check_button = QToolButton(self)
        self.check_button.setIcon(resources.icon("problems-check"))
        self.check_button.setToolTip(self.tr("Check the script again now"))
        self.check_button.clicked.connect(self.check_now)
        top = QHBoxLayout()
        top.setContentsMargins(6, 2, 6, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.check_button)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels([self.tr("Severity"), self.tr("Code"), self.tr("Message"),
                                   self.tr("Node"), self.tr("Line")])
        header = self.tree.header()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in ((0, 86), (1, 150), (3, 120), (4, 50)):
            self.tree.setColumnWidth(col, width)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemDoubleClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.tree)

    # ---- checking -------------------------------------------------------------------------
    def _on_change(self, *_args) -> None:
        self.generation += 1
        if not self._stopped:
            self._timer.start()

    def stop(self) -> None:
        """The window closed: no more checks (a closed window's checks would run for
        nothing, and might still be running when the application exits). A check under way
        ends by itself; its result is dropped. `resume` or check_now starts them again."""
        self._stopped = True
        self._timer.stop()

    def resume(self) -> None:
        """The window is shown again: check the script if it changed meanwhile."""
        if self._stopped:
            self._stopped = False
            if self.checked_generation != self.generation:
                self._timer.start()

    def _on_replaced(self) -> None:
        """Another script: its problems are not the last one's (they would name its nodes)."""
        self._show_rows([])
        self.problems = []
        self.summary.setText(self.tr("Checking the script…"))
        self._on_change()

    def check_now(self) -> None:
        self._stopped = False
        self._timer.stop()
        self._start()

    def _start(self) -> None:
        if self._stopped:
            return
        if self._running:  # one check at a time; the newest edit is checked next
            self._timer.start()
            return
        self._running = True
        text = self.document.source()
        if text is not None:  # the script as read: the worker reads that text again
            source = _Text(text, self.document.path)
            self._pool.start(_CheckTask(self.generation, None, self._relay, source))
            return
        snapshot = self.document.script.copy()
        self._pool.start(_CheckTask(self.generation, snapshot, self._relay))

    def _on_result(self, generation: int, result: object) -> None:
        self._running = False
        if self._stopped:
            return  # the window closed meanwhile
        if generation != self.generation:
            return  # the script changed meanwhile: that result is stale, a newer check is due
        if isinstance(result, str):
            self.summary.setText(self.tr("The checks failed: {0}").format(result))
            return
        self.checked_generation = generation
        self.set_problems(result)

    def is_current(self) -> bool:
        """The problems of the script as it is are all listed."""
        return (self.checked_generation == self.generation and not self._running
                and not self._to_list)

    def wait_idle(self, msecs: int = 5000) -> None:
        self._pool.waitForDone(msecs)

    # ---- showing --------------------------------------------------------------------------
    def set_problems(self, problems: list[Problem]) -> None:
        """List problems: the summary and the first FIRST_ROWS rows at once, the other rows
        CHUNK_ROWS at a time from a timer (`is_current` is False until all are listed)."""
        self.problems = sorted(problems, key=lambda p: (_ORDER.get(p.severity, 3),
                                                         p.line or 0, p.code))
        self._show_rows(self.problems)
        counts = [sum(1 for p in self.problems if p.severity == s)
                  for s in ("error", "warning", "info")]
        if not self.problems:
            self.summary.setText(self.tr("No problems found"))
        else:
            errors, warnings, infos = counts
            self.summary.setText(", ".join((
                self.tr("1 error") if errors == 1 else self.tr("{0} errors").format(errors),
                self.tr("1 warning") if warnings == 1 else self.tr("{0} warnings").format(warnings),
                self.tr("1 note") if infos == 1 else self.tr("{0} notes").format(infos))))
        self.counts_changed.emit(*counts)

    def _show_rows(self, problems: list[Problem]) -> None:
        self._fill_timer.stop()
        self.tree.clear()
        self._to_list = list(problems)
        self._list_some(FIRST_ROWS)

    def _list_some(self, count: int = CHUNK_ROWS) -> None:
        batch, self._to_list = self._to_list[:count], self._to_list[count:]
        names = {"error": self.tr("Error"), "warning": self.tr("Warning"),
                 "info": self.tr("Info")}
        lang = active_language()  # the messages in the interface's language
        items = []
        for p in batch:
            message = p.localized(lang)
            item = QTreeWidgetItem([names.get(p.severity, p.severity), p.code, message,
                                    p.node or "", str(p.line) if p.line else ""])
            item.setIcon(0, resources.icon(f"severity-{p.severity}"))
            item.setToolTip(2, message)
            item.setData(0, Qt.ItemDataRole.UserRole, p.node)
            items.append(item)
        self.tree.addTopLevelItems(items)
        if self._to_list:
            self._fill_timer.start()

    def finish_listing(self) -> None:
        """List the rows still waiting now."""
        self._fill_timer.stop()
        while self._to_list:
            self._list_some()
        self._fill_timer.stop()

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        node = item.data(0, Qt.ItemDataRole.UserRole)
        if node and node in self.document.script.nodes:
            self.document.select_nodes([node])
            self.node_activated.emit(node)
