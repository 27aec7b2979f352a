"""Keyword checks: branches that can never fire, keywords shared or contained between intents
that are live at one node, empty intents and keywords, faq entries that a branch or an earlier
entry hides.

Whether a keyword reaches its branch is asked of the real engine: each keyword of a branch is
said, alone, at the node (`Engine.match`), and whoever wins is the answer. Nodes with the same
list of branch intents give the same answers, so each (branch intents, keyword) pair is asked
once: the work is linear in the size of the script. `re:` keywords cannot be said, so a branch
with one is never reported as dead; bad patterns are structure's E-BAD-REGEX.
"""
from __future__ import annotations

from itertools import combinations
from typing import Optional

from designer.analysis.graph import live_faq
from designer.engine import Engine
from designer.engine.matcher import (
    PHRASE, REGEX, REGEX_TIMEOUT_S, Evaluation, Hit, KeywordSpec,
)
from designer.engine.normalize import normalize
from designer.engine.results import Decision
from designer.model import Problem, Script
from designer.model.messages import Msg, Seq


class _Keywords:
    """What the checks share: parsed keywords, where each intent is live, the engine."""

    def __init__(self, script: Script, engine: Engine):
        self.script = script
        self.engine = engine
        self.file = script.source.file or (script.path or "")
        self.problems: list[Problem] = []
        # the engine's compiled keywords: parsed once, shared with every other check
        self.specs: dict[str, list[KeywordSpec]] = {
            iid: engine.matcher.keywords.get(iid, []) for iid in script.intents}
        self.empty: list[tuple[str, int, str]] = []  # keywords that normalize to nothing
        self.invalid: set[str] = set()  # intents with a bad `re:` keyword
        for iid, idx, why in engine.matcher.invalid:
            if why == "normalizes to nothing":
                self.empty.append((iid, idx, script.intents[iid].keywords[idx]))
            else:
                self.invalid.add(iid)
        self.listening = [n for n, node in script.nodes.items() if node.listens]
        self.globals = engine.candidates(None)  # opt-out, refusal and faq intents
        self.branch_nodes: dict[str, list[str]] = {}
        for nid in self.listening:
            for br in script.nodes[nid].branches:
                nodes = self.branch_nodes.setdefault(br.intent, [])
                if not nodes or nodes[-1] != nid:
                    nodes.append(nid)
        # normalized text -> intents with a phrase keyword (or an a&b part) that is exactly it
        self.same_text: dict[str, set[str]] = {}
        self.phrases: dict[str, list[tuple[str, int]]] = {}  # plain phrases -> owners
        self.regexes = [sp for specs in self.specs.values() for sp in specs if sp.form == REGEX]
        for iid, specs in self.specs.items():
            for spec in specs:
                for part in spec.parts:
                    self.same_text.setdefault(part, set()).add(iid)
                if spec.form == PHRASE:
                    self.phrases.setdefault(spec.parts[0], []).append((iid, spec.index))
        self._regex_intents = frozenset(sp.intent for sp in self.regexes)
        self._alone: dict[str, Evaluation] = {}
        self._own: dict[tuple[str, int], Evaluation] = {}
        self._own_intent: dict[str, Evaluation] = {}  # "only its own intent hits it"
        self._decisions: dict[tuple, tuple[Evaluation, Decision]] = {}
        self._groups: dict[str, tuple] = {}  # intent -> phrase_groups
        self._here: dict[str, frozenset[str]] = {}  # node -> its branch intents

    def add(self, severity: str, msg: Msg, path: tuple, node: Optional[str] = None) -> None:
        line, col = self.script.source.position_of(*path)
        self.problems.append(Problem.of(severity, msg, self.file, line, col, node))

    def spec(self, intent: str, index: int) -> KeywordSpec:
        return next(sp for sp in self.specs[intent] if sp.index == index)

    def live_nodes(self, a: str, b: str) -> list[str]:
        """The listening nodes at which intents a and b can both be heard."""
        if a in self.globals and b in self.globals:
            return self.listening
        if a in self.globals:
            return self.branch_nodes.get(b, [])
        if b in self.globals:
            return self.branch_nodes.get(a, [])
        at_b = set(self.branch_nodes.get(b, ()))
        return [n for n in self.branch_nodes.get(a, ()) if n in at_b]

    def alone(self, norm: str) -> Evaluation:
        """The engine's evaluation of a normalized phrase said alone, with as candidates every
        intent that can hit it (see decide)."""
        ev = self._alone.get(norm)
        if ev is None:
            cands = self._regex_intents | self.same_text.get(norm, frozenset())
            ev = self._alone[norm] = self.engine.matcher.evaluate(norm, cands, normalized=True)
        return ev

    def _only_owner(self, spec: KeywordSpec) -> bool:
        """True when nothing but the keyword's own intent can hit it said alone: no other
        intent has that text, there is no `re:` keyword, and the intent excludes nothing."""
        return (not self.regexes and len(self.same_text.get(spec.parts[0], ())) == 1
                and not self.script.intents[spec.intent].exclude)

    def _branch_intents(self, node_id: str) -> frozenset[str]:
        here = self._here.get(node_id)
        if here is None:
            intents = self.script.intents
            here = self._here[node_id] = frozenset(
                b.intent for b in self.script.nodes[node_id].branches if b.intent in intents)
        return here

    def phrase_groups(self, intent: str) -> tuple[list[tuple[KeywordSpec, list[KeywordSpec]]],
                                                  list[KeywordSpec]]:
        """The intent's plain-phrase keywords grouped by the evaluation they get said alone
        (see decide): a group has one answer at any node, so a check asks once per group.
        Each group is (its first keyword, all its keywords in order). Most intents have one
        group: every keyword only its own intent can hit. Second: its other keywords."""
        groups = self._groups.get(intent)
        if groups is None:
            by_ev: dict[int, tuple[KeywordSpec, list[KeywordSpec]]] = {}
            others = []
            for spec in self.specs.get(intent, ()):
                if spec.form == PHRASE:
                    ev = self._own_evaluation(spec)
                    by_ev.setdefault(id(ev), (spec, []))[1].append(spec)
                else:
                    others.append(spec)
            groups = self._groups[intent] = (list(by_ev.values()), others)
        return groups

    def _own_evaluation(self, spec: KeywordSpec) -> Evaluation:
        """The evaluation of a plain phrase said alone (the first part of decide)."""
        ev = self._own.get((spec.intent, spec.index))
        if ev is None:
            if self._only_owner(spec):  # the common case: only its own intent hits it
                ev = self._own_intent.get(spec.intent)  # the same for all such keywords
                if ev is None:
                    ev = self._own_intent[spec.intent] = Evaluation(
                        spec.parts[0], {spec.intent: Hit(spec.intent, spec.text, 0,
                                                         len(spec.parts[0]))})
            else:
                ev = self.alone(spec.parts[0])
            self._own[(spec.intent, spec.index)] = ev
        return ev

    def decide(self, node_id: str, spec: KeywordSpec) -> tuple[Evaluation, Decision]:
        """What saying the keyword, alone, at the node does: the engine's evaluation and
        decision, as Engine.match(node_id, utterance(spec)) gives them.

        A plain phrase said alone is one occurrence spanning the whole utterance, which
        contains, and so drops (DESIGN.md 2.2), every shorter occurrence of any other intent.
        Only intents with a keyword (or a&b part) equal to the phrase, or with a `re:`
        keyword, can hit it; so it is evaluated once, with those as candidates, and the
        node's decision is Engine.decide on the hits of the node's candidates. Other forms are
        asked of Engine.match, once per list of branch intents. (When no other intent can hit
        the phrase, its own intent does, unless it has exclude phrases: no need to ask.)"""
        if spec.form == PHRASE:
            ev = self._own_evaluation(spec)
            key = (node_id, id(ev))
            got = self._decisions.get(key)
            if got is None:
                # the node's candidates (Engine.candidates), without building their union
                glob, here = self.globals, self._branch_intents(node_id)
                sub = ev
                if any(i not in glob and i not in here for i in ev.hits) or any(
                        x[0] not in glob and x[0] not in here for x in ev.excluded):
                    sub = Evaluation(ev.normalized, {
                        i: h for i, h in ev.hits.items() if i in glob or i in here}, [],
                        [x for x in ev.excluded if x[0] in glob or x[0] in here])
                got = self._decisions[key] = (sub, self.engine.decide(node_id, sub))
            return got
        key = (tuple(b.intent for b in self.script.nodes[node_id].branches), spec.text)
        got = self._decisions.get(key)
        if got is None:
            got = self._decisions[key] = self.engine.match(node_id, utterance(spec))
        return got

    def inside(self, norm: str) -> list[tuple[str, str]]:
        """(intent, keyword as written) of every plain-phrase or `re:` keyword found strictly
        inside the phrase, on the engine's word boundaries (Matcher.scan)."""
        out = []
        for pid, start, end in self.engine.matcher.scan(norm):
            if end - start < len(norm):
                for iid, idx in self.phrases.get(self.engine.matcher.patterns[pid], ()):
                    out.append((iid, self.script.intents[iid].keywords[idx]))
        for spec in self.regexes:
            for m in spec.regex.finditer(norm):
                if 0 < m.end() - m.start() < len(norm):
                    out.append((spec.intent, spec.text))
                    break
        return out


