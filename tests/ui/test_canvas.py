"""The canvas mirrors the model, and edits made on the canvas change the model (paired tests).
Every kind of canvas edit undoes and redoes back to the same saved bytes."""
import dataclasses
import os

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from designer.formats.script_yaml import dump_script, load_script
from designer.model import Branch, FaqEntry, Intent, Node, Script
from designer.ui import commands as cmd
from designer.ui.canvas import GraphScene, GraphView, NodeItem
from designer.ui.canvas import style as st
from designer.ui.canvas.connect import connection_options, default_intent
from designer.ui.document import Document

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def doc():
    return Document(load_script(FIXTURE))


@pytest.fixture
def view(qtbot, doc):
    scene = GraphScene(doc)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    view.centerOn(scene.items_by_id["introduce"].sceneBoundingRect().center())
    return view


def vp(view, scene_point: QPointF) -> QPoint:
    return view.mapFromScene(scene_point)


def send_move(view, pos: QPoint, buttons=Qt.MouseButton.LeftButton):
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def drag(view, start: QPointF, end: QPointF, steps: int = 6):
    a, b = vp(view, start), vp(view, end)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        send_move(view, a + (b - a) * i / steps)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def card_centre(view, nid: str) -> QPointF:
    item = view.graph.items_by_id[nid]
    return item.pos() + QPointF(st.W / 2, st.H / 2 + 10)


def undo_redo_keeps_bytes(doc, before: str, after: str):
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    doc.undo_stack.redo()
    assert dump_script(doc.script) == after
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before


# ---- the canvas follows the model ----------------------------------------------------------
def test_every_node_and_arrow_is_drawn(view):
    scene = view.graph
    assert set(scene.items_by_id) == {"opening", "introduce", "book_visit", "goodbye"}
    branch_labels = {e.key: e.label for e in scene.edges.values() if e.kind == "branch"}
    assert branch_labels[("branch", "opening", 0)] == "肯定"
    assert branch_labels[("branch", "opening", 1)] == "拒绝"
    faq = scene.edges[("faq", "book_visit")]
    assert faq.source is None and "预约看房" in faq.label
    assert scene.items_by_id["opening"].info.is_start
    assert scene.items_by_id["goodbye"].info.is_limit
    kinds = {n: i.info.kind for n, i in scene.items_by_id.items()}
    assert kinds == {"opening": "listen", "introduce": "listen", "book_visit": "hangup",
                     "goodbye": "hangup"}


def test_nodes_without_position_are_laid_out_without_dirtying(doc, view):
    scene = view.graph
    positions = [i.pos().toTuple() for i in scene.items_by_id.values()]
    assert scene.items_by_id["opening"].pos() == QPointF(0, 0)  # the file's position
    for i, a in enumerate(positions):
        for b in positions[i + 1:]:
            assert abs(a[0] - b[0]) >= st.W or abs(a[1] - b[1]) >= st.H
    assert not doc.is_modified() and doc.undo_stack.count() == 0
    assert doc.script.nodes["introduce"].position is None


def test_added_node_appears_and_removal_takes_its_arrows(doc, view):
    scene = view.graph
    doc.push(cmd.AddNode(doc.script, "ask_more", Node(say="还有别的问题吗？", position=(900.0, 400.0),
                                                      branches=(Branch("affirm", "goodbye"),))))
    item = scene.items_by_id["ask_more"]
    assert item.pos() == QPointF(900, 400)
    assert item.info.say == "还有别的问题吗？"
    assert ("branch", "ask_more", 0) in scene.edges
    doc.push(cmd.remove_nodes_command(doc.script, ["goodbye"]))
    assert "goodbye" not in scene.items_by_id
    assert not [k for k, e in scene.edges.items() if e.target.node_id == "goodbye"]
    assert item.scene() is scene and item.info.kind == "listen"
    doc.undo_stack.undo()
    assert scene.edges[("branch", "ask_more", 0)].target is scene.items_by_id["goodbye"]


def test_move_text_and_branch_changes_show(doc, view):
    scene = view.graph
    doc.push(cmd.MoveNodes(doc.script, {"goodbye": (None, (1500.0, 300.0))}))
    assert scene.items_by_id["goodbye"].pos() == QPointF(1500, 300)
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "再见！"))
    assert scene.items_by_id["goodbye"].info.say == "再见！"
    doc.push(cmd.AddBranch(doc.script, "introduce", Branch("ask_price", "goodbye")))
    edge = scene.edges[("branch", "introduce", 2)]
    assert edge.label == "问价格" and edge.target is scene.items_by_id["goodbye"]
    doc.undo_stack.undo()
    assert ("branch", "introduce", 2) not in scene.edges
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    # back to no position: the card returns to where the layout put it
    assert scene.items_by_id["goodbye"].pos() == QPointF(*scene.auto_positions["goodbye"])


