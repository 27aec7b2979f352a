"""A microphone take is never lost: it is finished and saved to the prompt Record was pressed
for when its controls go away (another node selected, the node deleted, the inspector's dock
closed or another panel's tab in front) and when another file is opened. A fake recorder
stands in for the microphone: it "hears" a tone and, like QMediaRecorder, finishes the file a
moment after stop()."""
import os
import shutil

import pytest
from PySide6.QtCore import Qt

from designer.audio import prompt_audio
from designer.formats.script_yaml import load_script
from designer.ui import commands as cmd
from designer.ui.audio_docks import install_audio_ui
from designer.ui.audio_state import audio_notifier
from designer.ui.document import Document
from designer.ui.main_window import MainWindow
from designer.ui.panels.audio_prompt import PromptAudioWidget
from designer.ui.panels.inspector import InspectorPanel
from recorder_support import FakeRecorder

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup")


def fake_widget(document, node_id):
    """The inspector's audio widget, with the fake microphone."""
    return PromptAudioWidget(document, node_id, recorder_factory=FakeRecorder)


@pytest.fixture(autouse=True)
def fresh_recorders():
    FakeRecorder.made = []


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(SAMPLE, tmp_path / "pf")
    return tmp_path / "pf"


@pytest.fixture
def doc(folder):
    return Document(load_script(str(folder / "script.yaml")))


def shown_widget(inspector):
    """The audio widget the inspector shows now (the replaced one may wait for deletion)."""
    return inspector._audio_widget


def state(script, prompt_id):
    return prompt_audio(script, prompt_id).state


def record(qtbot, widget, prompt_id):
    button = widget.rows[prompt_id].record
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert widget.is_recording() and button.text() == "Stop" and button.isChecked()
    assert widget.message.text() == f"Recording {prompt_id}… speak now, then click Stop."


@pytest.fixture
def inspector(qtbot, doc):
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    panel.set_audio_widget_factory(fake_widget)
    panel.show()
    return panel


# ---- the inspector alone ------------------------------------------------------------------------
def test_selecting_another_node_saves_the_take_to_the_prompt_it_was_for(qtbot, doc, inspector,
                                                                         folder):
    doc.select_nodes(["opening"])
    first = shown_widget(inspector)
    record(qtbot, first, "opening")
    assert not first.rows["opening"].meter.isHidden()
    doc.select_nodes(["goodbye"])  # clicked another card before Stop
    second = shown_widget(inspector)
    assert second is not first and list(second.rows) == ["goodbye"]
    assert not second.rows["goodbye"].record.isEnabled()  # one microphone: busy meanwhile
    qtbot.waitUntil(lambda: state(doc.script, "opening") == "recorded", timeout=5000)
    assert (folder / "audio" / "opening.wav").is_file()
    assert state(doc.script, "goodbye") == "missing"  # not the node selected meanwhile
    assert FakeRecorder.made[0].stops == 1
    qtbot.waitUntil(lambda: second.message.text().startswith("Recorded opening: "))
    seconds = float(second.message.text().split(": ")[1].removesuffix(" s"))
    assert 0.5 < seconds < 1.2  # the tone, its silence trimmed
    row = second.rows["goodbye"]
    assert row.record.isEnabled() and row.record.text() == "Record" and row.meter.isHidden()
    assert not audio_notifier(doc).recording.take  # nothing left under way


def test_a_take_in_progress_keeps_the_other_prompts_controls_busy_until_saved(
        qtbot, doc, inspector):
    doc.select_nodes(["opening"])
    widget = shown_widget(inspector)
    record(qtbot, widget, "opening")
    others = [r for pid, r in widget.rows.items() if pid != "opening"]
    assert others and not any(r.record.isEnabled() or r.synthesize.isEnabled() for r in others)
    qtbot.mouseClick(widget.rows["opening"].record, Qt.MouseButton.LeftButton)  # Stop
    assert widget.message.text() == "Finishing the recording…"
    qtbot.waitUntil(lambda: widget.message.text().startswith("Recorded opening: "))
    assert widget.rows["opening"].badge.text().startswith("Recorded · ")
    assert all(r.record.isEnabled() for r in others)


def test_clearing_the_selection_saves_the_take(qtbot, doc, inspector):
    doc.select_nodes(["introduce"] if "introduce" in doc.script.nodes else ["goodbye"])
    pid = doc.selected_nodes()[0]
    record(qtbot, shown_widget(inspector), pid)
    doc.select_nodes([])
    qtbot.waitUntil(lambda: state(doc.script, pid) == "recorded", timeout=5000)


def test_deleting_the_node_while_recording_keeps_the_take_for_undo(qtbot, doc, inspector,
                                                                   folder):
    doc.select_nodes(["goodbye"])
    record(qtbot, shown_widget(inspector), "goodbye")
    doc.push(cmd.remove_nodes_command(doc.script, ["goodbye"]))
    assert "goodbye" not in doc.script.nodes
    qtbot.waitUntil(lambda: (folder / "audio" / "goodbye.wav").is_file(), timeout=5000)
    doc.undo_stack.undo()
    assert state(doc.script, "goodbye") == "recorded"


