"""Generating conversations that reach every branch and faq entry (`callscript explore`).

The explorer drives the real engine: a breadth-first search over call states, each state being
the shortest list of utterances that leads to it (replayed from the start, the engine being a
pure state machine). At every listening node reached it tries each branch's and each faq entry's
keywords as utterances (`a&b` -> "a b"; `re:` -> a string the pattern matches), a silence, an
utterance nothing matches and a refusal, so handler and limit arrows are followed too.

What is reached becomes test cases whose expectations are what the engine really did; what is
not is listed with the reason: no path from start, a keyword taken by an intent that comes first
in the choice order (named with its keyword), an exclude phrase, a longer keyword containing it,
a limit. In the report, branch and faq numbers are 1-based, as in every message of the tool.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from designer.engine import CallSession, Decision, Engine, Evaluation
from designer.model import Script
from designer.simulation.utterances import FILLERS, keyword_utterances
from designer.simulation.cases import Case, Step
from designer.simulation.coverage import Coverage
from designer.simulation.runner import run_case

Seq = tuple[str, ...]
Goal = tuple  # ("node", id) | ("branch", node, i) | ("faq", i) | ("keyword", intent, k)
# ---- the report ---------------------------------------------------------------------------
@dataclass
class Unreachable:
    reason: str
    node: Optional[str] = None
    branch: Optional[int] = None  # 0-based here; 1-based in JSON
    faq: Optional[int] = None
    intent: Optional[str] = None
    keyword: Optional[str] = None

    def to_json(self) -> dict:
        out: dict = {"node": self.node, "branch": None if self.branch is None
                     else self.branch + 1, "reason": self.reason}
        extra = {"faq": None if self.faq is None else self.faq + 1, "intent": self.intent,
                 "keyword": self.keyword}
        out.update((k, v) for k, v in extra.items() if v is not None)
        return out

    def describe(self) -> str:
        if self.keyword is not None:
            what = f"keyword {self.intent}: {self.keyword}"
        elif self.faq is not None:
            what = f"faq[{self.faq + 1}] {self.intent}"
        elif self.branch is not None:
            what = f"branch {self.node}[{self.branch + 1}] {self.intent}"
        else:
            what = f"node {self.node}"
        return f"{what}: {self.reason}"


@dataclass
class ExploreReport:
    cases: list[Case]
    unreachable: list[Unreachable]
    coverage: Coverage
    states: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"cases": len(self.cases), "unreachable": [u.to_json() for u in self.unreachable],
                "coverage": self.coverage.to_json(), "states": self.states}


# ---- the search ---------------------------------------------------------------------------
class Explorer:
    """Breadth-first search over call states; see the module docstring."""

    def __init__(self, script: Script, engine: Optional[Engine] = None, keywords: bool = False,
                 max_states: int = 20000):
        self.script, self.engine = script, engine or Engine(script)
        self.keywords, self.max_states = keywords, max_states
        self.found: dict[Goal, Seq] = {}
        self.why: dict[Goal, list[tuple[str, str]]] = {}  # (node, failure) at first visits
        self.reached_at: set[str] = set()  # listening nodes whose moves were tried
        self.notes: list[str] = []
        self.complete = True  # False when the search stopped at max_states
        self._utterances: dict[str, list[tuple[str, list[str], str]]] = {}
        self.states = 0

    def play(self, seq: Seq) -> CallSession:
        call = self.engine.start()
        for u in seq:
            if call.ended:
                break
            call.utter(u)
        return call

    def achieved(self, call: CallSession) -> Iterator[Goal]:
        r, s = call.result, self.script
        for n in r.path:
            yield ("node", n)
        for t in r.turns:
            d = t.decision
            if d.kind == "branch" and not d.limit:
                yield ("branch", t.node, d.branch)
            elif d.kind == "faq" and not d.limit:
                yield ("faq", d.faq)
            elif d.kind == "opt_out" and s.faq_for(d.intent) is not None:
                yield ("faq", s.faq.index(s.faq_for(d.intent)))
            if d.intent is not None and d.keyword in s.intents[d.intent].keywords:
                yield ("keyword", d.intent, s.intents[d.intent].keywords.index(d.keyword))

    def run(self) -> None:
        start = self.play(())
        self._note(start, ())
        queue: deque[tuple[Seq, Optional[str]]] = deque([((), None)])
        seen = {self._key(start)}
        turns = self.script.limits.max_turns
        while queue:
            if self.states >= self.max_states:
                self.complete = False
                self.notes.append(f"the search stopped after {self.states} states "
                                  "(--max-states); what it did not reach is not explained")
                break
            prefix, repeat = queue.popleft()
            call = self.play(prefix)
            if call.ended or call.node is None:
                continue
            self.states += 1
            node, refusals = call.node, call.result.counters["refusals"]
            for u, counter in self._moves(node, repeat):
                child = prefix + (u,)
                c = self.play(child)
                self._note(c, child)
                if c.ended or len(child) >= turns or self._key(c) in seen:
                    continue
                seen.add(self._key(c))
                same = c.node == node and c.result.counters["refusals"] == refusals
                queue.append((child, u if same and counter else None))

    @staticmethod
    def _key(call: CallSession) -> tuple:
        c, n = call.result.counters, call.node
        return (n, c["refusals"], c["no_match"].get(n, 0), c["no_input"].get(n, 0))

    def _note(self, call: CallSession, seq: Seq) -> None:
        for goal in self.achieved(call):
            self.found.setdefault(goal, seq)

    def _moves(self, node: str, repeat: Optional[str]) -> Iterator[tuple[str, bool]]:
        """(utterance, is a counter move) to try at a listening node. Every move is tried at
        the first visit of a node only; a later visit (after a refusal, a silence...) tries
        what can behave differently there: silence, no match, refusals. A state reached by a
        silence or no-match at the same node repeats that move only."""
        if repeat is not None:
            yield repeat, True
            return
        yield "", True
        filler = self._filler(node)
        if filler is not None:
            yield filler, True
        s = self.script
        first = node not in self.reached_at
        self.reached_at.add(node)
        for i, br in enumerate(s.nodes[node].branches):
            intent = s.intents.get(br.intent)
            if not first and (intent is None or intent.kind != "refusal"):
                continue
            u = self._find(node, ("branch", node, i), br.intent,
                           lambda d, i=i: d.kind == "branch" and d.branch == i, first)
            if u is not None:
                yield u, False
        yield from ((u, False) for u in self._refusal_moves(node))
        if not first:
            return
        for j, entry in enumerate(s.faq):
            if ("faq", j) in self.found and not entry.goto:
                continue
            u = self._find(node, ("faq", j), entry.intent,
                           lambda d, j=j: _answers_faq(s, d, j), first)
            if u is not None:
                yield u, False
        if self.keywords:
            yield from ((u, False) for u in self._keyword_moves(node, first))

    def _refusal_moves(self, node: str) -> Iterator[str]:
        for iid in self.script.intents_of_kind("refusal"):
            for _kw, utterances, _why in self.utterances(iid):
                for u in utterances:
                    if self.engine.match(node, u)[1].kind == "refusal":
                        yield u
                        return

    def _keyword_moves(self, node: str, first: bool) -> Iterator[str]:
        for iid in sorted(self.engine.candidates(node), key=list(self.script.intents).index):
            for k, kw in enumerate(self.script.intents[iid].keywords):
                goal = ("keyword", iid, k)
                if goal in self.found:
                    continue
                u = self._find(node, goal, iid, lambda d, iid=iid, kw=kw:
                               d.intent == iid and d.keyword == kw, first, only=k)
                if u is not None:
                    yield u

    def _filler(self, node: str) -> Optional[str]:
        for u in FILLERS:
            if self.engine.match(node, u)[1].kind == "no_match":
                return u
        return None

    def utterances(self, intent: str) -> list[tuple[str, list[str], str]]:
        """(keyword, utterances, why none) for every keyword of an intent."""
        if intent not in self._utterances:
            it = self.script.intents.get(intent)
            self._utterances[intent] = [(kw, *keyword_utterances(intent, k, kw))
                                        for k, kw in enumerate(it.keywords if it else ())]
        return self._utterances[intent]

    def _find(self, node: str, goal: Goal, intent: str, want: Callable[[Decision], bool],
              record: bool, only: Optional[int] = None) -> Optional[str]:
        """An utterance that gives the wanted decision at the node, trying each keyword and,
        when another intent takes it, that intent's exclude phrases as context."""
        notes: list[str] = []
        for k, (kw, utterances, why) in enumerate(self.utterances(intent)):
            if only is not None and k != only:
                continue
            if why:
                notes.append(why)
            for u in utterances:
                ev, d = self.engine.match(node, u)
                if want(d):
                    return u
                for ctx in self._exclude_context(d):
                    if want(self.engine.match(node, f"{u} {ctx}")[1]):
                        return f"{u} {ctx}"
                notes.append(why_not(self.script, node, intent, kw, u, ev, d))
        if record:
            self.why.setdefault(goal, []).extend((node, n) for n in notes)
        return None

    def _exclude_context(self, d: Decision) -> list[str]:
        winner = self.script.intents.get(d.intent) if d.intent else None
        return list(winner.exclude) if winner is not None else []


