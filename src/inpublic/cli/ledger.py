"""The golden loop: ``timer``, ``ship``, ``metrics``, ``stats``, ``plan``, ``export``,
``import-ledger``."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from inpublic.cli._options import Json

timer_app = typer.Typer(help="Time the writing of a post.", no_args_is_help=True)
metrics_app = typer.Typer(
    help="Engagement metrics: import the platforms' exports, or add by hand.", no_args_is_help=True
)


class Source(StrEnum):
    auto = "auto"
    x = "x"
    linkedin = "linkedin"
    wechat = "wechat"
    xiaohongshu = "xiaohongshu"
    csv = "csv"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def _workspace_and_ledger(read_only: bool = False):
    """The workspace and its ledger; commands that only read open it read-only."""
    from inpublic.ledger import open_ledger
    from inpublic.workspace import find_workspace

    workspace = find_workspace()
    return workspace, open_ledger(workspace, read_only=read_only)


@timer_app.command("start")
def timer_start(post: Annotated[str, typer.Argument(help="The post: a path or a slug.")]) -> None:
    """Start timing the writing of a post.

    Example: inpublic timer start ci-14-to-4-minutes
    """
    from rich.text import Text

    from inpublic.cli._common import console, user_text
    from inpublic.workspace import load_post

    workspace, ledger = _workspace_and_ledger()
    post_ = load_post(workspace.post_path(post))
    slug = post_.slug
    with ledger:
        at = ledger.timer_start(slug, uid=str(post_.meta.get("id") or ""))
    console.print(Text.assemble("Timing ", user_text(slug, "bold"), f" from {at:%H:%M}"))


@timer_app.command("stop")
def timer_stop(
    post: Annotated[str | None, typer.Argument(help="The post (default: all).")] = None,
) -> None:
    """Stop timing a post (or every post being timed).

    Example: inpublic timer stop ci-14-to-4-minutes
    """
    from rich.text import Text

    from inpublic.cli._common import console, user_text
    from inpublic.workspace import load_post

    workspace, ledger = _workspace_and_ledger()
    slug = load_post(workspace.post_path(post)).slug if post else None
    with ledger:
        stopped = ledger.timer_stop(slug)
        for name in stopped:
            console.print(
                Text.assemble(
                    "Stopped ",
                    user_text(name, "bold"),
                    f": {ledger.writing_minutes(name)} minutes so far",
                )
            )
    if not stopped:
        console.print("No timer was running.")


@timer_app.command("status")
def timer_status(json_: Json = False) -> None:
    """Show the posts being timed and their minutes so far.

    Example: inpublic timer status
    """
    from inpublic.cli._common import console, print_json, user_text

    workspace, ledger = _workspace_and_ledger(read_only=True)
    budget = workspace.config.goals.minutes_per_share
    with ledger:
        running = ledger.timer_status()
        orphans = _orphan_timers(workspace, ledger)
    if json_:
        timers = [
            {"slug": slug, "minutes": round(minutes, 1), "orphan": orphans.get(slug)}
            for slug, minutes in running
        ]
        print_json({"version": 1, "budget": budget, "timers": timers})
        return
    for slug, minutes in running:
        console.print(user_text(f"{slug}: {minutes:.0f} of {budget} minutes"))
    _print_orphans(orphans)
    if not running:
        console.print("No timer is running.")


def _orphan_timers(workspace, ledger) -> dict[str, str]:
    """The running timers that nobody is writing behind: slug -> why (its post is gone, or
    it has run for more than a day, forgotten)."""
    from inpublic.errors import InpublicError
    from inpublic.ledger import now

    orphans = {}
    for slug, _ in ledger.timer_status():
        started = ledger.open_session(slug)
        try:
            workspace.post_path(slug)
        except InpublicError:
            orphans[slug] = "no post has this slug any more"
            continue
        if started and (now() - started).total_seconds() > 24 * 3600:
            orphans[slug] = f"running since {started:%Y-%m-%d %H:%M}, more than a day"
    return orphans


def _print_orphans(orphans: dict[str, str]) -> None:
    from rich.text import Text

    from inpublic.cli._common import console, user_text

    for slug, why in orphans.items():
        console.print(
            Text.assemble(
                ("orphan timer: ", "yellow"),
                user_text(f"{slug}: {why}; stop it with 'inpublic timer stop {slug}'"),
            )
        )


def ship(
    post: Annotated[str, typer.Argument(help="The post: a path, a file name or its slug.")],
    channel: Annotated[
        str,
        typer.Option(help="Channels, comma-separated (x,wechat), or all: the post's, by language."),
    ],
    url: Annotated[
        list[str] | None,
        typer.Option(help="Where it is published: URL for one channel, or CHANNEL=URL."),
    ] = None,
    post_id: Annotated[str, typer.Option("--id", help="The platform's id for the share.")] = "",
    at: Annotated[
        str | None, typer.Option(help="When (default: now), e.g. 2026-11-23T18:30.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ship a post that is not READY or is a draft.")
    ] = False,
    open_: Annotated[
        bool,
        typer.Option(
            "--open",
            help="Open each channel's compose page first, with the text filled in where "
            "the platform allows (render writes the addresses).",
        ),
    ] = False,
    json_: Json = False,
) -> None:
    """Record the shares of a post on one or more channels, the time it took, and where you
    stand against your goal. A post that is not READY, or is a draft, needs --force. With
    --open, each channel's compose page opens first, and on a terminal you are asked for
    the URL of each post once it is live.

    Example: inpublic ship ci-14-to-4-minutes --channel x,wechat --url x=https://x.com/mei/status/1
    """
    import sys

    from rich.text import Text

    from inpublic.cli._common import console, gate, print_json, user_text
    from inpublic.document import detect_lang
    from inpublic.ledger import parse_time
    from inpublic.workspace import load_post, save_post

    # Everything that can fail runs before a share is recorded: a retry adds no duplicate.
    workspace, ledger = _workspace_and_ledger()
    config = workspace.config
    post_ = load_post(workspace.post_path(post))
    lang = post_.lang or detect_lang(post_.body)
    channels = _ship_channels(channel, config.channels.for_lang(lang))
    urls = _ship_urls(url or [], channels)
    when = parse_time(at)
    if not force:
        gate(post_, config, "ship")
    if not post_.meta.get("id"):  # its stable id, from the first time inpublic writes to it
        from inpublic.workspace.front_matter import new_id

        post_.set("id", new_id())
    if post_.edited:
        save_post(post_)
    from inpublic.channels import outputs_state

    if outputs_state(post_, workspace.out_dir) == "stale" and not json_:
        said = f"the outputs of {post_.slug} were rendered before its last edit"
        if sys.stdin.isatty() and typer.confirm(f"{said}: render them again?", default=True):
            from inpublic.channels import render_post

            render_post(post_, config, channels, workspace.out_dir)
        else:
            console.print(
                Text.assemble(
                    ("warning: ", "yellow"), user_text(f"{said}: inpublic render {post_.slug}")
                )
            )
    if open_:
        _open_compose_pages(post_.slug, channels, workspace.out_dir, quiet=json_)
    goals = config.goals
    results = []
    with ledger:
        for name in channels:
            results.append(
                (
                    name,
                    ledger.ship(
                        post_,
                        name,
                        url=urls.get(name) or _asked_url(name, json_),
                        external_id=post_id,
                        at=when,
                        goal=goals.total,
                        budget=goals.minutes_per_share,
                    ),
                )
            )
    if json_:
        print_json(
            {
                "version": 1,
                "slug": post_.slug,
                "shares": [
                    {
                        "channel": name,
                        "share": result.number,
                        "recorded": result.recorded,
                        "goal": result.goal,
                        "minutes": None if result.minutes is None else round(result.minutes, 1),
                        "budget": result.budget,
                        "inside_budget": result.inside_budget,
                    }
                    for name, result in results
                ],
            }
        )
        return
    for name, result in results:
        if result.minutes is None:
            time_text = "time unknown (no timer and no started_at)"
        else:
            inside = "inside" if result.inside_budget else "over"
            time_text = f"{result.minutes:.0f} minutes, {inside} the {result.budget}-minute budget"
        done = {"new": "Shipped", "filled": "Added the URL of", "known": "Already shipped"}
        console.print(
            Text.assemble(
                f"{done[result.recorded]} ",
                user_text(post_.slug, "bold"),
                f" to {name}: share {result.number} of {result.goal}, {time_text}",
            )
        )


def _ship_channels(given: str, publish: list[str]) -> list[str]:
    from inpublic.cli._common import plain
    from inpublic.config import CHANNELS
    from inpublic.errors import InpublicError

    names = [n.strip() for n in given.split(",") if n.strip()]
    names = list(publish) if names == ["all"] else names
    for name in names:
        if name not in CHANNELS:
            raise InpublicError(
                f"unknown channel '{plain(name)}'", hint=f"use {', '.join(CHANNELS)} or all"
            )
    if not names:
        raise InpublicError("no channel given", hint="e.g. --channel x,wechat, or all")
    return list(dict.fromkeys(names))


def _ship_urls(given: list[str], channels: list[str]) -> dict[str, str]:
    """--url x=https://… for each channel, or one bare URL when one channel is shipped."""
    from inpublic.cli._common import plain
    from inpublic.errors import InpublicError

    urls: dict[str, str] = {}
    for item in given:
        name, sep, address = item.partition("=")
        if sep and name in channels and not name.startswith("http"):
            urls[name] = address.strip()
        elif len(channels) == 1:
            urls[channels[0]] = item.strip()
        else:
            raise InpublicError(
                f"--url {plain(item)!r}: say which channel it is for",
                hint=f"--url {channels[0]}=https://…",
            )
    return urls