def utterance(spec: KeywordSpec) -> str:
    """The keyword as a customer would say it: the phrase, or the parts of a&b in a row."""
    return spec.text if spec.form == PHRASE else " ".join(spec.text.split("&"))


def check_keywords(script: Script, engine: Optional[Engine] = None) -> list[Problem]:
    k = _Keywords(script, engine or Engine(script))
    _empty(k)
    _branches(k)
    _duplicates(k)
    _contained(k)
    _faq(k)
    _unused(k)
    return k.problems


def _used_intents(k: _Keywords) -> dict[str, Msg]:
    """Each intent something uses, with its first user ("branch of node ask")."""
    s = k.script
    used: dict[str, Msg] = {}
    for nid, node in s.nodes.items():
        for br in node.branches:
            if br.intent not in used:
                used[br.intent] = Msg("_use.branch", node=nid)
    for i, e in enumerate(s.faq):
        if e.intent not in used:
            used[e.intent] = Msg("_use.faq", entry=i + 1)
    for r in s.grading.rules:
        for iid in r.when.intents_any + r.when.intents_all:
            if iid not in used:
                used[iid] = Msg("_use.grading", grade=r.grade)
    return used


def _empty(k: _Keywords) -> None:
    used = _used_intents(k)
    for iid, kw_index, kw in k.empty:
        k.add("warning", Msg("W-EMPTY-KEYWORD", intent=iid, keyword=kw),
              ("intents", iid, "keywords", kw_index))
    for spec in k.regexes:
        if spec.regex.search("") is not None:
            k.add("warning", Msg("W-REGEX-MATCHES-EMPTY", intent=spec.intent, pattern=spec.text),
                  ("intents", spec.intent, "keywords", spec.index))
    _slow_regexes(k)
    for iid in k.script.intents:
        if k.specs[iid] or iid in k.invalid:
            continue
        where = Msg("_used_by", use=used[iid]) if iid in used else ""
        k.add("warning", Msg("W-EMPTY-INTENT", intent=iid, used=where), ("intents", iid))


