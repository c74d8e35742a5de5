"""WeChat Official Account: one HTML fragment with inline styles only, and a preview page.

The editor drops <style>, classes, ids and scripts, collapses whitespace in code, and
makes external links unclickable; so styles are inlined, code whitespace is spelled out,
and external links become numbered references at the end.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from inpublic.channels._images import data_uri, image_findings, taken, upload_findings
from inpublic.channels._limits import over_limit
from inpublic.channels._plain import _URL_END, _address
from inpublic.channels.fit import fit, proposals, summary_sources, title_sources
from inpublic.channels.model import Artifact, ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import summary_text
from inpublic.config import WechatSettings

NAME = "wechat"
THEMES = ("default", "blue", "plain")  # built in; a workspace adds themes/wechat-NAME.css
WECHAT_HOSTS = ("mp.weixin.qq.com",)
LIST_STEP_EM = 1.6  # each level of a list indents by this much; its markers sit in it
SHORT_CELL = 12  # a table column no wider than this (a CJK character 2) does not wrap
ALLOWED_TAGS = {
    "section",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "span",
    "br",
    "sup",
    "sub",
    "img",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "hr",
    "i",
    "b",
    "u",
    "kbd",
    "mark",
}
ALLOWED_ATTRIBUTES = {
    "*": {"style"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width"},
}


@dataclass(frozen=True)
class Look:
    """What the article looks like: the theme's CSS with its variables filled in, and how
    code blocks are drawn."""

    theme: str
    css: str
    code_theme: str
    mac_code: bool


def render(context: RenderContext) -> ChannelOutput:
    findings: list[ChannelFinding] = image_findings(context, NAME)
    look = resolve_look(context, findings)
    footnotes = bool(context.options.get("footnotes", True))
    fragment = render_fragment(context, look, footnotes, findings)
    limits = context.limits
    title = fit(
        context, NAME, "title", context.post.title, title_sources(context), limits["title_max"]
    )
    from inpublic.channels._plain import spaced

    digest = fit(  # spaced as the article is
        context,
        NAME,
        "digest",
        spaced(context, summary_text(context)),
        [[spaced(context, piece) for piece in found] for found in summary_sources(context)],
        limits["digest_max"],
        glue="" if context.lang == "zh" else " ",
    )
    visible = visible_length(fragment)
    findings += over_limit(context, "title", title.length)
    findings += over_limit(context, "digest", digest.length, severity="warning")
    findings += over_limit(context, "content", visible, what="content-too-long")
    fragment = with_images(context, fragment, findings)
    from inpublic.channels._syntax import data as syntax_data

    preview = Template(
        resources.files(__package__).joinpath("templates/wechat-preview.html").read_text("utf-8")
    ).substitute(
        lang=context.lang,
        **syntax_data()["preview"]["zh" if context.lang == "zh" else "en"],
        title=html.escape(title.text),
        column=limits["column_px"],
        author=html.escape(context.config.profile.name),
        fragment=fragment,
    )
    return ChannelOutput(
        NAME,
        (
            Artifact("wechat.html", fragment + "\n"),
            Artifact("wechat.preview.html", preview),
            Artifact("wechat-title.txt", title.text + "\n"),
            Artifact("wechat-digest.txt", digest.text + "\n"),
        ),
        tuple(findings),
        f"wechat.html (theme {look.theme}, {visible} characters of text, "
        f"{len(fragment.encode())} bytes of HTML), wechat.preview.html",
        proposals(title, digest),
    )


def resolve_look(context: RenderContext, findings: list[ChannelFinding]) -> Look:
    """The [wechat] settings of inpublic.toml, each overridden by the post's
    ``channels.wechat`` (checked against the same schema); a value that does not fit, an
    unknown theme or code theme is a warning and the setting is not used."""
    from pygments.styles import get_all_styles

    settings = _settings(context, findings)
    theme, css = settings.theme, theme_text(settings.theme, context.root)
    if css is None:
        findings.append(
            ChannelFinding(
                "wechat.unknown-theme",
                "warning",
                f"unknown theme '{theme}'; used 'default'",
                f"themes: {', '.join(theme_names(context.root))} "
                "(a workspace adds themes/wechat-NAME.css)",
            )
        )
        theme, css = "default", theme_text("default", None) or ""
    code_theme = settings.code_theme
    if code_theme not in set(get_all_styles()):
        findings.append(
            ChannelFinding(
                "wechat.unknown-code-theme",
                "warning",
                f"code_theme '{code_theme}' is no Pygments style; used 'friendly'",
                "e.g. friendly, github-dark, monokai, one-dark, solarized-light, xcode",
            )
        )
        code_theme = "friendly"
    variables = {"--primary": settings.color} if settings.color else {}
    if settings.font_size:
        variables["--font-size"] = f"{settings.font_size}px"
    return Look(theme, fill_variables(css, variables), code_theme, settings.mac_code)


LOOK = ("theme", "color", "font_size", "code_theme", "mac_code")  # a post may override


def _settings(context: RenderContext, findings: list[ChannelFinding]) -> WechatSettings:
    import msgspec

    settings = context.config.wechat
    for key in LOOK:
        if context.options.get(key) is None:
            continue
        try:
            value = msgspec.convert({key: context.options[key]}, WechatSettings, strict=True)
        except msgspec.ValidationError as error:
            findings.append(
                ChannelFinding(
                    f"wechat.bad-{key.replace('_', '-')}",
                    "warning",
                    f"channels.wechat.{key}: {str(error).split(' - at ')[0].lower()}; "
                    f"used {msgspec.json.encode(getattr(settings, key)).decode()}",
                    "see the [wechat] settings in the README",
                )
            )
            continue
        settings = msgspec.structs.replace(settings, **{key: getattr(value, key)})
    return settings


_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?wechat-([\w-]+)\.css["']?\)?\s*;""")
_ROOT = re.compile(r":root\s*\{([^}]*)\}")
_VARIABLE = re.compile(r"(--[\w-]+)\s*:\s*([^;]+)")