def _open_compose_pages(slug: str, channels: list[str], out_root: Path, quiet: bool) -> None:
    """ship --open: each channel's compose page in the browser (and the file to copy from),
    from the addresses render wrote into the manifest; what is left to do on each is said
    unless ``quiet`` (--json)."""
    import json
    import webbrowser

    from rich.text import Text

    from inpublic.cli._common import console, user_text
    from inpublic.errors import InpublicError

    out = out_root / slug
    try:
        rendered = json.loads((out / "manifest.json").read_text("utf-8"))["channels"]
    except (OSError, ValueError, KeyError):
        raise InpublicError(
            f"{slug} has not been rendered, so there is nothing to open",
            hint=f"inpublic render {slug}, then ship --open",
        ) from None
    for name in channels:
        compose = (rendered.get(name) or {}).get("compose")
        if name not in rendered:
            said = f"not rendered: inpublic render {slug} --to {name}"
        elif not compose:
            said = "nothing to open: the site publishes it (inpublic site build)"
        else:
            webbrowser.open(compose["url"])
            if compose["paste"]:
                webbrowser.open((out / compose["paste"]).resolve().as_uri())
            said = compose["how"]
        if not quiet:
            console.print(Text.assemble(f"  {name:<12}", user_text(said)))


def _asked_url(channel: str, quiet: bool) -> str:
    """On a terminal, the URL of the share, asked (Enter leaves it empty, to fill later)."""
    import sys

    if quiet or not sys.stdin.isatty():
        return ""
    return typer.prompt(f"URL on {channel} (Enter to add it later)", default="").strip()


