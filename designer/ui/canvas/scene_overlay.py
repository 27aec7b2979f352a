"""GraphScene's overlays for the simulator and coverage docks: a ringed node, a tinted path,
a heat map. They change how cards and arrows look, never the model."""
from __future__ import annotations

from typing import Iterable, Optional

from designer.ui.canvas.edge_item import EdgeItem


class OverlayMixin:
    """The state is kept by the scene: cards and arrows built later show it too."""

    def set_highlight(self, node_id: Optional[str]) -> None:
        """Ring one card (the simulator's current node); None removes the ring."""
        old = self._items.get(self._highlight) if self._highlight else None
        if old is not None:
            old.set_state(highlighted=False)
        self._highlight = node_id if node_id in self.items_by_id else None
        if self._highlight and self._highlight in self._items:
            self._items[self._highlight].set_state(highlighted=True)
        self.appearance_changed.emit()

    def set_path(self, node_ids: Iterable[str]) -> None:
        """Tint the cards of a path and the arrows between consecutive ones ([] clears)."""
        self._path = [n for n in node_ids if n in self.items_by_id]
        on = set(self._path)
        for nid, item in self._items.items():
            if item.on_path != (nid in on):
                item.set_state(on_path=nid in on)
        for edge in self._edges.values():
            flag = edge_on_path(edge, self._path)
            if edge.on_path != flag:
                edge.set_state(on_path=flag)
        self.edges_changed()  # the far picture of arrows not built yet
        self.cards_changed()
        self.appearance_changed.emit()

    def set_heat(self, node_counts: dict, edge_counts: dict) -> None:
        """Colour cards and arrows by use counts; unlisted ones show as never used (0)."""
        self._heat = (node_counts, edge_counts, max(list(node_counts.values()) + [1]),
                      max(list(edge_counts.values()) + [1]))
        for nid, item in self._items.items():
            item.set_state(heat=self._node_heat(nid))
        for edge in self._edges.values():
            edge.set_state(heat=self._edge_heat(
                edge.key, edge.source.node_id if edge.source is not None else None,
                edge.target.node_id))
        self.edges_changed()
        self.cards_changed()
        self.appearance_changed.emit()

    def clear_heat(self) -> None:
        self._heat = None
        for item in self._items.values():
            item.set_state(heat=None)
        for edge in self._edges.values():
            edge.set_state(heat=None)
        self.edges_changed()
        self.cards_changed()
        self.appearance_changed.emit()

    def _node_heat(self, nid: str) -> Optional[tuple[float, int]]:
        if self._heat is None:
            return None
        node_counts, _edge_counts, top_n, _top_e = self._heat
        n = int(node_counts.get(nid, 0))
        return (n / top_n if n else 0.0, n)

    def _edge_heat(self, key: tuple, source: Optional[str],
                   target: str) -> Optional[tuple[float, int]]:
        if self._heat is None:
            return None
        _node_counts, edge_counts, _top_n, top_e = self._heat
        n = int(edge_counts.get(key, 0))
        if not n and source is not None:
            n = int(edge_counts.get((source, target), 0))
        return (n / top_e if n else 0.0, n)


def edge_on_path(edge: EdgeItem, path: list[str]) -> bool:
    if edge.source is None or len(path) < 2:
        return False
    pair = (edge.source.node_id, edge.target.node_id)
    return any((a, b) == pair for a, b in zip(path, path[1:]))

