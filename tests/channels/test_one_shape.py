"""Issue 14, section 7: a channel is a function from the parsed post to artifacts; only
render_post writes, each artifact inside out/<slug>/, and removes what it no longer makes."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pytest

from inpublic.channels import CHANNELS, Artifact, ChannelOutput, limits
from inpublic.channels.model import RenderContext
from inpublic.config import Config
from inpublic.document import parse_document
from inpublic.errors import InpublicError
from inpublic.workspace.post import load_post

from .conftest import MIXED

FIXTURE = Path(__file__).parent / "fixtures" / "markdown-zh.md"


def tree(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("text", [MIXED, FIXTURE.read_text("utf-8")], ids=["mixed", "markdown"])
def test_a_channel_writes_nothing_and_returns_its_artifacts(tmp_path: Path, text: str) -> None:
    from PIL import Image

    root = tmp_path / "ws"  # tmp_path also holds the tests' home folder (font caches)
    posts = root / "posts"
    posts.mkdir(parents=True)
    Image.new("RGB", (300, 150), (200, 30, 30)).save(posts / "chart.png")
    (posts / "post.md").write_text(text, "utf-8")
    post = load_post(posts / "post.md")
    document = parse_document(post, "zh")
    before = tree(root)
    for name in CHANNELS:
        context = RenderContext(
            document,
            post,
            Config(),
            root / "out" / post.slug,
            limits=limits().get(name, {}),
            root=root,
            channel=name,
        )
        output = importlib.import_module(f"inpublic.channels.{name}").render(context)
        assert output.channel == name and output.artifacts and not output.files
        assert all(isinstance(a.content, str | bytes | Path) for a in output.artifacts)
        assert tree(root) == before, name  # nothing written, anywhere
    assert not (root / "out").exists()


@pytest.mark.parametrize("name", ["../x.txt", "../../x.txt", "/tmp/inpublic-x.txt", "a/../../x"])
def test_render_post_refuses_an_artifact_outside_the_slug_folder(
    render, monkeypatch, tmp_path: Path, name: str
) -> None:
    from inpublic.channels import linkedin

    def hostile(context: RenderContext) -> ChannelOutput:
        return ChannelOutput("linkedin", (Artifact("linkedin.txt", "ok"), Artifact(name, "x")))

    monkeypatch.setattr(linkedin, "render", hostile)
    with pytest.raises(InpublicError, match="outside the output folder"):
        render(channels=("x", "linkedin"))
    # refused before anything was written: not even the X thread or the manifest
    assert not (tmp_path / "out").exists() or tree(tmp_path / "out") == {}
    assert not Path("/tmp/inpublic-x.txt").exists() and not (tmp_path / "x.txt").exists()


def test_files_a_render_no_longer_makes_are_removed(render, tmp_path: Path) -> None:
    first = render(channels=("xiaohongshu", "linkedin"))
    out = first.out
    cards = sorted((out / "xiaohongshu").glob("card-*.png"))
    assert (out / "xiaohongshu-links.txt").is_file() and len(cards) > 2
    (out / "mine.txt").write_text("the user's own file", "utf-8")
    link = "See [the CI log](https://ci.example.com/runs/42)."
    short = MIXED.split("## 方案")[0].replace(link, "")
    second = render(short, channels=("xiaohongshu",))
    made = {str(p.relative_to(out)) for o in second.outputs for p in o.files}
    assert not (out / "xiaohongshu-links.txt").exists()
    assert {str(p.relative_to(out)) for p in (out / "xiaohongshu").glob("*")} <= made
    assert len(list((out / "xiaohongshu").glob("card-*.png"))) < len(cards)
    assert (out / "linkedin.txt").is_file()  # not rendered this time: left as it was
    assert (out / "mine.txt").read_text("utf-8") == "the user's own file"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_limit_checker_reads_limits_toml_and_speaks_the_writers_language(
    tmp_path: Path, lang: str
) -> None:
    from inpublic.channels._limits import over_limit
    from inpublic.channels.xiaohongshu import title_length

    post_path = tmp_path / "post.md"
    post_path.write_text(f"---\ntitle: t\nlang: {lang}\n---\n\n正文。\n", "utf-8")
    post = load_post(post_path)
    context = RenderContext(
        parse_document(post, lang),
        post,
        Config(),
        tmp_path / "out",
        limits=limits()["xiaohongshu"],
        channel="xiaohongshu",
    )
    cards = limits()["xiaohongshu"]["cards_max"]
    assert over_limit(context, "cards", cards, what="too-many-cards") == []
    (finding,) = over_limit(context, "cards", cards + 1, what="too-many-cards")
    assert finding.rule == "xiaohongshu.too-many-cards" and finding.severity == "error"
    expected = {
        "zh": f"正文需要超过 {cards} 张卡片，小红书最多 {cards} 张：只画了前 {cards} 张",
        "en": f"the text needs more than {cards} cards, which is what Xiaohongshu takes; "
        f"the first {cards} were drawn",
    }
    assert finding.message == expected[lang]
    title = "标题" * 11  # 22 by Xiaohongshu's count: over 20
    assert over_limit(context, "title", title[:40], count=title_length)
    (finding,) = over_limit(context, "title", title, count=title_length, severity="warning")
    assert finding.rule == "xiaohongshu.title-too-long" and finding.severity == "warning"
    assert "22" in finding.message and "20" in finding.message
    assert limits()["xiaohongshu"][f"counts_{lang}"] in finding.suggestion
    assert over_limit(context, "title", "标题", count=title_length) == []


def test_one_test_of_html_that_runs_code_for_hugo_zhihu_and_the_site(render, tmp_path) -> None:
    """Hugo's warning, Zhihu's cut and the site's sanitiser read raw HTML alike: an event
    handler, a javascript: address (in any spelling a browser reads) or a <script>."""
    from inpublic.site._html import render_document

    text = (
        "---\ntitle: t\nlang: en\n---\n\n"
        'Click <a href="java&#x09;script:go()">here</a> and <b onclick="go()">there</b>.\n'
    )
    result = render(text, channels=("hugo", "zhihu"), image=False)
    (hugo,) = [f for f in result.findings if f.rule == "hugo.raw-html"]
    assert "(javascript:, on…=) on line 6" in hugo.message
    zhihu = (result.out / "zhihu.md").read_text("utf-8")
    assert "Click here and there." in zhihu
    rules = [f.message for f in result.findings if f.rule == "zhihu.active-html"]
    assert len(rules) == 2 and any("javascript:" in m for m in rules)
    document = parse_document(load_post(tmp_path / "posts" / "post.md"), "en")
    site = render_document(document, tmp_path / "posts" / "post.md", tmp_path / "page")
    assert "javascript" not in site.html and "onclick" not in site.html
    assert len([w for w in site.warnings if w.startswith("unsafe HTML removed")]) == 2