def test_rename_intent_label_faq_and_start_show(doc, view):
    scene = view.graph
    doc.push(cmd.RenameNode(doc.script, "introduce", "pitch"))
    assert "pitch" in scene.items_by_id and "introduce" not in scene.items_by_id
    assert scene.edges[("branch", "opening", 0)].target is scene.items_by_id["pitch"]
    doc.push(cmd.ReplaceIntent(doc.script, "affirm",
                               dataclasses.replace(doc.script.intents["affirm"], label="愿意")))
    assert scene.edges[("branch", "pitch", 0)].label == "愿意"
    doc.push(cmd.ReplaceFaq(doc.script, 1, FaqEntry("ask_visit", "好的", goto=None)))
    assert ("faq", "book_visit") not in scene.edges
    doc.push(cmd.SetSection(doc.script, "start", "pitch"))
    assert scene.items_by_id["pitch"].info.is_start
    assert not scene.items_by_id["opening"].info.is_start


def test_no_match_then_and_next_are_styled_apart(doc, view):
    scene = view.graph
    node = doc.script.nodes["introduce"]
    doc.push(cmd.SetNodeField(doc.script, "introduce", "no_match",
                              dataclasses.replace(node.no_match or _handler(), then="goodbye")))
    doc.push(cmd.AddNode(doc.script, "bridge", Node(say="稍等", next="book_visit")))
    no_match, nxt = scene.edges[("no_match", "introduce")], scene.edges[("next", "bridge")]
    assert no_match.pen().style() == Qt.PenStyle.DashLine and no_match.label
    assert nxt.pen().style() == Qt.PenStyle.SolidLine and nxt.label == ""
    assert scene.edges[("faq", "book_visit")].pen().style() == Qt.PenStyle.DotLine


def _handler():
    from designer.model import Handler
    return Handler()


# ---- edits on the canvas change the model ---------------------------------------------------
def test_dragging_a_card_is_one_move_command(doc, view):
    before = dump_script(doc.script)
    start = card_centre(view, "book_visit")
    drag(view, start, start + QPointF(130, 70))
    assert doc.undo_stack.count() == 1
    x, y = doc.script.nodes["book_visit"].position
    auto = view.graph.auto_positions["book_visit"]
    assert (x - auto[0], y - auto[1]) == pytest.approx((130, 70), abs=2)
    assert doc.is_modified()
    undo_redo_keeps_bytes(doc, before, dump_script_after(doc))


def test_arrows_follow_a_card_while_it_is_dragged(doc, view):
    edge = view.graph.edges[("branch", "opening", 0)]
    before = edge.path().pointAtPercent(0)
    a = vp(view, card_centre(view, "opening"))
    b = a + QPoint(0, 90)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 7):
        send_move(view, a + (b - a) * i / 6)
    moved = edge.path().pointAtPercent(0)  # before the button is let go
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert moved.y() - before.y() == pytest.approx(90 / view.zoom(), abs=3)
    assert doc.undo_stack.count() == 1


def dump_script_after(doc):
    doc.undo_stack.redo()
    text = dump_script(doc.script)
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    return text


def test_dragging_several_selected_cards_moves_them_in_one_step(doc, view):
    doc.select_nodes(["introduce", "book_visit"])
    start = card_centre(view, "introduce")
    drag(view, start, start + QPointF(0, 90))
    assert doc.undo_stack.count() == 1
    assert doc.script.nodes["introduce"].position is not None
    assert doc.script.nodes["book_visit"].position is not None
    doc.undo_stack.undo()
    assert doc.script.nodes["book_visit"].position is None


def test_connect_drag_adds_a_branch_with_the_chosen_intent(doc, view):
    scene = view.graph
    asked = []

    def choose(scene_, source, target, _pos):
        asked.append((source, target, connection_options(scene_.script, source)[0][1]))
        return ("branch", "ask_price")

    scene.choose_connection = choose
    before = dump_script(doc.script)
    handle = scene.items_by_id["introduce"].mapToScene(
        scene.items_by_id["introduce"].handle_rect().center())
    drag(view, handle, card_centre(view, "goodbye"))
    assert asked == [("introduce", "goodbye", ("branch", "opt_out"))]  # first unused intent
    assert doc.script.nodes["introduce"].branches[-1] == Branch("ask_price", "goodbye")
    assert doc.script.nodes["introduce"].position is None  # the card did not move
    assert scene.edges[("branch", "introduce", 2)].label == "问价格"
    undo_redo_keeps_bytes(doc, before, dump_script_after(doc))


