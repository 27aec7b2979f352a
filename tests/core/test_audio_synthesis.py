"""Synthesis and prompt states: every prompt gets phone-format audio, nothing is synthesized
twice, an edit makes exactly the edited prompt stale, and recordings are never lost silently."""
import dataclasses
import json
import threading
import wave

import pytest

from designer.audio import (
    AudioError, TtsError, audio_info, audio_problems, clear_audio, import_audio, prompt_audio,
    prompt_states, record_done, synthesize_prompts,
)
from designer.audio.tts import Pyttsx3Backend
from designer.model import Voice
from tests.audio_support import make_script, write_tone


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def engine_calls(monkeypatch):
    """Every text espeak-ng is asked to say, in order."""
    calls = []
    original = Pyttsx3Backend.synthesize

    def counting(self, text, voice, rate, out_path):
        calls.append(text)
        return original(self, text, voice, rate, out_path)

    monkeypatch.setattr(Pyttsx3Backend, "synthesize", counting)
    return calls


def _states(script):
    return {s.id: s for s in prompt_states(script)}


def test_every_prompt_gets_phone_format_audio(tmp_path, engine_calls):
    script = make_script(tmp_path / "s")
    ids = [s.id for s in prompt_states(script)]
    assert ids == ["opening", "opening.no_match", "goodbye", "faq.ask_price"]
    assert all(s.state == "missing" for s in prompt_states(script))
    report = synthesize_prompts(script)
    assert report.synthesized == ids and not report.failed
    for st in prompt_states(script):
        assert st.state == "synthesized"
        assert st.file == tmp_path / "s" / "audio" / f"{st.id}.wav"
        with wave.open(str(st.file), "rb") as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        assert st.duration_ms == audio_info(st.file).duration_ms


def test_synthesized_chinese_is_audible_and_lasts_as_long_as_its_text(tmp_path):
    script = make_script(tmp_path / "s")
    synthesize_prompts(script)
    for st in prompt_states(script):
        info = audio_info(st.file)
        assert info.rms_dbfs > -30 and not info.is_silent, st.id
        # Mandarin at rate 170: roughly 2.5 to 7 characters a second
        chars = len(st.text.replace("{customer_name}", "王先生"))
        assert chars / 7 <= info.duration_ms / 1000 <= chars / 2.5 + 1, (st.id, info)
    # Mandarin phonemes, not English letter names: the pinyin voice is shorter than `cmn`
    # reading its tone digits aloud (measured 6.0 s against 7.4 s for one sentence).


def test_second_run_synthesizes_nothing(tmp_path, engine_calls):
    script = make_script(tmp_path / "s")
    synthesize_prompts(script)
    first = len(engine_calls)
    mtimes = {s.id: s.file.stat().st_mtime_ns for s in prompt_states(script)}
    report = synthesize_prompts(script)
    assert len(engine_calls) == first == 4
    assert report.synthesized == [] and report.from_cache == []
    assert {s.id: s.file.stat().st_mtime_ns for s in prompt_states(script)} == mtimes


def test_same_text_in_another_script_comes_from_the_cache(tmp_path, engine_calls):
    synthesize_prompts(make_script(tmp_path / "a"))
    report = synthesize_prompts(make_script(tmp_path / "b"))
    assert len(engine_calls) == 4 and len(report.from_cache) == 4
    assert all(s.state == "synthesized" for s in prompt_states(make_script(tmp_path / "b")))


def test_editing_one_prompt_makes_exactly_it_stale_and_only_it_is_redone(tmp_path, engine_calls):
    script = make_script(tmp_path / "s")
    synthesize_prompts(script)
    script.set_node_field("goodbye", "say", "好的，祝您生活愉快，再见。")
    states = _states(script)
    assert [i for i, s in states.items() if s.state == "stale"] == ["goodbye"]
    assert states["goodbye"].stale_reason == "text changed"
    problems = audio_problems(script)
    assert [(p.code, p.node, p.severity) for p in problems] == [
        ("W-AUDIO-STALE", "goodbye", "warning")]
    engine_calls.clear()
    report = synthesize_prompts(script)
    assert report.synthesized == ["goodbye"] and engine_calls == ["好的，祝您生活愉快，再见。"]
    assert audio_problems(script) == []


def test_voice_or_rate_change_makes_synthesized_audio_stale(tmp_path):
    script = make_script(tmp_path / "s")
    synthesize_prompts(script)
    script.set_section("voice", Voice("pyttsx3", "cmn-latn-pinyin", 200))
    states = prompt_states(script)
    assert {s.state for s in states} == {"stale"}
    assert {s.stale_reason for s in states} == {"voice changed"}
    before = _states(script)["goodbye"].duration_ms
    synthesize_prompts(script)
    assert _states(script)["goodbye"].duration_ms < before  # faster speech, shorter audio


def test_variables_are_spoken_with_their_examples_and_flagged(tmp_path, engine_calls):
    script = make_script(tmp_path / "s")
    synthesize_prompts(script, ids=["opening"])
    assert engine_calls == ["您好王先生，我是安居地产的AI语音助手，想问您还有看房需要吗？"]
    states = _states(script)
    assert states["opening"].needs_runtime_tts and not states["goodbye"].needs_runtime_tts
    assert states["goodbye"].state == "missing"  # ids limited the work
    index = json.loads((tmp_path / "s" / "audio" / "index.json").read_text("utf-8"))
    assert index["prompts"]["opening"]["needs_runtime_tts"] is True
    script.set_section("variables", {"customer_name": dataclasses.replace(
        script.variables["customer_name"], example="李女士")})
    assert _states(script)["opening"].stale_reason == "a variable's example changed"


