"""The compiled script: shared by every call of it. Deciding a turn is here; the running state
of one call is in session.py."""
from __future__ import annotations

from typing import Optional

from designer.engine.matcher import Candidates, Evaluation, Matcher
from designer.engine.results import Action, Decision, Line, new_decision
from designer.engine.session import CallSession
from designer.model import Script
from designer.model.prompts import VARIABLE_RE


_new = object.__new__


def _same_objects(ids: dict[str, object]):
    """A function giving, for an id, the key object of ids equal to it (or the id itself)."""
    keys = {key: key for key in ids}
    return lambda i: keys.get(i, i)


def _template(text: str) -> tuple[tuple[tuple[str, str, str], ...], str]:
    """A prompt text split at its {name} places: (text before, name, as written) for each
    place, then the text after the last one."""
    pieces = []
    pos = 0
    for m in VARIABLE_RE.finditer(text):
        pieces.append((text[pos:m.start()], m.group(1), m.group(0)))
        pos = m.end()
    return tuple(pieces), text[pos:]


class _Branches:
    """The part of a node's plan that deciding needs: the node, and the first branch of each
    of its branch intents."""

    __slots__ = ("node", "branch_of")

    def __init__(self, node: Optional[str], branch_of: dict[str, int]):
        self.node = node
        self.branch_of = branch_of


class NodePlan(Candidates):
    """What a turn needs of the node the caller speaks at, in one object: the intents live
    there (it is their candidate set), the first branch of each of its branch intents, where
    each branch goes, and what entering the node says when it then listens. A turn reads the
    plan of its node and, when it follows a branch, the plan of the next node: one object per
    node instead of an entry in each of four tables. (A turn at a node not spoken at recently
    pays for every cache line it reads of that node: in a 2,000-node replay the turns at the
    start node take ~4 µs and those three nodes later ~7.) Made once per node, on the first
    turn there or the first branch to it."""

    __slots__ = ("node", "branch_of", "targets", "next_plans", "listening")

    def __new__(cls, node: Optional[str], candidates: Candidates, branch_of: dict[str, int],
                targets: list[str], listening: Optional[tuple[Action, Line]]):
        self = super().__new__(cls, candidates, candidates.matcher, candidates.own_live,
                               candidates.shared_live)
        self.node = node
        self.branch_of = branch_of
        self.targets = targets
        self.next_plans: list[Optional[NodePlan]] = [None] * len(targets)  # filled on use
        self.listening = listening  # Engine.listening_said(node)
        return self


