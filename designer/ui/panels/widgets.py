"""Small widgets shared by the panels.

They all follow one rule that keeps the model -> view -> command loop quiet: a `set_*` call
from the model never emits the widget's own commit signal, and a setter given the value the
widget already shows from the model does nothing (so a half-typed edit survives an unrelated
model change, and a widget never loses its cursor or focus to the echo of its own edit).
Commit signals (`committed`, `chosen`) fire only for user edits that change the value.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Optional, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPlainTextEdit, QLineEdit, QPushButton,
    QTableWidget, QTableWidgetItem, QToolButton, QWidget,
)

from designer.model import Script
from designer.ui.panels.shown import on_screen

NONE = object()  # marks "no value in the model yet" so the first set_value always shows


def translate(context: str, text: str) -> str:
    """QCoreApplication.translate under a name lupdate recognizes in any module."""
    return QCoreApplication.translate(context, text)


@contextmanager
def blocked(*widgets: QWidget) -> Iterator[None]:
    """Silence the widgets' Qt signals while the model writes into them."""
    blockers = [QSignalBlocker(w) for w in widgets]
    try:
        yield
    finally:
        for b in blockers:
            b.unblock()


# ---- translated names of model values ------------------------------------------------------
def intent_kind_names() -> dict[str, str]:
    return {
        "normal": translate("IntentKind", "Normal"),
        "refusal": translate("IntentKind", "Refusal"),
        "opt_out": translate("IntentKind", "Opt-out (do not call)"),
        "robot_question": translate("IntentKind", "Asks if it is a robot"),
    }


def intent_title(script: Script, intent_id: str) -> str:
    """How an intent is named in a list: its label with its id, or the id alone."""
    intent = script.intents.get(intent_id)
    if intent is None:
        return translate("Names", "{id} (missing)").format(id=intent_id)
    return f"{intent.label} ({intent_id})" if intent.label else intent_id


def node_choices(script: Script) -> list[tuple[str, Any]]:
    return [(nid, nid) for nid in script.nodes]


def intent_choices(script: Script) -> list[tuple[str, Any]]:
    return [(intent_title(script, iid), iid) for iid in script.intents]


def error_label() -> QLabel:
    """An inline error line under a field: red, wraps, hidden while empty."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #c0392b;")
    label.setVisible(False)
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


# ---- text fields ---------------------------------------------------------------------------
class CommitLineEdit(QLineEdit):
    """A line edit that commits on Enter or focus-out (editingFinished); Escape reverts."""

    committed = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._model: Any = NONE
        self.editingFinished.connect(self._finish)

    def set_value(self, text: Optional[str]) -> None:
        text = text or ""
        if text == self._model:
            return
        self._model = text
        if self.text() != text:
            self.setText(text)

    def model_value(self) -> str:
        return "" if self._model is NONE else self._model

    def forget(self) -> None:
        """Another object is shown next: the next set_value writes whatever it gets."""
        self._model = NONE

    def revert(self) -> None:
        self.setText(self.model_value())

    def _finish(self) -> None:
        if self.text() != self.model_value():
            self.committed.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text() != self.model_value():
            self.revert()
            return
        super().keyPressEvent(event)


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text committed on focus-out or Ctrl+Enter: one undo step per edit."""

    committed = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None, lines: int = 3):
        super().__init__(parent)
        self._model: Any = NONE
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setMinimumHeight(height)
        self.setMaximumHeight(height * 2)

    def set_value(self, text: Optional[str]) -> None:
        text = text or ""
        if text == self._model:
            return
        self._model = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def model_value(self) -> str:
        return "" if self._model is NONE else self._model

    def forget(self) -> None:
        """Another object is shown next: the next set_value writes whatever it gets."""
        self._model = NONE

    def commit(self) -> None:
        if self.toPlainText() != self.model_value():
            self.committed.emit(self.toPlainText())

    def insert_and_commit(self, text: str) -> None:
        self.insertPlainText(text)
        self.setFocus()
        self.commit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            return
        super().keyPressEvent(event)


