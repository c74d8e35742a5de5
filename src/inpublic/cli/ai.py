"""``inpublic ai``: the AI second reader's endpoint."""

import typer

ai_app = typer.Typer(
    help="The AI second reader: an OpenAI-compatible endpoint set in [ai] (off by default).",
    no_args_is_help=True,
)


@ai_app.command("test")
def test() -> None:
    """Send one tiny request to the endpoint of [ai]: print the model, the latency and the
    answer's first words, or one line saying what is wrong (exit 2).

    Example: inpublic ai test
    """
    from rich.text import Text

    from inpublic.ai.client import AIError, probe, require
    from inpublic.cli._common import console, plain
    from inpublic.errors import ExitCode
    from inpublic.workspace import find_workspace

    workspace = find_workspace()
    config = workspace.config
    require(config.ai, workspace.config_path)
    try:
        found = probe(config.ai)
    except AIError as error:
        typer.echo(f"error: {plain(error.text(config.default_lang))}", err=True)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    words = " ".join(found.text.split())
    words = words[:60] + ("…" if len(words) > 60 else "")
    tokens = f", {found.tokens} tokens" if found.tokens is not None else ""
    console.print(
        Text.assemble(
            ("ok", "bold green"),
            f"  {plain(found.model)} at {plain(config.ai.base_url)}: {found.seconds:.2f} s",
            f" ({found.mode}{tokens}): ",
            (plain(words), "dim"),
        )
    )


def register(app: typer.Typer) -> None:
    app.add_typer(ai_app, name="ai")
