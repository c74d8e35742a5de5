"""The four output formats of ``inpublic check``: text, json, line, github.

File names, source lines and messages quoting a post are the user's text: the text and
line formats print them with control characters taken out, the github format escapes
them as workflow commands require, and JSON keeps them exact (escaped by JSON).
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text

from inpublic.check import FileReport, Finding, Report, Severity, Verdict
from inpublic.cli._common import console, plain, print_json
from inpublic.document import source_lines
from inpublic.errors import shown_path

_STYLE = {Severity.error: "red", Severity.warning: "yellow", Severity.suggestion: "cyan"}
_VERDICT_STYLE = {
    Verdict.READY: "bold green",
    Verdict.ALMOST: "bold yellow",
    Verdict.NOT_READY: "bold red",
}
_GITHUB = {Severity.error: "error", Severity.warning: "warning", Severity.suggestion: "notice"}


def print_report(report: Report, format_: str, minimum: Severity) -> None:
    """Plain print() for the machine formats: Rich is for people, and slow on large reports."""
    for file in report.files:
        if file.error:
            print(f"error: {plain(file.error)}", file=sys.stderr)
    if format_ == "json":
        print_json(report.to_dict(minimum))
        return
    for file in report.files:
        if file.error:
            continue
        path = shown_path(file.path)
        if format_ == "line":
            for f in file.shown(minimum):
                print(plain(f"{path}:{f.line}:{f.column}: {f.severity.name} {f.rule} {f.message}"))
        elif format_ == "github":
            for f in file.shown(minimum):
                parts = (f.message, f.suggestion, _ai_advice(f))
                message = " ".join(p for p in parts if p).replace("\n", " ")
                print(
                    f"::{_GITHUB[f.severity]} file={_github_property(path)},line={f.line},"
                    f"col={f.column},endLine={f.end_line},endColumn={f.end_column + 1},"
                    f"title={_github_property(f.rule)}::{_github_data(message)}"
                )
        else:
            _text(file, plain(path), minimum)
    if format_ == "text" and len(report.files) > 1:
        console.print(_summary(report, minimum), highlight=False)
    if report.ai is not None:
        _ai_summary(report, format_)


def _ai_summary(report: Report, format_: str) -> None:
    """The second reader's line (text format), and one warning line on stderr for each post
    it failed on, with a note that the exit code is the rules' alone."""
    from inpublic.ai.reader import summary_line

    ai = report.ai
    assert ai is not None
    langs = [f.lang for f in report.files if not f.error]
    lang = langs[0] if langs else "en"
    failures = ai["failures"]
    for failure in failures:
        where = shown_path(Path(failure["path"]))
        print(plain(f"warning: {where}: {failure['message']}"), file=sys.stderr)
    if format_ == "text":
        console.print(plain(summary_line(ai, lang)), style="dim")
    if failures:
        from inpublic.ai._data import message

        print(plain("note: " + message(lang, "failed_note", count=len(failures))), file=sys.stderr)


def _summary(report: Report, minimum: Severity) -> str:
    """One line at the end, as ruff and Vale print: '3 posts: 2 READY, 1 NOT READY;
    5 warnings, 2 suggestions; 2 fixable with --fix'."""
    checked = [f for f in report.files if not f.error]
    verdicts = [v for v in (Verdict.READY, Verdict.ALMOST, Verdict.NOT_READY)]
    counted = ", ".join(
        f"{n} {v}" for v in verdicts if (n := sum(1 for f in checked if f.verdict == v))
    )
    shown = tuple(finding for f in checked for finding in f.shown(minimum))
    line = f"{len(checked)} post{'s' if len(checked) != 1 else ''}: {counted or 'none'}"
    line += f"; {_counted(shown) or 'no findings'}"
    fixable = sum(1 for finding in shown if finding.category == "typography")
    if fixable:
        line += f"; {fixable} fixable with --fix"
    failed = len(report.files) - len(checked)
    if failed:
        line += f"; {failed} file{'s' if failed != 1 else ''} could not be checked"
    return line


def print_explanation(report: Report) -> None:
    """``check --explain``: for each file, the sentence that satisfies each part of the micro
    report (or that none does), in the writer's language, so the verdict can be seen."""
    from inpublic.check import explain
    from inpublic.check.rules import structure_data

    names = structure_data()["names"]
    for file in report.files:
        if file.error:
            continue
        lang = file.lang if file.lang in ("en", "zh") else "en"
        console.print(
            Text.assemble((plain(shown_path(file.path)), "bold"), "  ", names["heading"][lang])
        )
        for name, hit in explain(file):
            where = f"{hit.line}:{hit.column}" if hit else ""
            text = Text(plain(hit.text)) if hit else Text(names["missing"][lang], style="red")
            pad = " " * max(10 - cell_len(name), 0)  # a CJK name is two columns a character
            console.print(Text.assemble(f"  {name}{pad} {where:<8} ", text))
        console.print()


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it back: a newline or
    '::' in a file name or a quoted word cannot start a command of its own."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return plain(escaped)  # and no ESC or other control character in the log


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _ai_advice(f: Finding) -> str:
    """An AI finding's rewrite (when the guard let it through) and question, on one line."""
    parts = []
    if f.rewrite and not f.rewrite_rejected:
        parts.append(f"→ {f.rewrite}")
    if f.question:
        parts.append(f"? {f.question}")
    return " ".join(parts)


