"""The window's actions, menus and toolbar. Every action has a standard shortcut where Qt
has one (QKeySequence.StandardKey), a status tip, and an icon from resources/icons."""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from designer.ui import resources

Std = QKeySequence.StandardKey


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys, then Ctrl+Y and Ctrl+Shift+Z where the platform has not
    already bound them: a key listed twice on one action is "ambiguous" to Qt and does
    nothing (the offscreen and Windows standard Redo is Ctrl+Y itself)."""
    keys: list[QKeySequence] = []
    for key in [*QKeySequence.keyBindings(Std.Redo), QKeySequence("Ctrl+Y"),
                QKeySequence("Ctrl+Shift+Z")]:
        if not key.isEmpty() and key not in keys:
            keys.append(key)
    return keys


class WindowActions:
    """Builds and holds the QActions of a MainWindow (attributes named after what they do)."""

    def __init__(self, window):
        self.window = window
        w = window
        f = w.files
        self.new = self._make(self.tr("&New"), f.new_script, Std.New, "document-new",
                              self.tr("Start a new script"))
        self.open = self._make(self.tr("&Open…"), f.open_dialog, Std.Open, "document-open",
                               self.tr("Open a script file"))
        self.save = self._make(self.tr("&Save"), f.save, Std.Save, "document-save",
                               self.tr("Save the script (atomically: never a half-written file)"))
        self.save_as = self._make(self.tr("Save &As…"), f.save_as, Std.SaveAs, None,
                                  self.tr("Save the script under another name"))
        self.reload = self._make(self.tr("&Reload from Disk"), f.reload, "Ctrl+Shift+R", None,
                                 self.tr("Read the file again, dropping unsaved changes"))
        self.quit = self._make(self.tr("&Quit"), w.close, Std.Quit, None,
                               self.tr("Close the window"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        stack = w.document.undo_stack
        self.undo = stack.createUndoAction(w, self.tr("&Undo"))
        self.undo.setShortcut(Std.Undo)
        self.undo.setIcon(resources.icon("edit-undo"))
        self.undo.setStatusTip(self.tr("Undo the last edit"))
        self.redo = stack.createRedoAction(w, self.tr("&Redo"))
        self.redo.setShortcuts(redo_keys())
        self.redo.setIcon(resources.icon("edit-redo"))
        self.redo.setStatusTip(self.tr("Redo the edit just undone"))
        # canvas edits: only while the canvas has focus, so text fields keep their keys
        self.cut = self._canvas(self.tr("Cu&t"), w.cut_nodes, Std.Cut, None,
                                self.tr("Cut the selected nodes"))
        self.copy = self._canvas(self.tr("&Copy"), w.copy_nodes, Std.Copy, "edit-copy",
                                 self.tr("Copy the selected nodes with the arrows between them"))
        self.paste = self._canvas(self.tr("&Paste"), w.paste_nodes, Std.Paste, "edit-paste",
                                  self.tr("Paste nodes (new ids, moved aside)"))
        self.duplicate = self._canvas(self.tr("D&uplicate"), w.duplicate_nodes, "Ctrl+D", None,
                                      self.tr("Copy and paste the selected nodes at once"))
        self.delete = self._canvas(self.tr("&Delete"), w.scene.delete_selection, Std.Delete,
                                   "edit-delete",
                                   self.tr("Delete the selected nodes or arrows"))
        self.delete.setShortcuts([QKeySequence(Std.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        self.select_all = self._canvas(self.tr("Select &All"), w.scene.select_all_nodes,
                                       Std.SelectAll, None, self.tr("Select every node"))
        self.preferences = self._make(self.tr("Pre&ferences…"), w.show_preferences,
                                      Std.Preferences, None,
                                      self.tr("Interface language and other choices"))
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.find = self._make(self.tr("&Find Node…"), w.focus_search, Std.Find, "find",
                               self.tr("Find a node by id or by what it says"))
        self.find_next = self._make(self.tr("Find &Next"), w.search.find_next, Std.FindNext,
                                    None, self.tr("Go to the next match"))
        self.find_previous = self._make(self.tr("Find Pre&vious"), w.search.find_previous,
                                        Std.FindPrevious, None,
                                        self.tr("Go to the previous match"))
        v = w.view
        self.zoom_in = self._make(self.tr("Zoom &In"), v.zoom_in, Std.ZoomIn, "zoom-in",
                                  self.tr("Zoom in"))
        self.zoom_in.setShortcuts([QKeySequence(Std.ZoomIn), QKeySequence("Ctrl+=")])
        self.zoom_out = self._make(self.tr("Zoom &Out"), v.zoom_out, Std.ZoomOut, "zoom-out",
                                   self.tr("Zoom out"))
        self.zoom_reset = self._make(self.tr("&Actual Size"), v.reset_zoom, "Ctrl+1", None,
                                     self.tr("Zoom to 100%"))
        self.fit = self._make(self.tr("&Fit to Window"), v.fit_to_window, "Ctrl+0", "zoom-fit",
                              self.tr("Show the whole flow"))
        self.add_node = self._make(self.tr("&Add Node"), w.add_node, "Ctrl+Shift+N", "node-add",
                                   self.tr("Add a node in the middle of the view"))
        self.set_start = self._make(self.tr("Start the Call &Here"), w.set_start_node, None, None,
                                    self.tr("Make the selected node the first one"))
        self.set_limit = self._make(self.tr("Use as &Limit Node"), w.set_limit_node, None, None,
                                    self.tr("Calls that reach a limit end at the selected node"))
        self.auto_layout = self._make(self.tr("Auto-&Layout"), w.auto_layout, "Ctrl+L",
                                      "auto-layout",
                                      self.tr("Arrange the flow left to right (one undo step)"))
        self.check = self._make(self.tr("&Check Now"), w.problems.check_now, "F7",
                                "problems-check", self.tr("Run every check of the script now"))
        self.shortcuts = self._make(self.tr("&Keyboard Shortcuts"), w.show_shortcuts,
                                    Std.HelpContents, "help", self.tr("List the shortcuts"))
        self.about = self._make(self.tr("&About CallScript Studio"), w.show_about, None, None,
                                self.tr("Version and purpose"))
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        for act in (self.set_start, self.set_limit, self.duplicate, self.copy, self.cut):
            act.setData("node")  # also offered in a card's context menu

    def tr(self, text: str) -> str:  # the context lupdate gives strings written in this class
        return QCoreApplication.translate("WindowActions", text)

    def _make(self, text: str, slot: Callable, shortcut, icon_name: Optional[str],
              tip: str) -> QAction:
        act = QAction(text, self.window)
        if icon_name:
            act.setIcon(resources.icon(icon_name))
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.setToolTip(f"{tip} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                       if not act.shortcut().isEmpty() else tip)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _canvas(self, text, slot, shortcut, icon_name, tip) -> QAction:
        act = self._make(text, slot, shortcut, icon_name, tip)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.window.view.addAction(act)
        return act

    def all(self) -> list[QAction]:
        return [a for a in vars(self).values() if isinstance(a, QAction)]


def build_menus(window: QMainWindow, a: WindowActions) -> QMenu:
    """The menu bar; returns the Open Recent menu (refilled when the list changes)."""
    bar = window.menuBar()
    file_menu = bar.addMenu(QCoreApplication.translate("MainMenus", "&File"))
    file_menu.addActions([a.new, a.open])
    recent = file_menu.addMenu(QCoreApplication.translate("MainMenus", "Open &Recent"))
    file_menu.addSeparator()
    file_menu.addActions([a.save, a.save_as, a.reload])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit = bar.addMenu(QCoreApplication.translate("MainMenus", "&Edit"))
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.cut, a.copy, a.paste, a.duplicate, a.delete])
    edit.addSeparator()
    edit.addActions([a.select_all, a.find, a.find_next, a.find_previous])
    edit.addSeparator()
    edit.addAction(a.preferences)
    view = bar.addMenu(QCoreApplication.translate("MainMenus", "&View"))
    view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset, a.fit])
    view.addSeparator()
    window.panels_menu = view.addMenu(QCoreApplication.translate("MainMenus", "&Panels"))
    script = bar.addMenu(QCoreApplication.translate("MainMenus", "&Script"))
    script.addActions([a.add_node, a.set_start, a.set_limit])
    script.addSeparator()
    script.addActions([a.auto_layout, a.check])
    help_menu = bar.addMenu(QCoreApplication.translate("MainMenus", "&Help"))
    help_menu.addActions([a.shortcuts, a.about])
    return recent


def build_toolbar(window: QMainWindow, a: WindowActions, search_field) -> QToolBar:
    bar = QToolBar(QCoreApplication.translate("MainMenus", "Main toolbar"), window)
    bar.setObjectName("main_toolbar")
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.addActions([a.new, a.open, a.save])
    bar.addSeparator()
    bar.addActions([a.undo, a.redo])
    bar.addSeparator()
    bar.addActions([a.add_node, a.delete, a.auto_layout])
    bar.addSeparator()
    bar.addActions([a.zoom_in, a.zoom_out, a.fit])
    bar.addSeparator()
    bar.addAction(a.check)
    bar.addSeparator()
    bar.addWidget(search_field)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar


def fill_recent_menu(window, menu: QMenu, files: list[str]) -> None:
    menu.clear()
    for i, path in enumerate(files):
        label = f"&{i + 1} {path}" if i < 9 else path
        act = menu.addAction(label)
        act.triggered.connect(lambda _c=False, p=path: window.files.open_path(p))
    menu.setEnabled(bool(files))
