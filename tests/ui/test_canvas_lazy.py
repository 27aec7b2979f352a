"""A large flow's canvas is built where the user looks first, the rest in the background: what a
user sees and does must not tell the difference from a canvas built all at once."""
import dataclasses
import os
import random

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.generate import dump_generated, generate_script
from designer.formats.script_yaml import dump_script, parse_script
from designer.model import Branch
from designer.ui import commands as cmd
from designer.ui.canvas import GraphScene, GraphView, NodeItem, OverviewView
from designer.ui.canvas import scene as scene_module
from designer.ui.canvas import scene_build
from designer.ui.canvas import style as st
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.node_item import card_kind
from designer.ui.document import Document

N = 600  # above scene_build.BUILD_AT_ONCE
_TEXT = {}


def big_script(n=N, seed=7):
    if n not in _TEXT:
        _TEXT[n] = dump_generated(generate_script(n, seed))
    return parse_script(_TEXT[n], "<generated>")


@pytest.fixture
def no_background(monkeypatch):
    """The background build waits (a test looks at the canvas before it runs)."""
    monkeypatch.setattr(scene_build, "BACKGROUND_AFTER_MS", 600_000)
    monkeypatch.setattr(scene_build, "FIRST_PAINT_WAIT_MS", 600_000)


def open_view(qtbot, doc, zoom=0.75):
    """A view the size of the window's canvas, opened the way MainWindow.show_flow does: at
    75% on the start card."""
    scene = GraphScene(doc)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(980, 627)
    view.set_zoom(zoom)
    start = scene.items_by_id.get(doc.script.start)
    view.centerOn(start.pos().x() - 60 + view.visible_scene_rect().width() / 2,
                  start.sceneBoundingRect().center().y())
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    return scene, view


def model_cards_in(scene, rect: QRectF) -> set:
    s = scene.script
    out = set()
    for nid, node in s.nodes.items():
        x, y = node.position
        if QRectF(x, y, st.W, st.H).intersects(rect):
            out.add(nid)
    return out


def model_cards_within(scene, rect: QRectF) -> list:
    return sorted(nid for nid, node in scene.script.nodes.items()
                  if rect.contains(QRectF(*node.position, st.W, st.H)))


def built_cards_in(scene, rect: QRectF) -> set:
    return {i.node_id for i in scene.items(rect) if isinstance(i, NodeItem)}


def all_built_cards(scene) -> set:
    return {i.node_id for i in scene.items() if isinstance(i, NodeItem)}


def header_shows(image, view, scene, nid) -> bool:
    """The card's header band is painted in its kind's colour at that place."""
    x, y = scene.script.nodes[nid].position
    p = view.mapFromScene(QPointF(x + st.W * 0.6, y + st.HEADER / 2))
    if not image.rect().contains(p):
        return True  # just outside
    got = image.pixelColor(p)
    want = st.HEADER_COLOURS[card_kind(scene.script.nodes[nid])]
    return max(abs(got.red() - want.red()), abs(got.green() - want.green()),
               abs(got.blue() - want.blue())) <= 6


def snapshot(scene) -> tuple[dict, dict]:
    """What a canvas shows of a flow: every card (place, text) and arrow (ends, label, where it
    leaves and which lane)."""
    cards = {nid: (item.pos().toTuple(), item.info) for nid, item in scene.items_by_id.items()}
    arrows = {key: (e.source.node_id if e.source else None, e.target.node_id, e.label,
                    e.colour_name, e.port, e.sibling, e.lane, e.on_path, e.heat)
              for key, e in scene.edges.items()}
    return cards, arrows


def synchronous(script, monkeypatch) -> GraphScene:
    monkeypatch.setattr(scene_module, "BUILD_AT_ONCE", 10 ** 9)
    scene = GraphScene(Document(script))
    monkeypatch.undo()
    assert scene.is_built()
    return scene


