"""A grid of rectangles for "what lies here?" questions the canvas asks thousands of times
while it places arrows and labels. QGraphicsScene.items(rect) answers them too, but returns
every arrow whose bounding box reaches there and builds a Python object for each: on a
1,000-node flow that alone took seconds."""
from __future__ import annotations

from typing import Hashable, Iterator

Rect = tuple[float, float, float, float]  # left, top, right, bottom

CELL_W, CELL_H = 400.0, 200.0


class RectGrid:
    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], set] = {}
        self._rects: dict[Hashable, Rect] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def clear(self) -> None:
        self._cells.clear()
        self._rects.clear()

    @staticmethod
    def _cells_of(rect: Rect) -> Iterator[tuple[int, int]]:
        left, top, right, bottom = rect
        for cx in range(int(left // CELL_W), int(right // CELL_W) + 1):
            for cy in range(int(top // CELL_H), int(bottom // CELL_H) + 1):
                yield cx, cy

    def put(self, key: Hashable, rect: Rect) -> None:
        """Add key at rect, or move it there (an auto-layout moves thousands: the cells'
        loops are written out)."""
        rects, cells = self._rects, self._cells
        old = rects.get(key)
        if old == rect:
            return
        if old is not None:
            left, top, right, bottom = old
            for cx in range(int(left // CELL_W), int(right // CELL_W) + 1):
                for cy in range(int(top // CELL_H), int(bottom // CELL_H) + 1):
                    bucket = cells.get((cx, cy))
                    if bucket is not None:
                        bucket.discard(key)
                        if not bucket:
                            del cells[(cx, cy)]
        self._add(key, rect)

    def put_many(self, pairs) -> None:
        """put() for many (key, rect) pairs of keys not in the grid yet (a flow's cards)."""
        add = self._add
        for key, rect in pairs:
            add(key, rect)

    def _add(self, key: Hashable, rect: Rect) -> None:
        """Enter key, not in the grid, at rect."""
        cells = self._cells
        self._rects[key] = rect
        left, top, right, bottom = rect
        for cx in range(int(left // CELL_W), int(right // CELL_W) + 1):
            for cy in range(int(top // CELL_H), int(bottom // CELL_H) + 1):
                bucket = cells.get((cx, cy))
                if bucket is None:
                    cells[(cx, cy)] = {key}
                else:
                    bucket.add(key)

    def remove(self, key: Hashable) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        for cell in self._cells_of(rect):
            bucket = self._cells.get(cell)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del self._cells[cell]

    def bounds(self) -> Rect | None:
        """The rectangle around everything in the grid (None when empty)."""
        if not self._rects:
            return None
        lefts, tops, rights, bottoms = zip(*self._rects.values())
        return (min(lefts), min(tops), max(rights), max(bottoms))

    def rects(self):
        """Every (key, rect)."""
        return self._rects.items()

    def rect(self, key: Hashable) -> Rect:
        return self._rects[key]

    def get(self, key: Hashable) -> Rect | None:
        return self._rects.get(key)

    def query(self, rect: Rect) -> list[tuple[Hashable, Rect]]:
        """Every (key, rect) that overlaps rect."""
        left, top, right, bottom = rect
        seen = set()
        out = []
        for cell in self._cells_of(rect):
            for key in self._cells.get(cell, ()):
                if key in seen:
                    continue
                seen.add(key)
                r = self._rects[key]
                if r[0] < right and r[2] > left and r[1] < bottom and r[3] > top:
                    out.append((key, r))
        return out
