"""Qt implementations of the core's audio interfaces (designer.audio.devices), like Anki's
aqt/sound.py: the interfaces live in the core, the QtMultimedia side lives here.

  QtPlayer              Player: plays a file or a prompt's audio (QMediaPlayer)
  QtRecorder            Recorder: microphone -> WAV (QMediaRecorder, Wave format) with a level
                        meter (QAudioSource on the same device) as `level_changed(0..1)`
  LevelMeter            a small bar widget for `level_changed`
  PromptRecorder        records one prompt: QtRecorder into a temporary WAV, then
                        designer.audio.record_done (trim, normalize, phone format, index)
  QtSynthesisTask       designer.audio.SynthesisJob with Qt signals (progress, finished)

No device is never a crash: `unavailable_reason()` gives the message to show beforehand, and
start()/play() return False after emitting `error(message)`.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, QRectF, QSize, QUrl, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtMultimedia import (
    QAudioDevice, QAudioFormat, QAudioInput, QAudioOutput, QAudioSource, QMediaCaptureSession,
    QMediaDevices, QMediaFormat, QMediaPlayer, QMediaRecorder,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from designer.audio import (
    AudioError, PromptAudio, SynthesisJob, peak_level, prompt_audio, record_done,
)
from designer.model import Script
from designer.ui import background

_SAMPLE_FORMATS = {
    QAudioFormat.SampleFormat.Int16: "int16", QAudioFormat.SampleFormat.Int32: "int32",
    QAudioFormat.SampleFormat.Float: "float", QAudioFormat.SampleFormat.UInt8: "uint8",
}


class QtPlayer(QObject):
    """Plays one file at a time; `finished` at the end, `error(message)` on trouble."""

    finished = Signal()
    error = Signal(str)
    playing_changed = Signal(bool)

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.on_finished: Optional[Callable[[], None]] = None
        self.on_error: Optional[Callable[[str], None]] = None
        self._player = QMediaPlayer(self)
        self._output = QAudioOutput(self)
        self._player.setAudioOutput(self._output)
        self._path = ""
        self._player.mediaStatusChanged.connect(self._status_changed)
        self._player.errorOccurred.connect(self._player_error)
        self._player.playbackStateChanged.connect(
            lambda s: self.playing_changed.emit(s == QMediaPlayer.PlaybackState.PlayingState))

    def play(self, path: str) -> bool:
        self.stop()
        if not Path(path).is_file():
            return self._fail(self.tr("{0}: no such audio file").format(path))
        if not QMediaDevices.audioOutputs():
            # designer.audio.devices.NO_SPEAKER, written out: lupdate reads only literal text
            return self._fail(self.tr("No audio output found: the prompt cannot be played on "
                                      "this computer. Connect speakers or headphones and try "
                                      "again."))
        self._path = str(path)
        self._output.setDevice(QMediaDevices.defaultAudioOutput())
        self._player.setSource(QUrl.fromLocalFile(os.path.abspath(path)))
        self._player.play()
        return True

    def play_prompt(self, script: Script, prompt_id: str) -> bool:
        """Play a prompt's audio; a prompt without audio is reported, not played."""
        try:
            st = prompt_audio(script, prompt_id)
        except AudioError as exc:
            return self._fail(str(exc))
        if st.file is None:
            return self._fail(self.tr("Prompt {0} has no audio yet: synthesize, record or "
                                      "import it.").format(prompt_id))
        return self.play(str(st.file))

    def stop(self) -> None:
        if self._player.playbackState() != QMediaPlayer.PlaybackState.StoppedState:
            self._player.stop()

    def is_playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def _status_changed(self, status) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.finished.emit()
            if self.on_finished:
                self.on_finished()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail(self.tr("{0}: cannot be played (not a readable audio file)")
                       .format(self._path))

    def _player_error(self, _error, message: str) -> None:
        self._fail(f"{self._path}: {message}" if self._path else message)

    def _fail(self, message: str) -> bool:
        self.error.emit(message)
        if self.on_error:
            self.on_error(message)
        return False


