"""The FAQ editor: questions answerable from any listening node (DESIGN.md 2.6). The first
entry whose intent hits answers, so the order of the table is the order the engine tries."""
from __future__ import annotations

import dataclasses
from typing import Optional

import shiboken6
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHeaderView, QSplitter, QTableWidget, QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from designer.model import FaqEntry, ModelEvent, Script
from designer.ui.commands import AddFaq, MoveFaq, RemoveFaq, ReplaceFaq
from designer.ui.document import Document
from designer.ui.panels.shown import WhenShown
from designer.ui.panels.widgets import (
    CommitTextEdit, ListButtons, ValueCombo, error_label, fill_rows, intent_choices,
    intent_title, show_error, translate,
)


def after_value(entry: FaqEntry) -> str:
    """The "after the answer" choice of an entry: resume, hangup or goto:NODE."""
    return f"goto:{entry.goto}" if entry.goto else entry.then


def after_choices(script: Script) -> list[tuple[str, str]]:
    go_to = translate("FaqPanel", "Go to {node}")
    return ([(translate("FaqPanel", "Resume: stay at the node"), "resume"),
             (translate("FaqPanel", "Hang up"), "hangup")]
            + [(go_to.format(node=nid), f"goto:{nid}") for nid in script.nodes])


def after_text(script: Script, value: str) -> str:
    """How an "after the answer" choice is named in the table (a value that is no choice,
    such as a jump to a missing node, as it is)."""
    if value == "resume":
        return translate("FaqPanel", "Resume: stay at the node")
    if value == "hangup":
        return translate("FaqPanel", "Hang up")
    node = value[len("goto:"):]
    if value.startswith("goto:") and node in script.nodes:
        return translate("FaqPanel", "Go to {node}").format(node=node)
    return value


