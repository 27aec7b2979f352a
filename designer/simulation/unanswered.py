"""The unanswered-question store: every no-match utterance of simulated calls, test runs and
replays, kept in SQLite beside the script (`<script stem>.unanswered.sqlite`), so the writer can
see which questions callers ask that the script does not answer, largest group first.

Grouping: occurrences with the same normalized text form one entry; entries whose normalized
texts are similar (rapidfuzz character ratio, which suits Chinese where there are no words to
split on) are clustered, the most frequent entry being the cluster's representative.

A group is *answered* when the current script would now match every one of its texts at every
node where it was heard (re-evaluated with the engine each time groups are listed). The writer can
also mark texts as dealt with: a mark hides the occurrences recorded before it; new ones show.

Runs that are repeated whole (`test` and `replay` of the same log) replace their earlier rows, so
running a replay twice does not double its counts.
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator, Optional

from rapidfuzz import fuzz, process

from designer.engine import Engine, normalize
from designer.engine.results import CallResult
from designer.model import Script

SCHEMA_VERSION = 1
SIMILARITY = 75.0  # rapidfuzz ratio (0..100) at or above which two texts share a group
REPLACING_SOURCES = ("test", "replay")  # a new run of these replaces the previous one
_CLUSTER_LIMIT = 3000  # distinct texts beyond this (by count) are not clustered, only grouped

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    node TEXT,
    text TEXT NOT NULL,
    normalized TEXT NOT NULL,
    time TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS unanswered_normalized ON unanswered (normalized);
CREATE INDEX IF NOT EXISTS unanswered_run ON unanswered (source, origin);
CREATE TABLE IF NOT EXISTS marks (
    normalized TEXT PRIMARY KEY,
    up_to INTEGER NOT NULL,
    time TEXT NOT NULL
);
"""


class StoreError(OSError):
    """The store cannot be opened (newer schema, not a database, no permission)."""


@dataclass(frozen=True)
class Occurrence:
    """One no-match utterance (or `count` identical ones) heard at a node."""

    node: Optional[str]
    text: str
    count: int = 1


@dataclass
class Member:
    """One normalized text of a group, with the nodes where it was heard."""

    text: str  # the most frequent spelling as said
    normalized: str
    count: int
    nodes: Counter = field(default_factory=Counter)


@dataclass
class Group:
    text: str  # the representative: the most frequent member's text
    normalized: str
    count: int
    nodes: list[str]  # most frequent first
    members: list[Member]
    answered: Optional[bool] = None  # None: not evaluated against a script
    answered_count: int = 0  # places (text at node) the current script now answers
    places: int = 0  # places (text at node) where the group was heard

    def to_json(self) -> dict:
        out = {"text": self.text, "count": self.count, "nodes": list(self.nodes)}
        if len(self.members) > 1:
            out["members"] = [{"text": m.text, "count": m.count} for m in self.members]
        if self.answered is not None:
            out["answered"] = self.answered
        return out


# ---- where and how ------------------------------------------------------------------------
def store_path(script_path: str) -> str:
    """`<dir>/<stem>.unanswered.sqlite` beside the script file."""
    folder, name = os.path.split(os.path.abspath(script_path))
    stem = os.path.splitext(name)[0]
    return os.path.join(folder, f"{stem}.unanswered.sqlite")


def connect(script_path: str) -> sqlite3.Connection:
    """Open (creating) the store of a script; WAL so a reader never blocks a writer."""
    path = store_path(script_path)
    try:
        con = sqlite3.connect(path, timeout=10.0)
        con.execute("PRAGMA journal_mode=WAL")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path}: written by a newer version (schema {version}); "
                             f"this one reads schema {SCHEMA_VERSION}")
        if version < SCHEMA_VERSION:
            with con:
                con.executescript(_SCHEMA)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return con
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {exc}") from None


@contextmanager
def opened(script_path: str) -> Iterator[sqlite3.Connection]:
    """A connection for one piece of work; any SQLite trouble (locked, read-only, damaged)
    comes out as StoreError naming the file."""
    con = connect(script_path)
    try:
        yield con
    except sqlite3.Error as exc:
        raise StoreError(f"{store_path(script_path)}: {exc}") from None
    finally:
        con.close()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _time_text(value: object) -> str:
    if value is None:
        return _now()
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


# ---- writing ------------------------------------------------------------------------------
def occurrences_of(results: Iterable[Optional[CallResult]]) -> Iterator[tuple]:
    """(node, text, time) of every unanswered utterance of some calls."""
    for r in results:
        if r is None:
            continue
        for u in r.unanswered:
            yield u.node, u.text, u.time


def record_results(script: Script, results: Iterable[Optional[CallResult]], source: str,
                   origin: str = "") -> int:
    """Store the unanswered utterances of calls; returns how many. A script that was never
    saved has no place for a store: nothing is recorded."""
    rows = [(node, text, 1, time) for node, text, time in occurrences_of(results)]
    return record(script, rows, source, origin)


def record(script: Script, rows: Iterable[tuple], source: str, origin: str = "") -> int:
    """Store (node, text, count, time) rows. For `test` and `replay` runs the earlier rows of
    the same source and origin are replaced first."""
    if not script.path:
        return 0
    prepared = [(node, text, normalize(text), _time_text(time), source, origin, int(count))
                for node, text, count, time in rows if text]
    replace = source in REPLACING_SOURCES
    if not prepared and not replace:
        return 0
    with opened(script.path) as con, con:
        if replace:
            con.execute("DELETE FROM unanswered WHERE source = ? AND origin = ?",
                        (source, origin))
        con.executemany("INSERT INTO unanswered (node, text, normalized, time, source, "
                        "origin, count) VALUES (?, ?, ?, ?, ?, ?, ?)", prepared)
    return sum(r[-1] for r in prepared)


