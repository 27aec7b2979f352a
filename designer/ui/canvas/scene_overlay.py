"""GraphScene's overlays for the simulator and coverage docks: a ringed node, a tinted path,
a heat map. They change how cards and arrows look, never the model."""
from __future__ import annotations

from typing import Iterable, Optional

from designer.ui.canvas.edge_item import EdgeItem


class OverlayMixin:
    def set_highlight(self, node_id: Optional[str]) -> None:
        """Ring one card (the simulator's current node); None removes the ring."""
        old = self.items_by_id.get(self._highlight) if self._highlight else None
        if old is not None:
            old.set_state(highlighted=False)
        self._highlight = node_id if node_id in self.items_by_id else None
        if self._highlight:
            self.items_by_id[self._highlight].set_state(highlighted=True)
        self.appearance_changed.emit()

    def set_path(self, node_ids: Iterable[str]) -> None:
        """Tint the cards of a path and the arrows between consecutive ones ([] clears)."""
        self._path = [n for n in node_ids if n in self.items_by_id]
        on = set(self._path)
        for nid, item in self.items_by_id.items():
            if item.on_path != (nid in on):
                item.set_state(on_path=nid in on)
        for edge in self.edges.values():
            flag = edge_on_path(edge, self._path)
            if edge.on_path != flag:
                edge.set_state(on_path=flag)
        self.appearance_changed.emit()

    def set_heat(self, node_counts: dict, edge_counts: dict) -> None:
        """Colour cards and arrows by use counts; unlisted ones show as never used (0)."""
        top_n = max(list(node_counts.values()) + [1])
        for nid, item in self.items_by_id.items():
            n = int(node_counts.get(nid, 0))
            item.set_state(heat=(n / top_n if n else 0.0, n))
        top_e = max(list(edge_counts.values()) + [1])
        for edge in self.edges.values():
            n = int(edge_counts.get(edge.key, 0))
            if not n and edge.source is not None:
                n = int(edge_counts.get((edge.source.node_id, edge.target.node_id), 0))
            edge.set_state(heat=(n / top_e if n else 0.0, n))
        self.appearance_changed.emit()

    def clear_heat(self) -> None:
        for item in self.items_by_id.values():
            item.set_state(heat=None)
        for edge in self.edges.values():
            edge.set_state(heat=None)
        self.appearance_changed.emit()


def edge_on_path(edge: EdgeItem, path: list[str]) -> bool:
    if edge.source is None or len(path) < 2:
        return False
    pair = (edge.source.node_id, edge.target.node_id)
    return any((a, b) == pair for a, b in zip(path, path[1:]))

