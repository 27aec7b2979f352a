"""OverviewView: the whole flow in miniature, with a frame showing what the main view shows.
Click or drag in it to move the main view there.

It paints its own picture (cards as coloured blocks, arrows as lines) into a pixmap redrawn
only after the flow changed, instead of being a second QGraphicsView on the scene: Qt keeps
one "exposed" flag per cached item for all views, so with two views a card repainted in one
could stay stale in the other (the main view's DeviceCoordinateCache would miss updates)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from designer.ui.canvas import style as st
from designer.ui.canvas.view import GraphView

MARGIN = 60.0
REDRAW_MS = 200  # after the last change of the flow


class OverviewView(QWidget):
    def __init__(self, main: GraphView, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.main = main
        self.setMinimumSize(160, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(self.tr("Overview: click or drag to move the view"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._picture: Optional[QPixmap] = None
        self._stale: Optional[QPixmap] = None  # shown while a new picture is due
        self._to_widget = QTransform()
        self._redraw = QTimer(self, singleShot=True, interval=REDRAW_MS, timeout=self.rebuild)
        main.viewport_moved.connect(self.update)
        graph = main.graph
        graph.document.changed.connect(self._schedule)
        graph.document.script_replaced.connect(self._schedule)
        graph.appearance_changed.connect(self._schedule)
        self._dragging = False

    def sizeHint(self) -> QSize:
        return QSize(260, 170)

    def _schedule(self, *_args) -> None:
        self._redraw.start(REDRAW_MS)

    def rebuild(self) -> None:
        """Redraw the miniature from the scene's cards and arrows."""
        self._picture = self._paint_picture() if self.isVisible() else None
        self._stale = None
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._picture is not None:
            self._stale = self._picture
        self._picture = None

    def _paint_picture(self) -> QPixmap:
        graph = self.main.graph
        pixmap = QPixmap(self.size() * self.devicePixelRatioF())
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        pixmap.fill(st.BACKGROUND)
        rect = graph.flow_rect()
        if rect.isEmpty():
            self._to_widget = QTransform()
            return pixmap
        rect = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        scale = min(self.width() / rect.width(), self.height() / rect.height())
        dx = (self.width() - rect.width() * scale) / 2 - rect.left() * scale
        dy = (self.height() - rect.height() * scale) / 2 - rect.top() * scale
        self._to_widget = QTransform(scale, 0, 0, scale, dx, dy)
        painter = QPainter(pixmap)
        painter.setTransform(self._to_widget)
        painter.setPen(QPen(QColor("#9fb3c8"), 0))
        # from the card grid and the model, not the items (a large flow's are built later);
        # one path: a Python call per arrow was most of a quarter second at 10,000
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(graph.overview_lines())
        painter.setPen(Qt.PenStyle.NoPen)
        blocks: dict[int, tuple[QColor, list[QRectF]]] = {}
        for x, y, kind, highlighted in graph.overview_cards():
            colour = st.HIGHLIGHT if highlighted else \
                st.HEADER_COLOURS.get(kind, st.HEADER_COLOURS["listen"])
            blocks.setdefault(colour.rgba(), (colour, []))[1].append(QRectF(x, y, st.W, st.H))
        for colour, rects in blocks.values():  # one drawRects call per colour
            painter.setBrush(colour)
            painter.drawRects(rects)
        painter.end()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._picture is None or self._picture.size() != self.size() * self.devicePixelRatioF():
            if self._stale is None or self._stale.size() != self.size() * self.devicePixelRatioF():
                self._stale = None
            if not self._redraw.isActive():  # drawn a moment later, not inside this paint
                self._redraw.start(0 if self._stale is None else REDRAW_MS)
        painter = QPainter(self)
        if self._picture is not None:
            painter.drawPixmap(0, 0, self._picture)
        elif self._stale is not None:  # the last picture until the new one is made
            painter.drawPixmap(0, 0, self._stale)
        else:
            painter.fillRect(self.rect(), st.BACKGROUND)
        visible = self._to_widget.mapRect(self.main.visible_scene_rect())
        painter.setPen(QPen(QColor("#1e6fb8"), 2))
        painter.setBrush(QColor(30, 111, 184, 36))
        painter.drawRect(visible.intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1)))
        painter.end()

    def scene_point(self, widget_point: QPointF) -> QPointF:
        inverse, ok = self._to_widget.inverted()
        return inverse.map(widget_point) if ok else QPointF()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self._centre(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._centre(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False

    def wheelEvent(self, event) -> None:
        self.main.wheelEvent(event)

    def _centre(self, event: QMouseEvent) -> None:
        self.main.centerOn(self.scene_point(event.position()))
        self.main.viewport_moved.emit()