@metrics_app.command("import")
def metrics_import(
    file: Annotated[Path, typer.Argument(help="The export: CSV (UTF-8 or GBK) or XLSX.")],
    from_: Annotated[
        Source,
        typer.Option("--from", help="Which platform made the file (default: told by its columns)."),
    ] = Source.auto,
    as_of: Annotated[
        str | None, typer.Option(help="The day the counts are as of (default: the file's date).")
    ] = None,
    map_: Annotated[list[str] | None, typer.Option("--map", help="HEADER=FIELD, for csv.")] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows, skip the bad ones.")
    ] = False,
    ask: Annotated[
        bool | None,
        typer.Option(
            "--ask/--no-ask", help="Ask which share an ambiguous row is (default: in a terminal)."
        ),
    ] = None,
    json_: Json = False,
) -> None:
    """Import a platform's analytics export; re-importing the same file changes nothing.

    Example: inpublic metrics import account_analytics_content.csv --from x
    """
    import sys

    from rich.text import Text

    from inpublic.cli._common import console, plain, user_text
    from inpublic.errors import InpublicError
    from inpublic.ledger import parse_time
    from inpublic.ledger.importers import import_file

    mapping = {}
    for item in map_ or []:
        header, sep, target = item.partition("=")
        if not sep:
            raise InpublicError(
                f"--map {plain(item)!r}: expected HEADER=FIELD", hint="e.g. --map Views=impressions"
            )
        mapping[header.strip()] = target.strip()

    def choose(row, candidates):
        if not (ask if ask is not None else sys.stdin.isatty() and not json_):
            return None
        console.print(f"Row {row.number} could be any of these shares:")
        for index, share in enumerate(candidates, start=1):
            console.print(
                user_text(f"  {index}. {share['title']} — {share['channel']}, {share['shared_at']}")
            )
        answer = typer.prompt("Which one? (0 to skip)", default="0")
        number = int(answer) if answer.isdigit() else 0
        return candidates[number - 1]["id"] if 0 < number <= len(candidates) else None

    _, ledger = _workspace_and_ledger()
    with ledger:
        result = import_file(
            ledger,
            file,
            from_.value,
            as_of=parse_time(as_of).date() if as_of else None,
            mapping=mapping,
            skip_bad=skip_bad,
            resolve=choose,
        )
    if json_:
        import dataclasses

        from inpublic.cli._common import print_json

        print_json({"version": 1, **dataclasses.asdict(result)})
        return
    made_by = f" (a {result.source} export)" if from_ is Source.auto else ""
    console.print(f"Imported {result.imported} row(s){made_by}; {result.unchanged} unchanged")
    if result.unmatched:
        console.print(
            f"{len(result.unmatched)} row(s) match no share (rows "
            f"{', '.join(map(str, result.unmatched[:10]))}); ship them first"
        )
    if result.ambiguous:
        console.print(
            f"{len(result.ambiguous)} ambiguous row(s) skipped: "
            f"{', '.join(map(str, result.ambiguous))}"
        )
    for line in result.bad:
        console.print(Text.assemble(("skipped", "yellow"), " ", user_text(line)))


