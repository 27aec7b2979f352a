"""Normalization of utterances and keywords (DESIGN.md 2.1, docs/FORMAT.md).

NFKC (full-width -> half-width), case-fold, traditional -> simplified Chinese, punctuation and
whitespace removed, except that a gap between two Latin letters/digits becomes one space so
English words stay words.

Most utterances need neither NFKC nor the traditional -> simplified table: they are simplified
Chinese, ASCII and full-width punctuation (the ASR's "，" and "？"). A regex search tells
those apart (`_needs_full`); they skip both steps, which are then exact no-ops up to
punctuation that is removed anyway. Everything else takes the full path. A Chinese utterance
with no Latin letter needs not even the case fold or the English spacing rule (`_not_quiet`).
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata

_GAP = re.compile(r"[\W_]+")  # anything that is not a letter or digit of any script
_WORD = re.compile(r"[^\W_]+")  # what is left between the gaps
_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]")
_LATIN_CHARS = frozenset(chr(c) for c in (*range(0x30, 0x3A), *range(0x61, 0x7B),
                                          *range(0xC0, 0x250)))  # what _LATIN matches

# Blocks the fast path may accept characters from: ASCII, Latin-1, general punctuation, CJK
# punctuation, CJK ideographs (extension A and the main block), full-width forms. None of
# their characters can be the second of a Unicode composition (tests/core/test_engine_normalize
# checks it), which is what makes NFKC work character by character on them.
_FAST_BLOCKS = ((0x0000, 0x00FF), (0x2000, 0x206F), (0x3000, 0x303F), (0x3400, 0x4DBF),
                (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))
# Of those, the ideographs: every one a letter that NFKC and case folding leave alone (the
# tests check it), so only the traditional table decides about them, without asking
# unicodedata 27,000 times on the first call.
_IDEOGRAPHS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def _is_latin(ch: str) -> bool:
    return ch in _LATIN_CHARS


@functools.lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, character by character, from OpenCC's dictionary (shipped in
    the opencc-python-reimplemented package). Character level is what keyword matching needs
    and costs one str.translate per utterance."""
    import opencc  # the package ships the dictionaries we read

    base = os.path.join(os.path.dirname(opencc.__file__), "dictionary")

    def pairs(name: str):
        path = os.path.join(base, name)
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and len(parts[0]) == 1:
                    target = parts[1].split(" ")[0]
                    if len(target) == 1:
                        yield parts[0], target

    table = {ord(src): dst for src, dst in pairs("TSCharacters.txt")}
    simplified = set(table.values())
    # Regional variants (綫 -> 線) first become standard traditional, then simplified. A variant
    # entry whose source is itself a simplified character (么 -> 幺) is not a variant here.
    for name in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for src, dst in pairs(name):
            if src not in simplified and ord(src) not in table:
                table[ord(src)] = table.get(ord(dst), dst)
    return table


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


def _fast_path_char(ch: str, t2s: dict[int, str]) -> bool:
    """Whether normalizing a text that has ch may skip NFKC and the traditional table.

    NFKC acts character by character on a text when each character's decomposition starts
    with a character that combines with nothing before it (a starter that is never the second
    of a composition; in _FAST_BLOCKS every starter is one). Then a character is safe to leave
    as it is when NFKC leaves it alone and neither it nor its case fold is traditional; or when
    it is punctuation that NFKC turns into other punctuation (，-> ,  　-> space): the gap
    removal drops both forms, and a gap is a gap whichever characters make it up."""
    decomposed = unicodedata.normalize("NFKD", ch)
    if not decomposed or unicodedata.combining(decomposed[0]):
        return False
    folded = ch.casefold()
    if unicodedata.normalize("NFKC", ch) == ch:
        return ord(ch) not in t2s and not any(ord(c) in t2s for c in folded)
    only_gaps = _GAP.fullmatch
    return bool(only_gaps(ch) and only_gaps(folded)
                and only_gaps(unicodedata.normalize("NFKC", ch).casefold()))


