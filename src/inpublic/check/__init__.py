"""``inpublic check``: does the post show or tell, and is it ready to ship?

Entry points: ``check_paths`` (files and folders, in parallel) and ``check_file``.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import msgspec

from inpublic.check._cache import CheckCache
from inpublic.check._engine import (
    directives,
    document_units,
    has_measure,
    make_unit,
    match_rules,
    switched_off,
)
from inpublic.check._structure import assess, section_parts, verdict
from inpublic.check._typography import fixed_body, invisible_findings, typography_findings
from inpublic.check.model import (
    CATEGORIES,
    SCHEMA_VERSION,
    FileReport,
    Finding,
    Report,
    Severity,
    Verdict,
)
from inpublic.check.rules import (
    Rule,
    RuleError,
    builtin_rules,
    custom_rules,
    rule_files,
    selector_matches,
    structure_data,
    workspace_rules,
)
from inpublic.config import CheckSettings
from inpublic.document.parts import PARTS, Hit, find_parts
from inpublic.errors import InpublicError
from inpublic.workspace.post import Post, load_post, save_post

__all__ = [
    "CATEGORIES",
    "SCHEMA_VERSION",
    "FileReport",
    "Finding",
    "Report",
    "RuleError",
    "Severity",
    "Verdict",
    "check_file",
    "check_paths",
    "explain",
    "check_post",
    "collect_files",
    "fix_file",
    "has_measure",
    "section_parts",
]

POST_SUFFIXES = (".md", ".markdown")
_PARALLEL_FROM = 24  # below this many files, starting worker processes costs more than it saves


def active_rules(settings: CheckSettings) -> tuple[Rule, ...]:
    """The built-in rules, less those a workspace rule of the same id replaces, the
    workspace's rules (rules_dir) and the custom words; less what [check] disables."""
    own = workspace_rules(settings.rules_dir)
    replaced = {rule.id for rule in own}
    rules = (
        tuple(r for r in builtin_rules() if r.id not in replaced)
        + own
        + custom_rules(dict(settings.words))
    )
    return tuple(r for r in rules if not _disabled(settings, r.id, r.category))


def check_post(
    post: Post, settings: CheckSettings | None = None, default_lang: str = "en"
) -> FileReport:
    """Check one loaded post: findings in category order, and the verdict."""
    from inpublic.document import parse_document

    settings = settings or CheckSettings()
    document = parse_document(post, default_lang)
    lang = document.lang if document.lang in ("zh", "en") else "en"
    parts = find_parts(document)
    plan_sections = {parts.sections["next"]} if "next" in parts.sections else set()
    units = document_units(document, plan_sections)
    title = _title_unit(post)
    if title:
        units.insert(0, title)
    findings = match_rules(units, active_rules(settings), lang)
    if not _disabled(settings, "typography.spacing", "typography"):
        findings += typography_findings(post, lang, document)
    if not _disabled(settings, "typography.invisible", "typography"):
        findings += invisible_findings(post, lang)
    low_high = settings.target_length
    target = _target_length(post) or ((low_high[0], low_high[1]) if len(low_high) == 2 else None)
    anchor = post.line_of("title") or post.body_line
    structure, missing, measured = assess(document, parts, lang, target, anchor)
    findings += [f for f in structure if not _disabled(settings, f.rule, f.category)]
    switches = directives(document)
    findings = [f for f in findings if not switched_off(f, switches)]
    order = {name: index for index, name in enumerate(CATEGORIES)}
    findings.sort(key=lambda f: (f.line, f.column, order[f.category]))  # stable: parts in order
    errors = sum(1 for f in findings if f.severity is Severity.error and f.category != "structure")
    state, to_add = verdict(missing, errors, lang, measured)
    hits = {part: parts.get(part) for part in PARTS}
    return FileReport(post.path, tuple(findings), state, to_add, None, hits, lang)


def explain(report: FileReport) -> list[tuple[str, Hit | None]]:
    """Each part's name in the writer's language, and the sentence that satisfies it."""
    names = structure_data()["names"]
    return [
        (names[part].get(report.lang, names[part]["en"]), report.parts.get(part)) for part in PARTS
    ]


def check_file(
    path: Path, settings: CheckSettings | None = None, default_lang: str = "en"
) -> FileReport:
    """Check one file; a file that cannot be checked gets an error, never an exception."""
    try:
        post = _read_post(path)
        return check_post(post, settings, default_lang)
    except InpublicError as error:
        return FileReport(path, error=str(error))


