"""The compiled script: shared by every call of it. Deciding a turn is here; the running state
of one call is in session.py."""
from __future__ import annotations

from typing import Optional

from designer.engine.matcher import Evaluation, Matcher
from designer.engine.results import Action, Decision, Line
from designer.engine.session import CallSession
from designer.model import Script
from designer.model.prompts import VARIABLE_RE


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
        # The tables below hold the very string objects that key script.intents and
        # script.nodes: the YAML gives every reference its own copy of an id, and a dict finds
        # the same object at once where an equal copy costs a comparison of cold memory.
        intent_id, node_id = _same_objects(script.intents), _same_objects(script.nodes)
        self._node_key = node_id  # the caches filled per node below are keyed the same way
        self._faq_intents = [intent_id(e.intent) for e in script.faq]
        self._faq_first: dict[str, int] = {}  # intent -> its first faq entry
        for i, intent in enumerate(self._faq_intents):
            self._faq_first.setdefault(intent, i)
        self._branch_intents = {nid: [intent_id(b.intent) for b in node.branches]
                                for nid, node in script.nodes.items()}
        # node -> its branch intents -> the first branch of each
        self._branch_of = {nid: {intent: i for i, intent in reversed(list(enumerate(intents)))}
                           for nid, intents in self._branch_intents.items()}
        # node -> where each of its branches goes
        self.branch_targets = {nid: [node_id(b.goto) for b in node.branches]
                               for nid, node in script.nodes.items()}
        # every node listens for these besides its branches
        self._shared = frozenset(self._opt_out + self._refusal + self._faq_intents)
        self._candidates: dict[Optional[str], frozenset[str]] = {}
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

    def candidates(self, node_id: Optional[str]) -> frozenset[str]:
        """Intents that can be live at a node: its branches, faq, opt-out and refusal intents."""
        c = self._candidates.get(node_id)
        if c is None:
            node = self.script.nodes.get(node_id) if node_id else None
            branches = [b.intent for b in node.branches] if node is not None else []
            c = self._candidates[self._node_key(node_id)] = self.matcher.candidates(
                self._shared, branches)
        return c

    def evaluate(self, node_id: Optional[str], text: str) -> Evaluation:
        return self.matcher.evaluate(text, self.candidates(node_id))

    def decide(self, node_id: Optional[str], ev: Evaluation) -> Decision:
        """The choice order of DESIGN.md 2.3. (Explanations are written when read.)"""
        hits = ev.hits
        if not hits:
            return Decision("no_match")
        for iid in self._opt_out:
            if iid in hits:
                return Decision("opt_out", iid, hits[iid].keyword)
        branch_of = self._branch_of.get(node_id) if node_id else None
        if branch_of:
            first = None  # the node's first branch with a hit (a turn has a hit or two)
            for iid, hit in hits.items():
                i = branch_of.get(iid)
                if i is not None and (first is None or i < first):
                    first, intent, keyword = i, iid, hit.keyword
            if first is not None:
                return Decision("branch", intent, keyword, first, None, None, None, node_id)
        faq_first = self._faq_first
        first = None  # the first faq entry with a hit
        for iid in hits:
            if iid in faq_first and (first is None or faq_first[iid] < first):
                first = faq_first[iid]
        if first is not None:
            intent = self._faq_intents[first]
            return Decision("faq", intent, hits[intent].keyword, None, first)
        for iid in self._refusal:
            if iid in hits:
                return Decision("refusal", iid, hits[iid].keyword)
        return Decision("no_match")

    def match(self, node_id: Optional[str], text: str) -> tuple[Evaluation, Decision]:
        """What a phrase would do at a node, without a call (the editors' live box)."""
        ev = self.evaluate(node_id, text)
        return ev, self.decide(node_id, ev)
