"""GraphScene far away (zoomed out beyond style.LOD_BATCH): every arrow and every card block is
drawn by drawBackground in a few calls, from the items where they exist and from the model
where they are not built yet (see scene_build), so a zoomed-out view is whole at once. And the
overview's picture, from the card grid and the model, never from items."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from designer.ui.canvas import style as st
from designer.ui.canvas.edge_item import edge_pen, quick_faq_path, trace_quick
from designer.ui.canvas.node_item import card_kind, far_look
from designer.ui.canvas.scene_build import targets_of

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
REFUSALS = ("refusal", "opt_out")  # intent kinds whose arrows are drawn in the refusal colour


class FarDrawMixin:
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
        for edge in self._edges.values():
            edge.setVisible(not far)
        for item in self._items.values():  # still there to be picked, just not painted
            item.setFlag(NO_CONTENTS, far)
        self.update()

    def is_far(self) -> bool:
        return self._far

    @contextmanager
    def _quietly(self, work: str) -> Iterator[None]:
        """Background work ("build", "route") changes items without remaking the far picture
        each time (at 10,000 nodes that is 0.1-0.3 s a frame): an item built looks as the
        model drew it already; arrows routed are redrawn once routing is done."""
        was, self._quiet = self._quiet, work
        try:
            yield
        finally:
            self._quiet = was

    def edges_changed(self) -> None:
        """An arrow moved or changed colour: the far-zoom picture is made again when next
        painted."""
        if self._quiet is not None:
            self._far_stale = self._far_stale or self._quiet == "route"
            return
        self._batch = None
        if self._far:
            self.update()

    def cards_changed(self) -> None:
        """A card moved, changed or was (de)selected: far away, the blocks are drawn again."""
        if self._card_batch is not None and self._quiet is None:
            self._card_batch = None
            self.update()

    def refresh_far(self) -> None:
        """The far picture made again from what is built now (and the model for the rest)."""
        self._far_stale = False
        self._batch = self._card_batch = None
        if self._far:
            self.update()

    def _card_blocks(self) -> list[tuple[QPen, QColor, list[QRectF]]]:
        """What NodeItem.paint draws far away, for all cards: a frame in the header colour
        (the selection colour when selected), the body, the header band, the start mark."""
        if self._card_batch is None:
            groups: dict[tuple, tuple[QPen, QColor, list[QRectF]]] = {}
            w, h = st.W, st.H

            def add(look: tuple, x: float, y: float) -> None:
                pen_colour, width, head, body, start = look
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

            for item in self._items.values():
                add(item.far_look(), item.pos().x(), item.pos().y())
            if self._plan is not None:  # cards not built yet, as they will look
                s, on_path, selected = self.script, set(self._path), self._selected
                for key, rect in self.card_grid.rects():
                    if isinstance(key, str) and key in s.nodes:
                        add(far_look(card_kind(s.nodes[key]), key == s.start,
                                     self._node_heat(key), key in on_path, key in selected),
                            rect[0], rect[1])
            # in a fixed order: the picture does not change as the build goes on
            self._card_batch = [groups[key] for key in sorted(groups)]
        return self._card_batch

    def _edge_batch(self) -> list[tuple[QPen, QPainterPath]]:
        if self._batch is None:
            paths: dict[tuple, tuple[QPen, QPainterPath]] = {}

            def path_for(pen: QPen) -> QPainterPath:
                key = (pen.color().rgba(), pen.widthF(), pen.style().value)
                entry = paths.get(key)
                if entry is None:
                    entry = paths[key] = (pen, QPainterPath())
                return entry[1]

            for edge in self._edges.values():
                # the arrow's own pen: the same lines the items would draw
                path_for(edge.pen()).addPath(edge.path())
            if self._plan is not None:
                self._model_edges_into(path_for)
            self._batch = [paths[key] for key in sorted(paths)]  # a fixed order, as above
        return self._batch

    def _model_edges_into(self, path_for) -> None:
        """The arrows not built yet, as adjust(quick=True) will first draw them (the same
        ports and lanes as scene_edges._arrow_specs, without the labels: 10,000 nodes in a
        tenth of a second)."""
        grid, items, s = self.card_grid, self._items, self.script
        pairs = set(zip(self._path, self._path[1:]))
        heat = self._edge_heat if self._heat is not None else None
        pens: dict[tuple, QPainterPath] = {}
        w = st.W
        for nid in self._plan.pending:
            node = s.nodes.get(nid)
            if node is None:
                continue
            arrows = []
            for i, br in enumerate(node.branches):
                place = grid.get(items.get(br.goto, br.goto))
                if place is not None:
                    intent = s.intents.get(br.intent)
                    colour = "refusal" if intent and intent.kind in REFUSALS else "branch"
                    arrows.append((("branch", nid, i), br.goto, colour, place))
            if node.next:
                place = grid.get(items.get(node.next, node.next))
                if place is not None:
                    arrows.append((("next", nid), node.next, "next", place))
            for kind, handler in (("no_match", node.no_match), ("no_input", node.no_input)):
                if handler is not None and handler.then:
                    place = grid.get(items.get(handler.then, handler.then))
                    if place is not None:
                        arrows.append(((kind, nid), handler.then, kind, place))
            sx, sy, _r, _b = grid.get(items.get(nid, nid))
            count, lanes = len(arrows), 0
            for index, (key, target, colour, place) in enumerate(arrows):
                look = (key[0], colour, heat(key, nid, target) if heat else None,
                        (nid, target) in pairs)
                path = pens.get(look)
                if path is None:
                    path = pens[look] = path_for(edge_pen(*look))
                backwards = place[0] - sx < w
                trace_quick(path, sx, sy, place[0], place[1], (index, count),
                            lanes if backwards else 0)
                lanes += 1 if backwards else 0
        for target, label in self._faq_labels().items():
            rect = None if target in items else grid.get(target)
            if rect is not None:
                heat = self._edge_heat(("faq", target), None, target)
                text = label if heat is None else f"{label}  ×{heat[1]}"
                path_for(edge_pen("faq", "faq", heat, False)).addPath(
                    quick_faq_path(QPointF(rect[0], rect[1]), text))

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

    # ---- the overview -----------------------------------------------------------------------
    def overview_cards(self) -> list[tuple[float, float, str, bool]]:
        """(x, y, kind, highlighted) of every card, built or not."""
        nodes, out = self.script.nodes, []
        for key, rect in self.card_grid.rects():
            if isinstance(key, str):
                if key in nodes:
                    out.append((rect[0], rect[1], card_kind(nodes[key]), key == self._highlight))
            else:
                out.append((rect[0], rect[1], key.info.kind, key.highlighted))
        return out

    def overview_lines(self) -> QPainterPath:
        """A straight line from the right middle of the source card to the left middle of
        the target card, for every arrow but the faq tags', as one path (a QLineF each made
        27,000 Python objects at 10,000 nodes: 45 ms, the path 30 ms)."""
        places: dict[str, tuple] = {}
        for key, rect in self.card_grid.rects():
            places[key if isinstance(key, str) else key.node_id] = rect
        w, half, path = st.W, st.H / 2, QPainterPath()
        for nid, node in self.script.nodes.items():
            a: Optional[tuple] = places.get(nid)
            if a is None:
                continue
            ax, ay = a[0] + w, a[1] + half
            for target in targets_of(node):
                b = places.get(target)
                if b is not None:
                    path.moveTo(ax, ay)
                    path.lineTo(b[0], b[1] + half)
        return path
