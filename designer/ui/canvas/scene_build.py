"""GraphScene's build: a large flow's cards and arrows are made for the region the view shows
when it is painted, and the rest in slices after the first paint, nearest the view first.

Making one Python item per card and per arrow took 0.6 s at 2,000 nodes and 3 s at 10,000,
all before the window could paint. Now `set_script` records where every card is (the card
grid holds every card's rectangle from the start, keyed by the node id until its NodeItem
exists, so fit, the overview, routing and far zoom see the whole flow at once) and builds
small flows at once; a large one is built by region and in the background.

Words used below:
- a node is *synced* when its card, its outgoing arrows and their targets' cards exist
  (`Plan.pending`: the nodes that are not; every node at first);
- a node is *complete* when it is synced and so is every node with an arrow into it;
- an arrow's *reach*: the rectangle around both its cards with room for its label and its
  lane, all a first (quick) drawing of it covers. An arrow reaching no more than REACH_D
  across is *short*: if it crosses a region, its source card is within REACH_D of it. The
  longer ones are listed once (`Plan.long`).

What holds while a flow is not fully built:
- every region the view was painted at holds every card and every arrow that reaches in
  (`build_region`);
- a node the model changes is completed first (from where its card was, which finds the
  arrows into it), up to TOUCHES_AT_ONCE nodes in one command: an arrow not built yet runs
  between two cards whose places the plan knows, so the reaches it computed still hold;
- a command that moves a node not complete (an auto-layout, a drag of a selection reaching
  past the view, their undo), adds nodes (a paste, an undone delete) or changes more than
  TOUCHES_AT_ONCE nodes builds none of them: the card grid takes the cards' new places, the
  nodes added wait with the others, and when the command ends the plan is made again from
  where every card is now (`_replan`: the long arrows listed again, the regions shown
  forgotten, so the view builds what it shows next). A flow built whole that gets more than
  ADDS_AT_ONCE nodes in one command is planned again the same way;
- what needs every item (going through `items_by_id` or `edges`) finishes the build first
  (`ensure_built`); `items_by_id[id]`, `.get(id)` and `edges[key]` complete just that node; a
  click builds what is under it. The selection is node ids (GraphScene), not items: select
  all, a selection band, delete and copy build nothing. Far away, what is not built is drawn
  from the model (scene_far).
"""
from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Iterator, Optional

from PySide6.QtCore import QPointF, QRectF

from designer.gcpause import collector_paused, heap_frozen
from designer.ui.canvas import style as st

BUILD_AT_ONCE = 150  # flows with more nodes are built by region and in the background
BUILD_SLICE_S = 0.012  # one background slice
FIRST_PAINT_WAIT_MS = 300  # a scene no view paints starts its background work anyway
REACH_X = st.W / 2 + 20  # a label centred on the arrow's end, the lane's turn
REACH_Y = 40.0  # plus 12 per outgoing arrow: lanes of backward arrows, stacked labels
REACH_D = 1400.0  # arrows reaching further across are listed (Plan.long)
FAQ_REACH = 120.0  # a faq tag sits above its card, as far as this beyond it
VIEW_MARGIN = 0.1  # a painted view builds this much more on each side (small pans build nothing)
BACKGROUND_AFTER_MS = 100  # after the first paint: the window shows, then the rest is built
SHOWN_KEPT = 64  # regions remembered as built
TOUCHES_AT_ONCE = 50  # a command changing more nodes leaves the rest to the plan (_replan)
ADDS_AT_ONCE = 20  # more nodes added in one command to a flow built whole: planned again


def reach_y(out_degree: int) -> float:
    return REACH_Y + 12.0 * out_degree


def targets_of(node) -> list[str]:
    """The nodes a model node's arrows point at (its faq tag aside), with repeats."""
    out = [br.goto for br in node.branches]
    if node.next:
        out.append(node.next)
    handler = node.no_match
    if handler is not None and handler.then:
        out.append(handler.then)
    handler = node.no_input
    if handler is not None and handler.then:
        out.append(handler.then)
    return out