def theme_names(root: Path | None) -> list[str]:
    found = {p.name[7:-4] for p in _user_themes(root).glob("wechat-*.css")} if root else set()
    return sorted(found | set(THEMES))


def _user_themes(root: Path) -> Path:
    return root / "themes"


def theme_text(name: str, root: Path | None, builtin: bool = False) -> str | None:
    """The CSS of a theme: the workspace's themes/wechat-NAME.css, else the built-in one;
    ``@import "wechat-OTHER.css";`` pulls in another theme once (a theme importing its own
    name gets the built-in one). None when there is no such theme."""
    return _theme_text(name, root, builtin, set())


def _theme_text(name: str, root: Path | None, builtin: bool, seen: set[str]) -> str | None:
    if not re.fullmatch(r"[\w-]+", name):
        return None
    text = None
    if root is not None and not builtin and name not in seen:
        path = _user_themes(root) / f"wechat-{name}.css"
        if path.is_file() and path.resolve().is_relative_to(root.resolve()):
            text = path.read_text("utf-8")
            seen.add(name)
    if text is None and name in THEMES and f"builtin:{name}" not in seen:
        text = resources.files(__package__).joinpath(f"themes/wechat-{name}.css").read_text("utf-8")
        builtin = True
        seen.add(f"builtin:{name}")
    if text is None:
        return None
    return _IMPORT.sub(lambda m: _theme_text(m.group(1), root, builtin, seen) or "", text)


def fill_variables(css: str, overrides: dict[str, str]) -> str:
    """Replace var(--x) by the value :root gives it (the last wins, then ``overrides``):
    the editor keeps no custom properties."""
    variables: dict[str, str] = {}
    for block in _ROOT.findall(css):
        variables.update((k, v.strip()) for k, v in _VARIABLE.findall(block))
    variables.update(overrides)
    css = _ROOT.sub("", css)
    return re.sub(r"var\((--[\w-]+)\)", lambda m: variables.get(m.group(1), m.group(0)), css)


def visible_length(fragment: str) -> int:
    """The characters a reader sees (what the editor's 字数 counts, as far as is known):
    the text without tags and without white space; an image counts nothing."""
    parser = _TextCounter(convert_charrefs=True)
    parser.feed(fragment)
    parser.close()
    return parser.count


class _TextCounter(HTMLParser):
    count = 0

    def handle_data(self, data: str) -> None:
        self.count += sum(not character.isspace() for character in data)


