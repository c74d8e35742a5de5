from __future__ import annotations

from pathlib import Path

from inpublic.document import parse_document, parse_markdown
from inpublic.workspace import load_post

FIXTURES = Path(__file__).parent / "fixtures"

# Every sentence of fixtures/mixed.md: (line, column, text). Counted by hand.
MIXED_SENTENCES = [
    (7, 3, "背景 Background"),
    (9, 1, "CI 每次要等 14 分钟。"),
    (9, 15, "Reviewers waited, e.g. for 2.1 s per test on average."),
    (9, 69, "这不行！"),
    (11, 1, "我们先看了 pytest --durations，发现 build 占了 7 分钟……"),
    (11, 46, "于是决定缓存。"),
    (11, 53, "See the report for details."),
    (18, 4, "方案 Solution"),
    (20, 3, "引用：“缓存一切。”"),
    (20, 13, "然后再说。"),
    (21, 3, "Quote line two?"),
    (21, 19, "Yes."),
    (23, 3, "第一步：缓存 wheel；"),
    (23, 16, "第二步：拆分测试。"),
    (24, 5, "Nested item at v1.2.3 works."),
    (24, 34, "Done"),
    (25, 4, "有序列表 ordered item."),
    (27, 3, "指标"),
    (27, 8, "之前"),
    (27, 13, "之后"),
    (29, 3, "CI 时间"),
    (29, 11, "14 分钟"),
    (29, 19, "4 分钟。"),
    (29, 24, "很好"),
    (33, 1, "结果：14 min → 4 min（中位数），来源 https://ci.example.com/runs?id=42 。"),
    (33, 62, "Mr. Smith agreed."),
]


def mixed():
    post = load_post(FIXTURES / "mixed.md")
    return post, parse_document(post)


def test_every_sentence_has_its_line_and_column() -> None:
    _, document = mixed()
    found = [(s.line, s.column, s.text) for _, s in document.sentences()]
    assert found == MIXED_SENTENCES


def test_positions_point_at_the_sentence_in_the_file() -> None:
    _, document = mixed()
    lines = (FIXTURES / "mixed.md").read_text("utf-8").splitlines()
    for _, sentence in document.sentences():
        for offset, char in enumerate(sentence.text):
            if char.isspace() or any(a <= offset < b for a, b in sentence.skips):
                continue
            line, column = sentence.position(offset)
            assert lines[line - 1][column - 1] == char, (sentence.text, offset)
        assert (sentence.end_line, sentence.end_column) == sentence.position(len(sentence.text) - 1)


def test_blocks_and_their_kinds() -> None:
    _, document = mixed()
    kinds = [(b.kind, b.line, b.end_line, b.depth) for b in document.blocks]
    assert kinds == [
        ("heading", 7, 7, 1),
        ("paragraph", 9, 9, 0),
        ("paragraph", 11, 11, 0),
        ("code", 13, 16, 0),
        ("heading", 18, 18, 2),
        ("quote", 20, 21, 1),
        ("list_item", 23, 23, 1),
        ("list_item", 24, 24, 2),
        ("list_item", 25, 25, 1),
        ("table", 27, 29, 0),
        ("code", 31, 31, 0),
        ("paragraph", 33, 33, 0),
    ]
    code = document.blocks[3]
    assert code.info == "python"
    assert code.text.startswith("# 这不是句子。")
    assert document.blocks[9].text == "指标 | 之前 | 之后\nCI 时间 | 14 分钟 | 4 分钟。很好"


def test_sections_form_a_tree() -> None:
    _, document = mixed()
    assert [(s.title, s.level, s.line, s.parent, s.anchor) for s in document.sections] == [
        ("背景 Background", 1, 7, -1, "背景-background"),
        ("方案 Solution", 2, 18, 0, "方案-solution"),
    ]
    assert len(document.section_blocks(document.sections[0])) == 10
    assert len(document.section_blocks(document.sections[1])) == 7


def test_code_urls_and_html_are_marked_for_prose_tools() -> None:
    _, document = mixed()
    sentences = {s.text: s for _, s in document.sentences()}
    code = sentences["我们先看了 pytest --durations，发现 build 占了 7 分钟……"]
    assert (
        code.prose == "我们先看了 " + " " * len("pytest --durations") + "，发现 build 占了 7 分钟……"
    )
    url = sentences["结果：14 min → 4 min（中位数），来源 https://ci.example.com/runs?id=42 。"]
    assert "https" not in url.prose and "来源" in url.prose
    link = document.blocks[2].inlines[0]
    assert link.links == ("https://example.com/r.html",)
    assert "the report" in sentences["See the report for details."].prose  # link text is prose
    html = parse_markdown("Before <b>bold</b> after. Next.")
    first = html.blocks[0].sentences[0]
    assert first.prose == "Before    bold     after."


def test_bare_urls_are_linked_as_on_github_but_file_names_are_not() -> None:
    inline = (
        parse_markdown(
            "Edit setup.py and README.md; see www.example.org, https://ci.example.com/r "
            "or ops@example.com."
        )
        .blocks[0]
        .inlines[0]
    )
    assert inline.links == (
        "http://www.example.org",
        "https://ci.example.com/r",
        "mailto:ops@example.com",
    )
    assert [inline.text[s.start : s.end] for s in inline.spans if s.kind == "url"] == [
        "www.example.org",
        "https://ci.example.com/r",
        "ops@example.com",
    ]


def test_language_comes_from_the_post_or_the_text() -> None:
    _, document = mixed()
    assert document.lang == "zh"
    assert parse_markdown("只有中文的一段话。").lang == "zh"
    assert parse_markdown("Only English here, with one 词.").lang == "en"


def test_summary_is_what_comes_before_more() -> None:
    document = parse_markdown("## Problem\n\nFirst line.\n\n<!--more-->\n\nRest.\n", first_line=5)
    assert document.more_line == 9
    assert document.summary == "First line."
    assert parse_markdown("No marker.").summary == ""


def test_images() -> None:
    document = parse_markdown("![CI times](ci.png)\n\nText ![inline](i.png) here.\n")
    image, paragraph = document.blocks
    assert (image.kind, image.info, image.sentences) == ("image", "ci.png", ())
    assert paragraph.kind == "paragraph"
    assert paragraph.sentences[0].prose == "Text        here."


def test_escapes_and_entities_map_back() -> None:
    source = "A \\*star\\* &amp; more. 第二句。\n"
    document = parse_markdown(source)
    first, second = document.blocks[0].sentences
    assert first.text == "A *star* & more."
    assert second.column == source.index("第") + 1
    assert first.position(first.text.index("m")) == (1, source.index("more") + 1)
