"""The QA docks in the real main window: the simulator moves the ring on the canvas, a saved
call shows in the test runner, whose run colours the canvas; unanswered questions of either
reach the unanswered dock."""
import os
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from designer.ui.main_window import MainWindow
from designer.ui.qa_docks import install_qa_docks

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")


class NoPrompts:
    def ask_save_changes(self, name):
        return "discard"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_SETTINGS_FILE", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("CALLSCRIPT_RECOVERY_DIR", str(tmp_path / "recovery"))
    shutil.copy(FIXTURE, tmp_path / "script.yaml")
    w = MainWindow()
    w.prompts = NoPrompts()
    qtbot.addWidget(w)
    assert w.files.open_path(str(tmp_path / "script.yaml"), ask=False)
    docks = install_qa_docks(w)
    yield w
    docks.wait()


def say(qtbot, panel, text):
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(panel.input, event)
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)


def ringed(window):
    return [n for n, item in window.scene.items_by_id.items() if item.highlighted]


def on_path(window):
    return {n for n, item in window.scene.items_by_id.items() if item.on_path}


def test_docks_are_in_the_window_once(window):
    assert {"simulator", "tests", "unanswered"} <= set(window.docks)
    assert install_qa_docks(window) is window.qa_docks
    titles = [a.text() for a in window.panels_menu.actions()]
    assert {"Simulator", "Tests", "Unanswered"} <= set(titles)


def test_simulated_call_rings_the_current_card_and_tints_the_path(qtbot, window):
    sim = window.qa_docks.simulator
    assert ringed(window) == []  # no call until someone looks at the simulator
    window.show()
    window.docks["simulator"].raise_()
    qtbot.waitUntil(lambda: ringed(window) == ["opening"], timeout=3000)
    say(qtbot, sim, "有需要")
    assert ringed(window) == ["introduce"] and on_path(window) == {"opening", "introduce"}
    say(qtbot, sim, "我不需要了")
    assert ringed(window) == ["goodbye"]
    assert on_path(window) == {"opening", "introduce", "goodbye"}


def test_saved_call_runs_in_the_test_dock_and_heats_the_canvas(qtbot, window):
    sim, tests = window.qa_docks.simulator, window.qa_docks.tests
    say(qtbot, sim, "有需要")
    say(qtbot, sim, "好的")
    sim.save_case()
    assert [tests.files.item(i).text() for i in range(tests.files.count())] == ["cases.yaml"]
    with qtbot.waitSignal(tests.run_finished, timeout=20000):
        tests.run_tests()
    assert tests.summary.text() == "1 passed, 0 failed"
    heat = {n: item.heat for n, item in window.scene.items_by_id.items()}
    assert heat["book_visit"][1] == 1 and heat["goodbye"] == (0.0, 0)  # never hit: marked


def test_unanswered_from_the_simulator_reach_the_unanswered_dock(qtbot, window):
    sim, dock = window.qa_docks.simulator, window.qa_docks.unanswered
    say(qtbot, sim, "你们几点下班")
    sim.hangup()
    assert dock.rows() == [("你们几点下班", 1, "opening", "")]
