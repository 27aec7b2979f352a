"""install_audio_ui in the real main window: the inspector's Audio group, the Audio dock next to
Problems, and File > Export… (Ctrl+E) opening the export dialog, whose refusal can be shown in
the Problems dock."""
import os
import shutil

import pytest
from PySide6.QtGui import QKeySequence

from designer.model import Problem
from designer.ui.audio_docks import install_audio_ui, show_in_problems
from designer.ui.export_dialog import ExportDialog
from designer.ui.main_window import MainWindow
from designer.ui.panels.audio_prompt import PromptAudioWidget

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup")


class NoPrompts:
    def ask_save_changes(self, name):
        return "discard"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_SETTINGS_FILE", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("CALLSCRIPT_RECOVERY_DIR", str(tmp_path / "recovery"))
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(SAMPLE, tmp_path / "pf")
    w = MainWindow()
    w.prompts = NoPrompts()
    qtbot.addWidget(w)
    assert w.files.open_path(str(tmp_path / "pf" / "script.yaml"), ask=False)
    ui = install_audio_ui(w)
    yield w
    ui.wait()


def test_audio_ui_is_installed_once(window):
    ui = window.audio_ui
    assert install_audio_ui(window) is ui
    assert window.docks["audio"].widget() is ui.panel
    assert "Audio" in [a.text() for a in window.panels_menu.actions()]
    assert window.tabifiedDockWidgets(window.docks["problems"]) == [window.docks["audio"]]


def test_the_inspector_shows_the_audio_of_the_selected_node(qtbot, window):
    window.document.select_nodes(["goodbye"])
    assert not window.inspector.audio_box.isHidden()
    widget = window.inspector.audio_box.findChild(PromptAudioWidget)
    assert list(widget.rows) == ["goodbye"]
    window.document.select_nodes([])
    qtbot.waitUntil(lambda: window.inspector.audio_box.findChild(PromptAudioWidget) is None)


def test_file_export_opens_the_dialog_above_quit(qtbot, window):
    action = window.audio_ui.export_action
    assert action.shortcut() == QKeySequence("Ctrl+E") and action.text() == "&Export…"
    menu = next(m for m in window.actions.quit.associatedObjects() if hasattr(m, "actions"))
    entries = menu.actions()
    assert entries.index(action) == entries.index(window.actions.quit) - 2  # a line between
    action.trigger()
    dialog = window.audio_ui.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog.parent() is window
    action.trigger()
    assert window.audio_ui.export_dialog is dialog  # one at a time


def test_refused_export_problems_show_in_the_problems_dock(qtbot, window):
    window.problems.set_problems([])
    problem = Problem("error", "C-CALLBACK-NUMBER", "business.callback_number is not declared")
    show_in_problems(window, [problem])
    items = [window.problems.tree.topLevelItem(i).text(1)
             for i in range(window.problems.tree.topLevelItemCount())]
    assert items == ["C-CALLBACK-NUMBER"]
    assert window.problems.summary.text().startswith("1 error")
