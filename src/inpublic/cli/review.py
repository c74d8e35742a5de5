"""``inpublic review``: a rewrite or a question for each flagged sentence, walked like
``git add -p``."""

from pathlib import Path
from typing import Annotated

import typer


def review(
    post: Annotated[Path, typer.Argument(help="The post: a path or a slug.")],
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Accept every rewrite the guard passed (never a question)."),
    ] = False,
    json_: Annotated[
        bool, typer.Option("--json", help="Print the proposals as JSON; change nothing.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --apply: print the diff, change nothing.")
    ] = False,
    ai: Annotated[
        bool | None,
        typer.Option(
            "--ai/--no-ai",
            help="Ask the model of [ai] for the rewrites (default: [ai] enabled); without it, "
            "the rules propose deletions and questions.",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model again, ignoring earlier answers.")
    ] = False,
) -> None:
    """Propose a rewrite for each flagged sentence (or a question where the fix needs a
    fact), and apply the ones you accept: [y]es [n]o [e]dit [q]uit.

    Example: inpublic review posts/ci-14-to-4-minutes.md --ai
    """
    from inpublic.ai._data import message
    from inpublic.ai.review import ai_line, review_post
    from inpublic.cli._common import ai_progress, console, print_json, user_text
    from inpublic.errors import shown_path
    from inpublic.workspace import find_workspace

    workspace = find_workspace()
    config = workspace.config
    use_ai = config.ai.enabled if ai is None else ai
    if use_ai:
        from inpublic.ai.client import require

        require(config.ai, workspace.config_path)
    with ai_progress(f"AI rewrites ({config.ai.model})", use_ai and not json_) as progress:
        found = review_post(
            workspace.post_path(str(post)),
            config,
            use_ai=use_ai,
            state_dir=None if no_cache else workspace.state_dir,
            prompts_dir=workspace.root / "prompts",
            progress=progress,
        )
    lang, shown = found.lang, shown_path(found.post.path)
    failure = (found.ai or {}).get("failure")
    if failure:
        typer.echo(f"warning: {shown}: {message(lang, 'review_failed', why=failure)}", err=True)
    if json_:
        print_json(found.to_dict())
        return
    if not found.proposals:
        console.print(user_text(message(lang, "review_none", path=shown)))
        return
    if apply:
        accepted = [(p, p.rewrite or "") for p in found.proposals if p.kind == "rewrite"]
        for proposal in found.proposals:
            _show(proposal, found.around(proposal), shown, lang, proposal.kind == "rewrite")
    else:
        accepted = _walk(found, shown, lang)
    from inpublic.ai.review import apply_changes

    diff = apply_changes(found, accepted, dry_run=dry_run) if accepted else ""
    if dry_run and diff:
        from inpublic.cli._common import plain_lines

        console.out(plain_lines(diff), highlight=False, end="")
    done = message(
        lang,
        "review_dry_run" if dry_run else "review_done",
        accepted=len(accepted),
        total=len(found.proposals),
        path=shown,
    )
    console.print(user_text(done))
    if found.ai and not failure:
        console.print(user_text(ai_line(found.ai, lang), "dim"))
    elif not use_ai:
        console.print(user_text(message(lang, "review_offline"), "dim"))


def _walk(found, shown: str, lang: str) -> list:
    """Each proposal shown and asked about, as ``git add -p`` does; returns the accepted
    ones with their text. q (or the end of the input) stops: nothing after it is taken. A
    proposal for text already changed is not asked about."""
    from inpublic.ai._data import message
    from inpublic.ai.review import overlaps

    accepted: list = []
    for proposal in found.proposals:
        if any(overlaps(proposal, taken) for taken, _ in accepted):
            continue  # its sentence is changed already (a rejected rewrite, then edited)
        _show(proposal, found.around(proposal), shown, lang)
        usable = proposal.kind == "rewrite"
        ask = message(lang, "review_prompt" if usable else "review_ask")
        choices = "ynqe" if usable else "nqe"
        answer = ""
        while not answer or answer not in choices:
            try:
                answer = typer.prompt(ask, default="n", show_default=False).strip().lower()[:1]
            except typer.Abort:  # the end of the input
                answer = "q"
        if answer == "q":
            break
        if answer == "y":
            accepted.append((proposal, proposal.rewrite))
        elif answer == "e":
            text = _edited(proposal, lang)
            if text is not None and text != proposal.quote:
                accepted.append((proposal, text))
    return accepted


def _edited(proposal, lang: str) -> str | None:
    """The writer's own text for the proposal's quote: in $VISUAL or $EDITOR on a terminal
    (the one sentence in a temporary file), else typed on one line; None to keep it."""
    import os
    import sys

    from inpublic.ai._data import message

    start = proposal.rewrite if proposal.kind == "rewrite" else proposal.quote
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if sys.stdin.isatty() and editor:
        import tempfile

        from inpublic.cli.workspace import _edit

        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / "sentence.md"
            file.write_text(start, "utf-8")
            _edit(file)
            text = file.read_text("utf-8").rstrip("\n")
        return text or None
    try:
        text = typer.prompt(message(lang, "review_edit"), default="", show_default=False)
    except typer.Abort:
        return None
    return text.strip() or None


def _show(proposal, context: tuple[str, str], shown: str, lang: str, applied: bool = False) -> None:
    """``path:line:column  rule  message``, then the quote and its rewrite as a word diff
    (deleted words struck through in red, added ones in green), or the rejection, or the
    question."""
    from rich.text import Text

    from inpublic.ai._data import message
    from inpublic.cli._common import console, plain

    console.print(
        Text.assemble(
            "\n",
            (plain(f"{shown}:{proposal.line}:{proposal.column}"), "bold"),
            "  ",
            (proposal.rule, "cyan"),
            "  ",
            plain(proposal.message),
        )
    )
    before, after = context
    if proposal.kind == "rewrite":
        change = _word_diff(proposal.quote, proposal.rewrite or "")
    else:
        change = Text(plain(proposal.quote), "yellow")
    console.print(Text.assemble("  ", plain(before), change, plain(after)))
    if proposal.kind == "rejected":
        why = message(lang, "rejected_label", why=proposal.rejected)
        console.print(
            Text.assemble("  ✗ ", (plain(proposal.rewrite), "strike"), "  ", (plain(why), "red"))
        )
    if proposal.question:
        console.print(Text.assemble("  ? ", (plain(proposal.question), "cyan")))
    if applied:
        console.print(Text("  ✓", style="green"))


def _word_diff(old: str, new: str):
    """``old`` → ``new`` word by word (character by character for CJK): what goes struck
    through in red, what comes in green, the rest plain; without colours (not a terminal,
    NO_COLOR) marked as ``git diff --word-diff=plain`` does: [-gone-]{+added+}."""
    import difflib
    import re

    from rich.text import Text

    from inpublic.cli._common import console, plain

    marks = console.no_color or not console.is_terminal

    def tokens(text: str) -> list[str]:
        return re.findall(r"\s+|[A-Za-z0-9_'’.-]+|.", text)

    a, b = tokens(old), tokens(new)
    text = Text()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            text.append(plain("".join(a[i1:i2])))
            continue
        gone, added = plain("".join(a[i1:i2])), plain("".join(b[j1:j2]))
        if gone:
            text.append(f"[-{gone}-]" if marks else gone, "strike red")
        if added:
            text.append(f"{{+{added}+}}" if marks else added, "bold green")
    return text


def register(app: typer.Typer) -> None:
    app.command()(review)