def far_node(scene, view):
    """A node whose card was not built yet, far from what the view showed."""
    shown = view.visible_scene_rect()
    built = all_built_cards(scene)
    far = [nid for nid, node in scene.script.nodes.items() if nid not in built and
           abs(node.position[0] - shown.center().x()) > 3000]
    assert far
    return far[len(far) // 2]


# ---- what the user sees -------------------------------------------------------------------------
def test_opening_builds_and_paints_the_cards_in_view_before_the_rest(qtbot, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    shown = view.visible_scene_rect()
    wanted = model_cards_in(scene, shown)
    assert len(wanted) >= 6
    assert wanted <= built_cards_in(scene, shown)
    assert not scene.is_built()
    assert len(all_built_cards(scene)) < N / 4  # the rest waits for the background
    image = view.viewport().grab().toImage()
    assert all(header_shows(image, view, scene, nid) for nid in wanted)
    # every arrow between two cards in view is there
    arrows = {(e.source.node_id, e.target.node_id) for e in scene.items(shown)
              if isinstance(e, EdgeItem) and e.source is not None}
    for src, dst, _kind, _detail in scene.script.edges():
        if src in wanted and dst in wanted:
            assert (src, dst) in arrows


def test_scrolling_to_a_far_region_shows_its_cards_after_one_pass(qtbot, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() * 3 // 4)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 5)
    QApplication.processEvents()
    shown = view.visible_scene_rect()
    wanted = model_cards_in(scene, shown)
    assert wanted and wanted <= built_cards_in(scene, shown)
    image = view.viewport().grab().toImage()
    assert all(header_shows(image, view, scene, nid) for nid in wanted)
    assert not scene.is_built()


def test_clicking_a_card_built_on_demand_selects_it_and_opens_it(qtbot, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    QApplication.processEvents()
    nid = model_cards_within(scene, view.visible_scene_rect())[0]
    x, y = doc.script.nodes[nid].position
    at = view.mapFromScene(QPointF(x + st.W / 2, y + st.H / 2 + 10))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at)
    assert doc.selected_nodes() == [nid]
    with qtbot.waitSignal(scene.node_activated):
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier, at)
    assert doc.selected_nodes() == [nid]


def test_far_away_a_card_never_built_can_be_clicked_and_the_band_selects_unbuilt_cards(
        qtbot, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    view.fit_to_window()
    QApplication.processEvents()
    assert scene.is_far()
    nid = far_node(scene, view)
    x, y = doc.script.nodes[nid].position
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(QPointF(x + st.W / 2, y + st.H / 2)))
    assert doc.selected_nodes() == [nid]
    # a selection band over a corner nobody looked at selects the cards in it
    corner = QRectF(scene.flow_rect().right() - 1500, scene.flow_rect().top(), 1500, 1200)
    wanted = set(model_cards_within(scene, corner))
    a, b = view.mapFromScene(corner.topLeft()), view.mapFromScene(corner.bottomRight())
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, a - QPoint(2, 2))
    from test_canvas import send_move
    for i in range(1, 5):
        send_move(view, a + (b - a) * i / 4)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, b)
    assert wanted and wanted <= set(doc.selected_nodes())


def far_picture(scene) -> tuple[dict, list]:
    """What the scene draws far away: the lines of every pen (each arrow a subpath) and the
    blocks of every colour."""
    lines = {}
    for pen, path in scene._edge_batch():
        subpaths, current = [], []
        for i in range(path.elementCount()):
            e = path.elementAt(i)
            if e.isMoveTo() and current:
                subpaths.append(tuple(current))
                current = []
            current.append((round(e.x, 2), round(e.y, 2)))
        subpaths.append(tuple(current))
        key = (pen.color().rgba(), pen.widthF(), pen.style())
        lines[key] = sorted(subpaths) if pen.style() != Qt.PenStyle.DotLine else len(subpaths)
    blocks = [(pen.color().rgba(), pen.style(), brush.rgba(), sorted(r.getRect() for r in rects))
              for pen, brush, rects in scene._card_blocks()]
    return lines, blocks


def test_far_away_the_whole_flow_is_drawn_before_it_is_built(qtbot, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    view.fit_to_window()
    QApplication.processEvents()
    assert scene.is_far() and not scene.is_built()
    image = view.viewport().grab().toImage()
    drawn = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
                if QColor(image.pixel(x, y)) != st.BACKGROUND)
    assert drawn > 2000  # the flow is there
    before = far_picture(scene)
    scene.ensure_built()  # nothing routed yet: every arrow is still its first curve
    # the same lines and blocks (faq tags aside: a built one looks for a free spot)
    assert far_picture(scene) == before
    assert sum(len(p) for p in before[0].values() if isinstance(p, list)) + \
        sum(p for p in before[0].values() if isinstance(p, int)) == len(scene.edges)