@metrics_app.command("add")
def metrics_add(
    post: Annotated[str, typer.Argument(help="The post: a path or a slug.")],
    channel: Annotated[str, typer.Option(help="The channel of the share.")],
    impressions: Annotated[int | None, typer.Option()] = None,
    likes: Annotated[int | None, typer.Option()] = None,
    comments: Annotated[int | None, typer.Option()] = None,
    reposts: Annotated[int | None, typer.Option()] = None,
    saves: Annotated[int | None, typer.Option()] = None,
    follows: Annotated[int | None, typer.Option()] = None,
    clicks: Annotated[int | None, typer.Option()] = None,
    as_of: Annotated[str | None, typer.Option(help="The day (default: today).")] = None,
) -> None:
    """Enter a share's metrics by hand.

    Example: inpublic metrics add ci-14-to-4-minutes --channel x --impressions 5400 --likes 81
    """
    from inpublic.cli._common import console, user_text
    from inpublic.errors import InpublicError
    from inpublic.ledger import parse_time
    from inpublic.workspace import load_post

    day = parse_time(as_of).date()
    workspace, ledger = _workspace_and_ledger()
    slug = load_post(workspace.post_path(post)).slug
    counts = {
        "impressions": impressions,
        "likes": likes,
        "comments": comments,
        "reposts": reposts,
        "saves": saves,
        "follows": follows,
        "clicks": clicks,
    }
    with ledger:
        share = ledger.db.execute(
            "SELECT s.id FROM shares s JOIN posts p ON p.id = s.post_id WHERE p.slug = ? AND "
            "s.channel = ? ORDER BY s.shared_at DESC",
            (slug, channel),
        ).fetchone()
        if share is None:
            raise InpublicError(
                f"{slug} was never shipped to {channel}",
                hint=f"inpublic ship {slug} --channel {channel}",
            )
        with ledger.transaction():
            ledger.add_metrics(share[0], day, "manual", counts)
    console.print(user_text(f"Recorded metrics for {slug} on {channel}"))


