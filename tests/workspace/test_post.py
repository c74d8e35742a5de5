from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inpublic.errors import PostError, WorkspaceError
from inpublic.workspace import load_post, parse_post, save_post

POST = """\
---
title: "Cache the wheels"   # quoted, with a comment
date: 2026-10-12
tags:
  - ci
  - python
weight: 5            # Hugo's key, unknown to inpublic
cover: {image: a.png, alt: "chart"}
---

Intro line.

<!--more-->

Body.
"""


def roundtrip(tmp_path: Path, text: str | bytes) -> bytes:
    path = tmp_path / "post.md"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    save_post(load_post(path))
    return path.read_bytes()


@pytest.mark.parametrize(
    "text",
    [
        POST,
        POST.replace("\n", "\r\n"),
        "\ufeff" + POST,
        "No front matter at all.\n",
        "---\n---\nEmpty front matter.\n",
        "---\ntitle: x\n---",
        "",
    ],
    ids=["lf", "crlf", "bom", "no-front-matter", "empty", "no-body", "empty-file"],
)
def test_unchanged_post_is_saved_byte_for_byte(tmp_path: Path, text: str) -> None:
    assert roundtrip(tmp_path, text) == text.encode("utf-8")


def test_known_keys_are_read(tmp_path: Path) -> None:
    post = parse_post(POST, tmp_path / "cache-the-wheels.md")
    assert post.title == "Cache the wheels"
    assert post.date == dt.date(2026, 10, 12)
    assert post.tags == ["ci", "python"]
    assert post.slug == "cache-the-wheels"
    assert post.body_line == 10
    assert post.line_of("tags") == 4


def test_rewrite_keeps_unknown_keys_comments_and_body(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    post = load_post(path)
    post.set("draft", True)
    save_post(post)
    text = path.read_text("utf-8")
    assert 'title: "Cache the wheels"   # quoted, with a comment' in text
    assert "weight: 5            # Hugo's key, unknown to inpublic" in text
    assert 'cover: {image: a.png, alt: "chart"}' in text
    assert text.endswith("---\n\nIntro line.\n\n<!--more-->\n\nBody.\n")
    reloaded = load_post(path)
    assert reloaded.draft is True
    assert reloaded.meta["weight"] == 5


def test_rewrite_keeps_crlf(tmp_path: Path) -> None:
    post = parse_post(POST.replace("\n", "\r\n"), tmp_path / "p.md")
    post.set("slug", "new")
    text = post.text()
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")


_keys = st.sampled_from(["title", "summary", "project", "series", "x_custom", "author"])
_values = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufeff"),
    max_size=30,
)
_body = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)


@settings(max_examples=150, deadline=None)
@given(meta=st.dictionaries(_keys, _values, max_size=6), body=_body, new_title=_values)
def test_front_matter_round_trip(tmp_path_factory, meta, body, new_title) -> None:
    """Any front matter we write reads back equal; setting a key changes only that key."""
    from inpublic.workspace.post import format_post

    text = format_post(meta, body)
    post = parse_post(text, Path("p.md"))
    assert dict(post.meta) == meta
    assert post.body == body
    assert post.text() == text
    post.set("title", new_title)
    again = parse_post(post.text(), Path("p.md"))
    assert again.meta["title"] == new_title
    assert {k: v for k, v in again.meta.items() if k != "title"} == {
        k: v for k, v in meta.items() if k != "title"
    }
    assert again.body == body


def error_of(tmp_path: Path, data: bytes) -> PostError:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    with pytest.raises(PostError) as caught:
        load_post(path)
    return caught.value


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    error = error_of(tmp_path, "---\ntitle: ok\n---\n\n第一行\n".encode("gb18030"))
    assert error.line == 5
    assert error.path == tmp_path / "bad.md"
    assert "not UTF-8" in error.message


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\ntitle: ok\ntags: [a, b\ndate: 2026-01-01\n---\nbody\n")
    assert error.line in (3, 4)
    assert "not valid YAML" in error.message


def test_unclosed_front_matter(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\ntitle: ok\nbody\n")
    assert error.line == 1
    assert "never closed" in error.message


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\n- a\n- b\n---\n")
    assert "key: value" in error.message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tags: ci", "tags: expected a list, got 'ci'"),
        ("tags: [a, [b, c]]", "tags.1: expected text or a number, got ['b', 'c']"),
        (
            "tags: [" + ", ".join(map(str, range(101))) + "]",
            "tags: expected a list of length <= 100",
        ),
        ("draft: maybe", "draft: expected true or false, got 'maybe'"),
        ("lang: fr", "lang: expected one of 'zh', 'en', got 'fr'"),
        ("date: 2026-02-30", "not a real date: 2026-02-30"),
        ("date: 0000-01-01", "not a real date: 0000-01-01"),
        ("date: next tuesday", "date: expected a date, got 'next tuesday'"),
        ("started_at: soon", "started_at: expected a date and time, got 'soon'"),
        ('slug: "../../.."', "slug: expected one path segment"),
        ("slug: /home/me/.ssh", "slug: expected one path segment"),
        ('slug: "."', "slug: expected one path segment"),
        ('slug: "a b?#c"', "slug: expected one path segment"),
        ('slug: "a\\0b"', "slug: expected one path segment"),
        ('slug: "plan\\n"', "slug: expected one path segment"),
        ("slug: " + "长" * 70, "slug: longer than 200 bytes in UTF-8"),
        ("slug: 12", "slug: expected a string, got 12 (int)"),
        ("target_length: [a, b]", "target_length.0: expected an integer"),
        ("target_length: [1, 2, 3]", "target_length: expected a list of length <= 2"),
        ("channels: [x]", "channels: expected a table, got ['x']"),
        ("channels: {wechat: 5}", "channels.wechat: expected a table"),
        ("channels: {wechats: {title: t}}", "channels.wechats: expected one of 'hugo'"),
        ("1: one", "a front-matter key must be text, got 1"),
        ("n: " + "9" * 100_000, "a number with more than 4300 digits"),
        ("base: &b [x]\ntags: *b", "YAML aliases (*name) are not read"),
    ],
)
def test_wrong_type_of_known_key(tmp_path: Path, line: str, expected: str) -> None:
    error = error_of(tmp_path, f"---\ntitle: ok\n{line}\n---\n".encode())
    assert error.line == 3
    assert expected in error.message


