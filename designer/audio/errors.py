"""Errors of the audio layer. Each carries one clear line for the user that names the file or the
device concerned; the command line and the window show it as it is, never a traceback."""
from __future__ import annotations


class AudioError(Exception):
    """An audio operation failed for a reason the user can act on (bad file, no engine...)."""


class TtsError(AudioError):
    """Speech synthesis is not possible: engine missing, unknown voice, engine failure."""


class DeviceError(AudioError):
    """No microphone or speaker, or the device refused to open."""
