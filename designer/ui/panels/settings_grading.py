"""Grading tab of the script settings: the default grade and the rules, first that holds wins."""
from __future__ import annotations

import dataclasses
from typing import Any, Optional

from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGridLayout, QGroupBox, QHeaderView, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from designer.model import Condition, Grading, GradingRule
from designer.model.types import END_REASONS
from designer.ui.document import Document
from designer.ui.panels.settings_base import SectionTab, set_spin, spin_box
from designer.ui.panels.widgets import (
    ListButtons, MultiChoiceButton, blocked, fill_rows, intent_choices, node_choices,
    translate,
)

ID_LISTS = ("reached_any", "reached_all", "intents_any", "intents_all")
NUMBERS = ("min_turns", "max_refusals")


def end_reason_names() -> dict[str, str]:
    return {"completed": translate("GradingTab", "completed"),
            "transferred": translate("GradingTab", "transferred"),
            "opt_out": translate("GradingTab", "opted out"),
            "limit": translate("GradingTab", "ended by a limit"),
            "customer_hangup": translate("GradingTab", "customer hung up")}


def condition_summary(c: Condition) -> str:
    """One line a writer can read: every part that must hold."""
    parts = []
    names = {"reached_any": translate("GradingTab", "reached any of {ids}"),
             "reached_all": translate("GradingTab", "reached all of {ids}"),
             "intents_any": translate("GradingTab", "said any of {ids}"),
             "intents_all": translate("GradingTab", "said all of {ids}")}
    for key, text in names.items():
        if getattr(c, key):
            parts.append(text.format(ids=", ".join(getattr(c, key))))
    if c.min_turns is not None:
        parts.append(translate("GradingTab", "at least {n} turns").format(n=c.min_turns))
    if c.max_refusals is not None:
        parts.append(translate("GradingTab", "at most {n} refusals").format(n=c.max_refusals))
    if c.end_reason:
        reasons = end_reason_names()
        parts.append(translate("GradingTab", "ended: {reasons}").format(
            reasons=" / ".join(reasons.get(r, r) for r in c.end_reason)))
    return translate("GradingTab", "; ").join(parts) or translate("GradingTab", "always")