class QtRecorder(QObject):
    """Records the microphone into a WAV file (QMediaRecorder in Wave format: without it Qt
    writes MP4/AAC even to a .wav path). `level_changed(0..1)` feeds a meter while recording;
    `finished(path)` once the file is complete; `error(message)` when anything goes wrong."""

    level_changed = Signal(float)
    duration_changed = Signal(int)  # ms recorded so far
    recording_changed = Signal(bool)
    finished = Signal(str)
    error = Signal(str)

    def __init__(self, parent: Optional[QObject] = None,
                 device: Optional[QAudioDevice] = None) -> None:
        super().__init__(parent)
        self.on_level: Optional[Callable[[float], None]] = None
        self.on_finished: Optional[Callable[[str], None]] = None
        self.on_error: Optional[Callable[[str], None]] = None
        self._device = device
        self._session = QMediaCaptureSession(self)
        self._input: Optional[QAudioInput] = None
        self._recorder = QMediaRecorder(self)
        self._session.setRecorder(self._recorder)
        media_format = QMediaFormat(QMediaFormat.FileFormat.Wave)
        media_format.setAudioCodec(QMediaFormat.AudioCodec.Wave)
        self._recorder.setMediaFormat(media_format)
        self._recorder.recorderStateChanged.connect(self._state_changed)
        self._recorder.errorOccurred.connect(self._recorder_error)
        self._recorder.durationChanged.connect(lambda ms: self.duration_changed.emit(int(ms)))
        self._level_source: Optional[QAudioSource] = None
        self._level_io = None
        self._level_format = "int16"
        self._path = ""
        self._failed = False

    # ---- Recorder interface -----------------------------------------------------------------
    def device(self) -> QAudioDevice:
        return self._device if self._device is not None else QMediaDevices.defaultAudioInput()

    def _no_microphone(self) -> str:
        """designer.audio.devices.NO_MICROPHONE in the interface's language (written out:
        lupdate reads only literal text)."""
        return self.tr("No microphone found. Connect a microphone (or enable one in the "
                       "system's sound settings) and try again; you can also import a "
                       "recording from a file.")

    def unavailable_reason(self) -> Optional[str]:
        if self._device is None and not QMediaDevices.audioInputs():
            return self._no_microphone()
        if self.device().isNull():
            return self._no_microphone()
        return None

    def start(self, path: str) -> bool:
        if self.is_recording():
            return self._fail(self.tr("already recording"))
        reason = self.unavailable_reason()
        if reason:
            return self._fail(reason)
        self._path = os.path.abspath(path)
        self._failed = False
        Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        Path(self._path).unlink(missing_ok=True)
        self._input = QAudioInput(self.device(), self)
        self._session.setAudioInput(self._input)
        self._recorder.setOutputLocation(QUrl.fromLocalFile(self._path))
        self._recorder.record()
        if self._failed:
            return False
        self._start_level_meter()
        return True

    def stop(self) -> None:
        self._stop_level_meter()
        if self._recorder.recorderState() != QMediaRecorder.RecorderState.StoppedState:
            self._recorder.stop()

    def is_recording(self) -> bool:
        return self._recorder.recorderState() == QMediaRecorder.RecorderState.RecordingState

    # ---- level meter ------------------------------------------------------------------------
    def _start_level_meter(self) -> None:
        device = self.device()
        fmt = QAudioFormat()
        fmt.setSampleRate(16000)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            fmt = device.preferredFormat()
        self._level_format = _SAMPLE_FORMATS.get(fmt.sampleFormat(), "")
        self._level_source = QAudioSource(device, fmt, self)
        self._level_source.setBufferSize(max(fmt.bytesForDuration(100_000), 256))
        self._level_io = self._level_source.start()
        if self._level_io is None:  # the meter is a help, not a reason to stop recording
            self._level_source = None
            return
        self._level_io.readyRead.connect(self._read_level)

    def _read_level(self) -> None:
        if self._level_io is None:
            return
        data = bytes(self._level_io.readAll().data())
        if data:
            level = peak_level(data, self._level_format)
            self.level_changed.emit(level)
            if self.on_level:
                self.on_level(level)

    def _stop_level_meter(self) -> None:
        if self._level_source is not None:
            self._level_source.stop()
            self._level_source.deleteLater()
        self._level_source, self._level_io = None, None
        self.level_changed.emit(0.0)

    # ---- recorder events --------------------------------------------------------------------
    def _state_changed(self, state) -> None:
        recording = state == QMediaRecorder.RecorderState.RecordingState
        self.recording_changed.emit(recording)
        if state != QMediaRecorder.RecorderState.StoppedState or self._failed:
            return
        self._stop_level_meter()
        actual = self._recorder.actualLocation().toLocalFile() or self._path
        if not _has_audio_data(actual):
            self._fail(self.tr("{0}: the microphone delivered no sound data; check the "
                               "system's sound settings and try again").format(actual))
            return
        self.finished.emit(actual)
        if self.on_finished:
            self.on_finished(actual)

    def _recorder_error(self, _error, message: str) -> None:
        if self._failed:
            return
        self._stop_level_meter()
        if "device is null" in message.lower():
            message = self._no_microphone()
        self._fail(self.tr("recording failed: {0}").format(message))
        if self._path:
            Path(self._path).unlink(missing_ok=True)  # never leave an empty file behind

    def _fail(self, message: str) -> bool:
        self._failed = True
        self.error.emit(message)
        if self.on_error:
            self.on_error(message)
        return False


