"""The audio controls of one node in the inspector: synthesize, import, trim, clear, record
without a microphone, and the badge following edits of the prompt's text. On a copy of the
property_followup sample (never the repository's own folder), with a private synthesis cache."""
import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QMessageBox

from designer.audio import audio_info, prompt_audio, register_backend
from designer.audio.devices import NO_MICROPHONE
from designer.formats.script_yaml import load_script
from designer.model import Node, Script
from designer.ui.audio_qt import QtRecorder
from designer.ui.commands import SetNodeField
from designer.ui.document import Document
from designer.ui.panels import audio_prompt
from designer.ui.panels.audio_prompt import PromptAudioWidget, audio_widget_factory
from designer.ui.panels.inspector import InspectorPanel
from tests.audio_support import write_tone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup")


@pytest.fixture
def doc(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pf"
    shutil.copytree(SAMPLE, folder)
    return Document(load_script(str(folder / "script.yaml")))


def inspector_audio(qtbot, doc, node_id):
    """The audio widget the inspector shows for the node, as a user gets it."""
    inspector = InspectorPanel(doc)
    qtbot.addWidget(inspector)
    inspector.set_audio_widget_factory(audio_widget_factory)
    doc.select_nodes([node_id])
    assert not inspector.audio_box.isHidden()
    widget = inspector.audio_box.findChild(PromptAudioWidget)
    assert widget is not None and widget.node_id == node_id
    return inspector, widget


def badge(widget, prompt_id):
    return widget.rows[prompt_id].badge.text()


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_node_shows_one_row_per_prompt_it_says(qtbot, doc):
    _inspector, widget = inspector_audio(qtbot, doc, "opening")
    assert list(widget.rows) == ["opening", "opening.no_match", "opening.no_input"]
    assert [r.kind_label.text() for r in widget.rows.values()] == [
        "<b>Prompt</b>", "<b>No-match reply</b>", "<b>Silence reply</b>"]
    assert all(badge(widget, pid) == "Missing" for pid in widget.rows)
    row = widget.rows["opening"]
    assert not row.runtime_note.isHidden() and "{customer_name}" in row.runtime_note.text()
    assert not row.play.isEnabled() and not row.clear.isEnabled()


def test_synthesize_shows_synthesized_with_a_duration_and_is_not_an_edit(qtbot, doc):
    _inspector, widget = inspector_audio(qtbot, doc, "retain")
    click(qtbot, widget.rows["retain.no_match"].synthesize)
    assert badge(widget, "retain.no_match") == "Synthesizing…"
    qtbot.waitUntil(lambda: badge(widget, "retain.no_match").startswith("Synthesized · "),
                    timeout=20000)
    seconds = float(badge(widget, "retain.no_match").split("· ")[1].removesuffix(" s"))
    assert seconds > 0.5
    assert badge(widget, "retain") == "Missing"  # only the prompt asked for
    assert widget.rows["retain.no_match"].play.isEnabled()
    assert not widget.rows["retain.no_match"].synthesize.isEnabled()  # nothing left to do
    assert widget.message.text().startswith("Synthesized retain.no_match: ")
    st = prompt_audio(doc.script, "retain.no_match")
    assert audio_info(st.file).is_phone_format
    assert doc.undo_stack.count() == 0 and not doc.is_modified()


def test_editing_the_prompt_text_makes_the_badge_stale_and_undo_current(qtbot, doc):
    _inspector, widget = inspector_audio(qtbot, doc, "bought_end")
    click(qtbot, widget.rows["bought_end"].synthesize)
    qtbot.waitUntil(lambda: badge(widget, "bought_end").startswith("Synthesized"), timeout=20000)
    doc.push(SetNodeField(doc.script, "bought_end", "say", "好的，祝您生活愉快，再见。"))
    qtbot.waitUntil(lambda: badge(widget, "bought_end").startswith(
        "Stale (the text changed) · "))
    assert widget.rows["bought_end"].synthesize.isEnabled()
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: badge(widget, "bought_end").startswith("Synthesized · "))


def test_import_of_a_wav_makes_it_imported_in_telephone_format(qtbot, doc, tmp_path,
                                                              monkeypatch):
    take = write_tone(tmp_path / "take.wav", seconds=1.0, lead_silence=0.5)  # 44.1 kHz stereo
    asked = []

    def fake_open(parent, title, folder, pattern):
        asked.append((title, pattern))
        return str(take), pattern

    monkeypatch.setattr(audio_prompt.QFileDialog, "getOpenFileName", fake_open)
    _inspector, widget = inspector_audio(qtbot, doc, "goodbye")
    click(qtbot, widget.rows["goodbye"].import_)
    assert asked and asked[0][0] == "Import audio for goodbye"
    assert badge(widget, "goodbye").startswith("Imported · 1.")  # 1 s of tone, silence cut
    assert widget.message.text().startswith("Imported take.wav: 1.")
    info = audio_info(prompt_audio(doc.script, "goodbye").file)
    assert info.is_phone_format and 1000 <= info.duration_ms <= 1300


