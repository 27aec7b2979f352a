"""GraphScene's edits: what the mouse does on the canvas (move, connect) and the edits the
window starts there (delete, add, start node, limit node). Each ends in one pushed command."""
from __future__ import annotations

import dataclasses
from typing import Optional

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen, QUndoCommand
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSceneMouseEvent

from designer.analysis.layout import free_spot
from designer.model import Branch, Node
from designer.ui import commands as cmd
from designer.ui.canvas import style as st
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.node_item import NodeItem


def _ctrl(event) -> bool:
    return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)


def _press_replaces(event):
    """Whether Qt replaced the selection on a press: without Ctrl, unless the press was on
    a selected item (kept for a drag), which it would still be (see GraphScene._user_selection)."""
    return lambda before: not _ctrl(event) and not any(i.isSelected() for i in before)


class CanvasEditsMixin:
    """Qt selects and moves the built items; the selection is the scene's node ids (see
    GraphScene), read back after each mouse event that may change it."""

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._press_ctrl = _ctrl(event)
        self._band_base = None  # (a band whose end the view never told)
        self.build_at(event.scenePos())  # far away, a card not built yet may be clicked
        if event.button() == Qt.MouseButton.LeftButton:
            item = self._node_at(event.scenePos())
            if item is not None and item.in_handle(event.scenePos()):
                self._start_connect(item, event.scenePos())
                event.accept()
                return
        self._user_selection(super().mousePressEvent, event, _press_replaces(event))
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_positions = {i.node_id: i.pos() for i in self.selectedItems()
                                     if isinstance(i, NodeItem)}

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._user_selection(super().mouseDoubleClickEvent, event, _press_replaces(event))

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect_from is not None:
            self._draw_connect_line(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        for nid in self._press_positions:  # cards Qt dragged: their arrows follow
            item = self._items.get(nid)
            if item is not None and self.card_grid.get(item)[:2] != item.pos().toTuple():
                self.node_item_moved(item)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect_from is not None and event.button() == Qt.MouseButton.LeftButton:
            self._finish_connect(event.scenePos(), event.screenPos())
            event.accept()
            return
        # a click (released where it was pressed) on a selectable item, without Ctrl, leaves
        # that item alone selected (QGraphicsItem.mouseReleaseEvent)
        grabber = self.mouseGrabberItem()
        clicked = (event.button() == Qt.MouseButton.LeftButton and not _ctrl(event)
                   and grabber is not None
                   and bool(grabber.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
                   and event.scenePos() == event.buttonDownScenePos(Qt.MouseButton.LeftButton))
        self._user_selection(super().mouseReleaseEvent, event, lambda _before: clicked)
        if event.button() == Qt.MouseButton.LeftButton and self._press_positions:
            self._push_move()

    def _push_move(self) -> None:
        """The cards Qt dragged, and the other selected nodes by as much (not built when the
        drag started, Qt did not move them): one command."""
        moves, delta = {}, None
        nodes = self.script.nodes
        for nid, before in self._press_positions.items():
            item = self._items.get(nid)
            if item is None or item.pos() == before or nid not in nodes:
                continue
            new = (float(round(item.pos().x())), float(round(item.pos().y())))
            moves[nid] = (nodes[nid].position, new)
            if delta is None:
                delta = (item.pos().x() - before.x(), item.pos().y() - before.y())
        self._press_positions = {}
        if delta is not None:
            dx, dy = delta
            for nid in self._selected:
                if nid not in moves and nid in nodes:
                    x, y = self._position_of(nid, nodes[nid])
                    moves[nid] = (nodes[nid].position,
                                  (float(round(x + dx)), float(round(y + dy))))
        if moves:
            self.document.push(cmd.MoveNodes(self.script, moves))
            self.update_scene_rect()

    def _node_at(self, pos: QPointF) -> Optional[NodeItem]:
        self.build_at(pos)
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def _start_connect(self, item: NodeItem, pos: QPointF) -> None:
        self._connect_from = item
        line = QGraphicsPathItem()
        line.setPen(QPen(st.SELECTED, 2, Qt.PenStyle.DashLine))
        line.setZValue(10)
        self.addItem(line)
        self._connect_line = line
        self._draw_connect_line(pos)

    def _draw_connect_line(self, pos: QPointF) -> None:
        start = self._connect_from.mapToScene(self._connect_from.handle_rect().center())
        path = QPainterPath(start)
        dx = max(40.0, abs(pos.x() - start.x()) / 2)
        path.cubicTo(QPointF(start.x() + dx, start.y()), QPointF(pos.x() - dx, pos.y()), pos)
        self._connect_line.setPath(path)

    def _finish_connect(self, pos: QPointF, screen_pos) -> None:
        source = self._connect_from
        self._connect_from = None
        if self._connect_line is not None:
            self.removeItem(self._connect_line)
            self._connect_line = None
        target = self._node_at(pos)
        if target is None or target is source:
            return
        self.connect_nodes(source.node_id, target.node_id, screen_pos)

    def connect_nodes(self, source: str, target: str, screen_pos=None) -> bool:
        """Ask how to connect (the intent of the new branch) and push the command."""
        choice = self.choose_connection(self, source, target, screen_pos)
        if choice is None:
            return False
        what, intent = choice
        if what == "next":
            self.document.push(cmd.SetNodeField(self.script, source, "next", target,
                                                text=self.tr("Continue {0} to {1}").format(
                                                    source, target)))
        else:
            self.document.push(cmd.AddBranch(self.script, source, Branch(intent, target)))
        self.message.emit(self.tr("Connected {0} to {1}").format(source, target))
        return True

    # ---- edits started from the canvas -----------------------------------------------------
    def delete_selection(self) -> bool:
        """Delete the selected nodes, built or not (and arrows into them), and the selected
        arrows. The selection is emptied first: the document would otherwise take each
        deleted node out of its list of them, one list per node."""
        nodes = self.selected_node_ids()
        gone = set(nodes)
        keys = [i.key for i in self.selectedItems() if isinstance(i, EdgeItem)
                and not (i.target.node_id in gone or (i.source and i.source.node_id in gone))]
        if not nodes and not keys:
            return False
        if nodes:
            self.clear_selection()
        stack = self.document.undo_stack
        both = bool(nodes) and bool(keys)
        if both:
            stack.beginMacro(self.tr("Delete selection"))
        if keys:
            self.document.push(cmd.remove_edges_command(self.script, keys))
        if nodes:
            self.document.push(cmd.remove_nodes_command(self.script, nodes))
        if both:
            stack.endMacro()
        return True

    def add_node_at(self, pos: QPointF, node: Optional[Node] = None) -> str:
        nid = self.script.new_node_id("node")
        x, y = free_spot((round(pos.x()), round(pos.y())), self._card_spots())
        node = dataclasses.replace(node or Node(), position=(float(x), float(y)))
        self.document.push(cmd.AddNode(self.script, nid, node))
        self.document.select_nodes([nid])
        return nid

    def set_start(self, nid: str) -> None:
        self.document.push(cmd.SetSection(self.script, "start", nid,
                                          text=self.tr("Start at {0}").format(nid)))

    def set_limit_node(self, nid: Optional[str]) -> None:
        limits = dataclasses.replace(self.script.limits, on_limit=nid)
        self.document.push(cmd.SetSection(self.script, "limits", limits,
                                          text=self.tr("Limit node {0}").format(nid)))

    def push(self, command: QUndoCommand) -> None:
        self.document.push(command)

