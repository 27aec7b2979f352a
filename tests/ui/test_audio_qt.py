"""The Qt side of audio: record from a real microphone (a private PulseAudio server), play to a
real speaker, and say clearly when there is no device. Device scenarios run in a child process
(see tests/audio_support.py: Qt connects to the sound server once per process)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402
import wave  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtMultimedia import QAudioDevice  # noqa: E402

from designer.audio import AudioError, audio_info, prompt_audio, record_done  # noqa: E402
from designer.audio.devices import NO_MICROPHONE, NO_SPEAKER  # noqa: E402
from designer.ui.audio_qt import (  # noqa: E402
    LevelMeter, PromptRecorder, QtPlayer, QtRecorder, QtSynthesisTask,
)
from tests.audio_support import (  # noqa: E402
    PulseServer, make_script, no_sound_server_env, run_child, write_tone,
)


@pytest.fixture(scope="module")
def microphone():
    """A sound server whose microphone hears a 440 Hz tone at -8.7 dBFS."""
    with PulseServer(tone=True) as server:
        yield server


def test_recording_from_a_microphone_writes_a_wav_and_moves_the_meter(microphone, tmp_path):
    out = tmp_path / "take.wav"
    result = run_child(["record", str(out), "1200"], microphone.env)
    assert result["errors"] == [] and result["finished"] == str(out)
    with wave.open(str(out), "rb") as w:  # a real WAV, not MP4/AAC behind a .wav name
        assert w.getsampwidth() == 2 and w.getnframes() > 0
    info = audio_info(out)
    assert 900 <= info.duration_ms <= 1700
    assert -11 <= info.peak_dbfs <= -7  # the tone the microphone hears
    assert len(result["levels"]) >= 5 and 0.3 <= max(result["levels"]) <= 0.45
    assert result["levels"][-1] == 0.0  # the meter falls back when recording stops
    # ... and the take becomes the prompt's phone-format audio
    script = make_script(tmp_path / "s")
    st = record_done(script, "goodbye", out)
    assert st.state == "recorded" and audio_info(st.file).is_phone_format


def test_playback_plays_a_prompt_to_the_end(microphone, tmp_path):
    clip = write_tone(tmp_path / "clip.wav", seconds=0.4, lead_silence=0.05, rate=8000,
                      channels=1)
    result = run_child(["play", str(clip)], microphone.env)
    assert result == {"errors": [], "finished": True, "started": True,
                      "seconds": result["seconds"]}


def test_silent_microphone_take_is_refused_with_a_clear_message(tmp_path):
    out = tmp_path / "take.wav"
    with PulseServer(tone=False) as server:
        result = run_child(["record", str(out), "700"], server.env)
    assert result["finished"] == str(out) and max(result["levels"]) == 0.0
    with pytest.raises(AudioError, match="the recording is silent: check that the right "
                                         "microphone is selected"):
        record_done(make_script(tmp_path / "s"), "goodbye", out)
    assert prompt_audio(make_script(tmp_path / "s"), "goodbye").state == "missing"


def test_without_any_device_record_and_play_say_so_and_nothing_breaks(tmp_path):
    env = no_sound_server_env(tmp_path)
    out = tmp_path / "take.wav"
    result = run_child(["record", str(out), "500"], env)
    assert result["reason"] == NO_MICROPHONE and result["errors"] == [NO_MICROPHONE]
    assert result["started"] is False and not result["exists"]
    assert "No microphone found" in NO_MICROPHONE
    clip = write_tone(tmp_path / "clip.wav", seconds=0.2)
    result = run_child(["play", str(clip)], env)
    assert result["started"] is False and result["errors"] == [NO_SPEAKER]


# ---- in this process: no device needed --------------------------------------------------------
def test_recorder_on_a_missing_device_reports_instead_of_recording(qtbot, tmp_path):
    recorder = QtRecorder(device=QAudioDevice())
    errors = []
    recorder.error.connect(errors.append)
    assert recorder.unavailable_reason() == NO_MICROPHONE
    assert recorder.start(str(tmp_path / "x.wav")) is False
    assert errors == [NO_MICROPHONE] and not recorder.is_recording()
    assert not (tmp_path / "x.wav").exists()
    prompt_recorder = PromptRecorder(QtRecorder(device=QAudioDevice()))
    with qtbot.waitSignal(prompt_recorder.error) as blocker:
        assert prompt_recorder.start(make_script(tmp_path / "s"), "goodbye") is False
    assert blocker.args == [NO_MICROPHONE]


def test_player_names_a_missing_file_or_prompt_audio(qtbot, tmp_path):
    player = QtPlayer()
    with qtbot.waitSignal(player.error) as blocker:
        assert player.play(str(tmp_path / "gone.wav")) is False
    assert blocker.args[0].endswith("gone.wav: no such audio file")
    with qtbot.waitSignal(player.error) as blocker:
        assert player.play_prompt(make_script(tmp_path / "s"), "goodbye") is False
    assert blocker.args == ["Prompt goodbye has no audio yet: synthesize, record or import it."]


def test_level_meter_shows_the_level(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(100, 10)
    meter.set_level(1.7)
    assert meter.level() == 1.0
    meter.set_level(0.5)
    image = meter.grab().toImage()
    green = QColor("#5cb85c")
    assert image.pixelColor(25, 5) == green
    assert image.pixelColor(75, 5) != green
    meter.set_level(-0.2)
    assert meter.level() == 0.0
    assert meter.grab().toImage().pixelColor(25, 5) != green


def test_background_synthesis_reports_progress_in_the_window_thread(qtbot, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    script = make_script(tmp_path / "s")
    task = QtSynthesisTask(script)
    progress, threads = [], []

    def on_progress(done, total, pid):
        progress.append((done, total, pid))
        threads.append(threading.current_thread())

    task.progress.connect(on_progress)
    with qtbot.waitSignal(task.finished, timeout=20000) as blocker:
        task.start()
    report = blocker.args[0]
    assert report.synthesized == ["opening", "opening.no_match", "goodbye", "faq.ask_price"]
    qtbot.waitUntil(lambda: len(progress) == 4)
    assert progress[-1] == (4, 4, "faq.ask_price")
    assert set(threads) == {threading.main_thread()}
    assert prompt_audio(script, "opening").state == "synthesized"