def test_the_overview_is_drawn_from_the_model_without_building(qtbot, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    overview = OverviewView(view)
    qtbot.addWidget(overview)
    overview.resize(260, 170)
    overview.show()
    qtbot.waitExposed(overview)
    overview.rebuild()
    lazy = overview._picture.toImage()
    assert not scene.is_built()
    scene.ensure_built()
    overview.rebuild()
    assert overview._picture.toImage() == lazy


# ---- what the user does -------------------------------------------------------------------------
def test_select_all_selects_every_card(qtbot, isolated, no_background):
    from designer.ui.main_window import MainWindow

    path = isolated / "big.yaml"
    path.write_text(_TEXT.get(N) or dump_generated(generate_script(N, 7)), encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.files.open_path(str(path), ask=False)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert not window.scene.is_built()
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert set(window.document.selected_nodes()) == set(window.document.script.nodes)


def test_lookups_build_a_card_with_all_its_arrows(qtbot, monkeypatch, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    nid = far_node(scene, view)
    assert nid in scene.items_by_id and nid not in all_built_cards(scene)  # `in` builds nothing
    item = scene.items_by_id[nid]
    sync = synchronous(big_script(), monkeypatch)
    assert sorted(e.key for e in item.edges) == sorted(e.key for e in sync.items_by_id[nid].edges)
    assert scene.edges_of(nid) and not scene.is_built()


def test_edits_and_undo_in_unbuilt_regions_give_back_the_same_file_and_canvas(
        qtbot, monkeypatch, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    s = doc.script
    original = dump_script(s)
    rng = random.Random(3)
    unbuilt = [nid for nid in s.nodes if nid not in all_built_cards(scene)]
    picks = rng.sample(unbuilt, 12)
    listening = [n for n in picks if s.nodes[n].branches]
    intent = s.nodes[listening[-1]].branches[0].intent  # labels arrows nobody built yet
    steps = [
        lambda: cmd.SetNodeField(s, picks[0], "say", "改过的话"),
        lambda: cmd.MoveNodes(s, {picks[1]: (s.nodes[picks[1]].position, (-900.0, -700.0))}),
        lambda: cmd.RenameNode(s, picks[2], "renamed_far"),
        lambda: cmd.remove_nodes_command(s, [picks[3]]),
        lambda: cmd.AddBranch(s, listening[0], Branch(intent, picks[5])),
        lambda: cmd.ReplaceIntent(s, intent, dataclasses.replace(s.intents[intent],
                                                                   label="新的名字")),
        lambda: cmd.ReplaceFaq(s, 0, dataclasses.replace(s.faq[0], goto=picks[6])),
        lambda: cmd.SetSection(s, "start", picks[7]),
        lambda: cmd.SetNodeField(s, picks[8], "next", picks[9]) if not s.nodes[picks[8]].branches
        and s.nodes[picks[8]].end is None else cmd.RenameNode(s, picks[8], "renamed_too"),
    ]
    for step in steps:
        doc.push(step())
    assert not scene.is_built()
    edited = dump_script(s)
    assert scene.items_by_id[picks[0]].info.say == "改过的话"  # never a stale card
    assert scene.items_by_id[picks[1]].pos() == QPointF(-900.0, -700.0)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert dump_script(s) == original
    assert snapshot(scene) == snapshot(synchronous(parse_script(original, "<x>"), monkeypatch))
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    assert dump_script(s) == edited


def test_many_nodes_moved_at_once_build_only_what_is_seen(qtbot, monkeypatch, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    s = doc.script
    moves = {nid: (node.position, (node.position[0] + 40, node.position[1] + 300))
             for nid, node in s.nodes.items()}
    doc.push(cmd.MoveNodes(s, moves))
    assert not scene.is_built() and len(all_built_cards(scene)) < len(s.nodes) // 2
    QApplication.processEvents()  # the view paints: what it shows now is built
    shown = view.visible_scene_rect()
    assert model_cards_in(scene, shown) <= built_cards_in(scene, shown)
    assert not scene.is_built()
    assert snapshot(scene) == snapshot(synchronous(parse_script(dump_script(s), "<x>"),
                                                   monkeypatch))


def test_path_and_heat_reach_cards_built_later(qtbot, monkeypatch, no_background):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    nid = far_node(scene, view)
    path = [nid, next(b.goto for b in doc.script.nodes[nid].branches)] \
        if doc.script.nodes[nid].branches else [nid]
    scene.set_path(path)
    scene.set_highlight(nid)
    counts = {n: i % 5 for i, n in enumerate(doc.script.nodes)}
    scene.set_heat(counts, {})
    assert nid not in all_built_cards(scene)
    sync = synchronous(big_script(), monkeypatch)
    sync.set_path(path)
    sync.set_heat(counts, {})
    assert scene.items_by_id[nid].highlighted and scene.items_by_id[nid].on_path
    assert snapshot(scene) == snapshot(sync)


def test_when_idle_everything_is_built_as_a_synchronous_build_would(qtbot, monkeypatch):
    doc = Document(big_script())
    scene, view = open_view(qtbot, doc)
    assert not scene.is_built()
    qtbot.waitUntil(scene.is_routed, timeout=120_000)
    assert scene.is_built()
    assert all_built_cards(scene) == set(doc.script.nodes)
    assert len([i for i in scene.items() if isinstance(i, EdgeItem)]) == len(scene.edges)
    assert snapshot(scene) == snapshot(synchronous(big_script(), monkeypatch))


def test_a_small_flow_is_built_at_once():
    s = big_script(60, 2)
    scene = GraphScene(Document(s))
    assert scene.is_built() and len(all_built_cards(scene)) == 60
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"
