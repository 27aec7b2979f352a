"""sellbot intention rules -> callscript grading rules.

A sellbot rule's `expression` is an expr-lang expression over the call's status. It is never
evaluated: only `&&` of simple terms is read, each term one of

    status.PassedDomain("X")             -> reached_all: [node of X]
    status.ConversationCount >= N  (> N) -> min_turns: N (N + 1)
    status.RefusedCount >= 1       (> 0) -> intents_any: [the refusal intents]
    status.RefusedCount == 0  (< 1, <= N, < N) -> max_refusals: 0 (N, N - 1)

Anything else (||, !, other status fields, function calls) leaves the rule out, listed.
sellbot reports every rule that holds; callscript takes the first that holds, so a rule that
is strictly more specific than an earlier one is moved before it (and that is listed too).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Optional

from designer.model import Condition, Grading, GradingRule

_PASSED = re.compile(r'^status\.PassedDomain\(\s*"((?:[^"\\]|\\.)*)"\s*\)$')
_COMPARE = re.compile(r"^status\.(\w+)\s*(>=|<=|==|>|<)\s*(\d+)$")


def _strip_parens(term: str) -> str:
    term = term.strip()
    while term.startswith("(") and term.endswith(")") and _balanced(term[1:-1]):
        term = term[1:-1].strip()
    return term


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_expression(expr: str, node_of: Callable[[str], Optional[str]],
                     refusal_intents: list[str]) -> tuple[Optional[Condition], str]:
    """(condition, why): the condition, or None with why it cannot be mapped."""
    if "||" in expr or re.search(r"(^|[^=!<>])!(?!=)", expr):
        return None, "uses || or ! (only && of simple terms is mapped)"
    fields: dict = {"reached_all": [], "intents_any": [], "min_turns": None,
                    "max_refusals": None}
    for raw in expr.split("&&"):
        term = _strip_parens(raw)
        why = _term(term, fields, node_of, refusal_intents)
        if why:
            return None, why
    return Condition(reached_all=tuple(dict.fromkeys(fields["reached_all"])),
                     intents_any=tuple(fields["intents_any"]), min_turns=fields["min_turns"],
                     max_refusals=fields["max_refusals"]), ""


def _term(term: str, f: dict, node_of, refusal_intents: list[str]) -> str:
    m = _PASSED.match(term)
    if m:
        node = node_of(m.group(1))
        if node is None:
            return f"names domain {m.group(1)!r}, which did not become a node"
        f["reached_all"].append(node)
        return ""
    m = _COMPARE.match(term)
    if not m:
        return f"term {term!r} is not a simple comparison"
    name, op, n = m.group(1), m.group(2), int(m.group(3))
    if name == "ConversationCount" and op in (">=", ">"):
        f["min_turns"] = max(f["min_turns"] or 0, n + (op == ">"))
        return ""
    if name == "RefusedCount":
        if (op, n) in ((">=", 1), (">", 0)):
            if not refusal_intents:
                return "counts refusals, but the script has no refusal intent"
            f["intents_any"] = list(refusal_intents)
            return ""
        limit = {"==": n if n == 0 else None, "<=": n, "<": n - 1}.get(op)
        if limit is not None and limit >= 0:
            f["max_refusals"] = limit if f["max_refusals"] is None else min(limit,
                                                                            f["max_refusals"])
            return ""
    return f"term {term!r} has no callscript grading condition"


def implies(a: Condition, b: Condition) -> bool:
    """Whenever a holds, b holds (for the fields this importer writes)."""
    if not set(a.reached_all).issuperset(b.reached_all):
        return False
    if b.min_turns is not None and (a.min_turns or 0) < b.min_turns:
        return False
    if b.intents_any and not (a.intents_any and set(a.intents_any) <= set(b.intents_any)):
        return False
    if b.max_refusals is not None and (a.max_refusals is None or a.max_refusals > b.max_refusals):
        return False
    return True


def order_rules(rules: list[GradingRule], notes: list[str]) -> list[GradingRule]:
    """Put each rule before the first earlier rule it strictly refines (first-match wins)."""
    placed: list[GradingRule] = []
    for rule in rules:
        at = next((i for i, p in enumerate(placed)
                   if p.grade != rule.grade and implies(rule.when, p.when)
                   and not implies(p.when, rule.when)), None)
        if at is None:
            placed.append(rule)
        else:
            notes.append(f"intention {rule.grade} ({rule.label}) moved before "
                         f"{placed[at].grade} ({placed[at].label}): it is more specific, and "
                         "callscript grades by the first rule that holds where sellbot lists "
                         "every rule that holds")
            placed.insert(at, rule)
    return placed


def import_intentions(data: dict, node_of: Callable[[str], Optional[str]],
                      refusal_intents: list[str], notes: list[str]) -> Grading:
    default = str(data.get("defaultIntention") or "D")
    rules: list[GradingRule] = []
    raw_rules = data.get("intentionRules") or []
    if not isinstance(raw_rules, list):
        notes.append("intentions.intentionRules is not a list: not mapped")
        raw_rules = []
    for i, raw in enumerate(raw_rules):
        if not isinstance(raw, dict) or not str(raw.get("code") or "").strip():
            notes.append(f"intention rule {i + 1} has no code: not mapped")
            continue
        code, label = str(raw["code"]).strip(), str(raw.get("displayName") or "")
        expr = str(raw.get("expression") or "").strip()
        if not expr:
            notes.append(f"intention {code} ({label}) has no expression: not mapped")
            continue
        condition, why = parse_expression(expr, node_of, refusal_intents)
        if condition is None:
            notes.append(f"intention {code} ({label}) not mapped: expression {expr!r} {why}")
            continue
        ic = raw.get("intentionCondition")
        if isinstance(ic, dict) and ic.get("enabled"):
            notes.append(f"intention {code} ({label}): its intentionCondition (at domain "
                         f"{ic.get('domainName')!r}, keywords "
                         f"{_keyword_list(ic.get('keywords'))}) is not mapped: the rule now "
                         "holds without it")
        rules.append(GradingRule(grade=code, label=label, when=condition))
    return dataclasses.replace(Grading(), default=default, rules=tuple(order_rules(rules, notes)))


def _keyword_list(keywords) -> str:
    from designer.formats.importers.sellbot import _list, _words

    if not isinstance(keywords, dict):
        return "[]"
    words = _words(keywords.get("simple"))
    words += ["&".join(_words(c)) for c in _list(keywords.get("combination")) if _words(c)]
    words += [f"={w}" for w in _words(keywords.get("exact"))]
    return "[" + ", ".join(words) + "]"
