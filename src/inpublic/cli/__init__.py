"""The ``inpublic`` command. Each module registers one command group; all of them stay thin.

Only Typer is imported at start-up so that ``inpublic --help`` answers at once;
commands import what they need when they run. The command modules do not use
``from __future__ import annotations``: Typer would evaluate every string annotation
again at every start (about 10 ms).
"""

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from inpublic import __version__
from inpublic.errors import ExitCode

BUG_EXIT = 70  # EX_SOFTWARE: an error in inpublic itself


class _Group(TyperGroup):
    """Turns user errors into one line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        from inpublic.errors import InpublicError

        try:
            return super().invoke(ctx)
        except InpublicError as error:
            if ctx.params.get("debug"):
                raise
            from inpublic.cli._common import plain

            typer.echo(f"error: {plain(error)}", err=True)  # it may quote a user's text
            for line in error.more:
                typer.echo(f"error: {plain(line)}", err=True)
            raise typer.Exit(ExitCode.BAD_INPUT) from None
        except BrokenPipeError:  # the reader went away (| head): stop, as a Unix tool does
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error
            raise typer.Exit(128 + 13) from None  # as if killed by SIGPIPE
        except Exception as error:  # noqa: BLE001 - anything else is our bug
            if ctx.params.get("debug") or _is_typer_control(error):
                raise
            typer.echo(
                f"internal error: {type(error).__name__}: {error} "
                "(run again with --debug for the traceback, and please report it)",
                err=True,
            )
            raise typer.Exit(BUG_EXIT) from None


def _is_typer_control(error: Exception) -> bool:
    # Exit, Abort and usage errors come from Typer (and its bundled click), which handles them.
    return type(error).__module__.startswith(("typer", "click"))


app = typer.Typer(
    cls=_Group,
    name="inpublic",
    help="Turn real work into short, honest posts, and share them everywhere.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # plain help: Rich's help renderer costs 150 ms at start-up
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"inpublic {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    directory: Annotated[
        str | None,
        typer.Option(
            "-C", metavar="DIR", help="Run as if started in DIR (another workspace), like git -C."
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print nothing but errors (and JSON when asked): the exit code tells.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """inpublic: turn real work into short, honest posts (micro technical reports), check them
    for fluff, and render them for every channel."""
    if quiet or "inpublic.cli._common" in sys.modules:  # set each time: one process may
        from inpublic.cli._common import console  # run several commands (tests, the API)

        console.quiet = quiet
    if directory is not None:
        import os

        from inpublic.errors import InpublicError

        try:
            os.chdir(directory)
        except OSError as error:
            raise InpublicError(
                f"-C {directory}: {error.strerror or error}",
                hint="give a folder that exists, e.g. -C ~/blog",
            ) from None


from inpublic.cli import (  # noqa: E402  (register the commands)
    ai,
    capture,
    check,
    config,
    demo,
    ledger,
    outline,
    render,
    review,
    rules,
    site,
    workspace,
)

for _module in (
    workspace,
    capture,
    check,
    review,
    rules,
    render,
    ledger,
    site,
    outline,
    config,
    ai,
    demo,
):
    _module.register(app)


def main() -> None:
    sys.exit(app())
