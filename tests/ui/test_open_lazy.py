"""Opening a script fills what the user sees and only that: a dock behind another tab fills when
its tab is chosen (with the script as it is then, edits made meanwhile included), a panel in
front is complete at the first paint, and a large list fills its screen at once and the rest
from a timer."""
import pytest
from PySide6.QtWidgets import QApplication, QHeaderView

from designer.formats.script_yaml import load_script, save_script
from designer.model import Intent
from designer.ui import commands as cmd
from designer.ui.main_window import MainWindow
from designer.ui.panels import intents as intents_module
from designer.ui.panels import widgets
from designer.ui.panels.faq import FaqPanel
from designer.ui.panels.intents import IntentsPanel
from designer.ui.panels.script_settings import ScriptSettingsPanel

from window_support import FIXTURE, FakePrompts

MANY = 700  # intents in the large script: several chunks of a table fill


@pytest.fixture
def window(qtbot, isolated):
    w = MainWindow()
    w.prompts = FakePrompts()
    w.resize(1400, 900)
    qtbot.addWidget(w)
    return w


def intents_panel(w):
    return w.findChild(IntentsPanel)


def table_ids(table):
    return [table.item(r, 0).text() if table.item(r, 0) else None
            for r in range(table.rowCount())]


@pytest.fixture
def big_file(isolated):
    """The sample script with MANY more intents (each a keyword of its own)."""
    script = load_script(FIXTURE)
    for i in range(MANY):
        script.intents[f"extra_{i:04d}"] = Intent(label=f"问题 {i}", keywords=(f"关键词{i}",))
    path = isolated / "big.yaml"
    save_script(script, str(path))
    return str(path)


# ---- docks behind a tab ------------------------------------------------------------------------
def test_a_dock_behind_a_tab_fills_when_its_tab_is_chosen(qtbot, window, script_file):
    assert window.files.open_path(script_file, ask=False)
    window.show()
    qtbot.waitExposed(window)
    panel = intents_panel(window)
    # behind the inspector's tab: nothing done for it yet
    assert panel.is_stale() and panel.table.rowCount() == 0
    window.docks["intents"].raise_()
    QApplication.processEvents()
    assert not panel.is_stale()
    assert table_ids(panel.table) == list(window.document.script.intents)
    assert panel.current_intent() == "affirm" and panel.label_edit.text() == "肯定"


def test_an_edit_made_while_hidden_shows_when_the_dock_is_shown_again(qtbot, window, script_file):
    assert window.files.open_path(script_file, ask=False)
    window.show()
    qtbot.waitExposed(window)
    panel = intents_panel(window)
    window.docks["intents"].raise_()
    QApplication.processEvents()
    window.docks["inspector"].raise_()  # the intents go behind again
    QApplication.processEvents()
    doc = window.document
    doc.push(cmd.AddIntent(doc.script, "late_intent", Intent(label="后来的")))
    assert panel.is_stale() and "late_intent" not in table_ids(panel.table)
    window.docks["intents"].raise_()
    QApplication.processEvents()
    assert table_ids(panel.table)[-1] == "late_intent"
    assert panel.table.item(panel.table.rowCount() - 1, 1).text() == "后来的"


def test_shown_again_without_a_change_it_does_not_refill(qtbot, window, script_file,
                                                          monkeypatch):
    assert window.files.open_path(script_file, ask=False)
    window.show()
    qtbot.waitExposed(window)
    fills = []
    real = intents_module.fill_rows
    monkeypatch.setattr(intents_module, "fill_rows", lambda *a, **k: (fills.append(1),
                                                                     real(*a, **k)))
    for _ in range(2):
        window.docks["intents"].raise_()
        QApplication.processEvents()
        window.docks["inspector"].raise_()
        QApplication.processEvents()
    assert len(fills) == 1


def test_a_closed_dock_fills_when_opened(qtbot, window, script_file):
    window.docks["faq"].close()
    window.show()
    qtbot.waitExposed(window)
    assert window.files.open_path(script_file, ask=False)
    faq = window.findChild(FaqPanel)
    assert faq.is_stale() and faq.table.rowCount() == 0
    window.docks["faq"].show()
    window.docks["faq"].raise_()
    QApplication.processEvents()
    assert faq.table.rowCount() == len(window.document.script.faq) > 0
    assert faq.table.item(0, 0).text() == "问价格 (ask_price)"
    header = faq.table.horizontalHeader()  # sized to its contents again after the fill
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents


def test_a_settings_tab_fills_when_it_is_picked(qtbot, window, script_file):
    window.docks["settings"].raise_()
    window.show()
    qtbot.waitExposed(window)
    assert window.files.open_path(script_file, ask=False)
    panel = window.findChild(ScriptSettingsPanel)
    assert not panel.general.is_stale()  # the tab in front: filled at once
    assert panel.general.name_edit.text() == window.document.script.name
    assert panel.limits.is_stale()  # a tab not picked waits
    panel.tabs.setCurrentIndex(3)
    assert not panel.limits.is_stale()
    assert panel.limits.on_limit_combo.findData("goodbye") >= 0


# ---- what the first paint shows ----------------------------------------------------------------
def test_a_panel_in_front_is_complete_at_the_first_paint(qtbot, window, script_file):
    window.docks["intents"].raise_()  # as a restored window state could have it
    assert window.files.open_path(script_file, ask=False)
    window.show()  # no event processed yet: what the first paint will show
    panel = intents_panel(window)
    assert not panel.is_stale()
    assert table_ids(panel.table) == list(window.document.script.intents)
    assert not panel.live.is_stale()
    image = window.grab()  # the first paint itself
    assert not image.isNull()


def test_a_large_list_in_view_fills_its_screen_at_once_and_the_rest_in_chunks(
        qtbot, window, big_file):
    window.docks["intents"].raise_()
    assert window.files.open_path(big_file, ask=False)
    window.show()
    panel = intents_panel(window)
    ids = list(window.document.script.intents)
    shown = table_ids(panel.table)
    assert panel.table.rowCount() == len(ids)
    assert shown[:widgets.SCREEN_ROWS] == ids[:widgets.SCREEN_ROWS]  # the screen, at once
    assert None in shown  # the rest waits for the timer
    assert not widgets.table_filled(panel.table)
    qtbot.waitUntil(lambda: widgets.table_filled(panel.table), timeout=5000)
    assert table_ids(panel.table) == ids
    assert panel.table.item(len(ids) - 1, 3).text() == "1"  # its keyword count


def test_a_large_list_refills_only_the_rows_that_changed(qtbot, window, big_file,
                                                         monkeypatch):
    window.docks["intents"].raise_()
    assert window.files.open_path(big_file, ask=False)
    window.show()
    panel = intents_panel(window)
    qtbot.waitUntil(lambda: widgets.table_filled(panel.table), timeout=5000)
    made = []
    real = widgets.QTableWidgetItem
    monkeypatch.setattr(widgets, "QTableWidgetItem", lambda *a: (made.append(a), real(*a))[1])
    doc = window.document
    doc.push(cmd.ReplaceIntent(doc.script, "extra_0500", Intent(label="改过", keywords=("甲",))))
    assert len(made) == 4  # one row of four cells
    assert panel.table.item(list(doc.script.intents).index("extra_0500"), 1).text() == "改过"