def _answers_faq(script: Script, d: Decision, j: int) -> bool:
    if d.kind == "faq":
        return d.faq == j
    return d.kind == "opt_out" and script.faq_for(d.intent) is script.faq[j]


def why_not(script: Script, node: str, intent: str, kw: str, u: str, ev: Evaluation,
            d: Decision) -> str:
    """Why saying `u` (made from keyword kw of intent) does not do what was wanted."""
    for iid, phrase in ev.excluded:
        if iid == intent:
            return f"{kw!r} contains {intent}'s own exclude phrase {phrase!r}"
    for dr in ev.dropped:
        if dr.intent == intent:
            return (f"{kw!r} lies inside {dr.by_keyword!r} of {dr.by_intent}: the longer "
                    "keyword wins")
    if intent not in ev.hits:
        return f"{u!r} does not hit {intent}"
    if d.intent == intent and d.keyword != kw:
        return (f"{kw!r} contains {d.keyword!r}, an earlier keyword of {intent}, which is "
                "credited instead (the keyword never decides)")
    if d.intent == intent:
        return f"shadowed: {intent} is chosen by {d.explanation}, which comes first"
    if d.intent is None:
        return f"{u!r} gives {d.kind} ({d.explanation})"
    return f"shadowed: {kw!r} is taken by {d.intent} (keyword {d.keyword!r}; {d.explanation})"


