"""The inspector's Record and Play buttons on real devices: a microphone and a speaker from a
private PulseAudio server (tests/audio_support.py), and a machine with no sound server at all.
Each scenario runs in a child process, because Qt connects to the sound server once per
process."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from designer.audio.devices import NO_MICROPHONE, NO_SPEAKER
from tests.audio_support import PulseServer, ROOT, no_sound_server_env

SAMPLE = os.path.join(str(ROOT), "scripts_library", "property_followup")

# Drives a PromptAudioWidget the way a user does: Record, wait, Stop (the same button), then
# Play what was recorded (or, with no microphone, what was synthesized).
CHILD = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from designer.formats.script_yaml import load_script
from designer.ui.document import Document
from designer.ui.panels.audio_prompt import PromptAudioWidget

def pump(seconds, until=lambda: False):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        app.processEvents()
        time.sleep(0.01)

widget = PromptAudioWidget(Document(load_script(sys.argv[1])), "goodbye")
widget.show()
row = widget.rows["goodbye"]
levels = []
result = {}
row.record.click()
result["recording"] = widget.is_recording()
result["start_message"] = widget.message.text()
if widget.is_recording():
    widget.recorder().recorder.level_changed.connect(levels.append)
    result["meter_shown"] = row.meter.isVisible()
    pump(1.2)
    result["button_while_recording"] = row.record.text()
    row.record.click()
    pump(10, lambda: not widget.is_recording())
    pump(0.2)
result.update(levels=levels, badge=row.badge.text(), message=widget.message.text(),
              meter_hidden=row.meter.isHidden(), record_enabled=row.record.isEnabled())
if row.badge.text() == "Missing":  # (a recorded prompt would be played as it is)
    row.synthesize.click()
    pump(20, lambda: row.badge.text().startswith("Synthesized"))
row.play.click()
pump(0.3)
result["play_button"] = row.play.text()
result["play_message"] = widget.message.text()
pump(10, lambda: row.play.text() == "Play")
result["play_button_after"] = row.play.text()
print(json.dumps(result))
"""


def run_widget(tmp_path, env):
    folder = tmp_path / "pf"
    shutil.copytree(SAMPLE, folder)
    env = dict(env, QT_QPA_PLATFORM="offscreen", CALLSCRIPT_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(folder / "script.yaml")], env=env,
                          capture_output=True, text=True, timeout=60)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert proc.returncode == 0 and lines, f"child failed: {proc.stdout}\n{proc.stderr}"
    return json.loads(lines[-1])


@pytest.fixture(scope="module")
def microphone():
    """A sound server whose microphone hears a 440 Hz tone."""
    with PulseServer(tone=True) as server:
        yield server


def test_record_with_a_microphone_shows_the_level_and_makes_it_recorded(tmp_path, microphone):
    result = run_widget(tmp_path, microphone.env)
    assert result["recording"] and result["meter_shown"]
    assert result["start_message"] == "Recording goodbye… speak now, then click Stop."
    assert result["button_while_recording"] == "Stop"
    assert max(result["levels"]) > 0.2  # the meter moved with the tone
    assert result["badge"].startswith("Recorded · 1.")
    assert result["message"].startswith("Recorded goodbye: 1.")
    assert result["meter_hidden"] and result["record_enabled"]
    assert result["play_button"] == "Stop"  # playing to the server's speaker
    assert result["play_button_after"] == "Play"  # ... to the end


def test_without_any_sound_device_record_and_play_say_so(tmp_path):
    result = run_widget(tmp_path, no_sound_server_env(tmp_path))
    assert not result["recording"] and result["start_message"] == NO_MICROPHONE
    assert result["badge"] == "Missing" and result["record_enabled"]
    assert result["play_message"] == NO_SPEAKER and result["play_button"] == "Play"
