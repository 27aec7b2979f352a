"""What a user does to the whole of a large flow before its background build has finished:
select all, delete and undo, auto-layout and undo, a selection band over everything, a click
after that, a drag of the selection, copy. Each shows the same result as on a canvas built
whole, and none of them builds every card (a frozen window at 10,000 nodes)."""
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.generate import dump_generated, generate_script
from designer.analysis.layout import layered_layout
from designer.formats.script_yaml import dump_script, parse_script
from designer.ui.canvas import NodeItem
from designer.ui.canvas import scene as scene_module
from designer.ui.canvas import scene_build
from designer.ui.canvas import style as st
from designer.ui.main_window import MainWindow

from test_canvas import send_move
from test_canvas_lazy import far_picture, snapshot, synchronous
from window_support import FakePrompts

N = 500  # above scene_build.BUILD_AT_ONCE
_TEXT = {}


def flow_text(n=N, seed=11) -> str:
    if n not in _TEXT:
        _TEXT[n] = dump_generated(generate_script(n, seed))
    return _TEXT[n]


class CountedCard(NodeItem):
    """A NodeItem that counts how many were made."""

    made = 0

    def __init__(self, info):
        super().__init__(info)
        CountedCard.made += 1


@pytest.fixture
def window(qtbot, isolated, monkeypatch):
    """The window with a N-node flow open at the zoom it opens with; the background build
    held after the first paint (it never runs during a test)."""
    monkeypatch.setattr(scene_build, "BACKGROUND_AFTER_MS", 600_000)
    monkeypatch.setattr(scene_build, "FIRST_PAINT_WAIT_MS", 600_000)
    monkeypatch.setattr(scene_module, "NodeItem", CountedCard)
    path = isolated / "big.yaml"
    path.write_text(flow_text(), encoding="utf-8")
    w = MainWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    assert w.files.open_path(str(path), ask=False)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    assert not w.scene.is_built()
    w.view.setFocus()
    return w


def built_cards(scene) -> dict:
    """node id -> the card, of every card that exists as an item."""
    return {i.node_id: i for i in scene.items() if isinstance(i, NodeItem)}


def key(w, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(w.view.viewport(), k, modifier)


def select_all(w) -> None:
    key(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


def undo(w) -> None:
    key(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(w) -> None:
    key(w, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)


def card_centre(w, nid) -> QPoint:
    x, y = w.scene.card_position(nid)
    return w.view.mapFromScene(QPointF(x + st.W / 2, y + st.H / 2 + 10))


def visible_built_card(w) -> str:
    """A built card well inside the view."""
    port = w.view.viewport().rect().adjusted(40, 40, -120, -40)
    for nid in sorted(built_cards(w.scene)):
        if port.contains(card_centre(w, nid)):
            return nid
    raise AssertionError("no card in view")


def unbuilt(w) -> list:
    built = built_cards(w.scene)
    return [nid for nid in w.document.script.nodes if nid not in built]


def band(w, a: QPoint, b: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton, modifier, a)
    for i in range(1, 5):
        send_move(w.view, a + (b - a) * i / 4)
    QTest.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton, modifier, b)


# ---- select all ---------------------------------------------------------------------------------
def test_select_all_selects_every_node_at_once_and_builds_nothing(window):
    w, doc = window, window.document
    made = CountedCard.made
    built_before = set(built_cards(w.scene))
    select_all(w)
    assert set(doc.selected_nodes()) == set(doc.script.nodes) and len(doc.selected_nodes()) == N
    assert w.scene.selected_node_ids() == list(doc.script.nodes)
    assert str(N) in w.inspector.hint.text()  # "500 nodes are selected..."
    assert CountedCard.made == made and set(built_cards(w.scene)) == built_before
    assert all(item.isSelected() for item in built_cards(w.scene).values())
    # the cards built later come out selected: looked up, scrolled to, or all of them
    far = unbuilt(w)[len(unbuilt(w)) // 2]
    assert w.scene.items_by_id[far].isSelected()
    w.view.horizontalScrollBar().setValue(w.view.horizontalScrollBar().maximum())
    QApplication.processEvents()
    newly = set(built_cards(w.scene)) - built_before - {far}
    assert len(newly) > 10 and all(built_cards(w.scene)[n].isSelected() for n in newly)
    assert not w.scene.is_built()
    w.scene.ensure_built()
    assert all(item.isSelected() for item in built_cards(w.scene).values())
    assert len(doc.selected_nodes()) == N


def test_far_away_the_cards_not_built_are_drawn_selected(window):
    w = window
    w.view.fit_to_window()
    QApplication.processEvents()
    assert w.scene.is_far()
    select_all(w)
    lazy = far_picture(w.scene)[1]
    assert st.SELECTED.rgba() in {colour for colour, *_rest in lazy}
    w.scene.ensure_built()  # every card an item, selected: drawn the same
    w.scene.refresh_far()  # (the picture is kept while building: made again from the items)
    assert far_picture(w.scene)[1] == lazy


def test_a_click_after_select_all_leaves_that_card_alone_selected(window):
    w, doc = window, window.document
    select_all(w)
    nid = visible_built_card(w)
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, card_centre(w, nid))
    assert doc.selected_nodes() == [nid]
    far = unbuilt(w)[0]
    assert not w.scene.items_by_id[far].isSelected()  # built after: not selected
    # Ctrl+click takes one card out of a whole selection, the others stay
    select_all(w)
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, card_centre(w, nid))
    assert set(doc.selected_nodes()) == set(doc.script.nodes) - {nid}
    # a click on empty canvas empties it, cards not built included
    w.view.centerOn(w.scene.flow_rect().topLeft())
    QApplication.processEvents()
    empty = w.view.mapFromScene(w.scene.flow_rect().topLeft() + QPointF(-200, -200))
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, empty)
    assert doc.selected_nodes() == []
    assert not w.scene.items_by_id[unbuilt(w)[-1]].isSelected()


