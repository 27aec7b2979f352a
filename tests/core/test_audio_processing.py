"""Audio processing: what a script writer hears on the phone is trimmed, level and in the
telephone format; bad files give one clear line naming the file."""
import math
import wave

import pytest

from designer.audio import AudioError, audio_info, peak_level, process, to_phone_format
from designer.audio.processing import is_phone_format
from tests.audio_support import write_tone


def _wav_params(path):
    with wave.open(str(path), "rb") as w:
        return w.getframerate(), w.getnchannels(), w.getsampwidth()


def test_process_trims_silence_normalizes_and_converts_to_phone_format(tmp_path):
    src = write_tone(tmp_path / "take.wav", seconds=1.0, lead_silence=0.7, amplitude=0.05)
    info = process(src, tmp_path / "out.wav")
    assert _wav_params(tmp_path / "out.wav") == (8000, 1, 2)
    assert info.is_phone_format
    # 0.7 s of silence on each side is cut down to the 0.1 s kept at each end
    assert 1150 <= info.duration_ms <= 1250
    # a quiet take (-26 dBFS peak) is brought up to the common level, peak below full scale
    assert -19.5 <= info.rms_dbfs <= -16.5
    assert info.peak_dbfs <= -0.9


def test_loud_recording_is_brought_down_without_clipping(tmp_path):
    src = write_tone(tmp_path / "loud.wav", amplitude=1.0, lead_silence=0.1)
    info = process(src, tmp_path / "out.wav")
    assert info.peak_dbfs <= -0.9 and info.rms_dbfs <= -3.9


def test_to_phone_format_keeps_length_and_level(tmp_path):
    src = write_tone(tmp_path / "t.wav", seconds=0.5, lead_silence=0.25, amplitude=0.5)
    before = audio_info(src)
    info = to_phone_format(src, tmp_path / "t8k.wav")
    assert is_phone_format(tmp_path / "t8k.wav") and not is_phone_format(src)
    assert abs(info.duration_ms - before.duration_ms) <= 2
    assert abs(info.peak_dbfs - before.peak_dbfs) < 1.0


def test_process_may_write_over_its_source(tmp_path):
    src = write_tone(tmp_path / "same.wav", lead_silence=0.5)
    process(src, src)
    assert is_phone_format(src) and audio_info(src).duration_ms < 1500


def test_silent_clip_is_kept_not_emptied(tmp_path):
    src = write_tone(tmp_path / "quiet.wav", amplitude=0.0, lead_silence=0.2)
    info = process(src, tmp_path / "out.wav")
    assert info.is_silent and info.duration_ms >= 1300


def test_mp3_and_ogg_are_read_through_ffmpeg(tmp_path):
    from pydub import AudioSegment

    src = write_tone(tmp_path / "t.wav", seconds=0.8, lead_silence=0.2)
    for fmt in ("mp3", "ogg"):
        AudioSegment.from_wav(str(src)).export(str(tmp_path / f"t.{fmt}"), format=fmt)
        info = process(tmp_path / f"t.{fmt}", tmp_path / f"from_{fmt}.wav")
        assert info.is_phone_format and 850 <= info.duration_ms <= 1150


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(AudioError, match="nope.wav: no such audio file"):
        process(tmp_path / "nope.wav", tmp_path / "out.wav")


def test_corrupt_wav_names_the_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt garbage that is not audio")
    with pytest.raises(AudioError, match="broken.wav: not a readable audio file"):
        process(bad, tmp_path / "out.wav")
    assert not (tmp_path / "out.wav").exists()


def test_text_file_posing_as_mp3_names_the_file(tmp_path):
    bad = tmp_path / "notes.mp3"
    bad.write_text("not sound", encoding="utf-8")
    with pytest.raises(AudioError, match="notes.mp3"):
        audio_info(bad)


def test_peak_level_of_raw_buffers():
    import array

    half = array.array("h", [0, 16384, -16384, 100]).tobytes()
    assert peak_level(half, "int16") == pytest.approx(0.5)
    floats = array.array("f", [0.0, -0.25, 0.1]).tobytes()
    assert peak_level(floats, "float") == pytest.approx(0.25)
    assert peak_level(b"", "int16") == 0.0
    assert peak_level(bytes([128, 128, 255]), "uint8") == pytest.approx(127 / 128)
    assert math.isclose(peak_level(array.array("h", [-32768]).tobytes(), "int16"), 1.0)
