"""Rules as data: word lists in ``rules/<lang>/<category>.toml``, loaded and validated strictly."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from inpublic.check.model import CATEGORIES, Severity
from inpublic.config import key_line
from inpublic.document._sentences import is_cjk
from inpublic.errors import InpublicError

KINDS = ("existence",)
CONDITIONS = (
    "evidence",
    "evidence-nearby",
    "honest-unknown",
    "plan",
    "question",
    "link",
    "label",
    "negated",
)
_FILE_KEYS = ("category", "source", "rules")
_RULE_KEYS = (
    "name",
    "kind",
    "level",
    "tokens",
    "patterns",
    "unless",
    "exceptions",
    "examples",
    "message",
    "suggestion",
    "source",
)


class RuleError(InpublicError):
    """Raised by ``inpublic.check.rules`` for a rule file or [check] setting that is not valid."""


@dataclass(frozen=True)
class Category:
    id: str
    level: Severity
    unless: frozenset[str]
    message: dict[str, str]
    suggestion: dict[str, str]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Rule:
    """A list of words or patterns whose every match is a finding, unless a condition holds."""

    id: str
    category: str
    level: Severity
    tokens: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    lang: str = ""  # en rules are not matched inside Chinese sentences, where English is a term
    unless: frozenset[str] = frozenset()
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""
    fire: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    message: dict[str, str] = field(default_factory=dict)
    suggestion: dict[str, str] = field(default_factory=dict)

    @cached_property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.tokens, self.patterns)

    @cached_property
    def anchors(self) -> frozenset[str] | None:
        """Strings (in lower case) one of which every match of the patterns contains, so
        that a sentence holding none of them is not scanned; None when a pattern has none."""
        return _anchors(self.patterns) if self.patterns else None

    @cached_property
    def pattern_regexes(self) -> tuple[re.Pattern[str], ...]:
        """The regex of ``patterns`` alone (it comes last in ``regexes``)."""
        return self.regexes[-1:] if self.patterns else ()


@cache
def _compile(tokens: tuple[str, ...], patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One alternation for the Latin tokens (with word boundaries; a space matches a hyphen
    too: 'blazing fast' is 'blazing-fast'), one for the CJK tokens (none: CJK has no spaces
    between words; exceptions guard against longer words), and one for all the patterns."""
    latin = [t for t in tokens if not any(is_cjk(c) for c in t)]
    cjk = [t for t in tokens if any(is_cjk(c) for c in t)]
    compiled = []
    if latin:
        words = alternation(latin, fold=True)
        compiled.append(re.compile(rf"(?<![A-Za-z0-9_\-]){words}(?![A-Za-z0-9_\-])", re.I))
    if cjk:
        compiled.append(re.compile(alternation(cjk)))
    if patterns:  # one pass over the sentence for all of them
        compiled.append(re.compile("|".join(f"(?:{p})" for p in patterns), re.I))
    return tuple(compiled)


@cache
def categories() -> dict[str, Category]:
    data = tomllib.loads(_data("categories.toml"))
    return {
        name: Category(
            id=name,
            level=Severity.parse(entry["level"]),
            unless=frozenset(entry.get("unless", ())),
            message=entry["message"],
            suggestion=entry["suggestion"],
        )
        for name, entry in data.items()
    }


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """Every rule shipped with inpublic, in category order."""
    root = resources.files("inpublic.check").joinpath("rules")
    rules: list[Rule] = []
    for lang_dir in sorted(root.iterdir(), key=lambda p: p.name):
        for file in sorted(lang_dir.iterdir(), key=lambda p: p.name):
            if file.name.endswith(".toml") and not file.name.startswith("_"):
                rules.extend(
                    load_rule_file(file.read_text("utf-8"), Path(str(file)), lang_dir.name)
                )
    order = {name: index for index, name in enumerate(CATEGORIES)}
    return tuple(sorted(rules, key=lambda r: (order[r.category], r.id)))