def test_selecting_from_elsewhere_builds_nothing(window):
    w, doc = window, window.document
    made = CountedCard.made
    ids = unbuilt(w)[:3]
    doc.select_nodes(ids)  # as the problems list or a paste do
    assert w.scene.selected_node_ids() == ids and CountedCard.made == made
    assert all(w.scene.items_by_id[n].isSelected() for n in ids)


# ---- delete, copy, drag -------------------------------------------------------------------------
def test_delete_everything_then_undo_gives_back_the_flow(window, monkeypatch):
    w, doc = window, window.document
    original = dump_script(doc.script)
    select_all(w)
    made = CountedCard.made
    key(w, Qt.Key.Key_Delete)
    assert not doc.script.nodes and built_cards(w.scene) == {} and doc.selected_nodes() == []
    assert CountedCard.made == made  # nothing built to be deleted
    undo(w)
    assert dump_script(doc.script) == original
    assert len(doc.script.nodes) == N
    QApplication.processEvents()  # the view paints: what it shows is built
    assert CountedCard.made - made < N // 2 and not w.scene.is_built()
    shown = w.view.visible_scene_rect()
    in_view = {nid for nid, node in doc.script.nodes.items()
               if shown.contains(QPointF(node.position[0] + 10, node.position[1] + 10))}
    assert in_view and in_view <= set(built_cards(w.scene))
    redo(w)
    assert not doc.script.nodes and built_cards(w.scene) == {}
    undo(w)
    assert dump_script(doc.script) == original
    # built whole, the canvas is the one a fresh open draws
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(original, "<x>"), monkeypatch))


def test_delete_part_of_the_flow_with_a_band_then_undo(window, monkeypatch):
    w, doc = window, window.document
    original = dump_script(doc.script)
    w.view.fit_to_window()
    QApplication.processEvents()
    port = w.view.viewport().rect()
    band(w, port.topLeft() + QPoint(2, 2), QPoint(port.center().x(), port.bottom() - 2))
    chosen = set(doc.selected_nodes())
    assert N // 4 < len(chosen) < N
    key(w, Qt.Key.Key_Delete)
    assert set(doc.script.nodes) == set(parse_script(original, "<x>").nodes) - chosen
    # no arrow points at a deleted node, and the canvas agrees with the file
    left = dump_script(doc.script)
    assert all(dst in doc.script.nodes for _src, dst, _k, _d in doc.script.edges())
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(left, "<y>"), monkeypatch))
    undo(w)
    assert dump_script(doc.script) == original
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(original, "<x>"), monkeypatch))


