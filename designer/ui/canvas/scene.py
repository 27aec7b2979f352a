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

A flow above scene_build.BUILD_AT_ONCE nodes is built by region (what the view paints) and in
the background after the first paint; `items_by_id` and `edges` build what is looked up in them
(see scene_build). Inside the canvas, `_items` / `_edges` are what is built.

The selection is the node ids in `_selected` (the document's selection, kept as a set here):
a card takes its selected state from it when it is built, and select all, a selection band,
delete, copy and a drag of the selection work from the ids, so none of them builds a card.
Qt's own item selection (a click, a band over built cards) is read back into the ids.
Arrows are selected as items (only a built arrow can be clicked).

Only one QGraphicsView may show this scene: cards use DeviceCoordinateCache, and Qt keeps one
"exposed" flag per item for all views, so a second view makes the first miss repaints (the
overview paints its own miniature for that reason).
"""
from __future__ import annotations

import dataclasses
import math
import time
from collections import deque
from typing import Callable, Optional

from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from designer.analysis.layout import free_spot, place_missing
from designer.audio.library import audio_files, prompt_has_file
from designer.gcpause import collector_paused
from designer.model import ModelEvent, Node, Prompt, Script
from designer.ui.canvas import style as st
from designer.ui.canvas.connect import Choice, choose_connection_menu
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.node_item import CardInfo, NodeItem, card_kind
from designer.ui.canvas.scene_build import BUILD_AT_ONCE, BuildMixin, CardMap, EdgeMap, Plan
from designer.ui.canvas.scene_edges import EdgeSyncMixin, rekey
from designer.ui.canvas.scene_edits import CanvasEditsMixin
from designer.ui.canvas.scene_far import NO_CONTENTS, FarDrawMixin
from designer.ui.canvas.scene_overlay import OverlayMixin
from designer.ui.canvas.spatial import RectGrid
from designer.ui.audio_state import audio_notifier
from designer.ui.document import Document

ROUTE_AT_ONCE = 150  # flows with more nodes are shown first and routed in slices
ROUTE_SLICE_S = 0.012
ROUTE_BUDGET_S = 0.005  # one arrow's search around the cards; past it, the quick curve
FLOW_MARGIN = 90.0  # around the cards, for arrow lanes and faq tags
MANY_MOVED = 50  # more cards moved at once than this: every arrow is redone

ChooseConnection = Callable[["GraphScene", str, str, object], Optional[Choice]]


class GraphScene(BuildMixin, EdgeSyncMixin, CanvasEditsMixin, OverlayMixin, FarDrawMixin,
                 QGraphicsScene):
    node_activated = Signal(str)  # a card was double-clicked (the window shows the inspector)
    message = Signal(str)  # something worth a status-bar line
    appearance_changed = Signal()  # highlight, path or heat changed (the overview redraws)
    routing_done = Signal()  # every arrow of a large flow now runs around the cards
    build_done = Signal()  # every card and arrow of a large flow now exists as an item

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self._items: dict[str, NodeItem] = {}  # the cards built
        self._edges: dict[tuple, EdgeItem] = {}  # the arrows built
        self.items_by_id = CardMap(self)  # for readers: built on demand (scene_build)
        self.edges = EdgeMap(self)
        # every card, built or not (keyed by node id until built): routing, labels, fit
        self.card_grid = RectGrid()
        self.label_grid = RectGrid()  # where the arrow labels are
        # a large flow is built by region and in slices, drawn with plain arrows, then
        # routed in slices (see below and scene_build)
        self._plan: Optional[Plan] = None
        self._first_paint_wait = QTimer(self, singleShot=True, timeout=self._no_paint_yet)
        self._background_ok = False
        self._route_queue: deque[EdgeItem] = deque()
        self._routing_quick = False
        self._route_front = False  # arrows in view: routed before the others
        self._route_retried: set[EdgeItem] = set()  # their route search ran out of time once
        # one slice of background work per pass of the event loop: building and routing
        # take turns (both in one pass made a 25 ms stall on top of a repaint)
        self._work_timer = QTimer(self, interval=0, timeout=self._work_tick)
        self._build_turn = True
        self._faq_cache: Optional[dict[str, str]] = None
        self._tags_later: Optional[list[NodeItem]] = None  # cards whose faq tag comes last
        self._handler_labels = ("", "")
        self._heat: Optional[tuple] = None  # (node counts, edge counts, top node, top edge)
        self._quiet: Optional[str] = None  # background work under way (scene_far._quietly)
        self._far_stale = False  # arrows were routed since the far picture was made
        # cards the model moved: their arrows are redone once per command, not per card
        self._moved: set[NodeItem] = set()
        self._model_moving = False
        self._flush_timer = QTimer(self, singleShot=True, interval=0, timeout=self.flush_moves)
        document.undo_stack.indexChanged.connect(self.flush_moves)
        self.auto_positions: dict[str, tuple[float, float]] = {}
        # how a connection drag picks its intent; tests replace it (the default shows a menu)
        self.choose_connection: ChooseConnection = choose_connection_menu
        self._syncing_selection = False
        self._selected: dict[str, None] = {}  # the node ids selected, in order (see above)
        self._deferred_selection = 0  # Qt is handling a click: read its selection after
        self._band_base: Optional[dict[str, None]] = None  # a selection band is under way
        self._press_ctrl = False  # Ctrl was held at the last mouse press
        self._adds = 0  # nodes added since the last command ended (scene_build)
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
        self.selectionChanged.connect(self._selection_changed)
        self.setBackgroundBrush(st.BACKGROUND)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        # the audio marks: the audio folder is listed once, read again when audio changes
        self._audio_listing: Optional[frozenset[str]] = None
        self._audio_listed = False
        document.changed.connect(self._on_model_event)
        document.script_replaced.connect(self.set_script)
        document.path_changed.connect(self._on_path_changed)
        audio_notifier(document).changed.connect(self._on_audio_changed)
        document.selection_changed.connect(self._select_from_document)
        self.selectionChanged.connect(self._selection_to_document)
        self.set_script()

    @property
    def script(self) -> Script:
        return self.document.script

    # Qt signals are connected to GraphScene's own methods only: PySide cannot find a mixin's
    # method as the slot of a scene being destroyed ("Slot 'GraphScene::' not found")
    def _selection_changed(self) -> None:
        self.cards_changed()

    def _on_audio_changed(self, ids: list) -> None:
        self.refresh_audio(ids)

    def _on_path_changed(self, _path: str) -> None:
        self.refresh_audio()

    def _work_tick(self) -> None:
        build = self._plan is not None and self._background_ok
        if build and (self._build_turn or not self._route_queue):
            self._build_some()
        elif self._route_queue:
            self._route_some()
        self._build_turn = not self._build_turn
        if not self._route_queue and (self._plan is None or not self._background_ok):
            self._work_timer.stop()

    def _no_paint_yet(self) -> None:
        self.start_background()

    # ---- building -------------------------------------------------------------------------
    def set_script(self) -> None:
        """Rebuild everything from the document's script (open, new, restore). The cyclic
        garbage collector waits meanwhile: the build makes hundreds of thousands of objects,
        each full collection rescans the whole model, and that doubled the build at 10,000
        nodes (2.7 -> 5.5 s); nothing built here is cyclic garbage."""
        with collector_paused():
            self._build()

    def _build(self) -> None:
        self._syncing_selection = True
        self.clear()
        self._syncing_selection = False
        self._selected = {}
        self._band_base = None
        self._adds = 0
        self._items.clear()
        self.card_grid.clear()
        self.label_grid.clear()
        self._edges.clear()
        self._connect_line = None
        self._highlight, self._path, self._heat = None, [], None
        self._faq_cache = None
        self._audio_listed = False  # another script, maybe another folder
        self._handler_labels = (self.tr("no match"), self.tr("silence"))
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
        self._route_queue, self._moved, self._route_retried = deque(), set(), set()
        self._batch = self._card_batch = None
        self._plan_build()  # every card's place; the rest waits for the view (scene_build)
        if len(s.nodes) <= BUILD_AT_ONCE:
            self.ensure_built(quick=len(s.nodes) > ROUTE_AT_ONCE)
            # left first: that is where the first view looks (routed after the first paint)
            self._route_queue = deque(sorted(self._route_queue,
                                             key=lambda e: e.source.pos().x()))
        self.update_scene_rect()
        self._wait_for_paint()

    # ---- routing a large flow in slices -----------------------------------------------------
    def adjust_edge(self, edge: EdgeItem) -> None:
        edge.adjust(quick=self._routing_quick)
        if self._routing_quick:
            if self._route_front:
                self._route_queue.appendleft(edge)
            else:
                self._route_queue.append(edge)

    def flush_moves(self, *_args) -> None:
        """Redo the arrows of cards the model moved (after a command: an auto-layout moves
        every card, and routing each arrow once per card it touches took a minute); make the
        plan of a large flow again when the command left it stale (scene_build)."""
        self._adds = 0
        if self._plan is not None:
            self._replan()
        moved, self._moved = self._moved, set()
        if self._plan is not None:
            self._plan.touches = 0  # a command ended
        moved = {item for item in moved if item.scene() is self}
        if not moved:
            return
        if len(moved) > MANY_MOVED:
            dirty = set(self._edges.values())
            self._relane({e.source for e in dirty if e.source is not None})
        else:
            dirty = {edge for item in moved for edge in item.edges}
            self._relane({e.source for e in dirty if e.source is not None})
            dirty |= self.edges_crossing(moved)
        if len(dirty) <= ROUTE_AT_ONCE * 2:
            for edge in dirty:
                edge.adjust()
            return
        for edge in dirty:  # many: plain arrows now, routed in slices
            edge.adjust(quick=True)
        self._route_queue.extend(e for e in dirty if e.source is not None)
        self._work_timer.start()

    def _relane(self, sources) -> None:
        """A card moved: which of its arrows (and of the arrows into it) run back along a lane
        may have changed (what a rebuild would give; the caller redraws them)."""
        for source in sources:
            nid = source.node_id
            if self._items.get(nid) is not source or nid not in self.script.nodes:
                continue
            for key, _target, _label, _colour, port, sibling, lane in self._arrow_specs(nid):
                edge = self._edges.get(key)
                if edge is not None:
                    edge.port, edge.sibling, edge.lane = port, sibling, lane

    def _route_some(self) -> None:
        """Route queued arrows for a few milliseconds, apply those routes, then let the window
        breathe. Applying them all at the end took 0.5-0.65 s in one go at 10,000 nodes; a
        slice's worth costs a repaint of what they cover, which the view merges."""
        deadline = time.perf_counter() + ROUTE_SLICE_S
        routed, again = [], []
        while self._route_queue and time.perf_counter() < deadline:
            edge = self._route_queue.popleft()
            if edge.scene() is self:
                routed.append((edge, edge.compute(budget_s=ROUTE_BUDGET_S)))
                if edge.timed_out and edge not in self._route_retried:
                    again.append(edge)  # once more later: the interpreter may have stalled
        with self._quietly("route"):
            for edge, geometry in routed:
                if edge.scene() is self:
                    edge.apply(geometry)
        self._route_retried.update(again)
        self._route_queue.extend(again)
        if not self._route_queue and self._plan is None:  # else when the build is done
            if self._far_stale:
                self.refresh_far()
            self.routing_done.emit()

    def is_routed(self) -> bool:
        """Every arrow built and routed."""
        return not self._route_queue and self._plan is None

    def _create_item(self, nid: str, node: Node) -> NodeItem:
        item = NodeItem(self.card_info(nid, node))
        x, y = self._position_of(nid, node)
        item.setPos(QPointF(x, y))
        self._items[nid] = item
        if self._far:
            item.setFlag(NO_CONTENTS)
        item.highlighted = nid == self._highlight  # what the docks show on the other cards
        item.on_path = nid in self._path
        if self._heat is not None:
            item.heat = self._node_heat(nid)
        self.addItem(item)
        if nid in self._selected:  # selected before it was built (select all, a band...)
            was, self._syncing_selection = self._syncing_selection, True
            try:
                item.setSelected(True)
            finally:
                self._syncing_selection = was
        self.card_grid.remove(nid)  # its place while it was not built
        self.card_grid.put(item, (x, y, x + st.W, y + st.H))
        self.cards_changed()
        if self._tags_later is not None:
            self._tags_later.append(item)
        else:
            self._sync_faq_edge_of(item)
        return item

    def _position_of(self, nid: str, node: Node) -> tuple[float, float]:
        if node.position is not None:
            return node.position
        if nid not in self.auto_positions:
            self.auto_positions[nid] = free_spot(self._spot_near_selection(),
                                                 self._card_spots(skip=nid))
        return self.auto_positions[nid]

    def _card_spots(self, skip: Optional[str] = None) -> list[tuple[float, float]]:
        """The top-left corner of every card, built or not (but skip's)."""
        return [(r[0], r[1]) for key, r in self.card_grid.rects()
                if key != skip and getattr(key, "node_id", None) != skip]

    def _spot_near_selection(self) -> tuple[float, float]:
        for nid in self.document.selected_nodes():
            if nid in self._items:
                p = self._items[nid].pos()
                return (p.x() + st.W + 150, p.y())
        return (0.0, 0.0)

    def card_info(self, nid: str, node: Node) -> CardInfo:
        s = self.script
        kind = card_kind(node)
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
        return CardInfo(nid, node.say, kind, summary, self._audio_state(nid, node),
                        is_start=(nid == s.start), is_limit=(nid == s.limits.on_limit),
                        placeholder=self.tr("(says nothing yet)"))

    def _audio_state(self, nid: str, node: Node) -> str:
        """ok: the node's prompt has its audio file, found as the Audio dock and the export
        find it (its explicit `audio:` path, else the recorded, imported or synthesized
        audio/<id>.wav: designer.audio.library.prompt_has_file); missing: the explicit path
        names no file; none: no audio. The folder is listed once for all the cards."""
        s = self.script
        if s.path:
            if not self._audio_listed:
                self._audio_listing, self._audio_listed = audio_files(s), True
            if prompt_has_file(s, Prompt(nid, node.say, node.audio, nid, "say"),
                               self._audio_listing):
                return "ok"
        return "missing" if node.audio else "none"

    def refresh_audio(self, ids: Optional[list] = None) -> None:
        """Audio changed (the AudioNotifier's prompt ids; none or [] = any): the audio folder
        is listed again and the cards built so far whose mark changed are redrawn (the others
        read the new listing when they are built)."""
        self._audio_listed = False
        s = self.script
        items = self._items
        pairs = (items.items() if not ids else
                 [(i, items[i]) for i in dict.fromkeys(ids) if i in items])
        for nid, item in pairs:
            node = s.nodes.get(nid)
            if node is None:
                continue
            audio = self._audio_state(nid, node)
            if audio != item.info.audio:
                item.set_info(dataclasses.replace(item.info, audio=audio))

    # ---- following the model --------------------------------------------------------------
    def _on_model_event(self, event: ModelEvent) -> None:
        kind = event.kind
        self._faq_cache = None
        if kind == "node_added" and self._plan is None:
            self._added_to_whole_flow()
        if self._plan is not None and kind != "reset" and \
                self._before_model_event(kind, event.key, event.detail):
            return  # a node added to a flow not built whole: built when seen (scene_build)
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
        """The node is gone: its card and every arrow of it (its faq tag is one of them).
        Removing selected items tells nobody: the ids are the selection (the document drops
        the node from its own)."""
        item = self._items.pop(nid, None)
        self.auto_positions.pop(nid, None)
        if self._path and nid in self._path:
            self._path = [n for n in self._path if n != nid]
        if self._highlight == nid:
            self._highlight = None
        if nid in self._selected:
            del self._selected[nid]
            self.cards_changed()
        if item is None:  # never built (scene_build forgot it)
            return
        was, self._syncing_selection = self._syncing_selection, True
        try:
            for edge in list(item.edges):
                self._drop_edge(edge)
            self.card_grid.remove(item)
            self.removeItem(item)
        finally:
            self._syncing_selection = was
        self.cards_changed()

    def _refresh_node(self, nid: str, field: Optional[str]) -> None:
        item = self._items.get(nid)
        if item is None:
            return
        node = self.script.nodes[nid]
        if field in (None, "position"):  # None again (undo of a first move): back to the layout
            new = QPointF(*self._position_of(nid, node))
            if item.pos() != new:
                self._model_moving = True
                try:
                    item.setPos(new)
                    self.node_item_moved(item)
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
        if old in self.auto_positions:
            self.auto_positions[new] = self.auto_positions.pop(old)
        if old in self._selected:
            self._selected = {new if n == old else n: None for n in self._selected}
        self._path = [new if n == old else n for n in self._path]
        if self._highlight == old:
            self._highlight = new
        item = self._items.pop(old, None)
        if item is not None:  # else never built (scene_build renamed it)
            self._items[new] = item
            for edge in list(item.edges):
                renamed = rekey(edge.key, old, new)
                if renamed != edge.key:
                    del self._edges[edge.key]
                    edge.key = renamed
                    self._edges[renamed] = edge
            item.set_info(self.card_info(new, self.script.nodes[new]))
        for nid, node in self.script.nodes.items():
            if node.next == new and nid in self._items:  # the others are made up to date
                self._items[nid].set_info(self.card_info(nid, node))
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        s = self.script
        now = (s.start, s.limits.on_limit)
        for nid in set(self._marks) | set(now):
            if nid in self._items and nid in s.nodes:
                self._items[nid].set_info(self.card_info(nid, s.nodes[nid]))
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
        rect = self.flow_rect() if len(self.card_grid) else QRectF(0, 0, st.W, st.H)
        self.setSceneRect(rect.adjusted(-800, -600, 800, 600))

    # ---- selection ------------------------------------------------------------------------
    def selected_node_ids(self) -> list[str]:
        """The nodes selected, built or not."""
        return list(self._selected)

    def is_selected(self, nid: str) -> bool:
        return nid in self._selected

    def card_position(self, nid: str) -> tuple[float, float]:
        """Where nid's card is drawn (its top-left corner), built or not (KeyError: no card)."""
        rect = self.card_grid.get(self._items.get(nid, nid))
        if rect is None:
            raise KeyError(nid)
        return (rect[0], rect[1])

    def select_all_nodes(self) -> None:
        """Select every node: the ids, and the cards built so far (the others come out
        selected when they are built)."""
        self._set_selection(dict.fromkeys(self.script.nodes))

    def clear_selection(self) -> None:
        """Nothing selected: no node, no arrow."""
        self._set_selection({}, arrows=True)

    def _set_selection(self, ids: dict, arrows: bool = False, tell: bool = True) -> None:
        """ids become the selection: the built cards follow (and, arrows: every selected
        arrow is deselected), then the document (tell)."""
        self._selected = ids
        self._show_selection(arrows)
        if tell:
            self.document.select_nodes(list(ids))

    def _show_selection(self, arrows: bool = False) -> None:
        """Every built card selected as the ids say (Qt's selection of them put right)."""
        ids, items = self._selected, self._items
        # one selectionChanged per card Qt selects: the scene's own slots only, told at the
        # end (select all on 10,000 built cards made 20,000 Python calls)
        was, self._syncing_selection = self._syncing_selection, True
        blocked = self.blockSignals(True)
        try:
            for item in self.selectedItems():
                if isinstance(item, NodeItem) and item.node_id not in ids or \
                        arrows and not isinstance(item, NodeItem):
                    item.setSelected(False)
            if len(ids) < len(items):
                built = [items[nid] for nid in ids if nid in items]
            else:
                built = [item for nid, item in items.items() if nid in ids]
            for item in built:
                if not item.isSelected():
                    item.setSelected(True)
        finally:
            self.blockSignals(blocked)
            self._syncing_selection = was
        self.cards_changed()  # far away, the blocks of cards not built show it too

    def _selection_to_document(self) -> None:
        """Qt changed which items are selected (a click, a band, a card or arrow selected by
        code): the ids follow. Qt knows only the built cards: a card not built keeps its
        state, unless the click replaced the selection (see _user_selection)."""
        if self._syncing_selection:
            return
        if self._band_base is not None:
            self._show_selection()  # the band's ids are the selection (band_moved)
            return
        if self._deferred_selection:
            return  # read once the click is handled
        self._read_selection(replace=False)

    def _read_selection(self, replace: bool) -> None:
        """The ids from Qt's selected cards; replace: only those (Qt replaced the selection),
        else the cards not built keep their state."""
        chosen = dict.fromkeys(i.node_id for i in self.selectedItems() if isinstance(i, NodeItem))
        if not replace:
            items = self._items
            kept = {nid: None for nid in self._selected if nid not in items
                    or items[nid].isSelected()}
            kept.update(chosen)
            chosen = kept
        if chosen.keys() != self._selected.keys():
            self._selected = chosen
            self.cards_changed()
            self.document.select_nodes(list(chosen))

    def _user_selection(self, handle, event, replaces: Callable[[list], bool]) -> None:
        """Let Qt handle a mouse event (handle(event)) that may change the selection, then
        read it back once: replaces(selected items before) tells whether Qt replaced the
        selection with what it selected (a click without Ctrl), else it added or removed
        cards (Ctrl). A replaced selection also drops the cards not built, which Qt does not
        know, even when it changed no built card."""
        before = self.selectedItems()
        self._deferred_selection += 1
        try:
            handle(event)
        finally:
            self._deferred_selection -= 1
        if not self._deferred_selection and self._band_base is None:
            self._read_selection(replace=replaces(before))

    def band_moved(self, rect: Optional[QRectF]) -> None:
        """The view's selection band covers rect now (None: the band is gone): the cards
        under it are selected from the card grid, built or not (Qt then selects the built
        ones itself and _selection_to_document puts them right); with Ctrl held when the band
        started (as QGraphicsView decides), added to the selection it started from."""
        if rect is None:
            self._band_base = None
            return
        if self._band_base is None:
            self._band_base = dict(self._selected) if self._press_ctrl else {}
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        ids = dict(self._band_base)
        ids.update((key if isinstance(key, str) else key.node_id, None)
                   for key, _r in self.card_grid.query((left, top, right, bottom)))
        if ids.keys() != self._selected.keys():
            self._set_selection(ids)

    def _select_from_document(self, ids: list) -> None:
        """The document's selection changed (the problems list, a search, a paste...): the
        ids, the built cards (a card not built is selected when built). Selected arrows are
        deselected."""
        if set(ids) == self._selected.keys():
            return
        self._set_selection(dict.fromkeys(ids), arrows=True, tell=False)

    # ---- background -----------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        self.first_paint()
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


