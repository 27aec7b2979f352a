"""FAQ panel: model changes update the table and editor; edits update the model; undo/redo
restore both, back to identical file bytes."""
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from designer.formats.script_yaml import dump_script, load_script
from designer.model import FaqEntry
from designer.ui.commands import AddFaq, ReplaceFaq
from designer.ui.document import Document
from designer.ui.panels.faq import FaqPanel

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def doc():
    return Document(load_script(EXAMPLE))


@pytest.fixture
def panel(qtbot, doc):
    widget = FaqPanel(doc)
    qtbot.addWidget(widget)
    return widget


def commit_text(qtbot, editor, text):
    editor.selectAll()
    event = QInputMethodEvent()  # Chinese arrives from an input method as a commit string
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def column(panel, c):
    return [panel.table.item(r, c).text() for r in range(panel.table.rowCount())]


def undo_redo_is_exact(doc, before):
    edited = dump_script(doc.script)
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    doc.undo_stack.redo()
    assert dump_script(doc.script) == edited


def test_table_lists_the_entries_in_order(panel):
    assert column(panel, 0) == ["问价格 (ask_price)", "预约看房 (ask_visit)", "是否机器人 (ask_robot)"]
    assert column(panel, 2) == ["Resume: stay at the node", "Go to book_visit",
                                "Resume: stay at the node"]
    assert panel.current_row() == 0 and panel.reply_edit.toPlainText() == "均价一万三千元一平方米。"


def test_model_change_updates_table_and_editor(panel, doc):
    entry = FaqEntry("ask_price", "每平米一万二。", then="hangup")
    doc.push(ReplaceFaq(doc.script, 0, entry))
    assert panel.table.item(0, 1).text() == "每平米一万二。"
    assert panel.reply_edit.toPlainText() == "每平米一万二。"
    assert panel.after_combo.currentData() == "hangup"
    doc.script.add_faq(FaqEntry("affirm", "好的"), 0)
    assert panel.table.rowCount() == 4 and panel.table.item(0, 0).text() == "肯定 (affirm)"
    assert panel.current_row() == 1, "the entry being edited stays shown"


def test_reply_edit(qtbot, panel, doc):
    before = dump_script(doc.script)
    commit_text(qtbot, panel.reply_edit, "一万二一平。")
    assert doc.script.faq[0].reply == "一万二一平。" and panel.table.item(0, 1).text() == "一万二一平。"
    assert doc.undo_stack.count() == 1
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.reply_edit.toPlainText() == "均价一万三千元一平方米。"


@pytest.mark.parametrize("choice, expected", [
    ("hangup", ("hangup", None)),
    ("goto:goodbye", ("resume", "goodbye")),
])
def test_after_the_answer(panel, doc, choice, expected):
    before = dump_script(doc.script)
    panel.after_combo.choose(choice)
    assert (doc.script.faq[0].then, doc.script.faq[0].goto) == expected
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.after_combo.currentData() == "resume"


def test_goto_back_to_resume(panel, doc):
    panel.select_row(1)
    before = dump_script(doc.script)
    panel.after_combo.choose("resume")
    assert doc.script.faq[1].goto is None and doc.script.faq[1].then == "resume"
    undo_redo_is_exact(doc, before)


def test_intent_choice_and_duplicate_warning(panel, doc):
    before = dump_script(doc.script)
    panel.select_row(2)
    panel.intent_combo.choose("ask_price")
    assert doc.script.faq[2].intent == "ask_price"
    assert "answer 1" in panel.warning.text() and panel.warning.isVisibleTo(panel)
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.intent_combo.currentData() == "ask_robot" and panel.warning.isHidden()


def test_add_remove_and_move(panel, doc):
    before = dump_script(doc.script)
    panel.buttons.add.click()
    assert len(doc.script.faq) == 4 and doc.script.faq[3].intent == "affirm"
    assert panel.current_row() == 3
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.table.rowCount() == 3

    panel.select_row(0)
    panel.buttons.down.click()
    assert [e.intent for e in doc.script.faq] == ["ask_visit", "ask_price", "ask_robot"]
    assert panel.current_row() == 1
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert column(panel, 0)[0] == "问价格 (ask_price)" and panel.current_row() == 0

    panel.select_row(1)
    panel.buttons.remove.click()
    assert [e.intent for e in doc.script.faq] == ["ask_price", "ask_robot"]
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.current_row() == 1 and panel.reply_edit.toPlainText() == "好的，帮您约看房时间。"


def test_pushed_add_shows_up(panel, doc):
    doc.push(AddFaq(doc.script, FaqEntry("affirm", "好")))
    assert panel.table.rowCount() == 4
    doc.undo_stack.undo()
    assert panel.table.rowCount() == 3


def test_buttons_follow_the_selection(panel):
    panel.select_row(0)
    assert not panel.buttons.up.isEnabled() and panel.buttons.down.isEnabled()
    panel.select_row(2)
    assert panel.buttons.up.isEnabled() and not panel.buttons.down.isEnabled()