# ---- from found sequences to test cases ---------------------------------------------------
def choose_sequences(explorer: Explorer) -> list[Seq]:
    """Few sequences that together achieve every found goal: drop prefixes of others, chain
    the ones that leave the call where it was (a faq answer that resumes), then take them
    largest coverage first, keeping each one that adds a goal."""
    seqs = set(explorer.found.values())
    longer = {s[:i] for s in seqs for i in range(len(s))}
    candidates = _chain(explorer, sorted(seqs - longer, key=lambda s: (len(s), s)))
    calls = {seq: explorer.play(seq) for seq in candidates}
    cover = {seq: set(explorer.achieved(call)) for seq, call in calls.items()}
    wanted = set(explorer.found)
    chosen: list[Seq] = []
    for seq in sorted(candidates, key=lambda q: (-len(cover[q]), len(q), q)):
        if cover[seq] & wanted:
            chosen.append(seq)
            wanted -= cover[seq]
    return sorted(chosen, key=lambda q: (calls[q].result.path, q))


def _chain(explorer: Explorer, seqs: list[Seq]) -> list[Seq]:
    """Sequences differing only in their last utterance, where all but one of those leave the
    call in the state it was in, become one conversation (checked by replaying it)."""
    by_prefix: dict[Seq, list[str]] = {}
    for seq in seqs:
        if seq:
            by_prefix.setdefault(seq[:-1], []).append(seq[-1])
    out = [seq for seq in seqs if not seq]
    for prefix, lasts in by_prefix.items():
        if len(lasts) == 1:
            out.append(prefix + (lasts[0],))
            continue
        here = Explorer._key(explorer.play(prefix))
        stay = [u for u in lasts if _stays(explorer, prefix + (u,), here)]
        moving = [u for u in lasts if u not in stay]
        chain = prefix + tuple(stay) + tuple(moving[:1])
        parts = [prefix + (u,) for u in stay + moving[:1]]
        wanted = set().union(*(set(explorer.achieved(explorer.play(p))) for p in parts))
        if len(stay) > 1 or moving:
            if wanted <= set(explorer.achieved(explorer.play(chain))):
                out.append(chain)
                out.extend(prefix + (u,) for u in moving[1:])
                continue
        out.extend(prefix + (u,) for u in lasts)
    return out


