"""Inspector: model changes update the fields; field edits update the model through one undo
step each; undo and redo restore the model and the fields."""
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel

from designer.formats.script_yaml import dump_script, load_script
from designer.model import Branch, Handler
from designer.ui.commands import RenameNode, SetNodeField
from designer.ui.document import Document
from designer.ui.panels.inspector import InspectorPanel

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def doc():
    return Document(load_script(EXAMPLE))


@pytest.fixture
def panel(qtbot, doc):
    widget = InspectorPanel(doc)
    qtbot.addWidget(widget)
    doc.select_nodes(["opening"])
    return widget


def type_text(widget, text):
    """Chinese arrives from an input method as a commit string (QTest cannot type it)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def commit_text(qtbot, editor, text):
    """Replace an editor's text as a user would, then press Ctrl+Enter."""
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def commit_line(edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def assert_undo_redo(doc, before, after_check):
    """Exactly one undo step; undo gives back identical file bytes, redo the edit."""
    assert doc.undo_stack.count() == 1
    edited = dump_script(doc.script)
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    doc.undo_stack.redo()
    assert dump_script(doc.script) == edited
    after_check()


# ---- selection -----------------------------------------------------------------------------
def test_hint_until_exactly_one_node_is_selected(qtbot, doc):
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    assert panel.node_id() is None and "Select a node" in panel.hint.text()
    doc.select_nodes(["opening", "goodbye"])
    assert panel.node_id() is None and "2 nodes" in panel.hint.text()
    doc.select_nodes(["goodbye"])
    assert panel.node_id() == "goodbye"
    assert panel.say_edit.toPlainText().startswith("好的，不打扰您了")
    assert panel.kind_combo.currentData() == "hangup"
    assert panel.branches_box.isHidden() and not panel.transfer_box.isVisibleTo(panel)


def test_deleting_the_shown_node_shows_the_hint(panel, doc):
    doc.script.remove_node("opening")
    assert panel.node_id() is None and panel.hint.isVisibleTo(panel)


# ---- prompt ---------------------------------------------------------------------------------
def test_model_change_updates_the_prompt(panel, doc):
    doc.push(SetNodeField(doc.script, "opening", "say", "您好，新的开场白"))
    assert panel.say_edit.toPlainText() == "您好，新的开场白"
    doc.undo_stack.undo()
    assert panel.say_edit.toPlainText().startswith("您好{customer_name}")


def test_typing_a_prompt_commits_on_ctrl_enter_as_one_step(qtbot, panel, doc):
    before = dump_script(doc.script)
    commit_text(qtbot, panel.say_edit, "您好，我是AI助手")
    assert doc.script.node("opening").say == "您好，我是AI助手"
    assert_undo_redo(doc, before, lambda: None)
    doc.undo_stack.undo()
    assert panel.say_edit.toPlainText().startswith("您好{customer_name}")


def test_prompt_keeps_focus_and_cursor_through_its_own_echo(qtbot, panel, doc):
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.say_edit.setFocus()
    qtbot.waitUntil(panel.say_edit.hasFocus)
    commit_text(qtbot, panel.say_edit, "你好")
    assert doc.script.node("opening").say == "你好"
    assert panel.say_edit.hasFocus()
    assert panel.say_edit.textCursor().position() == 2


def test_unrelated_model_change_keeps_a_half_typed_note(qtbot, panel, doc):
    type_text(panel.note_edit, "还没写完")
    doc.push(SetNodeField(doc.script, "opening", "branches", ()))
    assert panel.note_edit.toPlainText() == "还没写完"
    assert panel.branches_table.rowCount() == 0


def test_insert_variable_from_the_menu(panel, doc):
    panel._fill_variable_menu()
    actions = panel.variable_menu.actions()
    assert [a.text() for a in actions] == ["客户称呼  {customer_name}"]
    cursor = panel.say_edit.textCursor()
    cursor.setPosition(0)
    panel.say_edit.setTextCursor(cursor)
    actions[0].trigger()
    assert doc.script.node("opening").say.startswith("{customer_name}您好{customer_name}")
    assert doc.undo_stack.count() == 1


def test_unknown_variable_is_pointed_out(panel, doc):
    doc.push(SetNodeField(doc.script, "opening", "say", "您好{nme}"))
    assert "{nme}" in panel.say_error.text() and panel.say_error.isVisibleTo(panel)


# ---- id -------------------------------------------------------------------------------------
def test_renaming_in_the_id_field_renames_everywhere(panel, doc):
    before = dump_script(doc.script)
    commit_line(panel.id_edit, "greeting")
    assert "greeting" in doc.script.nodes and doc.script.start == "greeting"
    assert panel.node_id() == "greeting" and panel.id_edit.text() == "greeting"
    assert_undo_redo(doc, before, lambda: None)
    doc.undo_stack.undo()
    assert panel.node_id() == "opening" and panel.id_edit.text() == "opening"


@pytest.mark.parametrize("bad, message", [("goodbye", "already a node"),
                                          ("has space", "letters, digits")])
def test_a_bad_id_is_refused_inline(panel, doc, bad, message):
    before = dump_script(doc.script)
    commit_line(panel.id_edit, bad)
    assert message in panel.id_error.text() and panel.id_error.isVisibleTo(panel)
    assert dump_script(doc.script) == before and doc.undo_stack.count() == 0


def test_rename_elsewhere_updates_the_id_field(panel, doc):
    doc.push(RenameNode(doc.script, "opening", "hello"))
    assert panel.id_edit.text() == "hello" and panel.node_id() == "hello"


# ---- kind, branches, next, handlers, transfer ----------------------------------------------
def test_changing_the_kind_to_hang_up_drops_the_branches(panel, doc):
    before = dump_script(doc.script)
    panel.kind_combo.choose("hangup")
    node = doc.script.node("opening")
    assert node.end == "hangup" and node.branches == ()
    assert panel.branches_box.isHidden()

    def restored():
        doc.undo_stack.undo()
        assert panel.kind_combo.currentData() == "listen"
        assert panel.branches_table.rowCount() == 2 and not panel.branches_box.isHidden()
    assert_undo_redo(doc, before, restored)


def test_model_change_of_kind_updates_the_combo(panel, doc):
    doc.script.set_node_field("opening", "branches", ())
    doc.script.set_node_field("opening", "next", "introduce")
    assert panel.kind_combo.currentData() == "next"
    assert panel.next_combo.currentData() == "introduce" and not panel.next_box.isHidden()


def test_branch_combo_edits_the_branch(panel, doc):
    before = dump_script(doc.script)
    intent_combo, goto_combo = panel._branch_rows[0]
    goto_combo.choose("book_visit")
    assert doc.script.node("opening").branches[0] == Branch("affirm", "book_visit")
    intent_combo.choose("ask_visit")
    assert doc.script.node("opening").branches[0] == Branch("ask_visit", "book_visit")
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    assert panel._branch_rows[0][0].currentData() == "affirm"
    assert panel._branch_rows[0][1].currentData() == "introduce"


def test_model_change_of_branches_updates_the_table(panel, doc):
    doc.push(SetNodeField(doc.script, "opening", "branches",
                          (Branch("ask_visit", "book_visit"),)))
    assert panel.branches_table.rowCount() == 1
    assert panel._branch_rows[0][0].currentText() == "预约看房 (ask_visit)"


@pytest.mark.parametrize("action, expected", [
    ("add", ["affirm", "refuse", "ask_robot"]),
    ("remove", ["refuse"]),
    ("down", ["refuse", "affirm"]),
])
def test_branch_buttons(panel, doc, action, expected):
    before = dump_script(doc.script)
    panel.branches_table.selectRow(0)
    button = {"add": panel.branch_buttons.add, "remove": panel.branch_buttons.remove,
              "down": panel.branch_buttons.down}[action]
    assert button.isEnabled()
    button.click()
    assert [b.intent for b in doc.script.node("opening").branches] == expected
    assert panel.branches_table.rowCount() == len(expected)

    def restored():
        doc.undo_stack.undo()
        assert [c.currentData() for c, _g in panel._branch_rows] == ["affirm", "refuse"]
    assert_undo_redo(doc, before, restored)


def test_handler_reply_and_target(qtbot, panel, doc):
    before = dump_script(doc.script)
    panel.no_match_editor.then.choose("goodbye")
    assert doc.script.node("opening").no_match == Handler("不好意思我没听清，您最近还有看房需要吗？",
                                                          then="goodbye")
    commit_text(qtbot, panel.no_input_editor.reply, "喂？")
    assert doc.script.node("opening").no_input == Handler("喂？")
    doc.undo_stack.undo()
    assert panel.no_input_editor.reply.toPlainText() == "喂，您好，能听到吗？"
    doc.undo_stack.undo()
    assert panel.no_match_editor.then.currentData() is None
    assert "on_limit: goodbye" in panel.no_match_editor.then.currentText()
    assert dump_script(doc.script) == before


def test_clearing_a_handler_reply_removes_the_handler(qtbot, panel, doc):
    panel.no_input_editor.reply.clear()
    panel.no_input_editor.reply.commit()
    assert doc.script.node("opening").no_input is None
    assert panel.no_input_editor.reply.placeholderText()


def test_transfer_node_fields(qtbot, panel, doc):
    doc.select_nodes(["goodbye"])
    before = dump_script(doc.script)
    panel.kind_combo.choose("transfer")
    assert not panel.transfer_box.isHidden()
    commit_line(panel.transfer_to_edit, "sales_queue")
    commit_text(qtbot, panel.fallback_edit, "坐席忙，稍后回电。")
    node = doc.script.node("goodbye")
    assert (node.end, node.transfer_to, node.transfer_fallback) == (
        "transfer", "sales_queue", "坐席忙，稍后回电。")
    assert doc.undo_stack.count() == 3
    for _ in range(3):
        doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    assert panel.transfer_to_edit.text() == "" and panel.transfer_box.isHidden()


def test_next_target_and_note(qtbot, panel, doc):
    doc.select_nodes(["introduce"])
    before = dump_script(doc.script)
    panel.kind_combo.choose("next")
    assert doc.script.node("introduce").next == "book_visit"
    panel.next_combo.choose("goodbye")
    commit_text(qtbot, panel.note_edit, "试一下")
    node = doc.script.node("introduce")
    assert (node.next, node.branches, node.note) == ("goodbye", (), "试一下")
    for _ in range(3):
        doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    assert panel.note_edit.toPlainText() == "" and panel.kind_combo.currentData() == "listen"


def test_start_checkbox(panel, doc):
    doc.select_nodes(["introduce"])
    assert not panel.start_check.isChecked()
    panel.start_check.click()
    assert doc.script.start == "introduce" and panel.start_check.isChecked()
    doc.undo_stack.undo()
    assert doc.script.start == "opening" and not panel.start_check.isChecked()


def test_switching_nodes_applies_a_pending_edit_to_the_old_node(qtbot, panel, doc):
    type_text(panel.note_edit, "待办")
    doc.select_nodes(["goodbye"])
    assert doc.script.node("opening").note == "待办"
    assert panel.note_edit.toPlainText() == ""


# ---- audio slot -----------------------------------------------------------------------------
def test_audio_slot_gets_a_widget_for_the_shown_node(panel, doc):
    assert panel.audio_box.isHidden()
    made = []

    def factory(document, node_id):
        made.append(node_id)
        return QLabel(node_id)
    panel.set_audio_widget_factory(factory)
    assert made == ["opening"] and not panel.audio_box.isHidden()
    doc.push(RenameNode(doc.script, "opening", "hello"))
    doc.select_nodes(["goodbye"])
    assert made == ["opening", "hello", "goodbye"]


def test_intent_label_change_shows_in_the_branch_combo(panel, doc):
    from designer.model import Intent
    from designer.ui.commands import ReplaceIntent
    doc.push(ReplaceIntent(doc.script, "affirm", Intent("同意", keywords=("是的",))))
    assert panel._branch_rows[0][0].currentText() == "同意 (affirm)"
    doc.undo_stack.undo()
    assert panel._branch_rows[0][0].currentText() == "肯定 (affirm)"


def test_branch_combo_keeps_focus_through_its_own_echo(qtbot, panel, doc):
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    goto_combo = panel._branch_rows[1][1]
    goto_combo.setFocus()
    qtbot.waitUntil(goto_combo.hasFocus)
    goto_combo.choose("introduce")
    assert doc.script.node("opening").branches[1].goto == "introduce"
    assert panel._branch_rows[1][1] is goto_combo and goto_combo.hasFocus()


def test_another_script_replaces_the_shown_node(panel, doc):
    other = load_script(EXAMPLE)
    other.set_node_field("opening", "say", "另一个开场白")
    doc.set_script(other)
    assert panel.node_id() is None
    doc.select_nodes(["opening"])
    assert panel.say_edit.toPlainText() == "另一个开场白"


def test_a_half_typed_edit_does_not_leak_into_another_script(panel, doc):
    type_text(panel.note_edit, "旧话术的备注")
    doc.set_script(load_script(EXAMPLE))
    doc.select_nodes(["opening"])
    assert doc.script.node("opening").note == "" and panel.note_edit.toPlainText() == ""