def test_copy_of_everything_builds_nothing(window):
    w, doc = window, window.document
    select_all(w)
    made = CountedCard.made
    key(w, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert CountedCard.made == made
    copied = parse_script(QGuiApplication.clipboard().text(), "<clipboard>")
    assert list(copied.nodes) == list(doc.script.nodes)
    assert {n: c.position for n, c in copied.nodes.items()} == \
        {n: c.position for n, c in doc.script.nodes.items()}


def test_dragging_a_card_of_a_whole_selection_moves_every_node(window):
    w, doc = window, window.document
    before = {n: node.position for n, node in doc.script.nodes.items()}
    original = dump_script(doc.script)
    select_all(w)
    nid = visible_built_card(w)
    a = card_centre(w, nid)
    b = a + QPoint(60, 30)
    made = CountedCard.made
    QTest.mousePress(w.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 4):
        send_move(w.view, a + (b - a) * i / 3)
    QTest.mouseRelease(w.view.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, b)
    dx = doc.script.nodes[nid].position[0] - before[nid][0]
    dy = doc.script.nodes[nid].position[1] - before[nid][1]
    assert dx > 0 and dy > 0
    assert {n: node.position for n, node in doc.script.nodes.items()} == \
        {n: (x + dx, y + dy) for n, (x, y) in before.items()}
    assert doc.undo_stack.count() == 1
    assert CountedCard.made - made < N // 2 and not w.scene.is_built()
    far = unbuilt(w)[0]
    assert w.scene.items_by_id[far].pos() == QPointF(before[far][0] + dx, before[far][1] + dy)
    assert len(doc.selected_nodes()) == N  # still all selected
    undo(w)
    assert dump_script(doc.script) == original


# ---- auto-layout --------------------------------------------------------------------------------
def test_auto_layout_moves_the_cards_not_built_and_undo_puts_them_back(window, monkeypatch):
    w, doc = window, window.document
    original = dump_script(doc.script)
    want = layered_layout(parse_script(original, "<x>"))
    made = CountedCard.made
    key(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert {n: node.position for n, node in doc.script.nodes.items()} == \
        {n: (float(x), float(y)) for n, (x, y) in want.items()}
    assert doc.undo_stack.count() == 1
    QApplication.processEvents()  # fit to window: far away, nothing more is built
    assert CountedCard.made - made < N // 2 and not w.scene.is_built()
    laid_out = dump_script(doc.script)
    far = unbuilt(w)[0]
    assert w.scene.items_by_id[far].pos() == QPointF(*want[far])
    for nid, item in built_cards(w.scene).items():  # the cards built before moved too
        assert item.pos() == QPointF(*want[nid])
    # zoomed in anywhere, the cards shown are built at their new places with their arrows
    w.view.set_zoom(0.75)
    w.view.centerOn(QPointF(*want[far]))
    QApplication.processEvents()
    shown = w.view.visible_scene_rect()
    in_view = {nid for nid, (x, y) in want.items() if shown.contains(QPointF(x + 10, y + 10))}
    assert in_view and in_view <= set(built_cards(w.scene))
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(laid_out, "<y>"),
                                                     monkeypatch))
    undo(w)
    assert dump_script(doc.script) == original
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(original, "<x>"), monkeypatch))


def test_auto_layout_undone_before_anything_is_built_gives_back_the_open_canvas(
        window, monkeypatch):
    w, doc = window, window.document
    original = dump_script(doc.script)
    made = CountedCard.made
    key(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    undo(w)
    redo(w)
    undo(w)
    QApplication.processEvents()
    assert dump_script(doc.script) == original
    assert CountedCard.made - made < N // 2 and not w.scene.is_built()
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(original, "<x>"), monkeypatch))


# ---- a selection band far away ------------------------------------------------------------------
def test_a_band_over_the_whole_flow_selects_every_card_without_building_them(window):
    w, doc = window, window.document
    w.view.fit_to_window()
    QApplication.processEvents()
    assert w.scene.is_far()
    made = CountedCard.made
    port = w.view.viewport().rect()
    band(w, port.topLeft() + QPoint(2, 2), port.bottomRight() - QPoint(2, 2))
    assert set(doc.selected_nodes()) == set(doc.script.nodes)
    assert CountedCard.made == made
    # with Ctrl, a band adds to the selection; without, it replaces it
    first = w.view.mapFromScene(QPointF(*doc.script.nodes[doc.script.start].position))
    band(w, port.topLeft() + QPoint(2, 2), first + QPoint(4, 4))
    small = set(doc.selected_nodes())
    assert doc.script.start in small and len(small) < N // 4
    corner = port.bottomRight() - QPoint(2, 2)
    band(w, corner - QPoint(120, 90), corner, Qt.KeyboardModifier.ControlModifier)
    assert small < set(doc.selected_nodes()) and len(doc.selected_nodes()) < N
    assert all(w.scene.items_by_id[n].isSelected() == (n in doc.selected_nodes())
               for n in unbuilt(w)[::25])


# ---- many nodes at once after the build, or without the undo stack ------------------------------
def test_delete_everything_after_the_build_then_undo_builds_again_where_seen(
        window, qtbot, monkeypatch):
    w, doc = window, window.document
    original = dump_script(doc.script)
    w.scene.start_background()
    qtbot.waitUntil(w.scene.is_routed, timeout=120_000)
    assert len(built_cards(w.scene)) == N
    select_all(w)
    key(w, Qt.Key.Key_Delete)
    assert not doc.script.nodes and built_cards(w.scene) == {}
    made = CountedCard.made
    undo(w)
    assert dump_script(doc.script) == original
    # the first nodes back are built at once, the rest where the view looks and later
    assert CountedCard.made - made < N // 2 and not w.scene.is_built()
    qtbot.waitUntil(w.scene.is_routed, timeout=120_000)
    assert len(built_cards(w.scene)) == N
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(original, "<x>"), monkeypatch))


def test_many_nodes_moved_outside_the_undo_stack_are_planned_again(window, monkeypatch):
    w, doc = window, window.document
    s = doc.script
    movers = unbuilt(w)[:120]
    for nid in movers:  # a plugin or a script moving nodes itself, one event each
        x, y = s.nodes[nid].position
        s.set_node_field(nid, "position", (x - 2000.0, y + 150.0))
    QApplication.processEvents()
    assert not w.scene.is_built()
    nid = movers[60]
    assert w.scene.items_by_id[nid].pos() == QPointF(*s.nodes[nid].position)
    assert snapshot(w.scene) == snapshot(synchronous(parse_script(dump_script(s), "<x>"),
                                                     monkeypatch))
