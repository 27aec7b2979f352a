"""Preferences: the interface language (applied at the next start)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget,
)

from designer.ui.i18n import resolve_language, save_language, saved_language
from designer.ui.panels.widgets import ValueCombo


class PreferencesDialog(QDialog):
    """Choose the interface language; saved in the settings when OK is pressed."""

    def __init__(self, parent: Optional[QWidget] = None, settings: Optional[QSettings] = None):
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(380)
        self.language_combo = ValueCombo()
        system = "简体中文" if resolve_language("system") == "zh_CN" else "English"
        # a language is named in itself, so it can be found whatever the interface shows
        self.language_combo.set_choices([
            (self.tr("Follow the system ({language})").format(language=system), "system"),
            ("English", "en"),
            ("简体中文", "zh_CN"),
        ])
        self._initial = saved_language(settings)
        self.language_combo.set_value(self._initial)
        self.language_combo.chosen.connect(self._on_chosen)
        self.restart_note = QLabel(self.tr("The new language is used the next time CallScript "
                                           "Studio starts."))
        self.restart_note.setWordWrap(True)
        self.restart_note.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Interface language"), self.language_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addWidget(buttons)

    def selected_language(self) -> str:
        return self.language_combo.value()

    def _on_chosen(self, language: str) -> None:
        self.language_combo.set_value(language)
        self.restart_note.setVisible(language != self._initial)
        self.adjustSize()

    def accept(self) -> None:
        if self.selected_language() != self._initial:
            save_language(self.selected_language(), self._settings)
        super().accept()
