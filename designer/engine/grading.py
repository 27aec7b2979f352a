"""Grading at the end of a call: the first rule whose conditions all hold gives the grade."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from designer.model import Condition, Grading

if TYPE_CHECKING:
    from designer.engine.results import CallResult


def condition_holds(c: Condition, r: "CallResult") -> bool:
    reached = set(r.path)
    hit = {h.intent for h in r.intents}
    if c.reached_any and not reached.intersection(c.reached_any):
        return False
    if c.reached_all and not reached.issuperset(c.reached_all):
        return False
    if c.intents_any and not hit.intersection(c.intents_any):
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
    for rule in grading.rules:
        if condition_holds(rule.when, r):
            return rule.grade, rule.label or rule.grade
    return grading.default, "default"