def test_index_is_sorted_utf8_json_beside_the_audio(tmp_path):
    script = make_script(tmp_path / "s")
    synthesize_prompts(script)
    text = (tmp_path / "s" / "audio" / "index.json").read_text("utf-8")
    data = json.loads(text)
    assert list(data["prompts"]) == sorted(data["prompts"])
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    rec = data["prompts"]["goodbye"]
    assert rec["source"] == "synthesized" and rec["voice"] == "cmn-latn-pinyin"
    assert rec["rate"] == 170 and rec["file"] == "audio/goodbye.wav" and rec["duration_ms"] > 0
    assert len(rec["text_sha256"]) == 64


def test_progress_and_cancellation(tmp_path):
    script = make_script(tmp_path / "s")
    cancel = threading.Event()
    seen = []

    def progress(done, total, pid):
        seen.append((done, total, pid))
        if done == 2:
            cancel.set()

    report = synthesize_prompts(script, progress=progress, cancel=cancel)
    assert seen == [(1, 4, "opening"), (2, 4, "opening.no_match")]
    assert report.cancelled and not report.ok
    assert [s.state for s in prompt_states(script)] == [
        "synthesized", "synthesized", "missing", "missing"]


def test_pyttsx3_keeps_our_stdout_clean(tmp_path, capfd):
    synthesize_prompts(make_script(tmp_path / "s"))
    out, _ = capfd.readouterr()
    assert "Audio saved" not in out and out == ""


def test_unknown_voice_is_reported_per_prompt_not_as_a_crash(tmp_path):
    script = make_script(tmp_path / "s", voice=Voice("pyttsx3", "no-such-voice", 170))
    report = synthesize_prompts(script)
    assert len(report.failed) == 4 and not report.synthesized
    assert "espeak-ng has no voice 'no-such-voice'" in report.failed[0][1]
    assert all(s.state == "missing" for s in prompt_states(script))


def test_unknown_engine_and_unsaved_script_give_clear_errors(tmp_path):
    script = make_script(tmp_path / "s", voice=Voice("festival", "", 170))
    with pytest.raises(TtsError, match="unknown speech engine 'festival'"):
        synthesize_prompts(script)
    script.path = None
    with pytest.raises(AudioError, match="has not been saved"):
        prompt_states(script)
    assert audio_problems(script) == []


def test_import_record_and_clear(tmp_path):
    script = make_script(tmp_path / "s")
    take = write_tone(tmp_path / "take.wav", seconds=1.2, lead_silence=0.6)
    st = import_audio(script, "goodbye", take)
    assert (st.state, st.source) == ("imported", "imported")
    assert 1300 <= st.duration_ms <= 1500 and audio_info(st.file).is_phone_format
    st = record_done(script, "faq.ask_price", take)
    assert st.state == "recorded"
    clear_audio(script, "goodbye")
    assert prompt_audio(script, "goodbye").state == "missing" and not st.target.with_name(
        "goodbye.wav").exists()
    silent = write_tone(tmp_path / "silent.wav", amplitude=0.0)
    with pytest.raises(AudioError, match="silent.wav: the recording is silent"):
        record_done(script, "opening", silent)
    with pytest.raises(AudioError, match="no prompt 'nope'"):
        import_audio(script, "nope", take)


def test_stale_recording_is_kept_unless_forced(tmp_path, engine_calls):
    script = make_script(tmp_path / "s")
    record_done(script, "goodbye", write_tone(tmp_path / "take.wav"))
    synthesize_prompts(script)
    assert "好的，不打扰您了，再见。" not in engine_calls  # a current recording is left alone
    script.set_node_field("goodbye", "say", "再见。")
    report = synthesize_prompts(script)
    assert [i for i, _ in report.kept_stale] == ["goodbye"]
    assert "record or import it again" in report.kept_stale[0][1]
    assert prompt_audio(script, "goodbye").state == "stale"
    report = synthesize_prompts(script, force=True)
    assert "goodbye" in report.synthesized
    assert prompt_audio(script, "goodbye").state == "synthesized"


def test_file_put_in_by_hand_is_adopted_and_converted(tmp_path):
    script = make_script(tmp_path / "s")
    write_tone(tmp_path / "s" / "audio" / "goodbye.wav", rate=44100, channels=2)
    st = prompt_audio(script, "goodbye")
    assert st.state == "imported" and not st.tracked
    report = synthesize_prompts(script, ids=["goodbye"])
    assert report.converted == ["goodbye"] and report.synthesized == []
    st = prompt_audio(script, "goodbye")
    assert st.tracked and audio_info(st.file).is_phone_format


def test_explicit_audio_path_of_the_script_is_used(tmp_path):
    script = make_script(tmp_path / "s")
    script.set_node_field("goodbye", "audio", "voice/bye.wav")
    synthesize_prompts(script, ids=["goodbye"])
    assert (tmp_path / "s" / "voice" / "bye.wav").is_file()
    assert prompt_audio(script, "goodbye").state == "synthesized"
    script.set_node_field("goodbye", "audio", "voice/bye.mp3")
    report = synthesize_prompts(script, ids=["goodbye"])
    assert "change the script's audio path to a .wav file" in report.failed[0][1]


def test_damaged_index_is_reported_not_replaced(tmp_path):
    script = make_script(tmp_path / "s")
    index = tmp_path / "s" / "audio" / "index.json"
    index.parent.mkdir(parents=True)
    index.write_text("{not json", encoding="utf-8")
    with pytest.raises(AudioError, match="index.json: damaged audio index"):
        synthesize_prompts(script)
    assert [p.code for p in audio_problems(script)] == ["W-AUDIO-INDEX"]
    assert index.read_text(encoding="utf-8") == "{not json"
