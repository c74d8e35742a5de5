from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from inpublic.workspace import load_post

HUGO = shutil.which("hugo") or "hugo"

LAYOUTS = {
    "_default/single.html": (
        '<html lang="{{ .Lang }}"><body><h1>{{ .Title }}</h1>'
        '<ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>'
        "{{ .Content }}</body></html>"
    ),
    "_default/list.html": (
        "<html><body>{{ range .Pages }}<article><h2>{{ .Title }}</h2>"
        '<div class="summary">{{ .Summary }}</div></article>{{ end }}</body></html>'
    ),
    "_default/taxonomy.html": (
        '<html><body>{{ range .Pages }}<p class="tagged">{{ .Title }}</p>{{ end }}</body></html>'
    ),
}


def test_bundle_front_matter_and_images(render) -> None:
    result = render()
    bundle = result.out / "hugo"
    post = load_post(bundle / "index.md")
    assert post.title == "缓存 wheel：CI 从 14 分钟到 4 分钟"
    assert post.tags == ["ci", "python", "github-actions"]
    assert post.meta["categories"] == ["ledgerline"]
    assert post.meta["series"] == ["build-speed"]
    assert post.meta["images"] == ["chart.png"]
    assert post.meta["draft"] is False
    assert post.meta["description"].startswith("每个 PR 都要等 14 分钟的 CI")
    assert (bundle / "chart.png").is_file()
    assert "\n<!--more-->\n" in post.body


def test_missing_image_is_a_warning_and_the_rest_renders(render) -> None:
    result = render(image=False)
    (output,) = result.outputs
    assert [f.rule for f in output.findings] == ["hugo.missing-image", "hugo.raw-html"]
    assert (result.out / "hugo" / "index.md").is_file()


def test_real_hugo_builds_the_bundle(render, tmp_path: Path) -> None:
    result = render()
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    shutil.copytree(result.out / "hugo", site / "content" / "posts" / "ci-cache")
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "t"\nhasCJKLanguage = true\n'
        '[taxonomies]\ntag = "tags"\ncategory = "categories"\nseries = "series"\n',
        "utf-8",
    )
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    subprocess.run([HUGO, "--quiet", "--source", str(site)], check=True, capture_output=True)
    public = site / "public"
    page = (public / "posts" / "ci-cache" / "index.html").read_text("utf-8")
    assert "<h1>缓存 wheel：CI 从 14 分钟到 4 分钟</h1>" in page
    assert "<li>github-actions</li>" in page
    assert "build" in page
    assert (public / "posts" / "ci-cache" / "chart.png").is_file()
    tagged = (public / "tags" / "python" / "index.html").read_text("utf-8")
    assert "缓存 wheel" in tagged
    listing = (public / "posts" / "index.html").read_text("utf-8")
    summary = listing.split('<div class="summary">')[1].split("</div>")[0]
    assert "每个 PR 都要等 14 分钟的 CI" in summary
    assert "CI 中位数" not in summary  # the summary ends at <!--more-->


def test_keys_for_hugo_pass_through_quoted_as_yaml_1_1_needs(render, tmp_path: Path) -> None:
    """Keys inpublic does not own (aliases, weight, toc, lastmod, a theme's params) reach the
    bundle; text a YAML 1.1 reader would take for a boolean is quoted; check's inline
    switches are taken out of the page."""
    text = (
        "---\ntitle: no\ndate: 2026-11-01\ntags: [on, ci]\naliases: [/old/cache/]\nweight: 3\n"
        "toc: true\nlastmod: 2026-11-20\nparams:\n  note: yes\n---\n\n"
        "<!-- inpublic-disable hedge -->\nThe cache took the build from 14 min to 4 min.\n"
        "<!-- inpublic-enable -->\n"
    )
    result = render(text, image=False)
    bundle = (result.out / "hugo" / "index.md").read_text("utf-8")
    assert "title: 'no'\n" in bundle and "  - 'on'\n" in bundle and "  note: 'yes'\n" in bundle
    assert "weight: 3\n" in bundle and "toc: true\n" in bundle and "lastmod: 2026-11-20\n" in bundle
    assert "inpublic-" not in bundle
    site = tmp_path / "site"
    shutil.copytree(result.out / "hugo", site / "content" / "posts" / "cache")
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "t"\n', "utf-8")
    for name, layout in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(layout, "utf-8")
    subprocess.run([HUGO, "--quiet", "--source", str(site)], check=True, capture_output=True)
    page = (site / "public" / "posts" / "cache" / "index.html").read_text("utf-8")
    assert "<h1>no</h1>" in page and "<li>on</li>" in page
    assert (site / "public" / "old" / "cache" / "index.html").is_file()  # the alias
