"""The script: a container of value objects, changed only through its mutation methods.

Every mutation emits a ModelEvent and returns what is needed to undo it, so an undo command
is "call the inverse method with the returned value". Nothing here knows about Qt.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

from designer.model.events import EventHub, ModelEvent
from designer.model.types import (
    Business,
    CallingWindow,
    FaqEntry,
    Grading,
    Intent,
    Limits,
    Node,
    Variable,
    Voice,
)

# Sections that are replaced whole by set_section (each a value object or a plain value).
SECTIONS = (
    "name", "version", "language", "voice", "business", "calling_window", "limits",
    "variables", "grading", "policies", "start",
)


class ModelError(ValueError):
    """A mutation that would break the model's own invariants (unknown id, id taken)."""


@dataclass
class SourceMap:
    """Where each part of a loaded script stood in its file: path tuple -> (line, column),
    both 1-based. Paths look like ("flow", "nodes", "opening", "branches", 0, "goto")."""

    file: str = ""
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, *path: Any) -> Optional[int]:
        """The line of the deepest known prefix of path (so a missing field maps to its parent)."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p][0]
            p = p[:-1]
        return None

    def position_of(self, *path: Any) -> tuple[Optional[int], Optional[int]]:
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return (None, None)


@dataclass
class Script:
    name: str = ""
    version: str = ""
    language: str = "zh-CN"
    voice: Voice = field(default_factory=Voice)
    business: Business = field(default_factory=Business)
    calling_window: Optional[CallingWindow] = None
    limits: Limits = field(default_factory=Limits)
    variables: dict[str, Variable] = field(default_factory=dict)
    intents: dict[str, Intent] = field(default_factory=dict)
    start: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    faq: list[FaqEntry] = field(default_factory=list)
    grading: Grading = field(default_factory=Grading)
    policies: tuple[str, ...] = ()
    source: SourceMap = field(default_factory=SourceMap, compare=False, repr=False)
    path: Optional[str] = field(default=None, compare=False, repr=False)
    events: EventHub = field(default_factory=EventHub, compare=False, repr=False)

    # ---- queries -------------------------------------------------------------------------
    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise ModelError(f"no node {node_id!r}") from None

    def intent(self, intent_id: str) -> Intent:
        try:
            return self.intents[intent_id]
        except KeyError:
            raise ModelError(f"no intent {intent_id!r}") from None

    def faq_for(self, intent_id: str) -> Optional[FaqEntry]:
        for entry in self.faq:
            if entry.intent == intent_id:
                return entry
        return None

    def intents_of_kind(self, kind: str) -> list[str]:
        return [iid for iid, it in self.intents.items() if it.kind == kind]

    def edges(self) -> Iterator[tuple[str, str, str, Any]]:
        """(source, target, kind, detail) for every arrow of the flow: kind is branch (detail:
        branch index), next, no_match, no_input, faq_goto (detail: faq index)."""
        for nid, node in self.nodes.items():
            for i, br in enumerate(node.branches):
                yield nid, br.goto, "branch", i
            if node.next:
                yield nid, node.next, "next", None
            for kind in ("no_match", "no_input"):
                handler = getattr(node, kind)
                if handler is not None and handler.then:
                    yield nid, handler.then, kind, None

    def new_node_id(self, base: str = "node") -> str:
        i = 1
        while f"{base}_{i}" in self.nodes:
            i += 1
        return f"{base}_{i}"

    # ---- nodes ---------------------------------------------------------------------------
    def add_node(self, node_id: str, node: Node, index: Optional[int] = None) -> None:
        if not node_id:
            raise ModelError("a node needs an id")
        if node_id in self.nodes:
            raise ModelError(f"node id {node_id!r} is already used")
        if index is None or index >= len(self.nodes):
            self.nodes[node_id] = node
        else:  # a dict cannot insert in the middle: rebuilt (remove_nodes/restore_nodes batch)
            items = list(self.nodes.items())
            items.insert(index, (node_id, node))
            self.nodes = dict(items)
        self.events.emit(ModelEvent("node_added", node_id))

    def remove_node(self, node_id: str) -> tuple[int, Node]:
        """Remove a node; returns (index, node) for undo. Arrows into it are left dangling:
        callers that want a clean delete remove those first (see ui commands)."""
        node = self.node(node_id)
        last = next(reversed(self.nodes))
        index = len(self.nodes) - 1 if last == node_id else list(self.nodes).index(node_id)
        del self.nodes[node_id]
        self.events.emit(ModelEvent("node_removed", node_id))
        return index, node

    def remove_nodes(self, node_ids: Iterable[str]) -> list[tuple[int, str, Node]]:
        """Remove several nodes (as remove_node each); returns (index, id, node) of each in
        the order they stood, for restore_nodes. One pass over the nodes, however many go
        (remove_node finds each index by a scan: deleting all of 10,000 nodes took seconds)."""
        gone = set(node_ids)
        missing = [nid for nid in gone if nid not in self.nodes]
        if missing:
            raise ModelError(f"no node {sorted(missing)[0]!r}")
        removed = [(i, nid, node) for i, (nid, node) in enumerate(self.nodes.items())
                   if nid in gone]
        for _i, nid, _node in removed:
            del self.nodes[nid]
            self.events.emit(ModelEvent("node_removed", nid))
        return removed

    def restore_nodes(self, removed: list[tuple[int, str, Node]]) -> None:
        """Put back nodes remove_nodes removed, each at its old place: the nodes are rebuilt
        once (re-adding them one by one at their places rebuilt them once per node: undoing
        the delete of 10,000 nodes took half a minute)."""
        taken = [nid for _i, nid, _node in removed if nid in self.nodes]
        if taken:
            raise ModelError(f"node id {taken[0]!r} is already used")
        rest = iter(self.nodes.items())
        items: list[tuple[str, Node]] = []
        for index, nid, node in sorted(removed, key=lambda r: r[0]):
            while len(items) < index:
                nxt = next(rest, None)
                if nxt is None:
                    break
                items.append(nxt)
            items.append((nid, node))
        items.extend(rest)
        self.nodes = dict(items)
        for _i, nid, _node in removed:
            self.events.emit(ModelEvent("node_added", nid))

    def replace_node(self, node_id: str, node: Node) -> Node:
        old = self.node(node_id)
        if old != node:
            self.nodes[node_id] = node
            self.events.emit(ModelEvent("node_changed", node_id, None))
        return old

    def set_node_field(self, node_id: str, name: str, value: Any) -> Any:
        """Set one field of a node; returns the old value. A value equal to the current one
        changes nothing and emits nothing (this stops view feedback loops)."""
        old_node = self.node(node_id)
        if name not in {f.name for f in dataclasses.fields(Node)}:
            raise ModelError(f"nodes have no field {name!r}")
        old = getattr(old_node, name)
        if old == value:
            return old
        self.nodes[node_id] = dataclasses.replace(old_node, **{name: value})
        self.events.emit(ModelEvent("node_changed", node_id, name))
        return old

    def rename_node(self, old_id: str, new_id: str) -> None:
        """Rename a node and every reference to it (branches, next, handlers, faq goto,
        on_limit, start, grading rules)."""
        if old_id == new_id:
            return
        self.node(old_id)
        if not new_id or new_id in self.nodes:
            raise ModelError(f"node id {new_id!r} is empty or already used")
        self.events._muted += 1
        try:
            self.nodes = {(new_id if k == old_id else k): v for k, v in self.nodes.items()}
            for nid, node in list(self.nodes.items()):
                self.nodes[nid] = _retarget_node(node, old_id, new_id)
            self.faq = [dataclasses.replace(e, goto=new_id) if e.goto == old_id else e for e in self.faq]
            if self.start == old_id:
                self.start = new_id
            if self.limits.on_limit == old_id:
                self.limits = dataclasses.replace(self.limits, on_limit=new_id)
            self.grading = _retarget_grading(self.grading, old_id, new_id)
        finally:
            self.events._muted -= 1
        self.events.emit(ModelEvent("node_renamed", new_id, old_id))

    # ---- intents -------------------------------------------------------------------------
    def add_intent(self, intent_id: str, intent: Intent, index: Optional[int] = None) -> None:
        if not intent_id or intent_id in self.intents:
            raise ModelError(f"intent id {intent_id!r} is empty or already used")
        items = list(self.intents.items())
        items.insert(len(items) if index is None else index, (intent_id, intent))
        self.intents = dict(items)
        self.events.emit(ModelEvent("intent_added", intent_id))

    def remove_intent(self, intent_id: str) -> tuple[int, Intent]:
        intent = self.intent(intent_id)
        index = list(self.intents).index(intent_id)
        del self.intents[intent_id]
        self.events.emit(ModelEvent("intent_removed", intent_id))
        return index, intent

    def replace_intent(self, intent_id: str, intent: Intent) -> Intent:
        old = self.intent(intent_id)
        if old != intent:
            self.intents[intent_id] = intent
            self.events.emit(ModelEvent("intent_changed", intent_id))
        return old

    def set_intent_field(self, intent_id: str, name: str, value: Any) -> Any:
        old_intent = self.intent(intent_id)
        old = getattr(old_intent, name)
        if old != value:
            self.intents[intent_id] = dataclasses.replace(old_intent, **{name: value})
            self.events.emit(ModelEvent("intent_changed", intent_id, name))
        return old

    # ---- faq -----------------------------------------------------------------------------
    def add_faq(self, entry: FaqEntry, index: Optional[int] = None) -> int:
        index = len(self.faq) if index is None else index
        self.faq.insert(index, entry)
        self.events.emit(ModelEvent("faq_added", index))
        return index

    def remove_faq(self, index: int) -> FaqEntry:
        entry = self.faq.pop(index)
        self.events.emit(ModelEvent("faq_removed", index))
        return entry

    def replace_faq(self, index: int, entry: FaqEntry) -> FaqEntry:
        old = self.faq[index]
        if old != entry:
            self.faq[index] = entry
            self.events.emit(ModelEvent("faq_changed", index))
        return old

    # ---- whole sections ------------------------------------------------------------------
    def set_section(self, name: str, value: Any) -> Any:
        """Replace a top-level section (name, language, voice, business, calling_window,
        limits, variables, grading, policies, start); returns the old value."""
        if name not in SECTIONS:
            raise ModelError(f"no section {name!r}")
        old = getattr(self, name)
        if old == value:
            return old
        setattr(self, name, dict(value) if isinstance(value, dict) else value)
        self.events.emit(ModelEvent("section_changed", name))
        return old

    def copy(self) -> "Script":
        """A detached copy (value objects are shared; containers are new; no listeners)."""
        return dataclasses.replace(
            self, variables=dict(self.variables), intents=dict(self.intents),
            nodes=dict(self.nodes), faq=list(self.faq), events=EventHub(),
        )


def _retarget_node(node: Node, old: str, new: str) -> Node:
    changes: dict[str, Any] = {}
    if any(b.goto == old for b in node.branches):
        changes["branches"] = tuple(
            dataclasses.replace(b, goto=new) if b.goto == old else b for b in node.branches
        )
    if node.next == old:
        changes["next"] = new
    for kind in ("no_match", "no_input"):
        handler = getattr(node, kind)
        if handler is not None and handler.then == old:
            changes[kind] = dataclasses.replace(handler, then=new)
    return dataclasses.replace(node, **changes) if changes else node


def _retarget_grading(grading: Grading, old: str, new: str) -> Grading:
    def fix(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if i == old else i for i in ids)

    rules = tuple(
        dataclasses.replace(
            r, when=dataclasses.replace(r.when, reached_any=fix(r.when.reached_any),
                                        reached_all=fix(r.when.reached_all))
        )
        for r in grading.rules
    )
    return dataclasses.replace(grading, rules=rules)