def test_a_broken_file_is_refused_with_its_name_not_a_traceback(qtbot, doc, tmp_path):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF....WAVEfmt nonsense")
    _inspector, widget = inspector_audio(qtbot, doc, "goodbye")
    assert widget.import_file("goodbye", str(bad)) is False
    assert "broken.wav: not a readable audio file" in widget.message.text()
    assert badge(widget, "goodbye") == "Missing"


def test_trim_and_normalize_a_file_put_there_by_hand(qtbot, doc):
    folder = os.path.dirname(doc.script.path)
    write_tone(Path(folder) / "audio" / "goodbye.wav", seconds=1.0, lead_silence=1.0,
               amplitude=0.05)
    _inspector, widget = inspector_audio(qtbot, doc, "goodbye")
    assert badge(widget, "goodbye") == "Imported · 3.0 s"
    click(qtbot, widget.rows["goodbye"].trim)
    assert badge(widget, "goodbye").startswith("Imported · 1.")
    assert widget.message.text().startswith("Trimmed and normalized goodbye: 3.0 s → 1.")
    info = audio_info(prompt_audio(doc.script, "goodbye").file)
    assert info.is_phone_format and abs(info.rms_dbfs + 18) < 1  # the take peaked at -26 dBFS


def test_clear_asks_before_deleting_a_recording(qtbot, doc, tmp_path, monkeypatch):
    _inspector, widget = inspector_audio(qtbot, doc, "goodbye")
    widget.import_file("goodbye", str(write_tone(tmp_path / "t.wav", seconds=0.5)))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(audio_prompt.QMessageBox, "question",
                        lambda *args, **kw: answers.pop(0))
    click(qtbot, widget.rows["goodbye"].clear)
    assert badge(widget, "goodbye").startswith("Imported")  # the user said no
    click(qtbot, widget.rows["goodbye"].clear)
    assert badge(widget, "goodbye") == "Missing" and not answers
    assert widget.message.text() == "Cleared the audio of goodbye."
    assert not widget.rows["goodbye"].clear.isEnabled()


def test_record_without_a_microphone_says_so_and_nothing_changes(qtbot, doc):
    widget = PromptAudioWidget(doc, "goodbye",
                               recorder_factory=lambda parent: QtRecorder(parent, QAudioDevice()))
    qtbot.addWidget(widget)
    widget.show()
    record = widget.rows["goodbye"].record
    click(qtbot, record)
    assert widget.message.text() == NO_MICROPHONE
    assert "No microphone found" in widget.message.text() and widget.message.isVisible()
    assert not record.isChecked() and record.text() == "Record"
    assert not widget.is_recording() and widget.rows["goodbye"].meter.isHidden()
    assert badge(widget, "goodbye") == "Missing"
    assert record.isEnabled()  # plug one in and try again


def test_a_script_never_saved_asks_to_be_saved_first(qtbot):
    script = load_script(os.path.join(SAMPLE, "script.yaml"))
    script.path = None
    doc = Document(script)
    widget = PromptAudioWidget(doc, "goodbye")
    qtbot.addWidget(widget)
    assert widget.message.text().startswith("Save the script first")
    row = widget.rows["goodbye"]
    assert badge(widget, "goodbye") == "not saved"
    assert not any(b.isEnabled() for b in (row.play, row.record, row.synthesize, row.import_,
                                           row.trim, row.clear))


def test_a_node_with_nothing_to_say(qtbot):
    doc = Document(Script(nodes={"empty": Node(say="")}, start="empty"))
    widget = PromptAudioWidget(doc, "empty")
    qtbot.addWidget(widget)
    assert widget.rows == {} and "says nothing yet" in widget.message.text()


class MissingEngine:
    engine = "missing-engine"

    def unavailable_reason(self):
        return "speech synthesis needs espeak-ng, which is not installed"

    def resolve_voice(self, voice, language):
        return voice

    def synthesize(self, text, voice, rate, out_path):
        raise AssertionError("never called when unavailable")


def test_an_unusable_speech_engine_is_one_clear_line(qtbot, doc):
    register_backend("missing-engine", MissingEngine)
    doc.script.voice = dataclasses.replace(doc.script.voice, engine="missing-engine")
    _inspector, widget = inspector_audio(qtbot, doc, "goodbye")
    click(qtbot, widget.rows["goodbye"].synthesize)
    qtbot.waitUntil(lambda: widget.message.text().startswith("Synthesis failed: "))
    assert widget.message.text() == ("Synthesis failed: speech synthesis needs espeak-ng, which "
                                     "is not installed")
    assert badge(widget, "goodbye") == "Missing" and widget.rows["goodbye"].synthesize.isEnabled()
