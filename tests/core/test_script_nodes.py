"""Adding and removing nodes keeps the order of the flow: a delete undone puts every node back
where it stood (the file is written in that order), however many nodes went."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.model import ModelError, Node, Script


def _script(n: int) -> Script:
    s = Script(start="n0")
    for i in range(n):
        s.add_node(f"n{i}", Node(say=f"第{i}句"))
    return s


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(0, n - 1), unique=True))))
def test_removing_nodes_then_restoring_them_gives_the_same_order(case):
    n, picks = case
    s = _script(n)
    before = list(s.nodes.items())
    events = []
    s.events.subscribe(lambda e: events.append((e.kind, e.key)))
    removed = s.remove_nodes([f"n{i}" for i in picks])
    assert sorted(i for i, _nid, _node in removed) == sorted(picks)
    assert list(s.nodes) == [nid for nid, _node in before if int(nid[1:]) not in picks]
    s.restore_nodes(removed)
    assert list(s.nodes.items()) == before
    assert sorted(events) == sorted([("node_removed", f"n{i}") for i in picks]
                                    + [("node_added", f"n{i}") for i in picks])


def test_remove_node_and_add_node_at_its_index_round_trip():
    s = _script(5)
    before = list(s.nodes)
    for nid in ("n4", "n0", "n2"):
        index, node = s.remove_node(nid)
        s.add_node(nid, node, index)
        assert list(s.nodes) == before


def test_bad_batches_are_refused_and_change_nothing():
    s = _script(3)
    with pytest.raises(ModelError):
        s.remove_nodes(["n1", "nope"])
    assert list(s.nodes) == ["n0", "n1", "n2"]
    removed = s.remove_nodes(["n1"])
    s.add_node("n1", Node(say="别的"))
    with pytest.raises(ModelError):
        s.restore_nodes(removed)
