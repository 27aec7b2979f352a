"""The intents editor: the list of intents, the fields of the selected one, and the live box
that shows which intent a phrase hits at a node, and why the others lost."""
from __future__ import annotations

import dataclasses
from typing import Optional

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHeaderView, QLabel, QLineEdit, QMessageBox, QScrollArea, QSplitter,
    QTableWidget, QVBoxLayout, QWidget,
)

from designer.engine.matcher import KeywordError, parse_keyword
from designer.formats.fields import ID_RE
from designer.model import Intent, ModelEvent, Script
from designer.ui.commands import (
    AddIntent, DeleteIntent, RenameIntent, ReplaceIntent, intent_references,
)
from designer.ui.document import Document
from designer.ui.panels.shown import WhenShown
from designer.ui.panels.widgets import (
    CommitLineEdit, CommitTextEdit, ListButtons, ValueCombo, error_label, fill_rows,
    intent_kind_names, intent_title, node_choices, show_error, split_lines, translate,
)


def keyword_problems(lines: tuple[str, ...]) -> list[str]:
    """One message per keyword that cannot work: a `re:` pattern that does not compile, or a
    keyword that normalizes to nothing (punctuation only)."""
    problems = []
    for i, text in enumerate(lines):
        try:
            spec = parse_keyword("", i, text)
        except KeywordError as exc:
            problems.append(translate("IntentsPanel", "Line {n}: {error}").format(
                n=i + 1, error=str(exc)))
            continue
        if spec is None:
            problems.append(translate("IntentsPanel", "Line {n}: “{text}” has no letters or "
                                      "digits, so it can never match").format(n=i + 1, text=text))
    return problems


