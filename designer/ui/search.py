"""Find a node by its id or by what it says (Ctrl+F), then centre the canvas on it.
Return (or F3) goes to the next match, Shift+Return (Shift+F3) to the previous one."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from designer.engine import normalize
from designer.model import Script


def find_nodes(script: Script, text: str) -> list[str]:
    """Nodes whose id or prompt contains text (case, width and traditional/simplified
    differences ignored); ids that match come first."""
    needle = text.strip()
    if not needle:
        return []
    folded = needle.casefold()
    norm = normalize(needle)
    by_id = [nid for nid in script.nodes if folded in nid.casefold()]
    by_say = [nid for nid, node in script.nodes.items() if nid not in by_id and (
        folded in node.say.casefold() or (norm and norm in normalize(node.say)))]
    return by_id + by_say


class SearchField(QLineEdit):
    """The toolbar's search box. Emits found(node_id) for each match it steps to."""

    found = Signal(str)
    message = Signal(str)

    def __init__(self, script_getter, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._script = script_getter
        self.setPlaceholderText(self.tr("Find node (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(260)
        self._matches: list[str] = []
        self._index = -1
        self._query = ""
        self.returnPressed.connect(self.find_next)
        self.textEdited.connect(self._reset)

    def _reset(self, *_args) -> None:
        self._query, self._matches, self._index = "", [], -1

    def _refresh(self) -> None:
        if self.text() != self._query:
            self._query = self.text()
            self._matches = find_nodes(self._script(), self._query)
            self._index = -1

    def find_next(self) -> Optional[str]:
        return self._step(+1)

    def find_previous(self) -> Optional[str]:
        return self._step(-1)

    def _step(self, direction: int) -> Optional[str]:
        self._refresh()
        self._matches = [m for m in self._matches if m in self._script().nodes]
        if not self._matches:
            if self._query.strip():
                self.message.emit(self.tr("No node matches “{0}”").format(self._query))
            return None
        self._index = (self._index + direction) % len(self._matches)
        nid = self._matches[self._index]
        self.message.emit(self.tr("Match {0} of {1}: {2}").format(
            self._index + 1, len(self._matches), nid))
        self.found.emit(nid)
        return nid

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find_previous()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self._reset()
            self.message.emit("")
            return
        super().keyPressEvent(event)
