"""GraphScene: the canvas mirrors the document's script.

It subscribes to `document.changed` and keeps a map node id -> NodeItem and edge key -> EdgeItem
(keys are described in edge_item.py). Items never change the model: a drag, a connection or a
delete ends here, and the scene pushes one command on the document's undo stack.

API for other docks (simulator, coverage):
  set_highlight(node_id | None)     ring the node the simulated call is at
  set_path([node ids])              tint the nodes of a path and the arrows between them
  set_heat(node_counts, edge_counts) colour nodes and arrows by how often they were used;
                                    edge_counts keys are edge keys or (source, target) pairs
  clear_heat()

Only one QGraphicsView may show this scene: cards use DeviceCoordinateCache, and Qt keeps one
"exposed" flag per item for all views, so a second view makes the first miss repaints (the
overview paints its own miniature for that reason).
"""
from __future__ import annotations

import gc
import math
import os
import time
from typing import Callable, Optional

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from designer.analysis.layout import free_spot, place_missing
from designer.model import ModelEvent, Node, Script
from designer.ui.canvas import style as st
from designer.ui.canvas.connect import Choice, choose_connection_menu
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.node_item import CardInfo, NodeItem
from designer.ui.canvas.scene_edges import EdgeSyncMixin, card_rect, rekey
from designer.ui.canvas.spatial import RectGrid
from designer.ui.canvas.scene_edits import CanvasEditsMixin
from designer.ui.canvas.scene_overlay import OverlayMixin
from designer.ui.document import Document

ROUTE_AT_ONCE = 150  # flows with more nodes are shown first and routed in slices
ROUTE_SLICE_S = 0.012
ROUTE_BUDGET_S = 0.005  # one arrow's search around the cards; past it, the quick curve
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
FLOW_MARGIN = 90.0  # around the cards, for arrow lanes and faq tags
MANY_MOVED = 50  # more cards moved at once than this: every arrow is redone

ChooseConnection = Callable[["GraphScene", str, str, object], Optional[Choice]]


