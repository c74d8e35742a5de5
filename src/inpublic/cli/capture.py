"""``inpublic capture`` and ``inpublic brag``: real work from git history."""

from pathlib import Path
from typing import Annotated

import typer

from inpublic.cli._options import Json

Repos = Annotated[
    list[Path] | None,
    typer.Option(
        "--repo",
        help="A git repository (repeat for more; default: [capture] repos or the current folder).",
    ),
]
Since = Annotated[str | None, typer.Option(help="Start: 2w, 3m, 1y or a date (2026-01-01).")]
Until = Annotated[str | None, typer.Option(help="End: a date or 1w (default: now).")]
Author = Annotated[
    str | None, typer.Option(help="Email or name (default: the repository's user.email).")
]
Merges = Annotated[bool, typer.Option("--merges", help="Include merge commits.")]


def resolve_repos(repos: list[Path] | None) -> list[Path]:
    """The repositories given, else [capture] repos of the workspace, else the current folder."""
    if repos:
        return [repo.expanduser().resolve() for repo in repos]
    from inpublic.errors import WorkspaceError
    from inpublic.workspace import find_workspace

    try:
        workspace = find_workspace()
    except WorkspaceError:
        return [Path.cwd()]
    configured = workspace.config.capture.repos
    return [(workspace.root / Path(r).expanduser()).resolve() for r in configured] or [Path.cwd()]


def capture(
    repo: Repos = None,
    since: Since = None,
    until: Until = None,
    author: Author = None,
    merges: Merges = False,
    json_: Json = False,
) -> None:
    """Turn git history into a work log: pieces of work, their commits, files and facts.

    Example: inpublic capture --repo ~/src/ledgerline --since 3m
    """
    from inpublic.capture import capture as run
    from inpublic.cli._capture_output import print_json, print_text

    log = run(resolve_repos(repo), since=since, until=until, author=author, merges=merges)
    print_json(log) if json_ else print_text(log)


def brag(
    since: Annotated[str, typer.Option(help="Start: 1y, 6m or a date.")] = "1y",
    repo: Repos = None,
    author: Author = None,
    out: Annotated[Path | None, typer.Option(help="File to write (default: out/brag.md).")] = None,
    json_: Json = False,
) -> None:
    """Write a brag document (goals, projects, what shipped, collaboration, learning).

    Example: inpublic brag --since 1y
    """
    import datetime as dt

    from inpublic._files import write_atomic
    from inpublic.capture import capture as run
    from inpublic.capture.draft import brag_document
    from inpublic.cli._common import console, user_text
    from inpublic.config import Config
    from inpublic.errors import WorkspaceError
    from inpublic.workspace import find_workspace

    try:
        workspace = find_workspace()
        config, default_out = workspace.config, workspace.out_dir / "brag.md"
    except WorkspaceError:
        config, default_out = Config(), Path("brag.md")
    log = run(resolve_repos(repo), since=since, author=author)
    text = brag_document(log, config.profile.main_track, config.default_lang, dt.date.today())
    target = out or default_out
    write_atomic(target, text)
    if json_:
        from inpublic.cli._common import print_json

        print_json(
            {
                "version": 1,
                "path": str(target),
                "pieces": len(log.pieces),
                "commits": log.commits,
                "warnings": list(log.warnings),
            }
        )
        return
    for warning in log.warnings:
        console.print(user_text(f"warning: {warning}", "yellow"))
    console.print(user_text(f"Wrote {target}: {len(log.pieces)} pieces from {log.commits} commits"))


def register(app: typer.Typer) -> None:
    app.command()(capture)
    app.command()(brag)
