"""Golden tests: the fixture posts in posts/, rendered with ``render --to every --force``
through the CLI, against the files in expected/<slug>/.

Every text output is compared whole; so are the list of files written (the images in the
Hugo bundle, the number of cards) and the cards' text layout, before drawing. After a
change that is meant to change the outputs, rewrite them and read the diff:

    INPUBLIC_UPDATE_GOLDEN=1 pytest tests/channels/golden

Outputs known to be wrong are held as they are, not blessed: the KNOWN comment below
names them by post, with the issue item each breaks.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from inpublic.cli import app

HERE = Path(__file__).parent
POSTS = HERE / "posts"
EXPECTED = HERE / "expected"
UPDATE = os.environ.get("INPUBLIC_UPDATE_GOLDEN") == "1"
# The outputs compared as text; wechat.preview.html is wechat.html in a page (tested in
# Chromium below) and the PNGs are compared by their layout.
TEXT = (".md", ".html", ".txt", ".json")
SLUGS = {
    "async-export": "async-export.md",
    "sqlite-search": "sqlite-search.md",
    "sccache-ci": "sccache-ci.md",
    "saying-no": "no.md",
}
# KNOWN: outputs known to be wrong, held in expected/ as they are, not blessed as right:
#   none found in any of the four posts.


def draw_images(workspace) -> None:
    """The posts' local images, drawn here: a Chinese name, a name with spaces (macOS's
    screenshot name), one in ../assets/ outside posts/, a cover, a raw <img>'s."""
    from PIL import Image, ImageDraw

    def picture(path: Path, size: tuple[int, int], draw) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        image = Image.new("RGB", size, (250, 250, 247))
        draw(ImageDraw.Draw(image), size)
        image.save(path)

    def boxes(pen, size) -> None:  # three boxes and two arrows: the old export path
        w, h = size
        for i in range(3):
            x = 20 + i * (w - 40) // 3
            pen.rectangle((x, h // 3, x + (w - 40) // 3 - 30, 2 * h // 3), outline=(40, 90, 160))
            if i:
                pen.line((x - 30, h // 2, x - 2, h // 2), fill=(200, 60, 40), width=3)

    def curve(pen, size) -> None:  # memory over a week: a saw tooth, then flat
        w, h = size
        points = [(x, h - 20 - (x * 7 % 90 if x < w // 2 else 15)) for x in range(10, w - 10, 6)]
        pen.line(points, fill=(15, 123, 108), width=2)

    def bars(pen, size) -> None:  # a flame graph: stacked bars narrowing upwards
        w, h = size
        for level in range(6):
            pen.rectangle(
                (10 + level * 12, h - 20 - level * 22, w - 10 - level * 25, h - 4 - level * 22),
                fill=(230, 120 + level * 18, 40),
            )

    def block(pen, size) -> None:  # the cover: a title bar
        pen.rectangle((0, 0, size[0], size[1] // 4), fill=(15, 123, 108))

    images = workspace.posts_dir / "images"
    picture(images / "架构图.png", (480, 200), boxes)
    picture(images / "截屏 2024-01-01 10.00.00.png", (640, 260), curve)
    picture(images / "封面.png", (400, 225), block)
    picture(images / "flame.png", (420, 160), bars)
    picture(workspace.root / "assets" / "latency.png", (360, 180), boxes)


def card_layout(monkeypatch) -> list[list[str]]:
    """The cards as the layout gives them, before drawing: per card, its text lines and
    pictures. (The one call into the card module's internals: adapt it here if it moves.)"""
    from inpublic.channels import xiaohongshu

    cards: list[list[str]] = []
    draw = xiaohongshu.draw_cards

    def spy(planned, *args, **kwargs):
        for items in planned:
            rows: list[tuple[int, str, list[str]]] = []  # y, style and x, texts on a line
            for item in items:
                if isinstance(item, xiaohongshu.Line):
                    if rows and rows[-1][0] == item.y:  # a bullet and its text, table cells
                        rows[-1][2].append(item.text)
                    else:
                        rows.append((item.y, f"{item.style:<4} {item.x:>3}", [item.text]))
                elif isinstance(item, xiaohongshu.Picture):
                    name = f"{picture_name(item.path)} {item.width}×{item.height}"
                    rows.append((item.y, f"pic  {item.x:>3}", [name]))
            cards.append([f"{style} {' | '.join(texts)}" for _, style, texts in rows])
        return draw(planned, *args, **kwargs)

    monkeypatch.setattr(xiaohongshu, "draw_cards", spy)
    return cards


def picture_name(path: Path | bytes) -> str:
    """A picture by its file name; a drawn formula (PNG bytes) by its digest."""
    if isinstance(path, bytes):
        return f"formula sha256:{hashlib.sha256(path).hexdigest()[:16]}"
    return path.name


def data_uri(match: re.Match) -> str:
    """A data: URI as its type, size and digest: the bytes still compare, the file reads."""
    data = base64.b64decode(match.group(2))
    return f"{match.group(1)},<{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()[:16]}>"


def normalised(text: str, workspace) -> str:
    """Only what is truly volatile: the test's folder, and data: URIs shown short."""
    for root in {str(workspace.root.resolve()), str(workspace.root)}:
        text = text.replace(root, "<workspace>")
    return re.sub(r"(data:image/[a-z+]+;base64),([A-Za-z0-9+/=]+)", data_uri, text)


def render(slug: str, channels: str, runner, workspace, monkeypatch) -> Path:
    """The post and its images in the workspace, rendered through the CLI: out/<slug>/."""
    monkeypatch.chdir(workspace.root)
    shutil.copyfile(POSTS / SLUGS[slug], workspace.posts_dir / SLUGS[slug])
    draw_images(workspace)
    result = runner.invoke(app, ["render", slug, "--to", channels, "--force"])
    assert result.exit_code == 0, result.output
    return workspace.out_dir / slug


def rendered(slug: str, runner, workspace, monkeypatch) -> dict[str, str]:
    """Every channel's output: {relative name: text} for every golden file."""
    cards = card_layout(monkeypatch)
    out = render(slug, "every", runner, workspace, monkeypatch)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    golden = {"files.txt": "\n".join(files) + "\n"}
    for name in files:
        if name.endswith(TEXT) and name != "wechat.preview.html":
            golden[name] = normalised((out / name).read_text("utf-8"), workspace)
    golden["cards.txt"] = "".join(
        f"--- card {n}/{len(cards)}\n" + "".join(f"{line}\n" for line in lines)
        for n, lines in enumerate(cards, start=1)
    )
    assert len(cards) == sum(name.startswith("xiaohongshu/card-") for name in files)
    json.loads(golden["manifest.json"])  # the manifest stays JSON after normalising
    return golden


@pytest.mark.parametrize("slug", list(SLUGS))
def test_golden(slug: str, runner, workspace, monkeypatch) -> None:
    actual = rendered(slug, runner, workspace, monkeypatch)
    folder = EXPECTED / slug
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in actual.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, "utf-8")
    expected = {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert sorted(actual) == sorted(expected), "the golden files differ: rerun with UPDATE"
    diffs = [
        "".join(
            difflib.unified_diff(
                expected[name].splitlines(keepends=True),
                actual[name].splitlines(keepends=True),
                f"expected/{slug}/{name}",
                f"rendered/{name}",
            )
        )
        for name in sorted(actual)
        if actual[name] != expected[name]
    ]
    assert not diffs, (
        "rendered output differs from the golden files (INPUBLIC_UPDATE_GOLDEN=1 rewrites "
        "them; read the diff first):\n" + "\n".join(diffs)
    )


@pytest.mark.parametrize("width", [375, 677])
@pytest.mark.parametrize("slug", list(SLUGS))
def test_wechat_preview_in_chromium(
    slug: str, width: int, runner, workspace, monkeypatch, browser, tmp_path
) -> None:
    """Each post's WeChat preview on a phone and in the editor's column: every image shows,
    nothing is wider than the column (code and tables scroll inside it), each list marker
    sits on its text's first line with wrapped lines under the text, and Copy puts HTML and
    plain text on the clipboard."""
    from tests.channels.test_wechat import PREVIEW_LAYOUT, copy

    out = render(slug, "wechat", runner, workspace, monkeypatch)
    fragment = (out / "wechat.html").read_text("utf-8")
    context = browser.new_context(
        viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto((out / "wechat.preview.html").as_uri())
    layout = page.evaluate(PREVIEW_LAYOUT)
    shown = page.evaluate("document.querySelectorAll('#content img').length")
    page.screenshot(path=str(tmp_path / f"{slug}-{width}.png"), full_page=True)
    assert shown == fragment.count("<img ") and layout["broken"] == []
    assert layout["wide"] == [] and layout["pageWidth"] <= width
    lists = len(re.findall(r"<p [^>]*text-indent:-", fragment))  # list items' paragraphs
    assert len(layout["items"]) == lists and (lists > 0 or slug == "saying-no")
    for item in layout["items"]:
        assert item["markerLeft"] < item["textLeft"], item
        assert abs(item["markerBottom"] - item["bottoms"][0]) < 4, item  # on one line
        assert all(abs(left - item["textLeft"]) < 1 for left in item["lefts"][1:]), item
    copied = copy(page)
    assert set(copied["types"]) >= {"text/html", "text/plain"}
    first = re.search(r"<p [^>]*>([^<]{12})", fragment).group(1)  # the first paragraph's
    assert first in copied["text"] and first in copied["html"]
    context.close()