# Inputs that make backtracking patterns explode: long runs of one character, then a mismatch.
_PROBES = tuple(c * 30 + end for c in ("a", "1", "好", "a1") for end in ("好", "!", ""))


def _slow_regexes(k: _Keywords) -> None:
    """A pattern that backtracks catastrophically would stall a call; the engine gives up on a
    search after REGEX_TIMEOUT_S, so such a keyword silently stops matching. Say so now."""
    for spec in k.regexes:
        for probe in _PROBES:
            try:
                spec.regex.search(probe, timeout=REGEX_TIMEOUT_S)
            except TimeoutError:
                k.add("warning", Msg("W-REGEX-SLOW", intent=spec.intent, pattern=spec.text,
                                     ms=REGEX_TIMEOUT_S * 1000),
                      ("intents", spec.intent, "keywords", spec.index))
                break


def _how(d: Decision) -> Msg:
    """Where an utterance goes, as said in a message."""
    if d.kind == "opt_out":
        return Msg("_how.opt_out", intent=d.intent, keyword=d.keyword)
    if d.kind == "branch":
        return Msg("_how.branch", branch=d.branch + 1, intent=d.intent, keyword=d.keyword)
    if d.kind == "faq":
        return Msg("_how.faq", entry=d.faq + 1, intent=d.intent, keyword=d.keyword)
    if d.kind == "refusal":
        return Msg("_how.refusal", intent=d.intent, keyword=d.keyword)
    return Msg("_how.none")


