"""``inpublic init`` and ``inpublic new``."""

from pathlib import Path
from typing import Annotated

import typer

from inpublic.cli._options import Json
from inpublic.cli.capture import Author, Merges, Repos, Since, Until, resolve_repos


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the workspace.")] = Path("."),
    name: Annotated[str | None, typer.Option(help="Your name (default: git's user.name).")] = None,
    handle: Annotated[str, typer.Option(help="Your handle on social channels.")] = "",
    lang: Annotated[
        str, typer.Option(help="Languages you write in, first is default: zh,en")
    ] = "en",
    channels: Annotated[
        str, typer.Option(help="Channels: hugo,wechat,xiaohongshu,x,linkedin,zhihu")
    ] = "hugo",
    json_: Json = False,
) -> None:
    """Create a workspace: inpublic.toml, posts/ and a .gitignore.

    Example: inpublic init blog --name "Mei Chen" --lang zh,en --channels hugo,wechat,x
    """
    import shlex

    from rich.text import Text

    from inpublic.cli._common import console, plain
    from inpublic.workspace import init_workspace

    workspace = init_workspace(
        folder, name=name, handle=handle, languages=_split(lang), channels=_split(channels)
    )
    if json_:
        from inpublic.cli._common import print_json

        root = workspace.root.resolve()
        print_json({"version": 1, "root": str(root), "config": str(workspace.config_path)})
        return
    console.print(Text.assemble("Created workspace in ", (plain(workspace.root), "bold")))
    console.print(f"  {workspace.config_path.name}  your profile, channels and goals: edit it")
    console.print("  posts/         your posts")
    root, here = workspace.root.resolve(), Path.cwd().resolve()
    step = 'inpublic new "What I fixed"'
    if root != here:
        folder_shown = root.relative_to(here) if root.is_relative_to(here) else root
        step = f"cd {shlex.quote(str(folder_shown))} && {step}"
    console.print(Text.assemble("Next: ", (plain(step), "bold")))


def new(
    title: Annotated[
        str | None, typer.Argument(help="The post's title (with --from-git: the piece's).")
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="zh or en (default: your first language).")
    ] = None,
    project: Annotated[str | None, typer.Option(help="The project the post is about.")] = None,
    slug: Annotated[
        str | None,
        typer.Option(
            help="File name and URL (default: from the title); pinyin: the title in pinyin."
        ),
    ] = None,
    interview: Annotated[
        bool, typer.Option("--interview", help="Ask the section questions in the terminal.")
    ] = False,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the new post in $VISUAL or $EDITOR.")
    ] = False,
    json_: Json = False,
    answers: Annotated[
        Path | None, typer.Option(help="TOML file of answers keyed by section id.")
    ] = None,
    from_git: Annotated[
        bool, typer.Option("--from-git", help="Draft from a piece of work in git history.")
    ] = False,
    piece: Annotated[
        str | None,
        typer.Option(
            help="With --from-git: the piece, or several as one post (4-6 or 4,5,7); "
            "default: asked on a terminal, else the latest."
        ),
    ] = None,
    repo: Repos = None,
    since: Since = "1m",
    until: Until = None,
    author: Author = None,
    merges: Merges = False,
    ai: Annotated[
        bool | None,
        typer.Option(
            "--ai/--no-ai",
            help="With --from-git: the model of [ai] writes Before, Solution and Result from "
            "the facts (default: [ai] enabled).",
        ),
    ] = None,
) -> None:
    """Write a new post from the micro-report template, or a draft from git with --from-git.

    Example: inpublic new "CI from 14 to 4 minutes" --lang en --project ci --answers answers.toml
    """
    from inpublic.cli._common import console, user_text
    from inpublic.errors import InpublicError
    from inpublic.workspace import find_workspace, new_post, read_answers, template_sections

    workspace = find_workspace()
    given = read_answers(answers) if answers else {}
    if from_git:
        from inpublic.capture import capture as run
        from inpublic.capture.draft import draft_answers

        log = run(resolve_repos(repo), since=since, until=until, author=author, merges=merges)
        chosen = _chosen_pieces(log.pieces, piece)
        facts = draft_answers(chosen, lang or workspace.config.default_lang)
        if workspace.config.ai.enabled if ai is None else ai:
            facts = _ai_draft(workspace, chosen, facts, lang)
        given = {**facts, **given}
        title = title or chosen.title
        project = project or chosen.repo.name
        for warning in log.warnings:
            console.print(f"warning: {warning}", style="yellow", markup=False)
    elif ai:
        raise InpublicError("--ai drafts from the facts in git", hint="use it with --from-git")
    if not title:
        raise InpublicError("no title given", hint='inpublic new "What I fixed", or --from-git')
    if interview:
        import contextlib

        with contextlib.suppress(ImportError):  # Windows has none
            import readline  # noqa: F401  (input() then edits the line: arrows, history)
        language = lang or workspace.config.default_lang
        console.print(
            "Answer each question; finish an answer with an empty line, "
            "or press Enter at once to skip it."
        )
        for section in template_sections(language):
            if section.id in given:
                continue
            console.print(f"\n[bold]{section.heading}[/]: {section.prompt}")
            given[section.id] = _read_paragraph()
    created = new_post(workspace, title, lang=lang, project=project, slug=slug, answers=given)
    from inpublic.ledger import open_ledger

    with open_ledger(workspace) as ledger:
        ledger.timer_start(created.post.slug, uid=str(created.post.meta.get("id") or ""))
    missing = [
        s.heading
        for s in template_sections(created.post.lang or "en")
        if s.id not in created.answered
    ]
    if json_:
        from inpublic.cli._common import print_json

        print_json(
            {
                "version": 1,
                "path": str(created.path),
                "slug": created.post.slug,
                "still_to_write": missing,
            }
        )
    else:
        console.print(user_text(f"Wrote {created.path.relative_to(workspace.root)}"))
        if missing:
            console.print(user_text(f"Still to write: {', '.join(missing)}"))
    if edit:
        _edit(created.path)


