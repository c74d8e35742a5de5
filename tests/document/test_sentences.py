from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inpublic.document import parse_markdown
from inpublic.document._sentences import split_sentences


def split(text: str, opaque: list[tuple[int, int]] | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, opaque or [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("真的吗？！当然。", ["真的吗？！", "当然。"]),
        ("他说：“好了。”然后走了。", ["他说：“好了。”", "然后走了。"]),
        ("（括号里的话。）后面的话。", ["（括号里的话。）", "后面的话。"]),
        ("先这样；再那样。", ["先这样；", "再那样。"]),
        ("等等……然后呢", ["等等……", "然后呢"]),
        ("It took 2.1 s. Then it stopped.", ["It took 2.1 s.", "Then it stopped."]),
        ("Use e.g. caching. It works.", ["Use e.g. caching.", "It works."]),
        ("Use i.e. Redis. Or not.", ["Use i.e. Redis.", "Or not."]),
        ("Is it fast? Yes! Very.", ["Is it fast?", "Yes!", "Very."]),
        ("Version 3.11.2 is out. Try it.", ["Version 3.11.2 is out.", "Try it."]),
        ("See example.com for more.", ["See example.com for more."]),
        ("Ask J. Smith. He knows.", ["Ask J. Smith.", "He knows."]),
        ("It was 3 p.m. today.", ["It was 3 p.m. today."]),
        ('He said "done." Then left.', ['He said "done."', "Then left."]),
        ("Wait... Then go.", ["Wait...", "Then go."]),
        ("Fast. 快了 3 倍。Really.", ["Fast.", "快了 3 倍。", "Really."]),
        (
            "我们用 Python 重写了 parser. 结果快了 3 倍。",
            ["我们用 Python 重写了 parser.", "结果快了 3 倍。"],
        ),
        ("用了 Redis!然后就好了。", ["用了 Redis!", "然后就好了。"]),
        ("No stop at the end", ["No stop at the end"]),
        ("  Leading and trailing.  ", ["Leading and trailing."]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_opaque_ranges_never_split() -> None:
    assert split("Run x.y! Done.", [(4, 8)]) == ["Run x.y! Done."]
    assert split("看 a。b 了。", [(2, 5)]) == ["看 a。b 了。"]


_CHARS = st.sampled_from(
    list("abcXYZ 12。！？；…「」“”（）.!?,:中文字的 \n") + ["e.g.", "2.1", "Mr."]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_CHARS, max_size=60), data=st.data())
def test_sentences_partition_the_prose(pieces, data) -> None:
    """Every non-space character belongs to exactly one sentence; sentences keep their order."""
    text = "".join(pieces)
    opaque = []
    if text:
        start = data.draw(st.integers(0, len(text) - 1))
        opaque.append((start, data.draw(st.integers(start, len(text)))))
    bounds = split_sentences(text, opaque)
    owner = [0] * len(text)
    last_end = 0
    for start, end in bounds:
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for k in range(start, end):
            owner[k] += 1
        last_end = end
    for k, char in enumerate(text):
        assert owner[k] == 1 or (char.isspace() and owner[k] == 0)


_PROSE = st.text(
    alphabet=list("abcdXYZ 0123456789。！？；…「」“”（）.!?,:中文字的一是"), min_size=1, max_size=80
)


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(_PROSE.map(str.strip).filter(bool), min_size=1, max_size=4),
    wraps=st.lists(st.integers(1, 30), min_size=4, max_size=4),
    preamble=st.integers(0, 5),
)
def test_every_position_maps_back_to_the_source(paragraphs, wraps, preamble) -> None:
    """Each character of each sentence sits at its (line, column) in the source."""
    chunks = []
    for paragraph, width in zip(paragraphs, wraps, strict=False):
        lines = [paragraph[i : i + width].strip() for i in range(0, len(paragraph), width)]
        chunks.append("\n".join(line for line in lines if line))
        chunks.append("```\ncode. 代码。\n```")
    body = "\n\n".join(chunks) + "\n"
    document = parse_markdown(body, first_line=preamble + 1)
    source = ([""] * preamble) + body.splitlines()
    seen = 0
    for _, sentence in document.sentences():
        for offset, char in enumerate(sentence.text):
            if char.isspace() or any(a <= offset < b for a, b in sentence.skips):
                continue
            line, column = sentence.position(offset)
            assert source[line - 1][column - 1] == char
            seen += 1
    prose_chars = sum(
        1
        for block in document.blocks
        if block.kind != "code"
        for inline in block.inlines
        for span in inline.spans
        if not span.opaque
        for char in inline.text[span.start : span.end]
        if not char.isspace()
    )
    assert seen == prose_chars