def _why_caught(k: _Keywords, intent: str, spec: KeywordSpec, ev, d: Decision) -> Msg:
    said = spec.text
    if k.script.intents[intent].kind == "opt_out" and d.kind == "opt_out":
        return Msg("_why.opt_out", said=said)
    excluded = [p for i, p in ev.excluded if i == intent]
    if excluded:
        return Msg("_why.exclude", said=said, intent=intent, phrase=excluded[0])
    return Msg("_why.goes", said=said, how=_how(d))


def _branches(k: _Keywords) -> None:
    """W-BRANCH-NEVER-FIRES when no keyword of a branch reaches it at its node;
    W-KEYWORD-SHADOWED (once per keyword) when some do not, for a reason other than the same
    keyword in another intent (that is W-DUPLICATE-KEYWORD)."""
    s = k.script
    reported: set[tuple[str, int]] = set()
    for nid in k.listening:
        for j, br in enumerate(s.nodes[nid].branches):
            specs = k.specs.get(br.intent)
            if not specs:
                continue  # unknown intent (structure) or empty intent (W-EMPTY-INTENT)
            caught, fires, untestable = [], False, br.intent in k.invalid
            groups, others = k.phrase_groups(br.intent)
            for first, group in groups:  # one answer per group
                ev, d = k.decide(nid, first)
                if d.kind == "branch" and d.branch == j:
                    fires = True
                else:
                    caught.extend((spec, ev, d) for spec in group)
            for spec in others:  # a&b keywords, one by one; `re:` ones cannot be said
                if spec.form == REGEX:
                    untestable = True
                else:
                    ev, d = k.decide(nid, spec)
                    if d.kind == "branch" and d.branch == j:
                        fires = True
                    else:
                        caught.append((spec, ev, d))
            caught.sort(key=lambda c: c[0].index)  # in the order they are written
            if caught and not fires and not untestable:
                why = Seq([_why_caught(k, br.intent, *c) for c in caught[:4]], "_join.semicolon")
                more = Msg("_more", count=len(caught) - 4) if len(caught) > 4 else ""
                k.add("warning", Msg("W-BRANCH-NEVER-FIRES", node=nid, branch=j + 1,
                                     intent=br.intent, why=why, more=more),
                      ("flow", "nodes", nid, "branches", j), nid)
                continue
            for spec, ev, d in caught:
                if (br.intent, spec.index) in reported or _same_keyword(spec, d):
                    continue
                reported.add((br.intent, spec.index))
                k.add("warning", Msg("W-KEYWORD-SHADOWED", node=nid, keyword=spec.text,
                                     branch=j + 1, intent=br.intent,
                                     why=_why_caught(k, br.intent, spec, ev, d)),
                      ("intents", br.intent, "keywords", spec.index), nid)


def _same_keyword(spec: KeywordSpec, d: Decision) -> bool:
    return (d.keyword is not None and spec.form == PHRASE
            and normalize(d.keyword) == spec.parts[0])