def mark_answered(script_path: str, normalized_texts: Iterable[str]) -> None:
    """The writer says these texts are dealt with: hide what was recorded so far."""
    with opened(script_path) as con, con:
        for norm in normalized_texts:
            up_to = con.execute("SELECT COALESCE(MAX(id), 0) FROM unanswered WHERE "
                                "normalized = ?", (norm,)).fetchone()[0]
            con.execute("INSERT OR REPLACE INTO marks (normalized, up_to, time) "
                        "VALUES (?, ?, ?)", (norm, up_to, _now()))


def clear(script_path: str, source: Optional[str] = None) -> None:
    """Forget recorded occurrences (of one source, or all)."""
    with opened(script_path) as con, con:
        if source is None:
            con.execute("DELETE FROM unanswered")
            con.execute("DELETE FROM marks")
        else:
            con.execute("DELETE FROM unanswered WHERE source = ?", (source,))


# ---- reading ------------------------------------------------------------------------------
def load_members(script_path: str, sources: Optional[Iterable[str]] = None,
                 include_marked: bool = False) -> list[Member]:
    """Occurrences grouped by normalized text, most frequent first."""
    if not os.path.exists(store_path(script_path)):
        return []
    with opened(script_path) as con:
        sql = ("SELECT u.node, u.text, u.normalized, SUM(u.count) FROM unanswered u "
               "LEFT JOIN marks m ON m.normalized = u.normalized WHERE 1=1")
        args: list = []
        if not include_marked:
            sql += " AND (m.up_to IS NULL OR u.id > m.up_to)"
        if sources is not None:
            wanted = list(sources)
            sql += f" AND u.source IN ({','.join('?' * len(wanted))})"
            args.extend(wanted)
        sql += " GROUP BY u.node, u.text, u.normalized"
        rows = con.execute(sql, args).fetchall()
    return merge_occurrences((node, text, norm, n) for node, text, norm, n in rows)


def merge_occurrences(rows: Iterable[tuple]) -> list[Member]:
    """(node, text, normalized, count) rows -> one Member per normalized text."""
    members: dict[str, Member] = {}
    spellings: dict[str, Counter] = {}
    for node, text, norm, n in rows:
        m = members.get(norm)
        if m is None:
            m = members[norm] = Member(text, norm, 0)
            spellings[norm] = Counter()
        m.count += n
        m.nodes[node] += n
        spellings[norm][text] += n
    for norm, m in members.items():
        m.text = spellings[norm].most_common(1)[0][0]
    # most frequent first; among equals the shortest, which makes the plainest representative
    return sorted(members.values(), key=lambda m: (-m.count, len(m.normalized), m.normalized))


def cluster(members: list[Member], threshold: float = SIMILARITY) -> list[Group]:
    """Leader clustering, most frequent first: a text joins the first group whose
    representative is at least `threshold` similar, else starts a group."""
    groups: list[Group] = []
    leaders: list[str] = []
    for i, m in enumerate(members):
        found = None
        if i < _CLUSTER_LIMIT and leaders:
            found = process.extractOne(m.normalized, leaders, scorer=fuzz.ratio,
                                       score_cutoff=threshold)
        if found is not None:
            groups[found[2]].members.append(m)
            continue
        groups.append(Group(m.text, m.normalized, 0, [], [m]))
        if i < _CLUSTER_LIMIT:
            leaders.append(m.normalized)
    for g in groups:
        nodes: Counter = Counter()
        for m in g.members:
            nodes.update(m.nodes)
        g.count = sum(m.count for m in g.members)
        g.nodes = [n for n, _ in sorted(nodes.items(), key=lambda kv: (-kv[1], str(kv[0])))
                   if n is not None]
    groups.sort(key=lambda g: (-g.count, g.normalized))
    return groups


def suggested_phrase(group: Group, most: int = 5) -> str:
    """The phrase to offer as a keyword: the longest text common to the group's most frequent
    members when it carries most of the representative (fillers such as 嗯/请问/啊 differ, the
    question does not), else the representative itself (有没有 is shared by 有没有车位 and
    有没有停车位, but it is not the question)."""
    texts = [m.normalized for m in group.members[:most]]
    if len(texts) < 2:
        return group.text
    shortest = min(texts, key=len)
    for size in range(len(shortest), 1, -1):
        if size * 3 < len(group.normalized) * 2:
            break
        for start in range(len(shortest) - size + 1):
            piece = shortest[start:start + size]
            if all(piece in t for t in texts) and piece.strip():
                return piece.strip()
    return group.text


def evaluate(groups: list[Group], script: Script, engine: Optional[Engine] = None) -> None:
    """Set each group's `answered` from what the current script does with each of its texts at
    each node where it was heard (a place). A place at a node that no longer exists counts as
    dealt with: nobody can be asked that question there any more."""
    engine = engine or Engine(script)
    for g in groups:
        places = done = 0
        for m in g.members:
            for node in m.nodes:
                places += 1
                if node is None or node not in script.nodes or \
                        engine.match(node, m.text)[1].kind != "no_match":
                    done += 1
        g.places, g.answered_count = places, done
        g.answered = done == places


def groups(script_path: str, script: Optional[Script] = None, engine: Optional[Engine] = None,
           sources: Optional[Iterable[str]] = None, threshold: float = SIMILARITY) -> list[Group]:
    """The unanswered questions of a script, largest group first. With the script (or its
    engine), each group says whether the script now answers it."""
    result = cluster(load_members(script_path, sources), threshold)
    if script is not None or engine is not None:
        evaluate(result, script if script is not None else engine.script, engine)
    return result
