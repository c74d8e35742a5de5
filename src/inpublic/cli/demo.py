"""``inpublic demo``."""

from pathlib import Path
from typing import Annotated

import typer


def demo(
    folder: Annotated[Path, typer.Argument(help="Folder for the demo workspace.")] = Path(
        "inpublic-demo"
    ),
) -> None:
    """Create a demo workspace with example posts in Chinese and English, and run the pipeline.

    Example: inpublic demo /tmp/inpublic-demo
    """
    from inpublic.cli._common import console
    from inpublic.demo import run_demo
    from inpublic.errors import shown_path

    result = run_demo(folder)
    root = result.workspace.root
    console.print(f"Demo workspace: [bold]{root}[/]")
    for post in result.posts:
        console.print(
            f"  {post.path.relative_to(root)}  [dim]({post.lang}, {post.sections} sections, "
            f"{post.sentences} sentences)[/]"
        )
        found = f": {', '.join(post.categories)}" if post.categories else ""
        console.print(f"    check: [bold]{post.verdict}[/]{found}")
        console.print(f"    render: 6 channels, {post.render_findings} thing(s) that do not fit")
        for output in post.outputs:
            console.print(f"    → {output.relative_to(root)}")
    console.print("Ledger:")
    for line in result.ledger:
        console.print(f"  {line}", highlight=False, markup=False)
    console.print(f"  → dashboard {result.dashboard.relative_to(root)}")
    console.print(f"Captured {shown_path(result.repo)} (git): {len(result.pieces)} pieces of work")
    for line in result.pieces:
        console.print(f"  {line}", highlight=False, markup=False)
    console.print(f"  → drafted {result.draft.relative_to(root)} from the newest piece")
    console.print(f"Portfolio site: {result.site.relative_to(root)}/index.html")
    console.print(f"Try: [bold]cd {folder} && inpublic check --min-severity suggestion[/]")


def register(app: typer.Typer) -> None:
    app.command()(demo)
