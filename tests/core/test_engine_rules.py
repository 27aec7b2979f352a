"""DESIGN.md section 2, rule by rule, in Chinese and English."""
import pytest

from designer.engine import normalize
from tests.core.engine_scripts import EN, ZH, engine, run


def said(call) -> list[str]:
    return [line.text for line in call.result.transcript if line.speaker == "robot"]


# ---- 1. normalization -------------------------------------------------------------------
@pytest.mark.parametrize("raw, norm", [
    ("我不需要！", "我不需要"),
    ("費用多少錢？", "费用多少钱"),  # traditional -> simplified
    ("ＮＯ，ｔｈａｎｋｓ", "no thanks"),  # full-width -> half-width, case-folded
    ("  Not   interested!! ", "not interested"),
    ("5G 套餐", "5g套餐"),
    ("没什么问题，什麼都行", "没什么问题什么都行"),  # 么 stays 么 (not the variant 幺)
    ("綫路", "线路"),  # a regional variant reaches the simplified form
    ("", ""),
])
def test_normalize(raw, norm):
    assert normalize(raw) == norm


def test_traditional_utterance_matches_simplified_keyword():
    call = run(ZH, "好的", "不需要了，謝謝")  # 不需要 written as said in Taiwan/HK text
    assert call.node == "retain"


def test_full_width_utterance_matches():
    call = run(EN, "ＳＵＲＥ！")
    assert call.result.path == ["ask", "done"]


def test_english_keywords_match_whole_words_only():
    call = run(EN, "I know")  # "no" must not fire inside "know"
    assert call.result.turns[0].decision.intent == "know"
    assert call.result.counters["refusals"] == 0


# ---- 2. occurrences, containment, exclude -----------------------------------------------
def test_longer_keyword_of_another_intent_wins_inside_it():
    ev, d = engine().match("offer", "我不需要")
    assert "need" not in ev.hits  # 需要 lies inside 不需要
    assert d.intent == "refuse" and d.keyword == "不需要"
    assert any(x.intent == "need" and x.by_intent == "refuse" for x in ev.dropped)


def test_same_intent_keywords_do_not_drop_each_other_and_both_intents_can_hit():
    ev, _ = engine().match("offer", "可以，但是不需要")
    assert set(ev.hits) >= {"need", "refuse"}


def test_exclude_phrase_drops_the_intent():
    ev, d = engine().match("hello", "我不问价格，需要看看")
    assert "price" not in ev.hits and ("price", "不问价格") in ev.excluded
    assert d.intent == "need"


def test_all_parts_keyword_needs_every_part_in_any_order():
    assert engine().match("hello", "这个贵吗")[1].kind == "no_match"  # only one part
    ev, d = engine().match("hello", "到底贵不贵")
    assert d.kind == "faq" and d.intent == "price" and ev.hits["price"].keyword == "贵&不贵"


def test_regex_keyword():
    call = run(ZH, "那我明天再说吧")
    assert call.result.turns[0].decision.intent == "later" and call.ended


# ---- 3. choice order ---------------------------------------------------------------------
def test_opt_out_beats_a_branch_in_the_same_utterance():
    d = engine().match("hello", "好的，但是别再打了")[1]
    assert d.kind == "opt_out"


def test_branch_beats_faq_and_faq_beats_refusal_fallback():
    e = engine()
    assert e.match("hello", "可以，多少钱")[1].kind == "branch"
    assert e.match("retain", "不用，多少钱")[1].kind == "faq"  # retain has no refusal branch
    assert e.match("retain", "不用")[1].kind == "refusal"


def test_first_listed_branch_wins():
    d = engine().match("offer", "好的好的")[1]
    assert d.branch == 1 and d.intent == "need"


# ---- 4. opt-out --------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["别再打了", "不要再打电话", "我要投訴你们"])
def test_opt_out_always_ends_the_call_with_do_not_call(text):
    call = run(ZH, "好的", text)
    r = call.result
    assert call.ended and r.end_reason == "opt_out" and r.flags == ["do_not_call"]
    assert r.grade == "E"
    assert call.actions[-1].kind == "hangup"


def test_opt_out_without_faq_entry_says_the_built_in_line():
    call = run(EN, "please STOP CALLING me")
    assert call.result.end_reason == "opt_out"
    assert "not call you again" in said(call)[-1]


# ---- 5. counters and limits ---------------------------------------------------------------
def test_refusal_within_the_limit_follows_its_branch():
    call = run(ZH, "好的", "没兴趣")
    assert call.node == "retain" and call.result.counters["refusals"] == 1


def test_refusal_above_the_limit_goes_to_on_limit_whatever_the_branch_says():
    call = run(ZH, "好的", "没兴趣", "不用了")  # 2nd refusal, max_refusals 1
    r = call.result
    assert r.path[-1] == "bye" and r.end_reason == "limit"


