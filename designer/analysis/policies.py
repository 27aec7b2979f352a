"""Compliance policies: data files in resources/policies/<id>.yaml, read with YAML safe loading.

A policy is a list of rules, each of a rule type the checker in compliance.py interprets, so a
new jurisdiction is a new file, not new code. Rule types and their keys:

  ai_disclosure     words, before_question: the opening says the caller is an AI
  identification    before_question: the opening names business.legal_name
  opt_out           notice_phrases, reply_confirms, reply_no_question: opt-out intent, its
                    reply, and the opening telling how to opt out
  robot_question    truthful_words: "are you a robot?" is answered truthfully
  impersonation     phrases: no prompt claims to be a person
  refusals          max, require_intent: a refusal intent exists and refusals are capped
  calling_hours     earliest, latest, forbidden, forbidden_days: the calling window
  callback_number   (no keys): business.callback_number is declared and spoken
  consent           require_source, rejected_bases: business.consent is declared
  number_source     (no keys): business.number_source is declared
  right_to_object   phrases: some prompt tells the person of the right to object
  transfer_fallback (no keys): every transfer has a line for when no agent answers

Word lists are matched after the engine's normalization (case, full width, traditional
Chinese and punctuation do not matter; English words match whole words only). A word list is
either one list for every language or a mapping from language (zh, en, de, ...; the script's
`language` picks one) to a list; a language the policy does not list uses the baseline's.

Every rule also takes `title`, `source` (the law it comes from, cited in each message) and an
optional `severity` (default: the policy's `severity`, itself `error` by default).
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

import yaml

from designer.model.calendar import parse_hours_range
from designer.model.messages import Msg, Seq

POLICY_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "resources", "policies")
BASELINE = "baseline"  # applied as warnings for every rule type no chosen policy covers
FORMAT_VERSION = 1
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_COMMON_KEYS = ("title", "source", "severity")
_TOP_KEYS = ("callscript_policy", "id", "name", "description", "severity", "rules")
_SEVERITIES = ("error", "warning", "info")
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")

# rule type -> {key: kind}; kinds: words (a list of texts, or language -> list), bool, int,
# hhmm, ranges, days, reasons
RULE_TYPES: dict[str, dict[str, str]] = {
    "ai_disclosure": {"words": "words", "before_question": "bool"},
    "identification": {"before_question": "bool"},
    "opt_out": {"notice_phrases": "words", "reply_confirms": "words",
                "reply_no_question": "bool"},
    "robot_question": {"truthful_words": "words"},
    "impersonation": {"phrases": "words"},
    "refusals": {"max": "int", "require_intent": "bool"},
    "calling_hours": {"earliest": "hhmm", "latest": "hhmm", "forbidden": "ranges",
                      "forbidden_days": "days", "require_timezone": "bool"},
    "callback_number": {},
    "consent": {"require_source": "bool", "rejected_bases": "reasons"},
    "number_source": {},
    "right_to_object": {"phrases": "words"},
    "transfer_fallback": {},
}
_LANGUAGE_ALIASES = {"cmn": "zh", "yue": "zh", "wuu": "zh"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PolicyError(ValueError):
    """An unknown policy name, or a policy file that is not valid. `msg`: the reason as a
    catalogue message (designer/model/messages), when there is one."""

    def __init__(self, message: Any, msg: Optional[Msg] = None):
        if isinstance(message, Msg):
            message, msg = message.render("en"), message
        super().__init__(message)
        self.msg = msg


@dataclass(frozen=True)
class Rule:
    type: str
    title: str
    source: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    def words(self, key: str, language: str) -> Optional[tuple[str, ...]]:
        """The word list `key` for a script language ("zh-CN" -> the `zh` list; a plain list
        is for every language). None when the rule has no list for that language."""
        by_lang = self.params.get(key)
        if by_lang is None:
            return None
        if "*" in by_lang:
            return by_lang["*"]
        tag = language.strip().lower().replace("_", "-")
        primary = tag.split("-")[0]
        return by_lang.get(tag) or by_lang.get(_LANGUAGE_ALIASES.get(primary, primary))


@dataclass(frozen=True)
class Policy:
    id: str
    name: str
    rules: tuple[Rule, ...]
    path: str = ""

    def rule(self, rule_type: str) -> Optional[Rule]:
        for r in self.rules:
            if r.type == rule_type:
                return r
        return None


def available_policies(directory: str = POLICY_DIR) -> list[str]:
    """Ids of the policies that can be chosen (the baseline is applied on its own)."""
    try:
        names = sorted(f[:-5] for f in os.listdir(directory) if f.endswith(".yaml"))
    except OSError:
        return []
    return [n for n in names if _NAME_RE.match(n) and n != BASELINE]


def normalize_policy_names(names) -> list[str]:
    """'CN, us' or ['cn', 'US'] -> ['cn', 'us'] (order kept, duplicates dropped)."""
    if isinstance(names, str):
        names = [names]
    out: list[str] = []
    for item in names or ():
        for part in str(item).split(","):
            n = part.strip().lower()
            if n and n not in out:
                out.append(n)
    return out


def load_policy(name: str, directory: str = POLICY_DIR) -> Policy:
    """The policy of that id. Read once per process and cached (policies are program data)."""
    n = name.strip().lower()
    if not _NAME_RE.match(n):
        raise PolicyError(Msg("E-POLICY.name", name=name))
    return _load_cached(n, directory)


@functools.lru_cache(maxsize=64)
def _load_cached(name: str, directory: str) -> Policy:
    path = os.path.join(directory, f"{name}.yaml")
    if not os.path.isfile(path):
        known = available_policies(directory)
        raise PolicyError(Msg("E-POLICY.unknown", name=name,
                              known=Seq(known) if known else "none"))
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(f"{path}: cannot read policy: {exc}") from None
    return parse_policy(data, name, path)


def parse_policy(data: Any, name: str, path: str = "<policy>") -> Policy:
    """Check a policy's plain data against the rule vocabulary and build it."""
    def fail(where: str, msg: str) -> PolicyError:
        return PolicyError(f"{path}: {where}: {msg}")

    if not isinstance(data, dict):
        raise fail("the file", "a policy is a mapping with `rules`")
    for key in data:
        if key not in _TOP_KEYS:
            raise fail(str(key), f"unknown key; allowed: {', '.join(_TOP_KEYS)}")
    if data.get("callscript_policy") != FORMAT_VERSION:
        raise fail("callscript_policy", f"must be {FORMAT_VERSION}")
    if data.get("id", name) != name:
        raise fail("id", f"is {data.get('id')!r} but the file is named {name}.yaml")
    default_sev = _severity(data.get("severity", "error"), "severity", fail)
    rules_data = data.get("rules")
    if not isinstance(rules_data, dict) or not rules_data:
        raise fail("rules", "must be a mapping of rule type -> settings")
    rules = []
    for rtype, settings in rules_data.items():
        if rtype not in RULE_TYPES:
            raise fail(f"rules.{rtype}", f"unknown rule type; known: {', '.join(RULE_TYPES)}")
        settings = {} if settings is None else settings
        if not isinstance(settings, dict):
            raise fail(f"rules.{rtype}", "must be a mapping")
        params: dict[str, Any] = {}
        for key, value in settings.items():
            where = f"rules.{rtype}.{key}"
            if key in _COMMON_KEYS:
                continue
            kind = RULE_TYPES[rtype].get(key)
            if kind is None:
                allowed = ", ".join(tuple(RULE_TYPES[rtype]) + _COMMON_KEYS)
                raise fail(where, f"unknown key; allowed: {allowed}")
            params[key] = _value(kind, value, where, fail)
        title = settings.get("title", rtype.replace("_", " "))
        source = settings.get("source", "")
        if not isinstance(title, str) or not isinstance(source, str) or not source.strip():
            raise fail(f"rules.{rtype}", "needs `source`: the law or rule it comes from")
        sev = _severity(settings.get("severity", default_sev), f"rules.{rtype}.severity", fail)
        rules.append(Rule(rtype, title, source.strip(), sev, params))
    return Policy(name, str(data.get("name", name)), tuple(rules), path)


