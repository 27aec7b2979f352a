"""Grading at the end of a call: the first rule whose conditions all hold gives the grade."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from designer.model import Condition, Grading

if TYPE_CHECKING:
    from designer.engine.results import CallResult


def condition_holds(c: Condition, r: "CallResult") -> bool:
    return _holds(c, r, set(r.path), {h.intent for h in r.intents})


def _holds(c: Condition, r: "CallResult", reached: set[str], hit: set[str]) -> bool:
    if c.reached_any and reached.isdisjoint(c.reached_any):
        return False
    if c.reached_all and not reached.issuperset(c.reached_all):
        return False
    if c.intents_any and hit.isdisjoint(c.intents_any):
        return False
    if c.intents_all and not hit.issuperset(c.intents_all):
        return False
    if c.min_turns is not None and r.counters.get("turns", 0) < c.min_turns:
        return False
    if c.max_refusals is not None and r.counters.get("refusals", 0) > c.max_refusals:
        return False
    if c.end_reason and r.end_reason not in c.end_reason:
        return False
    return True


def grade_call(grading: Grading, r: "CallResult") -> tuple[str, Optional[str]]:
    # the path and the intents hit as sets once per call, not once per rule
    reached, hit = set(r.path), {h.intent for h in r.intents}
    for rule in grading.rules:
        if _holds(rule.when, r, reached, hit):
            return rule.grade, rule.label or rule.grade
    return grading.default, "default"
