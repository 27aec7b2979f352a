"""Where an arrow runs: around the cards in its way, not behind them.

A forward arrow starts as one S-curve. Wherever it would pass under a card (other than its
own two), it is bent to pass above or below that card, whichever is nearer, running through
the free band between rows; a few rounds handle several cards in the way. A backward arrow
runs along a horizontal lane, pushed down (or up) until no card sits on it. The cards are
asked for through `cards_in(rect) -> [QRectF]`, so this module knows nothing of the scene."""
from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from typing import Callable, Optional

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

Rect = tuple[float, float, float, float]  # left, top, right, bottom
CardsIn = Callable[[Rect], list[Rect]]
CLEARANCE = 16.0  # how far above/below a card a bent arrow passes
MARGIN = 5.0  # a sample this close to a card counts as passing under it
MAX_ROUNDS = 6


class RouteTimeout(Exception):
    """A route search ran past its deadline (the caller falls back to a plain curve)."""


def check_deadline(deadline: Optional[float]) -> None:
    if deadline is not None and time.perf_counter() > deadline:
        raise RouteTimeout


Segment = tuple[tuple[float, float], tuple[float, float], tuple[float, float],
                tuple[float, float]]


def _segments(points: list[QPointF]) -> list[Segment]:
    """The cubic pieces through the points, horizontal at each of them (the arrows' look)."""
    out = []
    single = len(points) == 2
    for a, b in zip(points, points[1:]):
        dx = max(50.0, (b.x() - a.x()) * 0.5) if single else (b.x() - a.x()) * 0.5
        out.append(((a.x(), a.y()), (a.x() + dx, a.y()), (b.x() - dx, b.y()), (b.x(), b.y())))
    return out


def smooth_path(points: list[QPointF]) -> QPainterPath:
    path = QPainterPath(points[0])
    for _a, c1, c2, b in _segments(points):
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*b))
    return path


def _samples(points: list[QPointF], step: float = 16.0) -> list[tuple[float, float]]:
    """Points along the path, computed here (QPainterPath.pointAtPercent is far slower)."""
    out = []
    for (x0, y0), (x1, y1), (x2, y2), (x3, y3) in _segments(points):
        n = int(min(120, max(6, (abs(x3 - x0) + abs(y3 - y0)) / step)))
        for i in range(n + 1):
            t = i / n
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _first_hit(samples: list[tuple[float, float]], cards: list[Rect]) -> Optional[Rect]:
    """The card the path meets first (samples run left to right on a forward arrow)."""
    xs = [s[0] for s in samples]
    best, best_index = None, len(samples)
    for card in cards:
        lo = bisect_left(xs, card[0] - MARGIN)
        hi = min(bisect_right(xs, card[2] + MARGIN), best_index)
        top, bottom = card[1] - MARGIN, card[3] + MARGIN
        for i in range(lo, hi):
            if top <= samples[i][1] <= bottom:
                best, best_index = card, i
                break
    return best


def route_forward(p1: QPointF, p2: QPointF, cards_in: CardsIn,
                  spread: float = 0.0, deadline: Optional[float] = None) -> list[QPointF]:
    """The points a forward arrow runs through (p1 and p2 included). spread moves the runs
    around cards further out, so parallel arrows do not run on top of each other. Raises
    RouteTimeout past deadline (a perf_counter time)."""
    points = [p1, p2]
    x1, x2 = p1.x(), p2.x()
    y_lo, y_hi = min(p1.y(), p2.y()) - 250, max(p1.y(), p2.y()) + 250
    cards = cards_in((x1 - 60, y_lo, x2 + 60, y_hi))
    for _ in range(MAX_ROUNDS):
        check_deadline(deadline)
        samples = _samples(points)
        card = _first_hit(samples, cards)
        if card is None:
            break
        cx = (card[0] + card[2]) / 2
        near_y = min(samples, key=lambda s: abs(s[0] - cx))[1]
        above, below = card[1] - CLEARANCE - spread, card[3] + CLEARANCE + spread
        y = above if abs(near_y - above) <= abs(near_y - below) else below
        left, right = max(card[0] - 14, x1 + 10), min(card[2] + 14, x2 - 10)
        if right <= left:
            break  # the card straddles an end: nothing to bend around
        inner = [p for p in points[1:-1] if not left <= p.x() <= right]
        points = [p1] + sorted(inner + [QPointF(left, y), QPointF(right, y)],
                               key=lambda p: p.x()) + [p2]
        if not y_lo + 60 <= y <= y_hi - 60:  # bent beyond what was asked for: ask again
            y_lo, y_hi = min(y_lo, y - 250), max(y_hi, y + 250)
            cards = cards_in((x1 - 60, y_lo, x2 + 60, y_hi))
    return points


def free_lane(x1: float, x2: float, lane: float, below: bool, cards_in: CardsIn,
              deadline: Optional[float] = None) -> float:
    """A lane height between x1 and x2 (a backward arrow's run) that no card sits on."""
    for _ in range(MAX_ROUNDS):
        check_deadline(deadline)
        hits = cards_in((min(x1, x2) - 50, lane - 10, max(x1, x2) + 50, lane + 10))
        if not hits:
            break
        lane = (max(c[3] for c in hits) + 22) if below else (min(c[1] for c in hits) - 22)
    return lane