def test_cancelled_connection_changes_nothing(doc, view):
    view.graph.choose_connection = lambda *a: None
    handle = view.graph.items_by_id["opening"].mapToScene(
        view.graph.items_by_id["opening"].handle_rect().center())
    drag(view, handle, card_centre(view, "goodbye"))
    assert doc.undo_stack.count() == 0


def test_default_intent_is_the_first_unused(doc):
    assert default_intent(doc.script, "opening") == "opt_out"
    options = connection_options(doc.script, "book_visit")
    assert options == []  # an end node leads nowhere


def test_delete_removes_the_clicked_card_and_arrows_into_it(doc, view):
    before = dump_script(doc.script)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     vp(view, card_centre(view, "goodbye")))
    assert doc.selected_nodes() == ["goodbye"]
    assert view.graph.delete_selection()
    assert "goodbye" not in doc.script.nodes and "goodbye" not in view.graph.items_by_id
    assert all(b.goto != "goodbye" for n in doc.script.nodes.values() for b in n.branches)
    assert doc.script.limits.on_limit is None
    assert doc.undo_stack.count() == 1
    undo_redo_keeps_bytes(doc, before, dump_script_after(doc))


def test_selected_arrow_is_deleted_alone(doc, view):
    before = dump_script(doc.script)
    edge = view.graph.edges[("branch", "opening", 1)]
    edge.setSelected(True)
    assert view.graph.delete_selection()
    assert doc.script.nodes["opening"].branches == (Branch("affirm", "introduce"),)
    assert set(doc.script.nodes) == {"opening", "introduce", "book_visit", "goodbye"}
    undo_redo_keeps_bytes(doc, before, dump_script_after(doc))


def test_rubber_band_selects_cards_into_the_document(doc, view):
    scene = view.graph
    a = scene.items_by_id["opening"].sceneBoundingRect().topLeft() - QPointF(30, 30)
    b = scene.items_by_id["opening"].sceneBoundingRect().bottomRight() + QPointF(5, 5)
    drag(view, a, b)
    assert doc.selected_nodes() == ["opening"]
    assert doc.undo_stack.count() == 0


def test_double_click_asks_for_the_inspector(view, qtbot):
    with qtbot.waitSignal(view.graph.node_activated) as blocker:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier, vp(view, card_centre(view, "goodbye")))
    assert blocker.args == ["goodbye"]


def test_wheel_zooms_and_fit_shows_everything(view):
    view.fit_to_window()
    visible = view.visible_scene_rect()
    for item in view.graph.items_by_id.values():
        assert visible.contains(item.sceneBoundingRect())
    z = view.zoom()
    view.zoom_in()
    assert view.zoom() > z


def test_highlight_path_and_heat_api(doc, view):
    scene = view.graph
    scene.set_highlight("introduce")
    assert scene.items_by_id["introduce"].highlighted
    scene.set_highlight(None)
    assert not scene.items_by_id["introduce"].highlighted
    scene.set_path(["opening", "introduce", "book_visit"])
    assert scene.edges[("branch", "opening", 0)].on_path
    assert not scene.edges[("branch", "opening", 1)].on_path
    scene.set_heat({"opening": 10, "introduce": 5}, {("opening", "introduce"): 5})
    assert scene.items_by_id["opening"].heat == (1.0, 10)
    assert scene.items_by_id["goodbye"].heat == (0.0, 0)
    assert scene.edges[("branch", "opening", 0)].heat == (1.0, 5)
    assert "×5" in scene.edges[("branch", "opening", 0)].display_label()
    scene.clear_heat()
    assert scene.items_by_id["opening"].heat is None
    assert doc.undo_stack.count() == 0


def test_labels_do_not_cover_cards(view):
    scene = view.graph
    cards = [QRectF(i.pos().x(), i.pos().y(), st.W, st.H) for i in scene.items_by_id.values()]
    for edge in scene.edges.values():
        rect = edge.label_rect()
        assert not rect.isNull() or not edge.label
        assert not [c for c in cards if c.intersects(rect)], f"label of {edge.key} covers a card"


