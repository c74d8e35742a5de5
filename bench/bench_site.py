"""`inpublic site build` on 1,000 generated posts, against Pelican and Hugo on the same posts.

Cold builds of all three; then inpublic's rebuild after editing one post, and with nothing
changed, both as a new `inpublic site build` process (Python and CLI start-up included) and
in a running process, as `inpublic site serve` rebuilds. Targets: cold ≥ 3× faster than
Pelican and ≤ 2× Hugo's time; rebuild after one edit < 0.3 s; nothing changed < 0.2 s.

Each cold build writes into a new folder, and nothing is deleted until the end: on ext4
without a journal (this machine's disk), creating files soon after thousands were deleted
makes the kernel check every recently deleted inode, which would time the file system's
recent past instead of the tool.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_seconds, table  # noqa: E402
from _corpus import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
HUGO_LAYOUTS = {
    "_default/single.html": "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>",
    "_default/list.html": '<html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">'
    "{{ .Title }}</a>{{ .Summary }}{{ end }}</body></html>",
    "index.html": "<html><body>{{ range first 10 .Site.RegularPages }}{{ .Title }}{{ end }}"
    "</body></html>",
}


COLD_FOLDERS = (f"cold-{n}" for n in itertools.count())


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr.decode()[-800:]}")


def cold(command: list[str], cwd: Path) -> None:
    """A build from nothing: into a new folder (the command's last option), no saved state."""
    shutil.rmtree(cwd / ".inpublic", ignore_errors=True)
    run([*command, next(COLD_FOLDERS)], cwd)


def pelican_post(text: str) -> str:
    """The same post with Pelican's 'Key: value' metadata instead of YAML front matter."""
    front, body = text.split("\n---\n", 1)
    fields = dict(line.split(": ", 1) for line in front.strip("-\n").splitlines() if ": " in line)
    header = f"Title: {fields['title']}\nDate: {fields['date']}\nLang: {fields['lang']}\n"
    return header + "\n" + body


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        write_corpus(corpus, 1000)
        posts = sorted(corpus.rglob("*.md"))

        workspace = root / "inpublic"
        subprocess.run(
            [str(BIN / "inpublic"), "init", str(workspace), "--name", "Bench"],
            check=True,
            capture_output=True,
        )
        config = workspace / "inpublic.toml"
        config.write_text(
            config.read_text().replace('site_url = ""', 'site_url = "https://bench.example"')
        )
        for path in posts:
            shutil.copyfile(path, workspace / "posts" / path.name)

        hugo_site = root / "hugo"
        (hugo_site / "content" / "posts").mkdir(parents=True)
        (hugo_site / "hugo.toml").write_text(
            'baseURL = "https://bench.example/"\ntitle = "Bench"\nhasCJKLanguage = true\n'
        )
        for name, text in HUGO_LAYOUTS.items():
            target = hugo_site / "layouts" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        for path in posts:
            shutil.copyfile(path, hugo_site / "content" / "posts" / path.name)

        pelican_site = root / "pelican"
        (pelican_site / "content").mkdir(parents=True)
        (pelican_site / "pelicanconf.py").write_text(
            'SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
            "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        )
        for path in posts:
            (pelican_site / "content" / path.name).write_text(pelican_post(path.read_text()))

        build = [str(BIN / "inpublic"), "site", "build"]

        ours = median_seconds(lambda: cold([*build, "--out"], workspace), repeat=3)
        run(build, workspace)  # out/site, for the rebuilds
        edited = workspace / "posts" / posts[10].name
        original = edited.read_text()
        edits = iter(range(1_000_000))

        def edit() -> None:
            edited.write_text(original.replace("## ", f"## Edited {next(edits)} ", 1))

        one = median_seconds(lambda: (edit(), run(build, workspace)), repeat=5)
        nothing = median_seconds(lambda: run(build, workspace), repeat=5)
        startup = median_seconds(lambda: run([str(BIN / "inpublic"), "--version"], workspace))
        rows = [("inpublic site build, cold", ours, "1,000 posts")]
        pelican_bin = shutil.which("pelican", path=str(BIN))
        if pelican_bin:
            command = [pelican_bin, "content", "-s", "pelicanconf.py", "-q", "-o"]
            pelican = median_seconds(lambda: cold(command, pelican_site), repeat=3)
            rows.append(
                (
                    "pelican, cold",
                    pelican,
                    f"inpublic is {pelican / ours:.1f}x faster (target ≥ 3x)",
                )
            )
        else:
            rows.append(("pelican", 0.0, "not installed: pip install '.[bench]'"))
        hugo_build = ["hugo", "--quiet", "--source", ".", "--destination"]
        hugo = median_seconds(lambda: cold(hugo_build, hugo_site), repeat=3)
        rows.append(
            ("hugo, cold", hugo, f"inpublic takes {ours / hugo:.1f}x Hugo's time (target ≤ 2x)")
        )
        rows.append(("inpublic site build, one edit (new process)", one, "target < 300 ms"))
        rows.append(
            ("inpublic site build, nothing changed (new process)", nothing, "target < 200 ms")
        )
        rows.append(("inpublic --version (start-up alone)", startup, "part of both rows above"))

        # `site serve` rebuilds in its running process: imports are paid by its first rebuild.
        from inpublic.site import build_site
        from inpublic.workspace import Workspace

        serve_one = median_seconds(lambda: (edit(), build_site(Workspace(workspace))), repeat=5)
        serve_nothing = median_seconds(lambda: build_site(Workspace(workspace)), repeat=5)
        rows.append(("rebuild in a running process, one edit", serve_one, "target < 300 ms"))
        rows.append(
            ("rebuild in a running process, nothing changed", serve_nothing, "target < 200 ms")
        )
        table("site build, 1,000 posts", rows)


if __name__ == "__main__":
    main()