def render_fragment(
    context: RenderContext, look: Look, footnotes: bool, findings: list[ChannelFinding]
) -> str:
    from collections import Counter

    import css_inline
    import nh3

    from inpublic.channels import _html, _syntax
    from inpublic.channels._plain import spaced

    state: dict[str, Any] = {
        "dropped": Counter(),  # raw HTML tags left out, by name
        "note": None,  # the number of the footnote whose first paragraph opens next
        "refs": {},
        "open_links": [],
        "lists": [],
        "marker": None,
        "context": context,
        "findings": findings,
        "footnotes": footnotes,
        "look": look,
    }
    body = _html.render(context.document, context.lang, _RULES, state, plugins=False)
    findings += _syntax.dropped_findings(NAME, context.lang, state["dropped"])
    findings += _syntax.diagram_findings(context, NAME)
    refs = state["refs"]
    if refs:
        zh = context.lang == "zh"
        heading = "参考资料" if zh else "References"
        separator = "：" if zh else ": "
        lines = "".join(
            f'<p class="ref">[{number}] {html.escape(spaced(context, text))}{separator}'
            f"<i>{html.escape(url)}</i></p>"
            for url, (number, text) in refs.items()
        )
        body += f'<section class="refs"><h4 class="refs">{heading}</h4>{lines}</section>'
    styled = css_inline.inline_fragment(
        f'<section class="wechat lang-{context.lang}">{body}</section>', look.css
    )
    # Classes, ids, comments and anything the editor would drop go; inline styles stay.
    clean = nh3.clean(
        styled,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "data"},
        link_rel=None,
    )
    return _STYLE.sub(_compact_style, clean)


# a style attribute inside a tag (text never holds a raw '<')
_STYLE = re.compile(r'(<[a-z0-9]+\s[^>]*?style=")([^"]*)(")')


def _compact_style(match: re.Match[str]) -> str:
    """``color: #333;margin: 0 0 1em;`` -> ``color:#333;margin:0 0 1em``, a property set
    twice kept once (the last)."""
    declarations: dict[str, str] = {}
    for declaration in match.group(2).split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            declarations.pop(name.strip(), None)
            declarations[name.strip()] = value.strip()
    style = ";".join(f"{name}:{value}" for name, value in declarations.items())
    return match.group(1) + style + match.group(3)


# renderer rules: (tokens, index, options, env) -> html ------------------------------------


def _link_open(tokens, index, options, env) -> str:
    from inpublic.channels._plain import spaced

    token = tokens[index]
    href = str(token.attrs.get("href", ""))
    internal = any(host in href for host in WECHAT_HOSTS)
    if internal or not env["footnotes"] or href.startswith("#") or not href:
        env["open_links"].append(None)
        return f'<a href="{html.escape(href)}">' if internal or not href.startswith("#") else ""
    text = "".join(child.content for child in tokens[index + 1 : index + 2]) or href
    if token.markup == "linkify" and (cut := _URL_END.search(text)):
        # The autolinker took the Chinese after a bare address into it ('…/raw。见'): the
        # address ends there, shown once as text; the rest is text (see _text).
        env["open_links"].append(_WRITTEN)
        address, tail = text[: cut.start()], text[cut.start() :]
        tail = spaced(env["context"], tail)  # the Chinese text the linkifier took in
        return f'<span class="url">{html.escape(address)}</span>{html.escape(tail)}'
    if _address(href.removeprefix("mailto:")) == _address(text):  # shown once, not a ref
        env["open_links"].append("")
        return '<span class="url">'
    refs = env["refs"]
    if href not in refs:
        refs[href] = (len(refs) + 1, text)
    env["open_links"].append(refs[href][0])
    return ""


def _link_close(tokens, index, options, env) -> str:
    number = env["open_links"].pop() if env["open_links"] else None
    if number is None:
        return "</a>"
    if number == _WRITTEN:
        return ""
    return f'<sup class="ref">[{number}]</sup>' if number else "</span>"


# A bare address that _link_open has written whole, its text token and its close with it.
_WRITTEN = -1


def _text(tokens, index, options, env) -> str:
    """A text node, with CJK/Latin spacing (AutoCorrect) unless turned off; code, addresses
    and attributes are other tokens, and stay as written (a bare address _link_open wrote
    whole is not written again)."""
    if env["open_links"] and env["open_links"][-1] == _WRITTEN:
        return ""
    from markdown_it.common.utils import escapeHtml

    from inpublic.channels._plain import spaced

    return escapeHtml(spaced(env["context"], tokens[index].content))


def _code_inline(tokens, index, options, env) -> str:
    return f'<code class="inline">{html.escape(tokens[index].content)}</code>'