def load_rule_file(text: str, path: Path, lang: str) -> list[Rule]:
    """Parse one rule file; every problem is a ``RuleError`` naming the file and line."""

    def fail(message: str, key: tuple[Any, ...] = (), hint: str | None = None) -> RuleError:
        return RuleError(message, path=path, line=key_line(text, key) if key else None, hint=hint)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"not valid TOML: {exc}") from None
    for key in data:
        if key not in _FILE_KEYS:
            raise fail(f"unknown key '{key}'", (key,), f"valid keys: {', '.join(_FILE_KEYS)}")
    category = data.get("category")
    if category not in CATEGORIES:
        raise fail(
            f"unknown category {category!r}", ("category",), f"use one of {', '.join(CATEGORIES)}"
        )
    defaults = categories()[category]
    rules = []
    for entry in data.get("rules", []):
        for key in entry:
            if key not in _RULE_KEYS:
                raise fail(
                    f"unknown rule key '{key}'",
                    ("rules", key),
                    f"valid keys: {', '.join(_RULE_KEYS)}",
                )
        kind = entry.get("kind", "existence")
        if kind not in KINDS:
            raise fail(
                f"unknown rule kind '{kind}'", ("rules", "kind"), f"valid kinds: {', '.join(KINDS)}"
            )
        unless = frozenset(entry.get("unless", defaults.unless))
        for condition in unless - set(CONDITIONS):
            raise fail(
                f"unknown condition '{condition}'",
                ("rules", "unless"),
                f"valid conditions: {', '.join(CONDITIONS)}",
            )
        tokens = tuple(entry.get("tokens", ()))
        try:
            patterns = tuple(expand_classes(p, lang) for p in entry.get("patterns", ()))
        except KeyError as exc:
            raise fail(f"unknown word class {exc}", ("rules", "patterns")) from None
        if not tokens and not patterns:
            raise fail("a rule needs tokens or patterns", ("rules",))
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise fail(f"bad pattern {pattern!r}: {exc}", ("rules", "patterns")) from None
        name = entry.get("name")
        examples = entry.get("examples", {})
        try:
            level = Severity.parse(entry["level"]) if "level" in entry else defaults.level
        except ValueError as exc:
            raise fail(str(exc), ("rules", "level")) from None
        rules.append(
            Rule(
                id=".".join(part for part in (lang, category, name) if part),
                category=category,
                level=level,
                tokens=tokens,
                patterns=patterns,
                unless=unless,
                lang=lang,
                exceptions={k.lower(): tuple(v) for k, v in entry.get("exceptions", {}).items()},
                source=entry.get("source", data.get("source", "")),
                fire=tuple(examples.get("fire", ())),
                passes=tuple(examples.get("pass", ())),
                message=_localized(entry.get("message")),
                suggestion=_localized(entry.get("suggestion")),
            )
        )
    return rules


_CLASS = re.compile(r"<<([a-z][a-z_-]*)>>")


def expand_classes(pattern: str, lang: str) -> str:
    """A pattern with its word classes written out: ``<<evaluative>>`` is an alternation of
    the words listed under ``evaluative`` in ``rules/<lang>/_classes.toml``."""
    return _CLASS.sub(lambda m: _word_class(lang, m.group(1)), pattern)


@cache
def _anchors(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """The literal strings one of which any match of any of ``patterns`` holds, read from
    the parse the regex module itself makes (re._parser, CPython's own parser); None when
    a pattern holds no such string (a class, a repeat that may be empty…)."""
    try:
        import re._constants as ops
        import re._parser as parser
    except ImportError:  # another Python: every pattern runs on every sentence
        return None

    def needed(sub: Any) -> set[str] | None:
        found: list[set[str]] = []
        run = ""
        for op, value in [*sub.data, (None, None)]:
            if op is ops.LITERAL:
                run += chr(value)
                continue
            if run:
                found.append({run.lower()})
                run = ""
            one: set[str] | None = None
            if op is ops.SUBPATTERN:
                one = needed(value[3])
            elif op is ops.ATOMIC_GROUP:
                one = needed(value)
            elif op is ops.BRANCH:
                branches = [needed(branch) for branch in value[1]]
                one = None if None in branches else set().union(*branches)  # type: ignore[arg-type]
            elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT) and value[0]:
                one = needed(value[2])
            if one:
                found.append(one)
        # the most selective: the longest shortest string, then the fewest strings
        return max(found, key=lambda c: (min(map(len, c)), -len(c))) if found else None

    every: set[str] = set()
    for pattern in patterns:
        one = needed(parser.parse(pattern, re.I))
        if not one:
            return None
        every |= one
    return frozenset(every)


