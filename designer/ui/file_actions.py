"""New, open, save, save as, reload, recent files, autosave and the watch on the file.

FileController owns everything about the document's file; the window only calls it. Saving is
atomic (designer.formats save_script: temp file + rename), so an interrupted save leaves the
previous file whole. A change of the file by another program is noticed: reloaded on request
when there are no unsaved changes here, warned about when there are.

The heap is frozen after a script is shown (`gc.freeze()`, see `show_script`): a loaded script is
hundreds of thousands of acyclic, never-changing objects, and each full collection of the cyclic
garbage collector walked them all (a 70-340 ms stall at 10,000 nodes while the window got ready,
arrows routing and problems listing). Frozen objects are out of every collection; reference
counting still frees them. When the next script replaces this one, the heap is thawed first
(`gc.unfreeze()`), one full collection frees whatever cycles the old script and its views left,
and the heap is frozen again: nothing of a previous script stays behind in the frozen part. The
first script of a window freezes without that collection (nothing was frozen before it)."""
from __future__ import annotations

import os
from typing import Callable, Optional

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from designer.formats.script_yaml import parse_script, read_text_file, save_script
from designer.gcpause import collector_paused, freeze_heap, thaw_heap
from designer.model import Node, Script, ScriptFileError
from designer.ui import settings as app_settings
from designer.ui.document import Document
from designer.ui.recovery import Autosaver, RecoveryEntry, RecoveryStore


