"""GraphScene's arrows: which EdgeItems a node's fields call for, kept in step with the model,
and room for their labels (a label never covers a card or another label when it can help it)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRectF, Qt

from designer.ui.canvas import style as st
from designer.ui.canvas.edge_item import EdgeItem
from designer.ui.canvas.node_item import NodeItem
from designer.ui.canvas.scene_overlay import edge_on_path


def rekey(key: tuple, old: str, new: str) -> tuple:
    """An edge key after node old was renamed new (its id is the key's second part)."""
    return (key[0], new) + key[2:] if key[1] == old else key


def card_rect(item: NodeItem) -> tuple[float, float, float, float]:
    x, y = item.pos().x(), item.pos().y()
    return (x, y, x + st.W, y + st.H)


class EdgeSyncMixin:
    def _wanted_edges_from(self, nid: str) -> list[tuple[tuple, str, str, str]]:
        """(key, target, label, colour) for every arrow leaving nid whose target exists."""
        s, node = self.script, self.script.nodes[nid]
        out = []
        for i, br in enumerate(node.branches):
            intent = s.intents.get(br.intent)
            label = (intent.label or br.intent) if intent else f"{br.intent}?"
            colour = "refusal" if intent and intent.kind in ("refusal", "opt_out") else "branch"
            out.append((("branch", nid, i), br.goto, label, colour))
        if node.next:
            out.append((("next", nid), node.next, "", "next"))
        for kind, label in (("no_match", self.tr("no match")), ("no_input", self.tr("silence"))):
            handler = getattr(node, kind)
            if handler is not None and handler.then:
                out.append(((kind, nid), handler.then, label, kind))
        return [w for w in out if w[1] in self.items_by_id]

    def _sync_edges_from(self, nid: str) -> None:
        source = self.items_by_id[nid]
        wanted = self._wanted_edges_from(nid)
        keys = {w[0] for w in wanted}
        for edge in [e for e in source.edges if e.source is source and e.key not in keys]:
            self._drop_edge(edge)
        lanes = 0
        per_target: dict[str, list[tuple]] = {}
        for w in wanted:
            per_target.setdefault(w[1], []).append(w[0])
        for index, (key, target, label, colour) in enumerate(wanted):
            edge = self.edges.get(key)
            if edge is not None and edge.target is not self.items_by_id[target]:
                self._drop_edge(edge)
                edge = None
            if edge is None:
                edge = self._add_edge(key, source, self.items_by_id[target], label, colour,
                                      adjust=False)
            edge.port = (index, len(wanted))
            edge.sibling = (per_target[target].index(key), len(per_target[target]))
            edge.set_label(label, colour, adjust=False)
            backwards = edge.target.pos().x() - source.pos().x() < st.W
            edge.lane = lanes if backwards else 0
            lanes += 1 if backwards else 0
            self.adjust_edge(edge)

    def _sync_edges_into(self, nid: str) -> None:
        """Arrows that pointed at a missing node appear when a node of that id is added."""
        for src, dst, _kind, _detail in self.script.edges():
            if dst == nid and src != nid and src in self.items_by_id:
                self._sync_edges_from(src)
        self._sync_faq_edges()

    def _sync_faq_edges(self) -> None:
        s = self.script
        labels: dict[str, list[str]] = {}
        for entry in s.faq:
            if entry.goto in self.items_by_id:
                intent = s.intents.get(entry.intent)
                labels.setdefault(entry.goto, []).append(
                    (intent.label or entry.intent) if intent else entry.intent)
        for key in [k for k in self.edges if k[0] == "faq" and k[1] not in labels]:
            self._drop_edge(self.edges[key])
        for target, names in labels.items():
            label = "FAQ: " + ", ".join(dict.fromkeys(names))
            edge = self.edges.get(("faq", target))
            if edge is None:
                self._add_edge(("faq", target), None, self.items_by_id[target], label, "faq")
            else:
                edge.set_label(label, "faq")

    def _refresh_branch_labels(self) -> None:
        for nid in self.script.nodes:
            if self.script.nodes[nid].branches:
                self._sync_edges_from(nid)
        self._sync_faq_edges()

    def _add_edge(self, key: tuple, source: Optional[NodeItem], target: NodeItem, label: str,
                  colour: str, adjust: bool = True) -> EdgeItem:
        edge = EdgeItem(key, source, target, label, colour)
        self.edges[key] = edge
        target.edges.add(edge)
        if source is not None:
            source.edges.add(edge)
        if self._path:
            edge.on_path = edge_on_path(edge, self._path)
        if self._far:
            edge.setVisible(False)
        self.addItem(edge)
        self.edges_changed()
        if adjust:  # in the scene, so that its label can look for a free spot
            edge.adjust()
        return edge

    def card_rects_in(self, rect: tuple, skip: tuple = ()) -> list[tuple]:
        """The cards (left, top, right, bottom) that reach into rect, but for those in skip."""
        return [r for item, r in self.card_grid.query(rect) if item not in skip]

    def label_placed(self, edge: EdgeItem, rect: QRectF) -> None:
        if rect.isNull():
            self.label_grid.remove(edge)
        else:
            self.label_grid.put(edge, (rect.left(), rect.top(), rect.right(), rect.bottom()))

    def edges_crossing(self, items) -> set:
        """Arrows of other cards that run where these cards now are (to go around them)."""
        touched = set()
        for item in items:
            rect = QRectF(item.pos().x(), item.pos().y(), st.W, st.H)
            for other in self.items(rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
                if isinstance(other, EdgeItem) and other not in item.edges:
                    touched.add(other)
        return touched

    def label_conflicts(self, rect: QRectF, edge: EdgeItem) -> int:
        """How badly an edge label at rect would sit: 0 when clear of every card and every
        other label; a card it covers counts more than a label."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        cards = len(self.card_grid.query((left - 4, top - 4, right + 4, bottom + 4)))
        labels = sum(1 for other, _r in
                     self.label_grid.query((left - 3, top - 3, right + 3, bottom + 3))
                     if other is not edge)
        return 3 * cards + labels

    def _drop_edge(self, edge: EdgeItem) -> None:
        self.edges.pop(edge.key, None)
        self.label_grid.remove(edge)
        edge.target.edges.discard(edge)
        if edge.source is not None:
            edge.source.edges.discard(edge)
        if edge.scene() is self:
            self.removeItem(edge)
        self.edges_changed()

    def node_item_moved(self, item: NodeItem) -> None:
        """Called by a card while it moves: its arrows follow (at once while it is dragged;
        after the command when the model moved it, see flush_moves)."""
        self.card_grid.put(item, card_rect(item))
        self.cards_changed()
        if self._model_moving:
            return
        for edge in item.edges:
            edge.adjust()

    def edges_of(self, nid: str) -> list[EdgeItem]:
        item = self.items_by_id.get(nid)
        return sorted(item.edges, key=lambda e: str(e.key)) if item else []