def failing(file: FileReport, minimum: Severity) -> tuple[Finding, ...]:
    """The shown findings that make ``check`` exit 1: warnings and errors. Suggestions
    never do, as in Vale; what --min-severity hides does not count, as in ruff."""
    return tuple(f for f in file.shown(minimum) if f.severity >= Severity.warning)


def _counted(findings: tuple[Finding, ...]) -> str:
    """'2 warnings', '1 error and 1 warning', '2 warnings and 3 suggestions'."""
    counts = []
    for severity in (Severity.error, Severity.warning, Severity.suggestion):
        count = sum(1 for f in findings if f.severity is severity)
        if count:
            counts.append(f"{count} {severity.name}{'s' if count > 1 else ''}")
    return " and ".join(counts)


def _text(file: FileReport, path: str, minimum: Severity) -> None:
    lines = _source_lines(file)
    shown = file.shown(minimum)
    blocking = failing(file, minimum)
    verdict = file.verdict
    if verdict == Verdict.READY and blocking:
        verdict += f", with {_counted(blocking)}"
    console.print(Text.assemble((path, "bold"), "  ", (verdict, _VERDICT_STYLE[file.verdict])))
    for f in shown:
        console.print(
            Text.assemble(
                f"  {f.line}:{f.column}  ",
                (f.severity.name, _STYLE[f.severity]),
                "  ",
                (f.rule, "dim"),
                "  ",
                plain(f.message),
            )
        )
        if f.category != "structure" and 0 < f.line <= len(lines):
            _marker(
                lines[f.line - 1],
                f.line,
                f.column,
                f.end_column if f.end_line == f.line else len(lines[f.line - 1]),
            )
        if f.suggestion:
            console.print(Text.assemble("      → ", (plain(f.suggestion), "green")))
        if f.rewrite and not f.rewrite_rejected:
            console.print(Text.assemble("      → ", (plain(f.rewrite), "green")))
        elif f.rewrite:
            from inpublic.ai._data import message

            why = message(file.lang, "rejected_label", why=f.rewrite_rejected)
            console.print(
                Text.assemble(
                    "      ✗ ", (plain(f.rewrite), "strike dim"), "  ", (plain(why), "red")
                )
            )
        if f.question:
            console.print(Text.assemble("      ? ", (plain(f.question), "cyan")))
    if file.to_add:
        console.print(Text.assemble("  To be ready, add: ", ("; ".join(file.to_add), "bold")))
    hidden = len(file.findings) - len(shown)
    if file.verdict == Verdict.READY:
        rest = len(shown) - len(blocking) or hidden
        if blocking:
            note = f"fix the {_counted(blocking)} above for check to pass"
        elif rest:
            note = f"{rest} suggestion(s) remain; ready does not mean perfect"
        else:
            note = "nothing left to fix"
        console.print(
            f"  Ready to ship: a problem, a solution and a measured result; {note}.",
            style="yellow" if blocking else "green",
        )
    if hidden:
        console.print(
            f"  {hidden} finding(s) below {minimum.name} not shown "
            "(--min-severity suggestion shows them)",
            style="dim",
        )
    console.print()


def _source_lines(file: FileReport) -> list[str]:
    """The file's lines, numbered as the check numbers them (see ``source_lines``)."""
    try:
        return source_lines(file.path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def _marker(source: str, line: int, column: int, end_column: int) -> None:
    """The source line, or the window of it around the finding that fits the terminal,
    and carets under the finding. Widths are display cells: a CJK character takes two."""
    gutter = f"{line:>6} | "
    shown, before, span = _window(source, column - 1, end_column, console.width - len(gutter))
    console.print(Text.assemble((gutter, "dim"), shown))
    console.print(
        Text.assemble(
            (" " * (len(gutter) - 2) + "| ", "dim"), " " * before, ("^" * span, "bold red")
        )
    )


_CUT = "…"
_NARROWEST = 20  # a window narrower than this shows too little to read


def _window(source: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """The part of ``source`` to show for characters [start, end), in ``width`` cells, with
    '…' where it is cut: (text, cells before the span, cells of the span)."""
    pieces = ["    " if c == "\t" else plain(c) for c in source]
    cells = [cell_len(piece) for piece in pieces]
    start = min(max(start, 0), len(pieces))
    end = min(max(end, start + 1), len(pieces))
    first, last = 0, len(pieces)
    budget = max(width, _NARROWEST)
    if sum(cells) > budget:
        budget -= 2 * cell_len(_CUT)
        first = last = start
        used = 0
        while last < end and used + cells[last] <= budget:
            used, last = used + cells[last], last + 1  # the finding first, as much as fits
        left = right = 0  # then context on both sides, as even as the line allows
        while True:
            if first > 0 and (left <= right or last == len(pieces)):
                if used + cells[first - 1] > budget:
                    break
                first, used, left = first - 1, used + cells[first - 1], left + cells[first - 1]
            elif last < len(pieces) and used + cells[last] <= budget:
                used, last, right = used + cells[last], last + 1, right + cells[last]
            else:
                break
    head = _CUT if first > 0 else ""
    tail = _CUT if last < len(pieces) else ""
    text = head + "".join(pieces[first:last]) + tail
    before = cell_len(head) + sum(cells[first:start])
    return text, before, max(sum(cells[start : min(end, last)]), 1)
