"""`inpublic site build` on 1,000 generated posts, against Pelican and Hugo on the same posts.

Cold builds of all three; then inpublic's rebuild after editing one post, and with nothing
changed. Targets: cold ≥ 3× faster than Pelican and ≤ 2× Hugo's time; rebuild after one
edit < 0.3 s; nothing changed < 0.2 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table  # noqa: E402
from _corpus import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
HUGO_LAYOUTS = {
    "_default/single.html": "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>",
    "_default/list.html": '<html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">'
    "{{ .Title }}</a>{{ .Summary }}{{ end }}</body></html>",
    "index.html": "<html><body>{{ range first 10 .Site.RegularPages }}{{ .Title }}{{ end }}"
    "</body></html>",
}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr.decode()[-800:]}")
    return elapsed


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

        ours = timed([str(BIN / "inpublic"), "site", "build"], workspace)
        edited = workspace / "posts" / posts[10].name
        edited.write_text(edited.read_text().replace("## ", "## Edited ", 1))
        one = timed([str(BIN / "inpublic"), "site", "build"], workspace)
        nothing = timed([str(BIN / "inpublic"), "site", "build"], workspace)
        hugo = timed(["hugo", "--quiet", "--source", str(hugo_site)], hugo_site)
        pelican_bin = shutil.which("pelican", path=str(BIN))
        rows = [("inpublic site build, cold", ours, "1,000 posts")]
        if pelican_bin:
            pelican = timed(
                [pelican_bin, "content", "-o", "output", "-s", "pelicanconf.py", "-q"], pelican_site
            )
            rows.append(
                (
                    "pelican, cold",
                    pelican,
                    f"inpublic is {pelican / ours:.1f}x faster (target ≥ 3x)",
                )
            )
        else:
            rows.append(("pelican", 0.0, "not installed: pip install '.[bench]'"))
        rows.append(
            ("hugo, cold", hugo, f"inpublic takes {ours / hugo:.1f}x Hugo's time (target ≤ 2x)")
        )
        rows.append(("inpublic site build, one edit (new process)", one, "target < 300 ms"))
        rows.append(
            ("inpublic site build, nothing changed (new process)", nothing, "target < 200 ms")
        )
        from inpublic.site import build_site
        from inpublic.workspace import Workspace

        edited.write_text(edited.read_text().replace("## Edited ", "## Edited again ", 1))
        start = time.perf_counter()
        build_site(Workspace(workspace))
        rows.append(
            ("build_site() in-process, one edit", time.perf_counter() - start, "target < 300 ms")
        )
        start = time.perf_counter()
        build_site(Workspace(workspace))
        rows.append(
            (
                "build_site() in-process, nothing changed",
                time.perf_counter() - start,
                "target < 200 ms",
            )
        )
        table("site build, 1,000 posts", rows)


if __name__ == "__main__":
    main()
