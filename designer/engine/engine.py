"""The compiled script: shared by every call of it. Deciding a turn is here; the running state
of one call is in session.py."""
from __future__ import annotations

from typing import Optional

from designer.engine.matcher import Evaluation, Matcher
from designer.engine.results import Decision
from designer.model import Script


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
        self._faq_intents = [e.intent for e in script.faq]
        self._faq_first: dict[str, int] = {}  # intent -> its first faq entry
        for i, intent in enumerate(self._faq_intents):
            self._faq_first.setdefault(intent, i)
        self._branch_intents = {nid: [b.intent for b in node.branches]
                                for nid, node in script.nodes.items()}
        self._candidates: dict[Optional[str], frozenset[str]] = {}

    def start(self, variables: Optional[dict[str, str]] = None):
        from designer.engine.session import CallSession

        return CallSession(self, variables)

    def candidates(self, node_id: Optional[str]) -> frozenset[str]:
        """Intents that can be live at a node: its branches, faq, opt-out and refusal intents."""
        c = self._candidates.get(node_id)
        if c is None:
            node = self.script.nodes.get(node_id) if node_id else None
            ids = set(self._opt_out) | set(self._refusal) | set(self._faq_intents)
            if node is not None:
                ids.update(b.intent for b in node.branches)
            c = self._candidates[node_id] = frozenset(i for i in ids if i in self.script.intents)
        return c

    def evaluate(self, node_id: Optional[str], text: str) -> Evaluation:
        return self.matcher.evaluate(text, self.candidates(node_id))

    def decide(self, node_id: Optional[str], ev: Evaluation) -> Decision:
        """The choice order of DESIGN.md 2.3."""
        hits = ev.hits
        for iid in self._opt_out:
            if iid in hits:
                return Decision("opt_out", iid, hits[iid].keyword,
                                explanation=f"opt-out intent {iid} always wins")
        if node_id:
            for i, intent in enumerate(self._branch_intents.get(node_id, ())):
                if intent in hits:
                    return Decision("branch", intent, hits[intent].keyword, branch=i,
                                    explanation=f"branch {i + 1} of {node_id} ({intent})")
        faq = [self._faq_first[i] for i in hits if i in self._faq_first]
        if faq:
            i = min(faq)
            intent = self._faq_intents[i]
            return Decision("faq", intent, hits[intent].keyword, faq=i,
                            explanation=f"faq entry {i + 1} ({intent})")
        for iid in self._refusal:
            if iid in hits:
                return Decision("refusal", iid, hits[iid].keyword,
                                explanation=f"refusal {iid}, handled by no branch")
        return Decision("no_match", explanation="no intent of this node matched")

    def match(self, node_id: Optional[str], text: str) -> tuple[Evaluation, Decision]:
        """What a phrase would do at a node, without a call (the editors' live box)."""
        ev = self.evaluate(node_id, text)
        return ev, self.decide(node_id, ev)
