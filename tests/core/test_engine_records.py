"""The per-turn records the engine makes cheaply are the ones it made before: prompts filled
from a template split once, robot lines shared between calls, explanations written when
read."""
import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from designer.engine.matcher import Evaluation, Hit, _new_evaluation, _new_hit
from designer.engine.results import Decision, new_decision
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


def _fields_of(record) -> dict:
    """Every field of a record, read one by one: a slot the engine forgot to set raises."""
    if isinstance(record, Decision):
        return {name: getattr(record, name) for name in
                ("kind", "intent", "keyword", "branch", "faq", "limit", "explanation")}
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def test_record_makers_give_what_the_classes_give():
    d = new_decision("branch", "need", "要", 1, None, "offer")
    assert d == Decision("branch", "need", "要", 1, node="offer")
    assert d.explanation == "branch 2 of offer (need)" and d.limit is None
    ev = _new_evaluation("要")
    assert _fields_of(ev) == _fields_of(Evaluation("要"))
    assert _new_hit("need", "要", 0, 1) == Hit("need", "要", 0, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["需要", "好的，需要", "不需要", "多少钱", "不问价格多少钱",
                                 "贵吗不贵", "别再打了", "你是机器人吗", "明天再说", "嗯",
                                 "", "看房", "先挂了", "什么"]), max_size=8))
def test_every_record_of_a_call_has_every_field_set(texts):
    """The engine makes its per-turn records field by field (results.new_decision and the
    inline ones in CallSession.utter and Matcher.evaluate_at): every field of every record of
    a call is set, and the call's JSON, which reads them all, can be made."""
    call = ZH_ENGINE.start({})
    for text in texts:
        call.utter(text)
    r = call.result
    for record in [*r.transcript, *r.intents, *r.unanswered, *call.actions]:
        _fields_of(record)
    for turn in r.turns:
        fields = _fields_of(turn)
        _fields_of(fields["decision"])
        if turn.evaluation is not None:
            _fields_of(turn.evaluation)
            for hit in turn.evaluation.hits.values():
                assert _fields_of(hit)["intent"] in ZH_ENGINE.script.intents
    assert r.to_json()["transcript"][0]["speaker"] == "robot"
    assert [t.number for t in r.turns] == list(range(1, len(r.turns) + 1))
