"""Structural validation: the references and shapes a script needs in order to run at all.
These are the checks of `callscript validate` (lint adds graph, keyword and compliance checks)."""
from __future__ import annotations

from typing import Any, Optional

from designer.engine.matcher import KeywordError, parse_keyword
from designer.model import Problem, Script
from designer.model.calendar import parse_hours_range


class _Collector:
    def __init__(self, script: Script):
        self.script = script
        self.file = script.source.file or (script.path or "")
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, message: str, path: tuple,
            node: Optional[str] = None) -> None:
        line, col = self.script.source.position_of(*path)
        self.problems.append(Problem(severity, code, message, self.file, line, col, node))


def node_path(node_id: str, *rest: Any) -> tuple:
    return ("flow", "nodes", node_id) + rest


def check_structure(script: Script) -> list[Problem]:
    """Every problem that stops the script from running as written (all errors)."""
    c = _Collector(script)
    s = script
    if not s.nodes:
        c.add("error", "E-NO-NODES", "the flow has no nodes", ("flow", "nodes"))
    if not s.start:
        c.add("error", "E-NO-START", "flow.start names no node", ("flow", "start"))
    elif s.start not in s.nodes:
        c.add("error", "E-START-MISSING", f"flow.start is {s.start!r}, but there is no node "
              f"{s.start!r}", ("flow", "start"))
    if s.limits.on_limit and s.limits.on_limit not in s.nodes:
        c.add("error", "E-DANGLING-GOTO", f"limits.on_limit goes to {s.limits.on_limit!r}, "
              "which is not a node", ("limits", "on_limit"))
    for nid, node in s.nodes.items():
        _check_node(c, nid, node)
    for i, entry in enumerate(s.faq):
        p = ("faq", i)
        if entry.intent not in s.intents:
            c.add("error", "E-UNKNOWN-INTENT", f"faq entry {i + 1} answers intent "
                  f"{entry.intent!r}, which is not defined under intents", p + ("intent",))
        if entry.goto and entry.goto not in s.nodes:
            c.add("error", "E-DANGLING-GOTO", f"faq entry {i + 1} goes to {entry.goto!r}, "
                  "which is not a node", p + ("goto",))
        if not entry.reply.strip():
            c.add("error", "E-EMPTY-REPLY", f"faq entry {i + 1} has no reply", p + ("reply",))
    for iid, intent in s.intents.items():
        for k, kw in enumerate(intent.keywords):
            try:
                parse_keyword(iid, k, kw)
            except KeywordError as exc:
                c.add("error", "E-BAD-REGEX", f"intent {iid}: keyword {kw!r}: {exc}",
                      ("intents", iid, "keywords", k))
    for i, rule in enumerate(s.grading.rules):
        w = rule.when
        p = ("grading", "rules", i, "when")
        for nid in w.reached_any + w.reached_all:
            if nid not in s.nodes:
                c.add("error", "E-DANGLING-GOTO", f"grading rule {rule.grade!r} names node "
                      f"{nid!r}, which does not exist", p)
        for iid in w.intents_any + w.intents_all:
            if iid not in s.intents:
                c.add("error", "E-UNKNOWN-INTENT", f"grading rule {rule.grade!r} names intent "
                      f"{iid!r}, which is not defined", p)
    if s.calling_window is not None:
        for i, h in enumerate(s.calling_window.hours):
            if parse_hours_range(h) is None:
                c.add("error", "E-VALUE", f"calling_window hours {h!r} must look like "
                      "\"09:00-12:00\"", ("calling_window", "hours", i))
    _check_next_cycles(c)
    return sorted(c.problems, key=lambda p: (p.line or 0, p.column or 0))


def _check_node(c: _Collector, nid: str, node) -> None:
    s = c.script
    p = node_path(nid)
    if not node.say.strip():
        c.add("error", "E-EMPTY-SAY", f"node {nid} says nothing", p, nid)
    kinds = [k for k, v in (("branches", bool(node.branches)), ("next", node.next is not None),
                            ("end", node.end is not None)) if v]
    if len(kinds) > 1:
        c.add("error", "E-NODE-KIND", f"node {nid} has {' and '.join(kinds)}: a node either "
              "listens (branches), continues (next) or ends (end)", p, nid)
    for i, br in enumerate(node.branches):
        if br.intent not in s.intents:
            c.add("error", "E-UNKNOWN-INTENT", f"node {nid}, branch {i + 1}: intent "
                  f"{br.intent!r} is not defined under intents", p + ("branches", i, "intent"), nid)
        if br.goto not in s.nodes:
            c.add("error", "E-DANGLING-GOTO", f"node {nid}, branch {i + 1} goes to "
                  f"{br.goto!r}, which is not a node", p + ("branches", i, "goto"), nid)
    if node.next is not None and node.next not in s.nodes:
        c.add("error", "E-DANGLING-GOTO", f"node {nid}: next goes to {node.next!r}, which is "
              "not a node", p + ("next",), nid)
    for kind in ("no_match", "no_input"):
        h = getattr(node, kind)
        if h is not None and h.then and h.then not in s.nodes:
            c.add("error", "E-DANGLING-GOTO", f"node {nid}: {kind}.then goes to {h.then!r}, "
                  "which is not a node", p + (kind, "then"), nid)
    if node.end == "transfer" and not node.transfer_to:
        c.add("error", "E-TRANSFER-TARGET", f"node {nid} transfers but names no transfer_to "
              "queue", p + ("end",), nid)
    if node.end != "transfer" and (node.transfer_to or node.transfer_fallback):
        c.add("error", "E-TRANSFER-TARGET", f"node {nid} has transfer_to/transfer_fallback but "
              "does not end with `end: transfer`", p, nid)


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
            c.add("error", "E-NEXT-LOOP", "these nodes continue into each other with `next` "
                  f"and never listen or end: {' -> '.join(loop + [nid])}",
                  node_path(nid, "next"), nid)
        for n in chain:
            state[n] = 2
