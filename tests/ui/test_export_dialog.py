"""File > Export…: the dialog exports a sample in the background with progress, refuses a
script that breaks a chosen policy by listing the problem codes, and says every failure in one
line. On copies of property_followup (never the repository's own folder), with a private
synthesis cache."""
import dataclasses
import os
import shutil
import zipfile

import pytest
from PySide6.QtCore import Qt

from designer.audio import register_backend
from designer.formats.script_yaml import load_script
from designer.model import Script
from designer.ui.document import Document
from designer.ui.export_dialog import ExportDialog
from tests.ui.test_audio_panel import SlowToneEngine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    dst = tmp_path / "pf"
    shutil.copytree(SAMPLE, dst)
    return dst


def make_dialog(qtbot, script):
    doc = Document(script)
    dialog = ExportDialog(doc)
    qtbot.addWidget(dialog)
    dialog.show()
    return doc, dialog


def run_export(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.is_running() and not dialog.export_button.isEnabled()
    assert dialog.close_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30000)


def test_exports_the_sample_with_progress(qtbot, folder):
    _doc, dialog = make_dialog(qtbot, load_script(str(folder / "script.yaml")))
    assert dialog.path_edit.text() == str(folder / "script.zip")
    cn = dialog.policy_checks["cn"]
    assert cn.isChecked() and not cn.isEnabled()  # declared by the script: always applied
    assert not dialog.policy_checks["us"].isChecked()
    assert set(dialog.policy_checks) == {"cn", "eu", "uk", "us"}
    out = folder / "out" / "followup.zip"
    dialog.path_edit.setText(str(out))
    dialog.vxml_check.setChecked(True)
    stages = []
    dialog._relay.progress.connect(lambda stage, *_rest: stages.append(stage))
    run_export(qtbot, dialog)
    assert dialog.result.text().startswith(f"Exported {out} (")
    assert "26 audio files" in dialog.result.text()
    assert dialog.progress.value() == 100 and dialog.close_button.text() == "Close"
    assert {"check", "audio", "pack", "write"} <= set(stages)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert "manifest.json" in names and "audio/opening.wav" in names
    assert any(n.startswith("vxml/") for n in names)
    assert dialog.problems.isHidden() and dialog.show_button.isHidden()


def test_refuses_a_script_that_breaks_a_policy_and_lists_the_codes(qtbot, folder):
    path = folder / "script.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  callback_number: 400-800-6688\n" in text
    path.write_text(text.replace("  callback_number: 400-800-6688\n", ""), encoding="utf-8")
    doc, dialog = make_dialog(qtbot, load_script(str(path)))
    dialog.policy_checks["us"].setChecked(True)
    assert dialog.policies() == ["cn", "us"]
    out = folder / "refused.zip"
    dialog.path_edit.setText(str(out))
    run_export(qtbot, dialog)
    assert "C-CALLBACK-NUMBER" in dialog.problem_codes()
    assert dialog.result.text().startswith(
        f"Not exported: fix these {len(dialog.problem_codes())} problems first (policies: cn, us)")
    assert not dialog.problems.isHidden() and not out.exists()
    with qtbot.waitSignal(dialog.show_problems) as blocker:
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert "C-CALLBACK-NUMBER" in [p.code for p in blocker.args[0]]
    assert not dialog.isVisible()


def test_a_failure_is_one_line_not_a_traceback(qtbot, folder):
    _doc, dialog = make_dialog(qtbot, load_script(str(folder / "script.yaml")))
    (folder / "taken").mkdir()
    dialog.path_edit.setText(str(folder / "taken"))
    run_export(qtbot, dialog)
    assert dialog.result.text().startswith(f"Export failed: {folder / 'taken'}: is a folder")
    assert "Traceback" not in dialog.result.text() and dialog.export_button.isEnabled()


def test_a_script_never_saved_is_not_exported(qtbot):
    _doc, dialog = make_dialog(qtbot, Script())
    assert dialog.path_edit.text() == ""
    assert dialog.start() is False and not dialog.is_running()
    assert dialog.result.text().startswith("Save the script first")


def test_cancel_stops_the_export_and_writes_nothing(qtbot, folder):
    register_backend("slowtone", SlowToneEngine)  # 26 prompts at 0.03 s: time to click
    script = load_script(str(folder / "script.yaml"))
    script.voice = dataclasses.replace(script.voice, engine="slowtone", voice="tone")
    _doc, dialog = make_dialog(qtbot, script)
    out = folder / "cancelled.zip"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stage.text().startswith("Audio: "), timeout=10000)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # "Cancel"
    assert dialog.isVisible()  # stays until the worker has stopped
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10000)
    assert dialog.result.text() == "Export cancelled: nothing was written."
    assert not out.exists() and dialog.close_button.text() == "Close"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
