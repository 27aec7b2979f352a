"""The Audio dock: every prompt with its state, "synthesize all missing" in the background with
progress and cancel, the table following edits, and the voice talent round trip. On a copy of
the property_followup sample, with a private synthesis cache. The background runs use a slow
stand-in engine (a tone per prompt, a set delay) so that "the window stays responsive" and
"cancel stops it" are measured, not assumed."""
import csv
import dataclasses
import math
import os
import shutil
import struct
import time
import wave

import pytest
from PySide6.QtCore import QTimer

from designer.audio import register_backend
from designer.formats.script_yaml import load_script
from designer.ui.commands import SetNodeField
from designer.ui.document import Document
from designer.ui.panels import audio_panel
from designer.ui.panels.audio_panel import AudioPanel
from tests.audio_support import write_tone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup")
PROMPTS = 26  # spoken prompts of property_followup


class SlowToneEngine:
    """A speech engine that takes `delay` seconds per prompt and says a short tone."""

    engine = "slowtone"
    delay = 0.03

    def unavailable_reason(self):
        return None

    def resolve_voice(self, voice, language):
        return voice or "tone"

    def synthesize(self, text, voice, rate, out_path):
        time.sleep(self.delay)
        frames = int(8000 * (0.3 + 0.01 * len(text)))
        samples = (int(8000 * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(frames))
        with wave.open(out_path, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(b"".join(struct.pack("<h", s) for s in samples))


@pytest.fixture
def script(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pf"
    shutil.copytree(SAMPLE, folder)
    return load_script(str(folder / "script.yaml"))


@pytest.fixture
def slow_engine(script, monkeypatch):
    register_backend("slowtone", SlowToneEngine)
    script.voice = dataclasses.replace(script.voice, engine="slowtone", voice="tone")
    return SlowToneEngine


def make_panel(qtbot, script):
    doc = Document(script)
    panel = AudioPanel(doc)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    return doc, panel


def cell(panel, prompt_id, column):
    row = panel.shown_prompts().index(prompt_id)
    return panel.table.item(row, column).text()


def test_every_prompt_is_listed_with_its_state(qtbot, script):
    _doc, panel = make_panel(qtbot, script)
    assert len(panel.shown_prompts()) == PROMPTS
    assert panel.shown_prompts()[:3] == ["opening", "opening.no_match", "opening.no_input"]
    assert cell(panel, "opening.no_match", 1) == "opening"
    assert cell(panel, "opening", 3) == "Missing" and cell(panel, "opening", 4) == ""
    assert cell(panel, "opening", 5) == "yes"  # {customer_name}: runtime TTS
    assert cell(panel, "goodbye", 5) == ""
    assert panel.summary.text() == (f"{PROMPTS} prompts: 0 synthesized, 0 recorded, "
                                    f"0 imported, 0 stale, {PROMPTS} missing")


def test_synthesize_all_missing_runs_in_the_background(qtbot, script, slow_engine):
    doc, panel = make_panel(qtbot, script)
    ticks = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()) if panel.is_running() else None)
    timer.start()
    started = time.monotonic()
    qtbot.mouseClick(panel.synth_button, audio_panel.Qt.MouseButton.LeftButton)
    assert panel.is_running() and not panel.progress.isHidden()
    assert not panel.cancel_button.isHidden() and not panel.synth_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=20000)
    elapsed = time.monotonic() - started
    timer.stop()
    assert elapsed >= PROMPTS * slow_engine.delay  # it did take that long...
    assert len(ticks) >= 0.3 * elapsed / 0.010  # ...and the event loop kept running meanwhile
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert max(gaps) < 0.5
    assert panel.progress.maximum() == PROMPTS and panel.progress.value() == PROMPTS
    assert panel.progress.text() == f"{PROMPTS} of {PROMPTS}"
    assert panel.cancel_button.isHidden() and panel.synth_button.isEnabled()
    assert panel.message.text() == f"{PROMPTS} prompts synthesized (0 of them from the cache)."
    qtbot.waitUntil(lambda: "Missing" not in [cell(panel, p, 3) for p in panel.shown_prompts()])
    assert all(cell(panel, p, 3).startswith("Synthesized · ") for p in panel.shown_prompts())
    assert panel.summary.text().startswith(f"{PROMPTS} prompts: {PROMPTS} synthesized")
    assert doc.undo_stack.count() == 0


