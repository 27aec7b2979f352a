"""The call simulator dock: a user types lines, follows the call on the canvas, reads why each
turn went where it did, and saves the call as a test case that passes."""
import os
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from designer.cli import main
from designer.formats.script_yaml import load_script
from designer.simulation import unanswered as store
from designer.simulation.cases import load_cases
from designer.simulation.runner import run_case
from designer.ui import commands as cmd
from designer.ui.document import Document
from designer.ui.panels.simulator import SimulatorPanel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")


class StubScene:
    """The canvas overlay API, recording what the dock asked for."""

    def __init__(self):
        self.highlights, self.path = [], []

    def set_highlight(self, node_id):
        self.highlights.append(node_id)

    def set_path(self, node_ids):
        self.path = list(node_ids)


class FakePlayer:
    def __init__(self):
        self.played, self.on_finished, self.on_error = [], None, None

    def play(self, path):
        self.played.append(path)
        return True

    def stop(self):
        pass


@pytest.fixture
def doc(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "script.yaml")
    return Document(load_script(str(tmp_path / "script.yaml")))


@pytest.fixture
def scene():
    return StubScene()


@pytest.fixture
def player():
    return FakePlayer()


@pytest.fixture
def sim(qtbot, doc, scene, player):
    panel = SimulatorPanel(doc, scene, player)
    qtbot.addWidget(panel)
    panel.show()  # the call starts when the dock is seen
    qtbot.waitUntil(lambda: panel.call is not None, timeout=3000)
    return panel


