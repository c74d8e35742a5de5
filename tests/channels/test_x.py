from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from inpublic.channels.x import thread, weight
from inpublic.config import Config, Profile, XSettings


def test_weights_follow_twitter_text_v3() -> None:
    assert weight("a" * 280) == 280
    assert weight("中" * 140) == 280
    assert weight("https://example.com/" + "a" * 200) == 23
    assert weight("👩‍👩‍👧‍👦") == 2


def test_thread_shape(render) -> None:
    config = Config(profile=Profile(site_url="https://mei.example/"), x=XSettings(thread="full"))
    result = render(channels=("x",), config=config)
    posts = json.loads((result.out / "x.json").read_text("utf-8"))["posts"]
    total = len(posts)
    assert posts[0].startswith(
        "缓存 wheel：CI 从 14 分钟到 4 分钟\n\nCI 中位数从 14 分钟降到 4 分钟"
    )
    for number, text in enumerate(posts, start=1):
        assert text.endswith(f"\n{number}/{total}")
        assert parse_tweet(text).valid
    assert "https://mei.example/posts/ci-cache/" in posts[-1]
    text = "\n".join(posts)
    assert "\n1. 按 requirements.lock 的哈希缓存 wheel。\n  • 嵌套的一项，链接到同一个日志" in text
    assert "See the CI log (https://ci.example.com/runs/42)." in text
    assert (result.out / "x.txt").read_text("utf-8") == "\n\n\n\n".join(posts) + "\n"


_WORD = st.one_of(
    st.text(alphabet="abcdefghij", min_size=1, max_size=12),
    st.text(alphabet="缓存测试构建分钟结果问题方案", min_size=1, max_size=30),
    st.sampled_from(
        [
            "https://example.com/a/very/long/path?q=1",
            "`make test`",
            "3.14",
            "👩‍💻",
            "🧵",
            "2,300",
            "。",
            "！",
            "，",
            ".",
        ]
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    paragraphs=st.lists(
        st.lists(_WORD, min_size=1, max_size=120).map(" ".join), min_size=1, max_size=5
    )
)
def test_every_post_is_valid_and_no_word_is_lost(paragraphs) -> None:
    posts, _ = thread(["Title"], paragraphs, [])
    for text in posts:
        assert parse_tweet(text).valid, (text, parse_tweet(text).weightedLength)
    joined = " ".join(re.sub(r"\n\d+/\d+$", "", text) for text in posts)
    # Every character of every word is there, in order: posts only add or drop whitespace.
    assert "".join(joined.split()) == "".join(("Title " + " ".join(paragraphs)).split())
    # code, URLs and numbers are never cut
    for atom in ("`make test`", "https://example.com/a/very/long/path?q=1", "2,300", "3.14"):
        assert joined.count(atom) >= " ".join(paragraphs).count(atom)


def test_item10_each_piece_is_weighed_about_once(monkeypatch) -> None:
    """5,000 lines took 93 s: every join was weighed again, and the cache could not hold
    them. Now a piece is weighed once and joins are summed."""
    import twitter_text

    weighed = []
    real = twitter_text.parse_tweet

    def counting(text):
        weighed.append(len(text))
        return real(text)

    monkeypatch.setattr(twitter_text, "parse_tweet", counting)
    weight.cache_clear()
    lines = [f"Line {n} of the post says what changed." for n in range(2000)]
    posts, findings = thread(["Title"], [" ".join(lines)], [])
    assert not findings and len(posts) > 200
    assert sum(weighed) < 2 * sum(len(line) for line in lines)
    for text in posts:
        assert parse_tweet(text).valid


_HANDLE = st.text(alphabet="abcdefghij_", min_size=1, max_size=15)
_LINK = st.tuples(
    st.one_of(_HANDLE.map(lambda h: "@" + h), st.sampled_from(["the log", "日志", "PR"])),
    st.text(alphabet="abcdefghij/", min_size=1, max_size=300),
)


@settings(max_examples=40, deadline=None)
@given(
    paragraphs=st.lists(
        st.lists(st.one_of(_WORD, _LINK), min_size=1, max_size=40), min_size=1, max_size=4
    )
)
def test_links_keep_their_targets_whole_and_mention_no_one(paragraphs) -> None:
    """Every link's address is in the thread, whole (it weighs 23 however long), and a
    linked '@name' is written 'name (https://…)', never as a handle X would link."""
    from pathlib import Path

    from inpublic.channels._plain import plain_blocks
    from inpublic.document import parse_document
    from inpublic.workspace import parse_post

    def markdown(piece) -> str:
        if isinstance(piece, tuple):
            return f"[{piece[0]}](https://github.com/{piece[1]})"
        return piece.replace("`", "")

    body = "\n\n".join(" ".join(markdown(p) for p in words) for words in paragraphs)
    post = parse_post(f"---\ntitle: t\n---\n\n{body}\n", Path("p.md"))
    texts = [b.text for b in plain_blocks(parse_document(post), style="inline")]
    posts, _ = thread(["Title"], texts, [])
    joined = "\n".join(posts)
    for text in posts:
        assert parse_tweet(text).valid, (text, parse_tweet(text).weightedLength)
        assert "@" not in text
    for words in paragraphs:
        for piece in words:
            if isinstance(piece, tuple):
                assert f"(https://github.com/{piece[1]})" in joined
