"""Coverage of nodes, branches, intents, keywords and faq entries over any number of calls,
with hit counts (for the canvas heat map)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from designer.engine.results import CallResult
from designer.model import Script


@dataclass
class Coverage:
    script: Script
    nodes: Counter = field(default_factory=Counter)  # node id -> visits
    branches: Counter = field(default_factory=Counter)  # (node id, branch index) -> taken
    transitions: Counter = field(default_factory=Counter)  # (from node, to node) -> times
    intents: Counter = field(default_factory=Counter)  # intent id -> chosen
    keywords: Counter = field(default_factory=Counter)  # (intent id, keyword index) -> won
    faq: Counter = field(default_factory=Counter)  # faq index -> answered
    calls: int = 0

    def add(self, result: CallResult) -> None:
        self.calls += 1
        self.nodes.update(result.path)
        self.transitions.update(zip(result.path, result.path[1:]))
        for turn in result.turns:
            d = turn.decision
            if d.intent is not None:
                self.intents[d.intent] += 1
                intent = self.script.intents.get(d.intent)
                if intent is not None and d.keyword in intent.keywords:
                    self.keywords[(d.intent, intent.keywords.index(d.keyword))] += 1
            if d.kind == "branch" and d.branch is not None:
                self.branches[(turn.node, d.branch)] += 1
            if d.kind == "faq" and d.faq is not None:
                self.faq[d.faq] += 1
            if d.kind == "opt_out":
                entry = self.script.faq_for(d.intent)
                if entry is not None:
                    self.faq[self.script.faq.index(entry)] += 1

    def merge(self, other: "Coverage") -> None:
        for name in ("nodes", "branches", "transitions", "intents", "keywords", "faq"):
            getattr(self, name).update(getattr(other, name))
        self.calls += other.calls

    # ---- the report -----------------------------------------------------------------------
    def universe(self) -> dict[str, list]:
        s = self.script
        return {
            "nodes": list(s.nodes),
            "branches": [(nid, i) for nid, n in s.nodes.items() for i in range(len(n.branches))],
            "intents": list(s.intents),
            "keywords": [(iid, k) for iid, it in s.intents.items()
                         for k in range(len(it.keywords))],
            "faq": list(range(len(s.faq))),
        }

    def missing(self) -> dict[str, list]:
        hits = {"nodes": self.nodes, "branches": self.branches, "intents": self.intents,
                "keywords": self.keywords, "faq": self.faq}
        return {k: [x for x in items if not hits[k][x]] for k, items in self.universe().items()}

    def to_json(self, with_missing: bool = True) -> dict:
        out = {}
        missing = self.missing()
        for kind, items in self.universe().items():
            entry = {"covered": len(items) - len(missing[kind]), "total": len(items)}
            if with_missing:
                entry["missing"] = [self.describe(kind, x) for x in missing[kind]]
            out[kind] = entry
        return out

    def describe(self, kind: str, item) -> str:
        s = self.script
        if kind == "branches":
            nid, i = item
            br = s.nodes[nid].branches[i]
            return f"{nid}[{i + 1}] {br.intent} -> {br.goto}"
        if kind == "keywords":
            iid, k = item
            return f"{iid}: {s.intents[iid].keywords[k]}"
        if kind == "faq":
            return f"faq[{item + 1}] {s.faq[item].intent}"
        return str(item)

    def summary_line(self) -> str:
        parts = []
        for kind, entry in self.to_json(with_missing=False).items():
            total = entry["total"]
            pct = 100.0 * entry["covered"] / total if total else 100.0
            parts.append(f"{kind} {entry['covered']}/{total} ({pct:.0f}%)")
        return "coverage: " + ", ".join(parts)
