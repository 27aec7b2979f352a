"""The inspector: every field of the node selected on the canvas.

It mirrors the model (refreshing on every model event with setters that ignore unchanged
values) and edits it only by pushing commands, one undo step per committed edit.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Optional

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QScrollArea,
    QStackedWidget, QTableWidget, QToolButton, QVBoxLayout, QWidget,
)

from designer.formats.fields import ID_RE
from designer.model import Branch, Handler, ModelEvent, Node, Script
from designer.model.prompts import VARIABLE_RE
from designer.ui.commands import RenameNode, SetNodeField, SetNodeFields, SetSection
from designer.ui.document import Document
from designer.ui.panels.widgets import (
    CommitLineEdit, CommitTextEdit, ListButtons, ValueCombo, error_label, intent_choices,
    node_choices, show_error,
)

# The audio slot: the audio engineer's widget for the prompts of one node. Called with the
# document and the node id each time the inspector shows another node (or the node is renamed).
AudioWidgetFactory = Callable[[Document, str], QWidget]


def node_kind(node: Node) -> str:
    """listen | next | hangup | transfer: the choice the kind combo box offers."""
    if node.end == "transfer":
        return "transfer"
    if node.end is not None:
        return "hangup"
    return "next" if node.next is not None else "listen"


class HandlerEditor(QWidget):
    """A node's no-match or no-input handler: the reply, and where the call goes above the
    limit. Emits `edited(handler)` with the new Handler (None when it says nothing special)."""

    edited = Signal(object)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._handler: Optional[Handler] = None
        self.reply = CommitTextEdit(lines=2)
        self.reply.setPlaceholderText(self.tr("(say the node's prompt again)"))
        self.then = ValueCombo()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Reply"), self.reply)
        form.addRow(self.tr("Above the limit"), self.then)
        self.reply.committed.connect(lambda text: self._emit(reply=text.strip() or None))
        self.then.chosen.connect(lambda target: self._emit(then=target))

    def set_handler(self, handler: Optional[Handler], script: Script) -> None:
        self._handler = handler
        on_limit = script.limits.on_limit
        limit = (self.tr("limit (on_limit: {node})").format(node=on_limit) if on_limit
                 else self.tr("limit (built-in goodbye)"))
        self.reply.set_value(handler.reply if handler else "")
        self.then.set_choices([(limit, None)] + node_choices(script))
        self.then.set_value(handler.then if handler else None)

    def forget(self) -> None:
        self.reply.forget()

    def _emit(self, **change: object) -> None:
        new = dataclasses.replace(self._handler or Handler(), **change)
        self.edited.emit(None if new == Handler() else new)


class InspectorPanel(QWidget):
    """Shows the one node selected in the document; a hint when none or several are."""

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self._node_id: Optional[str] = None
        self._audio_factory: Optional[AudioWidgetFactory] = None
        self._audio_widget: Optional[QWidget] = None
        self._branch_rows: list[tuple[ValueCombo, ValueCombo]] = []
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.hint)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._build_form())
        self._stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        document.selection_changed.connect(self._on_selection)
        document.content_changed.connect(self._on_model_event)
        document.script_replaced.connect(self._on_replaced)
        self._on_selection(document.selected_nodes())

    # ---- public --------------------------------------------------------------------------
    def node_id(self) -> Optional[str]:
        """The node shown, or None when the hint is shown."""
        return self._node_id

    def set_audio_widget_factory(self, factory: Optional[AudioWidgetFactory]) -> None:
        """Plug in the audio controls (play, record, synthesize, import) for the node's
        prompts; the "Audio" group stays hidden until a factory is given."""
        self._audio_factory = factory
        self._update_audio()

    # ---- building ------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self._build_identity())
        box.addWidget(self._build_prompt())
        box.addWidget(self._build_flow())
        box.addWidget(self._build_handlers())
        self.note_edit = CommitTextEdit(lines=2)
        self.note_edit.setPlaceholderText(self.tr("For the writers; never spoken"))
        self.note_edit.committed.connect(lambda t: self._set_field("note", t, self.tr("note")))
        note_box = QGroupBox(self.tr("Note"))
        QVBoxLayout(note_box).addWidget(self.note_edit)
        box.addWidget(note_box)
        # ---- AUDIO SLOT: filled by set_audio_widget_factory (designer/ui/audio_qt.py) ----
        self.audio_box = QGroupBox(self.tr("Audio"))
        self.audio_layout = QVBoxLayout(self.audio_box)
        self.audio_box.setVisible(False)
        box.addWidget(self.audio_box)
        box.addStretch(1)
        return page

    def _build_identity(self) -> QWidget:
        group = QGroupBox(self.tr("Node"))
        form = QFormLayout(group)
        self.id_edit = CommitLineEdit()
        self.id_edit.setToolTip(self.tr("Letters, digits, '_' and '-'; it also names the "
                                        "node's audio files. References follow a rename."))
        self.id_error = error_label()
        self.start_check = QCheckBox(self.tr("The call starts here"))
        self.kind_combo = ValueCombo()
        self.kind_combo.set_choices([
            (self.tr("Listen for an answer"), "listen"),
            (self.tr("Continue to another node"), "next"),
            (self.tr("End: hang up"), "hangup"),
            (self.tr("End: transfer to an agent"), "transfer"),
        ])
        form.addRow(self.tr("ID"), self.id_edit)
        form.addRow("", self.id_error)
        form.addRow("", self.start_check)
        form.addRow(self.tr("After the prompt"), self.kind_combo)
        self.id_edit.committed.connect(self._rename)
        self.start_check.clicked.connect(self._make_start)
        self.kind_combo.chosen.connect(self._set_kind)
        return group

    def _build_prompt(self) -> QWidget:
        group = QGroupBox(self.tr("Prompt"))
        layout = QVBoxLayout(group)
        self.say_edit = CommitTextEdit(lines=4)
        self.say_edit.setPlaceholderText(self.tr("What the robot says (Ctrl+Enter to apply)"))
        self.say_edit.committed.connect(lambda t: self._set_field("say", t, self.tr("prompt")))
        self.variable_button = QToolButton()
        self.variable_button.setText(self.tr("Insert variable"))
        self.variable_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.variable_menu = QMenu(self.variable_button)
        self.variable_menu.aboutToShow.connect(self._fill_variable_menu)
        self.variable_button.setMenu(self.variable_menu)
        self.say_error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.say_error, 1)
        row.addStretch(0)
        row.addWidget(self.variable_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.say_edit)
        layout.addLayout(row)
        return group

    def _build_flow(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.branches_box = QGroupBox(self.tr("Branches (tried in this order)"))
        blayout = QVBoxLayout(self.branches_box)
        self.branches_table = QTableWidget(0, 2)
        self.branches_table.setHorizontalHeaderLabels([self.tr("When the customer says"),
                                                       self.tr("Go to")])
        self.branches_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.branches_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.branches_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.branches_table.itemSelectionChanged.connect(self._update_branch_buttons)
        self.branch_buttons = ListButtons()
        self.branch_buttons.add.clicked.connect(self._add_branch)
        self.branch_buttons.remove.clicked.connect(self._remove_branch)
        self.branch_buttons.up.clicked.connect(lambda: self._move_branch(-1))
        self.branch_buttons.down.clicked.connect(lambda: self._move_branch(1))
        blayout.addWidget(self.branches_table)
        blayout.addWidget(self.branch_buttons)
        self.next_box = QGroupBox(self.tr("Continue to"))
        self.next_combo = ValueCombo()
        self.next_combo.chosen.connect(lambda t: self._set_field("next", t, self.tr("next node")))
        QVBoxLayout(self.next_box).addWidget(self.next_combo)
        layout.addWidget(self.branches_box)
        layout.addWidget(self.next_box)
        layout.addWidget(self._build_transfer())
        return page

    def _build_transfer(self) -> QWidget:
        self.transfer_box = QGroupBox(self.tr("Transfer"))
        form = QFormLayout(self.transfer_box)
        self.transfer_to_edit = CommitLineEdit()
        self.transfer_to_edit.setPlaceholderText(self.tr("queue or extension"))
        self.fallback_edit = CommitTextEdit(lines=2)
        self.fallback_edit.setPlaceholderText(self.tr("Said when no agent answers"))
        form.addRow(self.tr("Transfer to"), self.transfer_to_edit)
        form.addRow(self.tr("No agent answers"), self.fallback_edit)
        self.transfer_to_edit.committed.connect(
            lambda t: self._set_field("transfer_to", t.strip() or None, self.tr("transfer target")))
        self.fallback_edit.committed.connect(
            lambda t: self._set_field("transfer_fallback", t.strip() or None,
                                      self.tr("transfer fallback line")))
        return self.transfer_box

    def _build_handlers(self) -> QWidget:
        self.handlers_box = QGroupBox(self.tr("When the customer is not understood"))
        form = QFormLayout(self.handlers_box)
        self.no_match_editor = HandlerEditor()
        self.no_input_editor = HandlerEditor()
        form.addRow(QLabel(self.tr("No match")))
        form.addRow(self.no_match_editor)
        form.addRow(QLabel(self.tr("Silence")))
        form.addRow(self.no_input_editor)
        self.no_match_editor.edited.connect(
            lambda h: self._set_field("no_match", h, self.tr("no-match handler")))
        self.no_input_editor.edited.connect(
            lambda h: self._set_field("no_input", h, self.tr("silence handler")))
        return self.handlers_box

    # ---- model -> widgets ----------------------------------------------------------------
    def _on_selection(self, ids: list) -> None:
        new = ids[0] if len(ids) == 1 else None
        if new != self._node_id:
            self._flush()
            self._node_id = new
            for w in (self.id_edit, self.say_edit, self.transfer_to_edit, self.fallback_edit,
                      self.note_edit, self.no_match_editor, self.no_input_editor):
                w.forget()
            show_error(self.id_error, "")
            self._update_audio()
        if new is None:
            self.hint.setText(self.tr("Select a node on the canvas to edit it.") if not ids else
                              self.tr("{n} nodes are selected. Select one node to edit it.")
                              .format(n=len(ids)))
            self._stack.setCurrentIndex(0)
            return
        self._refresh()

    def _on_replaced(self) -> None:
        self._node_id = None  # a half-typed edit belonged to the old script: drop it
        self._on_selection(self.document.selected_nodes())

    def _on_model_event(self, event: ModelEvent) -> None:
        if self._node_id is None:
            return
        if event.kind == "node_renamed" and event.detail == self._node_id:
            self._node_id = event.key
            self._update_audio()
        elif event.kind == "node_removed" and event.key == self._node_id:
            self._on_selection([])
            return
        self._refresh()

    def _refresh(self) -> None:
        script = self.document.script
        node = script.nodes.get(self._node_id or "")
        if node is None:
            self._on_selection([])
            return
        self._stack.setCurrentIndex(1)
        self.id_edit.set_value(self._node_id)
        self.start_check.setChecked(script.start == self._node_id)
        self.start_check.setEnabled(script.start != self._node_id)
        self.say_edit.set_value(node.say)
        self._show_unknown_variables(node.say)
        kind = node_kind(node)
        self.kind_combo.set_value(kind)
        self._sync_branches(node)
        self.next_combo.set_choices([c for c in node_choices(script) if c[1] != self._node_id])
        self.next_combo.set_value(node.next)
        self.transfer_to_edit.set_value(node.transfer_to)
        self.fallback_edit.set_value(node.transfer_fallback)
        self.no_match_editor.set_handler(node.no_match, script)
        self.no_input_editor.set_handler(node.no_input, script)
        self.note_edit.set_value(node.note)
        self.branches_box.setVisible(kind == "listen")
        self.handlers_box.setVisible(kind == "listen")
        self.next_box.setVisible(kind == "next")
        self.transfer_box.setVisible(kind == "transfer")

    def _show_unknown_variables(self, say: str) -> None:
        unknown = [v for v in VARIABLE_RE.findall(say) if v not in self.document.script.variables]
        show_error(self.say_error, self.tr("Unknown variable: {names}").format(
            names=", ".join("{" + v + "}" for v in unknown)) if unknown else "")

    def _sync_branches(self, node: Node) -> None:
        """Update the rows in place (a rebuild would take the focus from a combo box that was
        just used); add or drop rows at the end when the count changed."""
        table, script = self.branches_table, self.document.script
        while table.rowCount() > len(node.branches):
            table.removeRow(table.rowCount() - 1)
            self._branch_rows.pop()
        while table.rowCount() < len(node.branches):
            self._append_branch_row()
        intents, nodes = intent_choices(script), node_choices(script)
        for (intent_combo, goto_combo), branch in zip(self._branch_rows, node.branches):
            intent_combo.set_choices(intents)
            intent_combo.set_value(branch.intent)
            goto_combo.set_choices(nodes)
            goto_combo.set_value(branch.goto)
        self._fit_branch_table()
        self._update_branch_buttons()

    def _fit_branch_table(self) -> None:
        """As tall as its rows (two to eight), so a narrow dock shows every branch."""
        table = self.branches_table
        rows = min(max(table.rowCount(), 2), 8)
        row_height = table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows * row_height
                             + 2 * table.frameWidth())

    def _append_branch_row(self) -> None:
        row = self.branches_table.rowCount()
        self.branches_table.insertRow(row)
        combos = (ValueCombo(), ValueCombo())
        for column, combo in enumerate(combos):
            combo.installEventFilter(self)
            combo.chosen.connect(lambda v, c=combo, col=column: self._edit_branch(c, col, v))
            self.branches_table.setCellWidget(row, column, combo)
        self._branch_rows.append(combos)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:  # a click into a row's combo selects the row
            for row, combos in enumerate(self._branch_rows):
                if watched in combos:
                    self._select_branch_row(row)
        return super().eventFilter(watched, event)

    def _select_branch_row(self, row: int) -> None:
        """Select without making the row current: a current-index change takes the focus
        from the combo box the user just clicked."""
        self.branches_table.selectionModel().select(
            self.branches_table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _update_branch_buttons(self) -> None:
        rows = self.branches_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        can_add = bool(self.document.script.intents)
        self.branch_buttons.update_for(row, len(self._branch_rows), can_add)
        self.branch_buttons.add.setToolTip("" if can_add else
                                           self.tr("Define an intent first (Intents panel)"))

    def _update_audio(self) -> None:
        if self._audio_widget is not None:
            self.audio_layout.removeWidget(self._audio_widget)
            self._audio_widget.deleteLater()
            self._audio_widget = None
        if self._audio_factory is not None and self._node_id is not None:
            self._audio_widget = self._audio_factory(self.document, self._node_id)
            self.audio_layout.addWidget(self._audio_widget)
        self.audio_box.setVisible(self._audio_widget is not None)

    def _fill_variable_menu(self) -> None:
        self.variable_menu.clear()
        variables = self.document.script.variables
        for vid, var in variables.items():
            text = f"{var.label}  {{{vid}}}" if var.label else f"{{{vid}}}"
            action = self.variable_menu.addAction(text)
            action.triggered.connect(lambda _c=False, v=vid: self.insert_variable(v))
        if not variables:
            action = self.variable_menu.addAction(
                self.tr("No variables yet: add them in Script settings"))
            action.setEnabled(False)

    # ---- widgets -> commands -------------------------------------------------------------
    def insert_variable(self, variable_id: str) -> None:
        """Insert {variable_id} at the prompt's cursor and apply it (one undo step)."""
        self.say_edit.insert_and_commit("{" + variable_id + "}")

    def _flush(self) -> None:
        """Apply what is typed but not yet committed before the inspector shows another node."""
        if self._node_id in self.document.script.nodes:
            for editor in (self.say_edit, self.fallback_edit, self.note_edit,
                           self.no_match_editor.reply, self.no_input_editor.reply):
                editor.commit()
            self.transfer_to_edit.editingFinished.emit()

    def _set_field(self, name: str, value: object, what: str) -> None:
        nid = self._node_id
        if nid is None or nid not in self.document.script.nodes:
            return
        if getattr(self.document.script.node(nid), name) == value:
            return
        self.document.push(SetNodeField(self.document.script, nid, name, value,
                                        text=self.tr("Edit {what} of {node}").format(
                                            what=what, node=nid)))

    def _rename(self, text: str) -> None:
        new_id, old_id = text.strip(), self._node_id
        if old_id is None or new_id == old_id:
            show_error(self.id_error, "")
            return
        if not ID_RE.match(new_id):
            show_error(self.id_error, self.tr("An id may use letters, digits, '_' and '-' only."))
            return
        if new_id in self.document.script.nodes:
            show_error(self.id_error, self.tr("There is already a node {id}.").format(id=new_id))
            return
        show_error(self.id_error, "")
        command = RenameNode(self.document.script, old_id, new_id)
        command.setText(self.tr("Rename node {old} to {new}").format(old=old_id, new=new_id))
        self.document.push(command)

    def _make_start(self) -> None:
        if self._node_id is not None:
            self.document.push(SetSection(self.document.script, "start", self._node_id,
                                          text=self.tr("Start the call at {node}").format(
                                              node=self._node_id)))

    def _set_kind(self, kind: str) -> None:
        script, nid = self.document.script, self._node_id
        if nid is None:
            return
        node = script.node(nid)
        values: dict[str, object] = {"next": None, "end": None}
        if kind != "listen":
            values["branches"] = ()
        if kind != "transfer":
            values.update(transfer_to=None, transfer_fallback=None, transfer_fallback_audio=None)
        if kind in ("hangup", "transfer"):
            values["end"] = kind
        if kind == "next":
            target = next((b.goto for b in node.branches), None) or next(
                (n for n in script.nodes if n != nid), None)
            if target is None:  # nowhere to continue to: keep the node as it is
                self.kind_combo.set_value(node_kind(node))
                return
            values["next"] = target
        self.document.push(SetNodeFields(script, nid, values, text=self.tr(
            "Change what {node} does after its prompt").format(node=nid)))

    def _set_branches(self, branches: tuple[Branch, ...], text: str) -> None:
        nid = self._node_id
        if nid is not None and branches != self.document.script.node(nid).branches:
            self.document.push(SetNodeField(self.document.script, nid, "branches", branches,
                                            text=text.format(node=nid)))

    def _edit_branch(self, combo: ValueCombo, column: int, value: str) -> None:
        row = next(i for i, combos in enumerate(self._branch_rows) if combo in combos)
        branches = list(self.document.script.node(self._node_id).branches)
        old = branches[row]
        branches[row] = Branch(value, old.goto) if column == 0 else Branch(old.intent, value)
        self._set_branches(tuple(branches), self.tr("Edit a branch of {node}"))

    def _add_branch(self) -> None:
        script, nid = self.document.script, self._node_id
        node = script.node(nid)
        used = {b.intent for b in node.branches}
        free = [i for i, it in script.intents.items() if i not in used and it.kind != "opt_out"]
        intent = (free or list(script.intents))[0]
        goto = next((n for n in script.nodes if n != nid), nid)
        self._set_branches(node.branches + (Branch(intent, goto),),
                           self.tr("Add a branch to {node}"))
        self._select_branch_row(len(node.branches))

    def _selected_branch(self) -> int:
        rows = self.branches_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _remove_branch(self) -> None:
        row = self._selected_branch()
        branches = self.document.script.node(self._node_id).branches
        if 0 <= row < len(branches):
            self._set_branches(branches[:row] + branches[row + 1:],
                               self.tr("Remove a branch of {node}"))

    def _move_branch(self, step: int) -> None:
        row = self._selected_branch()
        branches = list(self.document.script.node(self._node_id).branches)
        other = row + step
        if 0 <= row < len(branches) and 0 <= other < len(branches):
            branches[row], branches[other] = branches[other], branches[row]
            self._set_branches(tuple(branches), self.tr("Move a branch of {node}"))
            self._select_branch_row(other)
