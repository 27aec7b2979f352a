"""dump_yaml with its own node builder writes exactly the text yaml.dump with PyYAML's
representer wrote, for every input (the plain call is kept here as the reference)."""
from __future__ import annotations

import glob
import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate_script
from designer.formats.script_yaml import dump_script, load_script, script_to_data
from designer.formats.yaml_tree import Flow, FlowList, _Dumper, dump_yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def old_dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1 << 30, indent=2)


def same(data: Any) -> None:
    try:
        old = old_dump_yaml(data)
    except yaml.YAMLError as exc:  # e.g. a tuple: the representer refuses it
        with pytest.raises(type(exc)):
            dump_yaml(data)
        return
    assert dump_yaml(data) == old


class Text(str):
    """A str subclass: not a type the node builder knows (the representer's path)."""


texts = st.one_of(
    st.sampled_from(["", "no", "yes", "On", "1", "0x1F", "1.5", "1e3", "~", "null", "true",
                     "a: b", "- x", "#c", "x #c", " lead", "trail ", "多行\n文本", "'", '"',
                     "\t", "\x85", "\u2028", "宽带套餐", "{name}", "re:(a|b)*", "&a", "*a", "!x",
                     "@", "`", "%", "=", "<<", "?", ":", "-", "a\\b", "\ufeff", "x" * 200]),
    st.text(max_size=12),
)
scalars = st.one_of(texts, st.integers(), st.sampled_from([0, -1, 10 ** 30]),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([1e17, -0.0, 0.1, 370.5, 2.0]), st.booleans(), st.none())
keys = st.one_of(texts, st.integers(min_value=-5, max_value=5), st.booleans(), st.none(),
                 st.sampled_from([1.5, float("inf")]))
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(FlowList),
        st.dictionaries(keys, inner, max_size=4),
        st.dictionaries(keys, inner, max_size=4).map(Flow),
    ),
    max_leaves=30,
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_generated_data_gives_the_same_text(data):
    same(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.sampled_from([("t",), Text("x"), b"bytes", {1, 2}, 1j]))
def test_a_value_the_builder_does_not_know_gives_the_same_text_or_error(data, odd):
    same({"data": data, "odd": odd})
    same([data, FlowList([odd])])


def test_a_collection_met_twice_is_written_with_an_alias_as_before():
    shared, flow = ["a", "b"], Flow(x=1)
    for data in ({"a": shared, "b": shared}, [flow, {"k": flow}], {"a": [shared, shared]}):
        assert "&id001" in old_dump_yaml(data)
        same(data)


def test_scripts_give_the_same_text():
    paths = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml")))
    paths.append(os.path.join(ROOT, "tests", "fixtures", "design_example.yaml"))
    for path in paths:
        script = load_script(path)
        assert dump_script(script) == old_dump_yaml(script_to_data(script))
    for size, language in ((80, "zh"), (50, "en")):
        same(generate_script(size, 2, language))
