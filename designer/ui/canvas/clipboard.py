"""Copy and paste of nodes. The clipboard holds a small script file (the nodes, the intents
their branches use): readable as text, and pasteable into another script.

Pasting gives every node a fresh id (`greet` -> `greet_copy`, `greet_copy_2`...), rewires the
arrows between pasted nodes to the copies, keeps arrows to nodes outside the copy when such a
node exists where it is pasted, adds intents the target script lacks, and moves the cards by
an offset so they do not cover the originals. One paste is one undo step."""
from __future__ import annotations

import dataclasses
from typing import Optional

from PySide6.QtGui import QGuiApplication, QUndoCommand

from designer.formats.script_yaml import dump_script, parse_script
from designer.model import Node, Script, ScriptFileError
from designer.ui import commands as cmd

PASTE_OFFSET = (40.0, 40.0)


def copy_text(script: Script, node_ids: list[str],
              positions: Optional[dict[str, tuple[float, float]]] = None) -> str:
    """The selected nodes as a small script file. positions: where the cards are drawn (for
    nodes whose position comes from the automatic layout)."""
    chosen = set(node_ids)
    ids = [n for n in script.nodes if n in chosen]  # file order, whatever the selection order
    part = Script(name=script.name, language=script.language, start=ids[0] if ids else "")
    used = set()
    for nid in ids:
        node = script.nodes[nid]
        if node.position is None and positions and nid in positions:
            node = dataclasses.replace(node, position=positions[nid])
        part.nodes[nid] = node
        used.update(b.intent for b in node.branches)
    part.intents = {iid: it for iid, it in script.intents.items() if iid in used}
    return dump_script(part)


def put_on_clipboard(text: str) -> None:
    """As plain text (a script file is recognisable by its first key). Not as QMimeData of
    our own type: PySide6 6.11 deletes a QMimeData set from Python twice at exit (segfault)."""
    QGuiApplication.clipboard().setText(text)


def clipboard_text() -> Optional[str]:
    """The clipboard's text when it is a script fragment (ours, or YAML copied elsewhere)."""
    text = QGuiApplication.clipboard().text()
    return text if text.lstrip().startswith("callscript:") else None


def paste_command(script: Script, text: str,
                  offset: tuple[float, float] = PASTE_OFFSET) -> tuple[Optional[QUndoCommand],
                                                                       list[str]]:
    """The command pasting the nodes in text into script, and the new node ids.
    Raises ScriptFileError when text is not a script fragment."""
    part = parse_script(text, "<clipboard>")
    if not part.nodes:
        return None, []
    new_ids = _fresh_ids(script, list(part.nodes))
    nodes = {new_ids[old]: _rewire(node, new_ids, script, offset)
             for old, node in part.nodes.items()}
    missing = [iid for iid in part.intents if iid not in script.intents]
    if not missing:
        return cmd.AddNodes(script, nodes), list(nodes)
    macro = cmd.MacroCommand(f"Paste {len(nodes)} node(s)")
    macro.steps += [cmd.AddIntent(script, iid, part.intents[iid]) for iid in missing]
    macro.steps.append(cmd.AddNodes(script, nodes))
    return macro, list(nodes)


def _fresh_ids(script: Script, ids: list[str]) -> dict[str, str]:
    taken = set(script.nodes)
    out = {}
    for old in ids:
        new = old if old not in taken else f"{old}_copy"
        i = 2
        while new in taken:
            new = f"{old}_copy_{i}"
            i += 1
        taken.add(new)
        out[old] = new
    return out


def _rewire(node: Node, new_ids: dict[str, str], script: Script,
            offset: tuple[float, float]) -> Node:
    def target(goto: Optional[str]) -> Optional[str]:
        if goto is None:
            return None
        if goto in new_ids:
            return new_ids[goto]
        return goto if goto in script.nodes else None

    branches = tuple(dataclasses.replace(b, goto=target(b.goto)) for b in node.branches
                     if target(b.goto) is not None)
    changes: dict = {"branches": branches, "next": target(node.next)}
    for kind in ("no_match", "no_input"):
        handler = getattr(node, kind)
        if handler is not None and handler.then:
            changes[kind] = dataclasses.replace(handler, then=target(handler.then))
    if node.position is not None:
        changes["position"] = (node.position[0] + offset[0], node.position[1] + offset[1])
    return dataclasses.replace(node, **changes)


__all__ = ["ScriptFileError", "clipboard_text", "copy_text", "paste_command",
           "put_on_clipboard"]
