"""The engine never raises on arbitrary text, and the same inputs always give the same result."""
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.engine import normalize
from tests.core.engine_scripts import EN, ZH, engine

ZH_ENGINE, EN_ENGINE = engine(ZH), engine(EN)
# Chinese (both scripts), Latin, full-width, punctuation, emoji, combining marks, controls
alphabet = st.one_of(
    st.characters(),
    st.sampled_from(list("需要不需要別再打貴價格多少錢好的可以ＮＯno stop！？，。 \t\n")),
)
turn = st.one_of(st.text(alphabet, max_size=30), st.just(""))


def play(e, turns):
    call = e.start({"name": "x"})
    for t in turns:
        call.utter(t)
    call.hangup()
    r = call.result
    return ([(a.kind, a.text, a.prompt_id) for a in call.actions], r.path, r.end_reason,
            r.grade, r.flags, [(u.turn, u.text) for u in r.unanswered])


@settings(max_examples=150, deadline=None)
@given(st.lists(turn, max_size=12))
def test_engine_never_raises_and_is_deterministic(turns):
    for e in (ZH_ENGINE, EN_ENGINE):
        first = play(e, turns)
        assert play(e, turns) == first
        assert first[2] is not None  # every call ends with a reason


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet, max_size=40))
def test_normalization_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
