"""Audio processing with pydub: read any supported file, trim silence, normalize loudness and
convert to the telephone format every dialer plays (8000 Hz, mono, 16-bit PCM WAV).

Public functions:
  load_audio(path) -> AudioSegment           read WAV (MP3/OGG/M4A/FLAC through ffmpeg)
  audio_info(path) -> AudioInfo              format, duration and levels of a file
  process(src, dst, trim=True, normalize=True) -> AudioInfo
                                             the full chain; dst is always telephone format
  to_phone_format(src, dst) -> AudioInfo     conversion only (no trim, no gain change)
  is_phone_format(path) -> bool              cheap header check

Every failure is an AudioError naming the file, never a library traceback.
"""
from __future__ import annotations

import math
import os
import shutil
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from designer.audio.errors import AudioError

PHONE_RATE = 8000
PHONE_CHANNELS = 1
PHONE_SAMPLE_WIDTH = 2  # bytes: 16-bit PCM

# Loudness target: every prompt of a call at the same level, with room below full scale so the
# codec of the phone network does not clip.
TARGET_RMS_DBFS = -18.0
PEAK_CEILING_DBFS = -1.0
# Silence: quieter than the clip's peak by this much (and never above -30 dBFS).
SILENCE_BELOW_PEAK_DB = 40.0
KEEP_SILENCE_MS = 100  # left at each end so the first syllable is not clipped on the line

PathLike = Union[str, os.PathLike]
NEEDS_FFMPEG = {".mp3", ".ogg", ".oga", ".m4a", ".aac", ".flac", ".opus", ".webm", ".wma"}


@dataclass(frozen=True)
class AudioInfo:
    """What a user may want to know about an audio file."""

    duration_ms: int
    frame_rate: int
    channels: int
    sample_width: int  # bytes per sample
    rms_dbfs: float  # -inf for digital silence
    peak_dbfs: float

    @property
    def is_phone_format(self) -> bool:
        return (self.frame_rate, self.channels, self.sample_width) == (
            PHONE_RATE, PHONE_CHANNELS, PHONE_SAMPLE_WIDTH)

    @property
    def is_silent(self) -> bool:
        return self.peak_dbfs == -math.inf or self.peak_dbfs < -60.0


def ffmpeg_available() -> bool:
    return shutil.which("ffmpeg") is not None or shutil.which("avconv") is not None


def load_audio(path: PathLike):
    """Read an audio file into a pydub AudioSegment; AudioError with the file name otherwise."""
    from pydub import AudioSegment

    p = Path(path)
    if not p.is_file():
        raise AudioError(f"{p}: no such audio file")
    suffix = p.suffix.lower()
    if suffix in NEEDS_FFMPEG and not ffmpeg_available():
        raise AudioError(f"{p}: reading {suffix[1:].upper()} files needs ffmpeg, which is not "
                         "installed (tools/bootstrap.sh installs it); import a WAV file instead")
    try:
        if suffix == ".wav":
            segment = AudioSegment.from_wav(str(p))
        else:
            segment = AudioSegment.from_file(str(p), format=suffix[1:] or None)
    except Exception as exc:  # pydub raises many kinds (wave.Error, CouldntDecodeError, ...)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if len(reason) > 160:
            reason = reason[:160] + "..."
        raise AudioError(f"{p}: not a readable audio file ({reason})") from None
    if len(segment) == 0:
        raise AudioError(f"{p}: the file contains no sound (0 ms)")
    return segment


def segment_info(segment) -> AudioInfo:
    return AudioInfo(
        duration_ms=len(segment),
        frame_rate=segment.frame_rate,
        channels=segment.channels,
        sample_width=segment.sample_width,
        rms_dbfs=segment.dBFS,
        peak_dbfs=segment.max_dBFS,
    )


def audio_info(path: PathLike) -> AudioInfo:
    return segment_info(load_audio(path))


def wav_duration_ms(path: PathLike) -> int | None:
    """Duration from a WAV header without decoding; None when it is not a plain PCM WAV."""
    try:
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            return int(round(w.getnframes() * 1000 / rate)) if rate else None
    except (wave.Error, OSError, EOFError):
        return None


def is_phone_format(path: PathLike) -> bool:
    try:
        with wave.open(str(path), "rb") as w:
            return (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (
                PHONE_RATE, PHONE_CHANNELS, PHONE_SAMPLE_WIDTH) and w.getcomptype() == "NONE"
    except (wave.Error, OSError, EOFError):
        return False


def trim_silence(segment, keep_ms: int = KEEP_SILENCE_MS):
    """Cut leading and trailing silence, keeping keep_ms at each end. A silent clip is returned
    unchanged (there is nothing to find the speech by)."""
    from pydub.silence import detect_leading_silence

    peak = segment.max_dBFS
    if peak == -math.inf:
        return segment
    threshold = min(peak - SILENCE_BELOW_PEAK_DB, -30.0)
    start = detect_leading_silence(segment, silence_threshold=threshold, chunk_size=10)
    end = len(segment) - detect_leading_silence(segment.reverse(), silence_threshold=threshold,
                                                chunk_size=10)
    if end <= start:
        return segment
    return segment[max(0, start - keep_ms):min(len(segment), end + keep_ms)]


def normalize_loudness(segment, target_dbfs: float = TARGET_RMS_DBFS,
                       ceiling_dbfs: float = PEAK_CEILING_DBFS):
    """Bring the clip's RMS level to target_dbfs, but never push its peak above ceiling_dbfs."""
    rms, peak = segment.dBFS, segment.max_dBFS
    if rms == -math.inf or peak == -math.inf:
        return segment
    gain = min(target_dbfs - rms, ceiling_dbfs - peak)
    return segment.apply_gain(gain) if abs(gain) > 0.05 else segment


def convert_segment(segment):
    return (segment.set_channels(PHONE_CHANNELS)
            .set_sample_width(PHONE_SAMPLE_WIDTH)
            .set_frame_rate(PHONE_RATE))


def write_wav(segment, dst: PathLike) -> None:
    """Write a WAV atomically (temporary file beside it, then rename)."""
    dst = Path(dst)
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dst.stem}.", suffix=".wav.tmp", dir=dst.parent)
        os.close(fd)
    except OSError as exc:
        raise AudioError(f"{dst}: cannot write ({exc.strerror or exc})") from None
    try:
        segment.export(tmp, format="wav")
        os.replace(tmp, dst)
    except OSError as exc:
        raise AudioError(f"{dst}: cannot write ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def process_segment(segment, trim: bool = True, normalize: bool = True):
    segment = convert_segment(segment)
    if trim:
        segment = trim_silence(segment)
    if normalize:
        segment = normalize_loudness(segment)
    return segment


def process(src: PathLike, dst: PathLike, trim: bool = True, normalize: bool = True) -> AudioInfo:
    """Read src, optionally trim silence and normalize loudness, write dst in telephone format
    (8000 Hz mono 16-bit PCM WAV). src and dst may be the same file. Returns dst's info."""
    segment = process_segment(load_audio(src), trim=trim, normalize=normalize)
    write_wav(segment, dst)
    return segment_info(segment)


def to_phone_format(src: PathLike, dst: PathLike) -> AudioInfo:
    """Convert src to telephone format without trimming or changing its level."""
    return process(src, dst, trim=False, normalize=False)
