"""Script settings: the script-wide sections (name, voice, business, calling window, limits,
variables, policies, grading), one tab each. Every edit replaces its section with one
SetSection command; each tab refreshes from the model's section_changed events."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from designer.ui.document import Document
from designer.ui.panels.settings_calls import CallingWindowTab, LimitsTab
from designer.ui.panels.settings_general import BusinessTab, GeneralTab
from designer.ui.panels.settings_grading import GradingTab
from designer.ui.panels.settings_variables import VariablesTab


def scrolled(tab: QWidget) -> QScrollArea:
    """A tab in a scroll area, so the panel fits a narrow or short dock."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(tab)
    return area


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
        self.tabs.setUsesScrollButtons(True)
        for tab, title in ((self.general, self.tr("General")), (self.business, self.tr("Business")),
                           (self.window, self.tr("Calling hours")), (self.limits, self.tr("Limits")),
                           (self.variables, self.tr("Variables")),
                           (self.grading, self.tr("Grading"))):
            self.tabs.addTab(scrolled(tab), title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
