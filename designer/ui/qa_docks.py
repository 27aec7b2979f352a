"""The QA docks in the main window: call simulator, test runner, unanswered questions.

    from designer.ui.qa_docks import install_qa_docks
    docks = install_qa_docks(window)   # once, after the window has built its own docks

The simulator and the test runner draw on `window.scene` (current node, path, heat map); what
either records as unanswered shows in the unanswered dock; a call saved as a case appears in the
test runner's list of case files.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from designer.ui.panels.simulator import SimulatorPanel
from designer.ui.panels.test_runner import TestRunnerPanel
from designer.ui.panels.unanswered import UnansweredPanel


@dataclass
class QaDocks:
    simulator: SimulatorPanel
    tests: TestRunnerPanel
    unanswered: UnansweredPanel

    def wait(self, msecs: int = 30000) -> bool:
        """Let background runs finish (before closing the window, in tests)."""
        return self.tests.wait(msecs) and self.unanswered.wait(msecs)


def install_qa_docks(window: Any) -> QaDocks:
    """Create the three docks on `window` (a MainWindow: document, scene, add_dock)."""
    existing = getattr(window, "qa_docks", None)
    if existing is not None:
        return existing
    doc, scene = window.document, getattr(window, "scene", None)
    docks = QaDocks(SimulatorPanel(doc, scene), TestRunnerPanel(doc, scene),
                    UnansweredPanel(doc))
    right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    tab_with = "problems" if "problems" in getattr(window, "docks", {}) else None
    window.add_dock(docks.simulator, QCoreApplication.translate("MainWindow", "Simulator"), right, name="simulator")
    window.add_dock(docks.tests, QCoreApplication.translate("MainWindow", "Tests"), bottom, name="tests", tabify_with=tab_with)
    window.add_dock(docks.unanswered, QCoreApplication.translate("MainWindow", "Unanswered"), bottom, name="unanswered",
                    tabify_with=tab_with)
    docks.simulator.unanswered_recorded.connect(docks.unanswered.refresh)
    docks.tests.unanswered_recorded.connect(docks.unanswered.refresh)
    docks.simulator.case_saved.connect(lambda _path: docks.tests.refresh_files())
    window.qa_docks = docks
    return docks
