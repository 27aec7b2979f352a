"""Variables tab of the script settings: the {name} placeholders prompts may use."""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from PySide6.QtWidgets import (
    QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from designer.model import Variable, iter_prompts
from designer.ui.document import Document
from designer.ui.panels.settings_base import SectionTab
from designer.ui.panels.widgets import ListButtons, error_label, fill_rows, show_error

VARIABLE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # what a prompt's {name} can name


class VariablesTab(SectionTab):
    """A table of id / label / example (edited in place) and how many prompts use each."""

    sections = ("variables",)
    follows_nodes = True  # the "used by" column counts prompts

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(document, parent)
        self._rows: list[tuple[str, ...]] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Label"), self.tr("Example"),
                                              self.tr("Used by prompts")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.error = error_label()
        self.buttons = ListButtons(move=False)
        self.buttons.add.clicked.connect(self._add)
        self.buttons.remove.clicked.connect(self._remove)
        hint = QLabel(self.tr("Prompts use a variable as {id}; the example is what the "
                              "simulator and synthesized previews say."))
        hint.setWordWrap(True)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        layout.addWidget(hint)
        self.refresh()

    def refresh(self) -> None:
        script = self.document.script
        uses = Counter(v for p in iter_prompts(script, include_builtin=False)
                       for v in set(p.variables))
        rows = [(vid, var.label, var.example, str(uses[vid]))
                for vid, var in script.variables.items()]
        if rows != self._rows:
            self._rows = rows
            fill_rows(self.table, rows, read_only=(3,))
        self._update_buttons()

    def _update_buttons(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.buttons.update_for(rows[0].row() if rows else -1, self.table.rowCount())

    def _push(self, variables: dict[str, Variable]) -> None:
        self.push_section("variables", variables, self.tr("variables"))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        items = list(self.document.script.variables.items())
        row, column, text = item.row(), item.column(), item.text().strip()
        if row >= len(items) or column > 2:
            return
        vid, var = items[row]
        if column == 0 and text != vid:
            problem = ("" if VARIABLE_ID.match(text) else self.tr(
                "A variable id uses Latin letters, digits and '_', and does not start with a "
                "digit.")) or (self.tr("There is already a variable {id}.").format(id=text)
                               if text in self.document.script.variables else "")
            show_error(self.error, problem)
            if problem:
                self._rows = []  # put the model's id back into the cell
                self.refresh()
                return
            self._push({(text if k == vid else k): v for k, v in items})
            return
        show_error(self.error, "")
        new = Variable(text, var.example) if column == 1 else Variable(var.label, text)
        self._push({k: (new if k == vid else v) for k, v in items})

    def _add(self) -> None:
        variables = self.document.script.variables
        i = 1
        while f"var_{i}" in variables:
            i += 1
        self._push({**variables, f"var_{i}": Variable(self.tr("New variable"), "")})
        self.table.selectRow(len(variables))

    def _remove(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        items = list(self.document.script.variables.items())
        if rows and rows[0].row() < len(items):
            gone = items[rows[0].row()][0]
            self._push({k: v for k, v in items if k != gone})