class IntentsPanel(QWidget):
    """Intents: list, editor and live box. Every edit is one command on the undo stack."""

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self._rows: list[tuple[str, ...]] = []
        self._current: Optional[str] = None
        self._stable_row = 0  # where the shown intent stood when the model last settled
        self._stack_index = document.undo_stack.index()
        self.confirm_delete = self._ask_delete  # replaceable (tests answer without a dialog)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_list())
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        editor_scroll.setWidget(self._build_editor())
        splitter.addWidget(editor_scroll)
        self.live = LiveMatchBox(document)
        splitter.addWidget(self.live)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # the list, the editor: filled when the panel can be seen (see panels/shown.py)
        self._seen = WhenShown(self, self._refresh)
        document.content_changed.connect(self._on_model_event)
        document.script_replaced.connect(self._on_replaced)
        document.undo_stack.indexChanged.connect(self._settle)
        self._on_replaced()

    # ---- public --------------------------------------------------------------------------
    def current_intent(self) -> Optional[str]:
        self._seen.flush()
        return self._current

    def is_stale(self) -> bool:
        """True while hidden after a change: it refreshes when shown."""
        return self._seen.stale

    def select_intent(self, intent_id: str) -> None:
        if intent_id in self.document.script.intents:
            self._show(intent_id)

    # ---- building ------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Label"), self.tr("Kind"),
                                              self.tr("Keywords")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 3 * self.table.verticalHeader().defaultSectionSize())
        self.buttons = ListButtons(move=False)
        self.buttons.add.clicked.connect(self._add)
        self.buttons.remove.clicked.connect(self._remove)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        return page

    def _build_editor(self) -> QWidget:
        self.editor = QGroupBox(self.tr("Intent"))
        form = QFormLayout(self.editor)
        self.id_edit = CommitLineEdit()
        self.id_edit.setToolTip(self.tr("Renaming also updates the branches, FAQ answers and "
                                        "grading rules that use it."))
        self.id_error = error_label()
        self.label_edit = CommitLineEdit()
        self.kind_combo = ValueCombo()
        self.keywords_edit = CommitTextEdit(lines=4)
        self.keywords_edit.setToolTip(self.tr(
            "One keyword a line. a&b: all parts occur, in any order. re:PATTERN: a regular "
            "expression over the normalized phrase."))
        self.keywords_edit.setPlaceholderText(self.tr("One keyword a line"))
        self.keyword_error = error_label()
        self.exclude_edit = CommitTextEdit(lines=2)
        self.exclude_edit.setPlaceholderText(self.tr("Phrases that cancel this intent, one a line"))
        form.addRow(self.tr("ID"), self.id_edit)
        form.addRow("", self.id_error)
        form.addRow(self.tr("Label"), self.label_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Keywords"), self.keywords_edit)
        form.addRow("", self.keyword_error)
        form.addRow(self.tr("Exclude"), self.exclude_edit)
        self.id_edit.committed.connect(self._rename)
        self.label_edit.committed.connect(lambda t: self._replace(label=t.strip()))
        self.kind_combo.chosen.connect(lambda k: self._replace(kind=k))
        self.keywords_edit.committed.connect(lambda t: self._replace(keywords=split_lines(t)))
        self.keywords_edit.textChanged.connect(self._check_keywords)
        self.exclude_edit.committed.connect(lambda t: self._replace(exclude=split_lines(t)))
        return self.editor

    # ---- model -> widgets ----------------------------------------------------------------
    def _on_replaced(self) -> None:
        self._stack_index = self.document.undo_stack.index()
        self._current = None
        self._stable_row = 0
        self._seen.request()

    def _on_model_event(self, event: ModelEvent) -> None:
        if event.kind.startswith("intent") or event.kind in ("reset", "section_changed"):
            self._seen.request()

    def _settle(self, index: int) -> None:
        """After a whole command (a rename is several model events): show the intent an undo
        or redo touched, and remember the row of the one shown."""
        stack = self.document.undo_stack
        if not shiboken6.isValid(stack):  # the document is being destroyed
            return
        previous, self._stack_index = self._stack_index, index
        if index != previous and 0 <= min(index, previous) < stack.count():
            target = _touched_intent(stack.command(min(index, previous)), undone=index < previous)
            if target in self.document.script.intents:
                self._show(target)
        if self._current in self.document.script.intents:
            self._stable_row = list(self.document.script.intents).index(self._current)

    def _refresh(self) -> None:
        intents = self.document.script.intents
        kinds = intent_kind_names()
        rows = [(iid, it.label, kinds.get(it.kind, it.kind), str(len(it.keywords)))
                for iid, it in intents.items()]
        if rows != self._rows:
            self._rows = rows
            fill_rows(self.table, rows)
        if self._current not in intents:
            ids = list(intents)
            row = min(self._stable_row, len(ids) - 1)
            self._switch_to(ids[row] if ids else None)
        self._select_row()
        self._fill_editor()

    def _select_row(self) -> None:
        self.table.blockSignals(True)
        ids = list(self.document.script.intents)
        if self._current in ids:
            self.table.selectRow(ids.index(self._current))
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        self.buttons.update_for(ids.index(self._current) if self._current in ids else -1,
                                len(ids))

    def _switch_to(self, intent_id: Optional[str]) -> None:
        if intent_id == self._current:
            return
        self._flush()
        self._current = intent_id
        for editor in (self.id_edit, self.label_edit, self.keywords_edit, self.exclude_edit):
            editor.forget()
        show_error(self.id_error, "")

    def _fill_editor(self) -> None:
        intent = self.document.script.intents.get(self._current or "")
        self.editor.setEnabled(intent is not None)
        if intent is None:
            return
        self.id_edit.set_value(self._current)
        self.label_edit.set_value(intent.label)
        self.kind_combo.set_choices([(name, kind) for kind, name in intent_kind_names().items()])
        self.kind_combo.set_value(intent.kind)
        self.keywords_edit.set_value("\n".join(intent.keywords))
        self.exclude_edit.set_value("\n".join(intent.exclude))
        self._check_keywords()

    def _check_keywords(self) -> None:
        problems = keyword_problems(split_lines(self.keywords_edit.toPlainText()))
        show_error(self.keyword_error, "\n".join(problems))

    # ---- widgets -> commands -------------------------------------------------------------
    def _on_table_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        ids = list(self.document.script.intents)
        if rows and rows[0].row() < len(ids):
            self._show(ids[rows[0].row()])

    def _show(self, intent_id: str) -> None:
        self._switch_to(intent_id)
        self._stable_row = list(self.document.script.intents).index(intent_id)
        if not self._seen.stale:  # else the refresh when shown selects it
            self._select_row()
            self._fill_editor()

    def _flush(self) -> None:
        if self._current in self.document.script.intents:
            for editor in (self.keywords_edit, self.exclude_edit):
                editor.commit()
            self.label_edit.editingFinished.emit()

    def _replace(self, **change: object) -> None:
        script, iid = self.document.script, self._current
        if iid is None or iid not in script.intents:
            return
        new = dataclasses.replace(script.intent(iid), **change)
        if new != script.intent(iid):
            self.document.push(ReplaceIntent(script, iid, new, text=self.tr(
                "Edit intent {id}").format(id=iid)))

    def _rename(self, text: str) -> None:
        new_id, old_id, script = text.strip(), self._current, self.document.script
        if old_id is None or new_id == old_id:
            show_error(self.id_error, "")
            return
        if not ID_RE.match(new_id):
            show_error(self.id_error, self.tr("An id may use letters, digits, '_' and '-' only."))
            return
        if new_id in script.intents:
            show_error(self.id_error, self.tr("There is already an intent {id}.").format(id=new_id))
            return
        show_error(self.id_error, "")
        self.document.push(RenameIntent(script, old_id, new_id, text=self.tr(
            "Rename intent {old} to {new}").format(old=old_id, new=new_id)))
        self._show(new_id)

    def _add(self) -> None:
        script = self.document.script
        i = 1
        while f"intent_{i}" in script.intents:
            i += 1
        new_id = f"intent_{i}"
        command = AddIntent(script, new_id, Intent(label=self.tr("New intent")))
        command.setText(self.tr("Add intent {id}").format(id=new_id))
        self.document.push(command)
        self._show(new_id)
        self.label_edit.setFocus()
        self.label_edit.selectAll()

    def _remove(self) -> None:
        iid = self._current
        if iid is None or not self.confirm_delete(iid):
            return
        self.document.push(DeleteIntent(self.document.script, iid, text=self.tr(
            "Delete intent {id}").format(id=iid)))

    def _ask_delete(self, intent_id: str) -> bool:
        refs = intent_references(self.document.script, intent_id)
        if not any(refs.values()):
            return True
        text = self.tr("Intent {id} is used by {branches} branch(es) and {faq} FAQ answer(s); "
                       "they are deleted with it. {grading} grading rule(s) name it and will "
                       "need fixing. Delete it?").format(id=intent_id, **refs)
        answer = QMessageBox.question(self, self.tr("Delete intent"), text)
        return answer == QMessageBox.StandardButton.Yes


def _touched_intent(command: QUndoCommand, undone: bool) -> Optional[str]:
    """The intent to show after undoing or redoing command (None: leave the list alone)."""
    if isinstance(command, RenameIntent):
        return command.old_id if undone else command.new_id
    if isinstance(command, (ReplaceIntent, AddIntent, DeleteIntent)):
        return command.intent_id
    return None


class LiveMatchBox(QGroupBox):
    """Type a phrase, pick a node: which intent wins there, by which keyword, and why the
    other intents that hit lost. Uses the document's engine, so it follows every edit."""

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setTitle(self.tr("Try a phrase"))
        self.document = document
        self.phrase_edit = QLineEdit()
        self.phrase_edit.setPlaceholderText(self.tr("What a customer might say, e.g. 我不需要"))
        self.phrase_edit.setClearButtonEnabled(True)
        self.node_combo = ValueCombo()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: bold;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result = QWidget()  # scrolls, so a long explanation never squeezes the fields
        result_layout = QVBoxLayout(result)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.verdict)
        result_layout.addWidget(self.details)
        result_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(result)
        scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        form = QFormLayout(self)
        form.addRow(self.tr("Phrase"), self.phrase_edit)
        form.addRow(self.tr("At node"), self.node_combo)
        form.addRow(scroll)
        self._node: Optional[str] = None  # the node asked about (the combo shows it)
        self._seen = WhenShown(self, self._update)  # filled when it can be seen
        self.phrase_edit.textChanged.connect(self.update_result)
        self.node_combo.chosen.connect(self._choose_node)
        document.selection_changed.connect(self._follow_selection)
        document.content_changed.connect(self._on_model_event)
        document.script_replaced.connect(self._reset_node)
        self._reset_node()

    def _on_model_event(self, _event: ModelEvent) -> None:
        self.update_result()

    def set_node(self, node_id: Optional[str]) -> None:
        self._node = node_id
        self.update_result()

    def _choose_node(self, node_id: Optional[str]) -> None:
        self.set_node(node_id)

    def _reset_node(self) -> None:
        selected = self.document.selected_nodes()
        self.set_node(selected[0] if selected else (self.document.script.start or None))

    def _follow_selection(self, ids: list) -> None:
        if len(ids) == 1:
            self.set_node(ids[0])

    def update_result(self) -> None:
        """Show the verdict for the phrase at the node now, or when the box is shown."""
        self._seen.request()

    def is_stale(self) -> bool:
        return self._seen.stale

    def _update(self) -> None:
        script = self.document.script
        self.node_combo.set_choices(
            [(self.tr("(no node: FAQ and global intents only)"), None)] + node_choices(script))
        self.node_combo.set_value(self._node)
        node = self.node_combo.value()
        if node not in script.nodes:
            node = None
        text = self.phrase_edit.text()
        if not text.strip():
            self.verdict.setText("")
            self.details.setText(self.tr("Type what a customer might say to see which intent "
                                         "wins at this node."))
            return
        verdict, lines = explain(self.document, node, text)
        self.verdict.setText(verdict)
        self.details.setText("\n".join(lines))


