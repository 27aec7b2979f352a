"""MainWindow: the canvas in the middle, panels in docks around it, menus, toolbar, status bar.

The title shows the file name and `*` while the undo stack is not at its clean state.

Adding a dock (simulator, coverage, unanswered questions...):

    dock = window.add_dock(MyPanel(window.document), window.tr("Simulator"),
                           Qt.DockWidgetArea.BottomDockWidgetArea, name="simulator")

`name` is the dock's objectName (kept in the saved window state) and its key in
`window.docks`; `tabify_with="problems"` stacks it as a tab on another dock. The dock's toggle
appears in View > Panels. The canvas API for highlighting is on `window.scene` (see
designer/ui/canvas/scene.py: set_highlight, set_path, set_heat, clear_heat).
"""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget, QFrame, QLabel, QMainWindow, QMessageBox, QScrollArea, QWidget,
)

from designer.analysis.layout import layered_layout
from designer.ui import commands as cmd
from designer.ui import resources, settings
from designer.ui.actions import WindowActions, build_menus, build_toolbar, fill_recent_menu
from designer.ui.canvas import GraphScene, GraphView, OverviewView
from designer.ui.canvas import clipboard
from designer.ui.dialogs import Prompter
from designer.ui.document import Document
from designer.ui.file_actions import FileController
from designer.ui.i18n import active_language
from designer.ui.panels.faq import FaqPanel
from designer.ui.panels.inspector import InspectorPanel
from designer.ui.panels.intents import IntentsPanel
from designer.ui.panels.problems import ProblemsPanel
from designer.ui.panels.script_settings import ScriptSettingsPanel
from designer.ui.panels.shown import prepare as prepare_panels, track_dock
from designer.ui.preferences import PreferencesDialog
from designer.ui.recovery import RecoveryEntry, RecoveryStore
from designer.ui.search import SearchField

APP_TITLE = "CallScript Studio"
MAX_DOCK_MIN = (420, 240)  # a panel needing more (width, height) than this scrolls in its dock
READABLE_ZOOM = 0.7  # on open, never fit smaller than this: show the start readable instead


