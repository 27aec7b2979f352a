"""Where to draw the nodes of a flow: a layered left-to-right layout (no Qt here).

The canvas draws every node as a card of CARD_WIDTH x CARD_HEIGHT scene units, its top-left
corner at the position returned here (and stored in the file as `position`). Columns are
COLUMN_STEP apart and rows ROW_STEP apart, both larger than a card, so cards never overlap.

Layers: the start node first, each node one column right of its furthest predecessor (longest
path on the flow with its back edges removed), so a conversation reads left to right. Within a
column, a few barycentre sweeps order the nodes to reduce crossings, then each node is placed
as close as the column allows to the mean height of its neighbours in the column before.
"""
from __future__ import annotations

from typing import Iterable, Optional

import networkx as nx

from designer.model import Script

CARD_WIDTH = 220.0
CARD_HEIGHT = 96.0
COLUMN_STEP = CARD_WIDTH + 150.0  # room for an edge label between two columns
ROW_STEP = CARD_HEIGHT + 56.0
GAP = 24.0  # the smallest free margin kept around a card placed next to others

Point = tuple[float, float]


def flow_graph(script: Script) -> nx.DiGraph:
    """The flow as a directed graph: nodes in file order, one edge per arrow between nodes."""
    g = nx.DiGraph()
    g.add_nodes_from(script.nodes)
    for src, dst, _kind, _detail in script.edges():
        if dst in script.nodes and src != dst:
            g.add_edge(src, dst)
    # faq gotos and the limit node are reached from anywhere: they only move their target one
    # column right of the start instead of leaving it beside the start node
    others = [e.goto for e in script.faq] + [script.limits.on_limit]
    for target in others:
        if target in script.nodes and script.start in script.nodes and target != script.start:
            g.add_edge(script.start, target)
    return g


def layered_layout(script: Script) -> dict[str, Point]:
    """A position (top-left of the card) for every node of the script."""
    if not script.nodes:
        return {}
    g = flow_graph(script)
    order = _dfs_order(g, script.start)
    dag = _acyclic(g, order)
    layers = _assign_layers(dag, order)
    columns = _order_columns(dag, layers, order)
    return _coordinates(dag, columns)


def _dfs_order(g: nx.DiGraph, start: str) -> list[str]:
    """A topological order of g without its back edges: reverse depth-first post-order from
    the start node, then from the other nodes in file order."""
    roots = ([start] if start in g else []) + list(g.nodes)
    seen: set[str] = set()
    post: list[str] = []
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(g.successors(root)))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in seen:
                    seen.add(child)
                    stack.append((child, iter(g.successors(child))))
                    break
            else:
                stack.pop()
                post.append(node)
    # later roots come first in a reversed post-order; put them after the start's tree instead
    return list(reversed(post)) if start not in g else _roots_last(post, g, start)


def _roots_last(post: list[str], g: nx.DiGraph, start: str) -> list[str]:
    reached = nx.descendants(g, start) | {start}
    first = [n for n in reversed(post) if n in reached]
    return first + [n for n in reversed(post) if n not in reached]


def _acyclic(g: nx.DiGraph, order: list[str]) -> nx.DiGraph:
    """g without its back edges: only edges that go forward in `order` are kept, so what is
    kept can have no cycle."""
    rank = {n: i for i, n in enumerate(order)}
    dag = nx.DiGraph()
    dag.add_nodes_from(order)
    dag.add_edges_from((u, v) for u, v in g.edges if rank[v] > rank[u])
    return dag


def _assign_layers(dag: nx.DiGraph, order: list[str]) -> dict[str, int]:
    layer: dict[str, int] = {}
    for n in order:  # order is topological for dag: predecessors are already placed
        preds = [layer[p] for p in dag.predecessors(n)]
        layer[n] = max(preds) + 1 if preds else 0
    return layer


def _order_columns(dag: nx.DiGraph, layers: dict[str, int], order: list[str],
                   sweeps: int = 4) -> list[list[str]]:
    count = max(layers.values()) + 1
    columns: list[list[str]] = [[] for _ in range(count)]
    for n in order:
        columns[layers[n]].append(n)
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        rng = range(1, count) if forward else range(count - 2, -1, -1)
        for c in rng:
            ref = columns[c - 1] if forward else columns[c + 1]
            pos = {n: i for i, n in enumerate(ref)}
            neighbours = dag.predecessors if forward else dag.successors

            def key(n: str, i: int, pos=pos, neighbours=neighbours) -> tuple[float, int]:
                ks = [pos[m] for m in neighbours(n) if m in pos]
                return (sum(ks) / len(ks) if ks else float(i), i)

            columns[c] = [n for _i, n in sorted(((i, n) for i, n in enumerate(columns[c])),
                                               key=lambda t: key(t[1], t[0]))]
    return columns


def _coordinates(dag: nx.DiGraph, columns: list[list[str]]) -> dict[str, Point]:
    y: dict[str, float] = {}
    for c, column in enumerate(columns):
        wanted = []
        for i, n in enumerate(column):
            preds = [y[p] for p in dag.predecessors(n) if p in y]
            wanted.append(sum(preds) / len(preds) if preds else i * ROW_STEP)
        placed: list[float] = []
        for w in wanted:  # keep the order; push down what would overlap the card above
            placed.append(w if not placed else max(w, placed[-1] + ROW_STEP))
        if c > 0 and placed:  # pull the column back up as far as its wishes allow
            shift = sum(p - w for p, w in zip(placed, wanted)) / len(placed)
            placed = [p - shift for p in placed]
        for n, p in zip(column, placed):
            y[n] = p
    top = min(y.values())
    return {n: (round(c * COLUMN_STEP), round(y[n] - top))
            for c, column in enumerate(columns) for n in column}


# ---- placing some nodes among others ------------------------------------------------------
def overlaps(a: Point, b: Point, margin: float = 0.0) -> bool:
    """Do the cards whose top-left corners are a and b overlap (with margin kept free)?"""
    return (abs(a[0] - b[0]) < CARD_WIDTH + margin and abs(a[1] - b[1]) < CARD_HEIGHT + margin)


def free_spot(wanted: Point, taken: Iterable[Point]) -> Point:
    """The first spot at or below `wanted` (row by row) where a card overlaps no taken card."""
    taken = list(taken)
    x, y = wanted
    while any(overlaps((x, y), t, GAP) for t in taken):
        y += ROW_STEP
    return (x, y)


def place_missing(script: Script, layout: Optional[dict[str, Point]] = None) -> dict[str, Point]:
    """Positions for the nodes that have none, fitted among the nodes that have one.

    With no positioned node this is the full layered layout. Otherwise the layered layout is
    moved so that it agrees with the first positioned node, and each new card is pushed down
    until it overlaps nothing already there."""
    missing = [n for n, node in script.nodes.items() if node.position is None]
    if not missing:
        return {}
    layout = layout if layout is not None else layered_layout(script)
    fixed = {n: node.position for n, node in script.nodes.items() if node.position is not None}
    if not fixed:
        return {n: layout[n] for n in missing}
    anchor = script.start if script.start in fixed else next(iter(fixed))
    dx = fixed[anchor][0] - layout[anchor][0]
    dy = fixed[anchor][1] - layout[anchor][1]
    taken = list(fixed.values())
    placed: dict[str, Point] = {}
    for n in missing:
        spot = free_spot((layout[n][0] + dx, layout[n][1] + dy), taken)
        placed[n] = spot
        taken.append(spot)
    return placed