def _stays(explorer: Explorer, seq: Seq, key: tuple) -> bool:
    call = explorer.play(seq)
    return not call.ended and Explorer._key(call) == key


def build_case(engine: Engine, seq: Seq, number: int) -> Case:
    """A case saying seq, with what the engine really does as its expectations."""
    call = engine.start()
    steps = [Step("expect_node", call.node)]
    for u in seq:
        call.utter(u)
        steps.append(Step("user", u))
        d = call.result.turns[-1].decision
        if d.intent is not None:
            steps.append(Step("expect_intent", d.intent))
        steps.append(Step("expect_node", call.node))
        if call.ended:
            break
    case = Case(name="", steps=steps)
    r = run_case(engine, case).result
    answered = [t.decision.intent for t in r.turns if t.decision.kind == "faq"]
    case.name = f"explore {number}: " + " > ".join(_dedupe_runs(r.path)) + (
        f" (faq: {', '.join(dict.fromkeys(answered))})" if answered else "")
    case.expect = {"grade": r.grade, "end_reason": r.end_reason,
                   "reached": list(dict.fromkeys(r.path)), "flags": sorted(set(r.flags)),
                   "unanswered": len(r.unanswered)}
    return case


def _dedupe_runs(path: list[str]) -> list[str]:
    return [n for i, n in enumerate(path) if i == 0 or path[i - 1] != n]


# ---- what cannot be reached, and why ------------------------------------------------------
def graph_reachable(script: Script) -> set[str]:
    """Nodes with some path of arrows from start (branches, next, handlers, faq goto, the
    limit node), whatever the keywords."""
    out: set[str] = set()
    todo = [script.start] if script.start in script.nodes else []
    arrows: dict[str, set[str]] = {}
    for src, dst, _kind, _detail in script.edges():
        arrows.setdefault(src, set()).add(dst)
    extra = {e.goto for e in script.faq if e.goto} | (
        {script.limits.on_limit} if script.limits.on_limit else set())
    while todo:
        n = todo.pop()
        if n in out or n not in script.nodes:
            continue
        out.add(n)
        todo.extend(arrows.get(n, ()))
        if script.nodes[n].listens:
            todo.extend(extra)
    return out


def unreachable_items(explorer: Explorer) -> list[Unreachable]:
    s, found = explorer.script, explorer.found
    in_graph = graph_reachable(s)
    out: list[Unreachable] = []

    def node_reason(n: str) -> str:
        if n not in in_graph:
            return "no path from start: no arrow from a reachable node leads here"
        if not explorer.complete:
            return _STOPPED.format(explorer.states)
        into = [f"{src}[{d + 1}] {s.nodes[src].branches[d].intent}" if kind == "branch"
                else f"{src} ({kind})" for src, dst, kind, d in s.edges() if dst == n]
        into += [f"faq {e.intent}" for e in s.faq if e.goto == n]
        late = [src for src, dst, _k, _d in s.edges() if dst == n and ("node", src) in found
                and len(found[("node", src)]) >= s.limits.max_turns]
        if late:
            return (f"no call reaches it within max_turns {s.limits.max_turns}: "
                    f"{', '.join(dict.fromkeys(late))} is reached at the last turn")
        return "no call reaches it: none of the arrows into it can be taken (" + \
            ", ".join(into) + ")"

    for n in s.nodes:
        if ("node", n) not in found:
            out.append(Unreachable(node_reason(n), node=n))
    for n, node in s.nodes.items():
        for i, br in enumerate(node.branches):
            if ("branch", n, i) not in found:
                out.append(Unreachable(_branch_reason(explorer, n, i, node_reason), node=n,
                                       branch=i, intent=br.intent))
    for j, entry in enumerate(s.faq):
        if ("faq", j) not in found:
            out.append(Unreachable(_faq_reason(explorer, j), faq=j, intent=entry.intent))
    if explorer.keywords:
        for iid, it in s.intents.items():
            for k, kw in enumerate(it.keywords):
                if ("keyword", iid, k) not in found:
                    why = explorer.why.get(("keyword", iid, k))
                    out.append(Unreachable(_summary(why) if why else
                                           "no reached node listens for this intent",
                                           intent=iid, keyword=kw))
    return out


