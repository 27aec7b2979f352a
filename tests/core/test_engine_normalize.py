"""normalize() skips NFKC and the traditional table for most utterances; it must give exactly
what the full pipeline gives, for any text. `_normalize_reference` is the function as it was
before that fast path (a frozen copy: the oracle, not the code under test)."""
from __future__ import annotations

import functools
import re
import sys
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from designer.engine.normalize import (
    _FAST_BLOCKS, _IDEOGRAPHS, _fast_path_char, _needs_full_pattern, _quiet_char, _t2s_table,
    normalize,
)

_REF_GAP = re.compile(r"[\W_]+")
_REF_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]")


def _ref_is_latin(ch: str) -> bool:
    return bool(_REF_LATIN.match(ch))


def _normalize_reference(text: str) -> str:
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold().translate(_t2s_table())
    if text.isalnum():
        return text
    if not _REF_LATIN.search(text):
        return "".join(_REF_GAP.split(text))
    parts = [p for p in _REF_GAP.split(text) if p]
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        if _ref_is_latin(out[-1][-1]) and _ref_is_latin(part[0]):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _fast_chars() -> list[str]:
    """Every character the fast path accepts."""
    needs_full = _needs_full_pattern().search
    return [chr(c) for lo, hi in _FAST_BLOCKS for c in range(lo, hi + 1)
            if needs_full(chr(c)) is None]


@functools.lru_cache(maxsize=1)
def _composition_seconds() -> frozenset[str]:
    """Characters that can be the second of a canonical composition: the second character of
    any two-character canonical decomposition, and the Hangul vowel and final jamo."""
    out = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for c in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(c))
        if d and not d.startswith("<"):
            codes = d.split()
            if len(codes) == 2:
                out.add(chr(int(codes[1], 16)))
    return frozenset(out)


TRADITIONAL = [chr(c) for c in sorted(_t2s_table())]
TRICKY = list(
    "，。？！、：；「」『』（）【】《》～…—　·・￥％＃＠＆＊＋－＝＿｜＼／"  # full-width punctuation
    "ＡＢＺａｚ０９ｸﾞﾟ"  # full-width letters and digits, half-width katakana
    "℃℉①⑳⒈㈠㊀㍿™ℌﬁﬀẞßΣσς İıǅǈ"  # compatibility characters, special case folds
    "\u0301\u0308\u0327\u0338\u3099\u309a\u1161\u11a8\u0b3e\u302a"  # combining, jamo, seconds
    "\u00a0\u2009\u200b\u200d\u2028\ufeff\t\n\r _-'"  # spaces, format characters
    "×÷éÉñÑüçÀ´¨¸¯ªº²¹¼µ"  # Latin-1, including gaps inside the _LATIN range
    "需要不需要宽带多少钱别打了貴價格錢發票後臺著乾麵")  # simplified and traditional
alphabet = st.one_of(
    st.characters(),
    st.sampled_from(TRICKY),
    st.sampled_from(TRADITIONAL),
    st.sampled_from("abcxyz019 ,.!?"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
    st.characters(min_codepoint=0x2000, max_codepoint=0x206F),
    st.characters(min_codepoint=0x00A0, max_codepoint=0x00FF),
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet, max_size=40))
@example("喂，我想问一下宽带多少钱啊？")
@example("a，b")
@example("e\u0301")
@example("e，\u0301x")
@example("℃①Ａ")
@example("ＯＫ　ＧＯ")
@example("ok´go")
@example("×a，b÷")
@example("請問寬帶")
def test_normalize_is_the_reference(text):
    assert normalize(text) == _normalize_reference(text)


def test_every_fast_character_alone_and_between_others():
    """Each accepted character alone, between Latin letters (the space rule), between Chinese
    characters and after a combining-prone letter."""
    for ch in _fast_chars():
        for text in (ch, f"a{ch}b", f"中{ch}文", f"e{ch}\u0301", f"{ch}{ch}1"):
            assert normalize(text) == _normalize_reference(text), repr(text)


def test_fast_characters_act_alone_under_nfkc():
    """The fast path's premise: NFKC works on an accepted character without looking at its
    neighbours, because its decomposition starts with a character that combines with nothing
    before it (a starter that is never the second of a composition)."""
    seconds = _composition_seconds()
    for ch in _fast_chars():
        first = unicodedata.normalize("NFKD", ch)[0]
        assert unicodedata.combining(first) == 0, repr(ch)
        assert first not in seconds, repr(ch)


def test_ideographs_are_plain_letters():
    """The premise of normalize._IDEOGRAPHS: only the traditional table decides about them."""
    t2s = _t2s_table()
    for lo, hi in _IDEOGRAPHS:
        for c in range(lo, hi + 1):
            ch = chr(c)
            assert _fast_path_char(ch, t2s) == (c not in t2s), repr(ch)
            assert _quiet_char(ch) and ch.isalnum() and ch.casefold() == ch, repr(ch)


def test_fast_path_covers_common_chinese_and_english():
    needs_full = _needs_full_pattern().search
    for text in ("喂，我想问一下宽带多少钱啊？", "嗯。不需要了！", "OK, no thanks.", "我要1000兆"):
        assert needs_full(text) is None, text
    for text in ("請問", "ＯＫ", "℃", "e\u0301"):
        assert needs_full(text) is not None, text
