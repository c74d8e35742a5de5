"""``inpublic site build`` and ``inpublic site serve``."""

from pathlib import Path
from typing import Annotated

import typer

from inpublic.cli._options import Json

site_app = typer.Typer(
    help="The portfolio site: every post, project and result in one place.", no_args_is_help=True
)


def _report(result) -> None:
    from rich.text import Text

    from inpublic.cli._common import console, plain
    from inpublic.errors import InpublicError, shown_path

    if isinstance(result, InpublicError):
        console.print(Text.assemble(("error: ", "red"), plain(result)))
        return
    for warning in result.warnings:
        console.print(Text.assemble(("warning: ", "yellow"), plain(warning)))
    for error in result.errors:
        console.print(Text.assemble(("error: ", "red"), plain(error)))
    listings = (
        "home, archive, tags, projects, feeds and sitemap"
        if result.listings
        else "listings unchanged"
    )
    console.print(
        Text(
            f"Built {plain(shown_path(result.out))}: {result.posts} posts, "
            f"{result.rendered} page(s) rendered, {listings}"
        )
    )
    if result.drafts_left_out:
        console.print(
            f"{result.drafts_left_out} draft(s) left out (draft: true): --drafts includes "
            "them; set draft: false in a post to publish it",
            style="dim",
        )


@site_app.command("build")
def build(
    out: Annotated[Path | None, typer.Option(help="Output folder (default: out/site).")] = None,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Include posts with draft: true.")
    ] = False,
    json_: Json = False,
) -> None:
    """Build the portfolio: home, posts, archive, tags, series, projects, about, feeds, sitemap.

    Example: inpublic site build --out public
    """
    from inpublic.site import build_site
    from inpublic.workspace import find_workspace

    result = build_site(find_workspace(), out, drafts)
    if json_:
        import dataclasses

        from inpublic.cli._common import print_json

        print_json({"version": 1, **dataclasses.asdict(result)})
    else:
        _report(result)
    if result.errors:  # the other posts were built; a bad one is still bad input
        raise typer.Exit(2)


@site_app.command("serve")
def serve(
    port: Annotated[int, typer.Option(help="Port (the next free one if it is taken).")] = 8000,
    bind: Annotated[
        str,
        typer.Option(help="Address to listen on: 0.0.0.0 shows the preview to your network."),
    ] = "127.0.0.1",
    drafts: Annotated[bool, typer.Option("--drafts", help="Include drafts.")] = False,
    live_reload: Annotated[
        bool, typer.Option(help="Open pages reload themselves after each build.")
    ] = True,
) -> None:
    """Preview the site on 127.0.0.1, rebuilding when a post, a template or the config changes.

    Example: inpublic site serve --port 8000
    """
    from inpublic.cli._common import console, user_text
    from inpublic.site.serve import serve as run
    from inpublic.workspace import find_workspace

    def serving(actual: int) -> None:
        if port not in (0, actual):
            console.print(f"Port {port} is not available: using port {actual} instead.")
        shown = "127.0.0.1" if bind in ("0.0.0.0", "::") else bind
        shown = f"[{shown}]" if ":" in shown else shown
        network = " and on this machine's network addresses" if shown != bind else ""
        console.print(user_text(f"Serving on http://{shown}:{actual}/{network} (Ctrl-C stops)"))

    run(
        find_workspace(),
        port=port,
        drafts=drafts,
        on_build=_report,
        on_serve=serving,
        host=bind,
        live_reload=live_reload,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(site_app, name="site")
