"""Keyword matching (DESIGN.md 2.2): one Aho-Corasick automaton over every keyword of the
script, shared by all nodes; per utterance one scan, then the containment and exclude rules
applied to the intents that can be live at the current node."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import ahocorasick_rs
import regex

from designer.engine.normalize import _is_latin, normalize
from designer.model import Intent

PHRASE, ALL, REGEX = "phrase", "all", "regex"
# A `re:` keyword may come from a package nobody on our side wrote. A pattern that backtracks
# catastrophically must not hang a call: a search that takes longer than this counts as no
# match, and the evaluation says so (lint warns about such patterns beforehand).
REGEX_TIMEOUT_S = 0.05


@dataclass(frozen=True)
class KeywordSpec:
    intent: str
    index: int  # position in the intent's keyword list
    text: str  # as written in the script
    form: str  # phrase | all | regex
    parts: tuple[str, ...] = ()  # normalized phrase parts (one for phrase, several for a&b)
    regex: Optional[regex.Pattern] = None


@dataclass(frozen=True)
class Occurrence:
    intent: str
    keyword: int  # index into the intent's keywords
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Hit:
    intent: str
    keyword: str  # the keyword as written
    start: int
    end: int


@dataclass(frozen=True)
class Dropped:
    """An occurrence dropped because a longer occurrence of another intent contains it."""

    intent: str
    keyword: str
    by_intent: str
    by_keyword: str


@dataclass
class Evaluation:
    normalized: str
    hits: dict[str, Hit] = field(default_factory=dict)  # intent -> first matching keyword
    dropped: list[Dropped] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (intent, exclude phrase)
    timed_out: list[tuple[str, str]] = field(default_factory=list)  # (intent, re: keyword)


class KeywordError(ValueError):
    pass


def parse_keyword(intent_id: str, index: int, text: str) -> Optional[KeywordSpec]:
    """A keyword in its compiled form; None when it normalizes to nothing. Raises KeywordError
    for a `re:` pattern that does not compile."""
    if text.startswith("re:"):
        try:
            rx = regex.compile(text[3:], regex.IGNORECASE | regex.VERSION0)
        except (regex.error, ValueError) as exc:
            raise KeywordError(f"pattern {text[3:]!r} does not compile: {exc}") from None
        return KeywordSpec(intent_id, index, text, REGEX, (), rx)
    if "&" in text:
        parts = tuple(p for p in (normalize(x) for x in text.split("&")) if p)
        return KeywordSpec(intent_id, index, text, ALL, parts) if parts else None
    norm = normalize(text)
    return KeywordSpec(intent_id, index, text, PHRASE, (norm,)) if norm else None


class Matcher:
    """Compiled keyword sets of all intents. Immutable after construction; thread-safe."""

    def __init__(self, intents: dict[str, Intent]):
        self.intents = intents
        self.keywords: dict[str, list[KeywordSpec]] = {}
        self.regexes: dict[str, list[KeywordSpec]] = {}
        self.excludes: dict[str, list[int]] = {}
        self.invalid: list[tuple[str, int, str]] = []  # (intent, index, why)
        patterns: dict[str, int] = {}
        owners: list[list[tuple[str, int]]] = []  # pattern id -> (intent, keyword index)

        def pid(phrase: str) -> int:
            if phrase not in patterns:
                patterns[phrase] = len(patterns)
                owners.append([])
            return patterns[phrase]

        for iid, intent in intents.items():
            specs = []
            for i, kw in enumerate(intent.keywords):
                try:
                    spec = parse_keyword(iid, i, kw)
                except KeywordError as exc:
                    self.invalid.append((iid, i, str(exc)))
                    continue
                if spec is None:
                    self.invalid.append((iid, i, "normalizes to nothing"))
                    continue
                specs.append(spec)
                if spec.form == REGEX:
                    self.regexes.setdefault(iid, []).append(spec)
                for part in spec.parts:
                    owners[pid(part)].append((iid, i))
            self.keywords[iid] = specs
            self.excludes[iid] = [pid(n) for n in (normalize(x) for x in intent.exclude) if n]
        self.patterns = list(patterns)
        self._owners = owners
        self._latin_edges = [(_is_latin(p[0]), _is_latin(p[-1])) for p in self.patterns]
        self._order = {iid: i for i, iid in enumerate(intents)}
        self._regex_order = [iid for iid in intents if iid in self.regexes]
        self._spec_by_key = {(s.intent, s.index): s for specs in self.keywords.values()
                             for s in specs}
        self._ac = (ahocorasick_rs.AhoCorasick(self.patterns,
                                               matchkind=ahocorasick_rs.MatchKind.Standard)
                    if self.patterns else None)

    def scan(self, norm: str) -> list[tuple[int, int, int]]:
        """(pattern id, start, end) of every occurrence, English ones on word boundaries."""
        if self._ac is None or not norm:
            return []
        found = self._ac.find_matches_as_indexes(norm, overlapping=True)
        if not found:
            return found
        n = len(norm)
        out = []
        for p, s, e in found:
            latin_start, latin_end = self._latin_edges[p]
            if latin_start and s > 0 and _is_latin(norm[s - 1]):
                continue
            if latin_end and e < n and _is_latin(norm[e]):
                continue
            out.append((p, s, e))
        return out

    def evaluate(self, text: str, candidates: Iterable[str], normalized: bool = False) -> Evaluation:
        """Which of the candidate intents the utterance hits (DESIGN.md 2.2)."""
        norm = text if normalized else normalize(text)
        cand = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        ev = Evaluation(norm)
        found = self.scan(norm)
        occurrences: list[Occurrence] = []
        present: set[int] = set()
        for p, s, e in found:
            present.add(p)
            for iid, k in self._owners[p]:
                if iid in cand:
                    occurrences.append(Occurrence(iid, k, s, e))
        for iid in self._regex_order:
            if iid not in cand:
                continue
            for spec in self.regexes[iid]:
                try:
                    spans = [m.span() for m in spec.regex.finditer(norm, timeout=REGEX_TIMEOUT_S)]
                except TimeoutError:
                    ev.timed_out.append((iid, spec.text))
                    continue
                occurrences.extend(Occurrence(iid, spec.index, a, b) for a, b in spans)
        if not occurrences:
            return ev
        alive = self._drop_contained(occurrences, ev)
        # a keyword hits when each of its parts has a surviving occurrence
        parts_seen: dict[tuple[str, int], set[int]] = {}
        spans: dict[tuple[str, int], tuple[int, int]] = {}
        for o in alive:
            key = (o.intent, o.keyword)
            spec = self._spec_by_key[key]
            if spec.form == REGEX:
                parts_seen.setdefault(key, set()).add(0)
            else:
                piece = normalize_span(norm, o)
                for j, part in enumerate(spec.parts):
                    if part == piece:
                        parts_seen.setdefault(key, set()).add(j)
            spans.setdefault(key, (o.start, o.end))
        for iid in sorted({o.intent for o in alive}, key=self._order.__getitem__):
            excl = [self.patterns[p] for p in self.excludes.get(iid, ()) if p in present]
            if excl:
                ev.excluded.append((iid, excl[0]))
                continue
            for spec in self.keywords.get(iid, ()):
                key = (iid, spec.index)
                need = 1 if spec.form == REGEX else len(spec.parts)
                if len(parts_seen.get(key, ())) >= need:
                    s, e = spans[key]
                    ev.hits[iid] = Hit(iid, spec.text, s, e)
                    break
        return ev

    def _drop_contained(self, occ: list[Occurrence], ev: Evaluation) -> list[Occurrence]:
        if len(occ) == 1:
            return occ
        alive = []
        for o in occ:
            container = None
            for p in occ:
                if (p.intent != o.intent and p.length > o.length
                        and p.start <= o.start and o.end <= p.end):
                    container = p
                    break
            if container is None:
                alive.append(o)
            else:
                ev.dropped.append(Dropped(
                    o.intent, self.intents[o.intent].keywords[o.keyword],
                    container.intent, self.intents[container.intent].keywords[container.keyword]))
        return alive

    def intents_with_keyword(self, phrase: str) -> list[tuple[str, int]]:
        """(intent, keyword index) of every keyword whose normalized form is phrase."""
        norm = normalize(phrase)
        for i, p in enumerate(self.patterns):
            if p == norm:
                return list(self._owners[i])
        return []


def normalize_span(norm: str, o: Occurrence) -> str:
    return norm[o.start:o.end]
