"""Compliance: each rule of the policies, failing and passing, with its citation; policies as
data files; the baseline when no policy is chosen."""
from __future__ import annotations

import pytest

from designer.analysis.compliance import check_compliance
from designer.analysis.policies import (
    BASELINE, POLICY_DIR, PolicyError, available_policies, load_policy, parse_policy,
)
from designer.formats.script_yaml import parse_script
from tests.core.test_lint import GOOD_EN, GOOD_ZH, edit, line_of


def check(text: str, policies=()) -> list:
    return check_compliance(parse_script(text, "c.yaml"), policies)


def found(problems, code):
    return [p for p in problems if p.code == code]


def only(text: str, code: str, policies=()):
    (p,) = found(check(text, policies), code)
    return p


@pytest.mark.parametrize("text, policy", [(GOOD_ZH, "cn"), (GOOD_ZH, "us"), (GOOD_EN, "us"),
                                          (GOOD_EN, "uk"), (GOOD_ZH, None), (GOOD_EN, None)])
def test_good_scripts_pass(text, policy):
    text = text.replace("To stop these calls", "You have the right to object. To stop these calls")
    assert check(text, [policy] if policy else []) == []


# ---- 1. AI disclosure and identification in the opening -------------------------------------
def test_opening_without_ai_disclosure_is_an_error_citing_the_rule():
    text = edit(GOOD_ZH, "的AI语音助手", "的语音助手")
    p = only(text, "C-AI-DISCLOSURE", ["cn"])
    assert p.severity == "error" and p.node == "hello" and p.line == line_of(text, "say: 您好")
    assert "人工智能生成合成内容标识办法" in p.message and "GB 45438-2025" in p.message


def test_cn_wants_ai_or_rengongzhineng_where_the_baseline_accepts_a_robot_word():
    text = edit(GOOD_ZH, "的AI语音助手", "的智能语音机器人")
    assert found(check(text), "C-AI-DISCLOSURE") == []  # baseline: 机器人 is enough
    assert only(text, "C-AI-DISCLOSURE", ["cn"]).severity == "error"
    assert found(check(edit(GOOD_ZH, "的AI语音助手", "的人工智能助手"), ["cn"]), "C-AI-DISCLOSURE") == []


def test_disclosure_after_the_first_question_is_too_late():
    text = edit(GOOD_ZH, "您好{name}，我是安居地产有限公司的AI语音助手。", "您好{name}，您还好吗？我是安居地产有限公司的AI语音助手。")
    p = only(text, "C-AI-DISCLOSURE", ["cn"])
    assert "only after its first question" in p.message
    assert "only after its first question" in only(text, "C-IDENTIFY", ["cn"]).message


def test_without_a_policy_the_disclosure_is_a_warning():
    text = edit(GOOD_ZH, "的AI语音助手", "的助手")
    p = only(text, "C-AI-DISCLOSURE")
    assert p.severity == "warning" and "baseline" in p.message


def test_ai_must_be_a_word_not_letters_inside_one():
    text = edit(GOOD_EN, "this is the AI assistant of", "this is Said, the assistant of")
    assert only(text, "C-AI-DISCLOSURE", ["us"]).severity == "error"


def test_disclosure_may_come_from_the_next_chain_before_the_first_listening_node():
    text = edit(GOOD_ZH, "    hello:\n      say: 您好{name}，我是安居地产有限公司的AI语音助手。",
                "    hi:\n      say: 您好{name}，我是安居地产有限公司的AI语音助手。\n      next: hello\n"
                "    hello:\n      say: ")
    text = edit(text, "start: hello", "start: hi")
    assert check(text, ["cn"]) == []


def test_opening_must_name_the_legal_name():
    text = edit(GOOD_ZH, "我是安居地产有限公司的", "我是安居的")
    p = only(text, "C-IDENTIFY", ["us"])
    assert "'安居地产有限公司'" in p.message and "64.1200(b)(1)" in p.message
    text = edit(GOOD_ZH, "  legal_name: 安居地产有限公司\n", "")
    p = only(text, "C-IDENTIFY", ["cn"])
    assert "legal_name is not declared" in p.message and p.line == line_of(text, "business:")


# ---- 2. opt-out -----------------------------------------------------------------------------
def test_missing_opt_out_intent_is_an_error():
    text = edit(GOOD_ZH, "  stop: {kind: opt_out, keywords: [别再打, 不要再打]}\n", "")
    text = edit(text, "  - {intent: stop, reply: 好的，已为您登记，以后不会再打扰您。, then: hangup}\n", "")
    assert only(text, "C-OPT-OUT-INTENT", ["cn"]).severity == "error"


