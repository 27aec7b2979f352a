"""A script's audio: where each prompt's file is, what state it is in, and the per-prompt edits
the window's audio controls call (import, record, clear).

Where files live: a prompt's file is its explicit `audio:` path in the script (relative to the
script file) when set, else the conventional `audio/<prompt id>.wav` beside the script. Nothing
here edits the script itself; what each file was made from is kept in `audio/index.json`
(see designer.audio.index).

States (`PromptAudio.state`):
  missing      no file
  stale        the prompt's text changed after its audio was made (or, for synthesized audio,
               the voice, rate or a variable's example changed)
  synthesized  made by a speech engine from the current text
  recorded     recorded from the microphone for the current text
  imported     imported from a file (or a file put there by hand: `tracked` is then False and
               its text cannot be checked until `callscript audio --missing` adopts it)

Public functions:
  prompt_states(script) -> list[PromptAudio]
  prompt_audio(script, prompt_id) -> PromptAudio
  import_audio(script, prompt_id, source_path, trim=True, normalize=True) -> PromptAudio
  record_done(script, prompt_id, wav_path, trim=True, normalize=True) -> PromptAudio
  clear_audio(script, prompt_id) -> None
  audio_dir(script) -> Path
  prompt_has_file(script, prompt, in_folder=None) -> bool    the one rule for "has a file"
  audio_files(script) -> frozenset[str] | None               the audio folder, listed once
Prompts with empty text say nothing and are not listed.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from designer.audio import processing
from designer.audio.errors import AudioError, TtsError
from designer.audio.index import AudioIndex, AudioRecord, edit_index, text_sha256
from designer.model import Prompt, Script, fill_variables, iter_prompts

STATES = ("missing", "stale", "synthesized", "recorded", "imported")


@dataclass(frozen=True)
class PromptAudio:
    id: str
    text: str
    state: str  # one of STATES
    file: Optional[Path]  # the audio file when it exists, else None
    target: Path  # where the prompt's audio lives (or will be written)
    duration_ms: Optional[int]
    source: Optional[str]  # synthesized | recorded | imported | None
    needs_runtime_tts: bool  # the text has {variables}: the dialer must synthesize at call time
    node: Optional[str]
    kind: str
    stale_reason: str = ""
    tracked: bool = True

    def to_json(self, base: Optional[Path] = None) -> dict:
        def rel(p: Optional[Path]) -> Optional[str]:
            if p is None:
                return None
            return Path(os.path.relpath(p, base)).as_posix() if base else str(p)

        return {"id": self.id, "text": self.text, "state": self.state, "file": rel(self.file),
                "target": rel(self.target), "duration_ms": self.duration_ms,
                "source": self.source, "needs_runtime_tts": self.needs_runtime_tts,
                "node": self.node, "kind": self.kind, "stale_reason": self.stale_reason or None,
                "tracked": self.tracked}


@dataclass(frozen=True)
class VoiceSettings:
    engine: str
    voice: str
    rate: int


def script_dir(script: Script) -> Path:
    if not script.path:
        raise AudioError("the script has not been saved yet: its audio lives beside the "
                         "script file, so save it first")
    return _folder_of(script.path)


@functools.lru_cache(maxsize=64)
def _folder_of(path: str) -> Path:
    """The resolved folder of a script file (resolving is a walk of the file system; lint and
    the Audio dock ask once per prompt)."""
    return Path(path).resolve().parent


def audio_dir(script: Script) -> Path:
    return script_dir(script) / "audio"


def prompt_target(script: Script, prompt: Prompt) -> Path:
    base = script_dir(script)
    if prompt.audio:
        return (base / prompt.audio).resolve()
    return base / "audio" / _conventional_name(prompt.id)


def _conventional_name(prompt_id: str) -> str:
    return f"{prompt_id}.wav"


def relative_file(script: Script, path: Path) -> str:
    return Path(os.path.relpath(path, script_dir(script))).as_posix()


def spoken_text(script: Script, prompt: Prompt) -> str:
    """The text as the engine says it: each {variable} replaced by its example value."""
    values = {}
    for name in prompt.variables:
        var = script.variables.get(name)
        values[name] = (var.example or var.label) if var else ""
        values[name] = values[name] or name.replace("_", " ")
    return fill_variables(prompt.text, values)


def voice_settings(script: Script) -> VoiceSettings:
    """The script's voice with the engine's defaults filled in (see designer.audio.tts)."""
    from designer.audio.tts import get_backend

    engine = (script.voice.engine or "pyttsx3").strip().lower()
    try:
        voice = get_backend(engine).resolve_voice(script.voice.voice, script.language)
    except TtsError:
        voice = script.voice.voice
    return VoiceSettings(engine, voice, int(script.voice.rate or 170))


def spoken_prompts(script: Script) -> list[Prompt]:
    return [p for p in iter_prompts(script) if p.text and p.text.strip()]


def find_prompt(script: Script, prompt_id: str) -> Prompt:
    for p in spoken_prompts(script):
        if p.id == prompt_id:
            return p
    raise AudioError(f"the script has no prompt {prompt_id!r}")


def _files_in(folder: Path) -> Optional[frozenset[str]]:
    """Names of the files in a folder, read once (a stat per prompt was most of the audio
    check on large scripts); None when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(e.name for e in entries if e.is_file())
    except OSError:
        return None


def audio_files(script: Script) -> Optional[frozenset[str]]:
    """The names of the files in the script's audio folder, listed once for prompt_has_file
    over many prompts (empty when there is no folder yet; None when it cannot be listed)."""
    folder = audio_dir(script)
    return _files_in(folder) if folder.is_dir() else frozenset()


