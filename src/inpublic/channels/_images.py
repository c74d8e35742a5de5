"""The post's local images: found, checked, and given a plain file name for the outputs.

An image is taken only from inside the workspace (a symbolic link is followed, and must
end inside it too), only when Pillow reads it as a web image, and it is named by its file
name alone, so that outputs hold no paths: ``../img/chart.png`` and
``/home/me/Pictures/chart.png`` both become ``chart.png`` (``chart-2.png`` for a second
file of that name).
"""

from __future__ import annotations

import bisect
import os
import re
import tomllib
import warnings
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The formats published, with their file suffixes: an image is published under a name that
# ends in one, so that no server or browser takes it for a page (a PNG named x.html),
# and so that it can never be the page beside it (index.md, index.html).
SUFFIXES = {
    "PNG": (".png",),
    "JPEG": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "GIF": (".gif",),
    "WEBP": (".webp",),
    "AVIF": (".avif",),
    "BMP": (".bmp",),
    "ICO": (".ico",),
}
WEB_FORMATS = tuple(SUFFIXES)
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class LocalImage:
    """An image address in the post that names a file, and what became of it."""

    src: str  # the address as the Markdown parser normalised it (percent-encoded)
    name: str  # the plain file name the outputs use instead of the address
    source: Path | None = None  # the checked file; None when it was refused
    size: tuple[int, int] = (0, 0)  # width, height in pixels
    format: str = ""  # Pillow's name for it: PNG, JPEG…
    kind: str = ""  # why it was refused: missing-image, image-outside-workspace, not-an-image
    problem: str = ""  # in English (the site's build log)
    hint: str = ""
    reason: str = ""  # the key of the message in images.toml
    values: tuple[tuple[str, str], ...] = ()  # and its values

    @property
    def shown(self) -> str:
        """The address as the writer wrote it (``images/截屏 1.png``), for messages."""
        return unquote(self.src)

    def problem_in(self, lang: str) -> tuple[str, str]:
        """Why the image was refused, and what to do, in ``lang``."""
        values = {"shown": self.shown, **dict(self.values)}
        return message(lang, self.reason, **values), message(lang, f"{self.reason}-hint", **values)


def local_images(
    post_path: Path, document, root: Path, extra: tuple[str, ...] = ()
) -> tuple[LocalImage, ...]:
    """Every local image of the post at ``post_path`` in a workspace at ``root``, then those
    of the ``extra`` addresses (a front-matter cover), named so that no two files share a
    name."""
    root = Path(root).resolve()
    taken: dict[str, object] = {}  # lower-case name -> the file (or address) that has it
    found: list[LocalImage] = []
    for src in dict.fromkeys([*_addresses(document), *extra]):
        candidate = local_path(src, post_path)
        if candidate is None:
            continue  # on the web, or a site address such as /images/x.png
        image = _check(src, candidate, root)
        key: object = image.source or src
        name = _safe_name(Path(os.path.normpath(candidate)).name)
        if image.format and not name.lower().endswith(SUFFIXES[image.format]):
            name += SUFFIXES[image.format][0]
        name = _unique(name, key, taken)
        found.append(replace(image, name=name))
    return tuple(found)


def _addresses(document) -> list[str]:
    """The image addresses of the post: Markdown images (as the parser normalised them),
    then the ``src`` of raw HTML ``<img>`` tags (as written, entities decoded)."""
    found = []
    for block in document.blocks:
        if block.kind == "html":
            found += html_sources(block.text)
        for inline in block.inlines:
            for span in inline.spans:
                if span.kind == "image" and span.href:
                    found.append(span.href)
                elif span.kind == "html":
                    found += html_sources(inline.text[span.start : span.end])
    return list(dict.fromkeys(found))


def html_sources(raw: str) -> list[str]:
    """The ``src`` of every ``<img>`` in a piece of raw HTML (comments skipped)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img":
                found.extend(value for name, value in attrs if name == "src" and value)

        handle_startendtag = handle_starttag

    parser = Images(convert_charrefs=True)
    parser.feed(raw)
    parser.close()
    return found


def by_address(images: tuple[LocalImage, ...], src: str) -> LocalImage | None:
    """The local image at ``src``: a Markdown image's normalised address, or a raw
    ``<img>``'s as written."""
    return next((image for image in images if image.src == src), None)