class FaqPanel(QWidget):
    """Table of FAQ answers with an editor for the selected one."""

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self._rows: list[tuple[str, ...]] = []
        self._row = -1
        self._stack_index = document.undo_stack.index()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_editor())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # the table, the editor: filled when the panel can be seen (see panels/shown.py)
        self._seen = WhenShown(self, self._refresh)
        document.content_changed.connect(self._on_model_event)
        document.script_replaced.connect(self._on_replaced)
        document.undo_stack.indexChanged.connect(self._settle)
        self._on_replaced()

    # ---- public --------------------------------------------------------------------------
    def current_row(self) -> int:
        self._seen.flush()
        return self._row

    def is_stale(self) -> bool:
        """True while hidden after a change: it refreshes when shown."""
        return self._seen.stale

    def select_row(self, row: int) -> None:
        if 0 <= row < len(self.document.script.faq):
            self._switch_to(row)
            self._seen.request()

    # ---- building ------------------------------------------------------------------------
    def _build_table(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Question (intent)"), self.tr("Answer"),
                                              self.tr("Then")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.buttons = ListButtons()
        self.buttons.add.clicked.connect(self._add)
        self.buttons.remove.clicked.connect(self._remove)
        self.buttons.up.clicked.connect(lambda: self._move(-1))
        self.buttons.down.clicked.connect(lambda: self._move(1))
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        return page

    def _build_editor(self) -> QWidget:
        self.editor = QGroupBox(self.tr("FAQ answer"))
        form = QFormLayout(self.editor)
        self.intent_combo = ValueCombo()
        self.reply_edit = CommitTextEdit(lines=3)
        self.reply_edit.setPlaceholderText(self.tr("What the robot answers (Ctrl+Enter to apply)"))
        self.after_combo = ValueCombo()
        self.warning = error_label()
        form.addRow(self.tr("When the customer asks"), self.intent_combo)
        form.addRow(self.tr("Answer"), self.reply_edit)
        form.addRow(self.tr("Then"), self.after_combo)
        form.addRow(self.warning)
        self.intent_combo.chosen.connect(lambda iid: self._replace(intent=iid))
        self.reply_edit.committed.connect(lambda text: self._replace(reply=text.strip()))
        self.after_combo.chosen.connect(self._set_after)
        return self.editor

    # ---- model -> widgets ----------------------------------------------------------------
    def _on_replaced(self) -> None:
        self._stack_index = self.document.undo_stack.index()
        self._switch_to(0 if self.document.script.faq else -1, flush=False)
        self._seen.request()

    def _on_model_event(self, event: ModelEvent) -> None:
        """Keep showing the same entry when another one is added or removed before it."""
        if event.kind == "faq_removed" and event.key <= self._row:
            self._switch_to(self._row - (event.key < self._row), flush=False)
        elif event.kind == "faq_added" and event.key <= self._row:
            self._switch_to(self._row + 1, flush=False)
        if event.kind.startswith(("faq", "intent", "node")):
            self._seen.request()

    def _settle(self, index: int) -> None:
        """After an undo or redo, show the entry it touched."""
        stack = self.document.undo_stack
        if not shiboken6.isValid(stack):  # the document is being destroyed
            return
        previous, self._stack_index = self._stack_index, index
        if index != previous and 0 <= min(index, previous) < stack.count():
            row = _touched_row(stack.command(min(index, previous)), undone=index < previous)
            if row is not None:
                self.select_row(row)

    def _refresh(self) -> None:
        script = self.document.script
        rows = [(intent_title(script, e.intent), e.reply.replace("\n", " "),
                 after_text(script, after_value(e))) for e in script.faq]
        if rows != self._rows:
            self._rows = rows
            fill_rows(self.table, rows)
        if self._row >= len(script.faq) or (self._row < 0 and script.faq):
            self._switch_to(len(script.faq) - 1 if self._row >= 0 else 0, flush=False)
        self.table.blockSignals(True)
        self.table.selectRow(self._row) if self._row >= 0 else self.table.clearSelection()
        self.table.blockSignals(False)
        self.buttons.update_for(self._row, len(script.faq), can_add=bool(script.intents))
        self._fill_editor()

    def _switch_to(self, row: int, flush: bool = True) -> None:
        """Show another row; flush: first apply a half-typed answer to the row shown now."""
        if flush and row != self._row:
            self._flush()
        if row != self._row or not flush:
            self._row = row
            self.reply_edit.forget()

    def _fill_editor(self) -> None:
        script = self.document.script
        entry = script.faq[self._row] if 0 <= self._row < len(script.faq) else None
        self.editor.setEnabled(entry is not None)
        if entry is None:
            show_error(self.warning, "")
            return
        self.intent_combo.set_choices(intent_choices(script))
        self.intent_combo.set_value(entry.intent)
        self.reply_edit.set_value(entry.reply)
        self.after_combo.set_choices(after_choices(script))
        self.after_combo.set_value(after_value(entry))
        first = next(i for i, e in enumerate(script.faq) if e.intent == entry.intent)
        show_error(self.warning, "" if first == self._row else self.tr(
            "FAQ answer {n} already answers this intent and comes first: this one is never "
            "used.").format(n=first + 1))

    # ---- widgets -> commands -------------------------------------------------------------
    def _on_table_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.select_row(rows[0].row())

    def _flush(self) -> None:
        if 0 <= self._row < len(self.document.script.faq):
            self.reply_edit.commit()

    def _replace(self, **change: object) -> None:
        script, row = self.document.script, self._row
        if not 0 <= row < len(script.faq):
            return
        new = dataclasses.replace(script.faq[row], **change)
        if new != script.faq[row]:
            command = ReplaceFaq(script, row, new)
            command.setText(self.tr("Edit FAQ answer {n}").format(n=row + 1))
            self.document.push(command)

    def _set_after(self, value: str) -> None:
        if value.startswith("goto:"):
            self._replace(goto=value[len("goto:"):])
        else:
            self._replace(then=value, goto=None)

    def _add(self) -> None:
        script = self.document.script
        answered = {e.intent for e in script.faq}
        free = [i for i, it in script.intents.items()
                if i not in answered and it.kind in ("normal", "robot_question")]
        intent = (free or list(script.intents))[0]
        command = AddFaq(script, FaqEntry(intent=intent))
        command.setText(self.tr("Add an FAQ answer"))
        self.document.push(command)
        self.select_row(len(script.faq) - 1)
        self.reply_edit.setFocus()

    def _remove(self) -> None:
        if 0 <= self._row < len(self.document.script.faq):
            command = RemoveFaq(self.document.script, self._row)
            command.setText(self.tr("Delete FAQ answer {n}").format(n=self._row + 1))
            self.document.push(command)

    def _move(self, step: int) -> None:
        row, count = self._row, len(self.document.script.faq)
        if 0 <= row < count and 0 <= row + step < count:
            self.document.push(MoveFaq(self.document.script, row, row + step, text=self.tr(
                "Move FAQ answer {n}").format(n=row + 1)))
            self.select_row(row + step)


def _touched_row(command: QUndoCommand, undone: bool) -> Optional[int]:
    """The faq row to show after undoing or redoing command (None: leave it)."""
    if isinstance(command, MoveFaq):
        return command.index if undone else command.new_index
    if isinstance(command, (AddFaq, RemoveFaq, ReplaceFaq)):
        return command.index
    return None