def split_lines(text: str) -> tuple[str, ...]:
    """One entry a line; blank lines and surrounding spaces dropped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# ---- choices -------------------------------------------------------------------------------
class ValueCombo(QComboBox):
    """A combo box of (shown text, value) pairs. `chosen(value)` fires on user choice only.

    A value the model holds but the choices lack (a dangling reference) is shown as an extra
    item marked missing, so the widget never silently shows something else."""

    chosen = Signal(object)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._choices: list[tuple[str, Any]] = []
        self._positions: Optional[dict[Any, int]] = None  # value -> index, made when needed
        self._value: Any = NONE
        # long item texts must not make a dock wider than the user wants it
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.activated.connect(self._on_activated)

    def set_choices(self, choices: Sequence[tuple[str, Any]]) -> None:
        choices = list(choices)
        if choices == self._choices:
            return
        self._choices = choices
        self._rebuild()

    def set_value(self, value: Any) -> None:
        if value == self._value and self.currentData() == value:
            return
        self._value = value
        index = self._index_of(value)
        if index >= 0 and self.count() == len(self._choices):  # no "(missing)" item to drop
            with blocked(self):
                self.setCurrentIndex(index)
            return
        self._rebuild()

    def _index_of(self, value: Any) -> int:
        """The index of value among the choices (a dict: thousands of nodes are choices)."""
        if self._positions is None:
            self._positions = {}
            for i, (_t, v) in enumerate(self._choices):
                try:
                    self._positions.setdefault(v, i)
                except TypeError:  # an unhashable value: look it up the long way
                    self._positions = {}
                    return next((i for i, (_t, v) in enumerate(self._choices) if v == value), -1)
        try:
            return self._positions.get(value, -1)
        except TypeError:
            return next((i for i, (_t, v) in enumerate(self._choices) if v == value), -1)

    def value(self) -> Any:
        return None if self._value is NONE else self._value

    def _rebuild(self) -> None:
        self._positions = None
        items = list(self._choices)
        if self._value is not NONE and all(v != self._value for _t, v in items):
            missing = translate("Names", "{id} (missing)").format(id=self._value)
            items.append((missing, self._value))
        with blocked(self):
            self.clear()
            for text, value in items:
                self.addItem(text, value)
            index = next((i for i, (_t, v) in enumerate(items) if v == self._value), -1)
            self.setCurrentIndex(index)

    def choose(self, value: Any) -> None:
        """Act as a user picking value (used by tests and keyboard shortcuts)."""
        index = next((i for i, (_t, v) in enumerate(self._choices) if v == value), -1)
        if index < 0:
            raise ValueError(f"{value!r} is not a choice")
        self.setCurrentIndex(index)
        self._on_activated(index)

    def _on_activated(self, index: int) -> None:
        value = self.itemData(index)
        if value != self._value:
            self.chosen.emit(value)


class MultiChoiceButton(QToolButton):
    """Pick several ids from a menu of check marks; shows them comma-separated."""

    chosen = Signal(tuple)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._menu = QMenu(self)
        self._menu.aboutToShow.connect(self._fill_menu)
        self.setMenu(self._menu)
        self._choices: list[tuple[str, str]] = []
        self._value: tuple[str, ...] = ()
        self._menu_stale = True  # the menu is filled when it opens (thousands of nodes...)
        self._show()

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        if list(choices) != self._choices:
            self._choices = list(choices)
            self._show()

    def set_value(self, value: Sequence[str]) -> None:
        if tuple(value) != self._value:
            self._value = tuple(value)
            self._show()

    def value(self) -> tuple[str, ...]:
        return self._value

    def toggle(self, ident: str) -> None:
        """Act as a user toggling one id (also what the menu does)."""
        new = tuple(v for v in self._value if v != ident) if ident in self._value \
            else self._value + (ident,)
        self.chosen.emit(new)

    def menu_actions(self) -> list[QAction]:
        """The menu's check marks, as they are when it opens."""
        self._fill_menu()
        return self._menu.actions()

    def _show(self) -> None:
        self._menu_stale = True
        self.setText(", ".join(self._value) if self._value else translate("Names", "(none)"))

    def _fill_menu(self) -> None:
        if not self._menu_stale:
            return
        self._menu_stale = False
        self._menu.clear()
        known = {v for _t, v in self._choices}
        for text, ident in self._choices + [(i, i) for i in self._value if i not in known]:
            action = QAction(text, self._menu)
            action.setCheckable(True)
            action.setChecked(ident in self._value)
            action.triggered.connect(lambda _c=False, i=ident: self.toggle(i))
            self._menu.addAction(action)


