"""Structural validation: the references and shapes a script needs in order to run at all.
These are the checks of `callscript validate` (lint adds graph, keyword and compliance checks)."""
from __future__ import annotations

from typing import Any, Optional

from designer.engine.matcher import KeywordError, parse_keyword
from designer.model import Problem, Script
from designer.model.calendar import parse_hours_range
from designer.model.messages import Msg, Seq


class _Collector:
    def __init__(self, script: Script):
        self.script = script
        self.file = script.source.file or (script.path or "")
        self.problems: list[Problem] = []

    def add(self, severity: str, msg: Msg, path: tuple, node: Optional[str] = None) -> None:
        line, col = self.script.source.position_of(*path)
        self.problems.append(Problem.of(severity, msg, self.file, line, col, node))


def node_path(node_id: str, *rest: Any) -> tuple:
    return ("flow", "nodes", node_id) + rest


def check_structure(script: Script) -> list[Problem]:
    """Every problem that stops the script from running as written (all errors)."""
    c = _Collector(script)
    s = script
    if not s.nodes:
        c.add("error", Msg("E-NO-NODES"), ("flow", "nodes"))
    if not s.start:
        c.add("error", Msg("E-NO-START"), ("flow", "start"))
    elif s.start not in s.nodes:
        c.add("error", Msg("E-START-MISSING", start=s.start), ("flow", "start"))
    if s.limits.on_limit and s.limits.on_limit not in s.nodes:
        c.add("error", Msg("E-DANGLING-GOTO.on_limit", target=s.limits.on_limit),
              ("limits", "on_limit"))
    for nid, node in s.nodes.items():
        _check_node(c, nid, node)
    for i, entry in enumerate(s.faq):
        p = ("faq", i)
        if entry.intent not in s.intents:
            c.add("error", Msg("E-UNKNOWN-INTENT.faq", entry=i + 1, intent=entry.intent),
                  p + ("intent",))
        if entry.goto and entry.goto not in s.nodes:
            c.add("error", Msg("E-DANGLING-GOTO.faq", entry=i + 1, target=entry.goto),
                  p + ("goto",))
        if not entry.reply.strip():
            c.add("error", Msg("E-EMPTY-REPLY", entry=i + 1), p + ("reply",))
    for iid, intent in s.intents.items():
        for k, kw in enumerate(intent.keywords):
            try:
                parse_keyword(iid, k, kw)
            except KeywordError as exc:
                c.add("error", _bad_regex(iid, kw, str(exc)), ("intents", iid, "keywords", k))
    for i, rule in enumerate(s.grading.rules):
        w = rule.when
        p = ("grading", "rules", i, "when")
        for nid in w.reached_any + w.reached_all:
            if nid not in s.nodes:
                c.add("error", Msg("E-DANGLING-GOTO.grading", grade=rule.grade, target=nid), p)
        for iid in w.intents_any + w.intents_all:
            if iid not in s.intents:
                c.add("error", Msg("E-UNKNOWN-INTENT.grading", grade=rule.grade, intent=iid), p)
    if s.calling_window is not None:
        for i, h in enumerate(s.calling_window.hours):
            if parse_hours_range(h) is None:
                c.add("error", Msg("E-VALUE.calling_hours", hours=h),
                      ("calling_window", "hours", i))
    _check_next_cycles(c)
    return sorted(c.problems, key=lambda p: (p.line or 0, p.column or 0))


def _bad_regex(intent: str, keyword: str, why: str) -> Msg:
    """E-BAD-REGEX from the engine's KeywordError text ("pattern 'x' does not compile: ...",
    English): the compiler's own words stay as they are, the sentence around them is ours."""
    head = f"pattern {keyword[3:]!r} does not compile: "
    if keyword.startswith("re:") and why.startswith(head):
        return Msg("E-BAD-REGEX", intent=intent, keyword=keyword, pattern=keyword[3:],
                   error=why[len(head):])
    return Msg("E-BAD-REGEX.other", intent=intent, keyword=keyword, detail=why)


def _check_node(c: _Collector, nid: str, node) -> None:
    s = c.script
    p = node_path(nid)
    if not node.say.strip():
        c.add("error", Msg("E-EMPTY-SAY", node=nid), p, nid)
    kinds = [k for k, v in (("branches", bool(node.branches)), ("next", node.next is not None),
                            ("end", node.end is not None)) if v]
    if len(kinds) > 1:
        c.add("error", Msg("E-NODE-KIND", node=nid, kinds=Seq(kinds, "_join.and")), p, nid)
    for i, br in enumerate(node.branches):
        if br.intent not in s.intents:
            c.add("error", Msg("E-UNKNOWN-INTENT.branch", node=nid, branch=i + 1,
                               intent=br.intent), p + ("branches", i, "intent"), nid)
        if br.goto not in s.nodes:
            c.add("error", Msg("E-DANGLING-GOTO.branch", node=nid, branch=i + 1,
                               target=br.goto), p + ("branches", i, "goto"), nid)
    if node.next is not None and node.next not in s.nodes:
        c.add("error", Msg("E-DANGLING-GOTO.next", node=nid, target=node.next), p + ("next",),
              nid)
    for kind in ("no_match", "no_input"):
        h = getattr(node, kind)
        if h is not None and h.then and h.then not in s.nodes:
            c.add("error", Msg("E-DANGLING-GOTO.handler", node=nid, handler=kind,
                               target=h.then), p + (kind, "then"), nid)
    if node.end == "transfer" and not node.transfer_to:
        c.add("error", Msg("E-TRANSFER-TARGET", node=nid), p + ("end",), nid)
    if node.end != "transfer" and (node.transfer_to or node.transfer_fallback):
        c.add("error", Msg("E-TRANSFER-TARGET.not_transfer", node=nid), p, nid)


def _check_next_cycles(c: _Collector) -> None:
    """A loop made only of `next` arrows would make the robot talk forever."""
    s = c.script
    state: dict[str, int] = {}
    for start in s.nodes:
        chain, nid = [], start
        while nid in s.nodes and state.get(nid) is None:
            state[nid] = 1
            chain.append(nid)
            nid = s.nodes[nid].next
        if nid in s.nodes and state.get(nid) == 1 and nid in chain:
            loop = chain[chain.index(nid):]
            c.add("error", Msg("E-NEXT-LOOP", loop=" -> ".join(loop + [nid])),
                  node_path(nid, "next"), nid)
        for n in chain:
            state[n] = 2
