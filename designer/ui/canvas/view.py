"""GraphView: looks at a GraphScene. Wheel zooms under the mouse, the middle button (or Space
with the left button) pans, the left button on empty canvas draws a selection band."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QMenu

from designer.ui.canvas import style as st
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.node_item import NodeItem
from designer.ui.canvas.scene import GraphScene

MIN_ZOOM, MAX_ZOOM = 0.08, 3.0


class GraphView(QGraphicsView):
    zoom_changed = Signal(float)
    viewport_moved = Signal()  # the visible area changed (the overview redraws its frame)

    def __init__(self, scene: GraphScene, parent=None):
        super().__init__(scene, parent)
        self.graph = scene
        if scene.parent() is None:
            # the scene dies with its view, after the view let go of it: a scene deleted first
            # makes the view reset its scroll bars into half-destroyed Python slots (segfault)
            scene.setParent(self)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: Optional[QPoint] = None
        self._space = False
        # window actions for the context menus: those with data() == "node" act on the
        # selected card and show in a card's menu, the others on the empty canvas
        self.context_actions: list = []
        self.horizontalScrollBar().valueChanged.connect(self.viewport_moved)
        self.verticalScrollBar().valueChanged.connect(self.viewport_moved)
        self.rubberBandChanged.connect(self._band_moved)

    # ---- zoom -----------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: Optional[QPoint] = None) -> None:
        """Zoom to factor, keeping the scene point at the viewport point anchor (default:
        the centre) where it is."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        before = self.mapToScene(anchor)
        old = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor / self.zoom(), factor / self.zoom())
        self.setTransformationAnchor(old)
        moved = self.mapToScene(anchor) - before
        self.horizontalScrollBar().setValue(
            self.horizontalScrollBar().value() - round(moved.x() * self.zoom()))
        self.verticalScrollBar().setValue(
            self.verticalScrollBar().value() - round(moved.y() * self.zoom()))
        self._sync_far()
        self.zoom_changed.emit(self.zoom())
        self.viewport_moved.emit()

    def _sync_far(self) -> None:
        """Far away the scene draws the arrows all at once (GraphScene.set_far)."""
        if hasattr(self.graph, "set_far"):
            self.graph.set_far(self.zoom() < st.LOD_BATCH)

    def paintEvent(self, event) -> None:
        self._sync_far()  # any other way the transform changed (fitInView, setTransform...)
        graph = self.graph
        if hasattr(graph, "build_visible") and not graph.is_far():
            # a large flow's cards and arrows are made where they are first seen (far away
            # the scene draws them without items)
            graph.build_visible(self.visible_scene_rect())
        super().paintEvent(event)

    def _band_moved(self, band, _from_scene: QPointF, _to_scene: QPointF) -> None:
        """The selection band is about to select what it covers: the scene selects the cards
        under it, built or not, from where they are (far away, a band over the whole flow
        would otherwise build every card). The band's rectangle in the viewport is what Qt
        selects from (the scene points lag one mouse move behind it)."""
        if hasattr(self.graph, "band_moved"):
            self.graph.band_moved(None if band.isNull() else
                                  self.mapToScene(band).boundingRect())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_to_window(self) -> None:
        """Show the whole flow (never larger than 100%)."""
        rect = self.graph.flow_rect()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-30, -30, 30, 30)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
        self.centerOn(rect.center())
        self._sync_far()
        self.zoom_changed.emit(self.zoom())
        self.viewport_moved.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # shift+wheel scrolls sideways
            return
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(self.zoom() * (1.15 ** steps), anchor=event.position().toPoint())
        event.accept()

    # ---- navigation -----------------------------------------------------------------------
    def center_on_node(self, node_id: str, select: bool = True) -> bool:
        item = self.graph.items_by_id.get(node_id)
        if item is None:
            return False
        if self.zoom() < 0.6:
            self.set_zoom(0.9)
        self.centerOn(item.sceneBoundingRect().center())
        if select:
            self.graph.document.select_nodes([node_id])
        self.viewport_moved.emit()
        return True

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    # ---- panning --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self._space):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton,
                                                             Qt.MouseButton.LeftButton):
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space
                                      else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # ---- context menu ---------------------------------------------------------------------
    def contextMenuEvent(self, event) -> None:
        scene_pos = self.mapToScene(event.pos())
        if hasattr(self.graph, "build_at"):
            self.graph.build_at(scene_pos)
        item = self.itemAt(event.pos())
        menu = QMenu(self)
        if isinstance(item, NodeItem):
            self._node_menu(menu, item)
        elif isinstance(item, EdgeItem):
            if not item.isSelected():
                self.graph.clear_selection()  # the nodes not built too
                item.setSelected(True)
            menu.addAction(self.tr("Delete arrow"), self.graph.delete_selection)
        else:
            menu.addAction(self.tr("Add node here"), lambda: self.graph.add_node_at(scene_pos))
            for action in self.context_actions:
                if action.data() != "node":
                    menu.addAction(action)
        menu.exec(event.globalPos())

    def _node_menu(self, menu: QMenu, item: NodeItem) -> None:
        nid = item.node_id
        if not item.isSelected():
            self.graph.document.select_nodes([nid])
        script = self.graph.script
        act = menu.addAction(self.tr("Start the call here"), lambda: self.graph.set_start(nid))
        act.setEnabled(script.start != nid)
        if script.limits.on_limit == nid:
            menu.addAction(self.tr("Stop using as the limit node"),
                           lambda: self.graph.set_limit_node(None))
        else:
            menu.addAction(self.tr("Use as the limit node (on_limit)"),
                           lambda: self.graph.set_limit_node(nid))
        menu.addSeparator()
        for action in self.context_actions:
            if action.data() == "node":
                menu.addAction(action)
        menu.addAction(self.tr("Delete"), self.graph.delete_selection)

    def scene_point(self, view_point: QPointF) -> QPointF:
        return self.mapToScene(view_point.toPoint())