def test_opening_must_say_how_to_opt_out():
    text = edit(GOOD_ZH, "不想再接到电话可以直接说“别再打了”。", "")
    p = only(text, "C-OPT-OUT-NOTICE", ["us"])
    assert "'别再打'" in p.message and "64.1200(b)(3)" in p.message
    # a phrase of the policy is enough even without a keyword of the intent
    ok = edit(GOOD_ZH, "不想再接到电话可以直接说“别再打了”。", "如果不想再接到我们的电话，请直接告诉我。")
    assert found(check(ok, ["cn"]), "C-OPT-OUT-NOTICE") == []


def test_opt_out_reply_must_confirm_and_not_ask_anything():
    asks = edit(GOOD_ZH, "好的，已为您登记，以后不会再打扰您。", "好的，已为您登记，以后不会再打扰您。您确定吗？")
    assert "asks a question" in only(asks, "C-OPT-OUT-REPLY", ["cn"]).message
    vague = edit(GOOD_EN, "Understood, we won't call you again. Goodbye.", "Okay. Goodbye.")
    p = only(vague, "C-OPT-OUT-REPLY", ["us"])
    assert "does not confirm" in p.message and p.line == line_of(vague, "Okay. Goodbye.")


def test_no_opt_out_faq_entry_uses_the_built_in_confirmation():
    text = edit(GOOD_ZH, "  - {intent: stop, reply: 好的，已为您登记，以后不会再打扰您。, then: hangup}\n", "")
    assert found(check(text, ["cn"]), "C-OPT-OUT-REPLY") == []


# ---- 3. "are you a robot?" and impersonation ------------------------------------------------
def test_robot_question_needs_an_intent_and_an_answer():
    text = edit(GOOD_ZH, "  robot: {kind: robot_question, keywords: [机器人, 真人]}\n", "")
    text = edit(text, "  - {intent: robot, reply: 我是AI语音助手，不是真人。}\n", "")
    assert "no intent of kind robot_question" in only(text, "C-ROBOT-ANSWER", ["cn"]).message
    text = edit(GOOD_ZH, "  - {intent: robot, reply: 我是AI语音助手，不是真人。}\n", "")
    assert "has no answer" in only(text, "C-ROBOT-ANSWER", ["cn"]).message


@pytest.mark.parametrize("reply, ok", [
    ("我是AI语音助手。", True),
    ("不是真人哦，有事您说。", True),  # 不是真人 is the truth
    ("我是小王，请问有什么可以帮您？", False),
    ("我是安居地产的客服。", False),
])
def test_robot_answer_must_say_it_is_an_ai(reply, ok):
    text = edit(GOOD_ZH, "reply: 我是AI语音助手，不是真人。", f"reply: {reply}")
    assert (found(check(text, ["cn"]), "C-ROBOT-ANSWER") == []) == ok


def test_robot_question_answered_by_a_branch_checks_the_target_node():
    text = edit(GOOD_ZH, "        - {intent: refuse, goto: bye}",
                "        - {intent: refuse, goto: bye}\n        - {intent: robot, goto: human}")
    text = edit(text, "    bye:\n", "    human:\n      say: 您好，我是客服小李。\n      end: hangup\n    bye:\n")
    p = only(text, "C-ROBOT-ANSWER", ["cn"])
    assert p.node == "human" and "客服小李" in p.message


@pytest.mark.parametrize("line, bad", [
    ("我是真人客服，您放心。", True),
    ("我不是机器人，是专属顾问。", True),
    ("我不是真人，是AI助手。", False),
    ("需要的话可以为您转接人工客服。", False),
])
def test_impersonation_in_any_prompt_is_an_error_even_without_a_policy(line, bad):
    text = edit(GOOD_ZH, "reply: 不好意思没听清，您最近还看房吗？", f"reply: {line}")
    problems = found(check(text), "C-IMPERSONATION")
    assert bool(problems) == bad
    if bad:
        assert problems[0].severity == "error" and problems[0].node == "hello"
        assert problems[0].line == line_of(text, line)


@pytest.mark.parametrize("line, bad", [
    ("I'm a real person, not a machine.", True),
    ("I am not a robot.", True),
    ("I'm not a real person; I'm an AI assistant.", False),
    ("Would you like to talk to a real person?", False),
])
def test_impersonation_in_english(line, bad):
    text = edit(GOOD_EN, "reply: \"I'm an AI assistant, not a real person.\"", f"reply: \"{line}\"")
    assert bool(found(check(text, ["us"]), "C-IMPERSONATION")) == bad