class MainWindow(QMainWindow):
    def __init__(self, document: Optional[Document] = None,
                 store: Optional[RecoveryStore] = None, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.document = document or Document()
        if self.document.parent() is None:  # dies with the window, after its slots are cut
            self.document.setParent(self)
        self.prompts = Prompter(self)  # every question asked; tests replace it
        self.files = FileController(self.document, lambda: self.prompts, store, self)
        self.scene = GraphScene(self.document)  # owned by the view (see GraphView)
        self.view = GraphView(self.scene, self)
        self.setCentralWidget(self.view)
        self.docks: dict[str, QDockWidget] = {}
        self.search = SearchField(lambda: self.document.script, self)
        self._paste_count = 0
        self._build_docks()
        self.actions = WindowActions(self)
        self.recent_menu = build_menus(self, self.actions)
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        self.toolbar = build_toolbar(self, self.actions, self.search)
        self.view.context_actions = [self.actions.paste, self.actions.auto_layout,
                                     self.actions.fit] + [
            a for a in self.actions.all() if a.data() == "node"]
        self._build_status_bar()
        self._connect()
        fill_recent_menu(self, self.recent_menu, settings.recent_files())
        self.setWindowIcon(resources.icon("app"))
        self.resize(1400, 900)
        self.update_title()

    # ---- docks ----------------------------------------------------------------------------
    def add_dock(self, widget: QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                 name: Optional[str] = None, tabify_with: Optional[str] = None,
                 scroll: Optional[bool] = None) -> QDockWidget:
        """Put a panel in a dock; see the module docstring. A panel whose minimum size would
        force the window larger than a laptop screen gets a scroll area (scroll=None: when
        it needs one; True/False to choose)."""
        dock = QDockWidget(title, self)
        name = name or widget.__class__.__name__
        dock.setObjectName(f"dock_{name}")
        if scroll is None:
            least = widget.minimumSizeHint()
            scroll = least.height() > MAX_DOCK_MIN[1] or least.width() > MAX_DOCK_MIN[0]
        if scroll:
            scroller = QScrollArea(dock)
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(widget)
            dock.setWidget(scroller)
        else:
            dock.setWidget(widget)
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        track_dock(dock)  # its panels fill when its tab is in front (panels/shown.py)
        self.addDockWidget(area, dock)
        if tabify_with and tabify_with in self.docks:
            self.tabifyDockWidget(self.docks[tabify_with], dock)
        prepare_panels(dock)
        self.docks[name] = dock
        if hasattr(self, "panels_menu"):
            self.panels_menu.addAction(dock.toggleViewAction())
        return dock

    def _build_docks(self) -> None:
        d = self.document
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.inspector = InspectorPanel(d)
        self.add_dock(self.inspector, self.tr("Inspector"), right, "inspector")
        self.add_dock(IntentsPanel(d), self.tr("Intents"), right, "intents", "inspector")
        self.add_dock(FaqPanel(d), self.tr("FAQ"), right, "faq", "inspector")
        self.add_dock(ScriptSettingsPanel(d), self.tr("Script"), right, "settings", "inspector")
        self.docks["inspector"].raise_()
        self.problems = ProblemsPanel(d)
        self.add_dock(self.problems, self.tr("Problems"), bottom, "problems")
        self.overview = OverviewView(self.view)
        overview = self.add_dock(self.overview, self.tr("Overview"), bottom, "overview")
        self.splitDockWidget(self.docks["problems"], overview, Qt.Orientation.Horizontal)
        self._sized = False

    def arrange_docks(self) -> None:
        """The default places of docks added by others (call after adding them): the
        simulator as a tab beside the inspector, run results beside the problems; the
        inspector and the problems tabs in front."""
        for name, beside in (("simulator", "inspector"), ("tests", "problems"),
                             ("unanswered", "problems")):
            if name in self.docks and beside in self.docks:
                self.tabifyDockWidget(self.docks[beside], self.docks[name])
        for name in ("inspector", "problems"):
            self.docks[name].raise_()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.problems.resume()  # shown again after a close
        if not self._sized:  # dock sizes only stick once the window has its size
            self._sized = True
            self.default_dock_sizes()

    def default_dock_sizes(self) -> None:
        self.resizeDocks([self.docks["inspector"]], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["problems"], self.docks["overview"]],
                         [self.width() - 300, 280], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["problems"]], [190], Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.problem_label = QLabel(self)
        self.node_label = QLabel(self)
        self.zoom_label = QLabel(self)
        for label in (self.problem_label, self.node_label, self.zoom_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self._update_counts()
        self._show_zoom(self.view.zoom())

    def _connect(self) -> None:
        d = self.document
        # bound methods, not lambdas: Qt drops them when the window goes, a lambda would
        # still run on a deleted window while the document dies
        d.modified_changed.connect(self.update_title)
        d.path_changed.connect(self.update_title)
        d.script_replaced.connect(self._on_script_replaced)
        d.changed.connect(self._update_counts)
        self.files.status.connect(self.show_message)
        self.files.recent_changed.connect(self._fill_recent)
        self.scene.message.connect(self.show_message)
        self.scene.node_activated.connect(self._show_inspector)
        self.problems.node_activated.connect(self.view.center_on_node)
        self.problems.counts_changed.connect(self._show_problem_counts)
        self.view.zoom_changed.connect(self._show_zoom)
        self.search.found.connect(self.view.center_on_node)
        self.search.message.connect(self.show_message)
        d.undo_stack.indexChanged.connect(self._show_undo_text)

    # ---- title and status -----------------------------------------------------------------
    def _fill_recent(self, files: list) -> None:
        fill_recent_menu(self, self.recent_menu, files)

    def update_title(self, *_args) -> None:
        name = self.document.display_name() or self.tr("Untitled")
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.is_modified())

    def show_message(self, text: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(text, msecs)

    def _show_undo_text(self, *_args) -> None:
        stack = self.document.undo_stack
        if stack.index() > 0:
            self.show_message(self.tr("Done: {0}").format(stack.text(stack.index() - 1)), 3000)

    def _update_counts(self, *_args) -> None:
        self.node_label.setText(self.tr("{0} nodes").format(len(self.document.script.nodes)))

    def _show_problem_counts(self, errors: int, warnings: int, _infos: int) -> None:
        self.problem_label.setText(self.tr("{0} errors, {1} warnings").format(errors, warnings))

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)}%")

    def _on_script_replaced(self) -> None:
        self.update_title()
        self._update_counts()
        self.problem_label.clear()  # the last script's counts; the new ones follow the check
        QTimer.singleShot(0, self.show_flow)

    def show_flow(self) -> None:
        """The first view of a script: all of it when it fits readably, else its start."""
        flow = self.scene.flow_rect()
        port = self.view.viewport().rect()
        # the zoom fitting the flow is at most this (fit_to_window adds margins): when even
        # that is too small to read, go straight to the start (fitting first, then zooming
        # in, switched the whole scene to its far drawing and back: ~40 ms at 2,000 nodes)
        most = min(port.width() / flow.width(), port.height() / flow.height()) \
            if flow.width() > 0 and flow.height() > 0 else READABLE_ZOOM
        if most >= READABLE_ZOOM:
            self.view.fit_to_window()
            if self.view.zoom() >= READABLE_ZOOM:
                return
        self.view.set_zoom(READABLE_ZOOM + 0.05)
        start = self.scene.items_by_id.get(self.document.script.start)
        if start is not None:
            width = self.view.visible_scene_rect().width()
            self.view.centerOn(start.pos().x() - 60 + width / 2,
                               start.sceneBoundingRect().center().y())
        elif not flow.isEmpty():
            self.view.centerOn(flow.center())
        self.view.viewport_moved.emit()

    def _show_inspector(self, _node_id: str) -> None:
        dock = self.docks["inspector"]
        dock.show()
        dock.raise_()

    # ---- edit commands --------------------------------------------------------------------
    def copy_nodes(self) -> bool:
        ids = self.scene.selected_node_ids()
        if not ids:
            return False
        positions = {n: self.scene.card_position(n) for n in ids}  # builds no card
        clipboard.put_on_clipboard(clipboard.copy_text(self.document.script, ids, positions))
        self._paste_count = 0
        self.show_message(self.tr("Copied {0} node(s)").format(len(ids)))
        return True

    def cut_nodes(self) -> bool:
        return self.copy_nodes() and self.scene.delete_selection()

    def paste_nodes(self, text: Optional[str] = None) -> list[str]:
        text = text if text is not None else clipboard.clipboard_text()
        if not text:
            self.show_message(self.tr("The clipboard holds no nodes"))
            return []
        self._paste_count += 1
        offset = (clipboard.PASTE_OFFSET[0] * self._paste_count,
                  clipboard.PASTE_OFFSET[1] * self._paste_count)
        try:
            command, ids = clipboard.paste_command(self.document.script, text, offset)
        except clipboard.ScriptFileError as exc:
            self.show_message(self.tr("Cannot paste: {0}").format(
                exc.problems[0].localized(active_language())))
            return []
        if command is None:
            return []
        self.document.push(command)
        self.document.select_nodes(ids)
        self.show_message(self.tr("Pasted {0} node(s)").format(len(ids)))
        return ids

    def duplicate_nodes(self) -> list[str]:
        ids = self.scene.selected_node_ids()
        if not ids:
            return []
        positions = {n: self.scene.card_position(n) for n in ids}  # builds no card
        self._paste_count = 0
        return self.paste_nodes(clipboard.copy_text(self.document.script, ids, positions))

    def add_node(self) -> str:
        return self.scene.add_node_at(self.view.visible_scene_rect().center())

    def _one_selected(self) -> Optional[str]:
        ids = self.document.selected_nodes()
        if len(ids) != 1:
            self.show_message(self.tr("Select one node first"))
            return None
        return ids[0]

    def set_start_node(self) -> None:
        nid = self._one_selected()
        if nid:
            self.scene.set_start(nid)

    def set_limit_node(self) -> None:
        nid = self._one_selected()
        if nid:
            self.scene.set_limit_node(nid)

    def auto_layout(self) -> bool:
        """Lay the whole flow out left to right: one undoable step."""
        script = self.document.script
        moves = {nid: (script.nodes[nid].position, (float(x), float(y)))
                 for nid, (x, y) in layered_layout(script).items()
                 if script.nodes[nid].position != (float(x), float(y))}
        if not moves:
            self.show_message(self.tr("The flow is already laid out"))
            return False
        command = cmd.MoveNodes(script, moves)
        command.setText(self.tr("Auto-layout"))
        self.document.push(command)
        self.scene.update_scene_rect()
        self.view.fit_to_window()
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ---- help -----------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        rows = []
        for act in self.actions.all():
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in act.shortcuts())
            if keys:
                name = act.text().replace("&", "")
                rows.append(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>")
        extra = [(self.tr("Pan"), self.tr("Middle button drag, or Space + drag")),
                 (self.tr("Zoom"), self.tr("Mouse wheel")),
                 (self.tr("Connect"), self.tr("Drag from a card's round handle to another card")),
                 (self.tr("Select several"), self.tr("Drag a band on empty canvas"))]
        rows += [f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in extra]
        QMessageBox.information(self, self.tr("Keyboard shortcuts"),
                                "<table cellspacing=6>" + "".join(rows) + "</table>")

    def show_preferences(self) -> None:
        dialog = PreferencesDialog(self, settings.app_settings())
        if dialog.exec():
            self.show_message(self.tr("Preferences saved"))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About CallScript Studio"), self.tr(
            "<b>CallScript Studio</b><p>Design, test and export voice-robot call scripts "
            "that say they are robots, stop when told no and answer what was asked.</p>"))

    # ---- recovery and closing --------------------------------------------------------------
    def pending_recovery(self) -> list[RecoveryEntry]:
        return self.files.pending_recovery()

    def offer_recovery(self, mode: str = "ask") -> Optional[RecoveryEntry]:
        """After a crash: offer the autosaved work. mode: "ask" (a dialog), "accept" (restore
        the newest without asking), "ignore" (leave it pending). Returns what was restored."""
        entries = self.pending_recovery()
        if not entries or mode == "ignore":
            return None
        entry = entries[0]
        if mode == "accept" or self.prompts.ask_restore(entry):
            return entry if self.files.restore(entry) else None
        self.files.discard_recovery(entry)
        return None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.files.close_cleanly()
        self.problems.stop()  # a closed window checks nothing (nor when the application exits)
        store = settings.app_settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        event.accept()

    def restore_window_state(self) -> None:
        store = settings.app_settings()
        geometry, state = store.value("window/geometry"), store.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None and self.restoreState(state):
            self._sized = True  # the user's own dock sizes


def recovery_mode() -> str:
    """How a starting window offers crash recovery: CALLSCRIPT_NO_RECOVERY_PROMPT=1 (tests)
    leaves it pending, CALLSCRIPT_RECOVERY=accept restores without asking."""
    if os.environ.get("CALLSCRIPT_RECOVERY") == "accept":
        return "accept"
    return "ignore" if os.environ.get("CALLSCRIPT_NO_RECOVERY_PROMPT") == "1" else "ask"