def keep_frozen() -> None:
    """Cards and arrows built after the window froze the heap (file_actions freezes it once a
    script is shown: full collections of the cyclic collector walked every object of a large
    flow, 70-340 ms stalls at 10,000 nodes) join the frozen part, or they would set off those
    collections again as they arrive (five of 150-300 ms while 10,000 nodes were built). The
    young generations are collected first, so no fresh garbage is frozen with them (what is
    frozen is thawed and collected when the next script is shown). Nothing happens when the
    heap was not frozen: that policy is the window's (gc.get_freeze_count() would tell, but it
    counts the frozen objects one by one, 0.1 s at 10,000 nodes)."""
    if heap_frozen():
        gc.collect(1)
        gc.freeze()


class Plan:
    """What is left to build of the flow the scene shows."""

    def __init__(self, pending: set[str], long: list[list]):
        self.pending = pending
        self.complete: set[str] = set()
        self.long = long  # [left, top, right, bottom, source, target] of each long arrow
        self.order: list[str] = []  # background order, the nearest last
        self.order_centre: Optional[QPointF] = None
        self.shown: list[QRectF] = []  # regions built
        self.touches = 0  # nodes the model changed since the last command ended
        # the command under way changed what the plan was made from (cards moved, nodes
        # added, many nodes changed): planned again when it ends (_replan)
        self.stale = False
        self.added: set[str] = set()  # nodes added by it, built when seen like the others

    def rename(self, old: str, new: str) -> None:
        for names in (self.pending, self.complete):
            if old in names:
                names.discard(old)
                names.add(new)
        for entry in self.long:
            if entry[4] == old:
                entry[4] = new
            if entry[5] == old:
                entry[5] = new
        self.order = [new if n == old else n for n in self.order]
        if old in self.added:
            self.added.discard(old)
            self.added.add(new)

    def forget(self, nid: str) -> None:
        self.pending.discard(nid)
        self.complete.discard(nid)
        self.added.discard(nid)


