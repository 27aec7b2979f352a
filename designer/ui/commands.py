"""Undo commands: the only way the window changes the script.

Each command calls model mutation methods only (never a view); the view follows the model's
events. redo() applies, undo() puts back what the mutation returned. Commands with the same
id() and target merge (typing in a field, nudging a node) so one edit is one undo step.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Optional

from PySide6.QtGui import QUndoCommand

from designer.model import Branch, FaqEntry, Intent, Node, Script

_MERGE_SET_NODE_FIELD = 1001
_MERGE_MOVE = 1002


class MacroCommand(QUndoCommand):
    """Several commands as one undo step: redo in order, undo in reverse.

    The steps are kept as Python objects, not as Qt children (QUndoCommand(parent)): PySide6
    6.12 neither keeps a child's Python object alive nor hands its ownership to the parent, so
    a Qt child macro either called freed memory on redo or was deleted twice at exit (both
    segfaults, seen on Delete). Commands below take `parent=` and append themselves here."""

    def __init__(self, text: str = ""):
        super().__init__(text)
        self.steps: list[QUndoCommand] = []

    def redo(self) -> None:
        for step in self.steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self.steps):
            step.undo()


def _attach(step: QUndoCommand, parent: Optional[MacroCommand]) -> None:
    if parent is not None:
        parent.steps.append(step)


class SetNodeField(QUndoCommand):
    def __init__(self, script: Script, node_id: str, name: str, value: Any,
                 text: str = "", merge: bool = False):
        super().__init__(text or f"Edit {name} of {node_id}")
        self.script, self.node_id, self.name, self.value = script, node_id, name, value
        self.old: Any = script.node(node_id).__getattribute__(name)
        self._merge = merge

    def redo(self) -> None:
        self.script.set_node_field(self.node_id, self.name, self.value)

    def undo(self) -> None:
        self.script.set_node_field(self.node_id, self.name, self.old)

    def id(self) -> int:
        return _MERGE_SET_NODE_FIELD if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (isinstance(other, SetNodeField) and other._merge and other.node_id == self.node_id
                and other.name == self.name):
            self.value = other.value
            return True
        return False


class MoveNodes(QUndoCommand):
    """One drag (of one or several nodes) is one command, pushed on mouse release."""

    def __init__(self, script: Script, moves: dict[str, tuple[tuple[float, float] | None,
                                                              tuple[float, float]]]):
        super().__init__("Move node" if len(moves) == 1 else f"Move {len(moves)} nodes")
        self.script, self.moves = script, moves

    def redo(self) -> None:
        for nid, (_old, new) in self.moves.items():
            self.script.set_node_field(nid, "position", new)

    def undo(self) -> None:
        for nid, (old, _new) in self.moves.items():
            self.script.set_node_field(nid, "position", old)


class AddNode(QUndoCommand):
    def __init__(self, script: Script, node_id: str, node: Node, text: str = ""):
        super().__init__(text or f"Add node {node_id}")
        self.script, self.node_id, self.node = script, node_id, node

    def redo(self) -> None:
        self.script.add_node(self.node_id, self.node)

    def undo(self) -> None:
        self.script.remove_node(self.node_id)


class RemoveNodes(QUndoCommand):
    """Removes nodes (arrows into them are the macro's other children: remove_nodes_command);
    undo puts each back at its place, in one rebuild of the node order."""

    def __init__(self, script: Script, node_ids: list[str], parent: Optional[MacroCommand] = None):
        super().__init__(f"Delete {len(node_ids)} node(s)")
        _attach(self, parent)
        self.script, self.node_ids = script, node_ids
        self.removed: list[tuple[int, str, Node]] = []

    def redo(self) -> None:
        self.removed = self.script.remove_nodes(self.node_ids)

    def undo(self) -> None:
        self.script.restore_nodes(self.removed)


def remove_nodes_command(script: Script, node_ids: Iterable[str]) -> MacroCommand:
    """A macro deleting nodes: arrows into them are removed first, then the nodes."""
    ids = [n for n in node_ids if n in script.nodes]
    macro = MacroCommand(f"Delete {len(ids)} node(s)" if len(ids) != 1 else f"Delete node {ids[0]}")
    gone = set(ids)
    for nid, node in script.nodes.items():
        if nid in gone:
            continue
        branches = tuple(b for b in node.branches if b.goto not in gone)
        if branches != node.branches:
            _child_set(script, nid, "branches", branches, macro)
        if node.next in gone:
            _child_set(script, nid, "next", None, macro)
        for kind in ("no_match", "no_input"):
            h = getattr(node, kind)
            if h is not None and h.then in gone:
                _child_set(script, nid, kind, dataclasses.replace(h, then=None), macro)
    for i, entry in enumerate(script.faq):
        if entry.goto in gone:
            ReplaceFaq(script, i, dataclasses.replace(entry, goto=None), parent=macro)
    if script.limits.on_limit in gone:
        SetSection(script, "limits", dataclasses.replace(script.limits, on_limit=None),
                   parent=macro)
    if ids:
        RemoveNodes(script, ids, parent=macro)
    return macro


class _ChildSetNodeField(QUndoCommand):
    def __init__(self, script: Script, node_id: str, name: str, value: Any, parent: MacroCommand):
        super().__init__(f"Edit {name} of {node_id}")
        _attach(self, parent)
        self.script, self.node_id, self.name, self.value = script, node_id, name, value
        self.old = getattr(script.node(node_id), name)

    def redo(self) -> None:
        self.script.set_node_field(self.node_id, self.name, self.value)

    def undo(self) -> None:
        self.script.set_node_field(self.node_id, self.name, self.old)


def _child_set(script: Script, nid: str, name: str, value: Any, parent: MacroCommand) -> None:
    _ChildSetNodeField(script, nid, name, value, parent)


class RenameNode(QUndoCommand):
    """Rename a node and every reference to it. A reference to the new id may already be
    there, left dangling when a node of that name was deleted: the rename makes it point at
    this node, and renaming back would carry it along to the old id. So the places that
    referred to the new id beforehand are remembered and set back on undo."""

    def __init__(self, script: Script, old_id: str, new_id: str):
        super().__init__(f"Rename node {old_id} to {new_id}")
        self.script, self.old_id, self.new_id = script, old_id, new_id
        self.dangling = _places_referring_to(script, new_id)

    def redo(self) -> None:
        self.script.rename_node(self.old_id, self.new_id)

    def undo(self) -> None:
        s = self.script
        s.rename_node(self.new_id, self.old_id)
        for kind, key, value in self.dangling:
            if kind == "node":
                nid, name = key
                s.set_node_field(nid, name, value)
            elif kind == "faq":
                s.replace_faq(key, value)
            else:
                s.set_section(key, value)


def _places_referring_to(script: Script, node_id: str) -> list[tuple[str, Any, Any]]:
    """(kind, where, value as it is now) of every field that refers to node_id: node fields
    as ("node", (node, field)), faq entries by index, whole sections by name."""
    places: list[tuple[str, Any, Any]] = []
    for nid, node in script.nodes.items():
        if any(b.goto == node_id for b in node.branches):
            places.append(("node", (nid, "branches"), node.branches))
        if node.next == node_id:
            places.append(("node", (nid, "next"), node.next))
        for kind in ("no_match", "no_input"):
            handler = getattr(node, kind)
            if handler is not None and handler.then == node_id:
                places.append(("node", (nid, kind), handler))
    for i, entry in enumerate(script.faq):
        if entry.goto == node_id:
            places.append(("faq", i, entry))
    if script.start == node_id:
        places.append(("section", "start", script.start))
    if script.limits.on_limit == node_id:
        places.append(("section", "limits", script.limits))
    if any(node_id in r.when.reached_any or node_id in r.when.reached_all
           for r in script.grading.rules):
        places.append(("section", "grading", script.grading))
    return places


class AddBranch(QUndoCommand):
    """Drag from one node to another: a new branch (listening nodes only)."""

    def __init__(self, script: Script, node_id: str, branch: Branch, index: Optional[int] = None):
        super().__init__(f"Add branch {node_id} -> {branch.goto}")
        node = script.node(node_id)
        self.script, self.node_id = script, node_id
        self.old = node.branches
        i = len(node.branches) if index is None else index
        self.new = node.branches[:i] + (branch,) + node.branches[i:]

    def redo(self) -> None:
        self.script.set_node_field(self.node_id, "branches", self.new)

    def undo(self) -> None:
        self.script.set_node_field(self.node_id, "branches", self.old)


class AddIntent(QUndoCommand):
    def __init__(self, script: Script, intent_id: str, intent: Intent):
        super().__init__(f"Add intent {intent_id}")
        self.script, self.intent_id, self.intent = script, intent_id, intent

    def redo(self) -> None:
        self.script.add_intent(self.intent_id, self.intent)

    def undo(self) -> None:
        self.script.remove_intent(self.intent_id)


class RemoveIntent(QUndoCommand):
    def __init__(self, script: Script, intent_id: str):
        super().__init__(f"Delete intent {intent_id}")
        self.script, self.intent_id = script, intent_id
        self.index, self.intent = 0, None

    def redo(self) -> None:
        self.index, self.intent = self.script.remove_intent(self.intent_id)

    def undo(self) -> None:
        self.script.add_intent(self.intent_id, self.intent, self.index)


class ReplaceIntent(QUndoCommand):
    """Any edit of an intent (label, kind, keywords, exclude): the new value replaces it."""

    def __init__(self, script: Script, intent_id: str, intent: Intent, text: str = ""):
        super().__init__(text or f"Edit intent {intent_id}")
        self.script, self.intent_id, self.new = script, intent_id, intent
        self.old = script.intent(intent_id)

    def redo(self) -> None:
        self.script.replace_intent(self.intent_id, self.new)

    def undo(self) -> None:
        self.script.replace_intent(self.intent_id, self.old)


class AddFaq(QUndoCommand):
    def __init__(self, script: Script, entry: FaqEntry, index: Optional[int] = None):
        super().__init__(f"Add faq answer for {entry.intent}")
        self.script, self.entry = script, entry
        self.index = len(script.faq) if index is None else index

    def redo(self) -> None:
        self.script.add_faq(self.entry, self.index)

    def undo(self) -> None:
        self.script.remove_faq(self.index)


class RemoveFaq(QUndoCommand):
    def __init__(self, script: Script, index: int):
        super().__init__(f"Delete faq entry {index + 1}")
        self.script, self.index = script, index
        self.entry = script.faq[index]

    def redo(self) -> None:
        self.script.remove_faq(self.index)

    def undo(self) -> None:
        self.script.add_faq(self.entry, self.index)


class ReplaceFaq(QUndoCommand):
    def __init__(self, script: Script, index: int, entry: FaqEntry,
                 parent: Optional[MacroCommand] = None):
        super().__init__(f"Edit faq entry {index + 1}")
        _attach(self, parent)
        self.script, self.index, self.new = script, index, entry
        self.old = script.faq[index]

    def redo(self) -> None:
        self.script.replace_faq(self.index, self.new)

    def undo(self) -> None:
        self.script.replace_faq(self.index, self.old)


class SetSection(QUndoCommand):
    """Replace a whole section: name, language, voice, business, calling_window, limits,
    variables, grading, policies, start."""

    def __init__(self, script: Script, name: str, value: Any, text: str = "",
                 parent: Optional[MacroCommand] = None):
        super().__init__(text or f"Edit {name}")
        _attach(self, parent)
        self.script, self.name, self.new = script, name, value
        self.old = getattr(script, name)
        if isinstance(self.old, dict):
            self.old = dict(self.old)

    def redo(self) -> None:
        self.script.set_section(self.name, self.new)

    def undo(self) -> None:
        self.script.set_section(self.name, self.old)


class AddNodes(QUndoCommand):
    """Paste: several nodes with their internal branches, in one step."""

    def __init__(self, script: Script, nodes: dict[str, Node]):
        super().__init__(f"Paste {len(nodes)} node(s)")
        self.script, self.nodes = script, nodes

    def redo(self) -> None:
        for nid, node in self.nodes.items():
            self.script.add_node(nid, node)

    def undo(self) -> None:
        self.script.remove_nodes(list(self.nodes))


# ---- inspector, intents and faq editors ------------------------------------------------------
class SetNodeFields(QUndoCommand):
    """Several fields of one node in one step (changing a node's kind clears the fields the
    new kind does not use: a node either listens, continues or ends)."""

    def __init__(self, script: Script, node_id: str, values: dict[str, Any], text: str = ""):
        super().__init__(text or f"Edit {node_id}")
        node = script.node(node_id)
        self.script, self.node_id = script, node_id
        self.new = {k: v for k, v in values.items() if getattr(node, k) != v}
        self.old = {k: getattr(node, k) for k in self.new}

    def redo(self) -> None:
        for name, value in self.new.items():
            self.script.set_node_field(self.node_id, name, value)

    def undo(self) -> None:
        for name in reversed(list(self.old)):
            self.script.set_node_field(self.node_id, name, self.old[name])


class AddIntentAt(QUndoCommand):
    """Add an intent at a given place in the list (the list order is the file's order and
    the order in which opt-out and refusal intents are tried)."""

    def __init__(self, script: Script, intent_id: str, intent: Intent, index: int):
        super().__init__(f"Add intent {intent_id}")
        self.script, self.intent_id, self.intent, self.index = script, intent_id, intent, index

    def redo(self) -> None:
        self.script.add_intent(self.intent_id, self.intent, self.index)

    def undo(self) -> None:
        self.script.remove_intent(self.intent_id)


class RenameIntent(QUndoCommand):
    """Rename an intent and every reference to it (branches, faq entries, grading rules), as
    one undo step composed of the existing commands, applied in order and undone in reverse."""

    def __init__(self, script: Script, old_id: str, new_id: str, text: str = ""):
        super().__init__(text or f"Rename intent {old_id} to {new_id}")
        self.old_id, self.new_id = old_id, new_id
        index = list(script.intents).index(old_id)
        steps: list[QUndoCommand] = [AddIntentAt(script, new_id, script.intent(old_id), index)]
        for nid, node in script.nodes.items():
            if any(b.intent == old_id for b in node.branches):
                branches = tuple(dataclasses.replace(b, intent=new_id) if b.intent == old_id
                                 else b for b in node.branches)
                steps.append(SetNodeField(script, nid, "branches", branches))
        for i, entry in enumerate(script.faq):
            if entry.intent == old_id:
                steps.append(ReplaceFaq(script, i, dataclasses.replace(entry, intent=new_id)))
        grading = _rename_in_grading(script.grading, old_id, new_id)
        if grading != script.grading:
            steps.append(SetSection(script, "grading", grading))
        steps.append(RemoveIntent(script, old_id))
        self.steps = steps

    def redo(self) -> None:
        for step in self.steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self.steps):
            step.undo()


def _rename_in_grading(grading: Any, old: str, new: str) -> Any:
    def fix(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if i == old else i for i in ids)

    rules = tuple(dataclasses.replace(r, when=dataclasses.replace(
        r.when, intents_any=fix(r.when.intents_any), intents_all=fix(r.when.intents_all)))
        for r in grading.rules)
    return dataclasses.replace(grading, rules=rules)


class MoveFaq(QUndoCommand):
    """Move a faq entry up or down: the first entry with a hit answers (DESIGN.md 2.3)."""

    def __init__(self, script: Script, index: int, new_index: int, text: str = ""):
        super().__init__(text or f"Move faq entry {index + 1}")
        self.script, self.index, self.new_index = script, index, new_index

    def redo(self) -> None:
        entry = self.script.remove_faq(self.index)
        self.script.add_faq(entry, self.new_index)

    def undo(self) -> None:
        entry = self.script.remove_faq(self.new_index)
        self.script.add_faq(entry, self.index)


class DeleteIntent(QUndoCommand):
    """Delete an intent with the branches that route it and the faq entries that answer it;
    one undo step puts all back. Grading rules that name it are left for the writer to fix
    (dropping a condition would silently change which calls a rule grades)."""

    def __init__(self, script: Script, intent_id: str, text: str = ""):
        super().__init__(text or f"Delete intent {intent_id}")
        self.intent_id = intent_id
        steps: list[QUndoCommand] = []
        for i in reversed(range(len(script.faq))):  # from the end: earlier indexes stay valid
            if script.faq[i].intent == intent_id:
                steps.append(RemoveFaq(script, i))
        for nid, node in script.nodes.items():
            branches = tuple(b for b in node.branches if b.intent != intent_id)
            if branches != node.branches:
                steps.append(SetNodeField(script, nid, "branches", branches))
        steps.append(RemoveIntent(script, intent_id))
        self.steps = steps

    def redo(self) -> None:
        for step in self.steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self.steps):
            step.undo()


def intent_references(script: Script, intent_id: str) -> dict[str, int]:
    """How many branches, faq entries and grading rules name an intent."""
    return {
        "branches": sum(b.intent == intent_id for n in script.nodes.values() for b in n.branches),
        "faq": sum(e.intent == intent_id for e in script.faq),
        "grading": sum(intent_id in r.when.intents_any + r.when.intents_all
                       for r in script.grading.rules),
    }


def remove_edges_command(script: Script, keys: Iterable[tuple]) -> MacroCommand:
    """A macro removing arrows named by canvas edge keys: ("branch", node, index),
    ("next", node), ("no_match", node), ("no_input", node), ("faq", target) (every faq goto
    to target goes back to `then: resume`)."""
    keys = list(keys)
    macro = MacroCommand("Delete arrow" if len(keys) == 1 else f"Delete {len(keys)} arrows")
    drop_branches: dict[str, set[int]] = {}
    for key in keys:
        kind, where = key[0], key[1]
        if kind == "branch":
            drop_branches.setdefault(where, set()).add(key[2])
        elif kind == "next":
            _child_set(script, where, "next", None, macro)
        elif kind in ("no_match", "no_input"):
            handler = getattr(script.node(where), kind)
            if handler is not None:
                _child_set(script, where, kind, dataclasses.replace(handler, then=None), macro)
        elif kind == "faq":
            for i, entry in enumerate(script.faq):
                if entry.goto == where:
                    ReplaceFaq(script, i, dataclasses.replace(entry, goto=None, then="resume"),
                               parent=macro)
    for nid, indexes in drop_branches.items():
        branches = tuple(b for i, b in enumerate(script.node(nid).branches) if i not in indexes)
        _child_set(script, nid, "branches", branches, macro)
    return macro
