"""Importers of other robots' script formats. Each turns a file into a Script plus the list of
what it could not map (never dropped silently).

    import_file(path, source) -> ImportResult        source: one of IMPORTERS
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from designer.model import Script


class ImportFailed(Exception):
    """The file cannot be imported at all (unreadable, not JSON, not that format)."""


@dataclass
class ImportResult:
    script: Script
    source: str  # the format, e.g. "sellbot"
    file: str
    notes: list[str] = field(default_factory=list)  # what was not mapped, or only approximately

    def report_lines(self) -> list[str]:
        head = f"Imported from {self.source} file {self.file}"
        if not self.notes:
            return [head + ": everything was mapped."]
        return [head + f": {len(self.notes)} thing(s) not mapped or only approximated:"] + [
            f"  - {note}" for note in self.notes]


def _sellbot(path: str) -> ImportResult:
    from designer.formats.importers.sellbot import import_sellbot

    return import_sellbot(path)


IMPORTERS: dict[str, Callable[[str], ImportResult]] = {"sellbot": _sellbot}


def import_file(path: str, source: str) -> ImportResult:
    try:
        importer = IMPORTERS[source]
    except KeyError:
        raise ImportFailed(f"unknown source format {source!r}; known: "
                           f"{', '.join(IMPORTERS)}") from None
    return importer(path)
