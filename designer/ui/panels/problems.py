"""The Problems dock: every problem the checks find (lint: structure, graph, keywords,
compliance), with severity, code, message and node. Double-click jumps to the node. The
message is in the interface's language (Problem.localized; designer/model/messages).

The checks follow the edits without slowing typing: 300 ms after the last change a snapshot of
the script (`script.copy()`, cheap: values are frozen and shared) is checked off the UI thread,
by the lint worker process (lint_worker.py: it gets the file's text right after an open, then
only what changed since the script it already has); a result that is older than the script by
the time it arrives is dropped.

A closed window checks nothing (`stop`; shown again, it resumes). At exit the worker is ended
first, so that a check waiting for it returns at once (without checking here instead), then
the exit waits for the check's thread (designer/ui/background.py: a thread of the pool still
running Python when the interpreter finalizes crashes the process)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from designer.model import Problem, Script
from designer.ui import background, resources
from designer.ui.document import Document
from designer.ui.i18n import active_language
from designer.ui.panels.lint_worker import Channel, run_checks, run_checks_on_text

DEBOUNCE_MS = 300
FIRST_ROWS = 100  # rows listed at once (more than a screenful); the rest from a timer...
CHUNK_ROWS = 500  # ...this many at a time (~5 ms each): 4,900 rows in one go stalled 40-60 ms
_ORDER = {"error": 0, "warning": 1, "info": 2}


class _Relay(QObject):
    done = Signal(int, object)  # generation, list[Problem] (or an error message)


class _CheckTask(QRunnable):
    """Checks a copy of the script through the dock's channel; text given: the text of its
    file that copy is exactly (the worker reads it)."""

    def __init__(self, generation: int, snapshot: Script, relay: _Relay, channel: Channel,
                 text: Optional[str] = None):
        super().__init__()
        self.generation, self.snapshot, self.relay = generation, snapshot, relay
        self.channel, self.text = channel, text

    def run(self) -> None:
        try:
            if self.text is not None:
                result: object = run_checks_on_text(self.text, self.snapshot.path,
                                                    self.channel, self.snapshot)
            else:
                result = run_checks(self.snapshot, self.channel)
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
        self._channel = Channel()  # the worker keeps the script last checked, for deltas
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
        snapshot = self.document.script.copy()
        text = self.document.source()  # the script as read: the worker reads that text again
        self._pool.start(_CheckTask(self.generation, snapshot, self._relay, self._channel,
                                    text))

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