def check_paths(
    paths: Iterable[Path],
    settings: CheckSettings | None = None,
    default_lang: str = "en",
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> Report:
    """Check files and folders (every .md file inside), using all cores for many files.

    With ``cache_dir``, a file checked before with the same bytes, rules and settings is
    not checked again.
    """
    files = collect_files(paths)
    settings = settings or CheckSettings()
    active_rules(settings)  # a bad rule fails here, once, before any worker starts
    settings_key = msgspec.json.encode(settings).decode() + default_lang
    for file in rule_files(settings.rules_dir):  # an edited rule file checks every post again
        settings_key += hashlib.sha256(file.read_bytes()).hexdigest()
    cache = CheckCache(cache_dir, settings_key) if cache_dir else None
    keys = {path: cache.key(path) for path in files} if cache else {}
    done: dict[Path, FileReport] = {}
    if cache:
        for path in files:
            if (cached := cache.get(keys[path], path)) is not None:
                done[path] = cached
    todo = [path for path in files if path not in done]
    workers = jobs or os.cpu_count() or 1
    if workers > 1 and len(todo) >= _PARALLEL_FROM:
        from inpublic._parallel import map_in_processes

        calls = [(path, settings, default_lang) for path in todo]
        fresh = map_in_processes(check_file, calls, workers, warm_up=lambda: _warm_up(settings))
    else:
        fresh = [check_file(path, settings, default_lang) for path in todo]
    done.update(zip(todo, fresh, strict=True))
    if cache:
        for path in todo:
            cache.put(keys[path], done[path])
        cache.save()
    return Report(tuple(done[path] for path in files))


def _warm_up(settings: CheckSettings) -> None:
    """Compile what every check needs (rules, their index and regexes, the parsers) once,
    before the workers fork, so that they share it instead of each compiling it again."""
    from inpublic.check._engine import prepare
    from inpublic.document import markdown

    prepare(active_rules(settings))
    markdown(), has_measure("1 s")


def collect_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix in POST_SUFFIXES and p.is_file())
            )
        else:
            files.append(path)  # a missing or odd file is reported by check_file
    return files


@dataclass(frozen=True)
class FixResult:
    path: Path
    changed: bool
    diff: str


def fix_file(path: Path, dry_run: bool = False) -> FixResult:
    """Apply AutoCorrect's typography fixes, and only those, to the prose of the body (and
    give the post its stable ``id:`` when it has none, as every command that writes does).

    The file is replaced atomically, and only if it is still what was read: an edit saved
    meanwhile is never overwritten. A symlinked post is written through to its target; a
    read-only post is refused.
    """
    from inpublic._files import FileStamp
    from inpublic.document import parse_document, source_lines

    stamp = FileStamp.of(path)  # before reading: a later edit then shows as a change
    post = _read_post(path)
    new_body = fixed_body(post, parse_document(post))
    if new_body == post.body:
        return FixResult(path, False, "")
    old_text = post.text()
    post.body = new_body  # the front matter stays byte for byte, but for the post's id:
    if not post.meta.get("id"):  # given the first time inpublic writes to the post
        from inpublic.workspace.front_matter import new_id

        post.set("id", new_id())
    diff = "".join(
        difflib.unified_diff(
            source_lines(old_text, keepends=True),
            source_lines(post.text(), keepends=True),
            fromfile=str(path),
            tofile=str(path),
        )
    )
    if not dry_run:
        save_post(post, expect=stamp)
    return FixResult(path, True, diff)


def _read_post(path: Path) -> Post:
    from inpublic.errors import PostError

    post = load_post(path)
    if not post.text().strip():
        raise PostError("empty post: nothing to check", path=path, hint="write something first")
    if not post.body.strip():
        raise PostError(
            "only front matter, no text to check",
            path=path,
            line=post.body_line,
            hint="write the post below the front matter",
        )
    return post


def _target_length(post: Post) -> tuple[int, int] | None:
    """The post's own target_length: the shortest and the longest (the front matter's
    schema has checked that they are two whole numbers)."""
    value = post.meta.get("target_length")
    return (value[0], value[1]) if value else None


def _disabled(settings: CheckSettings, rule: str, category: str) -> bool:
    return any(selector_matches(s, rule, category) for s in settings.disable)


def _title_unit(post: Post):
    """The title from the front matter, placed on its line in the file."""
    title = post.meta.get("title")
    line = post.line_of("title")
    if not isinstance(title, str) or not title.strip() or line is None:
        return None
    from inpublic.document import source_lines

    raw = source_lines(post.text())[line - 1]
    column = raw.find(title, raw.find(":") + 1)
    if column < 0:
        return None  # an escaped or folded title: positions would be wrong, so skip it
    # A title names the work, as a heading does: it claims nothing (its praise is still read).
    return make_unit(title, title, lambda offset: (line, column + 1 + offset), label=True)