class Engine:
    """Compile a script once, then start any number of calls with it.

    The engine keeps the Script it was given and must be rebuilt after the script changes
    (building costs one pass over the keywords)."""

    def __init__(self, script: Script):
        self.script = script
        self.matcher = Matcher(script.intents)
        self._opt_out = [i for i, it in script.intents.items() if it.kind == "opt_out"]
        self._refusal = [i for i, it in script.intents.items() if it.kind == "refusal"]
        self.refusal_intents = frozenset(self._refusal)
        self._opt_out_set = frozenset(self._opt_out)
        # The tables below hold the very string objects that key script.intents and
        # script.nodes: the YAML gives every reference its own copy of an id, and a dict finds
        # the same object at once where an equal copy costs a comparison of cold memory.
        intent_id, node_id = _same_objects(script.intents), _same_objects(script.nodes)
        self._node_key = node_id  # the caches filled per node below are keyed the same way
        self._intent_key = intent_id
        self._faq_intents = [intent_id(e.intent) for e in script.faq]
        self._faq_first: dict[str, int] = {}  # intent -> its first faq entry
        for i, intent in enumerate(self._faq_intents):
            self._faq_first.setdefault(intent, i)
        # every node listens for these besides its branches
        self._shared = frozenset(self._opt_out + self._refusal + self._faq_intents)
        self._plans: dict[Optional[str], NodePlan] = {}  # node -> plan(node)
        self._branch_tables: dict[Optional[str], _Branches] = {}  # node -> _branches(node)
        self._templates: dict[str, tuple] = {}  # prompt text -> _template(text)
        self._said: dict[tuple, tuple[Action, Line]] = {}  # (text, prompt id, node) -> said()
        self._node_said: dict[str, Optional[tuple[Action, Line]]] = {}  # -> node_said()
        self._listening: dict[str, Optional[tuple[Action, Line]]] = {}  # -> listening_said()

    def fill_variables(self, text: str, values: dict[str, str]) -> str:
        """designer.model.prompts.fill_variables, with the prompt's {name} places found once
        per prompt text instead of by a regex substitution on every line said."""
        template = self._templates.get(text)
        if template is None:
            template = self._templates[text] = _template(text)
        pieces, tail = template
        out = []
        for literal, name, written in pieces:
            out.append(literal)
            out.append(str(values.get(name, written)))
        out.append(tail)
        return "".join(out)

    def said(self, text: str, prompt_id: Optional[str], node: Optional[str]) -> tuple[Action, Line]:
        """The robot's action and transcript line for a prompt without variables. They never
        change once made, so every call that says the same prompt at the same node shares
        them, instead of making two records per turn."""
        key = (text, prompt_id, node)
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = (Action("say", text, prompt_id, node),
                                      Line("robot", text, node, prompt_id))
        return said

    def node_said(self, node_id: str) -> Optional[tuple[Action, Line]]:
        """The said() pair of a node's own prompt, or None when it has variables (filled per
        call) or there is no such node."""
        said = self._node_said.get(node_id, False)
        if said is False:
            node = self.script.nodes.get(node_id)
            plain = node is not None and "{" not in node.say
            said = self._node_said[self._node_key(node_id)] = (
                self.said(node.say, node_id, node_id) if plain else None)
        return said

    def listening_said(self, node_id: str) -> Optional[tuple[Action, Line]]:
        """node_said(node_id) when entering the node only says that prompt and then listens
        (no end, no `next`); otherwise None."""
        said = self._listening.get(node_id, False)
        if said is False:
            node = self.script.nodes.get(node_id)
            listens = node is not None and node.end is None and node.next is None
            said = self._listening[self._node_key(node_id)] = (
                self.node_said(node_id) if listens else None)
        return said

    def start(self, variables: Optional[dict[str, str]] = None) -> CallSession:
        return CallSession(self, variables)

    def plan(self, node_id: Optional[str]) -> NodePlan:
        """The NodePlan of a node (of no node for None or an unknown id: only the intents
        every node listens for)."""
        plan = self._plans.get(node_id)
        if plan is None:
            node = self.script.nodes.get(node_id) if node_id else None
            branches = node.branches if node is not None else ()
            node_key, table = self._node_key, self._branches(node_id)
            plan = self._plans[node_key(node_id)] = NodePlan(
                table.node, self.matcher.candidates(self._shared, table.branch_of),
                table.branch_of, [node_key(b.goto) for b in branches],
                self.listening_said(node_id) if node is not None else None)
        return plan

    def _branches(self, node_id: Optional[str]) -> "_Branches":
        """What decide needs of a node (a plan has it too): lint and the editors ask for
        decisions at every node, and a whole plan (candidates, prompts) is more than that."""
        table = self._branch_tables.get(node_id)
        if table is None:
            node = self.script.nodes.get(node_id) if node_id else None
            intent_id = self._intent_key
            intents = [intent_id(b.intent) for b in node.branches] if node is not None else []
            # the first branch of each intent: later duplicates are written over by earlier ones
            branch_of = {intent: i for i, intent in reversed(list(enumerate(intents)))}
            table = self._branch_tables[self._node_key(node_id)] = _Branches(
                self._node_key(node_id), branch_of)
        return table

    def next_plan(self, plan: NodePlan, branch: int) -> NodePlan:
        """The plan of the node a branch of plan's node goes to."""
        nxt = plan.next_plans[branch]
        if nxt is None:
            nxt = plan.next_plans[branch] = self.plan(plan.targets[branch])
        return nxt

    def candidates(self, node_id: Optional[str]) -> frozenset[str]:
        """Intents that can be live at a node: its branches, faq, opt-out and refusal intents."""
        return self.plan(node_id)

    def evaluate(self, node_id: Optional[str], text: str) -> Evaluation:
        return self.matcher.evaluate(text, self.candidates(node_id))

    def decide(self, node_id: Optional[str], ev: Evaluation) -> Decision:
        """The choice order of DESIGN.md 2.3. (Explanations are written when read.)"""
        return self.decide_at(self._plans.get(node_id) or self._branches(node_id), ev)

    def decide_at(self, plan: "NodePlan | _Branches", ev: Evaluation) -> Decision:
        """decide() at the node of a plan (or of its _Branches)."""
        hits = ev.hits
        if len(hits) == 1:  # most turns: one intent, one look-up per rule
            (iid, hit), = hits.items()
            if iid in self._opt_out_set:
                return new_decision("opt_out", iid, hit.keyword, None, None, None)
            i = plan.branch_of.get(iid)
            if i is not None:  # the commonest decision: new_decision(...), inline
                d = _new(Decision)
                d.kind = "branch"
                d.intent = iid
                d.keyword = hit.keyword
                d.branch = i
                d.faq = d.limit = d._explanation = None
                d._node = plan.node
                return d
            i = self._faq_first.get(iid)
            if i is not None:
                return new_decision("faq", iid, hit.keyword, None, i, None)
            if iid in self.refusal_intents:
                return new_decision("refusal", iid, hit.keyword, None, None, None)
            return new_decision("no_match", None, None, None, None, None)
        if not hits:
            return new_decision("no_match", None, None, None, None, None)
        for iid in self._opt_out:
            if iid in hits:
                return new_decision("opt_out", iid, hits[iid].keyword, None, None, None)
        branch_of = plan.branch_of
        if branch_of:
            first = None  # the node's first branch with a hit (a turn has a hit or two)
            for iid, hit in hits.items():
                i = branch_of.get(iid)
                if i is not None and (first is None or i < first):
                    first, intent, keyword = i, iid, hit.keyword
            if first is not None:
                return new_decision("branch", intent, keyword, first, None, plan.node)
        faq_first = self._faq_first
        first = None  # the first faq entry with a hit
        for iid in hits:
            if iid in faq_first and (first is None or faq_first[iid] < first):
                first = faq_first[iid]
        if first is not None:
            intent = self._faq_intents[first]
            return new_decision("faq", intent, hits[intent].keyword, None, first, None)
        for iid in self._refusal:
            if iid in hits:
                return new_decision("refusal", iid, hits[iid].keyword, None, None, None)
        return new_decision("no_match", None, None, None, None, None)

    def match(self, node_id: Optional[str], text: str) -> tuple[Evaluation, Decision]:
        """What a phrase would do at a node, without a call (the editors' live box)."""
        ev = self.evaluate(node_id, text)
        return ev, self.decide(node_id, ev)