def _quiet_char(ch: str) -> bool:
    """Of the fast path's characters, whether ch also needs no case fold and can be no part of
    an English word: a gap (dropped whatever it is), or a letter or digit that case folding
    leaves alone and that is not Latin (Chinese characters). A text of such characters is
    normalized by dropping its gaps."""
    return bool(_GAP.fullmatch(ch)) or (ch.casefold() == ch and ch not in _LATIN_CHARS)


def _class_of(codes: list[int]) -> str:
    """A regex character class body for sorted code points, as ranges."""
    out = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        a, b = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        out.append(a if i == j else f"{a}-{b}")
        i = j + 1
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _fast_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(finds a character that needs the full path, finds one that is not quiet, finds the
    words of a quiet text). The classes are all in the Basic Multilingual Plane, so the regex
    engine tests a character with one table look-up (cheaper than _WORD's category checks)."""
    t2s = _t2s_table()
    ideographs = [c for lo, hi in _IDEOGRAPHS for c in range(lo, hi + 1) if c not in t2s]
    others = [c for lo, hi in _FAST_BLOCKS if (lo, hi) not in _IDEOGRAPHS
              for c in range(lo, hi + 1) if _fast_path_char(chr(c), t2s)]
    quiet_others = [c for c in others if _quiet_char(chr(c))]
    fast = sorted(others + ideographs)
    quiet = sorted(quiet_others + ideographs)
    quiet_word = sorted([c for c in quiet_others if not _GAP.fullmatch(chr(c))] + ideographs)
    return (re.compile(f"[^{_class_of(fast)}]"), re.compile(f"[^{_class_of(quiet)}]"),
            re.compile(f"[{_class_of(quiet_word)}]+"))


def _needs_full_pattern() -> re.Pattern:
    return _fast_patterns()[0]


def _needs_full(text: str, pos: int = 0):
    """The first character of text (from pos) that needs the full path, or None."""
    _bind_searches()
    return _needs_full(text, pos)


def _not_quiet(text: str):
    """The first character of text that is not quiet (_quiet_char), or None."""
    _bind_searches()
    return _not_quiet(text)


def _quiet_words(text: str) -> list[str]:
    """The words of a quiet text (what _WORD.findall gives for it)."""
    _bind_searches()
    return _quiet_words(text)


def _bind_searches() -> None:
    """Building the patterns takes ~30 ms (it reads the traditional table), so it is done on
    first use; then _needs_full, _not_quiet and _quiet_words are rebound to the patterns' own
    methods: one C call per utterance."""
    global _needs_full, _not_quiet, _quiet_words
    full, quiet, quiet_word = _fast_patterns()
    _needs_full, _not_quiet, _quiet_words = full.search, quiet.search, quiet_word.findall


def _full(text: str) -> str:
    """NFKC, case fold and traditional -> simplified: what normalization does before the gaps."""
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; NFKC itself is not
        text = unicodedata.normalize("NFKC", text)
    return text.casefold().translate(_t2s_table())


def normalize(text: str) -> str:
    """The form in which utterances and keywords are compared."""
    if not text:
        return ""
    first = _not_quiet(text)
    if first is None:  # Chinese: nothing to fold or map, no English word to keep apart
        return text if text.isalnum() else "".join(_quiet_words(text))
    text = text.casefold() if _needs_full(text, first.start()) is None else _full(text)
    # punctuation and whitespace removed; a gap between two Latin letters/digits is a space
    if text.isalnum():
        return text
    words = _WORD.findall(text)  # (findall + join is cheaper than split + join)
    if not _LATIN.search(text):  # no English words to keep apart: drop every gap
        return "".join(words)
    if not words:
        return ""
    latin = _LATIN_CHARS
    out = [words[0]]
    for before, word in zip(words, words[1:]):
        if before[-1] in latin and word[0] in latin:
            out.append(" ")
        out.append(word)
    return "".join(out)