def explain(document: Document, node_id: Optional[str], text: str) -> tuple[str, list[str]]:
    """The verdict line and the explanation lines of the live box."""
    script, engine = document.script, document.engine()
    ev, decision = engine.match(node_id, text)
    lines = [translate("LiveMatchBox", "Normalized: {text}").format(text=ev.normalized)]
    verdict = _verdict(script, node_id, decision)
    for iid, hit in ev.hits.items():
        if iid != decision.intent:
            lines.append(translate("LiveMatchBox", "{intent} also hit by “{keyword}”, but lost: "
                                   "{why}").format(intent=intent_title(script, iid),
                                                   keyword=hit.keyword,
                                                   why=_why_lost(script, node_id, iid, decision)))
    for d in dict.fromkeys(ev.dropped):
        lines.append(translate("LiveMatchBox", "{intent}: “{keyword}” dropped, it lies inside "
                               "the longer “{by}” of {other}").format(
            intent=intent_title(script, d.intent), keyword=d.keyword, by=d.by_keyword,
            other=intent_title(script, d.by_intent)))
    for iid, phrase in ev.excluded:
        lines.append(translate("LiveMatchBox", "{intent}: excluded by “{phrase}”").format(
            intent=intent_title(script, iid), phrase=phrase))
    everywhere = engine.matcher.evaluate(ev.normalized, set(script.intents), normalized=True)
    for iid, hit in everywhere.hits.items():
        if iid not in ev.hits and iid not in {i for i, _p in ev.excluded}:
            lines.append(translate("LiveMatchBox", "{intent} would hit by “{keyword}”, but "
                                   "this node does not listen for it").format(
                intent=intent_title(script, iid), keyword=hit.keyword))
    return verdict, lines