class GradingTab(SectionTab):
    sections = ("grading",)
    follows_nodes = True  # the node and intent pickers

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(document, parent)
        self._rows: list[tuple[str, ...]] = []
        self._row = 0
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.default_edit = self.line(lambda t: self._grading(default=t.strip() or "D"))
        top.addRow(self.tr("Grade when no rule holds"), self.default_edit)
        layout.addLayout(top)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Grade"), self.tr("Label"),
                                              self.tr("When (all must hold)")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.buttons = ListButtons()
        self.buttons.add.clicked.connect(self._add)
        self.buttons.remove.clicked.connect(self._remove)
        self.buttons.up.clicked.connect(lambda: self._move(-1))
        self.buttons.down.clicked.connect(lambda: self._move(1))
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        layout.addWidget(self._build_conditions())
        self.refresh()

    def _build_conditions(self) -> QWidget:
        self.conditions = QGroupBox(self.tr("Conditions of the selected rule"))
        form = QFormLayout(self.conditions)
        labels = {"reached_any": self.tr("Reached any of"), "reached_all": self.tr("Reached all of"),
                  "intents_any": self.tr("Said any of"), "intents_all": self.tr("Said all of")}
        self.id_pickers: dict[str, MultiChoiceButton] = {}
        for key, label in labels.items():
            picker = MultiChoiceButton()
            picker.chosen.connect(lambda ids, k=key: self._condition(**{k: ids}))
            form.addRow(label, picker)
            self.id_pickers[key] = picker
        self.number_spins: dict[str, QSpinBox] = {}
        for key, label in (("min_turns", self.tr("At least this many turns")),
                           ("max_refusals", self.tr("At most this many refusals"))):
            spin = spin_box(-1, 999)
            spin.setSpecialValueText(self.tr("(any)"))
            spin.valueChanged.connect(lambda v, k=key: self._condition(**{k: None if v < 0 else v}))
            form.addRow(label, spin)
            self.number_spins[key] = spin
        row = QWidget()
        grid = QGridLayout(row)  # two columns: the tab stays narrow enough for a dock
        grid.setContentsMargins(0, 0, 0, 0)
        self.reason_checks: dict[str, QCheckBox] = {}
        for i, (reason, name) in enumerate(end_reason_names().items()):
            check = QCheckBox(name)
            check.toggled.connect(lambda _on: self._reasons())
            grid.addWidget(check, i // 2, i % 2)
            self.reason_checks[reason] = check
        form.addRow(self.tr("The call ended"), row)
        return self.conditions

    # ---- model -> widgets ----------------------------------------------------------------
    def current_row(self) -> int:
        return self._row if self._row < len(self.document.script.grading.rules) else -1

    def select_row(self, row: int) -> None:
        self._row = row
        self.refresh()

    def refresh(self) -> None:
        grading = self.document.script.grading
        self.default_edit.set_value(grading.default)
        rows = [(r.grade, r.label, condition_summary(r.when)) for r in grading.rules]
        if rows != self._rows:
            self._rows = rows
            fill_rows(self.table, rows, read_only=(2,))
        self._row = min(self._row, len(rows) - 1) if rows else 0
        with blocked(self.table):
            self.table.selectRow(self._row) if rows else self.table.clearSelection()
        self.buttons.update_for(self.current_row(), len(rows))
        self._fill_conditions()

    def _fill_conditions(self) -> None:
        rules = self.document.script.grading.rules
        self.conditions.setEnabled(bool(rules))
        when = rules[self._row].when if rules else Condition()
        script = self.document.script
        for key, picker in self.id_pickers.items():
            picker.set_choices(node_choices(script) if key.startswith("reached")
                               else intent_choices(script))
            picker.set_value(getattr(when, key))
        for key, spin in self.number_spins.items():
            value = getattr(when, key)
            set_spin(spin, -1 if value is None else value)
        with blocked(*self.reason_checks.values()):
            for reason, check in self.reason_checks.items():
                check.setChecked(reason in when.end_reason)

    # ---- widgets -> commands -------------------------------------------------------------
    def _grading(self, **change: Any) -> None:
        grading: Grading = dataclasses.replace(self.document.script.grading, **change)
        self.push_section("grading", grading, self.tr("grading"))

    def _rules(self, rules: tuple[GradingRule, ...]) -> None:
        self._grading(rules=rules)

    def _replace_rule(self, row: int, **change: Any) -> None:
        rules = list(self.document.script.grading.rules)
        if 0 <= row < len(rules):
            rules[row] = dataclasses.replace(rules[row], **change)
            self._rules(tuple(rules))

    def _condition(self, **change: Any) -> None:
        rules = self.document.script.grading.rules
        if 0 <= self._row < len(rules):
            self._replace_rule(self._row, when=dataclasses.replace(rules[self._row].when,
                                                                   **change))

    def _reasons(self) -> None:
        self._condition(end_reason=tuple(r for r in END_REASONS if self.reason_checks[r]
                                         .isChecked()))

    def _on_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() != self._row:
            self.select_row(rows[0].row())

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        text = item.text().strip()
        if item.column() == 0 and not text:  # a rule needs a grade: put the old one back
            self._rows = []
            self.refresh()
            return
        self._replace_rule(item.row(), **{("grade" if item.column() == 0 else "label"): text})

    def _add(self) -> None:
        rules = self.document.script.grading.rules
        self._row = len(rules)
        self._rules(rules + (GradingRule(grade="B", label=self.tr("New rule")),))

    def _remove(self) -> None:
        rules = self.document.script.grading.rules
        if 0 <= self._row < len(rules):
            self._rules(rules[:self._row] + rules[self._row + 1:])

    def _move(self, step: int) -> None:
        rules, row = list(self.document.script.grading.rules), self._row
        if 0 <= row < len(rules) and 0 <= row + step < len(rules):
            rules[row], rules[row + step] = rules[row + step], rules[row]
            self._row = row + step
            self._rules(tuple(rules))
