"""Keyword matching (DESIGN.md 2.2): one Aho-Corasick automaton over every keyword of the
script, shared by all nodes; per utterance one scan, then the containment and exclude rules
applied to the intents that can be live at the current node."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import ahocorasick_rs
import regex

from designer.engine.normalize import _LATIN_CHARS, _is_latin, normalize
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


@dataclass(slots=True, init=False)
class Evaluation:
    """What an utterance hit. One is made per turn: a written __init__ makes the empty
    containers inline (default_factory fields cost a call each)."""

    normalized: str
    hits: dict[str, Hit]  # intent -> first matching keyword
    dropped: list[Dropped]
    excluded: list[tuple[str, str]]  # (intent, exclude phrase)
    timed_out: list[tuple[str, str]]  # (intent, re: keyword)

    def __init__(self, normalized: str, hits: Optional[dict[str, Hit]] = None,
                 dropped: Optional[list[Dropped]] = None,
                 excluded: Optional[list[tuple[str, str]]] = None,
                 timed_out: Optional[list[tuple[str, str]]] = None):
        self.normalized = normalized
        self.hits = {} if hits is None else hits
        self.dropped = [] if dropped is None else dropped
        self.excluded = [] if excluded is None else excluded
        self.timed_out = [] if timed_out is None else timed_out


_new = object.__new__


def _new_evaluation(norm: str) -> Evaluation:
    """Evaluation(norm) without the class call (results.py says why)."""
    ev = _new(Evaluation)
    ev.normalized = norm
    ev.hits = {}
    ev.dropped = []
    ev.excluded = []
    ev.timed_out = []
    return ev


def _new_hit(intent: str, keyword: str, start: int, end: int) -> Hit:
    """Hit(...) without the class call."""
    hit = _new(Hit)
    hit.intent = intent
    hit.keyword = keyword
    hit.start = start
    hit.end = end
    return hit


class Candidates(frozenset):
    """A candidate set made by Matcher.candidates: a frozenset of intent ids that also knows,
    for each phrase, which of its owners are in the set. Evaluate then looks a found phrase
    up instead of testing each of its owners (a phrase such as 在哪里 is a part of dozens of
    nodes' keywords, and a turn finds a few such)."""

    __slots__ = ("matcher", "own_live", "shared_live")

    def __new__(cls, ids: frozenset[str], matcher: "Matcher", own_live: dict[int, tuple],
                shared_live: list[Optional[tuple]]):
        self = super().__new__(cls, ids)
        self.matcher = matcher
        self.own_live = own_live  # phrases of the node's own intents: every live owner
        # by pattern id, the other phrases' owners among the shared intents (None: no owner)
        self.shared_live = shared_live
        return self


def _no_matches(norm: str, overlapping: bool) -> list:
    return []


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


def _inside_word(norm: str, edges: tuple[bool, bool], s: int, e: int) -> bool:
    """Whether the occurrence norm[s:e] of a phrase with Latin edges (starts with a Latin
    letter, ends with one) continues an English word before or after it."""
    latin = _LATIN_CHARS
    return ((edges[0] and s > 0 and norm[s - 1] in latin)
            or (edges[1] and e < len(norm) and norm[e] in latin))


class Matcher:
    """Compiled keyword sets of all intents. Immutable after construction but for the tables
    candidates() keeps (filled idempotently); thread-safe."""

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

        self._patterns_of: dict[str, set[int]] = {}  # intent -> its keywords' patterns
        for iid, intent in intents.items():
            specs = []
            owned: set[int] = set()
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
                    owned.add(pid(part))
            self.keywords[iid] = specs
            self._patterns_of[iid] = owned
            self.excludes[iid] = [pid(n) for n in (normalize(x) for x in intent.exclude) if n]
        self.patterns = list(patterns)
        # per pattern: (starts with a Latin letter, ends with one), None when neither
        edges = ((_is_latin(p[0]), _is_latin(p[-1])) for p in self.patterns)
        self._latin_edges = [e if any(e) else None for e in edges]
        self._any_latin = any(self._latin_edges)
        # Owners as evaluate uses them: (intent, keyword index, part indices, parts needed,
        # the keyword as written, the intent's exclude phrase ids, the pattern's Latin edges).
        # An occurrence is (owner, start, end). What a turn needs of a found phrase is in one
        # tuple, not in four tables spread over the heap (a turn's time is mostly the memory
        # it touches).
        excludes = {iid: tuple(ids) for iid, ids in self.excludes.items()}
        self._owner_info = [tuple((iid, k, js, need, intents[iid].keywords[k], excludes[iid],
                                   self._latin_edges[p]) for iid, k, js, need in owned)
                            for p, owned in enumerate(owners)]
        # per intent with `re:` keywords: (its spec, its owner) for each of them
        self._regex_owners = {
            iid: [(spec, (iid, spec.index, (0,), 1, spec.text, excludes[iid], None))
                  for spec in specs] for iid, specs in self.regexes.items()}
        self._order = {iid: i for i, iid in enumerate(intents)}
        self._regex_order = [iid for iid in intents if iid in self.regexes]
        self._ac = (ahocorasick_rs.AhoCorasick(self.patterns,
                                               matchkind=ahocorasick_rs.MatchKind.Standard)
                    if self.patterns else None)
        # (norm, overlapping) -> [(pattern id, start, end)], by position
        self._find = self._ac.find_matches_as_indexes if self._ac is not None else _no_matches
        self._shared_live: dict[frozenset[str], list[Optional[tuple]]] = {}

    def candidates(self, shared: frozenset[str], own: Iterable[str] = ()) -> "Candidates":
        """The candidate set shared | own, made for evaluate: shared is the part every node
        has (opt-out, refusal, faq intents), own the node's branch intents."""
        shared = frozenset(i for i in shared if i in self.intents)
        own = frozenset(i for i in own if i in self.intents) - shared
        everyone = shared | own
        shared_live = self._shared_live.get(shared)
        if shared_live is None:
            shared_live = [None] * len(self.patterns)
            for p, live in self._live_owners(shared, shared).items():
                shared_live[p] = live
            self._shared_live[shared] = shared_live
        return Candidates(everyone, self, self._live_owners(own, everyone), shared_live)

    def _live_owners(self, intents: frozenset[str], live: frozenset[str]) -> dict[int, tuple]:
        """Pattern id -> the owners of it that are in live (in owner order), for every pattern
        of the given intents."""
        owners = self._owner_info
        table = {}
        for iid in intents:
            for p in self._patterns_of[iid]:
                if p not in table:
                    table[p] = tuple(o for o in owners[p] if o[0] in live)
        return table

    def scan(self, norm: str) -> list[tuple[int, int, int]]:
        """(pattern id, start, end) of every occurrence, English ones on word boundaries."""
        if self._ac is None or not norm:
            return []
        return self._on_word_edges(norm, self._ac.find_matches_as_indexes(norm, overlapping=True))

    def _on_word_edges(self, norm: str, found: list) -> list[tuple[int, int, int]]:
        """The occurrences of found that are not inside an English word (docs/FORMAT.md)."""
        if not self._any_latin:
            return found
        edges = self._latin_edges
        for p, _, _ in found:
            if edges[p] is not None:
                break
        else:
            return found  # no phrase found starts or ends with a Latin letter
        return [(p, s, e) for p, s, e in found
                if edges[p] is None or not _inside_word(norm, edges[p], s, e)]

    def evaluate(self, text: str, candidates: Iterable[str], normalized: bool = False) -> Evaluation:
        """Which of the candidate intents the utterance hits (DESIGN.md 2.2).

        Occurrences are (owner, start, end) of the live owners of each phrase found, in scan
        order then regex order: the order that decides which container a dropped occurrence
        names and which occurrence gives a keyword's span. `found` stays as the automaton
        gave it (English word edges unchecked): only live occurrences are checked, and the
        exclude test filters found itself when an intent has excludes."""
        norm = text if normalized else normalize(text)
        if isinstance(candidates, Candidates) and candidates.matcher is self:
            return self.evaluate_at(norm, candidates)
        cand = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        ev = _new_evaluation(norm)
        found = self._find(norm, True)
        owners = self._owner_info
        occ = [(o, s, e) for p, s, e in self._on_word_edges(norm, found)
               for o in owners[p] if o[0] in cand]
        if self._regex_order:
            self._regex_occurrences(norm, cand, occ, ev)
        if len(occ) == 1:
            owner, s, e = occ[0]
            self._hit(ev, norm, found, owner, len(owner[2]) >= owner[3], s, e)
        elif occ:
            self._many(occ, norm, found, ev)
        return ev

    def evaluate_at(self, norm: str, cand: Candidates) -> Evaluation:
        """evaluate() of a normalized utterance against candidates this matcher made: the
        engine's turn. A phrase found is looked up among the node's own phrases, else among
        the ones every node listens for, instead of testing each of its owners."""
        ev = _new(Evaluation)  # _new_evaluation(norm), inline
        ev.normalized = norm
        ev.hits = {}
        ev.dropped = []
        ev.excluded = []
        ev.timed_out = []
        found = self._find(norm, True)  # the automaton's part of self.scan(norm)
        occ = []
        own, shared = cand.own_live, cand.shared_live
        for p, s, e in found:  # (plain loops: a comprehension costs a call per turn)
            live = own[p] if p in own else shared[p]
            if live is not None:
                edges = live[0][6]
                if edges is not None and _inside_word(norm, edges, s, e):
                    continue
                for owner in live:
                    occ.append((owner, s, e))
        if self._regex_order:
            self._regex_occurrences(norm, cand, occ, ev)
        if len(occ) == 1:  # nothing to contain, one keyword to check
            owner, s, e = occ[0]
            if owner[3] == 1 and not owner[5]:  # a phrase, of an intent without excludes
                hit = _new(Hit)  # _new_hit(...), inline
                hit.intent = owner[0]
                hit.keyword = owner[4]
                hit.start = s
                hit.end = e
                ev.hits[owner[0]] = hit
            else:  # whole when all parts of an a&b keyword are this one phrase
                self._hit(ev, norm, found, owner, len(owner[2]) >= owner[3], s, e)
        elif occ:
            self._many(occ, norm, found, ev)
        return ev

    def _many(self, occ: list, norm: str, found: list, ev: Evaluation) -> None:
        """evaluate for two or more occurrences."""
        iid = occ[0][0][0]
        best = None  # one intent's phrases only: its first keyword, at its first occurrence
        for o in occ:
            if o[0][0] != iid or o[0][3] != 1:
                break
            if best is None or o[0][1] < best[0][1]:
                best = o
        else:
            owner = best[0]
            if owner[5]:
                self._hit(ev, norm, found, owner, True, best[1], best[2])
            else:
                ev.hits[iid] = _new_hit(iid, owner[4], best[1], best[2])
            return
        for o in occ:
            if o[0][0] != iid:  # containment only matters between different intents
                occ = self._drop_contained(occ, ev)
                break
        self._hits(occ, norm, found, ev)

    def _regex_occurrences(self, norm: str, cand, occ: list, ev: Evaluation) -> None:
        for iid in self._regex_order:
            if iid not in cand:
                continue
            for spec, owner in self._regex_owners[iid]:
                try:
                    spans = [m.span() for m in spec.regex.finditer(norm, timeout=REGEX_TIMEOUT_S)]
                except TimeoutError:
                    ev.timed_out.append((iid, spec.text))
                    continue
                occ.extend((owner, a, b) for a, b in spans)

    def _hits(self, alive: list, norm: str, found: list, ev: Evaluation) -> None:
        """A keyword hits when each of its parts has a surviving occurrence; an intent's hit is
        its first such keyword, at the span of that keyword's first surviving occurrence."""
        best: dict[str, tuple] = {}  # intent -> (owner of its keyword, start, end)
        intents: dict[str, tuple] = {}  # intent -> an owner of it, first seen first
        parts: dict[tuple[str, int], tuple[set[int], int, int]] = {}  # a&b: found, 1st span
        for o in alive:
            owner, s, e = o
            iid, k, js, need = owner[0], owner[1], owner[2], owner[3]
            intents.setdefault(iid, owner)
            if need > 1:
                got = parts.get((iid, k))
                if got is None:
                    got = parts[(iid, k)] = (set(js), s, e)
                else:
                    got[0].update(js)
                    s, e = got[1], got[2]
                if len(got[0]) < need:
                    continue
            b = best.get(iid)
            if b is None or k < b[0][1]:
                best[iid] = (owner, s, e)
        order = self._order
        for iid in sorted(intents, key=order.__getitem__) if len(intents) > 1 else intents:
            b = best.get(iid)
            if b is not None:
                if b[0][5]:
                    self._hit(ev, norm, found, b[0], True, b[1], b[2])
                else:  # no exclude phrases to look for
                    ev.hits[iid] = _new_hit(iid, b[0][4], b[1], b[2])
            elif intents[iid][5]:
                self._hit(ev, norm, found, intents[iid], False, 0, 0)

    def _hit(self, ev: Evaluation, norm: str, found: list, owner: tuple, whole: bool, s: int,
             e: int) -> None:
        """Record the hit of owner's intent by owner's keyword at s:e when the keyword is
        whole, unless one of the intent's exclude phrases occurs."""
        excludes = owner[5]
        if excludes:
            present = {p for p, _, _ in self._on_word_edges(norm, found)}
            excl = [p for p in excludes if p in present]
            if excl:
                ev.excluded.append((owner[0], self.patterns[excl[0]]))
                return
        if whole:
            ev.hits[owner[0]] = _new_hit(owner[0], owner[4], s, e)

    def _drop_contained(self, occ: list, ev: Evaluation) -> list:
        alive = []
        for o in occ:
            owner, s, e = o
            iid = owner[0]
            n = e - s
            for c in occ:
                if c[0][0] != iid and c[1] <= s and e <= c[2] and c[2] - c[1] > n:
                    ev.dropped.append(Dropped(iid, owner[4], c[0][0], c[0][4]))
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

