"""Calling-hours and Limits tabs of the script settings."""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Optional

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from designer.model import CallingWindow, Limits
from designer.model.calendar import parse_hours_range
from designer.model.types import WEEKDAYS
from designer.ui.document import Document
from designer.ui.panels.settings_base import SectionTab, set_spin, spin_box, suggest
from designer.ui.panels.widgets import (
    ValueCombo, blocked, error_label, node_choices, show_error,
)

NEW_WINDOW = CallingWindow("", ("mon", "tue", "wed", "thu", "fri"), ("09:00-12:00", "14:00-18:00"))


def time_zones() -> list[str]:
    return [bytes(z).decode() for z in QTimeZone.availableTimeZoneIds()]


class CallingWindowTab(SectionTab):
    """When the script may call: time zone, days and hour ranges (or no restriction)."""

    sections = ("calling_window",)

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(document, parent)
        layout = QVBoxLayout(self)
        self.enabled_check = QCheckBox(self.tr("Only call within these hours"))
        self.enabled_check.toggled.connect(self._enable)
        layout.addWidget(self.enabled_check)
        self.details = QWidget()
        form = QFormLayout(self.details)
        self.timezone_edit = suggest(self.line(self._timezone), time_zones())
        self.timezone_edit.setPlaceholderText("Asia/Shanghai")
        self.timezone_error = error_label()
        self.hours_edit = self.line(self._hours)
        self.hours_edit.setPlaceholderText("09:00-12:00, 14:00-20:00")
        self.hours_error = error_label()
        form.addRow(self.tr("Time zone"), self.timezone_edit)
        form.addRow("", self.timezone_error)
        form.addRow(self.tr("Days"), self._build_days())
        form.addRow(self.tr("Hours"), self.hours_edit)
        form.addRow("", self.hours_error)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.refresh()

    def _build_days(self) -> QWidget:
        names = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                 self.tr("Sat"), self.tr("Sun")]
        row = QWidget()
        grid = QGridLayout(row)  # four columns: the tab stays narrow enough for a dock
        grid.setContentsMargins(0, 0, 0, 0)
        self.day_checks: dict[str, QCheckBox] = {}
        for i, (day, name) in enumerate(zip(WEEKDAYS, names)):
            check = QCheckBox(name)
            check.toggled.connect(lambda _on: self._days())
            grid.addWidget(check, i // 4, i % 4)
            self.day_checks[day] = check
        return row

    def refresh(self) -> None:
        window = self.document.script.calling_window
        with blocked(self.enabled_check, *self.day_checks.values()):
            self.enabled_check.setChecked(window is not None)
            for day, check in self.day_checks.items():
                check.setChecked(window is not None and day in window.days)
        self.details.setEnabled(window is not None)
        self.timezone_edit.set_value(window.timezone if window else "")
        self.hours_edit.set_value(", ".join(window.hours) if window else "")
        show_error(self.timezone_error, "")
        show_error(self.hours_error, "")

    def _push(self, window: Optional[CallingWindow]) -> None:
        self.push_section("calling_window", window, self.tr("calling hours"))

    def _enable(self, on: bool) -> None:
        self._push(NEW_WINDOW if on else None)

    def _change(self, **change: Any) -> None:
        window = self.document.script.calling_window
        if window is not None:
            self._push(dataclasses.replace(window, **change))

    def _timezone(self, text: str) -> None:
        name = text.strip()
        if name and not QTimeZone(name.encode()).isValid():
            show_error(self.timezone_error, self.tr("Unknown time zone “{name}”; use a name like "
                                                    "Asia/Shanghai or America/New_York.")
                       .format(name=name))
            return
        show_error(self.timezone_error, "")
        self._change(timezone=name)

    def _days(self) -> None:
        self._change(days=tuple(d for d, check in self.day_checks.items() if check.isChecked()))

    def _hours(self, text: str) -> None:
        ranges = tuple(p for p in re.split(r"[,;，；\s]+", text) if p)
        bad = [r for r in ranges if parse_hours_range(r) is None]
        if bad:
            show_error(self.hours_error, self.tr("“{range}” must look like 09:00-12:00 (start "
                                                 "before end).").format(range=bad[0]))
            return
        show_error(self.hours_error, "")
        self._change(hours=ranges)


class LimitsTab(SectionTab):
    """Counters that end the call, and the node the call goes to when one is exceeded."""

    sections = ("limits",)
    follows_nodes = True

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(document, parent)
        form = QFormLayout(self)
        self.spins = {"max_turns": spin_box(1, 200), "max_refusals": spin_box(0, 20),
                      "max_no_match": spin_box(0, 20), "max_no_input": spin_box(0, 20)}
        labels = {"max_turns": self.tr("Customer turns at most"),
                  "max_refusals": self.tr("Refusals allowed"),
                  "max_no_match": self.tr("Not understood, per node"),
                  "max_no_input": self.tr("Silences, per node")}
        for name, spin in self.spins.items():
            spin.valueChanged.connect(lambda v, n=name: self._limits(**{n: v}))
            form.addRow(labels[name], spin)
        self.spins["max_refusals"].setToolTip(self.tr(
            "A refusal above this count ends the call at the limit node; 0 ends it at the "
            "first refusal."))
        self.on_limit_combo = ValueCombo()
        self.on_limit_combo.chosen.connect(lambda nid: self._limits(on_limit=nid))
        form.addRow(self.tr("Above a limit, go to"), self.on_limit_combo)
        hint = QLabel(self.tr("A count above its limit sends the call to this node, which ends "
                              "the call."))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.refresh()

    def refresh(self) -> None:
        limits = self.document.script.limits
        for name, spin in self.spins.items():
            set_spin(spin, getattr(limits, name))
        self.on_limit_combo.set_choices([(self.tr("(built-in goodbye line, then hang up)"), None)]
                                        + node_choices(self.document.script))
        self.on_limit_combo.set_value(limits.on_limit)

    def _limits(self, **change: Any) -> None:
        limits: Limits = dataclasses.replace(self.document.script.limits, **change)
        self.push_section("limits", limits, self.tr("limits"))