def _has_audio_data(path: str) -> bool:
    import wave

    try:
        with wave.open(path, "rb") as w:
            return w.getnframes() > 0
    except (wave.Error, OSError, EOFError):
        return False


class LevelMeter(QWidget):
    """A horizontal bar for an input level 0..1 (connect QtRecorder.level_changed)."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._level = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("Microphone level"))

    def level(self) -> float:
        return self._level

    def set_level(self, level: float) -> None:
        level = max(0.0, min(1.0, float(level)))
        if abs(level - self._level) > 0.005:
            self._level = level
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(120, 10)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(self.palette().mid().color())
        p.setBrush(self.palette().base())
        p.drawRect(r)
        color = QColor("#d9534f") if self._level > 0.9 else QColor("#5cb85c")
        p.fillRect(QRectF(r.x(), r.y(), r.width() * self._level, r.height()), color)


class PromptRecorder(QObject):
    """Record one prompt: start(script, prompt_id) records into a temporary WAV; stop() ends it
    and the recording becomes the prompt's audio (designer.audio.record_done). Emits
    `recorded(prompt_id)` (the prompt's new state is then `result`) or `error(message)` (for
    example a silent recording).

    The take belongs to the prompt as it was when recording started: it is saved with a copy
    of the script taken then, so an edit of the text meanwhile shows it stale, and a node
    deleted or another file opened before the recording ends does not lose it (it goes to the
    folder of the script it was recorded for)."""

    recorded = Signal(str)
    error = Signal(str)

    def __init__(self, recorder: Optional[QtRecorder] = None,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.recorder = recorder or QtRecorder(self)
        self.recorder.finished.connect(self._finished)
        self.recorder.error.connect(self._failed)
        self.result: Optional[PromptAudio] = None
        self._script: Optional[Script] = None
        self._prompt_id = ""
        self._tmpdir: Optional[tempfile.TemporaryDirectory] = None

    @property
    def prompt_id(self) -> str:
        return self._prompt_id

    @property
    def script_path(self) -> str:
        """The file of the script the take is for ("" before start)."""
        return (self._script.path or "") if self._script is not None else ""

    def start(self, script: Script, prompt_id: str) -> bool:
        self._script, self._prompt_id, self.result = script.copy(), prompt_id, None
        self._cleanup()
        self._tmpdir = tempfile.TemporaryDirectory(prefix="callscript-rec-")
        return self.recorder.start(os.path.join(self._tmpdir.name, "take.wav"))

    def stop(self) -> None:
        self.recorder.stop()

    def _finished(self, path: str) -> None:
        try:
            if self._script is not None:
                self.result = record_done(self._script, self._prompt_id, path)
                self.recorded.emit(self._prompt_id)
        except AudioError as exc:
            self.error.emit(str(exc))
        finally:
            self._cleanup()

    def _failed(self, message: str) -> None:
        self._cleanup()
        self.error.emit(message)

    def _cleanup(self) -> None:
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None


class QtSynthesisTask(QObject):
    """'Synthesize all missing' in the background. Signals arrive in the window's thread:
    progress(done, total, prompt_id), finished(SynthesisReport), failed(message)."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, script: Script, ids=None, force: bool = False,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._job = SynthesisJob(script, ids, force, on_progress=self._on_progress,
                                 on_done=self._on_done)

    def start(self) -> None:
        background.track_job(self._job)  # cancelled and waited for at exit
        self._job.start()

    def cancel(self) -> None:
        self._job.cancel()

    def is_running(self) -> bool:
        return self._job.running

    def _on_progress(self, done: int, total: int, prompt_id) -> None:
        self.progress.emit(done, total, prompt_id or "")  # queued to the receiver's thread

    def _on_done(self, report, error) -> None:
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(report)


__all__ = ["LevelMeter", "PromptRecorder", "QtPlayer", "QtRecorder", "QtSynthesisTask"]