class BuildMixin:
    """The lazy build of GraphScene (see the module's docstring). Expects the scene's
    `_items` / `_edges` (what is built), `card_grid`, `_sync_edges_from`, `_create_item`."""

    # ---- planning ---------------------------------------------------------------------------
    def _plan_build(self) -> None:
        """Every card's rectangle into the card grid, the long arrows listed; called by the
        scene's rebuild after the scene was cleared."""
        s = self.script
        w, h = st.W, st.H
        places = {nid: node.position if node.position is not None else
                  self._position_of(nid, node) for nid, node in s.nodes.items()}
        self.card_grid.put_many((nid, (x, y, x + w, y + h)) for nid, (x, y) in places.items())
        long = self._long_arrows(places) if len(s.nodes) > BUILD_AT_ONCE else []
        self._plan = Plan(set(s.nodes), long)
        self._background_ok = False
        self._work_timer.stop()
        self._first_paint_wait.stop()

    def _wait_for_paint(self) -> None:
        """What is left after set_script (the build, the routing) starts after the first
        paint (or a moment later when no view paints the scene)."""
        if self._plan is not None or self._route_queue:
            self._first_paint_wait.start(FIRST_PAINT_WAIT_MS)
        else:
            self._background_ok = True

    def _long_arrows(self, places: dict, sources=None) -> list[list]:
        """The arrows reaching more than REACH_D across (see the module's docstring), of
        every node or of those in sources; places: node id -> (x, y) of every card."""
        long = []
        max_dx, base_dy = REACH_D - st.W - 2 * REACH_X, REACH_D - st.H - 2 * REACH_Y
        nodes = self.script.nodes
        pairs = nodes.items() if sources is None else \
            ((nid, nodes[nid]) for nid in sources if nid in nodes and nid in places)
        place_of = places.get
        for nid, node in pairs:
            targets = targets_of(node)
            if not targets:
                continue
            sx, sy = places[nid]
            max_dy = base_dy - 24.0 * len(targets)
            # the targets' corners within these bounds make short arrows
            left, right, top, bottom = sx - max_dx, sx + max_dx, sy - max_dy, sy + max_dy
            for target in targets:
                place = place_of(target)
                if place is None:
                    continue
                tx, ty = place
                if tx < left or tx > right or ty < top or ty > bottom:
                    ry = reach_y(len(targets))
                    long.append([min(sx, tx) - REACH_X, min(sy, ty) - ry,
                                 max(sx, tx) + st.W + REACH_X, max(sy, ty) + st.H + ry,
                                 nid, target])
        return long

    def is_built(self) -> bool:
        """Whether every card and arrow of the flow exists as an item."""
        return self._plan is None

    # ---- what other code reads: built on demand ---------------------------------------------
    def has_card(self, nid) -> bool:
        """Whether the flow has a card for nid (built or not; builds nothing)."""
        return nid in self._items or (self._plan is not None and nid in self._plan.pending)

    def card(self, nid: str):
        """The card of nid, built with all its arrows if it was not (KeyError: no such node)."""
        if self._plan is not None and nid not in self._plan.complete:
            self.complete_node(nid)
        return self._items[nid]

    def edge(self, key: tuple):
        """The arrow of key, built if it was not (KeyError: no such arrow)."""
        if self._plan is not None and key not in self._edges and isinstance(key, tuple) \
                and len(key) > 1:
            self.complete_node(key[1])  # the source; a faq tag's target
        return self._edges[key]

    def built_items(self) -> dict:
        self.ensure_built()
        return self._items

    def built_edges(self) -> dict:
        self.ensure_built()
        return self._edges

    # ---- building ---------------------------------------------------------------------------
    @contextmanager
    def _quick_routes(self, front: bool = False, quick: bool = True) -> Iterator[None]:
        """Arrows built meanwhile are drawn plainly and queued for routing (front: before
        the queue, they are in view); quick=False: routed at once."""
        was = (self._routing_quick, self._route_front)
        self._routing_quick, self._route_front = quick, front
        try:
            with self._quietly("build"):
                yield
        finally:
            self._routing_quick, self._route_front = was

    @contextmanager
    def _tags_last(self) -> Iterator[None]:
        """The faq tags of cards built meanwhile are placed after their arrows' labels (a tag
        looks for a free spot around its card; a label only along its arrow)."""
        outer = self._tags_later is None
        if outer:
            self._tags_later = []
        try:
            yield
        finally:
            if outer:
                cards, self._tags_later = self._tags_later, None
                for item in cards:
                    if item.scene() is self:
                        self._sync_faq_edge_of(item)

    def _ensure_card(self, nid: str):
        item = self._items.get(nid)
        if item is None:
            item = self._create_item(nid, self.script.nodes[nid])
        return item

    def _sync_out(self, nid: str) -> None:
        """Build nid's card, its outgoing arrows and their targets' cards."""
        plan = self._plan
        node = self.script.nodes.get(nid)
        if node is None:
            if plan is not None:
                plan.forget(nid)
            return
        self._ensure_card(nid)
        if plan is not None:
            plan.pending.discard(nid)
        self._sync_edges_from(nid)

    def _resync(self, nid: str) -> None:
        """nid's outgoing arrows again (the model changed them, or one of their targets)."""
        if self._plan is not None and nid in self._plan.pending:
            self._sync_out(nid)
        else:
            self._sync_edges_from(nid)

    def complete_node(self, nid: str) -> None:
        """Build nid's card and every arrow into and out of it."""
        plan = self._plan
        if plan is None or nid in plan.complete or nid not in self.script.nodes:
            return
        rect = self.card_grid.get(self._items.get(nid, nid))  # before a moved card is built
        nodes = self.script.nodes
        with self._quick_routes(front=True), self._tags_last():
            self._sync_out(nid)
            if rect is not None:
                left, top, right, bottom = rect
                ring = (left - REACH_D, top - REACH_D, right + REACH_D, bottom + REACH_D)
                for key, _r in self.card_grid.query(ring):
                    src = key if isinstance(key, str) else key.node_id
                    if src in plan.pending and src in nodes and \
                            nid in targets_of(nodes[src]):
                        self._sync_out(src)
            for entry in plan.long:
                if entry[5] == nid and entry[4] in plan.pending:
                    self._sync_out(entry[4])
        plan.complete.add(nid)
        self._maybe_built()

    def build_region(self, rect: QRectF) -> None:
        """Every card in rect and every arrow reaching into it (see the module's docstring)."""
        self._replan()  # when a big edit left the plan stale
        plan = self._plan
        if plan is None:
            return
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        nodes = self.script.nodes
        with self._quick_routes(front=True), self._tags_last():
            for key, _r in self.card_grid.query((left - FAQ_REACH, top - FAQ_REACH,
                                                 right + FAQ_REACH, bottom + FAQ_REACH)):
                nid = key if isinstance(key, str) else key.node_id
                if nid in plan.pending:
                    self._sync_out(nid)
            ring = (left - REACH_D, top - REACH_D, right + REACH_D, bottom + REACH_D)
            for key, (sx, sy, _r, _b) in self.card_grid.query(ring):
                nid = key if isinstance(key, str) else key.node_id
                if nid in plan.pending and nid in nodes and \
                        self._reaches(nodes[nid], sx, sy, left, top, right, bottom):
                    self._sync_out(nid)
            for el, et, er, eb, src, _target in plan.long:
                if src in plan.pending and el < right and er > left and et < bottom \
                        and eb > top:
                    self._sync_out(src)
        for key, _r in self.card_grid.query((left, top, right, bottom)):
            plan.complete.add(key if isinstance(key, str) else key.node_id)
        plan.shown.append(QRectF(rect))
        del plan.shown[:-SHOWN_KEPT]
        self._maybe_built()

    def _reaches(self, node, sx: float, sy: float, left: float, top: float, right: float,
                 bottom: float) -> bool:
        """Whether an arrow of node (its card at sx, sy) reaches into the rectangle."""
        targets = targets_of(node)
        ry = reach_y(len(targets))
        for target in targets:
            place = self.card_grid.get(self._items.get(target, target))
            if place is None:
                continue
            tx, ty = place[0], place[1]
            if (min(sx, tx) - REACH_X < right and max(sx, tx) + st.W + REACH_X > left
                    and min(sy, ty) - ry < bottom and max(sy, ty) + st.H + ry > top):
                return True
        return False

    def build_visible(self, visible: QRectF) -> None:
        """The view is about to paint visible: build it (and a margin) unless it was."""
        plan = self._plan
        if plan is None or any(shown.contains(visible) for shown in plan.shown):
            return
        mx = max(FAQ_REACH, visible.width() * VIEW_MARGIN)
        my = max(FAQ_REACH, visible.height() * VIEW_MARGIN)
        self.build_region(visible.adjusted(-mx, -my, mx, my))

    def build_at(self, pos: QPointF) -> None:
        """Around a scene point about to be clicked or looked up."""
        if self._plan is not None:
            self.build_region(QRectF(pos.x() - st.W, pos.y() - st.H, 2 * st.W, 2 * st.H))

    def ensure_built(self, quick: bool = True) -> None:
        """Build everything not built yet, now (the cyclic GC waits meanwhile, see
        GraphScene.set_script); quick=False: arrows routed at once (a small flow)."""
        self._replan()  # when a big edit left it stale: the arrows into nodes just added
        plan = self._plan
        if plan is None:
            return
        with collector_paused(), self._quick_routes(quick=quick), self._tags_last():
            for nid in list(self.script.nodes):
                if nid in plan.pending:
                    self._sync_out(nid)
        self._finish_build()

    def _maybe_built(self) -> None:
        if self._plan is not None and not self._plan.pending:
            self._finish_build()

    def _finish_build(self) -> None:
        self._plan = None
        if self._route_queue:
            self._far_stale = True  # made again when routed
        else:
            self.refresh_far()  # the faq tags found their own spots
        self.build_done.emit()
        if not self._background_ok:
            return
        keep_frozen()
        if self._route_queue:
            self._work_timer.start()
        else:
            self.routing_done.emit()

    # ---- after the first paint: the rest, nearest the view first ----------------------------
    def first_paint(self) -> None:
        """The scene was painted (drawBackground): the background work starts a moment later
        (what the first frames set off, the docks' own painting, goes first)."""
        if not self._background_ok and (not self._first_paint_wait.isActive() or
                                        self._first_paint_wait.interval() != BACKGROUND_AFTER_MS):
            self._first_paint_wait.start(BACKGROUND_AFTER_MS)

    def start_background(self) -> None:
        self._background_ok = True
        if self._plan is not None or self._route_queue:
            self._work_timer.start()

    def _view_centre(self) -> Optional[QPointF]:
        views = self.views()
        if not views:
            return None
        view = views[0]
        return view.mapToScene(view.viewport().rect().center())

    def _order_background(self) -> None:
        plan = self._plan
        centre = self._view_centre() or QPointF(0, 0)
        cx, cy = centre.x() - st.W / 2, centre.y() - st.H / 2
        grid, items = self.card_grid, self._items

        def far(nid: str) -> float:
            rect = grid.get(items.get(nid, nid))
            return 0.0 if rect is None else (rect[0] - cx) ** 2 + (rect[1] - cy) ** 2

        plan.order = sorted(plan.pending, key=far, reverse=True)
        plan.order_centre = centre

    def _build_some(self) -> None:
        """Sync nodes for a slice of time, nearest the view first; then let the window
        breathe. Reordered when the view moved a viewport away."""
        self._replan()  # when a big edit left the plan stale
        plan = self._plan
        if plan is None:
            return
        deadline = time.perf_counter() + BUILD_SLICE_S
        centre = self._view_centre()
        moved = plan.order_centre is None or (centre is not None and (
            (centre - plan.order_centre).manhattanLength() > 2000))
        if moved or not plan.order:
            self._order_background()
            if time.perf_counter() > deadline:
                return
        plan.touches = 0
        with self._quick_routes(), self._tags_last():
            while plan.order and time.perf_counter() < deadline:
                nid = plan.order.pop()
                if nid in plan.pending:
                    self._sync_out(nid)
        if self._plan is not None and not self._plan.pending:
            self._finish_build()
        else:
            keep_frozen()

    # ---- the model changed -------------------------------------------------------------------
    def _before_model_event(self, kind: str, key, detail) -> bool:
        """Keep the plan true to the model; complete a node the model changes (an edit to a
        card nobody built yet, its undo), or leave the nodes of a large change to the plan
        (see the module's docstring). True: the event is the plan's alone (a node added that
        is built when seen)."""
        plan = self._plan
        if kind == "node_changed":
            if detail == "position":
                if key not in plan.complete:  # else its card and every arrow of it follow
                    self._changed_later(key)
                return False
            plan.touches += 1
            if plan.stale or plan.touches > TOUCHES_AT_ONCE:
                self._changed_later(key)
            else:
                self.complete_node(key)
        elif kind == "node_removed":
            plan.forget(key)
            self.card_grid.remove(key)  # a card never built; a built one goes with its item
        elif kind == "node_renamed":
            plan.rename(detail, key)
            rect = self.card_grid.get(detail)
            if rect is not None:
                self.card_grid.remove(detail)
                self.card_grid.put(key, rect)
        elif kind == "node_added":
            x, y = self._position_of(key, self.script.nodes[key])
            self.card_grid.put(key, (x, y, x + st.W, y + st.H))
            plan.pending.add(key)
            plan.added.add(key)
            if not plan.stale:
                self._stale_plan()
            return True
        return False

    def _changed_later(self, nid: str) -> None:
        """A node changed without being completed: a card not built yet takes its place in
        the card grid (a built one is moved by the scene), the plan is made again later."""
        node = self.script.nodes.get(nid)
        if node is not None and nid not in self._items:
            x, y = node.position if node.position is not None else self._position_of(nid, node)
            self.card_grid.put(nid, (x, y, x + st.W, y + st.H))
        if not self._plan.stale:
            self._stale_plan()

    def _stale_plan(self) -> None:
        self._plan.stale = True
        self._flush_timer.start()  # the command ends first (flush_moves), or a model edit
        # made outside the undo stack is planned again on the next pass of the event loop

    def _added_to_whole_flow(self) -> None:
        """A node is about to be added to a flow built whole: past ADDS_AT_ONCE in one
        command (an undone delete, a large paste), the rest is built where it is seen and
        in the background, like a large flow just opened."""
        self._adds += 1
        if self._adds > ADDS_AT_ONCE and len(self.script.nodes) > BUILD_AT_ONCE:
            self._plan = Plan(set(), [])

    def _replan(self) -> None:
        """The command that left the plan stale ended: arrows from nodes synced already into
        the nodes it added are built (cards looked up), the long arrows listed again from
        where every card is now, the regions shown forgotten (the view builds what it shows
        when it paints next), and the background goes on."""
        plan = self._plan
        if plan is None or not plan.stale:
            return
        plan.stale, plan.touches = False, 0
        added, plan.added = plan.added, set()
        nodes = self.script.nodes
        if added:
            synced = [nid for nid in self._items if nid not in plan.pending and nid in nodes]
            with self._quick_routes(front=True), self._tags_last():
                for nid in synced:
                    if any(target in added for target in targets_of(nodes[nid])):
                        self._sync_edges_from(nid)
        places = {(key if isinstance(key, str) else key.node_id): (r[0], r[1])
                  for key, r in self.card_grid.rects()}
        plan.long = self._long_arrows(places, plan.pending)
        plan.complete.clear()  # a node not built may point at it now
        plan.shown.clear()
        plan.order, plan.order_centre = [], None
        self.update_scene_rect()
        self.refresh_far()
        self.update()  # the view paints: what it shows is built (GraphView.paintEvent)
        if self._background_ok:
            self._work_timer.start()
        self._maybe_built()


class _Built(Mapping):
    """A read-only mapping over what a scene built, building on demand. It holds its scene
    weakly: a scene in a reference cycle is freed by the cyclic GC, whose clearing of the
    wrapper before Qt's destructor runs makes PySide miss the slots of its signals."""

    def __init__(self, scene):
        self._scene = weakref.ref(scene)

    def _all(self) -> dict:
        raise NotImplementedError

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self):
        return self._all().keys()

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()


class CardMap(_Built):
    """`scene.items_by_id`: node id -> NodeItem for readers outside the build. A card looked
    up is built (with its arrows) if it was not; `in` builds nothing; going through all of
    them finishes the build first."""

    def __getitem__(self, nid: str):
        return self._scene().card(nid)

    def __contains__(self, nid) -> bool:
        return self._scene().has_card(nid)

    def _all(self) -> dict:
        return self._scene().built_items()


class EdgeMap(_Built):
    """`scene.edges`: edge key -> EdgeItem, the same way as CardMap."""

    def __getitem__(self, key: tuple):
        return self._scene().edge(key)

    def __contains__(self, key) -> bool:
        try:
            self._scene().edge(key)
        except (KeyError, TypeError):
            return False
        return True

    def _all(self) -> dict:
        return self._scene().built_edges()
