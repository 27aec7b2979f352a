"""Synthesize a script's prompts: what `callscript audio FILE --missing` and the window's
"synthesize all missing" run.

    synthesize_prompts(script, ids=None, force=False, progress=None, cancel=None)
        -> SynthesisReport

Without force it makes audio for missing prompts and for synthesized prompts gone stale, and
brings every other existing file to telephone format (a file put into audio/ by hand is adopted
as imported). A stale recording or import is kept and reported (record it again, or pass
force=True to replace it with synthesized speech). force=True also re-synthesizes current
synthesized prompts, bypassing the cache. Recordings that match their text are never replaced.

Prompts with {variables} are synthesized with the variables' example values and flagged
`needs_runtime_tts`. Finished audio is cached by (engine, voice, rate, spoken text), so an
unchanged prompt is never synthesized twice, in this script or any other.

progress(done, total, prompt_id) is called after each prompt worked on; cancel is a
threading.Event checked between prompts (the index stays consistent at every step). Safe to run
in a background thread.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from designer.audio import processing
from designer.audio.cache import SynthesisCache, synthesis_key
from designer.audio.errors import AudioError, TtsError
from designer.audio.index import AudioRecord, edit_index, text_sha256
from designer.audio.library import (
    PromptAudio, VoiceSettings, audio_dir, find_prompt, prompt_states, relative_file,
    spoken_text, voice_settings, writable_target,
)
from designer.model import Prompt, Script

ProgressCallback = Callable[[int, int, Optional[str]], None]


@dataclass
class SynthesisReport:
    total: int = 0  # prompts looked at
    synthesized: list[str] = field(default_factory=list)  # the engine ran
    from_cache: list[str] = field(default_factory=list)  # same audio made before: copied
    converted: list[str] = field(default_factory=list)  # existing files put in phone format
    kept_stale: list[tuple[str, str]] = field(default_factory=list)  # (id, why kept)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id, message)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled

    def to_json(self) -> dict:
        return {"total": self.total, "synthesized": self.synthesized,
                "from_cache": self.from_cache, "converted": self.converted,
                "kept_stale": [{"id": i, "reason": r} for i, r in self.kept_stale],
                "failed": [{"id": i, "message": m} for i, m in self.failed],
                "cancelled": self.cancelled}


def _plan(states: Iterable[PromptAudio], force: bool) -> tuple[list, list]:
    """(work, kept): work items are (action, state) with action synthesize | adopt | convert."""
    work, kept = [], []
    for st in states:
        if st.state == "missing" or (st.state == "synthesized" and force):
            work.append(("synthesize", st))
        elif st.state == "stale":
            if st.source == "synthesized" or force:
                work.append(("synthesize", st))
            else:
                kept.append((st.id, f"the {st.source} audio is stale ({st.stale_reason}): "
                             "record or import it again, or use --force to replace it with "
                             "synthesized speech"))
        elif not st.tracked:
            work.append(("adopt", st))
        elif st.file is not None and not processing.is_phone_format(st.file):
            work.append(("convert", st))
    return work, kept


def synthesize_prompts(script: Script, ids: Optional[Iterable[str]] = None, force: bool = False,
                       progress: Optional[ProgressCallback] = None,
                       cancel: Optional[threading.Event] = None) -> SynthesisReport:
    """Make every selected prompt's audio present, current and in telephone format (see the
    module docstring). Raises TtsError before doing anything when the engine is unusable."""
    states = prompt_states(script)
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        for pid in wanted:
            find_prompt(script, pid)  # AudioError for an unknown id
        states = [s for s in states if s.id in wanted]
    report = SynthesisReport(total=len(states))
    work, report.kept_stale = _plan(states, force)
    voice = voice_settings(script)
    if any(action == "synthesize" for action, _ in work):
        _check_engine(voice)
    prompts = {p.id: find_prompt(script, p.id) for _, p in work}
    for done, (action, st) in enumerate(work, start=1):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        try:
            if action == "synthesize":
                cached = _synthesize_one(script, prompts[st.id], voice, force)
                (report.from_cache if cached else report.synthesized).append(st.id)
            else:
                _adopt_or_convert(script, prompts[st.id], st, adopt=action == "adopt")
                report.converted.append(st.id)
        except AudioError as exc:
            report.failed.append((st.id, str(exc)))
        if progress is not None:
            progress(done, len(work), st.id)
    return report


def _check_engine(voice: VoiceSettings) -> None:
    from designer.audio.tts import get_backend

    reason = get_backend(voice.engine).unavailable_reason()
    if reason:
        raise TtsError(reason)


def _synthesize_one(script: Script, prompt: Prompt, voice: VoiceSettings, force: bool) -> bool:
    """Make one prompt's audio; True when it came from the cache."""
    from designer.audio.tts import get_backend

    target = writable_target(script, prompt)
    spoken = spoken_text(script, prompt)
    cache = SynthesisCache()
    key = synthesis_key(voice.engine, voice.voice, voice.rate, spoken)
    cached = None if force else cache.get(key)
    if cached is not None:
        _copy_into(cached, target)
        duration = processing.wav_duration_ms(target) or 0
    else:
        with tempfile.TemporaryDirectory(prefix="callscript-tts-") as tmp:
            raw = Path(tmp) / "raw.wav"
            try:
                get_backend(voice.engine).synthesize(spoken, voice.voice, voice.rate, str(raw))
            except TtsError as exc:
                raise TtsError(f"{prompt.id}: {exc}") from None
            segment = processing.process_segment(processing.load_audio(raw))
            info = processing.segment_info(segment)
            if info.is_silent:
                raise TtsError(f"{prompt.id}: the engine produced only silence for this text "
                               f"with voice {voice.voice!r}")
            processing.write_wav(segment, target)
            duration = info.duration_ms
        cache.put(key, target)
    record = AudioRecord(file=relative_file(script, target), source="synthesized",
                         text_sha256=text_sha256(prompt.text), duration_ms=duration,
                         needs_runtime_tts=bool(prompt.variables), engine=voice.engine,
                         voice=voice.voice, rate=voice.rate, spoken_sha256=text_sha256(spoken))
    with edit_index(audio_dir(script)) as index:
        index.prompts[prompt.id] = record
    return cached is not None


def _adopt_or_convert(script: Script, prompt: Prompt, st: PromptAudio, adopt: bool) -> None:
    """Bring an existing file to telephone format; a file nobody recorded in the index is taken
    as imported for the current text."""
    target = writable_target(script, prompt)
    if processing.is_phone_format(target):
        duration = processing.wav_duration_ms(target) or 0
    else:
        duration = processing.to_phone_format(target, target).duration_ms
    with edit_index(audio_dir(script)) as index:
        old = index.prompts.get(prompt.id)
        if adopt or old is None:
            index.prompts[prompt.id] = AudioRecord(
                file=relative_file(script, target), source="imported",
                text_sha256=text_sha256(prompt.text), duration_ms=duration,
                needs_runtime_tts=bool(prompt.variables))
        else:
            index.prompts[prompt.id] = AudioRecord(**{**old.__dict__, "duration_ms": duration})


def _copy_into(src: Path, dst: Path) -> None:
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dst.stem}.", suffix=".wav.tmp", dir=dst.parent)
        os.close(fd)
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise AudioError(f"{dst}: cannot write ({exc.strerror or exc})") from None