# ---- 4. refusals ----------------------------------------------------------------------------
def test_more_than_one_refusal_breaks_cn_and_is_a_warning_under_us():
    text = edit(GOOD_ZH, "max_refusals: 1", "max_refusals: 2")
    p = only(text, "C-MAX-REFUSALS", ["cn"])
    assert p.severity == "error" and "第二十四条" in p.message
    assert p.line == line_of(text, "max_refusals")
    assert only(text, "C-MAX-REFUSALS", ["us"]).severity == "warning"  # us: baseline only
    assert found(check(edit(GOOD_ZH, "max_refusals: 1", "max_refusals: 0"), ["cn"]),
                 "C-MAX-REFUSALS") == []


def test_a_refusal_intent_is_required():
    text = edit(GOOD_ZH, "  refuse: {kind: refusal, keywords: [没兴趣, 不用了]}\n",
                "  refuse: {keywords: [没兴趣, 不用了]}\n")
    assert only(text, "C-REFUSAL-INTENT", ["cn"]).severity == "error"


# ---- 5. calling window ----------------------------------------------------------------------
def test_missing_window_and_timezone():
    text = edit(GOOD_ZH, 'calling_window: {timezone: Asia/Shanghai, days: [mon, tue], hours: ["09:00-12:00", "14:00-20:00"]}\n', "")
    assert "no calling_window" in only(text, "C-CALLING-WINDOW", ["cn"]).message
    text = edit(GOOD_ZH, "timezone: Asia/Shanghai, ", "")
    assert "no timezone" in only(text, "C-CALLING-WINDOW", ["us"]).message
    text = edit(GOOD_ZH, "timezone: Asia/Shanghai", "timezone: Mars/Olympus")
    assert "not a known time zone" in only(text, "C-CALLING-WINDOW", ["cn"]).message


def test_lunch_hours_break_cn_but_not_us():
    text = edit(GOOD_ZH, '"09:00-12:00", "14:00-20:00"', '"09:00-20:00"')
    p = only(text, "C-CALLING-WINDOW", ["cn"])
    assert "overlap 12:00-14:00" in p.message and p.line == line_of(text, "calling_window")
    assert found(check(text, ["us"]), "C-CALLING-WINDOW") == []


@pytest.mark.parametrize("hours, policy, why", [
    ("08:00-12:00", "cn", "start before 09:00"),
    ("07:30-12:00", "us", "start before 08:00"),
    ("14:00-21:30", "us", "end after 21:00"),
])
def test_hours_outside_the_policy(hours, policy, why):
    text = edit(GOOD_ZH, '"09:00-12:00", "14:00-20:00"', f'"{hours}"')
    assert why in only(text, "C-CALLING-WINDOW", [policy]).message


# ---- 6. callback number ---------------------------------------------------------------------
def test_callback_number_must_be_declared_and_said():
    text = edit(GOOD_EN, "  callback_number: (617) 555-0142\n", "")
    assert "not declared" in only(text, "C-CALLBACK-NUMBER", ["us"]).message
    text = GOOD_EN.replace("617-555-0142", "our office")
    p = only(text, "C-CALLBACK-NUMBER", ["us"])
    assert "never said" in p.message and "64.1200(b)(2)" in p.message
    assert p.line == line_of(text, "callback_number")


def test_callback_number_compares_digits_only():
    # declared "(617) 555-0142", said "617-555-0142": the same number
    assert found(check(GOOD_EN, ["us"]), "C-CALLBACK-NUMBER") == []
    spoken = GOOD_ZH.replace("有问题请拨打400-000-0000", "有问题请拨打四零零，零零零，零零零零")
    assert found(check(spoken, ["us"]), "C-CALLBACK-NUMBER") == []


# ---- 7. consent -----------------------------------------------------------------------------
def test_consent_must_be_declared_with_basis_and_source():
    text = edit(GOOD_ZH, "  consent: {basis: prior_consent, source: 官网预约表单}\n", "")
    assert "not declared" in only(text, "C-CONSENT", ["cn"]).message
    text = edit(GOOD_ZH, "source: 官网预约表单}", "source: ''}")
    assert "no source" in only(text, "C-CONSENT", ["cn"]).message


