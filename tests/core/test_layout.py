"""The layered layout: left to right along the conversation, and cards never overlap."""
import os
import random

from hypothesis import given, settings, strategies as st

from designer.analysis.layout import (
    CARD_HEIGHT, CARD_WIDTH, free_spot, layered_layout, overlaps, place_missing,
)
from designer.formats.script_yaml import load_script
from designer.model import Branch, Intent, Node, Script

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


def _no_overlap(pos):
    items = list(pos.items())
    for i, (a, pa) in enumerate(items):
        for b, pb in items[i + 1:]:
            assert not overlaps(pa, pb), f"{a} at {pa} overlaps {b} at {pb}"


def _script(n_nodes, edges, start="n0"):
    nodes = {f"n{i}": Node(say=f"line {i}") for i in range(n_nodes)}
    for src, dst in edges:
        node = nodes[src]
        nodes[src] = Node(say=node.say, branches=node.branches + (Branch("yes", dst),))
    return Script(start=start, intents={"yes": Intent(label="yes", keywords=("y",))}, nodes=nodes)


def test_conversation_reads_left_to_right():
    s = load_script(FIXTURE)
    pos = layered_layout(s)
    assert set(pos) == set(s.nodes)
    assert pos["opening"][0] < pos["introduce"][0] < pos["book_visit"][0]
    assert pos["introduce"][0] < pos["goodbye"][0]  # goodbye is also reached from introduce
    _no_overlap(pos)


def test_cycles_and_self_loops_are_laid_out():
    s = _script(4, [("n0", "n1"), ("n1", "n2"), ("n2", "n0"), ("n2", "n2"), ("n3", "n1")])
    pos = layered_layout(s)
    assert pos["n0"][0] < pos["n1"][0] < pos["n2"][0]
    _no_overlap(pos)


def test_empty_script():
    assert layered_layout(Script()) == {}


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)),
                                    max_size=60))
def test_random_flows_never_overlap(n, pairs):
    edges = [(f"n{a % n}", f"n{b % n}") for a, b in pairs]
    pos = layered_layout(_script(n, edges))
    assert len(pos) == n
    _no_overlap(pos)


def test_place_missing_fits_among_positioned_nodes():
    s = load_script(FIXTURE)  # only `opening` has a position, [0, 0]
    placed = place_missing(s)
    assert set(placed) == {"introduce", "book_visit", "goodbye"}
    everything = dict(placed, opening=(0, 0))
    _no_overlap(everything)
    assert placed["introduce"][0] > 0


def test_place_missing_avoids_a_card_in_the_way():
    s = _script(3, [("n0", "n1"), ("n0", "n2")])
    full = layered_layout(s)
    s.nodes["n0"] = Node(say="x", branches=s.nodes["n0"].branches, position=(0.0, 0.0))
    # put n2 exactly where the layout would put n1
    s.nodes["n2"] = Node(say="y", position=(full["n1"][0] - full["n0"][0],
                                            full["n1"][1] - full["n0"][1]))
    placed = place_missing(s)
    assert set(placed) == {"n1"}
    assert not overlaps(placed["n1"], s.nodes["n2"].position)


def test_free_spot_moves_down_until_free():
    taken = [(0.0, 0.0), (0.0, CARD_HEIGHT + 10)]
    x, y = free_spot((10.0, 5.0), taken)
    assert x == 10.0
    assert all(not overlaps((x, y), t) for t in taken)


def test_a_thousand_nodes_lay_out_without_overlap():
    rnd = random.Random(3)
    edges = [(f"n{i}", f"n{rnd.randrange(i + 1, 1000)}") for i in range(999) for _ in range(2)]
    edges += [(f"n{rnd.randrange(1000)}", f"n{rnd.randrange(1000)}") for _ in range(100)]
    pos = layered_layout(_script(1000, edges))
    assert len(pos) == 1000
    # a cheaper overlap check than all pairs: bucket by column
    by_x = {}
    for p in pos.values():
        by_x.setdefault(p[0], []).append(p[1])
    for ys in by_x.values():
        ys.sort()
        assert all(b - a >= CARD_HEIGHT for a, b in zip(ys, ys[1:]))
    xs = sorted(by_x)
    assert all(b - a >= CARD_WIDTH for a, b in zip(xs, xs[1:]))
