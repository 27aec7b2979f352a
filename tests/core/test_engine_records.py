"""The per-turn records the engine makes cheaply are the ones it made before: prompts filled
from a template split once, robot lines shared between calls, explanations written when
read."""
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.engine.results import Decision
from designer.model.prompts import fill_variables
from tests.core.engine_scripts import ZH, engine

ZH_ENGINE = engine(ZH)
names = st.sampled_from(["name", "x", "_a1", "1bad", "", "name}", "na me"])
pieces = st.one_of(st.text(max_size=4), names.map(lambda n: "{" + n + "}"),
                   st.sampled_from(["{", "}", "{{", "}}", "{name"]))
values = st.dictionaries(names, st.one_of(st.text(max_size=3), st.integers()), max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=8).map("".join), values)
def test_engine_fills_variables_as_the_prompts_module_does(text, vals):
    assert ZH_ENGINE.fill_variables(text, vals) == fill_variables(text, vals)
    assert ZH_ENGINE.fill_variables(text, vals) == fill_variables(text, vals)  # from the cache


def test_robot_lines_are_shared_and_equal_to_fresh_ones():
    a, b = ZH_ENGINE.start({}), ZH_ENGINE.start({})
    assert a.actions[0] == b.actions[0]
    said = [x for x in a.result.transcript if x.speaker == "robot"]
    assert said and said[0].text == a.actions[0].text


def test_explanations_are_the_standard_ones_and_can_be_extended():
    assert Decision("branch", "need", "要", 0, node="hello").explanation == \
        "branch 1 of hello (need)"
    assert Decision("faq", "price", "钱", faq=2).explanation == "faq entry 3 (price)"
    assert Decision("opt_out", "stop").explanation == "opt-out intent stop always wins"
    assert Decision("refusal", "refuse").explanation == "refusal refuse, handled by no branch"
    assert Decision("no_match").explanation == "no intent of this node matched"
    assert Decision("no_input", explanation="silence").explanation == "silence"
    assert Decision("hangup").explanation == ""
    d = Decision("refusal", "refuse")
    d.explanation += "; above the limit"
    assert d.explanation == "refusal refuse, handled by no branch; above the limit"
    assert d == Decision("refusal", "refuse", explanation=d.explanation)
    assert d != Decision("refusal", "refuse")
