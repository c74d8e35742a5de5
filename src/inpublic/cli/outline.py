"""``inpublic outline``: the Document of a post, as the linter and renderers see it."""

from pathlib import Path
from typing import Annotated

import typer

from inpublic.cli._options import Json


def outline(
    post: Annotated[Path, typer.Argument(help="The post: a path or a slug.")],
    json_: Json = False,
) -> None:
    """Show a post's sections, blocks and sentences with their line:column.

    Example: inpublic outline posts/ci-from-14-to-4-minutes.md --json
    """
    from rich.text import Text

    from inpublic.cli._common import console, print_json
    from inpublic.document import parse_document
    from inpublic.document.export import document_to_dict
    from inpublic.workspace import find_workspace, load_post

    workspace = find_workspace()
    path = workspace.post_path(post)
    document = parse_document(load_post(path), workspace.config.default_lang)
    if json_:
        print_json(document_to_dict(document, str(path)))
        return
    for block in document.blocks:
        if block.kind == "heading":
            heading = f"{'#' * block.depth} {block.text}"
            console.print(Text.assemble((heading, "bold"), "  ", (f"line {block.line}", "dim")))
            continue
        console.print(f"  [cyan]{block.kind}[/] [dim]lines {block.line}-{block.end_line}[/]")
        for sentence in block.sentences:
            console.print(
                Text.assemble(
                    "    ",
                    (f"{sentence.line}:{sentence.column}", "dim"),
                    " ",
                    sentence.text.replace("\n", " "),
                )
            )


def register(app: typer.Typer) -> None:
    app.command()(outline)