def stats(
    since: Annotated[
        str | None, typer.Option(help="Only shares since: 4w, 3m, 1y or a date.")
    ] = None,
    json_: Json = False,
    html: Annotated[
        Path | None, typer.Option(help="Write a self-contained dashboard page.")
    ] = None,
) -> None:
    """Progress, cadence, time to publish, engagement, and what to write next.

    Example: inpublic stats --since 3m --html out/dashboard.html
    """
    import msgspec

    from inpublic.cli._common import console, print_json, user_text
    from inpublic.cli._stats_output import print_stats
    from inpublic.ledger.stats import compute, since_date

    start = since_date(since)
    workspace, ledger = _workspace_and_ledger(read_only=True)
    config = workspace.config
    plan = msgspec.to_builtins(config.plan) if config.plan.topics or config.plan.channels else None
    with ledger:
        data = compute(
            ledger,
            goal_total=config.goals.total,
            per_week=config.goals.shares_per_week,
            budget=config.goals.minutes_per_share,
            since=start,
            plan=plan,
        )
        orphans = _orphan_timers(workspace, ledger)
    if html:
        from inpublic.ledger.dashboard import write_dashboard

        write_dashboard(data, html, config.profile.name)
        console.print(user_text(f"Wrote {html}"))
    if json_:
        print_json({**data, "orphan_timers": orphans})
    elif not html:
        print_stats(data)
        _print_orphans(orphans)


def export(
    format_: Annotated[
        ExportFormat, typer.Option("--format", help="json or csv.")
    ] = ExportFormat.json,
    out: Annotated[
        Path | None, typer.Option(help="File (json) or folder (csv); default: stdout for json.")
    ] = None,
) -> None:
    """Dump the whole ledger; `import-ledger` restores it without loss.

    Example: inpublic export --format json --out ledger.json
    """
    from inpublic.cli._common import console, user_text
    from inpublic.ledger.transfer import export_csv, export_json

    _, ledger = _workspace_and_ledger(read_only=True)
    with ledger:
        if format_ is ExportFormat.json:
            text = export_json(ledger)
            if out:
                from inpublic._files import write_atomic

                write_atomic(out, text)
                console.print(user_text(f"Wrote {out}"))
            else:
                print(text, end="")
        else:
            folder = out or Path("ledger-export")
            for path in export_csv(ledger, folder):
                console.print(user_text(f"Wrote {path}"))


def import_ledger(
    source: Annotated[Path, typer.Argument(help="A JSON export, or a folder of CSV exports.")],
) -> None:
    """Restore the ledger from an export (replaces what is there, in one transaction, after
    a backup copy of the ledger).

    Example: inpublic import-ledger ledger.json
    """
    from inpublic.cli._common import console, user_text
    from inpublic.errors import shown_path
    from inpublic.ledger.transfer import import_ledger

    _, ledger = _workspace_and_ledger()
    with ledger:
        counts, copy = import_ledger(ledger, source)
    console.print("Restored " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    console.print(user_text(f"The previous ledger is kept in {shown_path(copy)}"))


def plan(
    answers: Annotated[Path | None, typer.Option(help="TOML answers, for scripts.")] = None,
) -> None:
    """Ask the golden-loop plan and store it in inpublic.toml.

    Example: inpublic plan
    """
    from inpublic.cli._common import console
    from inpublic.ledger.plan import QUESTIONS, ask_plan, read_answers, save_plan
    from inpublic.workspace import find_workspace

    workspace = find_workspace()
    if answers:
        given = read_answers(answers)
    else:
        given = ask_plan(
            workspace.config,
            lambda question, default: typer.prompt(
                question, default=default, show_default=bool(default)
            ),
        )
    save_plan(workspace.config_path, given)
    console.print(
        f"Saved the plan in {workspace.config_path.name} "
        f"({len(QUESTIONS)} questions, {len(given.get('channels', {}))} channels)"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(timer_app, name="timer")
    app.command()(ship)
    app.add_typer(metrics_app, name="metrics")
    app.command()(stats)
    app.command()(plan)
    app.command()(export)
    app.command("import-ledger")(import_ledger)
