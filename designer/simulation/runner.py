"""Running test cases against the engine and saying precisely what differed."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from designer.engine import CallSession, Engine
from designer.engine.results import CallResult, TurnRecord
from designer.simulation.cases import Case


@dataclass
class CaseResult:
    case: Case
    failures: list[str] = field(default_factory=list)
    result: Optional[CallResult] = None

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self) -> dict:
        return {"name": self.case.name, "passed": self.passed, "failures": list(self.failures)}


def describe_turn(t: TurnRecord) -> str:
    said = "silence" if t.text is None else repr(t.text)
    d = t.decision
    what = {
        "branch": f"matched {d.intent} by {d.keyword!r}, took branch {(d.branch or 0) + 1}",
        "faq": f"answered faq {d.intent} (by {d.keyword!r})",
        "opt_out": f"opt-out {d.intent} by {d.keyword!r}",
        "refusal": f"refusal {d.intent} by {d.keyword!r}",
        "no_match": "no intent matched",
        "no_input": "no input",
        "turn_limit": "over max_turns",
    }.get(d.kind, d.kind)
    if d.limit:
        what += f", {d.limit} limit reached"
    return f"{said} at {t.node}: {what} -> {t.after}"


def run_case(engine: Engine, case: Case) -> CaseResult:
    out = CaseResult(case)
    call = engine.start(case.vars)
    since_user = list(call.actions)
    user_turns = 0
    for number, step in enumerate(case.steps, 1):
        where = f"turn {number}" + (f" (line {step.line})" if step.line else "")
        if step.kind == "user":
            if call.ended:
                out.failures.append(f"{where}: the caller says {step.value!r}, but the call "
                                    f"already ended ({call.result.end_reason} at "
                                    f"{call.result.path[-1] if call.result.path else '?'})")
                break
            since_user = call.utter(step.value)
            user_turns += 1
        elif step.kind == "hangup":
            call.hangup()
        elif step.kind == "expect_node":
            at = call.node
            if at != step.value:
                out.failures.append(f"{where}: expected the robot at {step.value}, but it is at "
                                    f"{at}" + _last(call))
        elif step.kind == "expect_say":
            said = " / ".join(a.text for a in since_user if a.kind == "say")
            if step.value not in said:
                out.failures.append(f"{where}: expected the robot to say {step.value!r}, but it "
                                    f"said {said!r}" + _last(call))
        elif step.kind == "expect_intent":
            last = call.result.turns[-1] if call.result.turns else None
            got = last.decision.intent if last else None
            if got != step.value:
                out.failures.append(f"{where}: expected intent {step.value}, got "
                                    f"{got or 'none'}" + _last(call))
    if not call.ended:
        call.hangup()
    out.result = call.result
    out.failures.extend(check_expect(case, call.result))
    return out


def _last(call: CallSession) -> str:
    turns = call.result.turns
    return f" (last turn: {describe_turn(turns[-1])})" if turns else ""


def check_expect(case: Case, r: CallResult) -> list[str]:
    e, fails = case.expect, []
    if "grade" in e and r.grade != e["grade"]:
        fails.append(f"expect grade {e['grade']}, got {r.grade} (rule: {r.grade_rule})")
    if "end_reason" in e and r.end_reason != e["end_reason"]:
        fails.append(f"expect end_reason {e['end_reason']}, got {r.end_reason} "
                     f"(path {' -> '.join(r.path)})")
    visited = set(r.path)
    missing = [n for n in e.get("reached", []) if n not in visited]
    if missing:
        fails.append(f"expect reached {', '.join(missing)}, but the path was "
                     f"{' -> '.join(r.path)}")
    wrong = [n for n in e.get("not_reached", []) if n in visited]
    if wrong:
        fails.append(f"expect not_reached {', '.join(wrong)}, but the path was "
                     f"{' -> '.join(r.path)}")
    if "flags" in e and sorted(set(e["flags"])) != sorted(set(r.flags)):
        fails.append(f"expect flags {sorted(e['flags'])}, got {sorted(set(r.flags))}")
    if "unanswered" in e and len(r.unanswered) != e["unanswered"]:
        texts = ", ".join(repr(u.text) for u in r.unanswered) or "none"
        fails.append(f"expect {e['unanswered']} unanswered, got {len(r.unanswered)} ({texts})")
    return fails
