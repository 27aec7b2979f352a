"""The unanswered-questions dock: what callers said that the script did not understand (from
the simulator, test runs and replays), grouped, largest first, with the nodes where it was said.

From a group the writer can add a phrase as a keyword of an intent (one ReplaceIntent command)
or answer it with a new faq entry (a new intent with the phrase as keyword plus the entry, one
undoable macro). A group the current script now answers shows as answered at once; replaying the
log again (this dock can) no longer lists it.
"""
from __future__ import annotations

import dataclasses
import os
import re
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from designer.model import FaqEntry, Intent, Script
from designer.simulation import unanswered as store
from designer.simulation.replay import ReplayReport, replay_log
from designer.ui import background, commands as cmd
from designer.ui.document import Document
from designer.ui.panels.shown import WhenShown
from designer.ui.panels.test_runner import start_task

ROLE_GROUP = Qt.ItemDataRole.UserRole
SHOWN_GROUPS = 500  # the list shows the largest groups; a replay can find thousands
_ANSWERED = QColor("#9ca3af")
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class AddKeywordDialog(QDialog):
    """Choose the intent and edit the phrase; a line says what the phrase now does."""

    def __init__(self, script: Script, group: store.Group, preferred: list[str],
                 phrase: str, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add as keyword"))
        self.intent = QComboBox(self)
        for iid in preferred + [i for i in script.intents if i not in preferred]:
            it = script.intents[iid]
            self.intent.addItem(f"{it.label or iid} ({iid})", iid)
        self.phrase = QLineEdit(phrase, self)
        form = QFormLayout(self)
        form.addRow(self.tr("Question"), QLabel(group.text, self))
        form.addRow(self.tr("Intent"), self.intent)
        form.addRow(self.tr("Keyword"), self.phrase)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.phrase.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = bool(self.phrase.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> tuple[str, str]:
        return self.intent.currentData(), self.phrase.text().strip()


class AnswerFaqDialog(QDialog):
    """A new intent (id, label, keyword) and the reply of its faq entry."""

    def __init__(self, script: Script, group: store.Group, phrase: str,
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Answer as new FAQ entry"))
        self.script = script
        n = 1
        while f"question_{n}" in script.intents:
            n += 1
        self.intent_id = QLineEdit(f"question_{n}", self)
        self.label = QLineEdit(phrase, self)
        self.phrase = QLineEdit(phrase, self)
        self.reply = QPlainTextEdit(self)
        self.reply.setPlaceholderText(self.tr("What the robot answers"))
        self.problem = QLabel(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Question"), QLabel(group.text, self))
        form.addRow(self.tr("Intent id"), self.intent_id)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Keyword"), self.phrase)
        form.addRow(self.tr("Reply"), self.reply)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for field in (self.intent_id, self.phrase):
            field.textChanged.connect(self._check)
        self.reply.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        iid = self.intent_id.text().strip()
        problem = ""
        if not _ID.match(iid):
            problem = self.tr("The intent id is letters, digits and _ (not starting with a digit)")
        elif iid in self.script.intents:
            problem = self.tr("There is already an intent {0}").format(iid)
        elif not self.phrase.text().strip():
            problem = self.tr("The keyword is empty")
        elif not self.reply.toPlainText().strip():
            problem = self.tr("Type the reply the robot gives")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def values(self) -> tuple[str, str, str, str]:
        return (self.intent_id.text().strip(), self.label.text().strip(),
                self.phrase.text().strip(), self.reply.toPlainText().strip())


class UnansweredDialogs:
    """Every question the dock asks, in one object that tests replace."""

    def __init__(self, parent: QWidget):
        self.parent = parent

    def keyword(self, script: Script, group: store.Group, preferred: list[str],
                phrase: str) -> Optional[tuple[str, str]]:
        dialog = AddKeywordDialog(script, group, preferred, phrase, self.parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def faq(self, script: Script, group: store.Group,
            phrase: str) -> Optional[tuple[str, str, str, str]]:
        dialog = AnswerFaqDialog(script, group, phrase, self.parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def log_file(self, folder: str) -> Optional[str]:
        path, _f = QFileDialog.getOpenFileName(
            self.parent, QCoreApplication.translate("UnansweredPanel", "Replay a log"), folder,
            QCoreApplication.translate("UnansweredPanel", "Call logs (*.jsonl *.txt)"))
        return path or None


class UnansweredPanel(QWidget):
    replay_finished = Signal(object)  # ReplayReport

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self.ask: Any = UnansweredDialogs(self)
        self.groups: list[store.Group] = []
        self.last_log: Optional[str] = None
        self.report: Optional[ReplayReport] = None
        self._pool = background.thread_pool(self)  # waited for at exit
        self._busy = False
        self._reevaluate = QTimer(self)
        self._reevaluate.setSingleShot(True)
        self._reevaluate.setInterval(200)
        self._reevaluate.timeout.connect(self._seen_request)
        self._reread = True  # read the store again at the next update
        # the list is made when the dock can be seen (see panels/shown.py): reading the store
        # and evaluating its groups compiles the script's engine
        self._seen = WhenShown(self, self._update)
        self._build()
        document.script_replaced.connect(self.refresh)
        document.path_changed.connect(lambda _path: self.refresh())  # Save As: another store
        document.content_changed.connect(lambda _e: self._reevaluate.start())
        self.refresh()

    # ---- widgets --------------------------------------------------------------------------
    def _build(self) -> None:
        self.replay_button = QPushButton(self.tr("Replay log..."), self)
        self.again_button = QPushButton(self.tr("Replay again"), self)
        self.show_answered = QCheckBox(self.tr("Show answered"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Question"), self.tr("Count"), self.tr("Nodes"),
                                   self.tr("Status")])
        self.keyword_button = QPushButton(self.tr("Add as keyword to intent..."), self)
        self.faq_button = QPushButton(self.tr("Answer as new FAQ entry..."), self)
        self.mark_button = QPushButton(self.tr("Mark as dealt with"), self)
        top = QHBoxLayout()
        for w in (self.replay_button, self.again_button, self.show_answered):
            top.addWidget(w)
        top.addStretch(1)
        actions = QHBoxLayout()
        for w in (self.keyword_button, self.faq_button, self.mark_button):
            actions.addWidget(w)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        self.replay_button.clicked.connect(self.choose_and_replay)
        self.again_button.clicked.connect(lambda: self.replay(self.last_log))
        self.show_answered.toggled.connect(lambda _on: self._show())
        self.keyword_button.clicked.connect(self.add_keyword)
        self.faq_button.clicked.connect(self.answer_as_faq)
        self.mark_button.clicked.connect(self.mark_dealt_with)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())

    # ---- the list -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store again (after a replay, a test run, a simulated call): now when the
        dock can be seen, else when it is shown."""
        self._reread = True
        self._seen.request()

    def _seen_request(self) -> None:
        self._seen.request()

    def is_stale(self) -> bool:
        return self._seen.stale

    def _update(self) -> None:
        if self._reread:
            self._reread = False
            self._read_store()
        self._evaluate_and_show()

    def _read_store(self) -> None:
        path = self.document.path
        if not path:
            self.groups = []
            self.status.setText(self.tr("Save the script to collect unanswered questions."))
        else:
            try:
                self.groups = store.groups(path)
            except OSError as exc:
                self.groups = []
                self.status.setText(str(exc))

    def _evaluate_and_show(self) -> None:
        if self.groups:  # nothing to evaluate: do not compile the script's engine for nothing
            store.evaluate(self.groups[:SHOWN_GROUPS], self.document.script,
                           self.document.engine())
        self._show()

    def _show(self) -> None:
        current = self.current_group()
        keep = current.normalized if current else None
        self.tree.clear()
        shown = [g for g in self.groups[:SHOWN_GROUPS]
                 if self.show_answered.isChecked() or not g.answered]
        for g in shown:
            item = QTreeWidgetItem([g.text, str(g.count), ", ".join(g.nodes), self._state(g)])
            item.setData(0, ROLE_GROUP, g)
            if g.answered:
                for c in range(4):
                    item.setForeground(c, QBrush(_ANSWERED))
            for m in g.members[1:]:
                QTreeWidgetItem(item, [m.text, str(m.count),
                                       ", ".join(n for n in m.nodes if n)])
            self.tree.addTopLevelItem(item)
            if g.normalized == keep:
                self.tree.setCurrentItem(item)
        if self.document.path:
            open_ = sum(1 for g in self.groups if not g.answered)
            self.status.setText(self.tr("{0} unanswered group(s), {1} answered by the script "
                                        "now").format(open_, len(self.groups) - open_))
        self._update_buttons()

    def _state(self, g: store.Group) -> str:
        if g.answered:
            return self.tr("answered")
        if g.answered_count:
            return self.tr("partly answered ({0} of {1} places)").format(g.answered_count,
                                                                          g.places)
        return ""

    def rows(self) -> list[tuple[str, int, str, str]]:
        """(question, count, nodes, status) as shown (as they will be shown, when hidden)."""
        self._seen.flush()
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            out.append((item.text(0), int(item.text(1)), item.text(2), item.text(3)))
        return out

    def current_group(self) -> Optional[store.Group]:
        self._seen.flush()
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, ROLE_GROUP) if item is not None else None

    def select(self, text: str) -> bool:
        self._seen.flush()
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).text(0) == text:
                self.tree.setCurrentItem(self.tree.topLevelItem(i))
                return True
        return False

    def _update_buttons(self) -> None:
        has = self.current_group() is not None
        for w in (self.keyword_button, self.faq_button, self.mark_button):
            w.setEnabled(has)
        self.again_button.setEnabled(self.last_log is not None and not self._busy)
        self.replay_button.setEnabled(not self._busy and bool(self.document.path))

    # ---- actions --------------------------------------------------------------------------
    def add_keyword(self) -> None:
        group = self.current_group()
        if group is None:
            return
        script, engine = self.document.script, self.document.engine()
        preferred = [i for n in group.nodes if n in script.nodes
                     for i in sorted(engine.candidates(n), key=list(script.intents).index)]
        answer = self.ask.keyword(script, group, list(dict.fromkeys(preferred)),
                                  store.suggested_phrase(group))
        if not answer:
            return
        intent_id, phrase = answer
        intent = script.intents[intent_id]
        if phrase in intent.keywords:
            self.status.setText(self.tr("{0} already has the keyword {1}").format(intent_id,
                                                                                   phrase))
            return
        self.document.push(cmd.ReplaceIntent(
            script, intent_id, dataclasses.replace(intent, keywords=intent.keywords + (phrase,)),
            self.tr("Add keyword {0} to {1}").format(phrase, intent_id)))

    def answer_as_faq(self) -> None:
        group = self.current_group()
        if group is None:
            return
        script = self.document.script
        answer = self.ask.faq(script, group, store.suggested_phrase(group))
        if not answer:
            return
        intent_id, label, phrase, reply = answer
        if intent_id in script.intents or not _ID.match(intent_id):
            self.status.setText(self.tr("Cannot add intent {0}: the id is taken or not "
                                        "valid").format(intent_id))
            return
        stack = self.document.undo_stack
        stack.beginMacro(self.tr("Answer \u201c{0}\u201d as FAQ").format(phrase))
        self.document.push(cmd.AddIntent(script, intent_id, Intent(label=label,
                                                                   keywords=(phrase,))))
        self.document.push(cmd.AddFaq(script, FaqEntry(intent=intent_id, reply=reply)))
        stack.endMacro()

    def mark_dealt_with(self) -> None:
        group = self.current_group()
        if group is None or not self.document.path:
            return
        try:
            store.mark_answered(self.document.path, [m.normalized for m in group.members])
        except OSError as exc:
            self.status.setText(str(exc))
            return
        self.refresh()

    # ---- replay ---------------------------------------------------------------------------
    def choose_and_replay(self) -> None:
        folder = os.path.dirname(self.document.path or "")
        path = self.ask.log_file(folder)
        if path:
            self.replay(path)

    def replay(self, path: Optional[str]) -> None:
        """Replay a log against the script as it is now (unsaved edits included), on the
        worker thread; the store then holds this log's unanswered utterances."""
        if not path or self._busy or not self.document.path:
            return
        self.last_log, self._busy = path, True
        snapshot = self.document.script.copy()
        self.status.setText(self.tr("Replaying {0}...").format(os.path.basename(path)))
        self._update_buttons()
        script_path = self.document.path

        def job(progress):  # the store is read on the worker too: it can hold many groups
            report = replay_log(snapshot, path, progress=progress)
            return report, store.groups(script_path)

        start_task(self._pool, job, self._on_progress, self._on_replayed, self)

    def _on_progress(self, done: int, total: int) -> None:
        pct = int(100 * done / total) if total else 100
        self.status.setText(self.tr("Replaying {0}... {1}%").format(
            os.path.basename(self.last_log or ""), pct))

    def _on_replayed(self, outcome: Any) -> None:
        self._busy = False
        if isinstance(outcome, Exception):
            self._update_buttons()
            self.status.setText(self.tr("The replay failed: {0}").format(outcome))
            return
        self.report, self.groups = outcome
        self._evaluate_and_show()
        outcome = self.report
        grades = ", ".join(f"{g} {n}" for g, n in sorted(outcome.grades.items()))
        self.status.setText(self.status.text() + " - " + self.tr(
            "replayed {0} call(s), {1} utterance(s); grades: {2}; {3} line(s) skipped").format(
            outcome.calls, outcome.utterances, grades or "-", len(outcome.problems)))
        self.replay_finished.emit(outcome)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