def _severity(value: Any, where: str, fail) -> str:
    if value not in _SEVERITIES:
        raise fail(where, f"must be one of {', '.join(_SEVERITIES)}")
    return value


def _value(kind: str, value: Any, where: str, fail) -> Any:
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail(where, "must be true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(where, "must be a whole number >= 0")
        return value
    if kind == "hhmm":
        if not isinstance(value, str) or not _HHMM.match(value):
            raise fail(where, 'must be a quoted time like "09:00"')
        h, m = value.split(":")
        return int(h) * 60 + int(m)
    if kind == "reasons":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in value.items()):
            raise fail(where, "must map each basis to the reason it is not enough")
        return {basis_key(k): v for k, v in value.items()}
    if kind == "words":
        if isinstance(value, dict):
            return {str(lang).lower(): _texts(v, f"{where}.{lang}", fail)
                    for lang, v in value.items()}
        return {"*": _texts(value, where, fail)}
    value = _texts(value, where, fail)
    if kind == "ranges":
        spans = [parse_hours_range(v) for v in value]
        if None in spans:
            raise fail(where, 'each entry must look like "12:00-14:00"')
        return tuple(zip(value, spans))
    if kind == "days":
        bad = [v for v in value if v not in _DAYS]
        if bad:
            raise fail(where, f"unknown day {bad[0]!r}; days are {', '.join(_DAYS)}")
        return tuple(value)
    return value


def _texts(value: Any, where: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        # YAML 1.1 reads an unquoted no/yes/on/off as a boolean: the message says to quote
        raise fail(where, "must be a list of non-empty quoted texts")
    return tuple(value)


def basis_key(basis: str) -> str:
    """Consent bases compare without case, spaces or dashes: 'Legitimate interest' ==
    'legitimate_interest'."""
    return re.sub(r"[\s\-]+", "_", basis.strip().casefold())

