"""The audio state index `<script dir>/audio/index.json`: what each prompt's audio file was made
from, so that an edit of the text (or of the voice, for synthesized audio) shows it stale.

    {
      "format": "callscript-audio-index",
      "version": 1,
      "prompts": {
        "opening": {"file": "audio/opening.wav", "source": "synthesized",
                    "text_sha256": "...", "spoken_sha256": "...", "engine": "pyttsx3",
                    "voice": "cmn-latn-pinyin", "rate": 170, "duration_ms": 5230,
                    "needs_runtime_tts": true}
      }
    }

`file` is relative to the script's folder (POSIX separators). `text_sha256` hashes the prompt's
text as written in the script (with `{variables}`); `spoken_sha256` the text the engine actually
said (variables filled with their examples). Keys are sorted and the file is UTF-8, written
atomically (temporary file + os.replace), so it diffs well and is never half-written.
Read-modify-write goes through `edit_index(audio_dir)`, which holds a per-folder lock so that the
window's background synthesis and a click on "record" do not lose each other's entries.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from designer.audio.errors import AudioError

INDEX_NAME = "index.json"
FORMAT = "callscript-audio-index"
VERSION = 1
SOURCES = ("synthesized", "recorded", "imported")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AudioRecord:
    file: str
    source: str  # synthesized | recorded | imported
    text_sha256: str
    duration_ms: int
    needs_runtime_tts: bool = False
    engine: str = ""  # synthesized only
    voice: str = ""
    rate: int = 0
    spoken_sha256: str = ""

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        if self.source != "synthesized":
            for key in ("engine", "voice", "rate", "spoken_sha256"):
                data.pop(key)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "AudioRecord":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class AudioIndex:
    path: Path
    prompts: dict[str, AudioRecord] = dataclasses.field(default_factory=dict)

    @classmethod
    def load(cls, audio_dir: Path) -> "AudioIndex":
        """Read the index of an audio folder; an absent file is an empty index. A damaged file
        raises AudioError naming it (it is never silently replaced)."""
        path = Path(audio_dir) / INDEX_NAME
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
            if data.get("version") != VERSION:
                raise ValueError(f"version {data.get('version')!r} is not supported")
            prompts = {pid: AudioRecord.from_json(rec)
                       for pid, rec in dict(data.get("prompts") or {}).items()}
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise AudioError(f"{path}: damaged audio index ({exc}); fix or delete it "
                             "(the audio files stay, their state is then re-learned)") from None
        return cls(path, prompts)

    def save(self) -> None:
        data = {"format": FORMAT, "version": VERSION,
                "prompts": {pid: rec.to_json() for pid, rec in self.prompts.items()}}
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            raise AudioError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def get(self, prompt_id: str) -> Optional[AudioRecord]:
        return self.prompts.get(prompt_id)


_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(audio_dir: Path) -> threading.RLock:
    key = os.path.abspath(audio_dir)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.RLock())


@contextlib.contextmanager
def edit_index(audio_dir: Path) -> Iterator[AudioIndex]:
    """Load, let the caller change, and save the index, holding the folder's lock."""
    with _lock_for(audio_dir):
        index = AudioIndex.load(audio_dir)
        before = dict(index.prompts)
        yield index
        if index.prompts != before:
            index.save()
