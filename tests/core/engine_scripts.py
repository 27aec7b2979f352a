"""Small scripts for engine tests, built from YAML text so they read like real scripts."""
from designer.engine import Engine
from designer.formats.script_yaml import parse_script

ZH = """
callscript: 1
name: 规则测试
language: zh-CN
limits: {max_turns: 8, max_refusals: 1, max_no_match: 2, max_no_input: 1, on_limit: bye}
variables:
  name: {label: 称呼, example: 王先生}
intents:
  need:    {label: 需要, keywords: [需要, 可以, 好的]}
  refuse:  {label: 拒绝, kind: refusal, keywords: [不需要, 没兴趣, 不用]}
  stop:    {label: 别再打, kind: opt_out, keywords: [别再打, 不要再打, 投诉]}
  robot:   {label: 机器人, kind: robot_question, keywords: [机器人, 真人]}
  price:   {label: 价格, keywords: [多少钱, 价格, "贵&不贵"], exclude: [不问价格]}
  later:   {label: 以后, keywords: ["re:(明|后)天再说"]}
  visit:   {label: 看房, keywords: [看房]}
  bye_now: {label: 挂了, keywords: [先挂了]}
flow:
  start: hello
  nodes:
    hello:
      say: 您好{name}，我是安居地产的AI助手，您还需要看房吗？
      branches:
        - {intent: need, goto: offer}
        - {intent: later, goto: bye}
      no_match: {reply: 没听清，您还需要吗？}
      no_input: {reply: 喂，您好？}
    offer:
      say: 新房源很好，要约吗？
      branches:
        - {intent: refuse, goto: retain}
        - {intent: need, goto: booked}
      no_match: {then: bye}
    retain:
      say: 就占您一分钟，真的不考虑吗？
      branches:
        - {intent: need, goto: booked}
    booked:
      say: 好的，
      next: booked_end
    booked_end:
      say: 顾问会联系您，再见。
      end: hangup
    agent:
      say: 为您转人工。
      end: transfer
      transfer_to: sales
      transfer_fallback: 人工坐席忙，稍后回电。
    bye:
      say: 不打扰了，再见。
      end: hangup
faq:
  - {intent: price, reply: 均价一万三。}
  - {intent: robot, reply: 我是AI语音助手，不是真人。}
  - {intent: visit, reply: 帮您转人工约看房。, goto: agent}
  - {intent: bye_now, reply: 好的再见。, then: hangup}
grading:
  default: D
  rules:
    - {grade: A, label: 约上了, when: {reached_any: [booked_end]}}
    - {grade: B, label: 问过价, when: {intents_any: [price], max_refusals: 0}}
    - {grade: E, label: 投诉, when: {end_reason: opt_out}}
"""

EN = """
callscript: 1
name: rules
language: en-US
limits: {max_turns: 6, max_refusals: 0, max_no_match: 1, max_no_input: 1}
intents:
  yes:   {label: Yes, keywords: ["yes", "sure", "ok"]}
  no:    {label: No, kind: refusal, keywords: ["no", "not interested"]}
  stop:  {label: Stop, kind: opt_out, keywords: ["stop calling", "do not call"]}
  know:  {label: Know, keywords: ["i know"]}
flow:
  start: ask
  nodes:
    ask:
      say: Hi, this is Acme's automated assistant. Is now a good time?
      branches:
        - {intent: yes, goto: done}
        - {intent: know, goto: done}
    done:
      say: Great, goodbye.
      end: hangup
"""


def engine(text: str = ZH) -> Engine:
    return Engine(parse_script(text, "test.yaml"))


def run(text: str, *turns: str, variables=None):
    call = engine(text).start(variables)
    for t in turns:
        call.utter(t)
    return call
