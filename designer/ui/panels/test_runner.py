"""The test runner dock: run a script's case files on a worker thread, show pass/fail per case
with the first difference, coverage of nodes, branches, intents, keywords and faq, and a heat
map on the canvas (cards and arrows coloured by how often the cases used them; never-used ones
marked) through any object with the GraphScene overlay API (set_heat, clear_heat, set_path).

Also home of BackgroundTask, the small worker-thread helper the QA docks share."""
from __future__ import annotations

import glob
import os
from collections import Counter
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
    QProgressBar, QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from designer.engine import Engine
from designer.engine.results import CallResult
from designer.model import Script, ScriptFileError
from designer.simulation.cases import load_cases
from designer.simulation.coverage import Coverage
from designer.simulation.runner import CaseResult, run_case
from designer.ui import background
from designer.ui.document import Document
from designer.ui.i18n import active_language

ROLE_RESULT = Qt.ItemDataRole.UserRole


class _Relay(QObject):
    progress = Signal(int, int)
    done = Signal(object)  # the job's return value, or an Exception


class BackgroundTask(QRunnable):
    """Runs job(progress) on the pool; the relay's signals arrive on the GUI thread."""

    def __init__(self, job: Callable[[Callable[[int, int], None]], Any], relay: _Relay):
        super().__init__()
        self.job, self.relay = job, relay

    def run(self) -> None:
        try:
            result: Any = self.job(self.relay.progress.emit)
        except Exception as exc:  # shown in the dock, never a crash of the window
            result = exc
        self.relay.done.emit(result)


def start_task(pool: QThreadPool, job: Callable, on_progress: Callable, on_done: Callable,
               owner: QObject) -> _Relay:
    relay = _Relay(owner)
    relay.progress.connect(on_progress)
    relay.done.connect(on_done)
    pool.start(BackgroundTask(job, relay))
    return relay


def case_files_beside(script_path: Optional[str]) -> list[str]:
    """The case files `callscript test SCRIPT` would run: *cases*.yaml beside the script."""
    if not script_path:
        return []
    folder = os.path.dirname(os.path.abspath(script_path))
    return sorted(glob.glob(os.path.join(folder, "*cases*.yaml")))


def run_files(snapshot: Script, paths: list[str],
              progress: Callable[[int, int], None]) -> tuple[list, Coverage, list[str]]:
    """Run every case of the files; ([(file, CaseResult)], coverage, file errors: the
    problems of a broken case file, their messages in the interface's language)."""
    engine = Engine(snapshot)
    loaded, errors = [], []
    for path in paths:
        try:
            loaded.append((path, load_cases(path).cases))
        except ScriptFileError as exc:  # a broken case file is reported, the others still run
            errors.extend(p.format(active_language()) for p in exc.problems[:5])
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror or exc}")
    total = sum(len(cases) for _p, cases in loaded)
    coverage, results, done = Coverage(snapshot), [], 0
    for path, cases in loaded:
        for case in cases:
            res = run_case(engine, case)
            coverage.add(res.result)
            results.append((path, res))
            done += 1
            progress(done, total)
    return results, coverage, errors


def heat_counts(script: Script, results: list[CallResult]) -> tuple[dict, dict]:
    """(node id -> visits, edge key -> uses) with the canvas's edge keys (see
    designer/ui/canvas/edge_item.py); every node and branch is listed, unused ones with 0."""
    nodes: Counter = Counter({n: 0 for n in script.nodes})
    edges: Counter = Counter({("branch", n, i): 0 for n, node in script.nodes.items()
                              for i in range(len(node.branches))})
    for r in results:
        nodes.update(r.path)
        for a, b in zip(r.path, r.path[1:]):
            if a in script.nodes and script.nodes[a].next == b:
                edges[("next", a)] += 1
        for t in r.turns:
            d = t.decision
            if d.kind == "branch" and not d.limit:
                edges[("branch", t.node, d.branch)] += 1
            elif d.kind == "faq" and script.faq[d.faq].goto:
                edges[("faq", script.faq[d.faq].goto)] += 1
            elif d.kind in ("no_match", "no_input") and d.limit and t.node in script.nodes:
                handler = getattr(script.nodes[t.node], d.kind)
                if handler is not None and handler.then:
                    edges[(d.kind, t.node)] += 1
    return dict(nodes), dict(edges)


