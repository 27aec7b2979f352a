"""The test runner dock: runs the script's case files in the background, shows pass/fail with
the first difference, coverage, and the heat map on the canvas."""
import os
import shutil

import pytest
from PySide6.QtCore import Qt

from designer.engine import Engine
from designer.formats.script_yaml import load_script, parse_script
from designer.simulation import unanswered as store
from designer.ui.document import Document
from designer.ui.panels.test_runner import TestRunnerPanel, heat_counts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")

FAILING = """\
script: script.yaml
cases:
  - name: expects the wrong node
    turns:
      - user: 有需要
      - expect_node: goodbye
  - name: asks about parking
    turns:
      - user: 有没有车位
    expect: {unanswered: 1}
"""


class StubScene:
    def __init__(self):
        self.heat, self.cleared, self.path = None, 0, []

    def set_heat(self, node_counts, edge_counts):
        self.heat = (dict(node_counts), dict(edge_counts))

    def clear_heat(self):
        self.heat, self.cleared = None, self.cleared + 1

    def set_path(self, node_ids):
        self.path = list(node_ids)

    def set_highlight(self, node_id):
        pass


@pytest.fixture
def folder(tmp_path):
    shutil.copy(os.path.join(FIXTURES, "design_example.yaml"), tmp_path / "script.yaml")
    text = open(os.path.join(FIXTURES, "design_example.cases.yaml"), encoding="utf-8").read()
    (tmp_path / "cases.yaml").write_text(text.replace("design_example.yaml", "script.yaml"),
                                         encoding="utf-8")
    return tmp_path


@pytest.fixture
def scene():
    return StubScene()


@pytest.fixture
def runner(qtbot, folder, scene):
    doc = Document(load_script(str(folder / "script.yaml")))
    panel = TestRunnerPanel(doc, scene)
    qtbot.addWidget(panel)
    yield panel
    panel.wait()


def run(qtbot, panel):
    with qtbot.waitSignal(panel.run_finished, timeout=20000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)


def rows(panel):
    return [[panel.cases.topLevelItem(i).text(c) for c in range(3)]
            for i in range(panel.cases.topLevelItemCount())]


def coverage_rows(panel):
    tree = panel.coverage_tree
    return {tree.topLevelItem(i).text(0): (tree.topLevelItem(i).text(1),
                                           tree.topLevelItem(i).text(2))
            for i in range(tree.topLevelItemCount())}


def test_the_case_files_beside_the_script_are_listed_and_run(qtbot, runner):
    assert [runner.files.item(i).text() for i in range(runner.files.count())] == ["cases.yaml"]
    run(qtbot, runner)
    assert rows(runner) == [["interested customer asks the price", "pass", ""],
                            ["refusal ends politely", "pass", ""]]
    assert runner.summary.text() == "2 passed, 0 failed"
    assert runner.progress.value() == runner.progress.maximum() == 2
    cov = coverage_rows(runner)
    assert cov["Nodes"] == ("3", "4") and cov["Branches"] == ("2", "4")
    assert cov["FAQ entries"] == ("1", "3")
    assert set(cov) == {"Nodes", "Branches", "Intents", "Keywords", "FAQ entries"}


def test_a_failing_case_shows_its_first_difference(qtbot, runner, folder):
    (folder / "more_cases.yaml").write_text(FAILING, encoding="utf-8")
    runner.refresh_files()
    runner.files.item(0).setCheckState(Qt.CheckState.Unchecked)  # only more_cases.yaml
    run(qtbot, runner)
    [[name, result, first], [_n, ok, _f]] = rows(runner)
    assert (name, result, ok) == ("expects the wrong node", "FAIL", "pass")
    assert first.startswith("turn 2 (line 6): expected the robot at goodbye, but it is at "
                            "introduce")
    runner.cases.setCurrentItem(runner.cases.topLevelItem(0))
    assert "path: opening > introduce" in runner.details.toPlainText()
    assert runner.summary.text() == "1 passed, 1 failed"


def test_heat_map_marks_used_and_never_used_nodes_and_arrows(qtbot, runner, scene):
    run(qtbot, runner)
    nodes, edges = scene.heat
    assert nodes == {"opening": 2, "introduce": 1, "goodbye": 1, "book_visit": 0}
    assert edges[("branch", "opening", 0)] == 1 and edges[("branch", "opening", 1)] == 1
    assert edges[("branch", "introduce", 0)] == 0  # never taken, still listed
    runner.heat_box.setChecked(False)
    assert scene.heat is None and scene.cleared == 1
    runner.heat_box.setChecked(True)
    assert scene.heat[0]["opening"] == 2


ARROWS = """\
callscript: 1
name: arrows
limits: {max_no_match: 0, on_limit: bye}
intents:
  yes: {keywords: [是的]}
  human: {keywords: [转人工]}
flow:
  start: ask
  nodes:
    ask:
      say: 要吗
      branches: [{intent: yes, goto: info}]
      no_match: {then: info}
    info: {say: 介绍, next: agent}
    agent: {say: 请稍候, end: transfer, transfer_to: queue}
    bye: {say: 再见, end: hangup}
faq:
  - {intent: human, reply: 好的, goto: agent}
"""


def test_heat_counts_use_the_canvas_edge_keys_for_every_kind_of_arrow():
    script = parse_script(ARROWS, "arrows.yaml")
    calls = []
    for text in ("是的", "嗯？", "转人工"):
        call = Engine(script).start()
        call.utter(text)
        calls.append(call.result)
    nodes, edges = heat_counts(script, calls)
    assert nodes == {"ask": 3, "info": 2, "agent": 3, "bye": 0}
    assert edges == {("branch", "ask", 0): 1, ("next", "info"): 2, ("no_match", "ask"): 1,
                     ("faq", "agent"): 1}


def test_broken_case_file_is_reported_and_others_still_run(qtbot, runner, folder):
    (folder / "bad_cases.yaml").write_text("cases:\n  - turns: []\n", encoding="utf-8")
    runner.refresh_files()
    run(qtbot, runner)
    assert runner.summary.text().startswith("2 passed, 0 failed - 1 file(s) could not be read")
    assert "bad_cases.yaml" in runner.details.toPlainText()


def test_cases_added_by_hand_and_unanswered_are_recorded(qtbot, runner, folder, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "extra.yaml").write_text(FAILING.replace("script: script.yaml\n", ""),
                                      encoding="utf-8")
    runner.pick_files = lambda: [str(other / "extra.yaml")]
    qtbot.mouseClick(runner.add_button, Qt.MouseButton.LeftButton)
    assert runner.files.count() == 2
    with qtbot.waitSignal(runner.unanswered_recorded, timeout=20000):
        run(qtbot, runner)
    assert len(rows(runner)) == 4
    assert [(g.text, g.count) for g in store.groups(str(folder / "script.yaml"))] == \
        [("有没有车位", 1)]
