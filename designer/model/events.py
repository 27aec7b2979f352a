"""A tiny observer: the model announces every change; views subscribe. No Qt here."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class ModelEvent:
    """One change of the model.

    kind is one of: node_added, node_removed, node_changed, node_renamed, intent_added,
    intent_removed, intent_changed, faq_added, faq_removed, faq_changed, section_changed,
    reset. `key` names the object (node id, intent id, faq index or section name);
    `detail` carries the field name or the old id where that helps a listener.
    """

    kind: str
    key: Any = None
    detail: Any = None


Listener = Callable[[ModelEvent], None]


@dataclass
class EventHub:
    _listeners: list[Listener] = field(default_factory=list)
    _muted: int = 0

    def subscribe(self, listener: Listener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, event: ModelEvent) -> None:
        if self._muted:
            return
        for listener in list(self._listeners):
            listener(event)