class FileController(QObject):
    status = Signal(str)  # a status-bar message
    recent_changed = Signal(list)

    def __init__(self, document: Document, prompts: Callable[[], object],
                 store: Optional[RecoveryStore] = None, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.document = document
        self._prompts = prompts  # a callable: the window's current Prompter (tests swap it)
        self.store = store or RecoveryStore()
        self.autosaver = Autosaver(document, self.store, app_settings.autosave_interval_ms(),
                                   self)
        self.autosaver.failed.connect(self._autosave_failed)
        self.disk_bytes: Optional[bytes] = None  # the file as we last read or wrote it
        self.watcher = QFileSystemWatcher(self)
        self._disk_check = QTimer(self, singleShot=True, interval=250,
                                  timeout=self.check_disk)
        self.watcher.fileChanged.connect(self._disk_check.start)

    def _autosave_failed(self, why: str) -> None:
        self.status.emit(self.tr("Autosave failed: {0}").format(why))

    @property
    def prompts(self):
        return self._prompts()

    def _name(self) -> str:
        return self.document.display_name() or self.tr("Untitled")

    # ---- new / open -----------------------------------------------------------------------
    def new_script(self) -> bool:
        if not self.maybe_save():
            return False
        self.show_script(new_script(self.tr("New script")))
        self._watch(None)
        self.status.emit(self.tr("New script"))
        return True

    def open_dialog(self) -> bool:
        start = os.path.dirname(self.document.path) if self.document.path else os.getcwd()
        path = self.prompts.get_open_path(start)
        return self.open_path(path) if path else False

    def open_path(self, path: str, ask: bool = True) -> bool:
        """Open a script file; a file that cannot be read is explained, never raised."""
        if ask and not self.maybe_save():
            return False
        failure: Optional[Exception] = None
        # the load and the views' rebuild make long-lived, acyclic objects: the collector
        # waits (walking them as they arrive is wasted time) and they are frozen at the end
        with collector_paused():
            try:
                text = read_text_file(path)  # what load_script does, keeping the text
                script = parse_script(text, path)
                script.path = os.path.abspath(path)
                with open(path, "rb") as fh:
                    data = fh.read()
            except (ScriptFileError, OSError) as exc:
                failure = exc
            else:
                self.autosaver.discard()
                self.show_script(script, source=text)
        if isinstance(failure, ScriptFileError):
            self.prompts.show_load_problems(path, failure.problems)
            if not os.path.exists(path):
                self.recent_changed.emit(app_settings.remove_recent_file(path))
            return False
        if isinstance(failure, OSError):
            self.prompts.show_error(self.tr("Cannot open script"),
                                    self.tr("{0} could not be read: {1}").format(
                                        path, failure.strerror or failure))
            return False
        self.disk_bytes = data
        self._watch(script.path)
        self.recent_changed.emit(app_settings.add_recent_file(script.path))
        self.status.emit(self.tr("Opened {0}: {1} nodes").format(self._name(),
                                                                  len(script.nodes)))
        return True

    def show_script(self, script: Script, source: Optional[str] = None) -> None:
        """Replace the document's script (new, open, reload, restore) and freeze the heap
        with it (see the module docstring). source: the text it was read from (the problems
        check reads it again in its own process instead of copying this script over)."""
        with collector_paused():  # nothing is walked before it is frozen
            # the old script goes (reference counts free it, frozen or not)
            self.document.set_script(script, source=source)
            freeze_heap(collect=thaw_heap())

    # ---- save -----------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.document.path:
            return self.save_as()
        return self.write(self.document.path)

    def save_as(self, path: Optional[str] = None) -> bool:
        if path is None:
            suggestion = self.document.path or os.path.join(
                os.getcwd(), (self.document.script.name or "script") + ".yaml")
            path = self.prompts.get_save_path(suggestion)
        return self.write(path) if path else False

    def write(self, path: str) -> bool:
        """Save atomically to path. On failure the file on disk is the previous version,
        the document stays modified and the user is told why."""
        try:
            save_script(self.document.script, path)
            with open(path, "rb") as fh:
                self.disk_bytes = fh.read()
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.prompts.show_error(self.tr("Save failed"),
                                    self.tr("{0} was not saved: {1}\nThe file on disk was not "
                                            "changed.").format(path, reason))
            self.status.emit(self.tr("Save failed"))
            return False
        self.document.mark_saved(path)
        self.autosaver.discard()
        self._watch(path)
        self.recent_changed.emit(app_settings.add_recent_file(path))
        self.status.emit(self.tr("Saved {0}").format(path))
        return True

    def maybe_save(self) -> bool:
        """Before the script is closed or replaced: True when it may go."""
        if not self.document.is_modified():
            return True
        answer = self.prompts.ask_save_changes(self._name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def close_cleanly(self) -> None:
        """The window closes without unsaved work left: no recovery file stays behind."""
        self.autosaver.timer.stop()
        self.autosaver.discard()
        self.autosaver.wait_idle(2000)

    # ---- reload and the watch on disk ------------------------------------------------------
    def reload(self, ask: bool = True) -> bool:
        path = self.document.path
        if not path:
            return False
        if ask and self.document.is_modified() and not self.prompts.ask_reload(self._name()):
            return False
        return self.open_path(path, ask=False)

    def _watch(self, path: Optional[str]) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if path and os.path.exists(path):
            self.watcher.addPath(path)

    def check_disk(self) -> None:
        """The watcher saw the file change: is it another program's version?"""
        path = self.document.path
        if not path:
            return
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            self.status.emit(self.tr("{0} was moved or deleted on disk").format(self._name()))
            return
        if path not in self.watcher.files():  # an atomic replace ends the old watch
            self.watcher.addPath(path)
        if data == self.disk_bytes:
            return  # our own save, or a touch that changed nothing
        self.disk_bytes = data  # ask once per outside version
        if not self.document.is_modified():
            if self.prompts.ask_reload(self._name()):
                self.open_path(path, ask=False)
        else:
            self.prompts.warn_changed_on_disk(self._name())

    # ---- recovery -------------------------------------------------------------------------
    def pending_recovery(self) -> list[RecoveryEntry]:
        """Autosaves left by windows that did not close normally; the open file's first."""
        entries = self.store.pending()
        path = self.document.path
        return sorted(entries, key=lambda e: e.original_path != path)

    def restore(self, entry: RecoveryEntry) -> bool:
        """Open an autosave as unsaved changes of its file (the file itself is untouched)."""
        try:
            script = parse_script(entry.text, entry.original_path or "<recovered>")
        except ScriptFileError as exc:
            self.prompts.show_load_problems(entry.file, exc.problems)
            return False
        path = entry.original_path
        script.path = os.path.abspath(path) if path else None
        self.show_script(script)
        self.document.mark_modified()
        self.disk_bytes = None
        if path and os.path.exists(path):
            with open(path, "rb") as fh:
                self.disk_bytes = fh.read()
        self._watch(script.path)
        self.store.remove(entry.file)
        self.autosaver.autosave()  # keep it safe under this window's name straight away
        self.status.emit(self.tr("Restored unsaved work on {0}").format(self._name()))
        return True

    def discard_recovery(self, entry: RecoveryEntry) -> None:
        self.store.remove(entry.file)


def new_script(name: str) -> Script:
    """A fresh script: one opening node to start from."""
    return Script(name=name, language="zh-CN", start="opening",
                  nodes={"opening": Node(say="", position=(0.0, 0.0))})