_STOPPED = "not reached before the search stopped after {0} states (raise --max-states)"


def _summary(notes: list[tuple[str, str]], most: int = 3) -> str:
    """Failures grouped by text: "REASON (at a, b, c +2 more nodes)"."""
    where: dict[str, list[str]] = {}
    for node, text in notes:
        nodes = where.setdefault(text, [])
        if node not in nodes:
            nodes.append(node)
    parts = []
    for text, nodes in list(where.items())[:most]:
        more = f" +{len(nodes) - 3} more" if len(nodes) > 3 else ""
        parts.append(f"{text} (at {', '.join(nodes[:3])}{more})")
    if len(where) > most:
        parts.append(f"+{len(where) - most} more reasons")
    return "; ".join(parts)


def _branch_reason(explorer: Explorer, n: str, i: int,
                   node_reason: Callable[[str], str]) -> str:
    s = explorer.script
    br = s.nodes[n].branches[i]
    if ("node", n) not in explorer.found:
        return f"node {n} is never reached ({node_reason(n)})"
    intent = s.intents.get(br.intent)
    if intent is None:
        return f"no intent {br.intent!r}"
    if intent.kind == "opt_out":
        return f"{br.intent} is an opt-out intent: an opt-out always ends the call"
    earlier = [k for k, b in enumerate(s.nodes[n].branches[:i]) if b.intent == br.intent]
    if earlier:
        return f"branch {earlier[0] + 1} has the same intent {br.intent} and comes first"
    if not intent.keywords:
        return f"intent {br.intent} has no keywords"
    why = explorer.why.get(("branch", n, i))
    if why:
        return _summary(why)
    depth = len(explorer.found[("node", n)])
    if depth >= s.limits.max_turns:
        return (f"the call reaches {n} at turn {depth} at the earliest: max_turns "
                f"{s.limits.max_turns} leaves no turn to take this branch")
    if not explorer.complete:
        return _STOPPED.format(explorer.states)
    if intent.kind == "refusal":
        return (f"a refusal here is always above max_refusals {s.limits.max_refusals}: the "
                "call goes to the limit node")
    return "not reached within the turn limit or the explored states"


def _faq_reason(explorer: Explorer, j: int) -> str:
    s = explorer.script
    entry = s.faq[j]
    first = next(k for k, e in enumerate(s.faq) if e.intent == entry.intent)
    if first != j:
        return f"faq entry {first + 1} has the same intent {entry.intent} and answers first"
    intent = s.intents.get(entry.intent)
    if intent is None:
        return f"no intent {entry.intent!r}"
    if not intent.keywords:
        return f"intent {entry.intent} has no keywords"
    if not explorer.reached_at:
        return "no listening node is reached"
    why = explorer.why.get(("faq", j))
    if not why and not explorer.complete:
        return _STOPPED.format(explorer.states)
    return ("at every reached listening node: " + _summary(why)) if why else \
        "not reached within the turn limit or the explored states"


# ---- the entry point ----------------------------------------------------------------------
def explore(script: Script, engine: Optional[Engine] = None, keywords: bool = False,
            max_states: int = 20000) -> ExploreReport:
    """Cases reaching every reachable node, branch and faq entry (and keyword, with
    `keywords`), the coverage they give, and what cannot be reached with the reason."""
    explorer = Explorer(script, engine, keywords, max_states)
    explorer.run()
    cases = [build_case(explorer.engine, seq, i)
             for i, seq in enumerate(choose_sequences(explorer), 1)]
    coverage = Coverage(script)
    for case in cases:
        coverage.add(run_case(explorer.engine, case).result)
    notes = list(explorer.notes)
    for iid in script.intents:
        notes.extend(why for _kw, _u, why in explorer.utterances(iid) if why)
    return ExploreReport(cases, unreachable_items(explorer), coverage, explorer.states,
                         list(dict.fromkeys(notes)))