# ---- list buttons --------------------------------------------------------------------------
class ListButtons(QWidget):
    """Add / Remove / Move up / Move down under a table."""

    def __init__(self, parent: Optional[QWidget] = None, move: bool = True):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton(translate("ListButtons", "Add"))
        self.remove = QPushButton(translate("ListButtons", "Remove"))
        self.up = QPushButton(translate("ListButtons", "Move up"))
        self.down = QPushButton(translate("ListButtons", "Move down"))
        for button in (self.add, self.remove, self.up, self.down):
            layout.addWidget(button)
        self.up.setVisible(move)
        self.down.setVisible(move)
        layout.addStretch(1)

    def update_for(self, row: int, count: int, can_add: bool = True) -> None:
        self.add.setEnabled(can_add)
        self.remove.setEnabled(0 <= row < count)
        self.up.setEnabled(0 < row < count)
        self.down.setEnabled(0 <= row < count - 1)


CHUNK_ROWS = 250  # rows one timer tick fills in a large table in view (~6 ms of items)
SCREEN_ROWS = 60  # rows filled at once around those in view (a tall screen and some spare)


class _TableFill(QObject):
    """What each row of a table shows, and the rows still to fill (see fill_rows)."""

    def __init__(self, table: QTableWidget):
        super().__init__(table)
        self.table = table
        self.shown: list[Optional[tuple[str, ...]]] = []  # None: a row to (re)write
        self.rows: list[tuple[str, ...]] = []
        self.pending: list[int] = []  # rows to fill, in order
        self.read_only: tuple[int, ...] = ()
        self.timer = QTimer(self, singleShot=True, interval=0, timeout=self._step)

    def fill(self, rows: list[tuple[str, ...]], read_only: tuple[int, ...]) -> None:
        table = self.table
        # cells a user can edit in place may differ from what was written: write them all
        keep = (table.editTriggers() == QTableWidget.EditTrigger.NoEditTriggers
                and read_only == self.read_only)
        self.rows, self.read_only = rows, read_only
        with blocked(table):
            table.setRowCount(len(rows))
        shown = self.shown[:len(rows)] if keep else []
        shown += [None] * (len(rows) - len(shown))
        self.shown = shown
        todo = [r for r in range(len(rows)) if shown[r] != rows[r]]
        if len(todo) <= SCREEN_ROWS or not (table.isVisible() and on_screen(table)):
            self.pending = []
            self.timer.stop()
            self._write(todo)
            return
        first = max(0, table.rowAt(0))  # the rows in view first, then the rest in chunks
        in_view = [r for r in todo if first <= r < first + SCREEN_ROWS]
        self._write(in_view)
        seen = set(in_view)
        self.pending = [r for r in todo if r not in seen]
        self.timer.start()

    def finish(self) -> None:
        """Fill what is left now."""
        self.timer.stop()
        pending, self.pending = self.pending, []
        self._write(pending)

    def _step(self) -> None:
        chunk, self.pending = self.pending[:CHUNK_ROWS], self.pending[CHUNK_ROWS:]
        self._write(chunk)
        if self.pending:
            self.timer.start()

    def _write(self, todo: list[int]) -> None:
        if not todo:
            return
        table, rows, read_only = self.table, self.rows, self.read_only
        editable = Qt.ItemFlag.ItemIsEditable
        # a column sized to its contents measures every row again at each new cell of a
        # table on screen (2 ms a cell for 100 faq answers): size it once, after the cells
        header = table.horizontalHeader()
        fitted = [c for c in range(table.columnCount())
                  if header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents]
        for c in fitted:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        with blocked(table):
            for r in todo:
                row = rows[r]
                for c, text in enumerate(row):
                    item = QTableWidgetItem(text)
                    if c in read_only:
                        item.setFlags(item.flags() & ~editable)
                    table.setItem(r, c, item)
                self.shown[r] = row
        for c in fitted:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)


def fill_rows(table: QTableWidget, rows: list[tuple[str, ...]],
              read_only: tuple[int, ...] = ()) -> None:
    """Show rows of text in a table without emitting its item signals; the columns in
    read_only cannot be edited in place.

    Only rows whose text changed are written again (in a table not edited in place). A table
    in view with many rows to write gets those in view at once and the others from a timer,
    CHUNK_ROWS at a time, so the window never stalls on thousands of rows; `table_filled`
    says when all are there, `finish_fill` writes the rest at once."""
    filler = getattr(table, "_row_fill", None)
    if filler is None:
        filler = table._row_fill = _TableFill(table)
    filler.fill(rows, read_only)


def table_filled(table: QTableWidget) -> bool:
    filler = getattr(table, "_row_fill", None)
    return filler is None or not filler.pending


def finish_fill(table: QTableWidget) -> None:
    filler = getattr(table, "_row_fill", None)
    if filler is not None:
        filler.finish()
