"""Audio of a call script: every prompt's state, speech synthesis, recording and import, and
processing into the telephone format (8000 Hz, mono, 16-bit PCM WAV). No Qt here.

Where things are (all beside the script file):
  audio/<prompt id>.wav   a prompt's audio (or the script's explicit `audio:` path)
  audio/index.json        what each file was made from: text hash, source, voice, duration
  ~/.cache/callscript/tts the synthesis cache shared by all scripts ($CALLSCRIPT_CACHE_DIR/tts)

Public API (for the command line, the window, lint and export):
  prompt_states(script) -> list[PromptAudio]          every prompt with state and duration
  prompt_audio(script, prompt_id) -> PromptAudio
  synthesize_prompts(script, ids=None, force=False, progress=None, cancel=None)
      -> SynthesisReport                             missing/stale -> synthesized (cached)
  SynthesisJob(script, ...)                           the same in a background thread
  import_audio(script, prompt_id, source_path)        a file becomes the prompt's audio
  record_done(script, prompt_id, wav_path)            a microphone recording becomes it
  clear_audio(script, prompt_id)
  process(src, dst, trim=True, normalize=True) -> AudioInfo
  to_phone_format(src, dst) -> AudioInfo
  audio_info(path) -> AudioInfo
  export_talent_csv(script, path) / import_talent_folder(script, folder)
  audio_problems(script) -> list[Problem]             W-AUDIO-STALE, I-AUDIO-MISSING
  Player, Recorder                                    interfaces; Qt versions in designer.ui
  get_backend(engine) / register_backend(name, factory)   speech engines
Errors: AudioError (TtsError, DeviceError), each one clear line naming the file or device.
"""
from designer.audio.checks import audio_problems
from designer.audio.devices import Player, Recorder, peak_level
from designer.audio.errors import AudioError, DeviceError, TtsError
from designer.audio.jobs import SynthesisJob
from designer.audio.library import (
    STATES, PromptAudio, audio_dir, clear_audio, import_audio, prompt_audio, prompt_states,
    record_done,
)
from designer.audio.processing import AudioInfo, audio_info, process, to_phone_format
from designer.audio.synthesis import SynthesisReport, synthesize_prompts
from designer.audio.talent import TalentImportReport, export_talent_csv, import_talent_folder
from designer.audio.tts import TtsBackend, get_backend, register_backend

__all__ = [
    "STATES", "AudioError", "AudioInfo", "DeviceError", "Player", "PromptAudio", "Recorder",
    "SynthesisJob", "SynthesisReport", "TalentImportReport", "TtsBackend", "TtsError",
    "audio_dir", "audio_info", "audio_problems", "clear_audio", "export_talent_csv",
    "get_backend", "import_audio", "import_talent_folder", "peak_level", "process",
    "prompt_audio", "prompt_states", "record_done", "register_backend", "synthesize_prompts",
    "to_phone_format",
]
