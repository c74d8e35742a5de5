"""A post's Document as web HTML through the HTML base renderer it shares with WeChat
(channels/_html.py: the token stream, sanitised raw HTML, lexers, local images); what is
the site's own is here: highlighting by class, heading anchors, images copied beside the
page, [TOC] as links."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inpublic.document import Document

MAX_IMAGE_WIDTH = 1200
SAFE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "video",
    "source",
}


@dataclass
class Rendered:
    html: str
    warnings: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # files written beside the page
    code: dict[str, str] = field(default_factory=dict)  # code block key -> highlighted HTML


@cache
def pygments_css() -> str:
    from pygments.formatters import HtmlFormatter

    light = HtmlFormatter(style="friendly").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai").get_style_defs(".highlight")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


def render_document(
    document: Document,
    post_path: Path,
    page_dir: Path,
    highlighted: dict[str, str] | None = None,
    root: Path | None = None,
) -> Rendered:
    """HTML for the post body; local images are copied (and shrunk) into ``page_dir``,
    by name, when they are images inside the workspace at ``root`` (see channels._images).

    ``highlighted`` is ``Rendered.code`` from an earlier render of the post: a code block
    whose language and text are unchanged is not highlighted again.
    """
    from collections import Counter

    from inpublic.channels import _html
    from inpublic.channels._images import local_images

    result = Rendered("")
    dropped: Counter[str] = Counter()  # raw HTML tags left out, by name
    state: dict[str, Any] = {
        "anchors": [s.anchor for s in document.sections],
        "heading": 0,
        "images": {i.src: i for i in local_images(post_path, document, root or post_path.parent)},
        "page_dir": page_dir,
        "copied": {},  # name -> size of the images copied beside the page
        "result": result,
        "highlighted": highlighted or {},
        "dropped": dropped,
    }
    result.html = _html.render(document, document.lang, _RULES, state)
    result.warnings += [f"raw HTML <{tag}> left out ({count}×)" for tag, count in dropped.items()]
    return result


def _heading_open(tokens, index, options, env) -> str:
    token = tokens[index]
    anchors = env["anchors"]
    anchor = anchors[env["heading"]] if env["heading"] < len(anchors) else ""
    env["heading"] += 1
    return f'<{token.tag} id="{html.escape(anchor)}">' if anchor else f"<{token.tag}>"


@cache
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(cssclass="highlight")  # building one costs more than highlighting


def _fence(tokens, index, options, env) -> str:
    from inpublic.channels._html import fence_language, lexer

    token = tokens[index]
    language = fence_language(token).lower()
    key = hashlib.blake2b(f"{language}\n{token.content}".encode(), digest_size=12).hexdigest()
    code = env["highlighted"].get(key)
    if code is None:  # Pygments is loaded only for code it has not highlighted before
        from pygments import highlight

        code = highlight(token.content, lexer(language), _formatter())
    env["result"].code[key] = code
    return code


def _image(tokens, index, options, env) -> str:
    token = tokens[index]
    src = str(token.attrs.get("src", ""))
    alt = html.escape(token.content)
    title = token.attrs.get("title")
    extra = f' title="{html.escape(str(title))}"' if title else ""
    if env["images"].get(src) is None:  # on the web, or on the site such as /images/logo.png
        return f'<img src="{html.escape(src)}" alt="{alt}"{extra} loading="lazy">'
    published = _published(src, env)
    if published is None:
        return f'<img alt="{alt}"{extra}>'
    name, (width, height) = published
    return (
        f'<img src="{html.escape(name)}" alt="{alt}"{extra} width="{width}" '
        f'height="{height}" loading="lazy">'
    )


def _published(src: str, env) -> tuple[str, tuple[int, int]] | None:
    """The name and size of the local image at ``src`` once copied beside the page; None
    (with a warning) when it was refused: missing, outside the workspace, not an image."""
    image = env["images"][src]
    result: Rendered = env["result"]
    if image.problem:  # no path of this computer is published
        result.warnings.append(f"{image.problem} ({image.hint})")
        return None
    size = env["copied"].get(image.name)
    if size is None:
        size = _copy_image(image.source, env["page_dir"] / image.name)
        if size is None:
            result.warnings.append(f"{src} could not be read again as an image: not copied")
            return None
        env["copied"][image.name] = size
        result.images.append(image.name)
    return image.name, size


def _copy_image(source: Path, target: Path) -> tuple[int, int] | None:
    """Copy an image beside the page, shrunk to at most MAX_IMAGE_WIDTH pixels wide; None
    when the file is not an image. A failed write (a full disk) is a WorkspaceError."""
    from PIL import Image

    from inpublic.errors import WorkspaceError

    shrunk = None
    try:
        with Image.open(source) as image:
            width, height = image.size
            if width > MAX_IMAGE_WIDTH:
                height = round(height * MAX_IMAGE_WIDTH / width)
                width = MAX_IMAGE_WIDTH
                shrunk = image.resize((width, height))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if shrunk is None:
            shutil.copyfile(source, target)
        else:
            shrunk.save(target)
    except OSError as exc:
        target.unlink(missing_ok=True)  # no half-written image
        raise WorkspaceError(
            f"cannot write the image: {exc.strerror}",
            path=target,
            hint="free some space or choose another --out folder",
        ) from None
    return width, height


def _raw_html(tokens, index, options, env) -> str:
    """Raw HTML sanitised (see ``_html.raw_html``); HTML that runs code is a warning of its
    own; a raw <img>'s local file is copied like a Markdown image's and named as it is."""
    from collections import Counter

    from inpublic.channels._html import active_html, raw_html

    raw = tokens[index].content
    if raw.lstrip().startswith("<!--"):
        return ""
    active = active_html(raw)
    if active:
        env["result"].warnings.append(f"unsafe HTML removed: {' '.join(raw.split())[:60]}")

    def local(tag: str, attribute: str, value: str) -> str | None:
        if tag != "img" or attribute != "src" or value not in env["images"]:
            return value
        published = _published(value, env)
        return published[0] if published else None

    dropped = Counter[str]() if active else env["dropped"]  # the warning above says it
    return raw_html(tokens[index], SAFE_TAGS, dropped, attribute_filter=local, count_blocks=False)


def _link_open(tokens, index, options, env) -> str:
    token = tokens[index]
    href = str(token.attrs.get("href", ""))
    rel = ' rel="noopener"' if href.startswith(("http://", "https://")) else ""
    title = token.attrs.get("title")
    extra = f' title="{html.escape(str(title))}"' if title else ""
    return f'<a href="{html.escape(href)}"{extra}{rel}>'


def _math(tokens, index, options, env) -> str:
    """A formula as a PNG in the page (a data: URI: no JavaScript, no MathML fonts to rely
    on, no file that could pass for the page's picture);
    TeX mathtext cannot draw stays as code, with a warning."""
    from inpublic.channels._html import math

    drawn, display, code = math(tokens[index])
    if drawn is None:
        env["result"].warnings.append(f"formula kept as TeX: {tokens[index].content.strip()[:60]}")
        return f"<pre><code>{code}</code></pre>\n" if display else f"<code>{code}</code>"
    style = "" if display else f' style="vertical-align:-{drawn.depth:.0f}px"'
    image = (
        f'<img class="math" src="{drawn.data_uri}" alt="{html.escape(drawn.tex)}" '
        f'width="{drawn.width:.0f}" height="{drawn.height:.0f}"{style}>'
    )
    return f'<p class="math">{image}</p>\n' if display else image


def _toc(tokens, index, options, env) -> str:
    """[TOC]: the headings as nested links to their anchors."""
    from inpublic.channels._html import toc

    items = "".join(
        f'<li style="margin-left:{depth}em"><a href="#{anchor}">{title}</a></li>'
        for depth, title, anchor in toc(tokens[index])
    )
    return f'<nav class="toc"><ul>{items}</ul></nav>\n' if items else ""


_RULES: dict[str, Any] = {  # markdown-it's renderer rules, by token type
    "math_inline": _math,
    "math_block": _math,
    "math_block_label": _math,
    "toc": _toc,
    "heading_open": _heading_open,
    "fence": _fence,
    "code_block": _fence,
    "image": _image,
    "html_block": _raw_html,
    "html_inline": _raw_html,
    "link_open": _link_open,
}


# What XML 1.0 allows: tab, newline, carriage return and the characters from U+0020 on,
# but the surrogates and U+FFFE, U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINK_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = {"http", "https", "mailto"}


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (control characters): one
    of them makes a whole feed or sitemap unreadable to an XML parser."""
    return _NOT_XML.sub("", text)


def json_in_html(data: Any) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` are written as ``\\u003c``,
    ``\\u003e`` and ``\\u0026``, so that no ``</script>`` or ``<!--`` in user text can end
    the element early or make the browser read the rest of the page as script."""
    from jinja2.utils import htmlsafe_json_dumps

    return str(htmlsafe_json_dumps(data, ensure_ascii=False))


def safe_link(href: str) -> str | None:
    """``href`` as a browser reads it (tabs and newlines taken out, spaces and controls
    stripped from its ends) when it is an http(s), mailto or relative link; None for any
    other scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``)."""
    link = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(33))))
    scheme = _LINK_SCHEME.match(link)
    return None if scheme and scheme.group(1).lower() not in LINK_SCHEMES else link


def absolute_url(base: str, path: str) -> str:
    """The URL of the site's page ``path`` (e.g. 'tags/自动化/'): percent-encoded as
    RFC 3986 requires of the URLs in feeds and sitemaps."""
    from urllib.parse import quote

    return f"{base}/{quote(path, safe='/')}"
