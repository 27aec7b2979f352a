"""Intents panel and its live box: model changes update the widgets, widget edits update the
model, and undo/redo restore both (back to identical file bytes)."""
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from designer.formats.script_yaml import dump_script, load_script
from designer.model import Intent
from designer.ui.commands import RenameIntent, ReplaceIntent
from designer.ui.document import Document
from designer.ui.panels.intents import IntentsPanel

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def doc():
    return Document(load_script(EXAMPLE))


@pytest.fixture
def panel(qtbot, doc):
    widget = IntentsPanel(doc)
    qtbot.addWidget(widget)
    widget.confirm_delete = lambda intent_id: True
    return widget


def commit_text(qtbot, editor, text):
    editor.selectAll()
    event = QInputMethodEvent()  # Chinese arrives from an input method as a commit string
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def commit_line(edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def table_ids(panel):
    return [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]


def undo_redo_is_exact(doc, before):
    edited = dump_script(doc.script)
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    doc.undo_stack.redo()
    assert dump_script(doc.script) == edited


# ---- list and editor ------------------------------------------------------------------------
def test_list_shows_every_intent_with_kind_and_keyword_count(panel):
    assert table_ids(panel) == ["affirm", "refuse", "opt_out", "ask_robot", "ask_price",
                                "ask_visit"]
    assert [panel.table.item(1, c).text() for c in range(4)] == ["refuse", "拒绝", "Refusal", "4"]
    assert panel.current_intent() == "affirm" and panel.label_edit.text() == "肯定"


def test_model_change_updates_list_and_editor(panel, doc):
    new = Intent("同意", "normal", ("是的", "好"))
    doc.push(ReplaceIntent(doc.script, "affirm", new))
    assert panel.label_edit.text() == "同意"
    assert panel.keywords_edit.toPlainText() == "是的\n好"
    assert panel.table.item(0, 3).text() == "2"
    doc.undo_stack.undo()
    assert panel.label_edit.text() == "肯定" and panel.table.item(0, 3).text() == "5"


def test_label_edit(panel, doc):
    before = dump_script(doc.script)
    commit_line(panel.label_edit, "同意")
    assert doc.script.intent("affirm").label == "同意" and panel.table.item(0, 1).text() == "同意"
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.label_edit.text() == "肯定"


def test_kind_combo_shows_translated_names_and_edits(panel, doc):
    before = dump_script(doc.script)
    assert panel.kind_combo.currentText() == "Normal"
    panel.kind_combo.choose("refusal")
    assert doc.script.intent("affirm").kind == "refusal"
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.kind_combo.currentData() == "normal"


def test_keywords_one_a_line(qtbot, panel, doc):
    before = dump_script(doc.script)
    commit_text(qtbot, panel.keywords_edit, "是的\n\n  好嘞 \nre:^行$")
    assert doc.script.intent("affirm").keywords == ("是的", "好嘞", "re:^行$")
    assert panel.keyword_error.isHidden()
    assert doc.undo_stack.count() == 1
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.keywords_edit.toPlainText() == "是的\n可以\n好的\n有需要\n行"


def test_bad_pattern_is_shown_inline_while_typing(qtbot, panel):
    panel.keywords_edit.setPlainText("是的\nre:(好")
    assert "Line 2" in panel.keyword_error.text()
    assert "does not compile" in panel.keyword_error.text()
    assert panel.keyword_error.isVisibleTo(panel)
    panel.keywords_edit.setPlainText("是的")
    assert panel.keyword_error.isHidden()


def test_exclude_edit(qtbot, panel, doc):
    panel.select_intent("ask_price")
    before = dump_script(doc.script)
    commit_text(qtbot, panel.exclude_edit, "不问价格\n不关心价格")
    assert doc.script.intent("ask_price").exclude == ("不问价格", "不关心价格")
    undo_redo_is_exact(doc, before)


# ---- add, remove, rename --------------------------------------------------------------------
def test_add_intent(panel, doc):
    before = dump_script(doc.script)
    panel.buttons.add.click()
    assert "intent_1" in doc.script.intents and panel.current_intent() == "intent_1"
    assert table_ids(panel)[-1] == "intent_1"
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert "intent_1" not in table_ids(panel) and panel.current_intent() in doc.script.intents


def test_remove_intent_takes_its_branches_and_faq_along(panel, doc):
    panel.select_intent("ask_visit")
    before = dump_script(doc.script)
    panel.buttons.remove.click()
    assert "ask_visit" not in doc.script.intents
    assert all(e.intent != "ask_visit" for e in doc.script.faq) and len(doc.script.faq) == 2
    assert "ask_visit" not in table_ids(panel)
    undo_redo_is_exact(doc, before)
    doc.undo_stack.undo()
    assert panel.current_intent() == "ask_visit" and panel.id_edit.text() == "ask_visit"


def test_remove_can_be_declined(panel, doc):
    panel.confirm_delete = lambda intent_id: False
    panel.buttons.remove.click()
    assert "affirm" in doc.script.intents and doc.undo_stack.count() == 0


def test_rename_updates_every_reference_in_place(panel, doc):
    panel.select_intent("ask_price")
    before = dump_script(doc.script)
    commit_line(panel.id_edit, "price")
    s = doc.script
    assert list(s.intents)[4] == "price" and "ask_price" not in s.intents
    assert s.faq[0].intent == "price"
    assert s.grading.rules[1].when.intents_any == ("price",)
    assert panel.current_intent() == "price" and table_ids(panel)[4] == "price"
    assert doc.undo_stack.count() == 1
    undo_redo_is_exact(doc, before)
    assert panel.current_intent() == "price"
    doc.undo_stack.undo()
    assert panel.current_intent() == "ask_price" and panel.id_edit.text() == "ask_price"


def test_rename_of_a_branch_intent_updates_the_branches():
    script = load_script(EXAMPLE)
    command = RenameIntent(script, "affirm", "yes")
    command.redo()
    assert [b.intent for b in script.node("opening").branches] == ["yes", "refuse"]
    assert [b.intent for b in script.node("introduce").branches] == ["yes", "refuse"]


@pytest.mark.parametrize("bad, message", [("refuse", "already an intent"), ("a b", "letters")])
def test_bad_rename_is_refused_inline(panel, doc, bad, message):
    before = dump_script(doc.script)
    commit_line(panel.id_edit, bad)
    assert message in panel.id_error.text() and dump_script(doc.script) == before


# ---- live box -------------------------------------------------------------------------------
@pytest.fixture
def live(panel, doc):
    doc.select_nodes(["opening"])
    return panel.live


def test_live_box_defaults_to_the_selected_node(live, doc):
    assert live.node_combo.currentData() == "opening"
    doc.select_nodes(["introduce"])
    assert live.node_combo.currentData() == "introduce"


def test_live_refusal_wins_by_its_keyword(qtbot, live):
    live.phrase_edit.setText("我不需要")
    assert "refuse" in live.verdict.text() and "不需要" in live.verdict.text()
    assert "goodbye" in live.verdict.text()
    assert "Normalized: 我不需要" in live.details.text()


def test_live_traditional_opt_out(live):
    live.phrase_edit.setText("別再打了")
    assert "opt_out" in live.verdict.text() and "opt-out" in live.verdict.text()
    assert "别再打了" in live.details.text()


def test_live_no_match(live):
    live.phrase_edit.setText("今天天气不错")
    assert live.verdict.text().startswith("No match")


def test_live_explains_losers(live):
    live.phrase_edit.setText("好的，多少钱")
    assert "affirm" in live.verdict.text()
    assert "ask_price" in live.details.text() and "before FAQ" in live.details.text()
    live.phrase_edit.setText("我不要再打了")
    assert "“不要” dropped" in live.details.text() and "不要再打" in live.details.text()
    live.phrase_edit.setText("不问价格多少钱")
    assert "excluded by “不问价格”" in live.details.text()


def test_live_box_follows_keyword_edits_and_typing(qtbot, panel, live):
    qtbot.keyClicks(live.phrase_edit, "ok")
    assert live.verdict.text().startswith("No match")
    commit_text(qtbot, panel.keywords_edit, "是的\nok")
    assert "affirm" in live.verdict.text() and "“ok”" in live.verdict.text()


def test_live_box_at_a_node_that_does_not_listen(live):
    live.node_combo.choose("book_visit")
    live.phrase_edit.setText("好的")
    assert live.verdict.text().startswith("No match")
    assert "does not listen" in live.details.text()
