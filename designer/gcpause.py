"""Pausing the cyclic garbage collector around work that allocates a lot of acyclic data.

Each full collection walks every object the process holds, the whole loaded script included.
Building an engine and checking a 2,000-node script makes a few hundred thousand short-lived
objects, enough to set off several full collections: a third of lint's time went to them
(0.65 s with the collector on, 0.45 s paused). Reference counting still frees everything
that is not a cycle, and whatever cycles the work leaves are collected once it is re-enabled.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block with the cyclic collector off; restore it as it was (nesting is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ---- the frozen heap ------------------------------------------------------------------------
# The window freezes the heap once a script is shown (gc.freeze: the collector then never walks
# the loaded model, which is acyclic); the next open thaws it and collects once, so nothing of
# a previous script stays frozen. Code that makes many long-lived objects afterwards (the
# canvas' background build) asks heap_frozen() and freezes them too.
_frozen = False  # this module froze the heap and has not thawed it since


def heap_frozen() -> bool:
    return _frozen


def thaw_heap() -> bool:
    """Put the objects frozen by freeze_heap back under the cyclic collector; True when
    there were (a collection is then due before freezing again)."""
    global _frozen
    if not _frozen:
        return False
    gc.unfreeze()
    _frozen = False
    return True


def freeze_heap(collect: bool) -> None:
    """Move every object alive now out of the collector's reach (gc.freeze); collect first
    frees the cycles left by what was thawed, so none of them is frozen again."""
    global _frozen
    if collect:
        gc.collect()
    gc.freeze()
    _frozen = True
