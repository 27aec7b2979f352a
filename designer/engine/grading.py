"""Grading at the end of a call: the first rule whose conditions all hold gives the grade."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from designer.model import Condition, Grading

if TYPE_CHECKING:
    from designer.engine.results import CallResult


def condition_holds(c: Condition, r: "CallResult") -> bool:
    return _holds(c, r, _Facts(r))


class _Facts:
    """The nodes reached and intents hit by a call, as sets, made when a rule first asks."""

    def __init__(self, r: "CallResult"):
        self._r = r
        self._reached: Optional[set[str]] = None
        self._hit: Optional[set[str]] = None

    @property
    def reached(self) -> set[str]:
        if self._reached is None:
            self._reached = set(self._r.path)
        return self._reached

    @property
    def hit(self) -> set[str]:
        if self._hit is None:
            self._hit = {h.intent for h in self._r.intents}
        return self._hit


def _holds(c: Condition, r: "CallResult", facts: _Facts) -> bool:
    if c.reached_any and facts.reached.isdisjoint(c.reached_any):
        return False
    if c.reached_all and not facts.reached.issuperset(c.reached_all):
        return False
    if c.intents_any and facts.hit.isdisjoint(c.intents_any):
        return False
    if c.intents_all and not facts.hit.issuperset(c.intents_all):
        return False
    if c.min_turns is not None and r.counters.get("turns", 0) < c.min_turns:
        return False
    if c.max_refusals is not None and r.counters.get("refusals", 0) > c.max_refusals:
        return False
    if c.end_reason and r.end_reason not in c.end_reason:
        return False
    return True


def grade_call(grading: Grading, r: "CallResult") -> tuple[str, Optional[str]]:
    facts = _Facts(r)
    for rule in grading.rules:
        if _holds(rule.when, r, facts):
            return rule.grade, rule.label or rule.grade
    return grading.default, "default"
