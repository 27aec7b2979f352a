"""The main window: title and modified mark, menus and shortcuts, docks, search, edits from
the Edit menu (delete, copy/paste, duplicate, auto-layout) and main.py's screenshot mode."""
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QLabel

from designer.analysis.layout import overlaps
from designer.formats.script_yaml import dump_script, load_script
from designer.ui import commands as cmd
from designer.ui.main_window import MainWindow

from window_support import FIXTURE, ROOT, FakePrompts  # noqa: F401


@pytest.fixture
def window(qtbot, isolated, script_file):
    w = MainWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    assert w.files.open_path(script_file, ask=False)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_title_shows_file_and_modified_mark(window):
    assert window.windowTitle().startswith("script.yaml[*]")
    assert not window.isWindowModified()
    doc = window.document
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "再见"))
    assert window.isWindowModified()
    doc.undo_stack.undo()
    assert not window.isWindowModified()  # back at the saved state
    doc.undo_stack.redo()
    assert window.files.save()
    assert not window.isWindowModified()


def test_menus_hold_the_common_actions_with_standard_shortcuts(window):
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Script", "Help"]
    a = window.actions
    assert a.save.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert a.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert a.find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert a.delete.shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.Delete)
    assert a.auto_layout.shortcut() == QKeySequence("Ctrl+L")
    for act in a.all():
        assert act.statusTip(), act.text()


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
                                  (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                                   | Qt.KeyboardModifier.ShiftModifier)])
def test_redo_keys_redo(window, qtbot, keys):
    """Ctrl+Y and Ctrl+Shift+Z both redo, whatever the platform's own Redo key is (a key
    listed twice on the action was ambiguous to Qt and did nothing)."""
    doc = window.document
    nid = next(iter(doc.script.nodes))
    doc.push(cmd.SetNodeField(doc.script, nid, "say", "改过的话"))
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.script.nodes[nid].say != "改过的话"
    QTest.keyClick(window.view.viewport(), *keys)
    assert doc.script.nodes[nid].say == "改过的话"
    shortcuts = window.actions.redo.shortcuts()
    assert len(shortcuts) == len(set(s.toString() for s in shortcuts))


def test_docks_of_every_panel(window):
    assert {"inspector", "intents", "faq", "settings", "problems", "overview"} <= set(
        window.docks)
    assert window.docks["inspector"].isVisible()
    titles = [d.windowTitle() for d in window.findChildren(QDockWidget)]
    assert "Problems" in titles and "Overview" in titles


def test_add_dock_for_later_panels(window, qtbot):
    dock = window.add_dock(QLabel("sim"), "Simulator", Qt.DockWidgetArea.BottomDockWidgetArea,
                           name="simulator", tabify_with="problems")
    assert window.docks["simulator"] is dock
    assert dock.objectName() == "dock_simulator"
    assert dock.toggleViewAction() in window.panels_menu.actions()
    qtbot.waitUntil(dock.isVisible)
    assert dock in window.tabifiedDockWidgets(window.docks["problems"])


def test_delete_key_on_the_canvas_deletes_the_selection(window, qtbot):
    doc = window.document
    before = dump_script(doc.script)
    doc.select_nodes(["goodbye"])
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Delete)
    assert "goodbye" not in doc.script.nodes
    assert window.isWindowModified()
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dump_script(doc.script) == before


def test_copy_paste_gives_new_ids_rewired_arrows_and_one_undo_step(window):
    doc = window.document
    before = dump_script(doc.script)
    doc.select_nodes(["introduce", "book_visit"])
    assert window.copy_nodes()
    ids = window.paste_nodes()
    assert ids == ["introduce_copy", "book_visit_copy"]
    copy = doc.script.nodes["introduce_copy"]
    assert copy.branches[0].goto == "book_visit_copy"  # internal arrow follows the copy
    assert copy.branches[1].goto == "goodbye"  # outside arrow kept
    original = window.scene.items_by_id["introduce"].pos()
    assert window.scene.items_by_id["introduce_copy"].pos() == original + QPointF(40, 40)
    assert doc.selected_nodes() == ids
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    assert "introduce_copy" not in window.scene.items_by_id


