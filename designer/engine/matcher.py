"""Keyword matching (DESIGN.md 2.2): one Aho-Corasick automaton over every keyword of the
script, shared by all nodes; per utterance one scan, then the containment and exclude rules
applied to the intents that can be live at the current node."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import ahocorasick_rs
import regex

from designer.engine.normalize import _LATIN, _is_latin, normalize
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


# Results made on every turn: slotted, not frozen (a frozen dataclass costs 5x as much to make).
# They are never changed after they are made; unsafe_hash keeps them hashable as before.
@dataclass(slots=True, unsafe_hash=True)
class Hit:
    intent: str
    keyword: str  # the keyword as written
    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
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
        # pattern id -> (intent, keyword index, the parts of the keyword it is, parts needed)
        owners: list[list[tuple[str, int, tuple[int, ...], int]]] = []

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
                parts = spec.parts
                for part in parts:
                    js = (0,) if len(parts) == 1 else tuple(
                        j for j, other in enumerate(parts) if other == part)
                    owners[pid(part)].append((iid, i, js, len(parts)))
            self.keywords[iid] = specs
            self.excludes[iid] = [pid(n) for n in (normalize(x) for x in intent.exclude) if n]
        self.patterns = list(patterns)
        self._owner_info = [tuple(owned) for owned in owners]
        self._latin_edges = [(_is_latin(p[0]), _is_latin(p[-1])) for p in self.patterns]
        self._any_latin = any(a or b for a, b in self._latin_edges)
        self._order = {iid: i for i, iid in enumerate(intents)}
        self._regex_order = [iid for iid in intents if iid in self.regexes]
        self._ac = (ahocorasick_rs.AhoCorasick(self.patterns,
                                               matchkind=ahocorasick_rs.MatchKind.Standard)
                    if self.patterns else None)

    def scan(self, norm: str) -> list[tuple[int, int, int]]:
        """(pattern id, start, end) of every occurrence, English ones on word boundaries."""
        if self._ac is None or not norm:
            return []
        found = self._ac.find_matches_as_indexes(norm, overlapping=True)
        if not found or not self._any_latin or not _LATIN.search(norm):
            return found  # an English word edge needs a Latin letter in the utterance
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
        """Which of the candidate intents the utterance hits (DESIGN.md 2.2).

        Occurrences are tuples (intent, keyword index, part indices it fills, parts needed,
        start, end), in scan order then regex order: the order that decides which container
        a dropped occurrence names and which occurrence gives a keyword's span."""
        norm = text if normalized else normalize(text)
        cand = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        ev = Evaluation(norm)
        found = self.scan(norm)
        occ = []
        owners = self._owner_info
        for p, s, e in found:
            for iid, k, js, need in owners[p]:
                if iid in cand:
                    occ.append((iid, k, js, need, s, e))
        if self._regex_order:
            self._regex_occurrences(norm, cand, occ, ev)
        if not occ:
            return ev
        first = occ[0][0]
        for o in occ:
            if o[0] != first:  # containment only matters between different intents
                occ = self._drop_contained(occ, ev)
                break
        self._hits(occ, found, ev)
        return ev

    def _regex_occurrences(self, norm: str, cand, occ: list, ev: Evaluation) -> None:
        for iid in self._regex_order:
            if iid not in cand:
                continue
            for spec in self.regexes[iid]:
                try:
                    spans = [m.span() for m in spec.regex.finditer(norm, timeout=REGEX_TIMEOUT_S)]
                except TimeoutError:
                    ev.timed_out.append((iid, spec.text))
                    continue
                occ.extend((iid, spec.index, (0,), 1, a, b) for a, b in spans)

    def _hits(self, alive: list, found: list, ev: Evaluation) -> None:
        """A keyword hits when each of its parts has a surviving occurrence; an intent's hit is
        its first such keyword, at the span of that keyword's first surviving occurrence."""
        best: dict[str, tuple[int, int, int]] = {}  # intent -> (keyword, start, end)
        seen: dict[tuple[str, int], set[int]] = {}  # a&b keywords: the parts found so far
        first: dict[tuple[str, int], tuple[int, int]] = {}
        for iid, k, js, need, s, e in alive:
            if need > 1:
                key = (iid, k)
                got = seen.setdefault(key, set())
                got.update(js)
                s, e = first.setdefault(key, (s, e))
                if len(got) < need:
                    continue
            elif iid not in best:
                best[iid] = (k, s, e)
                continue
            b = best.get(iid)
            if b is None or k < b[0]:
                best[iid] = (k, s, e)
        intents = {o[0] for o in alive}
        order = self._order
        excludes = self.excludes
        present = None
        for iid in sorted(intents, key=order.__getitem__) if len(intents) > 1 else intents:
            if excludes[iid]:
                if present is None:
                    present = {p for p, _, _ in found}
                excl = [p for p in excludes[iid] if p in present]
                if excl:
                    ev.excluded.append((iid, self.patterns[excl[0]]))
                    continue
            b = best.get(iid)
            if b is not None:
                ev.hits[iid] = Hit(iid, self.intents[iid].keywords[b[0]], b[1], b[2])

    def _drop_contained(self, occ: list, ev: Evaluation) -> list:
        alive = []
        for o in occ:
            iid, s, e = o[0], o[4], o[5]
            n = e - s
            for c in occ:
                if c[0] != iid and c[4] <= s and e <= c[5] and c[5] - c[4] > n:
                    kws = self.intents
                    ev.dropped.append(Dropped(iid, kws[iid].keywords[o[1]],
                                              c[0], kws[c[0]].keywords[c[1]]))
                    break
            else:
                alive.append(o)
        return alive

    def intents_with_keyword(self, phrase: str) -> list[tuple[str, int]]:
        """(intent, keyword index) of every keyword whose normalized form is phrase."""
        norm = normalize(phrase)
        for i, p in enumerate(self.patterns):
            if p == norm:
                return [(o[0], o[1]) for o in self._owner_info[i]]
        return []

