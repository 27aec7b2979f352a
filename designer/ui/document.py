"""The open document: the script, its undo stack, its file, the selection, and a cached engine.

Views read `document.script` and listen to `changed`; they edit only with `document.push(cmd)`.
"""
from __future__ import annotations

import os
from typing import Optional

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from designer.engine import Engine
from designer.model import ModelEvent, Script


class Document(QObject):
    changed = Signal(object)  # a ModelEvent: every change of the script, as it happens
    # the same, less layout-only changes (a node moved): for panels that do not show positions,
    # so that dragging or auto-laying out 1,000 cards does not redraw them 1,000 times
    content_changed = Signal(object)
    script_replaced = Signal()  # another script was loaded (new, open, revert, restore)
    selection_changed = Signal(list)  # node ids selected (canvas, problems list, search...)
    path_changed = Signal(str)
    modified_changed = Signal(bool)  # True when the script differs from its file

    def __init__(self, script: Optional[Script] = None, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._script: Script = Script()
        self._source: Optional[str] = None  # the text the script was read from (see source)
        self._engine: Optional[Engine] = None
        self._selection: list[str] = []
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.set_script(script or Script(), clean=True)

    def __del__(self, _is_valid=shiboken6.isValid) -> None:
        """Empty the undo stack while every command on it is still whole.

        The commands are Python objects (commands.py) that push() handed to the stack: PySide
        makes each the Python child of the stack's wrapper, so nothing else keeps it. A document
        is always freed by the cyclic collector (its script's event hub holds its bound
        _on_model_event), and the commands go in the same pass. When the collector clears a
        command before the document's C++ object is gone (shiboken's tp_clear detaches the
        child and hands its ownership back to Python), the command's C++ object is deleted
        while the stack still lists it, and QUndoStack::clear in ~QUndoStack deletes it again:
        a segfault. Which comes first depends on the collector's list order (a GraphScene
        referring to the document was enough). Finalizers (this method) run before the
        collector clears anything, so clearing here lets Qt delete the commands, and they
        leave their wrappers (and the stack's children) cleanly, whatever the order after.

        Silent: a document going away is not an edit, and cleanChanged(True) would tell the
        autosave the script was saved (it drops the recovery file)."""
        stack = self.__dict__.get("undo_stack")
        if stack is None or not _is_valid(stack):  # the C++ stack is gone (Qt deleted it)
            return
        blocked = stack.blockSignals(True)
        try:
            stack.clear()
        finally:
            stack.blockSignals(blocked)

    # ---- script ---------------------------------------------------------------------------
    @property
    def script(self) -> Script:
        return self._script

    @property
    def path(self) -> Optional[str]:
        return self._script.path

    def set_script(self, script: Script, clean: bool = True,
                   source: Optional[str] = None) -> None:
        """Replace the whole script (open, new, restore). Clears undo history. source: the
        text script was just read from, if it was (see `source`)."""
        self._script.events.unsubscribe(self._on_model_event)
        self._script = script
        self._source = source if clean else None
        self._engine = None
        self._selection = []
        script.events.subscribe(self._on_model_event)
        self.undo_stack.clear()
        if clean:
            self.undo_stack.setClean()
        self.script_replaced.emit()
        self.path_changed.emit(script.path or "")
        self.selection_changed.emit([])

    def _on_model_event(self, event: ModelEvent) -> None:
        if not is_layout_only(event):
            self._engine = None
        if event.kind in ("node_removed",):
            self._selection = [n for n in self._selection if n != event.key]
        elif event.kind == "node_renamed":
            self._selection = [event.key if n == event.detail else n for n in self._selection]
        self.changed.emit(event)
        if not is_layout_only(event):
            self.content_changed.emit(event)

    def source(self) -> Optional[str]:
        """The text the script was read from while the script is exactly what it read (no
        edit since, or every edit undone: the undo stack at the state it opened with); None
        otherwise. Reading it again gives the same script, without copying this one."""
        return self._source if self._source is not None and self.undo_stack.isClean() else None

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def engine(self) -> Engine:
        """An engine for the script as it is now (rebuilt lazily after any change)."""
        if self._engine is None:
            self._engine = Engine(self._script)
        return self._engine

    # ---- selection ------------------------------------------------------------------------
    def selected_nodes(self) -> list[str]:
        return list(self._selection)

    def select_nodes(self, ids: list[str]) -> None:
        ids = [i for i in ids if i in self._script.nodes]
        if ids != self._selection:
            self._selection = ids
            self.selection_changed.emit(list(ids))

    # ---- file state (the undo stack's clean state is the "modified" mark) ----------------
    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_modified(self) -> None:
        """Modified without an undo step (a restored autosave differs from its file)."""
        self.undo_stack.resetClean()

    def mark_saved(self, path: Optional[str] = None) -> None:
        """The script now equals its file (after a save); path: where it was saved (announced
        even when save_script already set it on the script)."""
        if path is not None:
            self._script.path = os.path.abspath(path)
            self.path_changed.emit(self._script.path)
        self._source = None  # clean now means "as saved": the text read is not that
        self.undo_stack.setClean()

    def set_path(self, path: Optional[str]) -> None:
        path = os.path.abspath(path) if path else None
        if path != self._script.path:
            self._script.path = path
            self.path_changed.emit(path or "")

    def display_name(self) -> str:
        """The file name for titles and messages ("" for a script never saved)."""
        return os.path.basename(self._script.path) if self._script.path else ""


def is_layout_only(event: ModelEvent) -> bool:
    """True for a change that only moves a node on the canvas."""
    return event.kind == "node_changed" and event.detail == "position"