def test_unhandled_refusal_within_limit_reprompts_and_is_not_unanswered():
    call = run(ZH, "不用")  # hello has no refusal branch
    assert call.node == "hello" and said(call)[-1] == "没听清，您还需要吗？"
    assert call.result.unanswered == [] and call.result.counters["refusals"] == 1


def test_max_refusals_zero_ends_at_the_first_refusal():
    call = run(EN, "no")
    assert call.result.end_reason == "limit" and call.ended
    assert "Goodbye" in said(call)[-1]  # built-in goodbye: no on_limit node


def test_no_match_at_the_limit_reprompts_and_above_it_goes_to_on_limit():
    call = run(ZH, "嗯", "啊")  # max_no_match 2: both within
    assert call.node == "hello" and not call.ended
    assert said(call)[-2:] == ["没听清，您还需要吗？"] * 2
    call.utter("哦")  # third: above
    assert call.result.path[-1] == "bye" and call.result.end_reason == "limit"
    assert [u.text for u in call.result.unanswered] == ["嗯", "啊", "哦"]


def test_no_match_handler_then_overrides_on_limit():
    call = run(ZH, "好的", "嗯", "嗯")
    assert call.node == "offer"
    call.utter("嗯")
    assert call.result.path[-1] == "bye"


def test_silence_within_and_above_max_no_input():
    call = run(ZH, "")
    assert call.node == "hello" and said(call)[-1] == "喂，您好？"
    call.silence()  # max_no_input 1: second silence is above
    assert call.result.end_reason == "limit"
    assert call.result.unanswered == []  # silence is not an unanswered question


def test_node_prompt_is_repeated_when_the_handler_has_no_reply():
    call = run(EN, "maybe")
    assert said(call)[-1] == said(call)[0]


def test_turn_above_max_turns_is_not_matched():
    zh = engine(ZH).start()
    for text in ["多少钱", "价格呢", "多少钱啊", "价格", "多少钱", "价格", "多少钱", "价格"]:
        zh.utter(text)  # 8 faq turns, max_turns 8: all answered
    assert not zh.ended and zh.result.counters["turns"] == 8
    zh.utter("好的")  # turn 9 is above max_turns: not matched
    assert zh.result.turns[-1].decision.kind == "turn_limit"
    assert zh.result.end_reason == "limit" and zh.result.path[-1] == "bye"


# ---- 6. faq ------------------------------------------------------------------------------
def test_faq_resume_stays_on_the_node():
    call = run(ZH, "好的", "多少钱")
    assert call.node == "offer" and said(call)[-1] == "均价一万三。"
    call.utter("可以")
    assert call.result.path[-1] == "booked_end"


def test_faq_goto_moves_and_transfer_ends_transferred():
    call = run(ZH, "我想看房")
    r = call.result
    assert r.end_reason == "transferred" and r.transfer_to == "sales"
    assert call.actions[-1].kind == "transfer" and call.actions[-1].target == "sales"
    assert call.actions[-1].text == "人工坐席忙，稍后回电。"


def test_faq_hangup_completes():
    call = run(ZH, "我先挂了")
    assert call.result.end_reason == "completed" and said(call)[-1] == "好的再见。"


def test_robot_question_gets_the_truthful_answer():
    call = run(ZH, "你是机器人吗")
    assert "AI" in said(call)[-1]


# ---- 7/8. variables, result, grading ---------------------------------------------------------
def test_variables_fill_prompts_with_values_or_examples():
    assert said(run(ZH, variables={"name": "李女士"}))[0].startswith("您好李女士")
    assert said(run(ZH))[0].startswith("您好王先生")


def test_next_chain_is_followed_and_completed_grade_a():
    call = run(ZH, "好的", "可以")
    r = call.result
    assert r.path == ["hello", "offer", "booked", "booked_end"]
    assert r.end_reason == "completed" and (r.grade, r.grade_rule) == ("A", "约上了")
    assert [(h.intent, h.keyword) for h in r.intents] == [("need", "好的"), ("need", "可以")]


def test_grading_rule_with_max_refusals():
    call = run(ZH, "多少钱")
    call.hangup()
    assert call.result.end_reason == "customer_hangup"
    assert (call.result.grade, call.result.grade_rule) == ("B", "问过价")


def test_customer_hangup_and_events_after_the_end_are_ignored():
    call = run(ZH)
    call.hangup()
    assert call.utter("好的") == [] and call.result.end_reason == "customer_hangup"
    assert call.result.grade == "D" and call.result.grade_rule == "default"


def test_a_catastrophic_regex_cannot_hang_a_call():
    text = ZH.replace('"re:(明|后)天再说"', '"re:(a|aa)+$"')
    call = run(text, "a" * 40 + "好")
    turn = call.result.turns[0]
    assert turn.decision.kind == "no_match"
    assert turn.evaluation.timed_out == [("later", "re:(a|aa)+$")]
