"""A guard against a PySide6 6.12.0 defect on Python 3.11.

The 6.12.0 wheels (abi3) treat None, True and False as immortal, as they are from Python 3.12
on: every call of a Qt method that returns nothing (`item.setPos()`, `label.setText()`,
`painter.drawText()`...) and every `signal.emit()` hands back one reference to None/True that
it never took. On Python 3.11 the count reaches zero after some thousands of calls and CPython
aborts ("Fatal Python error: none_dealloc"); a canvas of a few hundred cards does that in
seconds. pyproject.toml pins 6.11.3 for that reason; this guard stays for an environment
that still has 6.12.0, and does nothing where the defect is absent.

protect_singletons() gives those objects what 3.12 gives them: a reference count so large that
no run can use it up (2**40 calls), so the stolen references are harmless. It checks that it
found the count where CPython keeps it before it writes anything, and does nothing on 3.12+.
"""
from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_done = False


def _qt_steals_none() -> bool:
    """Measured, not assumed: do void Qt calls hand back references to None they never took?"""
    from PySide6.QtCore import QPointF

    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(16):
        point.setX(1.0)
    return sys.getrefcount(None) < before - 8


def protect_singletons() -> bool:
    """Make None, True and False effectively immortal on Python < 3.12 when the installed
    PySide6 has the defect (the project pins 6.11.3, which has not). Idempotent; returns
    whether the counts are now safe."""
    global _done
    if _done or sys.version_info >= (3, 12) or not _qt_steals_none():
        _done = True
        return True
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        # sys.getrefcount counts its own argument once more
        if count.value != sys.getrefcount(obj) - 1:
            return False  # an unusual CPython build: leave it alone
        count.value += _BOOST
    _done = True
    return True


protect_singletons()
