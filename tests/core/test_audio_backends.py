"""Speech engines behind the backend interface: piper for English, and a new engine plugged in
without touching the pipeline."""
import wave

import pytest

from designer.audio import (
    TtsError, audio_info, get_backend, prompt_states, register_backend, synthesize_prompts,
)
from designer.model import Limits, Node, Voice
from tests.audio_support import make_script


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))


def english_script(folder, voice):
    script = make_script(folder, language="en-US", voice=voice, variables={}, faq=[])
    script.nodes = {
        "opening": Node(say="Hello, this is the automated assistant of Acme Realty. "
                            "Is now a good time to talk?", end="hangup"),
    }
    script.limits = Limits(on_limit="opening")
    return script


def test_piper_speaks_english_into_phone_format(tmp_path):
    script = english_script(tmp_path / "s", Voice("piper", "", 170))
    report = synthesize_prompts(script)
    assert report.synthesized == ["opening"], report.failed
    st = prompt_states(script)[0]
    info = audio_info(st.file)
    assert info.is_phone_format and info.rms_dbfs > -30
    assert 3000 <= info.duration_ms <= 8000  # 16 words
    # a faster rate is a new, shorter take; the old one went stale first
    script.set_section("voice", Voice("piper", "en_US-joe-medium", 250))
    assert prompt_states(script)[0].stale_reason == "voice changed"
    synthesize_prompts(script)
    assert audio_info(st.file).duration_ms < info.duration_ms * 0.85


def test_piper_unknown_voice_is_a_clear_failure(tmp_path):
    script = english_script(tmp_path / "s", Voice("piper", "en_GB-nobody", 170))
    report = synthesize_prompts(script)
    assert "unknown piper voice 'en_GB-nobody'" in report.failed[0][1]


def test_a_new_engine_plugs_into_the_same_pipeline(tmp_path):
    said = []

    class BeepBackend:
        engine = "beep"

        def unavailable_reason(self):
            return None

        def resolve_voice(self, voice, language):
            return voice or "beep-1"

        def synthesize(self, text, voice, rate, out_path):
            said.append((text, voice, rate))
            import array
            import math
            samples = array.array("h", (int(8000 * math.sin(i / 5)) for i in range(16000)))
            with wave.open(out_path, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(16000)
                w.writeframes(samples.tobytes())

    register_backend("beep", BeepBackend)
    script = english_script(tmp_path / "s", Voice("beep", "", 120))
    synthesize_prompts(script)
    assert said == [(script.nodes["opening"].say, "beep-1", 120)]
    assert prompt_states(script)[0].state == "synthesized"
    assert audio_info(prompt_states(script)[0].file).is_phone_format


def test_engine_that_cannot_run_stops_before_any_work(tmp_path):
    class Missing:
        engine = "missing"

        def unavailable_reason(self):
            return "the missing engine is not installed"

        def resolve_voice(self, voice, language):
            return voice

    register_backend("missing", Missing)
    script = english_script(tmp_path / "s", Voice("missing", "", 170))
    with pytest.raises(TtsError, match="the missing engine is not installed"):
        synthesize_prompts(script)
    assert get_backend("espeak") is get_backend("pyttsx3")  # aliases share one espeak-ng