def _fence(tokens, index, options, env) -> str:
    from inpublic.channels._html import fence_language

    token = tokens[index]
    language = fence_language(token)
    look: Look = env["look"]
    code, background, color = highlight(token.content, language, look.code_theme)
    bar = '<span class="mac"></span>' if look.mac_code else ""  # three dots: one and shadows
    return (
        f'<pre class="code" style="background:{background};color:{color}">{bar}'
        f'<code class="block">{code}</code></pre>'
    )


def highlight(code: str, language: str, theme: str = "friendly") -> tuple[str, str, str]:
    """Pygments colours as inline styles, with the block's background and text colour;
    tabs, spaces and newlines spelled out for WeChat. Adjacent tokens of one style share a
    span, white space joins the span before it, and text in the block's colour has none."""
    from pygments.styles import get_style_by_name
    from pygments.token import Token

    from inpublic.channels._html import lexer

    style = get_style_by_name(theme)
    background = style.background_color or "#f6f8fa"
    color = "#" + (style.style_for_token(Token.Text)["color"] or _default_ink(background))
    runs: list[list[str]] = []  # [css, html]
    for token_type, value in lexer(language, ensurenl=False).get_tokens(code.rstrip("\n")):
        text = _spell_whitespace(value)
        if value.isspace() and runs:
            runs[-1][1] += text
            continue
        while not style.styles_token(token_type) and token_type.parent is not None:
            token_type = token_type.parent  # newer lexers emit types older styles lack
        spec = style.style_for_token(token_type)
        css = []
        if spec["color"] and f"#{spec['color']}" != color:
            css.append(f"color:#{spec['color']}")
        if spec["bold"]:
            css.append("font-weight:bold")
        if spec["italic"]:
            css.append("font-style:italic")
        if runs and runs[-1][0] == ";".join(css):
            runs[-1][1] += text
        else:
            runs.append([";".join(css), text])
    out = "".join(f'<span style="{css}">{text}</span>' if css else text for css, text in runs)
    return out, background, color


def _default_ink(background: str) -> str:
    """Dark text on a light block, light text on a dark one."""
    rgb = background.lstrip("#")
    rgb = "".join(c * 2 for c in rgb) if len(rgb) == 3 else rgb.ljust(6, "f")
    red, green, blue = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return "24292f" if 0.299 * red + 0.587 * green + 0.114 * blue > 128 else "f8f8f2"


def _spell_whitespace(text: str) -> str:
    text = html.escape(text.replace("\t", "    "), quote=False)
    return text.replace(" ", "&nbsp;").replace("\n", "<br/>")


def _list_open(tokens, index, options, env) -> str:
    """A list is sections with literal markers (the editor mangles <ul>, <ol> and nested
    lists): each item is indented by its marker's box, so that wrapped lines, later
    paragraphs and nested lists line up under the text."""
    token = tokens[index]
    start = int(token.attrs.get("start", 1) or 1)
    ordered = token.type == "ordered_list_open"
    items = 0
    for other in tokens[index + 1 :]:
        if other.level == token.level:
            break
        items += other.type == "list_item_open" and other.level == token.level + 1
    digits = len(str(start + items - 1)) if ordered else 1
    width = max(LIST_STEP_EM, round(0.6 * digits + 0.7, 1))
    env["lists"].append([ordered, start, width])
    return ""


def _list_close(tokens, index, options, env) -> str:
    env["lists"].pop()
    return ""


def _list_item_open(tokens, index, options, env) -> str:
    from inpublic.channels._syntax import data

    ordered, number, width = env["lists"][-1]
    marker = f"{number}." if ordered else ("•" if len(env["lists"]) % 2 else "◦")
    checked = tokens[index].meta.get("checked")
    if checked is not None:  # a task: its box is the marker (the editor drops <input>)
        marker = data()["task"]["checked" if checked else "open"]
    if ordered:
        env["lists"][-1][1] += 1
    env["marker"] = (marker, width)
    item = f'<section class="li" style="padding-left:{width}em">'
    if tokens[index + 1].type != "paragraph_open":  # a code block or a list comes first
        item += _first_line(env, True) + "</p>"
    return item


def _first_line(env, tight: bool) -> str:
    """The item's first line: its marker in a box hanging left of the text."""
    marker, width = env["marker"]
    env["marker"] = None
    return (
        f'<p class="{"tight" if tight else "loose"}" style="text-indent:-{width}em">'
        f'<span class="marker" style="width:{width}em">{marker}&nbsp;</span>'
    )


def _list_item_close(tokens, index, options, env) -> str:
    return "</section>"


