"""``inpublic demo``: a workspace with posts written for the demo, run through the pipeline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from inpublic._files import write_atomic
from inpublic.capture import capture
from inpublic.capture.draft import draft_answers
from inpublic.channels import render_post
from inpublic.check import CATEGORIES, check_post
from inpublic.config import CHANNELS, CONFIG_NAME
from inpublic.document import parse_document
from inpublic.document.export import document_to_dict
from inpublic.errors import WorkspaceError
from inpublic.workspace import Workspace, find_workspace, load_post, new_post

MARKER = "demo"  # .inpublic/demo marks a folder the demo may rebuild


@dataclass(frozen=True)
class DemoPost:
    path: Path
    slug: str
    lang: str
    sections: int
    sentences: int
    verdict: str
    categories: tuple[str, ...]  # the categories of the check's findings
    outputs: tuple[Path, ...]
    render_findings: int  # what did not fit a channel


@dataclass(frozen=True)
class DemoResult:
    workspace: Workspace
    posts: tuple[DemoPost, ...]
    repo: Path  # the small git repository the demo captured
    pieces: tuple[str, ...]  # what capture found, one line each
    draft: Path  # the post drafted from the newest piece
    ledger: tuple[str, ...]  # what was shipped and imported, one line each
    dashboard: Path
    site: Path  # the portfolio site


def ship_and_measure(workspace: Workspace) -> tuple[tuple[str, ...], Path]:
    """Ship the demo's posts into a fresh ledger, import the sample exports, write the
    dashboard."""
    import datetime as dt
    import tomllib

    from inpublic.ledger import LEDGER_FILE, open_ledger, parse_time
    from inpublic.ledger.dashboard import write_dashboard
    from inpublic.ledger.importers import import_file
    from inpublic.ledger.stats import compute

    for name in (LEDGER_FILE, f"{LEDGER_FILE}-wal", f"{LEDGER_FILE}-shm"):
        (workspace.state_dir / name).unlink(missing_ok=True)  # the demo starts from nothing
    data = resources.files(__name__)
    plan = tomllib.loads(data.joinpath("ledger.toml").read_text("utf-8"))
    exports = workspace.root / "exports"
    exports.mkdir(exist_ok=True)
    for name in ("x.csv", "xiaohongshu.csv", "wechat.csv"):
        text = data.joinpath("exports", name).read_text("utf-8")
        # WeChat's exports are often GBK: the demo's is too, to show it is read as such.
        (exports / name).write_bytes(text.encode("gbk" if name == "wechat.csv" else "utf-8"))
    _linkedin_workbook(exports / "linkedin.xlsx")
    goals = workspace.config.goals
    lines = []
    with open_ledger(workspace) as ledger:
        for ship in plan["ships"]:
            post = load_post(workspace.posts_dir / f"{ship['post']}.md")
            at = parse_time(post.meta["started_at"]) + dt.timedelta(minutes=ship["minutes"])
            result = ledger.ship(
                post,
                ship["channel"],
                url=ship["url"],
                at=at,
                goal=goals.total,
                budget=goals.minutes_per_share,
            )
            lines.append(
                f"shipped {post.slug} to {ship['channel']}: share {result.number}, "
                f"{result.minutes:.0f} minutes"
            )
        as_of = dt.date(2026, 11, 20)
        for name, source in (
            ("x.csv", "x"),
            ("wechat.csv", "wechat"),
            ("xiaohongshu.csv", "xiaohongshu"),
            ("linkedin.xlsx", "linkedin"),
        ):
            imported = import_file(ledger, exports / name, source, as_of=as_of)
            lines.append(f"imported exports/{name}: {imported.imported} row(s)")
        stats = compute(
            ledger,
            goal_total=goals.total,
            per_week=goals.shares_per_week,
            budget=goals.minutes_per_share,
        )
    dashboard = workspace.out_dir / "dashboard.html"
    write_dashboard(stats, dashboard, workspace.config.profile.name)
    return tuple(lines), dashboard


def _linkedin_workbook(path: Path) -> None:
    """A LinkedIn creator export: TOP POSTS holds two tables side by side."""
    from openpyxl import Workbook

    url = "https://www.linkedin.com/feed/update/urn:li:activity:7250000000000000001/"
    book = Workbook()
    book.active.title = "DISCOVERY"
    sheet = book.create_sheet("TOP POSTS")
    sheet.append(["Maximum of 50 posts available to include in this list"])
    sheet.append([])
    sheet.append(
        [
            "Post URL",
            "Post publish date",
            "Engagements",
            None,
            "Post URL",
            "Post publish date",
            "Impressions",
        ]
    )
    sheet.append([url, "10/12/2026", 143, None, url, "10/12/2026", 6120])
    book.save(path)


def build_repo(folder: Path) -> Path:
    """A small git repository with the demo's commits, dated over the last days."""
    import datetime as dt
    import os
    import shutil
    import subprocess
    import tomllib

    repo = folder / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    data = tomllib.loads(resources.files(__name__).joinpath("repo.toml").read_text("utf-8"))
    author = data["author"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for key in ("name", "email"):  # the repository's own identity: no global config needed
        subprocess.run(["git", "-C", str(repo), "config", f"user.{key}", author[key]], check=True)
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    for commit in data["commits"]:
        for name, text in commit["files"].items():
            write_atomic(repo / name, text)
        when = (now - dt.timedelta(days=commit["days_ago"])).isoformat()
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
        subprocess.run(
            ["git", "-C", str(repo), "commit", "-q", "-m", commit["message"]],
            check=True,
            env=env,
        )
    return repo


def run_demo(folder: Path) -> DemoResult:
    """Create (or rebuild) the demo workspace in ``folder`` and run the pipeline on its posts."""
    folder = folder.resolve()
    marker = folder / ".inpublic" / MARKER
    if folder.is_file():
        raise WorkspaceError("is a file, not a folder", path=folder)
    if folder.is_dir() and any(folder.iterdir()) and not marker.exists():
        raise WorkspaceError(
            "folder is not empty and was not made by 'inpublic demo'",
            path=folder,
            hint="choose a new folder, e.g. 'inpublic demo inpublic-demo'",
        )
    data = resources.files(__name__)
    write_atomic(folder / CONFIG_NAME, data.joinpath("inpublic.toml").read_text("utf-8"))
    write_atomic(folder / ".gitignore", "out/\n.inpublic/\n")
    for source in sorted(data.joinpath("posts").iterdir(), key=lambda item: item.name):
        write_atomic(folder / "posts" / source.name, source.read_text("utf-8"))
    write_atomic(marker, "This workspace was made by 'inpublic demo'; it may rebuild it.\n")

    repo = build_repo(folder)
    workspace = find_workspace(folder)
    config = workspace.config
    draft_path = workspace.posts_dir / "from-git-draft.md"
    draft_path.unlink(missing_ok=True)
    results = []
    for path in workspace.posts():
        post = load_post(path)
        document = parse_document(post, config.default_lang)
        report = check_post(post, config.check, config.default_lang)
        rendered = render_post(path, config, list(CHANNELS), workspace.out_dir)
        out = workspace.out_dir / post.slug / "document.json"
        relative = str(path.relative_to(workspace.root))
        write_atomic(
            out,
            json.dumps(document_to_dict(document, relative), ensure_ascii=False, indent=2) + "\n",
        )
        results.append(
            DemoPost(
                path=path,
                slug=post.slug,
                lang=document.lang,
                sections=len(document.sections),
                sentences=sum(1 for _ in document.sentences()),
                verdict=report.verdict,
                categories=tuple(
                    c for c in CATEGORIES if any(f.category == c for f in report.findings)
                ),
                outputs=(out, rendered.manifest),
                render_findings=len(rendered.findings),
            )
        )
    ledger_summary, dashboard = ship_and_measure(workspace)
    log = capture([repo], since="1m", author="mei@example.com")
    pieces = tuple(
        f"#{p.number} {p.title}: " + ("; ".join(f.text for f in p.facts) or "no facts")
        for p in log.pieces
    )
    newest = log.pieces[-1]
    draft = new_post(
        workspace,
        newest.title,
        lang="en",
        project=repo.name,
        slug="from-git-draft",
        answers=draft_answers(newest, "en"),
    )
    from inpublic.site import build_site

    site = build_site(find_workspace(folder))
    return DemoResult(
        workspace, tuple(results), repo, pieces, draft.path, ledger_summary, dashboard, site.out
    )
