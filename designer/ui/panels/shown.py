"""Panels that fill when someone can see them.

A panel in a dock that is closed or behind another dock's tab, or on a tab page that is not
chosen, does not redraw itself when the script changes: the change only marks it stale, and it
refreshes the moment it comes into view (its dock's tab is chosen, the dock is opened from
View > Panels, its tab page is picked), before that view is painted. Opening a 2,000-node
script thus fills only what the first paint shows (the inspector and the problems), not the
2,000 rows of the intents list behind the inspector's tab.

Qt does not hide a dock whose tab is behind another: it moves it out of sight and keeps
`isVisible()` true. Only the dock's `visibilityChanged` signal tells, so every dock is tracked
from that signal (`track_dock`, called by MainWindow.add_dock; a dock found otherwise is
tracked from the moment a panel in it asks).

A panel that is in no dock (built on its own, as in tests, or in a dialog) always refreshes at
once: there is nothing to wait for.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget, QWidget

_SHOWN = "callscript_dock_shown"  # dynamic property of a tracked dock: its tab is in front


class _DockTracker(QObject):
    def __init__(self, dock: QDockWidget):
        super().__init__(dock)
        self.dock = dock
        # before the first signal: shown when it is visible and not moved out of sight
        dock.setProperty(_SHOWN, dock.isVisible() and not dock.visibleRegion().isEmpty())
        dock.visibilityChanged.connect(self._changed)

    def _changed(self, shown: bool) -> None:
        self.dock.setProperty(_SHOWN, bool(shown))


def track_dock(dock: QDockWidget) -> None:
    """Follow whether dock can be seen (idempotent)."""
    if dock.property(_SHOWN) is None:
        _DockTracker(dock)


def prepare(widget: QWidget) -> None:
    """After widget was put in its dock: every panel under it finds its dock now (once,
    when the window is built) rather than at the first change of the script."""
    for gate in widget.findChildren(WhenShown):
        gate.locate()


def enclosing_dock(widget: QWidget) -> Optional[QDockWidget]:
    w: Optional[QWidget] = widget
    while w is not None and not isinstance(w, QDockWidget):
        w = w.parentWidget()
    return w


def on_screen(widget: QWidget) -> bool:
    """True when widget can be seen, or is in no dock at all (see the module docstring); False
    when a widget between it and its dock is hidden (a tab page not chosen) or the dock is
    closed or behind another tab."""
    dock = enclosing_dock(widget)
    if dock is None:
        return True
    w = widget
    while w is not dock:
        if w.isHidden():
            return False
        w = w.parentWidget()
    track_dock(dock)
    return bool(dock.property(_SHOWN))


class WhenShown(QObject):
    """Runs `refresh` now when the panel can be seen, else as the panel comes into view.

        self._seen = WhenShown(self, self._refresh)
        ...
        self._seen.request()      # the script changed: refresh now, or when shown
    """

    def __init__(self, widget: QWidget, refresh: Callable[[], None]):
        super().__init__(widget)
        self.widget = widget
        self._refresh = refresh
        self.stale = False  # a change arrived while hidden: refresh when shown
        # the widgets from the panel up to its dock, kept (asking Qt for a parent makes a new
        # Python wrapper each time), and the dock whose visibilityChanged is followed
        self._chain: list[QWidget] = []
        self._dock: Optional[QDockWidget] = None
        widget.installEventFilter(self)

    def request(self) -> bool:
        """The panel's contents are out of date: refresh now when it can be seen (True),
        else mark it stale (False)."""
        if self.seen():
            self.stale = False
            self._refresh()
            return True
        self.stale = True
        return False

    def flush(self) -> None:
        """Refresh now if stale, seen or not (for a caller that reads the contents)."""
        if self.stale:
            self.stale = False
            self._refresh()

    def seen(self) -> bool:
        """on_screen(widget), from the widgets kept."""
        self.locate()
        if self._dock is None:
            return True
        return not any(w.isHidden() for w in self._chain) and bool(self._dock.property(_SHOWN))

    def locate(self) -> None:
        """Find (again, when it moved) the widgets up to the dock and follow the dock."""
        if self._chain and self._chain[-1].parentWidget() is self._dock:
            return  # nothing above the kept widgets moved
        chain, w = [], self.widget
        while w is not None and not isinstance(w, QDockWidget):
            chain.append(w)
            w = w.parentWidget()
        self._chain = chain
        if w is not self._dock:
            if self._dock is not None:
                self._dock.visibilityChanged.disconnect(self._on_dock_visibility)
            self._dock = w
            if w is not None:
                track_dock(w)
                w.visibilityChanged.connect(self._on_dock_visibility)

    def _on_dock_visibility(self, shown: bool) -> None:
        if shown and self.stale:
            self.request()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Show and self.stale:
            self.request()  # a tab page chosen, a dock opened: before it is painted
        elif kind == QEvent.Type.ParentChange:
            self._chain = []
        return False
