"""The synthesis cache, shared by every script of the user: what an engine once said for
(engine, voice, rate, text) is never synthesized again.

Entries are finished telephone-format WAVs (trimmed, normalized, 8 kHz mono 16-bit) stored as
`<cache>/tts/<key[:2]>/<key>.wav` with key = sha256 of the engine, voice, rate, text and the
processing version. The cache root is `$CALLSCRIPT_CACHE_DIR` when set (tests set it to a
temporary folder), else `$XDG_CACHE_HOME/callscript` or `~/.cache/callscript`.
Deleting the folder is always safe.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

# Changing how synthesized audio is processed must not serve old entries: bump this.
PROCESSING_VERSION = "phone-8k-mono-s16/trim/norm-18/v2"


def cache_root() -> Path:
    env = os.environ.get("CALLSCRIPT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "callscript"


def synthesis_key(engine: str, voice: str, rate: int, text: str) -> str:
    payload = json.dumps([PROCESSING_VERSION, engine, voice, int(rate), text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class SynthesisCache:
    def __init__(self, root: Optional[Path] = None) -> None:
        self.root = Path(root) if root is not None else cache_root() / "tts"

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Optional[Path]:
        p = self.path_for(key)
        return p if p.is_file() and p.stat().st_size > 44 else None

    def put(self, key: str, wav_path: Path) -> Optional[Path]:
        """Copy a finished WAV into the cache. A cache that cannot be written (read-only home,
        full disk) only costs speed, so failures are ignored and None returned."""
        dst = self.path_for(key)
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dst.parent, suffix=".tmp")
            os.close(fd)
            shutil.copyfile(wav_path, tmp)
            os.replace(tmp, dst)
            return dst
        except OSError:
            return None
