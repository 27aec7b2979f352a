"""The audio side of the main window: per-prompt controls in the inspector, the Audio dock, and
File > Export… (Ctrl+E).

    from designer.ui.audio_docks import install_audio_ui
    ui = install_audio_ui(window)   # once, after the window has built its own docks and menus

What it uses of the window: `document`, `inspector` (InspectorPanel), `add_dock` and `docks`,
`problems` (the Problems dock: it re-checks after audio changes and shows an export's blocking
problems), `view.center_on_node`, `actions.quit` (Export… goes into the menu that holds Quit,
just above it) and `show_message` (the status bar).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from designer.model import Problem
from designer.ui.export_dialog import ExportDialog
from designer.ui.panels.audio_panel import AudioPanel
from designer.ui.audio_state import AudioNotifier, audio_notifier
from designer.ui.panels.audio_prompt import audio_widget_factory
from designer.ui.panels.widgets import translate


@dataclass
class AudioUi:
    panel: AudioPanel
    notifier: AudioNotifier
    export_action: QAction
    export_dialog: Optional[ExportDialog] = field(default=None)

    def wait(self, msecs: int = 30000) -> bool:
        """Let background work finish (before closing the window, in tests)."""
        done = self.panel.wait(msecs)
        if self.export_dialog is not None:
            done = self.export_dialog.wait(msecs) and done
        return done


def install_audio_ui(window: Any) -> AudioUi:
    """Plug the audio controls into `window` (a MainWindow; see the module docstring)."""
    existing = getattr(window, "audio_ui", None)
    if existing is not None:
        return existing
    doc = window.document
    notifier = audio_notifier(doc)
    inspector = getattr(window, "inspector", None)
    if inspector is not None:
        inspector.set_audio_widget_factory(audio_widget_factory)
    panel = AudioPanel(doc)
    tab_with = "problems" if "problems" in getattr(window, "docks", {}) else None
    window.add_dock(panel, panel.title(), Qt.DockWidgetArea.BottomDockWidgetArea, name="audio",
                    tabify_with=tab_with)
    view = getattr(window, "view", None)
    if view is not None and hasattr(view, "center_on_node"):
        panel.node_activated.connect(view.center_on_node)
    problems = getattr(window, "problems", None)
    if problems is not None and hasattr(problems, "check_now"):
        notifier.changed.connect(lambda _ids: problems.check_now())  # audio problems follow
    action = _export_action(window)
    ui = AudioUi(panel, notifier, action)
    action.triggered.connect(lambda _checked=False: open_export_dialog(window, ui))
    window.audio_ui = ui
    return ui


def _export_action(window: Any) -> QAction:
    action = QAction(translate("AudioDocks", "&Export…"), window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    tip = translate("AudioDocks", "Build the dialer package: checks, audio, script and "
                    "manifest in one zip")
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} (Ctrl+E)")
    actions = getattr(window, "actions", None)
    quit_action = getattr(actions, "quit", None)
    menu = next((m for m in (quit_action.associatedObjects() if quit_action else [])
                 if isinstance(m, QMenu)), None)
    if menu is not None:
        menu.insertAction(quit_action, action)
        menu.insertSeparator(quit_action)
    else:  # no File menu found: the shortcut still works
        window.addAction(action)
    if actions is not None and not hasattr(actions, "export"):
        actions.export = action  # listed in Help > Keyboard Shortcuts with the others
    return action


def open_export_dialog(window: Any, ui: AudioUi) -> ExportDialog:
    if ui.export_dialog is not None and ui.export_dialog.isVisible():
        ui.export_dialog.raise_()
        return ui.export_dialog
    dialog = ExportDialog(window.document, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show_problems.connect(lambda problems: show_in_problems(window, problems))
    if hasattr(window, "show_message"):
        dialog.exported.connect(lambda path: window.show_message(
            translate("AudioDocks", "Exported {0}").format(path)))
    dialog.destroyed.connect(lambda _obj=None: _forget(ui, dialog))
    ui.export_dialog = dialog
    dialog.open()
    return dialog


def _forget(ui: AudioUi, dialog: ExportDialog) -> None:
    if ui.export_dialog is dialog:
        ui.export_dialog = None


def show_in_problems(window: Any, problems: list[Problem]) -> None:
    """Add an export's blocking problems to the Problems dock (until the next check) and
    bring the dock forward."""
    panel = getattr(window, "problems", None)
    if panel is None:
        return
    seen = {(p.code, p.message, p.node) for p in panel.problems}
    panel.set_problems(list(panel.problems) + [p for p in problems
                                               if (p.code, p.message, p.node) not in seen])
    dock = getattr(window, "docks", {}).get("problems")
    if dock is not None:
        dock.show()
        dock.raise_()
