"""The unanswered-questions dock, end to end: replay a log, see the groups, add a keyword or a
faq answer from the dock (undoable), replay again: the group is gone."""
import os
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from designer.formats.script_yaml import load_script
from designer.simulation import unanswered as store
from designer.ui.document import Document
from designer.ui.panels.unanswered import AddKeywordDialog, AnswerFaqDialog, UnansweredPanel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


class FakeAsk:
    """Answers the dock's questions at once and remembers what it was offered."""

    def __init__(self, log):
        self.log, self.keyword_answer, self.faq_answer, self.offered = log, None, None, []

    def log_file(self, folder):
        return self.log

    def keyword(self, script, group, preferred, phrase):
        self.offered.append((group.text, preferred, phrase))
        return self.keyword_answer

    def faq(self, script, group, phrase):
        self.offered.append((group.text, phrase))
        return self.faq_answer


@pytest.fixture
def folder(tmp_path):
    shutil.copy(os.path.join(FIXTURES, "design_example.yaml"), tmp_path / "script.yaml")
    shutil.copy(os.path.join(FIXTURES, "logs", "design_example.jsonl"), tmp_path / "calls.jsonl")
    return tmp_path


@pytest.fixture
def doc(folder):
    return Document(load_script(str(folder / "script.yaml")))


@pytest.fixture
def dock(qtbot, doc, folder):
    panel = UnansweredPanel(doc)
    panel.ask = FakeAsk(str(folder / "calls.jsonl"))
    qtbot.addWidget(panel)
    yield panel
    panel.wait()


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def replay(qtbot, dock, button):
    with qtbot.waitSignal(dock.replay_finished, timeout=20000) as blocker:
        click(qtbot, button)
    return blocker.args[0]


def questions(dock):
    return [r[0] for r in dock.rows()]


def test_replay_lists_groups_largest_first_with_their_nodes(qtbot, dock):
    report = replay(qtbot, dock, dock.replay_button)
    assert report.calls == 8 and dict(report.grades) == {"A": 1, "B": 1, "C": 3, "D": 3}
    assert dock.rows() == [("有没有车位", 3, "opening", ""),
                           ("什么价位", 2, "introduce, opening", ""),
                           ("附近有地铁吗", 1, "introduce", "")]
    first = dock.tree.topLevelItem(0)
    assert {first.child(i).text(0) for i in range(first.childCount())} == \
        {"有没有停车位", "有沒有車位啊？"}
    assert "grades: A 1, B 1, C 3, D 3; 3 line(s) skipped" in dock.status.text()


def test_adding_a_keyword_answers_the_group_and_the_next_replay_drops_it(qtbot, dock, doc):
    replay(qtbot, dock, dock.replay_button)
    assert dock.select("什么价位")
    dock.ask.keyword_answer = ("ask_price", "价位")
    click(qtbot, dock.keyword_button)
    assert "价位" in doc.script.intents["ask_price"].keywords
    assert doc.undo_stack.count() == 1
    # the dock re-evaluates against the edited script: the group is answered at once
    qtbot.waitUntil(lambda: "什么价位" not in questions(dock), timeout=2000)
    dock.show_answered.setChecked(True)
    assert ("什么价位", 2, "introduce, opening", "answered") in dock.rows()
    dock.show_answered.setChecked(False)
    replay(qtbot, dock, dock.again_button)
    assert questions(dock) == ["有没有车位", "附近有地铁吗"]
    dock.show_answered.setChecked(True)
    assert "什么价位" not in questions(dock)  # not answered: gone from the replay
    doc.undo_stack.undo()
    replay(qtbot, dock, dock.again_button)
    assert "什么价位" in questions(dock)


def test_the_keyword_offered_is_the_phrase_the_group_shares(qtbot, dock):
    replay(qtbot, dock, dock.replay_button)
    dock.select("有没有车位")
    click(qtbot, dock.keyword_button)  # FakeAsk answers None: cancelled, nothing changes
    text, preferred, phrase = dock.ask.offered[-1]
    assert (text, phrase) == ("有没有车位", "有没有车位")
    assert preferred[:2] == ["affirm", "refuse"]  # the branches of opening first
    assert dock.document.undo_stack.count() == 0


def test_answering_as_faq_is_one_undoable_step(qtbot, dock, doc):
    replay(qtbot, dock, dock.replay_button)
    dock.select("附近有地铁吗")
    dock.ask.faq_answer = ("ask_metro", "问地铁", "地铁", "离地铁站步行五分钟。")
    click(qtbot, dock.faq_button)
    assert doc.script.intents["ask_metro"].keywords == ("地铁",)
    assert doc.script.faq[-1].intent == "ask_metro"
    assert doc.script.faq[-1].reply == "离地铁站步行五分钟。"
    assert doc.undo_stack.count() == 1
    replay(qtbot, dock, dock.again_button)
    assert "附近有地铁吗" not in questions(dock)
    doc.undo_stack.undo()
    assert "ask_metro" not in doc.script.intents and len(doc.script.faq) == 3
    doc.undo_stack.redo()
    assert "ask_metro" in doc.script.intents and len(doc.script.faq) == 4


def test_marking_a_group_hides_it(qtbot, dock):
    replay(qtbot, dock, dock.replay_button)
    dock.select("附近有地铁吗")
    click(qtbot, dock.mark_button)
    assert "附近有地铁吗" not in questions(dock)


def test_other_sources_show_after_a_refresh(qtbot, dock, doc):
    call = doc.engine().start()
    call.utter("你们几点下班")
    call.hangup()
    store.record_results(doc.script, [call.result], source="simulator")
    dock.refresh()
    assert dock.rows() == [("你们几点下班", 1, "opening", "")]


def test_an_unsaved_script_says_why_the_list_is_empty(qtbot):
    doc = Document(load_script(os.path.join(FIXTURES, "design_example.yaml")))
    doc.script.path = None
    panel = UnansweredPanel(doc)
    qtbot.addWidget(panel)
    doc.set_script(doc.script)
    assert "Save the script" in panel.status.text()
    assert not panel.replay_button.isEnabled()


def test_keyword_dialog_lists_preferred_intents_first_and_needs_a_phrase(qtbot, doc):
    group = store.Group("几点开门", "几点开门", 1, ["opening"], [])
    dialog = AddKeywordDialog(doc.script, group, ["ask_visit"], "开门")
    qtbot.addWidget(dialog)
    assert dialog.intent.itemData(0) == "ask_visit" and dialog.intent.count() == 6
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.intent.setCurrentIndex(dialog.intent.findData("ask_price"))
    assert dialog.values() == ("ask_price", "开门")
    dialog.phrase.setText("  ")
    assert not ok.isEnabled()


def test_faq_dialog_checks_the_new_intent(qtbot, doc):
    group = store.Group("几点开门", "几点开门", 1, ["opening"], [])
    dialog = AnswerFaqDialog(doc.script, group, "几点开门")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.intent_id.text() == "question_1" and not ok.isEnabled()
    assert "reply" in dialog.problem.text()
    dialog.reply.setPlainText("早上九点。")
    assert ok.isEnabled()
    dialog.intent_id.setText("ask_price")
    assert "already an intent ask_price" in dialog.problem.text() and not ok.isEnabled()
    dialog.intent_id.setText("9bad")
    assert not ok.isEnabled()
    dialog.intent_id.setText("ask_hours")
    assert dialog.values() == ("ask_hours", "几点开门", "几点开门", "早上九点。")