def test_far_away_cards_are_blocks_without_text(view, monkeypatch):
    item = view.graph.items_by_id["opening"]
    assert item.cacheMode() == NodeItem.CacheMode.DeviceCoordinateCache
    drawn = []
    monkeypatch.setattr(item, "_paint_text", lambda painter: drawn.append(1))
    view.set_zoom(1.0)
    item.update()
    view.viewport().grab()
    assert drawn
    drawn.clear()
    item.update()
    view.set_zoom(0.15)
    view.viewport().grab()
    assert not drawn


def _crossed_cards(scene, edge):
    """Cards (other than its own two) that an arrow's path runs under."""
    path = edge._path
    own = {edge.source, edge.target}
    crossed = set()
    for i in range(201):
        p = path.pointAtPercent(i / 200)
        for item in scene.items_by_id.values():
            if item not in own and QRectF(item.pos().x(), item.pos().y(), st.W,
                                          st.H).contains(p):
                crossed.add(item.node_id)
    return crossed


def test_arrows_go_around_cards_in_their_way(qtbot):
    nodes = {"a": Node(say="a", position=(0.0, 0.0), branches=(Branch("yes", "c"),)),
             "b": Node(say="b", position=(370.0, -10.0), end="hangup"),
             "c": Node(say="c", position=(740.0, 20.0), end="hangup")}
    doc = Document(Script(start="a", nodes=nodes, intents={"yes": Intent("是", keywords=("是",))}))
    scene = GraphScene(doc)
    edge = scene.edges[("branch", "a", 0)]
    assert not _crossed_cards(scene, edge)
    assert edge.target is scene.items_by_id["c"]
    doc.push(cmd.MoveNodes(doc.script, {"b": ((370.0, -10.0), (370.0, 300.0))}))
    assert not _crossed_cards(scene, edge)  # re-routed, now the straight way is free
    doc.push(cmd.MoveNodes(doc.script, {"b": ((370.0, 300.0), (370.0, 30.0))}))
    assert not _crossed_cards(scene, edge)  # another card moved into its way: around again


def test_a_large_flow_shows_at_once_and_routes_its_arrows_afterwards(qtbot):
    nodes = {}
    for i in range(200):
        branches = tuple(Branch("yes", f"n{j}") for j in (i + 1, i + 7) if j < 200)
        nodes[f"n{i}"] = Node(say=f"第{i}句", branches=branches) if branches else \
            Node(say="再见", end="hangup")
    doc = Document(Script(start="n0", nodes=nodes, intents={"yes": Intent("是", keywords=("是",))}))
    scene = GraphScene(doc)
    assert len(scene.items_by_id) == 200 and len(scene.edges) > 300
    assert not scene.is_routed()
    with qtbot.waitSignal(scene.routing_done, timeout=60000):
        pass
    assert scene.is_routed()
    long_edges = [e for e in scene.edges.values() if e.key[0] == "branch" and
                  int(e.target.node_id[1:]) - int(e.source.node_id[1:]) == 7][:25]
    assert long_edges
    for edge in long_edges:
        assert not _crossed_cards(scene, edge), edge.key


def test_middle_button_and_space_drag_pan_without_editing(doc, view, qtbot):
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    start = QPoint(400, 400)
    before = (h.value(), v.value())
    QTest.mousePress(view.viewport(), Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                     start)
    send_move(view, start + QPoint(-120, -80), Qt.MouseButton.MiddleButton)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.MiddleButton,
                       Qt.KeyboardModifier.NoModifier, start + QPoint(-120, -80))
    assert (h.value(), v.value()) == (before[0] + 120, before[1] + 80)
    view.setFocus()
    QTest.keyPress(view, Qt.Key.Key_Space)
    before = (h.value(), v.value())
    drag(view, view.mapToScene(start), view.mapToScene(start + QPoint(60, 0)))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert h.value() == before[0] - 60
    assert doc.undo_stack.count() == 0 and doc.selected_nodes() == []


def test_wheel_zooms_under_the_mouse(view):
    from PySide6.QtGui import QWheelEvent
    at = QPoint(300, 200)
    under = view.mapToScene(at)
    z = view.zoom()
    event = QWheelEvent(QPointF(at), QPointF(view.viewport().mapToGlobal(at)), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() == pytest.approx(z * 1.15 ** 2)
    after = view.mapToScene(at)
    assert abs(after.x() - under.x()) < 3 and abs(after.y() - under.y()) < 3
