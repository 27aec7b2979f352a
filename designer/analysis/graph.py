"""Graph checks of the flow (networkx): what cannot be reached, where a call cannot end, loops
bounded only by max_turns, the limit node, and variables.

Two graphs are used. The *call graph* has every way a call moves on: branches, `next`,
no-match/no-input `then`, and faq `goto` from every listening node. Reachability follows it
from flow.start, plus limits.on_limit and its `next` chain, which a limit can reach from any
listening node (max_turns can always fire there). The same graph with an extra arrow to END
from every end node and for faq `then: hangup` answers "can the call end from here as
designed?" — limits, opt-outs and the customer hanging up are not designed ends.

Dangling references are left out (structure.py reports them as E-DANGLING-GOTO).
"""
from __future__ import annotations

from typing import Optional

import networkx as nx

from designer.model import Problem, Script, iter_prompts
from designer.model.messages import Msg, names, term
from designer.model.prompts import VARIABLE_RE

END = ("end",)  # the sentinel graph node every designed end leads to (node ids are text)


class _Out:
    def __init__(self, script: Script):
        self.script = script
        self.file = script.source.file or (script.path or "")
        self.problems: list[Problem] = []

    def add(self, severity: str, msg: Msg, path: tuple, node: Optional[str] = None) -> None:
        line, col = self.script.source.position_of(*path) if path else (None, None)
        self.problems.append(Problem.of(severity, msg, self.file, line, col, node))


def _np(nid: str, *rest) -> tuple:
    return ("flow", "nodes", nid) + rest


def call_graph(script: Script) -> nx.DiGraph:
    """Every node, an arrow for each way a call moves on, and END after every designed end.
    Arrows to the limit node are not included (see reachable())."""
    s = script
    g = nx.DiGraph()
    g.add_nodes_from(s.nodes)
    g.add_node(END)
    faq = live_faq(s)
    faq_gotos = [e.goto for e in faq if e.goto in s.nodes]
    faq_ends = any(e.goto is None and e.then == "hangup" for e in faq)
    for nid, node in s.nodes.items():
        if node.end is not None:
            g.add_edge(nid, END)
            continue
        for br in node.branches:
            if br.goto in s.nodes:
                g.add_edge(nid, br.goto)
        if node.next is not None:
            if node.next in s.nodes:
                g.add_edge(nid, node.next)
            continue
        for kind in ("no_match", "no_input"):
            h = getattr(node, kind)
            if h is not None and h.then in s.nodes:
                g.add_edge(nid, h.then)
        for target in faq_gotos:
            g.add_edge(nid, target)
        if faq_ends:
            g.add_edge(nid, END)
    return g


def live_faq(script: Script) -> list:
    """The faq entries that can answer: the first entry of each defined intent, opt-out
    intents excepted (an opt-out always hangs up, whatever its entry says)."""
    seen: set[str] = set()
    out = []
    for e in script.faq:
        intent = script.intents.get(e.intent)
        if intent is None or e.intent in seen:
            continue
        seen.add(e.intent)
        if intent.kind != "opt_out":
            out.append(e)
    return out


def limit_chain(script: Script) -> list[str]:
    """limits.on_limit and its `next` chain: where a call goes, and ends, when a limit fires."""
    s, out, nid = script, [], script.limits.on_limit
    while nid in s.nodes and nid not in out:
        out.append(nid)
        nid = s.nodes[nid].next
    return out


def reachable(script: Script, g: nx.DiGraph) -> tuple[set[str], set[str]]:
    """(nodes a call can reach as designed, nodes it reaches only when a limit fires)."""
    s = script
    if s.start not in s.nodes:
        return set(), set()
    normal = {s.start} | nx.descendants(g, s.start)
    normal.discard(END)
    limit: set[str] = set()
    if any(s.nodes[n].listens for n in normal):
        limit = set(limit_chain(s)) - normal
    return normal, limit


def check_graph(script: Script) -> list[Problem]:
    """Warnings about the shape of the flow, and the variables check (see module doc)."""
    out = _Out(script)
    s = script
    g = call_graph(s)
    normal, limit = reachable(s, g)
    if s.start in s.nodes:
        _unreachable(out, normal | limit)
        _no_end(out, g, normal)
    _self_loops(out)
    _on_limit(out)
    _variables(out)
    return out.problems


def _unreachable(out: _Out, reached: set[str]) -> None:
    for nid in out.script.nodes:
        if nid not in reached:
            out.add("warning", Msg("W-UNREACHABLE", node=nid, start=out.script.start), _np(nid),
                    nid)


def _has_dangling(script: Script, nid: str) -> bool:
    node = script.nodes[nid]
    targets = [b.goto for b in node.branches] + [node.next] + [
        h.then for h in (node.no_match, node.no_input) if h is not None]
    return any(t is not None and t not in script.nodes for t in targets)