def _where(nodes: list[str], k: _Keywords) -> Msg:
    """The nodes at which two intents are both live, as said in a message."""
    if nodes is k.listening and len(nodes) > 1:
        return Msg("_live.every")
    if len(nodes) == 1:
        return Msg("_live.node", nodes=nodes[0])
    if len(nodes) > 3:
        return Msg("_live.more", nodes=Seq(nodes[:3]), more=len(nodes) - 3)
    return Msg("_live.nodes", nodes=Seq(nodes))


def _duplicates(k: _Keywords) -> None:
    for norm, owners in k.phrases.items():
        first: dict[str, int] = {}
        for iid, idx in owners:
            first.setdefault(iid, idx)
        if len(first) < 2:
            continue
        for a, b in combinations(first, 2):
            nodes = k.live_nodes(a, b)
            if not nodes:
                continue
            text = k.script.intents[b].keywords[first[b]]
            _, d = k.decide(nodes[0], k.spec(b, first[b]))
            winner = d.intent if d.intent in (a, b) else None
            loser = b if winner == a else a
            outcome = (Msg("_outcome.loser", how=_how(d), loser=loser) if winner
                       else Msg("_outcome.neither", how=_how(d)))
            k.add("warning", Msg("W-DUPLICATE-KEYWORD", keyword=text, a=a, b=b,
                                 where=_where(nodes, k), outcome=outcome, at=nodes[0]),
                  ("intents", b, "keywords", first[b]), nodes[0])


def _contained(k: _Keywords) -> None:
    """I-KEYWORD-CONTAINS: a keyword found inside a longer keyword of another intent is
    dropped (DESIGN.md 2.2) when both are live: the longer one wins."""
    seen: set[tuple] = set()
    for norm, owners in k.phrases.items():
        for short_intent, short_kw in k.inside(norm):
            for long_intent, long_idx in owners:
                key = (long_intent, norm, short_intent, short_kw)
                if long_intent == short_intent or key in seen:
                    continue
                seen.add(key)
                nodes = k.live_nodes(long_intent, short_intent)
                if not nodes:
                    continue
                long_kw = k.script.intents[long_intent].keywords[long_idx]
                inner = Msg("_inner.regex" if short_kw.startswith("re:") else "_inner.plain",
                            keyword=short_kw)
                k.add("info", Msg("I-KEYWORD-CONTAINS", long=long_kw, long_intent=long_intent,
                                  inner=inner, short_intent=short_intent,
                                  where=_where(nodes, k)),
                      ("intents", long_intent, "keywords", long_idx), nodes[0])


def _faq(k: _Keywords) -> None:
    s = k.script
    first: dict[str, int] = {}
    live = {id(e) for e in live_faq(s)}
    for i, e in enumerate(s.faq):
        if e.intent not in s.intents:
            continue  # structure: E-UNKNOWN-INTENT
        if e.intent in first:
            k.add("warning", Msg("W-FAQ-NEVER-FIRES", entry=i + 1, intent=e.intent,
                                 first=first[e.intent] + 1), ("faq", i), None)
            continue
        first[e.intent] = i
        if s.intents[e.intent].kind == "opt_out" and e.goto:
            k.add("warning", Msg("W-OPT-OUT-ROUTE", entry=i + 1, intent=e.intent, target=e.goto),
                  ("faq", i, "goto"), None)
        nodes = k.branch_nodes.get(e.intent)
        if id(e) in live and nodes:
            k.add("info", Msg("I-FAQ-BRANCH", entry=i + 1, intent=e.intent,
                              where=_where(nodes, k)), ("faq", i, "intent"), nodes[0])


def _unused(k: _Keywords) -> None:
    used = _used_intents(k)
    for iid, intent in k.script.intents.items():
        if intent.kind == "normal" and iid not in used:
            k.add("info", Msg("I-UNUSED-INTENT", intent=iid), ("intents", iid))