def local_path(src: str, post_path: Path) -> Path | None:
    """The file an image address names, or None when it names none: the one test of what a
    local image is, for every channel and the site. Percent-encoding is decoded
    (``images/%E6%9E%B6.png`` is ``images/架.png``). Not local: ``data:`` URIs, any
    ``scheme:`` (``https://…``), ``//host/x.png``, and an absolute path that is no file on
    this computer (``/images/logo.png``, an address on the site)."""
    parts = urlsplit(src)
    if parts.netloc or len(parts.scheme) > 1:  # https://…, //host/…, data:…; not C:/…
        return None
    text = unquote(parts.path)
    if not text or "\0" in text:
        return None
    if text.startswith("/"):
        # A file on this computer (as Typora and Obsidian write them), else a site address.
        return Path(text) if os.path.lexists(text) else None
    return post_path.absolute().parent / text


def _check(src: str, candidate: Path, root: Path) -> LocalImage:
    try:
        resolved: Path | None = candidate.resolve()
    except (OSError, RuntimeError):  # a name too long, a symbolic-link loop: no such file
        resolved = None
    if resolved is not None and not resolved.is_relative_to(root):
        lexical = Path(os.path.normpath(candidate))
        reason = "link-outside" if lexical.is_relative_to(root) else "outside"
        return _refused(src, "image-outside-workspace", reason)
    if resolved is None or not resolved.is_file():
        where = Path(os.path.normpath(candidate))
        where = where.relative_to(root) if where.is_relative_to(root) else where
        return _refused(src, "missing-image", "missing", where=str(where))
    size, kind, reason, values = read_image(resolved)
    if reason:
        return _refused(src, "not-an-image", reason, **values)
    return LocalImage(src, "", source=resolved, size=size, format=kind)


def _refused(src: str, kind: str, reason: str, **values: str) -> LocalImage:
    """A refused image; its problem and hint in English, and what makes them in any
    language (``problem_in``)."""
    image = LocalImage(src, "", kind=kind, reason=reason, values=tuple(values.items()))
    problem, hint = image.problem_in("en")
    return replace(image, problem=problem, hint=hint)


