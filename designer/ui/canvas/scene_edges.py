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
        for kind, label in zip(("no_match", "no_input"), self._handler_labels):
            handler = getattr(node, kind)
            if handler is not None and handler.then:
                out.append(((kind, nid), handler.then, label, kind))
        return [w for w in out if self.has_card(w[1])]

    def _arrow_specs(self, nid: str) -> list[tuple]:
        """(key, target, label, colour, port, sibling, lane) of every arrow leaving nid: where
        it leaves the card, which of the arrows to the same target it is, which lane a
        backward arrow runs in (from where the cards are, built or not)."""
        wanted = self._wanted_edges_from(nid)
        grid, items = self.card_grid, self._items
        sx = grid.get(items.get(nid, nid))[0]
        per_target: dict[str, list[tuple]] = {}
        for w in wanted:
            per_target.setdefault(w[1], []).append(w[0])
        out, lanes = [], 0
        for index, (key, target, label, colour) in enumerate(wanted):
            siblings = per_target[target]
            backwards = grid.get(items.get(target, target))[0] - sx < st.W
            out.append((key, target, label, colour, (index, len(wanted)),
                        (siblings.index(key), len(siblings)), lanes if backwards else 0))
            lanes += 1 if backwards else 0
        return out

    def _sync_edges_from(self, nid: str) -> None:
        source = self._items[nid]
        specs = self._arrow_specs(nid)
        keys = {spec[0] for spec in specs}
        for edge in [e for e in source.edges if e.source is source and e.key not in keys]:
            self._drop_edge(edge)
        for key, target, label, colour, port, sibling, lane in specs:
            target_item = self._ensure_card(target)
            edge = self._edges.get(key)
            if edge is not None and edge.target is not target_item:
                self._drop_edge(edge)
                edge = None
            if edge is None:
                edge = self._add_edge(key, source, target_item, label, colour, adjust=False)
            edge.port, edge.sibling, edge.lane = port, sibling, lane
            edge.set_label(label, colour, adjust=False)
            self.adjust_edge(edge)

    def _sync_edges_into(self, nid: str) -> None:
        """Arrows that pointed at a missing node appear when a node of that id is added."""
        for src, dst, _kind, _detail in self.script.edges():
            if dst == nid and src != nid and self.has_card(src):
                self._resync(src)
        self._sync_faq_edges()

    def _faq_labels(self) -> dict[str, str]:
        """target -> the label of its faq tag, for every node some faq entry goes to."""
        if self._faq_cache is None:
            s = self.script
            names: dict[str, list[str]] = {}
            for entry in s.faq:
                if entry.goto in s.nodes:
                    intent = s.intents.get(entry.intent)
                    names.setdefault(entry.goto, []).append(
                        (intent.label or entry.intent) if intent else entry.intent)
            self._faq_cache = {target: "FAQ: " + ", ".join(dict.fromkeys(labels))
                               for target, labels in names.items()}
        return self._faq_cache

    def _sync_faq_edge_of(self, item: NodeItem) -> None:
        """A card just built gets its faq tag."""
        label = self._faq_labels().get(item.node_id)
        if label is not None and ("faq", item.node_id) not in self._edges:
            self._add_edge(("faq", item.node_id), None, item, label, "faq")

    def _sync_faq_edges(self) -> None:
        self._faq_cache = None
        labels = self._faq_labels()
        for key in [k for k in self._edges if k[0] == "faq" and k[1] not in labels]:
            self._drop_edge(self._edges[key])
        for target, label in labels.items():
            item = self._items.get(target)
            if item is None:
                continue  # it gets its tag when built
            edge = self._edges.get(("faq", target))
            if edge is None:
                self._add_edge(("faq", target), None, item, label, "faq")
            else:
                edge.set_label(label, "faq")

    def _refresh_branch_labels(self) -> None:
        pending = self._plan.pending if self._plan is not None else ()
        for nid, node in self.script.nodes.items():
            if node.branches and nid in self._items and nid not in pending:
                self._sync_edges_from(nid)  # the others take the labels when built
        self._sync_faq_edges()

    def _add_edge(self, key: tuple, source: Optional[NodeItem], target: NodeItem, label: str,
                  colour: str, adjust: bool = True) -> EdgeItem:
        edge = EdgeItem(key, source, target, label, colour)
        self._edges[key] = edge
        target.edges.add(edge)
        if source is not None:
            source.edges.add(edge)
        if self._path:
            edge.on_path = edge_on_path(edge, self._path)
        if self._heat is not None:
            edge.heat = self._edge_heat(key, source.node_id if source else None,
                                        target.node_id)
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
        self._edges.pop(edge.key, None)
        self.label_grid.remove(edge)
        edge.target.edges.discard(edge)
        if edge.source is not None:
            edge.source.edges.discard(edge)
        if edge.scene() is self:
            self.removeItem(edge)
        self.edges_changed()

    def node_item_moved(self, item: NodeItem) -> None:
        """A card moved: its arrows follow (at once while it is dragged; after the command
        when the model moved it, see flush_moves)."""
        x, y = item.pos().x(), item.pos().y()
        self.card_grid.put(item, (x, y, x + st.W, y + st.H))
        self.cards_changed()
        if self._model_moving:
            return
        for edge in item.edges:
            edge.adjust()

    def edges_of(self, nid: str) -> list[EdgeItem]:
        item = self.items_by_id.get(nid)
        return sorted(item.edges, key=lambda e: str(e.key)) if item else []