def _no_end(out: _Out, g: nx.DiGraph, normal: set[str]) -> None:
    """Report each root cause once: a listening node with no way on (W-NO-END) or a closed
    loop (W-LOOP-NO-EXIT). Nodes that only lead into one are named in its message."""
    s = out.script
    order = {nid: i for i, nid in enumerate(s.nodes)}
    can_end = nx.ancestors(g, END)
    stuck = {n for n in normal if n not in can_end}
    if not stuck:
        return
    sub = g.subgraph(stuck)
    cond = nx.condensation(sub)
    only = _single_sink(cond)
    feeders: dict[int, list[str]] = {}
    for c, sink in only.items():
        if sink is not None and sink != c:
            feeders.setdefault(sink, []).extend(cond.nodes[c]["members"])
    for c in sorted(cond.nodes, key=lambda c: min(order[n] for n in cond.nodes[c]["members"])):
        if cond.out_degree(c):
            continue
        members = sorted(cond.nodes[c]["members"], key=order.__getitem__)
        if all(s.nodes[n].next is not None for n in members):
            continue  # a loop of `next` only: structure reports E-NEXT-LOOP
        if any(_has_dangling(s, n) for n in members):
            continue  # a missing target: structure reports E-DANGLING-GOTO
        upstream = sorted(feeders.get(c, ()), key=order.__getitem__)
        feed = (Msg("_feed", count=len(upstream), names=_names(upstream)) if upstream else "")
        first = members[0]
        if len(members) == 1 and not sub.has_edge(first, first):
            out.add("warning", Msg("W-NO-END", node=first, max_turns=s.limits.max_turns,
                                   feed=feed), _np(first), first)
        else:
            out.add("warning", Msg("W-LOOP-NO-EXIT", loop=" -> ".join(members),
                                   max_turns=s.limits.max_turns, feed=feed), _np(first), first)


def _single_sink(cond: nx.DiGraph) -> dict[int, Optional[int]]:
    """For each node of a DAG, the one sink it leads to, or None when it leads to several
    (one pass in reverse topological order: linear)."""
    only: dict[int, Optional[int]] = {}
    for c in reversed(list(nx.topological_sort(cond))):
        sinks = {only[d] for d in cond.successors(c)}
        if not sinks:
            only[c] = c
        else:
            only[c] = sinks.pop() if len(sinks) == 1 else None
    return only


def _names(ids: list[str], limit: int = 5):
    """The first ids, then "and N more" (a Msg or Seq: see designer/model/messages)."""
    return names(ids, limit)


def _self_loops(out: _Out) -> None:
    """A branch back to its own node repeats the prompt each time the intent is heard. No
    per-node counter counts it (max_no_match/max_no_input count only no-match and silence);
    a refusal intent is counted by max_refusals, anything else only by the call's max_turns.
    A handler `then` back to its node is the same: past the limit every further no-match or
    silence sends the call to the node again, until max_turns."""
    s = out.script
    for nid, node in s.nodes.items():
        for i, br in enumerate(node.branches):
            if br.goto != nid or br.intent not in s.intents:
                continue
            kind = s.intents[br.intent].kind
            if kind in ("refusal", "opt_out"):
                continue  # max_refusals bounds it / an opt-out always ends the call
            out.add("warning", Msg("W-SELF-LOOP", node=nid, branch=i + 1, intent=br.intent,
                                   max_turns=s.limits.max_turns),
                    _np(nid, "branches", i, "goto"), nid)
        for kind in ("no_match", "no_input"):
            h = getattr(node, kind)
            if h is not None and h.then == nid and nid != s.limits.on_limit:
                out.add("warning", Msg("W-SELF-LOOP.handler", node=nid, handler=kind,
                                       event=term("_event", kind),
                                       max_turns=s.limits.max_turns),
                        _np(nid, kind, "then"), nid)


def _on_limit(out: _Out) -> None:
    s = out.script
    chain = limit_chain(s)
    if not chain or s.nodes[chain[-1]].next is not None:
        return  # no on_limit, a dangling one, or a next loop: structure reports those
    last = s.nodes[chain[-1]]
    path = ("limits", "on_limit")
    via = Msg("_via", chain=" -> ".join(chain)) if len(chain) > 1 else ""
    if last.end is None:
        out.add("warning", Msg("W-ON-LIMIT-NOT-END", on_limit=chain[0], last=chain[-1], via=via),
                path, chain[0])
    elif last.end == "transfer" and s.intents_of_kind("refusal"):
        out.add("warning", Msg("W-ON-LIMIT-TRANSFER", on_limit=chain[0], via=via,
                               max_refusals=s.limits.max_refusals), path, chain[0])


def _variables(out: _Out) -> None:
    s = out.script
    used: set[str] = set()
    for p in iter_prompts(s, include_builtin=False):
        names = VARIABLE_RE.findall(p.text)
        used.update(names)
        for name in dict.fromkeys(names):
            if name not in s.variables:
                out.add("error", Msg("E-UNDECLARED-VAR", prompt=p.id, name=name),
                        prompt_path(s, p), p.node)
    for name in s.variables:
        if name not in used:
            out.add("warning", Msg("W-UNUSED-VAR", name=name), ("variables", name))


def prompt_path(s: Script, p) -> tuple:
    """Where a prompt stands in the script (a SourceMap path)."""
    if p.node is not None:
        return _np(p.node, *{"say": ("say",), "no_match": ("no_match", "reply"),
                             "no_input": ("no_input", "reply"),
                             "transfer_fallback": ("transfer_fallback",)}.get(p.kind, ()))
    for i, e in enumerate(s.faq):
        if p.id == f"faq.{e.intent}":
            return ("faq", i, "reply")
    return ()