def _ai_draft(workspace, piece, facts: dict[str, str], lang: str | None) -> dict[str, str]:
    """``new --from-git --ai``: the facts with the sections the model wrote from them (see
    inpublic.ai.draft); on a failure the facts as they are, and one warning line."""
    from inpublic.ai._data import message
    from inpublic.ai.client import require
    from inpublic.ai.draft import ai_draft
    from inpublic.cli._common import console
    from inpublic.workspace.new import template_sections

    config = workspace.config
    require(config.ai, workspace.config_path)
    language = lang or config.default_lang
    drafted = ai_draft(
        piece,
        facts,
        language,
        config.ai,
        state_dir=workspace.state_dir,
        prompts_dir=workspace.root / "prompts",
    )
    for note in drafted.notes:
        typer.echo(f"{'warning' if drafted.failed else 'note'}: {note}", err=True)
    if drafted.answers:
        names = [s.heading for s in template_sections(language) if s.id in drafted.answers]
        written = ("、" if language == "zh" else ", ").join(names)
        line = message(language, "draft_used", model=config.ai.model, sections=written)
        console.print(line, style="dim", markup=False)
    return {**facts, **drafted.answers}


def _edit(path: Path) -> None:
    """Open ``path`` in the user's editor as git does: $VISUAL, else $EDITOR (which may hold
    arguments, 'code --wait'), else one found on the system; wait for it to close."""
    import os
    import shutil
    import subprocess

    from inpublic.errors import InpublicError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    editor = editor or next(filter(shutil.which, ("sensible-editor", "nano", "vi")), None)
    hint = "set $EDITOR, e.g. export EDITOR=nano; the post is written and waits for you"
    if not editor:
        raise InpublicError("no editor found", path=path, hint=hint)
    if os.name == "nt":
        command: list[str] | str = f'{editor} "{path}"'
    else:  # the path is an argument of the shell, never part of the command line
        command = ["/bin/sh", "-c", f'{editor} "$@"', editor, str(path)]
    try:
        status = subprocess.run(command, shell=os.name == "nt").returncode
    except OSError as error:
        raise InpublicError(f"could not open the editor: {error}", path=path, hint=hint) from None
    if status:
        raise InpublicError(
            f"could not open the editor: '{editor}' exited with status {status}",
            path=path,
            hint=hint,
        )


def mv(
    post: Annotated[str, typer.Argument(help="The post: a path, a file name or its slug.")],
    new: Annotated[str, typer.Argument(help="Its new slug (and file name).")],
) -> None:
    """Rename a post's file and slug together; its shares, timer and old address follow.

    Example: inpublic mv ci-faster ci-from-14-to-4-minutes
    """
    from rich.text import Text

    from inpublic.cli._common import console, user_text
    from inpublic.ledger import open_ledger
    from inpublic.workspace import find_workspace, load_post, move_post

    workspace = find_workspace()
    with open_ledger(workspace) as ledger, ledger.transaction():  # both, or neither
        ledger.rename(load_post(workspace.post_path(post)).slug, new)
        moved, old = move_post(workspace, post, new)
    console.print(
        Text.assemble(
            "Moved ",
            user_text(old, "bold"),
            " to ",
            user_text(str(moved.path.relative_to(workspace.root)), "bold"),
            user_text(f"; /posts/{old}/ stays as an alias"),
        )
    )


def _chosen_pieces(pieces, given: str | None):
    """The pieces ``--piece`` names (4, 4-6 or 4,5,7) joined into one; without it, on a
    terminal, the ones picked from the list; else the latest."""
    import sys

    from inpublic.capture.model import joined
    from inpublic.cli._common import console, user_text
    from inpublic.errors import InpublicError

    by_number = {p.number: p for p in pieces}
    if given is None and sys.stdin.isatty():
        for p in pieces:
            facts = "; ".join(f.text for f in p.facts)
            console.print(user_text(f"  #{p.number} {p.title}" + (f": {facts}" if facts else "")))
        given = typer.prompt("Which piece(s)? (4, 4-6 or 4,5,7)", default=str(pieces[-1].number))
    if given is None:
        return pieces[-1]
    numbers: list[int] = []
    for part in given.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise InpublicError(
                f"--piece {given!r}: expected a number, a range or a list",
                hint="e.g. --piece 4, --piece 4-6 or --piece 4,5,7",
            )
        numbers += range(int(first), int(last or first) + 1)
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise InpublicError(
            f"no piece {missing[0]}",
            hint=f"pieces are {min(by_number)}–{max(by_number)}; list them with 'inpublic capture'",
        )
    return joined([by_number[n] for n in dict.fromkeys(numbers)])


def _read_paragraph() -> str:
    lines = []
    while True:
        try:
            line = input()
        except EOFError:
            break
        if not line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(new)
    app.command()(mv)
