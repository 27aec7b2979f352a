"""Normalization of utterances and keywords (DESIGN.md 2.1, docs/FORMAT.md).

NFKC (full-width -> half-width), case-fold, traditional -> simplified Chinese, punctuation and
whitespace removed, except that a gap between two Latin letters/digits becomes one space so
English words stay words.
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata

_GAP = re.compile(r"[\W_]+")  # anything that is not a letter or digit of any script
_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]")


def _is_latin(ch: str) -> bool:
    return bool(_LATIN.match(ch))


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


def normalize(text: str) -> str:
    """The form in which utterances and keywords are compared."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; NFKC itself is not
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold().translate(_t2s_table())
    if text.isalnum():  # the common case for Chinese: nothing to remove
        return text
    if not _LATIN.search(text):  # no English words to keep apart: drop every gap
        return "".join(_GAP.split(text))
    parts = [p for p in _GAP.split(text) if p]
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        if _is_latin(out[-1][-1]) and _is_latin(part[0]):
            out.append(" ")
        out.append(part)
    return "".join(out)
