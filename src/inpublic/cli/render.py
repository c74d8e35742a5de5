"""``inpublic render``: one post, every channel."""

from pathlib import Path
from typing import Annotated

import typer


def render(
    post: Annotated[Path, typer.Argument(help="The post: a path or a slug.")],
    to: Annotated[
        str | None,
        typer.Option(
            help="Channels: hugo,wechat,xiaohongshu,x,linkedin,zhihu; all (the default): the "
            "post's, by its language ([channels] zh, en or publish); every: all six."
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder (default: out/).")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when anything does not fit a channel.")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Render nothing: say whether the outputs are up to date."),
    ] = False,
    accept: Annotated[
        bool,
        typer.Option(
            "--accept",
            help="Write the proposed titles, digests, hooks, summaries and captions into the "
            "post's front matter (channels.NAME.KEY), to edit them there.",
        ),
    ] = False,
    x_mode: Annotated[
        str | None,
        typer.Option(
            "--x-mode",
            help="The X thread: short (the hook, the key steps, the result), full, or single "
            "(one post with a link to the full article); default: [x] thread.",
        ),
    ] = None,
    upload_images: Annotated[
        bool,
        typer.Option(
            "--upload-images",
            help="Upload the post's local images to the WeChat Official Account "
            "([wechat] app_id, the secret in $WECHAT_APP_SECRET) and use their addresses.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Render a post that is NOT READY or a draft (a preview)."),
    ] = False,
    ai: Annotated[
        bool | None,
        typer.Option(
            "--ai/--no-ai",
            help="Where no title, digest or hook can be shortened to a limit, ask the model of "
            "[ai] for one (default: [ai] enabled).",
        ),
    ] = None,
) -> None:
    """Render a post for every channel into out/<slug>/, and say what does not fit. The post
    is checked first: one that is NOT READY, or a draft, needs --force.

    Example: inpublic render ci-14-to-4-minutes --to hugo,x,linkedin --strict
    """
    from rich.text import Text

    from inpublic.channels import outputs_state, parse_channels, render_post
    from inpublic.channels.fit import accept as fit_accept
    from inpublic.channels.fit import message as fit_message
    from inpublic.cli._common import console, gate, plain
    from inpublic.document import parse_document
    from inpublic.errors import ExitCode, InpublicError, shown_path
    from inpublic.workspace import find_workspace, load_post, save_post

    workspace = find_workspace()
    config = workspace.config
    if x_mode is not None:
        config = _with_x_mode(config, x_mode)
    post_ = load_post(workspace.post_path(post))
    if check:  # as ruff format --check: exit 1 when a render would change the outputs
        state = outputs_state(post_, out or workspace.out_dir)
        said = {
            "fresh": "the outputs are up to date",
            "stale": "the outputs were rendered before the post's last edit",
            "missing": "the post has not been rendered yet",
        }[state]
        console.print(Text.assemble((post_.slug, "bold"), f": {said}"))
        if state != "fresh":
            raise typer.Exit(ExitCode.FINDINGS)
        return
    if not force:
        gate(post_, config, "render")
        if post_.edited:  # published on the writer's word
            save_post(post_)
    document = parse_document(post_, config.default_lang)
    channels = parse_channels(to, config, document.lang)
    if upload_images and "wechat" not in channels:
        raise InpublicError(
            "--upload-images uploads the WeChat article's images, but wechat is not rendered",
            hint="add wechat to --to, e.g. --to wechat --upload-images",
        )
    fitter = None
    if config.ai.enabled if ai is None else ai:
        from inpublic.ai.client import require
        from inpublic.ai.fitting import ModelFitter
        from inpublic.channels.fit import ASK_MODEL

        require(config.ai, workspace.config_path)
        fitter = ModelFitter(config.ai, workspace.state_dir, workspace.root / "prompts")
        asking = ASK_MODEL.set(fitter)
    try:
        result = render_post(
            post_,
            config,
            channels,
            out or workspace.out_dir,
            document,
            upload_images=upload_images,
        )
    finally:
        if fitter is not None:
            ASK_MODEL.reset(asking)
    lang = document.lang if document.lang in ("zh", "en") else "en"
    if json_:
        print(result.manifest.read_text("utf-8"), end="")
    else:
        console.print(
            Text.assemble(
                "Rendered ", (result.slug, "bold"), " into ", plain(shown_path(result.out))
            )
        )
        for output in result.outputs:
            console.print(Text.assemble(f"  {output.channel:<12}", plain(output.summary)))
            for finding in output.findings:
                style = {"error": "red", "warning": "yellow"}.get(finding.severity, "cyan")
                console.print(
                    Text.assemble("    ", (finding.severity, style), plain(f"  {finding.message}"))
                )
                if finding.suggestion:
                    console.print(Text.assemble("      → ", (plain(finding.suggestion), "green")))
            for proposal in output.proposals:
                label = fit_message("proposed", document.lang, proposal)
                if proposal.source == "ai":
                    from inpublic.ai._data import message as ai_message

                    label += f" ({ai_message(lang, 'fit_from_ai')})"
                shown = " ⏎ ".join(proposal.text.splitlines())
                shown = shown if len(shown) <= 160 else shown[:159] + "…"
                console.print(Text.assemble("    ", (label, "cyan"), ": ", plain(shown)))
    if fitter is not None:
        for note in fitter.notes:
            typer.echo(f"note: {plain(note)}", err=True)
        if (fitter.asked or fitter.cached) and not json_:
            console.print(Text(_fitter_line(fitter, lang), style="dim"))
    proposals = [p for output in result.outputs for p in output.proposals]
    if accept and proposals:
        written = fit_accept(post_, proposals)
        if written:
            save_post(post_)
            console.print(
                Text.assemble(
                    f"Wrote {len(written)} proposal(s) into the front matter of ",
                    plain(shown_path(post_.path)),
                ),
                highlight=False,
            )
    elif proposals and not json_:
        console.print(Text(fit_message("accept", document.lang), style="dim"))
    if not json_ and any(name != "hugo" for name in channels):
        console.print(
            Text.assemble(
                "Post it: ",
                (plain(f"inpublic ship {result.slug} --channel all --open"), "bold"),
                " opens each platform's compose page",
            )
        )
    if strict and result.findings:
        raise typer.Exit(ExitCode.FINDINGS)


def _fitter_line(fitter, lang: str) -> str:
    """The closing line of ``render --ai``: what was asked, from the cache, the tokens."""
    from inpublic.ai._data import message

    line = message(
        lang, "fit_summary", model=fitter.settings.model, asked=fitter.asked, cached=fitter.cached
    )
    if fitter.tokens is not None:
        tokens = message(lang, "tokens", tokens=f"{fitter.tokens:,}")
        line += ("；" if lang == "zh" else "; ") + tokens
    return line


def _with_x_mode(config, mode: str):
    """The config with [x] thread set to ``mode`` (short, full or single)."""
    import msgspec

    from inpublic.config import XSettings
    from inpublic.errors import InpublicError

    try:
        x = msgspec.convert({"thread": mode}, XSettings)
    except msgspec.ValidationError:
        raise InpublicError(
            f"unknown --x-mode '{mode}'", hint="use short, full or single"
        ) from None
    return msgspec.structs.replace(config, x=x)


def register(app: typer.Typer) -> None:
    app.command()(render)
