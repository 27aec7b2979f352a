"""Script settings: the script-wide sections (name, voice, business, calling window, limits,
variables, policies, grading), one tab each. Every edit replaces its section with one
SetSection command; each tab refreshes from the model's section_changed events."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from designer.ui.document import Document
from designer.ui.panels.settings_calls import CallingWindowTab, LimitsTab
from designer.ui.panels.settings_general import BusinessTab, GeneralTab
from designer.ui.panels.settings_grading import GradingTab
from designer.ui.panels.settings_variables import VariablesTab


class ScriptSettingsPanel(QWidget):
    """All script-wide settings, one tab per part."""

    def __init__(self, document: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document = document
        self.general = GeneralTab(document)
        self.business = BusinessTab(document)
        self.window = CallingWindowTab(document)
        self.limits = LimitsTab(document)
        self.variables = VariablesTab(document)
        self.grading = GradingTab(document)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.general, self.tr("General"))
        self.tabs.addTab(self.business, self.tr("Business"))
        self.tabs.addTab(self.window, self.tr("Calling hours"))
        self.tabs.addTab(self.limits, self.tr("Limits"))
        self.tabs.addTab(self.variables, self.tr("Variables"))
        self.tabs.addTab(self.grading, self.tr("Grading"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