def prompt_has_file(script: Script, prompt: Prompt,
                    in_folder: Optional[frozenset[str]] = None) -> bool:
    """Whether the prompt's audio file exists: the file of its explicit `audio:` path
    (relative to the script file), else `audio/<prompt id>.wav` beside the script. This is the
    rule of prompt_states (the Audio dock, lint, the export) and of the canvas cards.
    in_folder: the audio folder as audio_files listed it, for a caller asking about many
    prompts: a conventional file is then looked up there instead of one stat per prompt (an
    explicit path still costs a stat). The script must have been saved (see script_dir)."""
    if prompt.audio:
        return os.path.isfile(script_dir(script) / prompt.audio)
    if in_folder is not None:
        return _conventional_name(prompt.id) in in_folder
    return prompt_target(script, prompt).is_file()


def _state_of(script: Script, prompt: Prompt, record: Optional[AudioRecord],
              voice: VoiceSettings, in_folder: Optional[frozenset[str]] = None) -> PromptAudio:
    """in_folder: the files of the audio folder, when the caller listed it (audio_files)."""
    target = prompt_target(script, prompt)
    common = dict(id=prompt.id, text=prompt.text, target=target, node=prompt.node,
                  kind=prompt.kind, needs_runtime_tts=bool(prompt.variables))
    if record is not None and record.file != relative_file(script, target):
        record = None  # the script now points elsewhere: that entry is not this file's
    if not prompt_has_file(script, prompt, in_folder):
        return PromptAudio(state="missing", file=None, duration_ms=None, source=None, **common)
    if record is None:
        return PromptAudio(state="imported", file=target, source="imported", tracked=False,
                           duration_ms=processing.wav_duration_ms(target), **common)
    reason = ""
    if record.text_sha256 != text_sha256(prompt.text):
        reason = "text changed"
    elif record.source == "synthesized":
        if (record.engine, record.voice, record.rate) != (voice.engine, voice.voice, voice.rate):
            reason = "voice changed"
        elif record.spoken_sha256 and record.spoken_sha256 != text_sha256(
                spoken_text(script, prompt)):
            reason = "a variable's example changed"
    return PromptAudio(state="stale" if reason else record.source, file=target,
                       duration_ms=record.duration_ms, source=record.source,
                       stale_reason=reason, **common)


def prompt_states(script: Script) -> list[PromptAudio]:
    """Every prompt the robot can say, in script order, with the state of its audio."""
    folder = audio_dir(script)
    index = AudioIndex.load(folder)
    voice = voice_settings(script)
    in_folder = audio_files(script)
    return [_state_of(script, p, index.get(p.id), voice, in_folder)
            for p in spoken_prompts(script)]


def prompt_audio(script: Script, prompt_id: str) -> PromptAudio:
    prompt = find_prompt(script, prompt_id)
    index = AudioIndex.load(audio_dir(script))
    return _state_of(script, prompt, index.get(prompt.id), voice_settings(script))


def writable_target(script: Script, prompt: Prompt) -> Path:
    target = prompt_target(script, prompt)
    if target.suffix.lower() != ".wav":
        raise AudioError(f"{relative_file(script, target)}: the script names this file for "
                         f"prompt {prompt.id!r}, but prompt audio is written as WAV: change the "
                         "script's audio path to a .wav file")
    return target


def _store(script: Script, prompt: Prompt, src: Path, source: str, trim: bool,
           normalize: bool, reject_silence: bool) -> PromptAudio:
    target = writable_target(script, prompt)
    segment = processing.process_segment(processing.load_audio(src), trim=trim,
                                         normalize=normalize)
    info = processing.segment_info(segment)
    if reject_silence and info.is_silent:
        raise AudioError(f"{src}: the recording is silent: check that the right microphone is "
                         "selected and not muted, then record again")
    processing.write_wav(segment, target)
    record = AudioRecord(file=relative_file(script, target), source=source,
                         text_sha256=text_sha256(prompt.text), duration_ms=info.duration_ms,
                         needs_runtime_tts=bool(prompt.variables))
    with edit_index(audio_dir(script)) as index:
        index.prompts[prompt.id] = record
    return prompt_audio(script, prompt.id)


def import_audio(script: Script, prompt_id: str, source_path, trim: bool = True,
                 normalize: bool = True) -> PromptAudio:
    """Use an audio file (WAV; MP3/OGG/M4A/FLAC with ffmpeg) as a prompt's audio: it is
    trimmed, normalized and converted to telephone format into the prompt's file."""
    prompt = find_prompt(script, prompt_id)
    return _store(script, prompt, Path(source_path), "imported", trim, normalize, False)


def record_done(script: Script, prompt_id: str, wav_path, trim: bool = True,
                normalize: bool = True) -> PromptAudio:
    """Take a finished microphone recording (a WAV the Recorder wrote) as a prompt's audio.
    A silent recording is refused with a message about the microphone."""
    prompt = find_prompt(script, prompt_id)
    return _store(script, prompt, Path(wav_path), "recorded", trim, normalize, True)


def clear_audio(script: Script, prompt_id: str) -> None:
    """Delete a prompt's audio file and its index entry: the prompt becomes missing."""
    prompt = find_prompt(script, prompt_id)
    target = prompt_target(script, prompt)
    try:
        target.unlink(missing_ok=True)
    except OSError as exc:
        raise AudioError(f"{target}: cannot delete ({exc.strerror or exc})") from None
    with edit_index(audio_dir(script)) as index:
        index.prompts.pop(prompt.id, None)