def test_scalars_are_read_as_yaml_1_2_like_the_round_trip_loader(tmp_path: Path) -> None:
    text = "---\ntitle: no\nweight: 012\nratio: 1e3\nclock: 1:30\nok: true\nhex: 0x1f\n---\n"
    fast = parse_post(text, tmp_path / "p.md")
    assert dict(fast.meta) == {
        "title": "no",
        "weight": 12,
        "ratio": 1000.0,
        "clock": "1:30",
        "ok": True,
        "hex": 31,
    }
    fast.set("title", "No")  # now loaded by ruamel.yaml's round-trip loader
    assert {k: v for k, v in fast.meta.items() if k != "title"} == {
        k: v for k, v in parse_post(text, tmp_path / "p.md").meta.items() if k != "title"
    }


def test_duplicate_key_names_its_line(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\ntitle: a\ndate: 2026-01-01\ntitle: b\n---\n")
    assert error.line == 4
    assert "duplicate key 'title'" in error.message
    assert error.hint == "keep one of the two"


def test_missing_post(tmp_path: Path) -> None:
    with pytest.raises(PostError) as caught:
        load_post(tmp_path / "nope.md")
    assert "no such file" in str(caught.value)


def test_failed_write_leaves_the_post_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    post = load_post(path)
    post.set("title", "changed")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WorkspaceError) as caught:
        save_post(post)
    assert "No space left on device" in str(caught.value)
    assert path.read_text("utf-8") == POST
    assert not list(tmp_path.glob(".post.md.*"))  # no temporary file left


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    post = parse_post(POST, blocker / "posts" / "p.md")
    with pytest.raises(WorkspaceError) as caught:
        save_post(post)
    assert "cannot write" in caught.value.message


def test_a_bad_slug_gets_a_slug_to_copy(tmp_path: Path) -> None:
    error = error_of(tmp_path, b'---\ntitle: x\nslug: "Release notes: v2?"\n---\n')
    assert error.line == 3
    assert error.hint == "e.g. 'slug: release-notes-v2'"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of nine aliases stand for 9**9 tags in 500 bytes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append("tags: *a9")
    error = error_of(tmp_path, ("---\n" + "\n".join(lines) + "\n---\n").encode())
    assert "aliases" in error.message
    assert error.hint == "write the value out in full"


def test_dates_given_as_text_are_read(tmp_path: Path) -> None:
    text = "---\ndate: '2026-10-12 09:30'\nstarted_at: '2026-10-12'\nslug: 发布-v2.1\n---\n"
    post = parse_post(text, tmp_path / "p.md")
    assert post.date == dt.date(2026, 10, 12)
    assert post.slug == "发布-v2.1"


def test_a_file_name_that_is_not_a_slug_gives_a_safe_one(tmp_path: Path) -> None:
    assert parse_post("body\n", tmp_path / "My post? (draft).md").slug == "my-post-draft"


def test_a_leaf_bundle_takes_its_folder_name_as_slug(tmp_path: Path) -> None:
    assert parse_post("body\n", tmp_path / "posts" / "ci-speed" / "index.md").slug == "ci-speed"


@pytest.mark.parametrize("value", ["!!float abc", "{? [a, b]: x}"])
def test_a_value_python_cannot_hold_is_a_post_error(tmp_path: Path, value: str) -> None:
    error = error_of(tmp_path, f"---\ntitle: ok\nn: {value}\n---\n".encode())
    assert "front matter holds a value that cannot be read" in error.message


def test_lines_are_counted_as_markdown_counts_them(tmp_path: Path) -> None:
    """U+2028, U+0085 in the front matter are no line ends (issue 12, 24)."""
    text = "---\ntitle: 'a\u2028b\u0085c'\nlang: en\n---\nBody.\n"
    post = parse_post(text, tmp_path / "p.md")
    assert post.body_line == 5 and post.line_of("lang") == 3
    assert post.meta["title"].startswith("a")


def test_a_slug_made_from_a_long_chinese_title_fits_a_file_name(tmp_path: Path) -> None:
    from inpublic.workspace.front_matter import SLUG_MAX, is_slug, slugify

    slug = slugify("发版检查" * 40)
    assert is_slug(slug) and len(slug.encode("utf-8")) <= SLUG_MAX


def test_setting_a_key_changes_only_its_line(tmp_path: Path) -> None:
    """ship adds id: and sets draft: false. Every other byte stays, even where a dump of
    the whole mapping would rewrite a value (a float in exponent form loses a digit)."""
    text = (
        '---\ntitle: "Cache: wheels"   # the title\nbig: 4.297360864965053e+16\n'
        "draft: true\ntags:\n  - ci\n---\n\nBody.\n"
    )
    path = tmp_path / "p.md"
    path.write_text(text, "utf-8")
    post = load_post(path)
    post.set("id", "ab12")
    post.set("draft", False)
    assert post.text() == text.replace("draft: true", "draft: false").replace(
        "  - ci\n", "  - ci\nid: ab12\n"
    )
    post.set("tags", ["ci", "cache"])  # a value of several lines: the mapping is dumped
    assert "  - cache\n" in post.text() and "id: ab12" in post.text()
