"""``inpublic check``: show or tell, and ready or not."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    text = "text"
    json = "json"
    line = "line"
    github = "github"


class Level(StrEnum):
    suggestion = "suggestion"
    warning = "warning"
    error = "error"


def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Posts or folders (default: the workspace's posts).")
    ] = None,
    format_: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    min_severity: Annotated[
        Level | None,
        typer.Option(help="Lowest severity shown and counted (default: [check] min_severity)."),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply typography fixes (spacing, punctuation) only.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --fix: print the diff, change nothing.")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Show which sentence holds each part (problem, solution, result…)."
        ),
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Only these rules: an id (en.hedge), a prefix (zh) or a category."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help="Not these rules: an id (en.hedge), a prefix (zh) or a category."),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when posts are not ready.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check every file again, ignoring earlier results (and earlier AI answers).",
        ),
    ] = False,
    ai: Annotated[
        bool | None,
        typer.Option(
            "--ai/--no-ai",
            help="Let the model of [ai] read each post's body too (default: [ai] enabled).",
        ),
    ] = None,
) -> None:
    """Check posts for fluff (praise, hype, hedges, jargon, claims without evidence) and readiness.

    Example: inpublic check posts/ci-14-to-4-minutes.md --format line --min-severity suggestion
    """
    from inpublic.check import Severity, check_paths, collect_files
    from inpublic.cli._check_output import failing, print_report
    from inpublic.config import Config
    from inpublic.errors import ExitCode, WorkspaceError
    from inpublic.workspace import Workspace, find_workspace

    workspace: Workspace | None
    try:
        workspace = find_workspace()
        config = workspace.config
        targets = list(paths) if paths else [workspace.posts_dir]
    except WorkspaceError:
        if not paths:
            raise
        workspace, config, targets = None, Config(), list(paths)
    if fix or dry_run:
        _fix(collect_files(targets), dry_run)
        return
    minimum = Severity[(min_severity.value if min_severity else config.check.min_severity)]
    use_ai = config.ai.enabled if ai is None else ai
    if use_ai:  # a missing base_url or model is one line and exit 2, before anything runs
        from inpublic.ai.client import require

        require(config.ai, workspace.config_path if workspace else None)
    cache_dir = None if no_cache else _cache_dir(workspace)
    report = check_paths(targets, config.check, config.default_lang, cache_dir=cache_dir)
    if use_ai:
        report = _second_read(report, config, cache_dir, workspace, format_ is Format.text)
    report = report.narrowed(_selectors(select), _selectors(ignore))
    print_report(report, format_.value, minimum)
    if explain and format_ is Format.text:  # JSON always has each file's parts
        from inpublic.cli._check_output import print_explanation

        print_explanation(report)
    if any(f.error for f in report.files):
        raise typer.Exit(ExitCode.BAD_INPUT)
    if not exit_zero and any(f.verdict != "READY" or failing(f, minimum) for f in report.files):
        raise typer.Exit(ExitCode.FINDINGS)


def _second_read(report, config, state_dir, workspace, progress_bar: bool):
    """The AI second reader's findings added to ``report`` (answers cached in ``state_dir``
    unless it is None: --no-cache); a bar on a terminal."""
    from inpublic.ai.reader import second_read
    from inpublic.cli._common import ai_progress

    prompts_dir = workspace.root / "prompts" if workspace else None
    with ai_progress(f"AI second reader ({config.ai.model})", progress_bar) as progress:
        return second_read(
            report, config.ai, state_dir=state_dir, prompts_dir=prompts_dir, progress=progress
        )


def _selectors(values: list[str] | None) -> tuple[str, ...]:
    """--select a,b --select c: each value may hold several, split at commas."""
    return tuple(
        part.strip() for value in values or () for part in value.split(",") if part.strip()
    )


def _fix(files: list[Path], dry_run: bool) -> None:
    """Fix each file; one that cannot be read or written is reported and the others fixed."""
    import sys

    from inpublic.check import fix_file
    from inpublic.cli._common import console, plain, plain_lines, user_text
    from inpublic.errors import ExitCode, InpublicError

    changed = failed = 0
    for path in files:
        try:
            result = fix_file(path, dry_run=dry_run)
        except InpublicError as error:
            print(f"error: {plain(error)}", file=sys.stderr)
            failed += 1
            continue
        changed += result.changed
        lines = sum(
            1 for line in result.diff.splitlines() if line.startswith("-") and line[:3] != "---"
        )
        if result.diff and dry_run:
            console.out(plain_lines(result.diff), highlight=False, end="")
        elif result.changed:
            console.print(user_text(f"fixed {path}: spacing and punctuation on {lines} line(s)"))
    console.print(
        f"{changed} file(s) {'would change' if dry_run else 'changed'}; --fix changes "
        "typography only: 'inpublic check' shows what is left",
        style="dim",
    )
    if failed:
        raise typer.Exit(ExitCode.BAD_INPUT)


def _cache_dir(workspace) -> Path:
    """.inpublic/ in a workspace; the user's cache folder outside one."""
    import os

    if workspace is not None:
        return workspace.state_dir
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "inpublic"


def register(app: typer.Typer) -> None:
    app.command()(check)
