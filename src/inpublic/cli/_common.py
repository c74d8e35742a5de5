"""Helpers shared by the commands: the console, JSON output and user text made safe to print."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from inpublic.config import Config
    from inpublic.workspace.post import Post

console = Console(highlight=False, soft_wrap=True)

# C0 controls but tab and newline, DEL and C1 controls: ESC starts the sequences that set a
# terminal's title (OSC 0), write its clipboard (OSC 52) or move the cursor. And the
# bidirectional overrides and isolates, which reorder what follows them ("Trojan source").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """User text (a title, a commit subject, a file name) on one line, with its control
    characters taken out, so that printing it cannot drive the terminal, and a newline
    shown as \\n, so that a file name cannot start a line of its own (a '::error' line
    that GitHub Actions would obey)."""
    return plain_lines(text).replace("\n", "\\n")


def plain_lines(text: object) -> str:
    """``plain`` for text of several lines (a diff): newlines are kept."""
    return _CONTROL.sub("", str(text))


def user_text(text: object, style: str = "") -> Text:
    """User text to print with Rich: never read as markup, with no control characters."""
    return Text(plain(text), style=style)


@contextmanager
def ai_progress(label: str, shown: bool = True) -> Iterator[Any]:
    """A progress bar of the sections the model answers, on a terminal only: yields the
    ``progress`` callback of ``inpublic.ai.reader.answer_tasks`` (None where no bar)."""
    if not (shown and console.is_terminal):
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def started(total: int) -> Any:
            bar.update(task, total=total)
            return lambda done, _total: bar.update(task, completed=done)

        yield started


def print_json(data: Any) -> None:
    # Plain stdout: Rich's renderer takes most of a second on a large report.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def gate(post: Post, config: Config, command: str) -> None:
    """The gate of ``render`` and ``ship`` (which --force skips): the post is checked now,
    so never on an old verdict, and one that is NOT READY is refused with what it lacks; a
    draft is refused too, or on a terminal published (``draft: false``, for the caller to
    save) when the writer says so."""
    import typer

    from inpublic.check import check_post
    from inpublic.errors import InpublicError

    report = check_post(post, config.check, config.default_lang)
    if report.verdict == "NOT READY":
        raise InpublicError(
            f"{post.slug} is NOT READY: {'; '.join(report.to_add)}",
            path=post.path,
            hint=f"inpublic check {post.slug} shows why; {command} --force goes on anyway",
        )
    if post.draft:
        if not (sys.stdin.isatty() and typer.confirm(f"{post.slug} is a draft: publish it?")):
            raise InpublicError(
                "the post has draft: true, so the site leaves it out",
                path=post.path,
                hint=f"set draft: false in its front matter, or {command} --force",
            )
        post.set("draft", False)
