"""A stand-in for the microphone recorder (designer.ui.audio_qt.QtRecorder) in the audio
tests: it "hears" a 440 Hz tone and finishes its file a moment after stop, as a real one does."""
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from tests.audio_support import write_tone


class FakeRecorder(QObject):
    """The QtRecorder interface, with a microphone that hears a 440 Hz tone."""

    level_changed = Signal(float)
    duration_changed = Signal(int)
    recording_changed = Signal(bool)
    finished = Signal(str)
    error = Signal(str)
    made: list = []  # every recorder made, newest last

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path = ""
        self.on = False
        self.stops = 0
        FakeRecorder.made.append(self)

    def unavailable_reason(self):
        return None

    def start(self, path):
        self.path, self.on = path, True
        self.recording_changed.emit(True)
        self.level_changed.emit(0.4)
        self.duration_changed.emit(1300)
        return True

    def stop(self):
        self.stops += 1
        if self.on:
            self.on = False
            self.level_changed.emit(0.0)
            QTimer.singleShot(30, self._finish)  # the file is complete a moment later

    def _finish(self):
        write_tone(Path(self.path), seconds=0.8, lead_silence=0.2)
        self.recording_changed.emit(False)
        self.finished.emit(self.path)

    def is_recording(self):
        return self.on