def test_paste_into_another_script_brings_missing_intents(window, qtbot):
    doc = window.document
    doc.select_nodes(["opening"])
    window.copy_nodes()
    window.files.new_script()
    assert "affirm" not in doc.script.intents
    ids = window.paste_nodes()
    assert ids == ["opening_copy"]
    assert {"affirm", "refuse"} <= set(doc.script.intents)
    assert doc.script.nodes["opening_copy"].branches == ()  # its targets are not here


def test_duplicate_and_cut(window):
    doc = window.document
    doc.select_nodes(["goodbye"])
    assert window.duplicate_nodes() == ["goodbye_copy"]
    doc.select_nodes(["goodbye_copy"])
    assert window.cut_nodes()
    assert "goodbye_copy" not in doc.script.nodes
    assert window.paste_nodes() == ["goodbye_copy"]


def test_auto_layout_is_one_undoable_step_without_overlaps(window):
    doc = window.document
    before = dump_script(doc.script)
    assert window.auto_layout()
    positions = [n.position for n in doc.script.nodes.values()]
    assert all(p is not None for p in positions)
    for i, a in enumerate(positions):
        for b in positions[i + 1:]:
            assert not overlaps(a, b)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before


def test_search_finds_by_id_and_by_text_and_centres(window, qtbot):
    window.view.set_zoom(1.5)
    window.focus_search()
    window.search.insert("不打扰")  # QTest cannot type Chinese; the IME would
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.document.selected_nodes() == ["goodbye"]
    centre = window.view.visible_scene_rect().center()
    assert window.scene.items_by_id["goodbye"].sceneBoundingRect().contains(centre)
    window.search.clear()
    qtbot.keyClicks(window.search, "INTRO")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.document.selected_nodes() == ["introduce"]
    assert "1 of 1" in window.statusBar().currentMessage()


def test_status_bar_counts_nodes_and_zoom(window):
    assert window.node_label.text() == "4 nodes"
    window.view.set_zoom(0.5)
    assert window.zoom_label.text() == "50%"


def test_close_with_unsaved_changes_asks(window):
    doc = window.document
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "再见"))
    window.prompts.save_answer = "cancel"
    assert not window.close()
    assert window.prompts.asked[-1] == ("save_changes", "script.yaml")
    window.prompts.save_answer = "save"
    assert window.close()
    assert load_script(doc.path).nodes["goodbye"].say == "再见"


def run_main(*args, env=None):
    environ = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, os.path.join(ROOT, "main.py"), *args],
                          capture_output=True, text=True, env=environ, timeout=120)


def test_screenshot_renders_the_window(isolated):
    png = isolated / "shot.png"
    proc = run_main("--screenshot", str(png), FIXTURE,
                    env={"CALLSCRIPT_SETTINGS_FILE": str(isolated / "s.ini"),
                         "CALLSCRIPT_RECOVERY_DIR": str(isolated / "rec")})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1400, 900)


def test_screenshot_of_a_bad_file_explains_and_exits_2(isolated):
    bad = isolated / "bad.yaml"
    bad.write_text("callscript: 1\nname: x\nflow: {start: a, nodes: {a: {say: hi, bogus: 1}}}\n",
                   encoding="utf-8")
    proc = run_main("--screenshot", str(isolated / "x.png"), str(bad))
    assert proc.returncode == 2
    assert "bad.yaml:3" in proc.stderr and "Traceback" not in proc.stderr
    assert not (isolated / "x.png").exists()


def test_main_builds_the_window_with_every_dock(qtbot, isolated):
    sys.path.insert(0, ROOT)
    import main
    w = main.build_window()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    assert {"inspector", "problems", "overview", "audio", "simulator", "tests",
            "unanswered"} <= set(w.docks)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    assert w.docks["simulator"] in w.tabifiedDockWidgets(w.docks["inspector"])
    assert w.docks["audio"] in w.tabifiedDockWidgets(w.docks["problems"])
    assert w.height() <= 900  # no panel forces the window taller than the screen it fits