def _paragraph_open(tokens, index, options, env) -> str:
    if env["note"]:  # a footnote's first paragraph starts with its number
        number, env["note"] = env["note"], None
        return f'<p class="note"><span class="note-number">{number}.</span>&nbsp;'
    if env["marker"]:
        return _first_line(env, tokens[index].hidden)
    if tokens[index].hidden:  # a tight list's later paragraph
        return '<p class="tight">'
    if _lone_image(tokens[index + 1]) is not None and not env["lists"]:
        return "<figure>"
    return "<p>"


def _paragraph_close(tokens, index, options, env) -> str:
    image = _lone_image(tokens[index - 1])
    if image is not None and not env["lists"]:
        caption = image.content.strip()
        return (
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
            if caption
            else ("</figure>")
        )
    return "</p>"


def _lone_image(inline):
    """The image a paragraph holds alone (a figure, captioned by its alt text), or None."""
    children = [
        child
        for child in inline.children or ()
        if child.type not in ("softbreak", "text") or child.content.strip()
    ]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def _image(tokens, index, options, env) -> str:
    """Local images by their file name (with_images puts the image itself in its place),
    as wide as the file or the column, whichever is less, with the height following the
    width (``height:auto``) so that a phone keeps the aspect ratio; refused ones were
    reported once, in render()."""
    from inpublic.channels._images import by_address

    token = tokens[index]
    src = str(token.attrs.get("src", ""))
    alt = html.escape(token.content)
    size = ""
    image = by_address(env["context"].images, src)
    if image is not None:
        src = image.name
        if image.source is not None:
            shown = min(image.size[0], env["context"].limits["column_px"])
            size = f' style="width:{shown}px;height:auto"'
    return f'<img src="{html.escape(src)}" alt="{alt}"{size}>'


_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


def with_images(context: RenderContext, fragment: str, findings: list[ChannelFinding]) -> str:
    """The fragment with each local image (named by its file name, or a raw ``<img>`` by its
    address) replaced by its address
    on WeChat's servers when it was uploaded (now, with ``--upload-images``, or before),
    else by the image itself, a ``data:`` URI scaled down for the column, so that the
    preview and its Copy button show it; each one not uploaded gets a finding."""
    from inpublic.channels import wechat_upload

    images = taken(context.images)
    if not images:
        return fragment
    state = (context.root or context.post.path.parent) / ".inpublic"
    settings, limits = context.config.wechat, context.limits
    if context.upload_images:
        urls = wechat_upload.upload(
            context.images, settings, state, context.lang, limits["upload_max_bytes"]
        )
    else:
        urls = wechat_upload.cached_urls(context.images, settings, state)
    findings += upload_findings(context, NAME, skip=frozenset(urls))
    by_name = {
        image.name: html.escape(
            urls.get(image.name)
            or data_uri(image, 2 * limits["column_px"], limits["embed_max_bytes"])
        )
        for image in images
    }
    sources = {html.escape(name): value for name, value in by_name.items()}
    for image in context.images:  # a raw <img> keeps its address as written: found by it
        if image.name in by_name:
            sources.setdefault(html.escape(image.src), by_name[image.name])

    def replaced(match: re.Match[str]) -> str:
        return match.group(1) + sources.get(match.group(2), match.group(2)) + match.group(3)

    return _IMG_SRC.sub(replaced, fragment)


def _html(tokens, index, options, env) -> str:
    """Raw HTML the editor keeps (see ``_html.raw_html``): what is left out is counted by
    tag, for one finding per tag."""
    from inpublic.channels._html import raw_html

    return raw_html(tokens[index], ALLOWED_TAGS, env["dropped"], ALLOWED_ATTRIBUTES)


def _softbreak(tokens, index, options, env) -> str:
    """A line break inside a paragraph: a space between Latin words, nothing between CJK."""
    from inpublic.document._sentences import is_cjk

    before = tokens[index - 1].content[-1:] if index else ""
    after = tokens[index + 1].content[:1] if index + 1 < len(tokens) else ""
    return "" if is_cjk(before or " ") or is_cjk(after or " ") else " "


