"""EdgeItem: one arrow of the flow, drawn between two cards (or, for a faq goto, from a small
"FAQ" tag above its target). Forward arrows are S-curves; arrows going back (or within one
column) leave to the right, run along a lane below or above the cards and enter from the left.

Edge keys, used by the scene and by set_heat's callers:
  ("branch", source, index)   a branch of a listening node (label: the intent's label)
  ("next", source)            a node that continues at once
  ("no_match", source) / ("no_input", source)   a handler's `then`
  ("faq", target)             every faq entry that goes to target (one tag for all of them)
"""
from __future__ import annotations

import itertools
import time
from functools import lru_cache
from typing import Iterable, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer.ui.canvas import style as st
from designer.ui.canvas.node_item import NodeItem
from designer.ui.canvas.routing import (
    RouteTimeout, check_deadline, free_lane, route_forward, smooth_path,
)

# where along a curve a label is tried, in order
LABEL_AT = (0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.22, 0.78, 0.15, 0.85)

PEN_STYLES = {
    "branch": Qt.PenStyle.SolidLine,
    "next": Qt.PenStyle.SolidLine,
    "no_match": Qt.PenStyle.DashLine,
    "no_input": Qt.PenStyle.DashLine,
    "faq": Qt.PenStyle.DotLine,
}


LABEL_FILL = QColor("#ffffff")


class EdgeItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 2

    def __init__(self, key: tuple, source: Optional[NodeItem], target: NodeItem, label: str,
                 colour: str):
        super().__init__()
        self.key = key
        self.kind = key[0]
        self.source, self.target = source, target
        self.label = label
        self.colour_name = colour  # a key of style.EDGE_COLOURS
        self.port = (0, 1)  # (index, count) among the source's outgoing arrows
        self.lane = 0  # separates several backward arrows of one source
        self.sibling = (0, 1)  # (index, count) among arrows with the same source and target
        self.on_path = False
        self.heat: Optional[tuple[float, int]] = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1 if self.kind != "faq" else 1.5)
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._label_rect = QRectF()
        self._bounds = QRectF()  # geometry comes with the first adjust(), by the scene
        self.generation = 0  # bumped by every compute(); a stale computed geometry is dropped
        self.timed_out = False  # the last compute() gave up its route search for the quick curve
        self._pen_key: Optional[tuple] = None  # what the pen was looked up for
        self._pen = self._label_pen = _NO_PEN  # shared pens (edge_pen), looked up when painted

    def type(self) -> int:
        return EdgeItem.Type

    # ---- geometry -------------------------------------------------------------------------
    def set_label(self, label: str, colour: str, adjust: bool = True) -> None:
        if (label, colour) != (self.label, self.colour_name):
            self.label, self.colour_name = label, colour
            if adjust:
                self.adjust()

    def adjust(self, quick: bool = False) -> None:
        """Recompute the path after either card moved (or the label changed). quick: a plain
        curve and the first label spot, for a first picture of a large flow (the scene routes
        it properly a moment later)."""
        self.apply(self.compute(quick))

    def compute(self, quick: bool = False, budget_s: Optional[float] = None) -> tuple:
        """The geometry adjust() would give, without changing the item (the scene computes
        a large flow's routes in slices). budget_s: a search for a route around the cards
        that takes longer gives up for the quick curve (a rare arrow took 0.2-0.6 s)."""
        self.generation += 1
        self.timed_out = False
        deadline = None if quick or budget_s is None else time.perf_counter() + budget_s
        try:
            if self.source is None:
                path, arrow, spots = _faq_stub(self.target.pos())
            else:
                path, arrow, spots = self._route(quick, deadline)
            text = self.display_label()
            label = self._place_label(text, spots, quick, deadline) if text else QRectF()
        except RouteTimeout:
            geometry = self.compute(quick=True)
            self.timed_out = True
            return geometry
        if self.source is None and not label.isNull():  # the stub runs from wherever the tag is
            path, arrow = _faq_arrow(label, self.target.pos())
        scene = self.scene()
        if scene is not None:
            scene.label_placed(self, label)
        return (self.generation, path, arrow, label)

    def apply(self, geometry: tuple) -> bool:
        """Take a computed geometry unless the item was recomputed since; returns whether."""
        generation, path, arrow, label = geometry
        if generation != self.generation:
            return False
        # only now: computing queried the scene's index, which must not see a new bounding
        # rect before prepareGeometryChange (a stale index entry outlives the item and
        # crashes a later query)
        self.prepareGeometryChange()
        self._path, self._arrow, self._label_rect = path, arrow, label
        self._bounds = path.controlPointRect().united(arrow.boundingRect()) \
            .united(label).adjusted(-6, -6, 6, 6)
        self.update()
        scene = self.scene()
        if scene is not None:
            scene.edges_changed()
        return True

    def path(self) -> QPainterPath:
        return self._path

    def display_label(self) -> str:
        if self.heat is not None:
            return f"{self.label}  ×{self.heat[1]}" if self.label else f"×{self.heat[1]}"
        return self.label

    def _route(self, quick: bool = False, deadline: Optional[float] = None
               ) -> tuple[QPainterPath, QPolygonF, Iterable[QPointF]]:
        src, dst = self.source.pos(), self.target.pos()
        x1, y1, x2, y2 = end_points(src.x(), src.y(), dst.x(), dst.y(), self.port)
        p1, p2 = QPointF(x1, y1), QPointF(x2, y2)
        scene = self.scene()
        cards_in = (lambda rect: scene.card_rects_in(rect, (self.source, self.target))) \
            if scene is not None and not quick else (lambda rect: [])
        if is_forward(x1, x2):
            points = [p1, p2] if quick else route_forward(p1, p2, cards_in,
                                                          spread=9.0 * self.sibling[0],
                                                          deadline=deadline)
            path = smooth_path(points)
            k, m = self.sibling  # parallel arrows: stack their labels instead of covering
            shift = (k - (m - 1) / 2) * 20
            if len(points) > 2:  # bent around cards: the straight runs hold the label best
                runs = [QPointF((a.x() + b.x()) / 2, a.y()) for a, b in zip(points, points[1:])
                        if a.y() == b.y()]
                spots = itertools.chain(runs, (path.pointAtPercent(t) for t in LABEL_AT))
            else:
                spots = (path.pointAtPercent(t) + QPointF(0, shift) for t in LABEL_AT)
        else:  # back (or same column): out right, along a lane, in from the left
            below = dst.y() >= src.y()
            lane = free_lane(p1.x(), p2.x(), lane_y(src.y(), dst.y(), self.lane), below,
                             cards_in, deadline)
            path = QPainterPath()
            trace_back(path, x1, y1, x2, y2, lane)
            spots = (QPointF(p1.x() + (p2.x() - p1.x()) * f, lane) for f in (0.5, 0.3, 0.7))
        return path, _arrow_head(p2, QPointF(1, 0)), spots

    def _place_label(self, text: str, spots: Iterable[QPointF], quick: bool = False,
                     deadline: Optional[float] = None) -> QRectF:
        """The first spot where the label covers no card and no other label, else the one
        that covers least. spots is lazy: most labels fit at the first one."""
        width = _label_width(text)
        scene = None if quick else self.scene()
        best, best_cost = QRectF(), None
        for spot in spots:
            rect = QRectF(spot.x() - width / 2, spot.y() - 9, width, 18)
            if scene is None:
                return rect
            check_deadline(deadline)
            cost = scene.label_conflicts(rect, self)
            if cost == 0:
                return rect
            if best_cost is None or cost < best_cost:
                best, best_cost = rect, cost
        return best

    def label_rect(self) -> QRectF:
        return self._label_rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self._path)
        if not self._label_rect.isNull():
            shape.addRect(self._label_rect)
        return shape

    # ---- painting -------------------------------------------------------------------------
    def set_state(self, on_path: Optional[bool] = None,
                  heat: Optional[tuple[float, int]] | bool = False) -> None:
        if on_path is not None:
            self.on_path = on_path
        if heat is not False:
            self.heat = heat
            self.adjust()
        self.update()
        scene = self.scene()
        if scene is not None:
            scene.edges_changed()

    def pen(self) -> QPen:
        """The pen of the line, looked up again only when what it depends on changed (paint
        runs for thousands of arrows per frame). Arrows of a look share one pen."""
        key = (self.colour_name, self.heat, self.on_path, self.isSelected())
        if key != self._pen_key:
            self._pen = edge_pen(self.kind, *key)
            self._label_pen = _label_pen(self._pen.color().rgba())
            self._pen_key = key
        return self._pen

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Optional[QWidget] = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        pen = self.pen()
        if lod >= st.LOD_TEXT:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if lod >= st.LOD_ARROWS:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(self._arrow)
        if lod >= st.LOD_LABELS and not self._label_rect.isNull():
            painter.setPen(self._label_pen)
            painter.setBrush(LABEL_FILL)
            painter.drawRoundedRect(self._label_rect, 8, 8)
            painter.setFont(st.font(8))
            painter.setPen(st.TEXT)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.display_label())


_NO_PEN = QPen()


@lru_cache(maxsize=2048)
def edge_pen(kind: str, colour_name: str, heat: Optional[tuple[float, int]], on_path: bool,
             selected: bool = False) -> QPen:
    """The pen of an arrow's line, one per look, shared (not to be changed by callers; the
    scene draws arrows not built yet with it too)."""
    colour = st.EDGE_COLOURS.get(colour_name, st.EDGE_COLOURS["branch"])
    width = 2.2 if kind == "next" else 1.6
    if heat is not None:
        colour = st.heat_colour(heat[0]).darker(115)
        width = 1.5 + 5 * heat[0]
    if on_path:
        colour, width = st.HIGHLIGHT, 3.2
    if selected:
        colour, width = st.SELECTED, width + 1.5
    pen = QPen(colour, width, PEN_STYLES.get(kind, Qt.PenStyle.SolidLine))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