class GraphScene(EdgeSyncMixin, CanvasEditsMixin, OverlayMixin, QGraphicsScene):
    node_activated = Signal(str)  # a card was double-clicked (the window shows the inspector)
    message = Signal(str)  # something worth a status-bar line
    appearance_changed = Signal()  # highlight, path or heat changed (the overview redraws)
    routing_done = Signal()  # every arrow of a large flow now runs around the cards

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.items_by_id: dict[str, NodeItem] = {}
        self.edges: dict[tuple, EdgeItem] = {}
        self.card_grid = RectGrid()  # where the cards are, for routing arrows and labels
        self.label_grid = RectGrid()  # where the arrow labels are
        # a large flow is drawn at once with plain arrows, then routed in slices (see below)
        self._route_queue: list[EdgeItem] = []
        self._routing_quick = False
        self._route_timer = QTimer(self, interval=0, timeout=self._route_some)
        # cards the model moved: their arrows are redone once per command, not per card
        self._moved: set[NodeItem] = set()
        self._model_moving = False
        self._flush_timer = QTimer(self, singleShot=True, interval=0, timeout=self.flush_moves)
        document.undo_stack.indexChanged.connect(self.flush_moves)
        self.auto_positions: dict[str, tuple[float, float]] = {}
        # how a connection drag picks its intent; tests replace it (the default shows a menu)
        self.choose_connection: ChooseConnection = choose_connection_menu
        self._syncing_selection = False
        self._press_positions: dict[str, QPointF] = {}
        self._connect_from: Optional[NodeItem] = None
        self._connect_line: Optional[QGraphicsPathItem] = None
        self._highlight: Optional[str] = None
        self._path: list[str] = []
        self._marks = ("", None)  # (start, on_limit) the cards currently show
        # far zoom: arrows are hidden items and drawn all at once under the cards (see set_far)
        self._far = False
        self._batch: Optional[list[tuple[QPen, QPainterPath]]] = None
        self._card_batch: Optional[list] = None
        self.selectionChanged.connect(self.cards_changed)
        self.setBackgroundBrush(st.BACKGROUND)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        document.changed.connect(self._on_model_event)
        document.script_replaced.connect(self.set_script)
        document.selection_changed.connect(self._select_from_document)
        self.selectionChanged.connect(self._selection_to_document)
        self.set_script()

    @property
    def script(self) -> Script:
        return self.document.script

    # ---- building -------------------------------------------------------------------------
    def set_script(self) -> None:
        """Rebuild everything from the document's script (open, new, restore). The cyclic
        garbage collector waits meanwhile: the build makes hundreds of thousands of objects,
        each full collection rescans the whole model, and that doubled the build at 10,000
        nodes (2.7 -> 5.5 s); nothing built here is cyclic garbage."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build()
        finally:
            if was_enabled:
                gc.enable()

    def _build(self) -> None:
        self._syncing_selection = True
        self.clear()
        self._syncing_selection = False
        self.items_by_id.clear()
        self.card_grid.clear()
        self.label_grid.clear()
        self.edges.clear()
        self._connect_line = None
        self._highlight, self._path = None, []
        s = self.script
        self._marks = (s.start, s.limits.on_limit)
        # nodes without a position are laid out in the view only: no undo step, file unchanged
        self.auto_positions = {n: tuple(map(float, p)) for n, p in place_missing(s).items()}
        self._preset_scene_rect()  # a fixed rect while building: the index never regrows
        # and a fixed depth for the item count to come (left at 0, Qt picks one from the
        # count it has seen and rebuilds the whole tree whenever that guess changes: a
        # 0.45 s stall after the first paint at 10,000 nodes)
        expected = len(s.nodes) * 4  # a card and about three arrows per node
        self.setBspTreeDepth(max(5, int(math.log2(max(expected, 10) / 10))))
        self._route_queue, self._moved = [], set()
        self._batch = self._card_batch = None
        self._routing_quick = len(s.nodes) > ROUTE_AT_ONCE
        for nid, node in s.nodes.items():
            self._create_item(nid, node)
        for nid in s.nodes:
            self._sync_edges_from(nid)
        self._routing_quick = False
        self._sync_faq_edges()
        self.update_scene_rect()
        if self._route_queue:  # left first: that is where the first view looks
            self._route_queue.sort(key=lambda e: -e.source.pos().x())
            self._route_timer.start()

    # ---- routing a large flow in slices -----------------------------------------------------
    def adjust_edge(self, edge: EdgeItem) -> None:
        edge.adjust(quick=self._routing_quick)
        if self._routing_quick:
            self._route_queue.append(edge)

    def flush_moves(self, *_args) -> None:
        """Redo the arrows of cards the model moved (after a command: an auto-layout moves
        every card, and routing each arrow once per card it touches took a minute)."""
        moved, self._moved = self._moved, set()
        moved = {item for item in moved if item.scene() is self}
        if not moved:
            return
        if len(moved) > MANY_MOVED:
            dirty = set(self.edges.values())
        else:
            dirty = {edge for item in moved for edge in item.edges}
            dirty |= self.edges_crossing(moved)
        if len(dirty) <= ROUTE_AT_ONCE * 2:
            for edge in dirty:
                edge.adjust()
            return
        for edge in dirty:  # many: plain arrows now, routed in slices
            edge.adjust(quick=True)
        self._route_queue.extend(e for e in dirty if e.source is not None)
        self._route_timer.start()

    def _route_some(self) -> None:
        """Route queued arrows for a few milliseconds, apply those routes, then let the window
        breathe. Applying them all at the end took 0.5-0.65 s in one go at 10,000 nodes; a
        slice's worth costs a repaint of what they cover, which the view merges."""
        deadline = time.perf_counter() + ROUTE_SLICE_S
        routed = []
        while self._route_queue and time.perf_counter() < deadline:
            edge = self._route_queue.pop()
            if edge.scene() is self:
                routed.append((edge, edge.compute(budget_s=ROUTE_BUDGET_S)))
        for edge, geometry in routed:
            if edge.scene() is self:
                edge.apply(geometry)
        if not self._route_queue:
            self._route_timer.stop()
            self.routing_done.emit()

    def is_routed(self) -> bool:
        return not self._route_queue

    def _create_item(self, nid: str, node: Node) -> NodeItem:
        item = NodeItem(self.card_info(nid, node))
        item.setPos(QPointF(*self._position_of(nid, node)))
        self.items_by_id[nid] = item
        if self._far:
            item.setFlag(NO_CONTENTS)
        self.addItem(item)
        self.card_grid.put(item, card_rect(item))
        self.cards_changed()
        return item

    def _position_of(self, nid: str, node: Node) -> tuple[float, float]:
        if node.position is not None:
            return node.position
        if nid not in self.auto_positions:
            self.auto_positions[nid] = free_spot(self._spot_near_selection(),
                                                 (i.pos().toTuple() for i in
                                                  self.items_by_id.values() if i.node_id != nid))
        return self.auto_positions[nid]

    def _spot_near_selection(self) -> tuple[float, float]:
        for nid in self.document.selected_nodes():
            if nid in self.items_by_id:
                p = self.items_by_id[nid].pos()
                return (p.x() + st.W + 150, p.y())
        return (0.0, 0.0)

    def card_info(self, nid: str, node: Node) -> CardInfo:
        s = self.script
        if node.end is not None:
            kind = "transfer" if node.end == "transfer" else "hangup"
        else:
            kind = "next" if node.next is not None else "listen"
        if kind == "listen":
            n = len(node.branches)
            summary = (self.tr("listens, no branches yet") if n == 0 else self.tr("1 branch")
                       if n == 1 else self.tr("{0} branches").format(n))
        elif kind == "next":
            summary = self.tr("continues to {0}").format(node.next)
        elif kind == "hangup":
            summary = self.tr("hangs up")
        else:
            summary = self.tr("transfers to {0}").format(node.transfer_to or "?")
        return CardInfo(nid, node.say, kind, summary, self._audio_state(node.audio),
                        is_start=(nid == s.start), is_limit=(nid == s.limits.on_limit),
                        placeholder=self.tr("(says nothing yet)"))

    def _audio_state(self, audio: Optional[str]) -> str:
        if not audio:
            return "none"
        base = os.path.dirname(self.script.path) if self.script.path else None
        if base is None and not os.path.isabs(audio):
            return "missing"
        return "ok" if os.path.isfile(os.path.join(base or "", audio)) else "missing"

    # ---- following the model --------------------------------------------------------------
    def _on_model_event(self, event: ModelEvent) -> None:
        kind = event.kind
        if kind == "node_added":
            node = self.script.nodes[event.key]
            self._create_item(event.key, node)
            self._sync_edges_from(event.key)
            self._sync_edges_into(event.key)
            self.update_scene_rect()
        elif kind == "node_removed":
            self._remove_item(event.key)
        elif kind == "node_changed":
            self._refresh_node(event.key, event.detail)
        elif kind == "node_renamed":
            self._rename(event.detail, event.key)
        elif kind.startswith("intent_"):
            self._refresh_branch_labels()
        elif kind.startswith("faq_"):
            self._sync_faq_edges()
        elif kind == "section_changed" and event.key in ("start", "limits"):
            self._refresh_marks()
        elif kind == "reset":
            self.set_script()

    def _remove_item(self, nid: str) -> None:
        item = self.items_by_id.pop(nid, None)
        self.auto_positions.pop(nid, None)
        if item is None:
            return
        for edge in list(item.edges):
            self._drop_edge(edge)
        self._path = [n for n in self._path if n != nid]
        if self._highlight == nid:
            self._highlight = None
        self.card_grid.remove(item)
        self.removeItem(item)
        self.cards_changed()
        self._sync_faq_edges()

    def _refresh_node(self, nid: str, field: Optional[str]) -> None:
        item = self.items_by_id.get(nid)
        if item is None:
            return
        node = self.script.nodes[nid]
        if field in (None, "position"):  # None again (undo of a first move): back to the layout
            new = QPointF(*self._position_of(nid, node))
            if item.pos() != new:
                self._model_moving = True
                try:
                    item.setPos(new)
                finally:
                    self._model_moving = False
            self._moved.add(item)  # its arrows follow once the whole command is done
            self._flush_timer.start()
        if field != "position":
            item.set_info(self.card_info(nid, node))
            self._sync_edges_from(nid)

    def _rename(self, old: str, new: str) -> None:
        """A rename rewrote references silently. Arrows hold cards, not ids, so nothing moves:
        the card and the keys of its arrows take the new id, and the cards that name it in
        their summary ("continues to ...") or marks are redrawn."""
        item = self.items_by_id.pop(old, None)
        if item is None:
            return
        self.items_by_id[new] = item
        if old in self.auto_positions:
            self.auto_positions[new] = self.auto_positions.pop(old)
        self._path = [new if n == old else n for n in self._path]
        if self._highlight == old:
            self._highlight = new
        for edge in list(item.edges):
            renamed = rekey(edge.key, old, new)
            if renamed != edge.key:
                del self.edges[edge.key]
                edge.key = renamed
                self.edges[renamed] = edge
        item.set_info(self.card_info(new, self.script.nodes[new]))
        for nid, node in self.script.nodes.items():
            if node.next == new:
                self.items_by_id[nid].set_info(self.card_info(nid, node))
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        s = self.script
        now = (s.start, s.limits.on_limit)
        for nid in set(self._marks) | set(now):
            if nid in self.items_by_id:
                self.items_by_id[nid].set_info(self.card_info(nid, s.nodes[nid]))
        self._marks = now

    def _preset_scene_rect(self) -> None:
        points = [n.position or self.auto_positions.get(i, (0.0, 0.0))
                  for i, n in self.script.nodes.items()]
        if not points:
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        rect = QRectF(min(xs), min(ys), max(xs) - min(xs) + st.W, max(ys) - min(ys) + st.H)
        self.setSceneRect(rect.adjusted(-800, -600, 800, 600))

    def flow_rect(self) -> QRectF:
        """Where the flow is: the cards and room for the arrows around them (lanes below,
        faq tags above). QGraphicsScene.itemsBoundingRect asks every arrow item for its
        bounds, a Python call each: 0.25-0.4 s at 10,000 nodes."""
        bounds = self.card_grid.bounds()
        if bounds is None:
            return QRectF()
        left, top, right, bottom = bounds
        return QRectF(left - 20, top - FLOW_MARGIN, right - left + 20 + FLOW_MARGIN,
                      bottom - top + 2 * FLOW_MARGIN)

    def update_scene_rect(self) -> None:
        """Room to scroll around the flow (the rect grows with it, shrinks on rebuild)."""
        rect = self.flow_rect() if self.items_by_id else QRectF(0, 0, st.W, st.H)
        self.setSceneRect(rect.adjusted(-800, -600, 800, 600))

    # ---- selection ------------------------------------------------------------------------
    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def _selection_to_document(self) -> None:
        if not self._syncing_selection:
            self.document.select_nodes(self.selected_node_ids())

    def _select_from_document(self, ids: list) -> None:
        if set(ids) == set(self.selected_node_ids()):
            return
        self._syncing_selection = True
        try:
            for item in self.selectedItems():
                if not (isinstance(item, NodeItem) and item.node_id in ids):
                    item.setSelected(False)
            for nid in ids:
                if nid in self.items_by_id:
                    self.items_by_id[nid].setSelected(True)
        finally:
            self._syncing_selection = False

    def select_all_nodes(self) -> None:
        path = QPainterPath()
        path.addRect(self.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.setSelectionArea(path)

    # ---- far zoom: every arrow in one go ---------------------------------------------------
    def set_far(self, far: bool) -> None:
        """The view zoomed out beyond style.LOD_BATCH (or back in). Far away, painting
        thousands of arrow items one by one (a Python call each) is most of a frame, and an
        arrow is a thin line without head or label anyway: the arrow items are hidden (so they
        are neither painted nor picked) and drawBackground draws all the lines, one path per
        colour, under the cards."""
        if far == self._far:
            return
        self._far = far
        self._batch = self._card_batch = None
        for edge in self.edges.values():
            edge.setVisible(not far)
        for item in self.items_by_id.values():  # still there to be picked, just not painted
            item.setFlag(NO_CONTENTS, far)
        self.update()

    def is_far(self) -> bool:
        return self._far

    def edges_changed(self) -> None:
        """An arrow moved or changed colour: the far-zoom picture is made again when next
        painted."""
        self._batch = None
        if self._far:
            self.update()

    def cards_changed(self) -> None:
        """A card moved, changed or was (de)selected: far away, the blocks are drawn again."""
        if self._card_batch is not None:
            self._card_batch = None
            self.update()

    def _card_blocks(self) -> list[tuple[QPen, QColor, list[QRectF]]]:
        """What NodeItem.paint draws far away, for all cards: a frame in the header colour
        (the selection colour when selected), the body, the header band, the start mark."""
        if self._card_batch is None:
            groups: dict[tuple, tuple[QPen, QColor, list[QRectF]]] = {}
            w, h = st.W, st.H
            for item in self.items_by_id.values():
                pen_colour, width, head, body, start = item.far_look()
                x, y = item.pos().x(), item.pos().y()
                key = (pen_colour.rgba(), width, body.rgba())
                group = groups.get(key)
                if group is None:
                    group = groups[key] = (QPen(pen_colour, width), body, [])
                group[2].append(QRectF(x, y, w, h))
                key = (head.rgba(), 0, -1)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = (QPen(Qt.PenStyle.NoPen), head, [])
                group[2].append(QRectF(x, y, w, st.HEADER))
                if start:
                    key = (st.START.rgba(), 0, -1)
                    group = groups.get(key)
                    if group is None:
                        group = groups[key] = (QPen(Qt.PenStyle.NoPen), st.START, [])
                    group[2].append(QRectF(x - 14, y, 10, h))
            self._card_batch = list(groups.values())
        return self._card_batch

    def _edge_batch(self) -> list[tuple[QPen, QPainterPath]]:
        if self._batch is None:
            paths: dict[tuple, tuple[QPen, QPainterPath]] = {}
            for edge in self.edges.values():
                pen = edge.pen()  # the arrow's own pen: the same lines the items would draw
                key = (pen.color().rgba(), pen.widthF(), pen.style())
                entry = paths.get(key)
                if entry is None:
                    entry = paths[key] = (pen, QPainterPath())
                entry[1].addPath(edge.path())
            self._batch = list(paths.values())
        return self._batch

    def _draw_far_edges(self, painter: QPainter) -> None:
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pen, path in self._edge_batch():
            painter.setPen(pen)
            painter.drawPath(path)
        for pen, brush, rects in self._card_blocks():
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.drawRects(rects)
        painter.restore()

    # ---- background -----------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        if self._far:
            self._draw_far_edges(painter)
        if painter.worldTransform().m11() < 0.5:
            return  # a grid far away is only noise
        step = 40
        left = int(rect.left()) - int(rect.left()) % step
        top = int(rect.top()) - int(rect.top()) % step
        painter.setPen(QPen(st.GRID, 1))
        lines = []
        x = left
        while x < rect.right():
            lines.append((QPointF(x, rect.top()), QPointF(x, rect.bottom())))
            x += step
        y = top
        while y < rect.bottom():
            lines.append((QPointF(rect.left(), y), QPointF(rect.right(), y)))
            y += step
        for a, b in lines:
            painter.drawLine(a, b)