def test_an_edit_of_the_text_during_the_take_shows_it_stale(qtbot, doc, inspector):
    doc.select_nodes(["goodbye"])
    widget = shown_widget(inspector)
    record(qtbot, widget, "goodbye")
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "好的，再见。"))
    qtbot.mouseClick(widget.rows["goodbye"].record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state(doc.script, "goodbye") == "stale", timeout=5000)
    assert prompt_audio(doc.script, "goodbye").source == "recorded"


def test_hiding_the_controls_saves_the_take(qtbot, doc, inspector):
    doc.select_nodes(["goodbye"])
    record(qtbot, shown_widget(inspector), "goodbye")
    inspector.hide()
    qtbot.waitUntil(lambda: state(doc.script, "goodbye") == "recorded", timeout=5000)
    inspector.show()
    assert shown_widget(inspector).message.text().startswith("Recorded goodbye: ")


def test_a_recording_that_never_finishes_does_not_keep_record_disabled(qtbot, doc, inspector,
                                                                       monkeypatch):
    monkeypatch.setattr(FakeRecorder, "_finish", lambda self: None)  # a stuck recorder
    session = audio_notifier(doc).recording
    session._watchdog.setInterval(100)
    doc.select_nodes(["goodbye"])
    widget = shown_widget(inspector)
    record(qtbot, widget, "goodbye")
    qtbot.mouseClick(widget.rows["goodbye"].record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not finish" in widget.message.text(), timeout=3000)
    assert widget.message.text() == "The recording of goodbye did not finish; record it again."
    assert widget.rows["goodbye"].record.isEnabled() and session.take is None


# ---- the main window ----------------------------------------------------------------------------
class NoPrompts:
    def ask_save_changes(self, name):
        return "discard"


@pytest.fixture
def window(qtbot, tmp_path, folder, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_SETTINGS_FILE", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("CALLSCRIPT_RECOVERY_DIR", str(tmp_path / "recovery"))
    w = MainWindow()
    w.prompts = NoPrompts()
    qtbot.addWidget(w)
    assert w.files.open_path(str(folder / "script.yaml"), ask=False)
    ui = install_audio_ui(w)
    w.inspector.set_audio_widget_factory(fake_widget)
    w.arrange_docks()
    w.show()
    qtbot.waitExposed(w)
    yield w
    ui.wait()


def start_in_window(qtbot, window, pid):
    window.document.select_nodes([pid])
    widget = shown_widget(window.inspector)
    assert widget.isVisible()
    record(qtbot, widget, pid)
    return widget


def test_closing_the_inspector_dock_saves_the_take(qtbot, window):
    start_in_window(qtbot, window, "goodbye")
    window.docks["inspector"].close()
    qtbot.waitUntil(lambda: state(window.document.script, "goodbye") == "recorded",
                    timeout=5000)
    # the Audio dock says it too: the inspector is not on screen
    panel = window.audio_ui.panel
    assert panel.message.text().startswith("Recorded goodbye: ")


def test_another_panel_in_front_of_the_inspector_saves_the_take(qtbot, window):
    start_in_window(qtbot, window, "goodbye")
    window.docks["faq"].raise_()  # the FAQ tab, beside the inspector's
    qtbot.waitUntil(lambda: state(window.document.script, "goodbye") == "recorded",
                    timeout=5000)


def test_opening_another_file_saves_the_take_to_the_file_it_was_for(qtbot, window, folder,
                                                                    tmp_path):
    other = tmp_path / "other"
    shutil.copytree(SAMPLE, other)
    start_in_window(qtbot, window, "goodbye")
    assert window.files.open_path(str(other / "script.yaml"))
    assert window.document.script.path == str(other / "script.yaml")
    first = load_script(str(folder / "script.yaml"))
    qtbot.waitUntil(lambda: state(first, "goodbye") == "recorded", timeout=5000)
    assert state(window.document.script, "goodbye") == "missing"  # not the file opened
    assert window.audio_ui.panel.message.text().startswith(
        f"Recorded goodbye in {folder / 'script.yaml'}: ")


def test_minimizing_the_window_or_undocking_the_inspector_keeps_the_take_going(qtbot, window):
    widget = start_in_window(qtbot, window, "goodbye")
    session = audio_notifier(window.document).recording
    window.showMinimized()
    qtbot.wait(100)
    window.showNormal()
    qtbot.wait(100)
    window.docks["inspector"].setFloating(True)  # hidden and shown again at once
    qtbot.wait(100)
    assert session.is_recording("goodbye") and FakeRecorder.made[0].stops == 0
    widget = shown_widget(window.inspector)
    assert widget.is_recording() and widget.rows["goodbye"].record.text() == "Stop"
    qtbot.mouseClick(widget.rows["goodbye"].record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state(window.document.script, "goodbye") == "recorded",
                    timeout=5000)


def test_closing_the_window_saves_the_take_before_the_application_quits(qtbot, window):
    start_in_window(qtbot, window, "goodbye")
    session = audio_notifier(window.document).recording
    assert window.close()
    # what aboutToQuit runs: wait (an event loop) until the file is saved
    assert session.finish(wait_s=5) and session.take is None
    assert state(window.document.script, "goodbye") == "recorded"