@lru_cache(maxsize=256)
def _label_pen(rgba: int) -> QPen:
    return QPen(QColor.fromRgba(rgba), 1)


def end_points(sx: float, sy: float, tx: float, ty: float,
               port: tuple[int, int]) -> tuple[float, float, float, float]:
    """Where an arrow leaves its source card (at (sx, sy)) and enters its target (at (tx, ty)):
    the source's outgoing arrows are spread down its right edge."""
    index, count = port
    top = st.HEADER + 6
    span = st.H - st.FOOTER - top
    y1 = sy + (top + span * (index + 1) / (count + 1) if count > 1 else st.H / 2)
    return sx + st.W + st.HANDLE_R, y1, tx - 2, ty + st.H / 2


def is_forward(x1: float, x2: float) -> bool:
    """An S-curve to the right; otherwise the arrow runs back along a lane."""
    return x2 - x1 > 40


def lane_y(sy: float, ty: float, lane: int) -> float:
    """The height of a backward arrow's lane before it looks for a free one: below both cards
    when the target is lower, else above them; a source's later backward arrows further out."""
    gap = 22.0 + 12.0 * lane
    return (max(sy, ty) + st.H + gap) if ty >= sy else (min(sy, ty) - gap)


def trace_back(path: QPainterPath, x1: float, y1: float, x2: float, y2: float,
               lane: float) -> None:
    """A backward arrow into path: out right, along the lane, in from the left."""
    r = 40.0
    path.moveTo(x1, y1)
    path.cubicTo(x1 + r, y1, x1 + r, lane, x1, lane)
    path.lineTo(x2 - 8, lane)
    path.cubicTo(x2 - 8 - r, lane, x2 - 8 - r, y2, x2, y2)


def trace_quick(path: QPainterPath, sx: float, sy: float, tx: float, ty: float,
                port: tuple[int, int], lane: int) -> None:
    """The line of an arrow as adjust(quick=True) draws it (a plain curve, the first lane),
    added to path: the far-away picture of an arrow that has no item yet."""
    x1, y1, x2, y2 = end_points(sx, sy, tx, ty, port)
    if is_forward(x1, x2):
        dx = max(50.0, (x2 - x1) * 0.5)  # routing.smooth_path through two points
        path.moveTo(x1, y1)
        path.cubicTo(x1 + dx, y1, x2 - dx, y2, x2, y2)
    else:
        trace_back(path, x1, y1, x2, y2, lane_y(sy, ty, lane))


def quick_faq_path(target: QPointF, text: str) -> QPainterPath:
    """The line of a faq tag's arrow with the tag at its first spot (its item may find
    another spot free of labels)."""
    _path, _head, spots = _faq_stub(target)
    width = _label_width(text)
    spot = spots[0]
    return _faq_arrow(QRectF(spot.x() - width / 2, spot.y() - 9, width, 18), target)[0]


def _faq_stub(target: QPointF) -> tuple[QPainterPath, QPolygonF, list[QPointF]]:
    """A short dotted arrow into the top of the card, under a tag naming the faq entries."""
    x = target.x() + st.W * 0.5
    tip = QPointF(x, target.y() - 3)
    path = QPainterPath(QPointF(x, target.y() - 22))
    path.lineTo(tip)
    spots = [QPointF(x + dx, target.y() - dy) for dy in (31, 52, 73)
             for dx in (0, 55, -55, 110, -110)]
    return path, _arrow_head(tip, QPointF(0, 1)), spots


def _faq_arrow(tag: QRectF, target: QPointF) -> tuple[QPainterPath, QPolygonF]:
    """From under the tag, wherever it found room, to the top of the card."""
    tip = QPointF(min(max(tag.center().x(), target.x() + 12), target.x() + st.W - 12),
                  target.y() - 3)
    path = QPainterPath(QPointF(tag.center().x(), tag.bottom()))
    path.lineTo(tip)
    direction = QPointF(tip.x() - tag.center().x(), tip.y() - tag.bottom())
    length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
    return path, _arrow_head(tip, QPointF(direction.x() / length, direction.y() / length))


@lru_cache(maxsize=4096)
def _label_width(text: str) -> float:
    return min(QFontMetricsF(st.font(8)).horizontalAdvance(text) + 14, st.W)


def _arrow_head(tip: QPointF, direction: QPointF, size: float = 9.0) -> QPolygonF:
    dx, dy = direction.x(), direction.y()
    if dx == 1.0 and dy == 0.0 and size == 9.0:  # most arrows: a copy of one head, moved
        return _HEAD_RIGHT.translated(tip)
    back = QPointF(tip.x() - dx * size, tip.y() - dy * size)
    nx, ny = -dy * size * 0.5, dx * size * 0.5
    return QPolygonF([tip, QPointF(back.x() + nx, back.y() + ny),
                      QPointF(back.x() - nx, back.y() - ny)])


_HEAD_RIGHT = QPolygonF([QPointF(0, 0), QPointF(-9, 4.5), QPointF(-9, -4.5)])
