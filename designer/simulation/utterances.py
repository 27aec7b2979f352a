"""Utterances that say a keyword: what the explorer feeds the engine to reach a branch.

A phrase keyword is said as is; `a&b` as its parts joined; `re:PATTERN` as a short string
the pattern matches (generated from the parsed pattern). Each generated utterance is checked
against the real keyword after normalization, so a sample that would not match is dropped.
"""
from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from typing import Iterator

from designer.engine import normalize
from designer.engine.matcher import ALL, REGEX, KeywordError, parse_keyword


FILLERS = ("今天天气怎么样", "what is the weather like", "嗯", "xyz")
_SAMPLES = 4  # regex samples tried per pattern


# ---- utterances from keywords -------------------------------------------------------------
class Unsupported(ValueError):
    pass


def regex_samples(pattern: str, count: int = _SAMPLES) -> list[str]:
    """Strings the pattern matches, varying the choices (alternatives, optional parts); raises
    Unsupported for constructs the generator does not handle (back-references...)."""
    tree = sre_parse.parse(pattern, re.IGNORECASE)
    out: list[str] = []
    for k in range(count):
        text = "".join(_gen(list(tree), k))
        if text not in out:
            out.append(text)
    return out


def _gen(items: list, k: int) -> Iterator[str]:
    for op, av in items:
        if op is sre.LITERAL:
            yield chr(av)
        elif op is sre.NOT_LITERAL:
            yield "x" if av != ord("x") else "y"
        elif op is sre.ANY:
            yield "x"
        elif op is sre.IN:
            yield _gen_in(av, k)
        elif op is sre.BRANCH:
            alternatives = av[1]
            yield from _gen(list(alternatives[k % len(alternatives)]), k // len(alternatives))
        elif op is sre.SUBPATTERN:
            yield from _gen(list(av[3]), k)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            times = low if (k % 2 == 0 and low > 0) or high == 0 else max(low, 1)
            for _ in range(times):
                yield from _gen(list(sub), k // 2)
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # anchors and look-arounds: checked on the result instead
        else:
            raise Unsupported(f"the generator does not handle {op} in a pattern")


_CATEGORY = {"CATEGORY_DIGIT": "1", "CATEGORY_NOT_DIGIT": "x", "CATEGORY_SPACE": " ",
             "CATEGORY_NOT_SPACE": "x", "CATEGORY_WORD": "x", "CATEGORY_NOT_WORD": " "}


def _gen_in(items: list, k: int) -> str:
    if items and items[0][0] is sre.NEGATE:
        return "x某"[k % 2]  # checked on the result: a miss only costs this sample
    op, av = items[k % len(items)]
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.RANGE:
        return chr(av[0])
    if op is sre.CATEGORY:
        return _CATEGORY.get(str(av), "x")
    raise Unsupported(f"the generator does not handle {op} in a character set")


def keyword_utterances(intent: str, index: int, keyword: str) -> tuple[list[str], str]:
    """(utterances that say the keyword, why none) for one keyword."""
    try:
        spec = parse_keyword(intent, index, keyword)
    except KeywordError as exc:
        return [], f"keyword {keyword!r} of {intent}: {exc}"
    if spec is None:
        return [], f"keyword {keyword!r} of {intent} normalizes to nothing"
    if spec.form == ALL:
        return [" ".join(p.strip() for p in keyword.split("&") if p.strip())], ""
    if spec.form != REGEX:
        return [keyword], ""
    try:
        found = [s for s in regex_samples(keyword[3:]) if spec.regex.search(normalize(s))]
    except (Unsupported, re.error) as exc:
        return [], f"cannot make an utterance for '{keyword}' of {intent} ({exc}); skipped"
    if not found:
        return [], (f"cannot make an utterance for '{keyword}' of {intent}: no generated sample "
                    "matches it after normalization; skipped")
    return found, ""
