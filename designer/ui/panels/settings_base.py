"""What the script-settings tabs share: a tab refreshed by its sections' events, and small
field helpers."""
from __future__ import annotations

from typing import Any, Optional, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QSpinBox, QWidget

from designer.model import ModelEvent
from designer.ui.commands import SetSection
from designer.ui.document import Document
from designer.ui.panels.shown import WhenShown
from designer.ui.panels.widgets import CommitLineEdit, blocked, translate


def suggest(edit: CommitLineEdit, words: Sequence[str]) -> CommitLineEdit:
    """Offer words while typing; any other text is still accepted."""
    completer = QCompleter(list(words), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    edit.setCompleter(completer)
    return edit


def spin_box(low: int, high: int) -> QSpinBox:
    """A spin box that commits when an arrow is clicked or typing is finished."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setKeyboardTracking(False)
    return box


def set_spin(box: QSpinBox, value: int) -> None:
    if box.value() != value:
        with blocked(box):
            box.setValue(value)


class SectionTab(QWidget):
    """A tab over some sections of the script; refreshes when one of them changes."""

    sections: tuple[str, ...] = ()
    follows_nodes = False  # also refresh on node and intent events (for node/intent pickers)

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self.edits: list[CommitLineEdit] = []
        # a tab not chosen, or in a dock behind another, refreshes when it is shown
        self._seen = WhenShown(self, self.refresh)
        document.content_changed.connect(self._on_model_event)
        document.script_replaced.connect(self._on_replaced)

    def _on_model_event(self, event: ModelEvent) -> None:
        if (event.kind == "section_changed" and event.key in self.sections) or (
                self.follows_nodes and event.kind.startswith(("node", "intent"))):
            self._seen.request()

    def _on_replaced(self) -> None:
        for edit in self.edits:
            edit.forget()
        self._seen.request()

    def is_stale(self) -> bool:
        """True while hidden after a change: it refreshes when shown."""
        return self._seen.stale

    def refresh(self) -> None:
        raise NotImplementedError

    def line(self, commit: Any) -> CommitLineEdit:
        edit = CommitLineEdit()
        edit.committed.connect(commit)
        self.edits.append(edit)
        return edit

    def push_section(self, name: str, value: Any, what: str) -> None:
        script = self.document.script
        if getattr(script, name) != value:
            self.document.push(SetSection(script, name, value, text=translate(
                "ScriptSettingsPanel", "Edit {what}").format(what=what)))