@cache
def _word_class(lang: str, name: str) -> str:
    return alternation(_classes(lang)[name], fold=True)


def alternation(words: Iterable[str], fold: bool = False, space: str = r"[\s\-]+") -> str:
    """A regex that matches any of ``words``, the longest first, a space matching spaces
    or a hyphen ('blazing fast' is 'blazing-fast'), ``fold``ed to lower case for re.I.

    Written as a trie (fast|faster|fastest is fast(?:e(?:r|st))?): the engine tries one
    branch per distinct letter at each position instead of every word, which keeps a list
    of hundreds of words about as cheap as a short one."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word.lower() if fold else word:
            node = node.setdefault(char, {})
        node[""] = {}

    def written(node: dict[str, dict]) -> str:
        branches = [
            (space if char == " " else re.escape(char)) + written(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{written(trie)})"


@cache
def _classes(lang: str) -> dict[str, list[str]]:
    file = resources.files("inpublic.check").joinpath("rules", lang, "_classes.toml")
    return tomllib.loads(file.read_text("utf-8")) if file.is_file() else {}


def rule_files(folder: str) -> tuple[Path, ...]:
    """The rule files of a workspace folder: <lang>/<category>.toml, in name order."""
    if not folder:
        return ()
    base = Path(folder)
    if not base.is_dir():
        raise RuleError("no such folder of rules", path=base, hint="create it, or fix rules_dir")
    return tuple(
        file
        for lang_dir in sorted(p for p in base.iterdir() if p.is_dir())
        for file in sorted(lang_dir.glob("*.toml"))
        if not file.name.startswith("_")
    )


def workspace_rules(folder: str) -> tuple[Rule, ...]:
    """The rules of a workspace's folder of rule files, read again when a file changes."""
    files = rule_files(folder)
    return _workspace_rules(
        tuple((file, file.stat().st_mtime_ns, file.stat().st_size) for file in files)
    )


@cache
def _workspace_rules(files: tuple[tuple[Path, int, int], ...]) -> tuple[Rule, ...]:
    from inpublic._files import read_text

    rules: list[Rule] = []
    for file, _, _ in files:
        rules.extend(load_rule_file(read_text(file, RuleError), file, file.parent.name))
    return tuple(rules)


def custom_rules(words: dict[str, list[str]]) -> tuple[Rule, ...]:
    """Rules from ``[check.words]`` in inpublic.toml: extra words per category (the same
    words give the same rules, so that what is built from them is built once)."""
    return _custom_rules(tuple((category, tuple(tokens)) for category, tokens in words.items()))


@cache
def _custom_rules(words: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[Rule, ...]:
    rules = []
    for category, tokens in words:
        defaults = categories()[category]
        rules.append(
            Rule(
                id=f"custom.{category}",
                category=category,
                level=defaults.level,
                tokens=tuple(tokens),
                unless=defaults.unless,
                source="inpublic.toml",
            )
        )
    return tuple(rules)


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """Whether a [check] disable entry or an inline comment names this rule: by id, a prefix
    of it ('zh.hedge', 'zh'), or its category ('hedge')."""
    return selector in ("*", "all", category, rule_id) or rule_id.startswith(selector + ".")


def _localized(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    return {"en": value, "zh": value} if isinstance(value, str) else dict(value)


def _data(name: str) -> str:
    return resources.files("inpublic.check").joinpath(name).read_text("utf-8")


@cache
def evidence_data() -> dict[str, Any]:
    return tomllib.loads(_data("evidence.toml"))


@cache
def _messages() -> dict[str, dict[str, str]]:
    return tomllib.loads(_data("messages.toml"))


def message(name: str, lang: str, **values: object) -> str:
    """A message of messages.toml in ``lang`` (English for another language), filled in."""
    entry = _messages()[name]
    return entry.get(lang, entry["en"]).format(**values)


@cache
def structure_data() -> dict[str, Any]:
    return tomllib.loads(_data("structure.toml"))