def ime_type(widget, text):
    """Type as a Chinese input method does: the composed text is committed in one event
    (QTest.keyClicks handles Latin-1 keys only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_line(qtbot, sim, text):
    ime_type(sim.input, text)
    qtbot.keyClick(sim.input, Qt.Key.Key_Return)


def lines(sim, kind):
    return [text for k, text in sim.transcript() if k == kind]


def summary(sim):
    return "\n".join(lines(sim, "end"))


def test_typing_moves_the_highlight_along_the_path(qtbot, sim, scene):
    assert scene.highlights == ["opening"]
    assert lines(sim, "robot")[0].startswith("Robot: 您好王先生")
    type_line(qtbot, sim, "有需要的")
    assert scene.highlights[-1] == "introduce" and scene.path == ["opening", "introduce"]
    type_line(qtbot, sim, "可以啊")
    assert scene.highlights == ["opening", "introduce", "book_visit"]
    assert scene.path == ["opening", "introduce", "book_visit"]
    assert lines(sim, "caller") == ["有需要的", "可以啊"]
    assert "matched affirm by '有需要'" in lines(sim, "why")[0]
    end = summary(sim)
    assert "Call ended: completed" in end and "Grade A (rule: 强意向)" in end
    assert not sim.input.isEnabled() and not sim.say_button.isEnabled()


def test_the_losing_candidates_are_explained(qtbot, sim):
    type_line(qtbot, sim, "是的，多少钱")
    why = lines(sim, "why")[-1]
    assert "matched affirm" in why
    assert "ask_price ('多少钱') also hit, but comes later in the choice order" in why
    sim.restart()
    type_line(qtbot, sim, "不问价格，多少钱都不要再打了")
    why = lines(sim, "why")[-1]
    assert "matched opt_out by '不要再打'" in why
    assert "refuse ('不要') dropped: it lies inside '不要再打' of opt_out" in why
    assert "ask_price excluded: its exclude phrase '不问价格' occurs" in why
    assert "Flags: do_not_call" in summary(sim)


def test_silence_hangup_and_restart(qtbot, sim, scene):
    qtbot.mouseClick(sim.silence_button, Qt.MouseButton.LeftButton)
    assert lines(sim, "caller") == ["(silence)"]
    assert lines(sim, "robot")[-1] == "Robot: 喂，您好，能听到吗？"
    qtbot.mouseClick(sim.hangup_button, Qt.MouseButton.LeftButton)
    assert "Call ended: customer_hangup" in summary(sim)
    qtbot.mouseClick(sim.restart_button, Qt.MouseButton.LeftButton)
    assert lines(sim, "caller") == [] and sim.input.isEnabled()
    assert scene.highlights[-1] == "opening" and scene.path == ["opening"]


def test_variables_fill_the_robots_lines_from_the_next_call(qtbot, sim):
    ime_type(sim.var_fields["customer_name"], "李女士")
    sim.restart()
    assert lines(sim, "robot")[0].startswith("Robot: 您好李女士")


def test_saved_call_is_a_passing_test_case_beside_the_script(qtbot, sim, doc, tmp_path):
    ime_type(sim.var_fields["customer_name"], "赵先生")
    sim.restart()
    for text in ("随便问问", "有需要的", "多少钱一平"):
        type_line(qtbot, sim, text)
    qtbot.mouseClick(sim.save_button, Qt.MouseButton.LeftButton)
    path = tmp_path / "cases.yaml"
    assert path.exists() and "Saved as" in sim.status.text()
    cf = load_cases(str(path))
    [case] = cf.cases
    assert case.vars == {"customer_name": "赵先生"}
    kinds = [s.kind for s in case.steps]
    assert kinds.count("user") == 3 and kinds.count("expect_node") == 4
    assert [s.value for s in case.steps if s.kind == "expect_node"] == [
        "opening", "opening", "introduce", "introduce"]
    assert case.expect == {"grade": "B", "end_reason": "customer_hangup",
                           "reached": ["opening", "introduce"], "flags": [], "unanswered": 1}
    assert run_case(doc.engine(), case).passed
    assert cf.script == str(tmp_path / "script.yaml")
    assert main(["test", str(path)]) == 0  # the command line agrees


def test_a_second_saved_call_is_appended(qtbot, sim, tmp_path):
    type_line(qtbot, sim, "我不需要")
    sim.save_case()
    sim.restart()
    type_line(qtbot, sim, "有需要")
    sim.hangup()
    sim.save_case()
    cases = load_cases(str(tmp_path / "cases.yaml")).cases
    assert [c.expect["end_reason"] for c in cases] == ["completed", "customer_hangup"]
    assert cases[1].steps[-1].kind == "hangup"


def test_an_unsaved_script_cannot_keep_cases(qtbot, scene, player):
    doc = Document(load_script(FIXTURE))
    doc.script.path = None
    panel = SimulatorPanel(doc, scene, player)
    qtbot.addWidget(panel)
    type_line(qtbot, panel, "有需要")
    assert panel.save_case() is None
    assert "Save the script first" in panel.status.text()


def test_no_match_utterances_reach_the_unanswered_store(qtbot, sim, doc):
    with qtbot.waitSignal(sim.unanswered_recorded, timeout=1000):
        type_line(qtbot, sim, "有没有车位")
        sim.hangup()
    [group] = store.groups(doc.path)
    assert (group.text, group.nodes) == ("有没有车位", ["opening"])
    sim.restart()  # recorded once, not again on restart
    assert store.groups(doc.path)[0].count == 1


def test_recorded_lines_play_unless_muted(qtbot, doc, scene, player, tmp_path):
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "introduce.wav").write_bytes(b"RIFF")
    panel = SimulatorPanel(doc, scene, player)
    qtbot.addWidget(panel)
    type_line(qtbot, panel, "有需要")
    assert player.played == [str(tmp_path / "audio" / "introduce.wav")]
    panel.mute_button.setChecked(True)
    panel.restart()
    type_line(qtbot, panel, "有需要")
    assert len(player.played) == 1


def test_an_edit_during_a_call_asks_for_a_restart(qtbot, sim, doc):
    type_line(qtbot, sim, "有需要")
    node = doc.script.nodes["introduce"]
    doc.push(cmd.SetNodeField(doc.script, "introduce", "say", node.say + "！"))
    assert "Restart" in sim.status.text()
    sim.restart()
    type_line(qtbot, sim, "有需要")
    assert lines(sim, "robot")[-1].endswith("！")


def test_a_hidden_simulator_starts_its_call_only_when_shown(qtbot, doc, scene, player):
    panel = SimulatorPanel(doc, scene, player)
    qtbot.addWidget(panel)
    assert panel.call is None and scene.highlights == []  # opening a file compiles nothing
    panel.show()
    qtbot.waitUntil(lambda: panel.call is not None, timeout=3000)
    assert scene.highlights == ["opening"]