def _table_open(tokens, index, options, env) -> str:
    """A table fills the column and scrolls when wider; a column whose cells are all short
    (numbers with their unit, a word) is kept on one line, so the long ones take the rest."""
    from unicodedata import east_asian_width

    widths: dict[int, int] = {}
    column = 0
    for token in tokens[index + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            column = 0
        elif token.type in ("th_open", "td_open"):
            column += 1
        elif token.type == "inline":
            width = sum(2 if east_asian_width(c) in "WF" else 1 for c in token.content)
            widths[column] = max(widths.get(column, 0), width)
    env["short_columns"] = {column for column, width in widths.items() if width <= SHORT_CELL}
    return '<section class="table"><table>'


def _row_open(tokens, index, options, env) -> str:
    env["column"] = 0
    return "<tr>"


def _cell_open(tokens, index, options, env) -> str:
    token = tokens[index]
    env["column"] += 1
    styles = [str(token.attrs["style"])] if token.attrs.get("style") else []
    if env["column"] in env["short_columns"]:
        styles.append("white-space:nowrap")
    style = f' style="{";".join(styles)}"' if styles else ""
    return f"<{token.tag}{style}>"


def _table_close(tokens, index, options, env) -> str:
    return "</table></section>"


def _footnote_ref(tokens, index, options, env) -> str:
    return f'<sup class="fn">{tokens[index].meta["id"] + 1}</sup>'


def _footnote_block_open(tokens, index, options, env) -> str:
    from inpublic.channels._syntax import words

    heading = words("headings", "notes", env["context"].lang)
    return f'<section class="notes"><h4 class="notes">{heading}</h4>'


def _footnote_open(tokens, index, options, env) -> str:
    env["note"] = tokens[index].meta["id"] + 1
    return '<section class="note">'


def _section_close(tokens, index, options, env) -> str:
    return "</section>"


def _nothing(tokens, index, options, env) -> str:
    return ""


def _alert_open(tokens, index, options, env) -> str:
    kind = str(tokens[index].meta.get("kind", "NOTE")).lower()
    return f'<section class="alert alert-{kind}">'


def _alert_title_open(tokens, index, options, env) -> str:
    return '<p class="alert-title">'


def _math(tokens, index, options, env) -> str:
    """A formula as a PNG image (the editor keeps neither SVG nor MathML); TeX that
    mathtext cannot draw stays as code, with a finding."""
    from inpublic.channels._html import math
    from inpublic.channels._syntax import finding

    token = tokens[index]
    drawn, display, code = math(token)
    if drawn is not None:
        image = drawn.img(display)
        return f'<section class="math">{image}</section>' if display else image
    context = env["context"]
    line = token.map[0] + context.post.body_line if token.map else context.post.body_line
    env["findings"].append(
        finding(NAME, context.lang, "math", "warning", line=line, tex=token.content.strip()[:40])
    )
    return (
        f'<pre class="code"><code class="block">{code}</code></pre>'
        if display
        else (f'<code class="inline">{code}</code>')
    )


def _toc(tokens, index, options, env) -> str:
    """[TOC]: the headings as a list (the editor makes no links inside an article)."""
    from inpublic.channels._html import toc
    from inpublic.channels._syntax import words

    lines = "".join(
        f'<p class="toc" style="padding-left:{depth}em">{title}</p>'
        for depth, title, _ in toc(tokens[index])
    )
    if not lines:
        return ""
    heading = words("headings", "contents", env["context"].lang)
    return f'<section class="toc"><p class="toc-title">{heading}</p>{lines}</section>'


_RULES: dict[str, Any] = {  # markdown-it's renderer rules, by token type
    "footnote_ref": _footnote_ref,
    "footnote_block_open": _footnote_block_open,
    "footnote_block_close": _section_close,
    "footnote_open": _footnote_open,
    "footnote_close": _section_close,
    "footnote_anchor": _nothing,
    "alert_open": _alert_open,
    "alert_close": _section_close,
    "alert_title_open": _alert_title_open,
    "math_inline": _math,
    "math_block": _math,
    "math_block_label": _math,
    "toc": _toc,
    "link_open": _link_open,
    "link_close": _link_close,
    "text": _text,
    "code_inline": _code_inline,
    "fence": _fence,
    "code_block": _fence,
    "bullet_list_open": _list_open,
    "ordered_list_open": _list_open,
    "bullet_list_close": _list_close,
    "ordered_list_close": _list_close,
    "list_item_open": _list_item_open,
    "list_item_close": _list_item_close,
    "paragraph_open": _paragraph_open,
    "paragraph_close": _paragraph_close,
    "image": _image,
    "html_block": _html,
    "html_inline": _html,
    "softbreak": _softbreak,
    "table_open": _table_open,
    "table_close": _table_close,
    "tr_open": _row_open,
    "th_open": _cell_open,
    "td_open": _cell_open,
}
