"""Playback and recording interfaces. The core defines them; the Qt implementation
(designer.ui.audio_qt: QtPlayer, QtRecorder) lives beside the window, so the command line and
the core tests never need Qt.

A Player plays one file at a time; a Recorder records the microphone into a WAV file and reports
its input level (0..1) for a meter. Both report trouble through `on_error(message)` with one
clear line (for example "No microphone found ...") and never raise out of an event loop.
"""
from __future__ import annotations

import array
import sys
from typing import Callable, Optional, Protocol

NO_MICROPHONE = ("No microphone found. Connect a microphone (or enable one in the system's "
                 "sound settings) and try again; you can also import a recording from a file.")
NO_SPEAKER = ("No audio output found: the prompt cannot be played on this computer. "
              "Connect speakers or headphones and try again.")


class Player(Protocol):
    on_finished: Optional[Callable[[], None]]
    on_error: Optional[Callable[[str], None]]

    def play(self, path: str) -> bool:
        """Start playing path; False (after on_error) when it cannot play."""

    def stop(self) -> None: ...

    def is_playing(self) -> bool: ...


class Recorder(Protocol):
    on_level: Optional[Callable[[float], None]]  # 0..1, a few times a second
    on_finished: Optional[Callable[[str], None]]  # the WAV written
    on_error: Optional[Callable[[str], None]]

    def unavailable_reason(self) -> Optional[str]:
        """None when a microphone is there; otherwise the message to show."""

    def start(self, path: str) -> bool:
        """Start recording into path (WAV); False (after on_error) when it cannot."""

    def stop(self) -> None:
        """Stop; on_finished(path) follows once the file is complete."""

    def is_recording(self) -> bool: ...


def peak_level(data: bytes, sample_format: str) -> float:
    """Peak of a buffer of raw samples as 0..1. sample_format: int16 | int32 | uint8 | float."""
    codes = {"int16": ("h", 32768.0), "int32": ("i", 2147483648.0), "float": ("f", 1.0),
             "uint8": ("B", 128.0)}
    if sample_format not in codes:
        return 0.0
    code, full = codes[sample_format]
    samples = array.array(code)
    usable = len(data) - len(data) % samples.itemsize
    if usable <= 0:
        return 0.0
    samples.frombytes(data[:usable])
    if sys.byteorder != "little":
        samples.byteswap()
    if code == "B":
        peak = max(abs(s - 128) for s in samples)
    else:
        peak = max(max(samples), -min(samples))
    return max(0.0, min(1.0, peak / full))