def read_image(path: Path) -> tuple[tuple[int, int], str, str, dict[str, str]]:
    """(width, height) and the format; or, when the file is not an image to publish, the
    reason (a key of images.toml: too-large-image, not-an-image, damaged-image) and the
    values of its message."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=WEB_FORMATS) as image:
                size, kind = image.size, str(image.format)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = str((Image.MAX_IMAGE_PIXELS or 0) // 1_000_000)
        return (0, 0), "", "too-large-image", {"count": _megapixels(path), "limit": limit}
    except Image.UnidentifiedImageError:
        return (0, 0), "", "not-an-image", {"formats": ", ".join(WEB_FORMATS)}
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        return (0, 0), "", "damaged-image", {"error": str(exc)}
    return size, kind, "", {}


def _megapixels(path: Path) -> str:
    """The image's megapixels, read without Pillow's limit ('?' when it cannot be read)."""
    from PIL import Image

    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(path, formats=WEB_FORMATS) as image:
            width, height = image.size
        return str(width * height // 1_000_000)
    except Exception:  # noqa: BLE001
        return "?"
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _safe_name(name: str) -> str:
    return _UNSAFE_NAME.sub("-", name).strip(".-") or "image"


def _unique(name: str, key: object, taken: dict[str, object]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    number = 1
    while True:
        lower = name.lower()
        if taken.get(lower, key) == key:
            taken[lower] = key
            return name
        number += 1
        name = f"{stem}-{number}{dot}{suffix}"


def image_findings(context, channel: str, images: tuple[LocalImage, ...] | None = None) -> list:
    """A warning (a ChannelFinding) for each local image (of the post, or ``images``) that
    was refused: missing, outside the workspace, or not an image."""
    from inpublic.channels.model import ChannelFinding

    found = []
    for image in context.images if images is None else images:
        if image.problem:
            problem, hint = image.problem_in(context.lang)
            rest = message(context.lang, "rest-rendered")
            found.append(ChannelFinding(f"{channel}.{image.kind}", "warning", problem, hint + rest))
    return found


def upload_findings(context, channel: str, skip: frozenset[str] = frozenset()) -> list:
    """A suggestion for each local image that was taken (but those named in ``skip``,
    uploaded already): the platform cannot read files from this computer, so the writer
    uploads it; the same words for every channel that needs it (zhihu, wechat)."""
    from inpublic.channels.model import ChannelFinding

    lang = context.lang
    return [
        ChannelFinding(
            f"{channel}.upload-image",
            "suggestion",
            message(
                lang,
                "upload-image",
                name=image.name,
                shown=image.shown,
                channel=message(lang, channel),
            ),
            message(lang, f"{channel}-upload"),
        )
        for image in taken(context.images)
        if image.name not in skip
    ]


@cache
def _messages() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("images.toml").read_text("utf-8")
    return tomllib.loads(text)


def message(lang: str, key: str, **values: object) -> str:
    """The message ``key`` of images.toml in ``lang`` (zh or en), filled in."""
    return _messages()["zh" if lang == "zh" else "en"][key].format(**values)


def taken(images: tuple[LocalImage, ...]) -> list[LocalImage]:
    """The images that were taken, one per name (an image used twice is one file)."""
    return list(dict((i.name, i) for i in images if i.source).values())


# the Markdown, with each image address replaced by its name -------------------------------

# "](" before an inline address, or "[label]:" at the start of a line before a reference's.
_ADDRESS = re.compile(
    r"(\]\(|^[ ]{0,3}\[(?:[^\]\\\n]|\\.)+\]:)([ \t]*\n?[ \t]*)"
    r"(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)",
    re.M,
)


# the src of a raw <img>: quoted or not
_HTML_SRC = re.compile(r"""(<img\b[^>]*?\ssrc\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)""", re.I)


def with_names(body: str, document, images: tuple[LocalImage, ...]) -> str:
    """The body with every local image address (inline, a reference definition, or a raw
    ``<img>``'s ``src``) replaced by the image's name; code blocks are left as they are."""
    import html

    from markdown_it.common.utils import unescapeAll

    from inpublic.document import markdown

    names = {image.src: image.name for image in images}
    if not names:
        return body
    md = markdown()
    skipped = [
        (token.map[0], token.map[1])
        for token in document.tokens
        if token.type in ("fence", "code_block", "html_block") and token.map
    ]
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", body)]

    def rename(match: re.Match[str]) -> str:
        line = bisect.bisect_right(starts, match.start(3)) - 1
        if any(first <= line < last for first, last in skipped):
            return match.group(0)
        raw = match.group(3)
        if raw.startswith("<"):
            raw = raw[1:-1]
        name = names.get(md.normalizeLink(unescapeAll(raw)))
        return match.group(1) + match.group(2) + name if name else match.group(0)

    def rename_html(match: re.Match[str]) -> str:
        line = bisect.bisect_right(starts, match.start(2)) - 1
        if any(first <= line < last for first, last in code):
            return match.group(0)
        value = match.group(2)
        quote = value[0] if value[0] in "\"'" else '"'
        name = names.get(html.unescape(value.strip("\"'")))
        return f"{match.group(1)}{quote}{name}{quote}" if name else match.group(0)

    code = [
        (token.map[0], token.map[1])
        for token in document.tokens
        if token.type in ("fence", "code_block") and token.map
    ]
    return _HTML_SRC.sub(rename_html, _ADDRESS.sub(rename, body))


# an image's bytes for a platform that takes them inline or by upload -----------------------

_MIME = {"PNG": "image/png", "JPEG": "image/jpeg"}


def fitted(image: LocalImage, max_width: int, max_bytes: int) -> tuple[bytes, str]:
    """The image's bytes and MIME type as a PNG or JPEG at most ``max_width`` pixels wide and
    ``max_bytes`` long: the file itself when it already is, else scaled down (keeping its
    aspect ratio) and saved again, PNG when it has transparency, else JPEG."""
    import io

    from PIL import Image

    assert image.source is not None
    data = image.source.read_bytes()
    if image.format in _MIME and image.size[0] <= max_width and len(data) <= max_bytes:
        return data, _MIME[image.format]
    with Image.open(image.source, formats=WEB_FORMATS) as opened:
        opened.seek(0)  # an animation: its first frame
        clear = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
        picture = opened.convert("RGBA" if clear else "RGB")
    width = min(picture.width, max_width)
    while True:
        height = max(1, round(picture.height * width / picture.width))
        scaled = picture.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        if clear:
            scaled.save(buffer, "PNG", optimize=True)
        else:
            scaled.save(buffer, "JPEG", quality=85, optimize=True)
        if buffer.tell() <= max_bytes or width <= 64:
            return buffer.getvalue(), "image/png" if clear else "image/jpeg"
        width = max(64, round(width * 0.75))


def data_uri(image: LocalImage, max_width: int, max_bytes: int) -> str:
    """The image as a ``data:`` URI, scaled down as ``fitted`` does."""
    import base64

    data, mime = fitted(image, max_width, max_bytes)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