def test_cancel_stops_after_the_current_prompt(qtbot, script, slow_engine, monkeypatch):
    monkeypatch.setattr(SlowToneEngine, "delay", 0.1)
    _doc, panel = make_panel(qtbot, script)
    assert panel.synthesize_all()
    qtbot.waitUntil(lambda: panel.progress.value() >= 1, timeout=10000)
    qtbot.mouseClick(panel.cancel_button, audio_panel.Qt.MouseButton.LeftButton)
    assert panel.message.text() == "Cancelling after the current prompt…"
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=10000)
    assert panel.message.text().startswith("Cancelled after ")
    qtbot.waitUntil(lambda: panel.state_of("opening") is not None
                    and panel.state_of("opening").state == "synthesized")
    states = [panel.state_of(p).state for p in panel.shown_prompts()]
    assert 1 <= states.count("synthesized") <= 10  # not all 26: it stopped
    assert states.count("missing") == PROMPTS - states.count("synthesized")
    assert panel.synth_button.isEnabled()


def test_an_edit_of_a_prompt_text_shows_it_stale(qtbot, script, slow_engine):
    doc, panel = make_panel(qtbot, script)
    panel.synthesize_all()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=20000)
    doc.push(SetNodeField(doc.script, "goodbye", "say", "好的，那不打扰您了，再见。"))
    qtbot.waitUntil(lambda: cell(panel, "goodbye", 3).startswith("Stale (the text changed)"))
    assert cell(panel, "goodbye", 2) == "好的，那不打扰您了，再见。"
    assert panel.summary.text().endswith("1 stale, 0 missing")
    panel.only_missing.setChecked(True)
    assert panel.shown_prompts() == ["goodbye"]


def test_only_missing_filter_and_double_click_selects_the_node(qtbot, script, slow_engine):
    doc, panel = make_panel(qtbot, script)
    panel.only_missing.setChecked(True)
    assert len(panel.shown_prompts()) == PROMPTS
    row = panel.shown_prompts().index("retain.no_match")
    item = panel.table.item(row, 2)
    with qtbot.waitSignal(panel.node_activated) as blocker:
        panel.table.itemDoubleClicked.emit(item)
    assert blocker.args == ["retain"] and doc.selected_nodes() == ["retain"]
    faq_row = next(i for i, p in enumerate(panel.shown_prompts()) if p.startswith("faq."))
    panel.table.itemDoubleClicked.emit(panel.table.item(faq_row, 0))
    assert doc.selected_nodes() == ["retain"] and "FAQ panel" in panel.message.text()


def test_voice_talent_csv_and_folder_import(qtbot, script, tmp_path):
    _doc, panel = make_panel(qtbot, script)
    out = tmp_path / "talent.csv"
    assert panel.export_csv(str(out))
    assert panel.message.text() == f"Wrote {PROMPTS} lines to {out}."
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["id", "text", "state", "file", "note"] and rows[1][0] == "opening"
    takes = tmp_path / "takes"
    write_tone(takes / "goodbye.wav", seconds=0.6)
    write_tone(takes / "opening.no_match.wav", seconds=0.6)
    write_tone(takes / "stray.wav", seconds=0.3)
    assert panel.import_folder(str(takes))
    assert not panel.talent_button.isEnabled()  # one batch at a time
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=20000)
    assert panel.message.text() == ("Imported 2 recordings. 1 files match no prompt: "
                                    f"stray.wav. {PROMPTS - 2} prompts still have no audio.")
    qtbot.waitUntil(lambda: cell(panel, "goodbye", 3).startswith("Imported · "))
    assert cell(panel, "opening.no_match", 3).startswith("Imported · ")
    assert panel.talent_button.isEnabled()


def test_a_script_never_saved_lists_its_prompts_and_asks_to_save(qtbot):
    script = load_script(os.path.join(SAMPLE, "script.yaml"))
    script.path = None
    _doc, panel = make_panel(qtbot, script)
    assert len(panel.shown_prompts()) == PROMPTS and cell(panel, "opening", 3) == "—"
    assert panel.summary.text().startswith("Save the script first")
    assert not panel.synth_button.isEnabled() and panel.synthesize_all() is False


def test_an_unusable_speech_engine_stops_before_anything_and_says_why(qtbot, script):
    from tests.ui.test_audio_prompt import MissingEngine
    register_backend("missing-engine", MissingEngine)
    script.voice = dataclasses.replace(script.voice, engine="missing-engine")
    _doc, panel = make_panel(qtbot, script)
    assert panel.synthesize_all()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=10000)
    assert panel.message.text() == ("Synthesis failed: speech synthesis needs espeak-ng, which "
                                    "is not installed")
    assert panel.progress.isHidden() and panel.cancel_button.isHidden()
    assert panel.synth_button.isEnabled() and cell(panel, "opening", 3) == "Missing"
