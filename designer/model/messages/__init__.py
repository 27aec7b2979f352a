"""Problem messages in several languages: a message is a catalogue id and its parameters.

A check does not write its sentence; it names it, with the values that fill it in:

    Msg("E-DANGLING-GOTO.next", node="ask", target="byee")

and the sentence comes from the catalogue of a language (`en.py`, `zh_CN.py`: one dict each,
id -> str.format template). The English catalogue holds today's exact texts, so a Problem's
`message` (the English rendering, made once when the problem is made) does not change; the
Problems panel and `callscript lint --lang zh` render the same Msg in Chinese.

An id is the problem code, or the code and a variant after a dot ("E-TYPE.list") when one code
has several sentences. Ids that start with "_" are pieces used inside other messages ("_where.file",
"_how.branch", "_join.comma"). A parameter is a plain value (text, number: the template
formats it, `{keyword!r}` in English, `“{keyword}”` in Chinese), another Msg (rendered in the
same language) or a Seq (pieces joined by a separator of the language). Node ids, keywords,
file names, policy citations and the text of an exception stay as written.

No Qt here: the core (model, analysis, formats) and the command line use it.
"""
from __future__ import annotations

from string import Formatter
from typing import Any, Iterable, Mapping

LANGUAGES = ("en", "zh_CN")  # the catalogues; "en" is the source and the fallback
SPACED = frozenset({"zh_CN"})  # languages that put a space between Han characters and Latin
_catalogues: dict[str, Mapping[str, str]] = {}


def catalogue(lang: str) -> Mapping[str, str]:
    """The message templates of a language (see LANGUAGES), loaded on first use."""
    cat = _catalogues.get(lang)
    if cat is None:
        if lang == "en":
            from designer.model.messages.en import MESSAGES
        elif lang == "zh_CN":
            from designer.model.messages.zh_CN import MESSAGES
        else:
            raise ValueError(f"no problem messages in language {lang!r}")
        cat = _catalogues[lang] = MESSAGES
    return cat


def placeholders(template: str) -> set[str]:
    """The names of a template's {placeholders}."""
    return {name for _, name, _, _ in _parsed(template) if name is not None}


def normalize_lang(value: str) -> str:
    """"en" or "zh_CN" for what a person may type: en, en-US, zh, zh_CN, zh-CN, zh-Hans, cn
    (any Chinese: only Simplified Chinese is written). ValueError for anything else."""
    v = (value or "").strip().replace("-", "_").lower()
    if v in ("en", "english") or v.startswith("en_"):
        return "en"
    if v in ("zh", "cn", "chinese") or v.startswith("zh_"):
        return "zh_CN"
    raise ValueError(f"unknown language {value!r} (choose en or zh)")


class Msg:
    """A message of the catalogue: its id and the values of its {placeholders}."""

    __slots__ = ("id", "args")

    def __init__(self, id: str, **args: Any):  # noqa: A002 - the catalogue's word
        self.id = id
        self.args = args

    @property
    def code(self) -> str:
        """The problem code the id belongs to (the id without its variant)."""
        return self.id.partition(".")[0]

    def render(self, lang: str = "en") -> str:
        """The message in a language; in English when that language lacks the id."""
        template = catalogue(lang).get(self.id)
        if template is None:
            if lang == "en":
                raise KeyError(f"no message {self.id!r} in the English catalogue")
            return self.render("en")
        args = self.args
        if not args:
            return template
        values = {k: _piece(v, lang) for k, v in args.items()}
        if lang in SPACED:
            return _format_spaced(template, values)
        return template.format_map(values)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"Msg({self.id!r}{', ' if inner else ''}{inner})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Msg) and self.id == other.id
                and self.args == other.args)

    __hash__ = None  # type: ignore[assignment]  # args may hold lists


class Seq:
    """Pieces joined by the separator `joiner` (a catalogue id such as "_join.comma": ", " in
    English, "、" in Chinese)."""

    __slots__ = ("items", "joiner")

    def __init__(self, items: Iterable[Any], joiner: str = "_join.comma"):
        self.items = tuple(items)
        self.joiner = joiner

    def render(self, lang: str = "en") -> str:
        sep = catalogue(lang).get(self.joiner)
        if sep is None:
            sep = catalogue("en")[self.joiner]
        return sep.join(str(_piece(x, lang)) for x in self.items)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Seq({list(self.items)!r}, {self.joiner!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Seq) and self.items == other.items
                and self.joiner == other.joiner)

    __hash__ = None  # type: ignore[assignment]


_RENDERED = (Msg, Seq)


def _piece(value: Any, lang: str) -> Any:
    return value.render(lang) if value.__class__ in _RENDERED else value


_PARSED: dict[str, list] = {}


def _parsed(template: str) -> list:
    parts = _PARSED.get(template)
    if parts is None:
        parts = _PARSED[template] = list(Formatter().parse(template))
    return parts


def _format_spaced(template: str, values: Mapping[str, Any]) -> str:
    """template.format_map(values), with a space where a value and the text around it meet
    as a Han character and a Latin letter or digit ("节点 ask 的第 2 个分支" from
    "节点{node}的第{branch}个分支"): node ids and keywords stay as written, the sentence is
    spaced the way Chinese technical writing is."""
    out: list[str] = []
    for literal, name, spec, conversion in _parsed(template):
        if literal:
            _spaced_append(out, literal)
        if name is not None:
            value = values[name]
            if conversion == "r":
                value = repr(value)
            elif conversion == "s":
                value = str(value)
            elif conversion == "a":
                value = ascii(value)
            _spaced_append(out, format(value, spec or ""))
    return "".join(out)


def _spaced_append(out: list[str], text: str) -> None:
    if out and text and out[-1]:
        a, b = out[-1][-1], text[0]
        if (_is_han(a) and _is_latin(b)) or (_is_latin(a) and _is_han(b)):
            out.append(" ")
    out.append(text)


def _is_han(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
            or "\uf900" <= ch <= "\ufaff" or "\u3040" <= ch <= "\u30ff")


def _is_latin(ch: str) -> bool:
    return "!" <= ch <= "~" and ch not in "“”"


def render(value: Any, lang: str = "en") -> str:
    """A Msg or Seq in a language; any other value as text."""
    return value.render(lang) if value.__class__ in _RENDERED else str(value)


def term(kind: str, value: str) -> Any:
    """A word from a closed vocabulary ("_source", "recorded") as a Msg that the catalogues
    translate ("_source:recorded"), or the value itself when the catalogue does not know it."""
    key = f"{kind}:{value}"
    return Msg(key) if key in catalogue("en") else value


def names(ids: list[str], limit: int) -> Any:
    """The first `limit` ids, comma-separated, then "and N more" when there are more."""
    shown = Seq(ids[:limit])
    return Msg("_list.more", shown=shown, more=len(ids) - limit) if len(ids) > limit else shown


def quoted(items: Iterable[str], joiner: str = "_join.or") -> Seq:
    """Texts each quoted the way of the language ('x' / “x”), joined ("'a' or 'b'")."""
    return Seq([Msg("_quote", text=t) for t in items], joiner)


__all__ = ["LANGUAGES", "Msg", "Seq", "catalogue", "names", "normalize_lang", "placeholders",
           "quoted", "render", "term"]
