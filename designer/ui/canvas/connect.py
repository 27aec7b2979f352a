"""What a drag from a card's handle to another card makes: a branch on an intent (picked from
a popup of the script's intents, the first one the node does not use yet first) or, for a node
that continues at once or has no branches yet, a `next` arrow."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu

from designer.model import Script

Choice = tuple[str, Optional[str]]  # ("branch", intent id) | ("next", None)


def default_intent(script: Script, source: str) -> Optional[str]:
    """The first intent (file order) the node has no branch for yet; else the first intent."""
    used = {b.intent for b in script.node(source).branches}
    for iid in script.intents:
        if iid not in used:
            return iid
    return next(iter(script.intents), None)


def connection_options(script: Script, source: str) -> list[tuple[str, Choice]]:
    """(text, choice) for every way source may be connected, the default first."""
    node = script.node(source)
    if node.end is not None:
        return []
    if node.next is not None:
        text = QCoreApplication.translate("Connect", "Continue here instead (next)")
        return [(text, ("next", None))]
    first = default_intent(script, source)
    options: list[tuple[str, Choice]] = []
    order = ([first] if first else []) + [i for i in script.intents if i != first]
    for iid in order:
        intent = script.intents[iid]
        text = f"{intent.label}  ({iid})" if intent.label and intent.label != iid else iid
        options.append((text, ("branch", iid)))
    if not node.branches:
        text = QCoreApplication.translate("Connect", "Continue without listening (next)")
        options.append((text, ("next", None)))
    return options


def choose_connection_menu(scene, source: str, target: str, screen_pos) -> Optional[Choice]:
    """The default chooser: a popup menu at the drop point."""
    options = connection_options(scene.script, source)
    if not options:
        scene.message.emit(QCoreApplication.translate("Connect",
                                                      "An end node cannot lead anywhere."))
        return None
    if len(options) == 1 and options[0][1][0] == "next":
        return options[0][1]
    menu = QMenu()
    menu.addSection(QCoreApplication.translate(
        "Connect", "Branch to {0} when the caller says…").format(target))
    actions = {}
    for i, (text, choice) in enumerate(options):
        if choice[0] == "next" and i:
            menu.addSeparator()
        act = menu.addAction(text)
        actions[act] = choice
        if i == 0:
            menu.setDefaultAction(act)
            menu.setActiveAction(act)
    pos = screen_pos.toPoint() if hasattr(screen_pos, "toPoint") else (screen_pos or QCursor.pos())
    chosen = menu.exec(pos if isinstance(pos, QPoint) else QCursor.pos())
    return actions.get(chosen)
