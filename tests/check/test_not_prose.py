"""What is not prose is never linted: code (fenced, indented, inline), URLs, file paths,
image paths and alt text; numbered labels (图-1) are not "fixed"; and a typography finding
points at the spot it fixes, not at the whole line."""

from __future__ import annotations

from pathlib import Path

import pytest

from inpublic.check import check_file, fix_file

EN = "---\ntitle: Notes\nlang: en\n---\n\n"
ZH = "---\ntitle: 笔记\nlang: zh\nid: p-0123456789ab\n---\n\n"

# Each holds a praise word (amazing, 完美) or a typography slip (用Python写,好) where it is
# not prose; the sentence around it is plain.
NOT_PROSE = [
    (EN, "Run `amazing --fast` once."),
    (EN, "The flag is set here:\n\n```sh\namazing --fast  # amazing\n```"),
    (EN, "The flag is set here:\n\n    amazing --fast"),
    (EN, "The log is at https://example.com/amazing-results today."),
    (EN, "The log is at <https://example.com/amazing> today."),
    (EN, "The log is in [the run](https://example.com/amazing) today."),
    (EN, "The log is at [example.com/amazing](https://example.com/amazing) today."),
    (EN, "The log is at [https://example.com/amazing/](https://example.com/amazing/) today."),
    (EN, "The config is in docs/amazing-setup.md today."),
    (EN, "The repository is github.com/acme/amazing today."),
    (EN, "The binary sits in /opt/amazing/bin today."),
    (EN, "![An amazing chart](img/amazing.png)"),
    (EN, "The chart ![an amazing chart](img/amazing.png) shows the queue."),
    (EN, '<img src="img/amazing.png" alt="an amazing chart">'),
    (ZH, "运行 `完美 用Python写,好` 即可。"),
    (ZH, '配置如下：\n\n```toml\nname = "用Python写,好"  # 完美\n```'),
    (ZH, "日志在 https://example.cn/完美/用Python写,好 里。"),
    (ZH, "日志在 example.cn/完美/用Python写 里。"),
    (ZH, "说明在 文档/完美方案/用Python写.md 里。"),
    (ZH, "![完美的架构图,用Python写](图片/完美.png)"),
    (ZH, "架构如图 ![完美的架构图,用Python写](图片/完美.png) 所示。"),
]


@pytest.mark.parametrize(("front", "body"), NOT_PROSE)
def test_code_urls_paths_and_images_are_not_linted(tmp_path: Path, front, body) -> None:
    post = tmp_path / "p.md"
    post.write_text(front + body + "\n", "utf-8")
    findings = [f for f in check_file(post).findings if f.category != "structure"]
    assert findings == []
    assert not fix_file(post).changed


@pytest.mark.parametrize(
    "plain",
    [
        "10 MB/s and 200/200 tests",
        "I/O and CI/CD and TCP/IP",
        "3 次/天，3.1 万行/s",
        "p50/p99 latency",
    ],
)
def test_units_and_fractions_are_not_paths(plain: str) -> None:
    from inpublic.document import parse_markdown

    inline = parse_markdown(plain).blocks[0].inlines[0]
    assert [span.kind for span in inline.spans] == ["text"]


def test_a_path_as_the_text_of_a_link_keeps_its_address() -> None:
    from inpublic.document import parse_markdown

    inline = (
        parse_markdown("See [example.com/blog](https://example.com/blog).").blocks[0].inlines[0]
    )
    assert [(s.kind, s.href) for s in inline.spans] == [
        ("text", None),
        ("path", "https://example.com/blog"),
        ("text", None),
    ]


def test_prose_beside_a_path_is_still_linted(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(EN + "An amazing setup, see docs/setup.md for it.\n", "utf-8")
    assert [f.match for f in check_file(post).findings if f.category == "peacock"] == ["amazing"]


def test_numbered_labels_are_left_as_written(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(ZH + "如图-1所示，表-2列出了结果,见第-1步。\n", "utf-8")
    assert fix_file(post).changed
    assert post.read_text("utf-8") == ZH + "如图-1 所示，表-2 列出了结果，见第-1 步。\n"


def test_a_typography_finding_points_at_the_spot(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    line = "这个解析器原来要跑 40 分钟，我们改成了纯Python实现,现在只要 3 分钟。"
    post.write_text(ZH + line + "\n", "utf-8")
    found = [
        (f.column, f.end_column, f.match, f.suggestion)
        for f in check_file(post).findings
        if f.category == "typography"
    ]
    at = line.index("纯Python")
    assert found == [
        (at + 1, at + len("纯Python实"), "纯Python实", "改为：纯 Python 实"),
        (at + len("纯Python实") + 1, at + len("纯Python实现,现"), "现,现", "改为：现，现"),
    ]
    assert fix_file(post).changed  # --fix still fixes the whole body
    assert line.replace("纯Python实现,", "纯 Python 实现，") in post.read_text("utf-8")