@pytest.mark.parametrize("basis, policy", [
    ("established_business_relationship", "us"),
    ("Legitimate interest", "eu"),
    ("existing_customer", "uk"),
])
def test_consent_basis_a_policy_rejects(basis, policy):
    text = edit(GOOD_EN, "basis: prior_express_consent", f"basis: {basis}")
    p = only(text, "C-CONSENT", [policy])
    assert "is not enough" in p.message and p.severity == "error"


# ---- 8. EU/UK: number source and right to object --------------------------------------------
def test_eu_wants_the_number_source_and_the_right_to_object():
    text = edit(GOOD_EN, "  number_source: the patient's intake form\n", "")
    problems = check(text, ["eu"])
    assert sorted(p.code for p in problems) == ["C-NUMBER-SOURCE", "C-RIGHT-TO-OBJECT"]
    assert "Art. 21(4)" in found(problems, "C-RIGHT-TO-OBJECT")[0].message
    said = edit(text, "To stop these calls", "You have the right to object to these calls. To stop them")
    assert found(check(said, ["eu"]), "C-RIGHT-TO-OBJECT") == []
    assert found(check(text, ["us"]), "C-RIGHT-TO-OBJECT") == []  # not a US rule


# ---- 9. transfer fallback -------------------------------------------------------------------
def test_transfer_without_fallback():
    text = edit(GOOD_EN, "      transfer_fallback: Sorry, nobody is free. Please call 617-555-0142. Goodbye.\n", "")
    p = only(text, "C-TRANSFER-FALLBACK", ["us"])
    assert p.severity == "error" and p.node == "desk" and "64.1200(a)(7)" in p.message
    assert only(text, "C-TRANSFER-FALLBACK", ["cn"]).severity == "warning"  # baseline


# ---- policies as data -----------------------------------------------------------------------
def test_one_finding_under_two_policies_is_one_problem_citing_both():
    text = edit(GOOD_ZH, "的AI语音助手", "的语音助手")
    p = only(text, "C-AI-DISCLOSURE", ["cn", "eu"])
    assert "[cn: " in p.message and "; eu: " in p.message and "Art. 50" in p.message


def test_shipped_policies_load():
    assert {"cn", "us", "eu", "uk"} <= set(available_policies())
    for name in available_policies() + [BASELINE]:
        policy = load_policy(name)
        assert policy.rules and all(r.source for r in policy.rules)


def test_a_chinese_script_under_a_policy_without_chinese_words_uses_the_baseline_words():
    text = GOOD_ZH.replace("不想再接到电话可以直接说“别再打了”。",
                           "不想再接到电话可以直接说“别再打了”，您也有权拒绝接收此类电话。")
    assert check(text, ["uk"]) == []


def test_a_new_jurisdiction_is_a_data_file():
    data = {
        "callscript_policy": 1, "id": "xx", "name": "Example",
        "rules": {"calling_hours": {"earliest": "10:00", "latest": "18:00",
                                    "forbidden_days": ["sat"], "source": "Example Act s. 1"}},
    }
    policy = parse_policy(data, "xx")
    problems = check_compliance(parse_script(GOOD_ZH), [policy])
    messages = [p.message for p in found(problems, "C-CALLING-WINDOW")]
    assert len(messages) == 2 and "start before 10:00" in messages[0]
    assert "end after 18:00" in messages[1] and "Example Act s. 1" in messages[0]
    data["rules"]["calling_hours"]["forbidden_days"] = ["tue"]
    problems = check_compliance(parse_script(GOOD_ZH), [parse_policy(data, "xx")])
    assert any("days include tue" in p.message for p in problems)


@pytest.mark.parametrize("rules, why", [
    ({"telepathy": {"source": "x"}}, "unknown rule type"),
    ({"refusals": {"max": 1}}, "needs `source`"),
    ({"opt_out": {"notice_phrases": [False], "source": "x"}}, "quoted texts"),  # an unquoted `no`
    ({"calling_hours": {"earliest": "9am", "source": "x"}}, "09:00"),
    ({"refusals": {"maximum": 1, "source": "x"}}, "unknown key"),
])
def test_bad_policy_data_is_a_clear_error(rules, why):
    with pytest.raises(PolicyError, match=why):
        parse_policy({"callscript_policy": 1, "rules": rules}, "bad")


def test_policy_names_cannot_leave_the_policy_folder():
    with pytest.raises(PolicyError):
        load_policy("../cn")
    with pytest.raises(PolicyError, match="unknown policy"):
        load_policy("nowhere", POLICY_DIR)