class TestRunnerPanel(QWidget):
    __test__ = False  # not a pytest class, whatever its name says
    run_finished = Signal()
    unanswered_recorded = Signal()

    def __init__(self, document: Document, scene: Any = None, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document, self.scene = document, scene
        self.results: list[tuple[str, CaseResult]] = []
        self.coverage: Optional[Coverage] = None
        self.errors: list[str] = []
        self.extra_files: list[str] = []
        self.pick_files: Callable[[], list[str]] = self._pick_files  # tests replace it
        self._pool = background.thread_pool(self)  # waited for at exit
        self._relay: Optional[_Relay] = None
        self._snapshot: Optional[Script] = None
        self._build()
        document.script_replaced.connect(self.refresh_files)
        document.path_changed.connect(lambda _p: self.refresh_files())
        self.refresh_files()

    # ---- widgets --------------------------------------------------------------------------
    def _build(self) -> None:
        self.files = QListWidget(self)
        self.files.setMaximumHeight(64)
        self.add_button = QPushButton(self.tr("Add case file..."), self)
        self.run_button = QPushButton(self.tr("Run tests"), self)
        self.heat_box = QCheckBox(self.tr("Heat map on the canvas"), self)
        self.heat_box.setChecked(True)
        self.progress = QProgressBar(self)
        self.summary = QLabel(self.tr("Not run yet"), self)
        self.cases = QTreeWidget(self)
        self.cases.setHeaderLabels([self.tr("Case"), self.tr("Result"),
                                    self.tr("First difference")])
        self.cases.setRootIsDecorated(False)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.coverage_tree = QTreeWidget(self)
        self.coverage_tree.setHeaderLabels([self.tr("Coverage"), self.tr("Covered"),
                                            self.tr("Total"), "%"])
        buttons = QHBoxLayout()
        for w in (self.add_button, self.run_button, self.heat_box):
            buttons.addWidget(w)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for i, w in enumerate((self.cases, self.details, self.coverage_tree)):
            split.addWidget(w)
            split.setStretchFactor(i, (3, 1, 2)[i])
        layout = QVBoxLayout(self)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.add_button.clicked.connect(self._add_files)
        self.run_button.clicked.connect(self.run_tests)
        self.heat_box.toggled.connect(self._show_heat)
        self.cases.currentItemChanged.connect(self._show_case)

    def refresh_files(self) -> None:
        """List the case files beside the script and those added, all checked."""
        checked = {self.files.item(i).data(ROLE_RESULT): self.files.item(i).checkState()
                   for i in range(self.files.count())}
        self.files.clear()
        for path in dict.fromkeys(case_files_beside(self.document.path) + self.extra_files):
            item = QListWidgetItem(os.path.basename(path), self.files)
            item.setToolTip(path)
            item.setData(ROLE_RESULT, path)
            item.setCheckState(checked.get(path, Qt.CheckState.Checked))
        self.run_button.setEnabled(self.files.count() > 0 and self._relay is None)
        if not self.files.count() and not self.results:
            self.summary.setText(self.tr("No case files (*cases*.yaml) beside the script: save "
                                         "a simulated call as a case, or add a case file."))

    def selected_files(self) -> list[str]:
        return [self.files.item(i).data(ROLE_RESULT) for i in range(self.files.count())
                if self.files.item(i).checkState() == Qt.CheckState.Checked]

    def _pick_files(self) -> list[str]:
        folder = os.path.dirname(self.document.path or "")
        paths, _f = QFileDialog.getOpenFileNames(self, self.tr("Add case files"), folder,
                                                 self.tr("Test cases (*.yaml *.yml)"))
        return paths

    def _add_files(self) -> None:
        self.extra_files.extend(p for p in self.pick_files() if p not in self.extra_files)
        self.refresh_files()

    # ---- running --------------------------------------------------------------------------
    def run_tests(self) -> None:
        """Run the checked files on the worker thread (a snapshot of the script as it is)."""
        paths = self.selected_files()
        if self._relay is not None or not paths:
            return
        snapshot = self.document.script.copy()
        snapshot.path = self.document.script.path
        self.run_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first case is done
        self.summary.setText(self.tr("Running..."))
        self._snapshot = snapshot
        self._relay = start_task(self._pool, lambda p: run_files(snapshot, paths, p),
                                 self._on_progress, self._on_done, self)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, outcome: Any) -> None:
        self._relay = None
        self.run_button.setEnabled(self.files.count() > 0)
        if isinstance(outcome, Exception):
            self.summary.setText(self.tr("The run failed: {0}").format(outcome))
            return
        self.results, self.coverage, self.errors = outcome
        self._fill_cases()
        self._fill_coverage()
        self._show_heat(self.heat_box.isChecked())
        self._record_unanswered()
        self.run_finished.emit()

    def _fill_cases(self) -> None:
        self.cases.clear()
        for path, res in self.results:
            item = QTreeWidgetItem([res.case.name, self.tr("pass") if res.passed else
                                    self.tr("FAIL"), res.failures[0] if res.failures else ""])
            item.setData(0, ROLE_RESULT, res)
            item.setToolTip(0, path)
            self.cases.addTopLevelItem(item)
        passed = sum(r.passed for _p, r in self.results)
        text = self.tr("{0} passed, {1} failed").format(passed, len(self.results) - passed)
        if self.errors:
            text += " - " + self.tr("{0} file(s) could not be read").format(len(self.errors))
            self.details.setPlainText("\n".join(self.errors))
        self.summary.setText(text)
        self.progress.setRange(0, max(len(self.results), 1))
        self.progress.setValue(len(self.results))

    def _fill_coverage(self) -> None:
        self.coverage_tree.clear()
        labels = {"nodes": self.tr("Nodes"), "branches": self.tr("Branches"),
                  "intents": self.tr("Intents"), "keywords": self.tr("Keywords"),
                  "faq": self.tr("FAQ entries")}
        for kind, entry in self.coverage.to_json().items():
            pct = 100.0 * entry["covered"] / entry["total"] if entry["total"] else 100.0
            top = QTreeWidgetItem([labels.get(kind, kind), str(entry["covered"]),
                                   str(entry["total"]),
                                   f"{pct:.0f}"])
            for missing in entry["missing"]:
                QTreeWidgetItem(top, [self.tr("not covered: {0}").format(missing)])
            self.coverage_tree.addTopLevelItem(top)

    def _show_case(self, item: Optional[QTreeWidgetItem], _previous=None) -> None:
        if item is None:
            return
        res: CaseResult = item.data(0, ROLE_RESULT)
        text = "\n".join(res.failures) if res.failures else self.tr("passed")
        if res.result is not None:
            text += "\n" + self.tr("path: {0}").format(" > ".join(res.result.path))
            if self.scene is not None:
                self.scene.set_path(res.result.path)
        self.details.setPlainText(text)

    def _show_heat(self, on: bool) -> None:
        if self.scene is None:
            return
        if on and self.results:
            nodes, edges = heat_counts(self._snapshot,  # the script the cases ran on
                                       [r.result for _p, r in self.results if r.result])
            self.scene.set_heat(nodes, edges)
        else:
            self.scene.clear_heat()

    def _record_unanswered(self) -> None:
        from designer.simulation.unanswered import record_results

        try:
            if record_results(self._snapshot, [r.result for _p, r in self.results],
                              source="test"):
                self.unanswered_recorded.emit()
        except OSError as exc:
            self.summary.setText(self.summary.text() + " - " + str(exc))

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker is done (tests, closing the window)."""
        return self._pool.waitForDone(msecs)
