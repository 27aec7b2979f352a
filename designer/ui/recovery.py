"""Autosave and crash recovery.

While a document has unsaved changes, Autosaver writes it every 30 s (CALLSCRIPT_AUTOSAVE_MS)
to a recovery file: JSON holding the dumped script, the path of the file it belongs to, and the
writing process (pid and its start time). A normal save or a clean close removes the file.

A recovery file whose process no longer runs is what a crash left behind: RecoveryStore.pending()
lists those, and the window offers to restore them on the next start. Recovery files live in
AppDataLocation/recovery/ (CALLSCRIPT_RECOVERY_DIR overrides it).
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QObject, QRunnable, QStandardPaths, QTimer, Signal

from designer.formats.atomic import atomic_write_text
from designer.formats.script_yaml import dump_script
from designer.model import Script
from designer.ui import background
from designer.ui.document import Document

FORMAT = "callscript-recovery"


@dataclass(frozen=True)
class RecoveryEntry:
    file: str  # the recovery file itself
    original_path: Optional[str]  # the script file it belongs to (None: never saved)
    saved_at: float  # time.time() of the autosave
    text: str  # the script, as save_script would have written it
    pid: int
    name: str = ""  # the script's name, for the offer

    def label(self) -> str:
        return self.original_path or self.name or "untitled"


def _process_start(pid: int) -> str:
    """The start time of a process (Linux /proc), to tell a reused pid from ours."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def process_alive(pid: int, start: str = "") -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            if fh.read().decode("ascii", "replace").rsplit(")", 1)[1].split()[0] == "Z":
                return False  # killed, not yet reaped
    except (OSError, IndexError):
        pass
    return not start or _process_start(pid) in ("", start)


class RecoveryStore:
    """The recovery files of one user (one folder)."""

    def __init__(self, directory: Optional[str] = None):
        self.directory = directory or default_directory()
        self.session = uuid.uuid4().hex[:12]
        self._start = _process_start(os.getpid())

    def file_for(self, original_path: Optional[str]) -> str:
        key = (hashlib.sha1(os.path.abspath(original_path).encode("utf-8")).hexdigest()[:16]
               if original_path else f"untitled-{self.session}")
        return os.path.join(self.directory, f"{key}.recovery.json")

    def write(self, original_path: Optional[str], text: str, name: str = "") -> str:
        path = self.file_for(original_path)
        data = {"format": FORMAT, "version": 1, "original_path": original_path,
                "saved_at": time.time(), "pid": os.getpid(), "process_start": self._start,
                "host": socket.gethostname(), "name": name, "text": text}
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1))
        return path

    def remove(self, path: str) -> None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError:
            pass  # a recovery file that cannot be removed is offered again; nothing is lost

    def read(self, path: str) -> Optional[RecoveryEntry]:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT \
                or not isinstance(data.get("text"), str):
            return None
        entry = RecoveryEntry(path, data.get("original_path"), float(data.get("saved_at", 0)),
                              data["text"], int(data.get("pid", 0)), str(data.get("name", "")))
        if data.get("host") == socket.gethostname() and process_alive(
                entry.pid, str(data.get("process_start", ""))):
            return None  # a running window owns it
        return entry

    def pending(self, original_path: Optional[str] = None) -> list[RecoveryEntry]:
        """Recovery files left by processes that are gone, newest first; only those of
        original_path when it is given."""
        try:
            names = sorted(os.listdir(self.directory))
        except OSError:
            return []
        entries = []
        for name in names:
            if name.endswith(".recovery.json"):
                entry = self.read(os.path.join(self.directory, name))
                if entry is not None:
                    entries.append(entry)
        if original_path is not None:
            want = os.path.abspath(original_path)
            entries = [e for e in entries if e.original_path
                       and os.path.abspath(e.original_path) == want]
        return sorted(entries, key=lambda e: -e.saved_at)


def default_directory() -> str:
    override = os.environ.get("CALLSCRIPT_RECOVERY_DIR")
    if override:
        return override
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return os.path.join(base or os.path.expanduser("~/.callscript"), "recovery")


class _Relay(QObject):
    dumped = Signal(int, object, str)  # epoch, text (None on failure), error


class _DumpTask(QRunnable):
    """Turns a snapshot of the script into file text off the UI thread (0.3 s for 1,000
    nodes: too long a pause every 30 s while someone types)."""

    def __init__(self, snapshot: Script, epoch: int, relay: _Relay):
        super().__init__()
        self.snapshot, self.epoch, self.relay = snapshot, epoch, relay

    def run(self) -> None:
        try:
            text, error = dump_script(self.snapshot), ""
        except (ValueError, TypeError, RecursionError) as exc:
            text, error = None, str(exc)
        self.relay.dumped.emit(self.epoch, text, error)


class Autosaver(QObject):
    """Writes the document to its recovery file while it has unsaved changes."""

    autosaved = Signal(str)  # the recovery file written
    failed = Signal(str)  # why an autosave could not be written

    def __init__(self, document: Document, store: RecoveryStore, interval_ms: int,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self.document, self.store = document, store
        self.current_file: Optional[str] = None
        self._changed = False
        self._epoch = 0  # bumped by discard(): a dump started before it is not written
        self._in_flight = False
        self._pool = background.thread_pool(self)  # waited for at exit
        self._relay = _Relay(self)
        self._relay.dumped.connect(self._on_dumped)
        self.timer = QTimer(self, interval=interval_ms, timeout=self.autosave_in_background)
        self.timer.start()
        document.changed.connect(self._on_change)
        document.script_replaced.connect(self._on_change)
        document.modified_changed.connect(self._on_modified)
        document.path_changed.connect(self.discard)

    def _on_change(self, *_args) -> None:
        self._changed = True

    def _on_modified(self, modified: bool) -> None:
        if not modified:  # saved, or undone back to the file: nothing to recover
            self.discard()

    def _due(self) -> bool:
        return self.document.is_modified() and self._changed

    def autosave(self) -> Optional[str]:
        """Write now, on this thread, if there is something new to keep; returns the file."""
        if not self._due():
            return None
        self._changed = False
        return self._write(dump_script(self.document.script))

    def autosave_in_background(self) -> bool:
        """The timer's autosave: dump a snapshot on a worker, write when it is done."""
        if self._in_flight or not self._due():
            return False
        self._changed = False
        self._in_flight = True
        self._pool.start(_DumpTask(self.document.script.copy(), self._epoch, self._relay))
        return True

    def _on_dumped(self, epoch: int, text: Optional[str], error: str) -> None:
        self._in_flight = False
        if text is None:
            self.failed.emit(error)
        elif epoch == self._epoch and self.document.is_modified():
            self._write(text)

    def _write(self, text: str) -> Optional[str]:
        try:
            self.current_file = self.store.write(self.document.path, text,
                                                 self.document.script.name)
        except OSError as exc:
            self._changed = True  # try again at the next tick
            self.failed.emit(exc.strerror or str(exc))
            return None
        self.autosaved.emit(self.current_file)
        return self.current_file

    def wait_idle(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    def discard(self, *_args) -> None:
        """Remove this window's recovery file (after a save or a clean close)."""
        self._epoch += 1
        if self.current_file:
            self.store.remove(self.current_file)
            self.current_file = None
        self._changed = self.document.is_modified()