def _verdict(script: Script, node_id: Optional[str], decision) -> str:
    if decision.kind == "no_match":
        return translate("LiveMatchBox", "No match: no intent of this node hits this phrase; "
                         "the robot gives the no-match reply.")
    who = dict(intent=intent_title(script, decision.intent), keyword=decision.keyword)
    if decision.kind == "opt_out":
        return translate("LiveMatchBox", "{intent} wins by “{keyword}”: opt-out, the robot says "
                         "goodbye and marks the number do-not-call.").format(**who)
    if decision.kind == "branch":
        goto = script.nodes[node_id].branches[decision.branch].goto
        return translate("LiveMatchBox", "{intent} wins by “{keyword}”: branch {n} goes to "
                         "{node}.").format(n=decision.branch + 1, node=goto, **who)
    if decision.kind == "faq":
        return translate("LiveMatchBox", "{intent} wins by “{keyword}”: FAQ answer {n}.").format(
            n=decision.faq + 1, **who)
    return translate("LiveMatchBox", "{intent} wins by “{keyword}”: a refusal no branch "
                     "handles; it counts toward the refusal limit.").format(**who)


def _why_lost(script: Script, node_id: Optional[str], intent_id: str, decision) -> str:
    """The step of the choice order (DESIGN.md 2.3) at which intent_id was passed over."""
    if decision.kind == "opt_out":
        return translate("LiveMatchBox", "an opt-out always wins")
    node = script.nodes.get(node_id or "")
    branch_intents = [b.intent for b in node.branches] if node else []
    if decision.kind == "branch" and intent_id in branch_intents:
        return translate("LiveMatchBox", "a branch listed earlier comes first")
    if decision.kind == "branch":
        return translate("LiveMatchBox", "the node's branches come before FAQ answers and "
                         "refusals")
    if decision.kind == "faq" and script.faq_for(intent_id) is not None:
        return translate("LiveMatchBox", "an FAQ answer listed earlier comes first")
    return translate("LiveMatchBox", "lower in the choice order")
