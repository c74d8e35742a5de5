"""WeChat Official Account: one HTML fragment with inline styles only, and a preview page.

The editor drops <style>, classes, ids and scripts, collapses whitespace in code, and
makes external links unclickable; so styles are inlined, code whitespace is spelled out,
and external links become numbered references at the end.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from inpublic.channels._images import data_uri, image_findings, taken, upload_findings
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import summary_text

NAME = "wechat"
THEMES = ("default", "blue", "plain")
WECHAT_HOSTS = ("mp.weixin.qq.com",)
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
}
ALLOWED_ATTRIBUTES = {
    "*": {"style"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width"},
}


@cache
def theme_css(name: str) -> str:
    return resources.files(__package__).joinpath(f"themes/wechat-{name}.css").read_text("utf-8")


def render(context: RenderContext) -> ChannelOutput:
    findings: list[ChannelFinding] = image_findings(context, NAME)
    theme = str(context.options.get("theme", "default"))
    if theme not in THEMES:
        findings.append(
            ChannelFinding(
                "wechat.unknown-theme",
                "warning",
                f"unknown theme '{theme}'; used 'default'",
                f"themes: {', '.join(THEMES)}",
            )
        )
        theme = "default"
    footnotes = bool(context.options.get("footnotes", True))
    fragment = render_fragment(context, theme, footnotes, findings)
    limits = context.limits
    title = context.title
    if len(title) > limits["title_max"]:
        findings.append(
            ChannelFinding(
                "wechat.title-too-long",
                "error",
                f"the title has {len(title)} characters; WeChat takes {limits['title_max']}",
                "set channels.wechat.title in the front matter",
            )
        )
    digest = str(context.options.get("digest") or summary_text(context))
    if len(digest) > limits["digest_max"]:
        findings.append(
            ChannelFinding(
                "wechat.digest-too-long",
                "warning",
                f"the digest has {len(digest)} characters; WeChat takes {limits['digest_max']}",
                "set channels.wechat.digest in the front matter",
            )
        )
    if len(fragment) > limits["content_max"]:
        findings.append(
            ChannelFinding(
                "wechat.content-too-long",
                "error",
                f"the article is {len(fragment)} characters of HTML; WeChat takes "
                f"{limits['content_max']}",
                "split it into two posts",
            )
        )
    fragment = with_images(context, fragment, findings)
    fragment_path = context.write("wechat.html", fragment + "\n")
    preview = Template(
        resources.files(__package__).joinpath("templates/wechat-preview.html").read_text("utf-8")
    ).substitute(
        lang=context.lang,
        title=html.escape(title),
        column=limits["column_px"],
        author=html.escape(context.config.profile.name),
        fragment=fragment,
    )
    preview_path = context.write("wechat.preview.html", preview)
    digest_path = context.write("wechat-digest.txt", digest + "\n")
    return ChannelOutput(
        NAME,
        (fragment_path, preview_path, digest_path),
        tuple(findings),
        f"wechat.html (theme {theme}), wechat.preview.html",
    )


def render_fragment(
    context: RenderContext, theme: str, footnotes: bool, findings: list[ChannelFinding]
) -> str:
    import css_inline
    import nh3
    from markdown_it.renderer import RendererHTML

    from inpublic.document import markdown

    state: dict[str, Any] = {
        "refs": {},
        "open_links": [],
        "lists": [],
        "context": context,
        "findings": findings,
        "footnotes": footnotes,
    }
    renderer = RendererHTML()
    for name, rule in _RULES.items():
        renderer.rules[name] = rule
    body = renderer.render(list(context.document.tokens), markdown().options, state)
    refs = state["refs"]
    if refs:
        heading = "参考资料" if context.lang == "zh" else "References"
        lines = "".join(
            f'<p class="ref">[{number}] {html.escape(text)}: <i>{html.escape(url)}</i></p>'
            for url, (number, text) in refs.items()
        )
        body += f'<section class="refs"><h4>{heading}</h4>{lines}</section>'
    styled = css_inline.inline_fragment(
        f'<section class="wechat">{body}</section>', theme_css(theme)
    )
    # Classes, ids, comments and anything the editor would drop go; inline styles stay.
    return nh3.clean(
        styled,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "data"},
        link_rel=None,
    )


# renderer rules: (tokens, index, options, env) -> html ------------------------------------


def _link_open(tokens, index, options, env) -> str:
    token = tokens[index]
    href = str(token.attrs.get("href", ""))
    internal = any(host in href for host in WECHAT_HOSTS)
    if internal or not env["footnotes"] or href.startswith("#") or not href:
        env["open_links"].append(None)
        return f'<a href="{html.escape(href)}">' if internal or not href.startswith("#") else ""
    refs = env["refs"]
    text = "".join(child.content for child in tokens[index + 1 : index + 2]) or href
    if href not in refs:
        refs[href] = (len(refs) + 1, text)
    env["open_links"].append(refs[href][0])
    return ""


def _link_close(tokens, index, options, env) -> str:
    number = env["open_links"].pop() if env["open_links"] else None
    if number is None:
        return "</a>"
    return f'<sup class="ref">[{number}]</sup>'


def _code_inline(tokens, index, options, env) -> str:
    return f'<code class="inline">{html.escape(tokens[index].content)}</code>'


def _fence(tokens, index, options, env) -> str:
    token = tokens[index]
    language = (token.info or "").strip().split(" ")[0]
    return (
        f'<pre class="code"><code class="block">{highlight(token.content, language)}</code></pre>'
    )


def highlight(code: str, language: str) -> str:
    """Pygments colours as inline styles; tabs, spaces and newlines spelled out for WeChat."""
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = (
            get_lexer_by_name(language, ensurenl=False) if language else TextLexer(ensurenl=False)
        )
    except ClassNotFound:
        lexer = TextLexer(ensurenl=False)
    style = get_style_by_name("friendly")
    out = []
    for token_type, value in lexer.get_tokens(code.rstrip("\n")):
        text = _spell_whitespace(value)
        while not style.styles_token(token_type) and token_type.parent is not None:
            token_type = token_type.parent  # newer lexers emit types older styles lack
        spec = style.style_for_token(token_type)
        css = []
        if spec["color"]:
            css.append(f"color:#{spec['color']}")
        if spec["bold"]:
            css.append("font-weight:bold")
        if spec["italic"]:
            css.append("font-style:italic")
        out.append(f'<span style="{";".join(css)}">{text}</span>' if css else text)
    return "".join(out)


def _spell_whitespace(text: str) -> str:
    text = html.escape(text.replace("\t", "    "), quote=False)
    return text.replace(" ", "&nbsp;").replace("\n", "<br/>")


def _list_open(tokens, index, options, env) -> str:
    start = int(tokens[index].attrs.get("start", 1) or 1)
    env["lists"].append([tokens[index].type == "ordered_list_open", start])
    return ""


def _list_close(tokens, index, options, env) -> str:
    env["lists"].pop()
    return ""


def _list_item_open(tokens, index, options, env) -> str:
    """Lists flattened into sections with literal markers: the editor mangles nested lists."""
    ordered, number = env["lists"][-1]
    marker = f"{number}. " if ordered else ("• " if len(env["lists"]) == 1 else "◦ ")
    if ordered:
        env["lists"][-1][1] += 1
    indent = (len(env["lists"]) - 1) * 1.5
    style = f' style="padding-left:{indent}em"' if indent else ""
    return f'<section class="li"{style}>{marker}'


def _list_item_close(tokens, index, options, env) -> str:
    return "</section>"


def _paragraph_open(tokens, index, options, env) -> str:
    return "" if tokens[index].hidden else "<p>"


def _paragraph_close(tokens, index, options, env) -> str:
    return "" if tokens[index].hidden else "</p>"


def _image(tokens, index, options, env) -> str:
    """Local images by their file name (with_images puts the image itself in its place),
    as wide as the file or the column, whichever is less, with the height following the
    width (``height:auto``) so that a phone keeps the aspect ratio; refused ones were
    reported once, in render()."""
    token = tokens[index]
    src = str(token.attrs.get("src", ""))
    alt = html.escape(token.content)
    size = ""
    image = next((i for i in env["context"].images if i.src == src), None)
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
    import nh3

    raw = tokens[index].content
    if raw.lstrip().startswith("<!--"):
        return ""
    clean = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    if clean.strip() != raw.strip():
        env["findings"].append(
            ChannelFinding(
                "wechat.unsafe-html",
                "warning",
                f"raw HTML was cleaned for WeChat: {raw.strip()[:60]}",
                "the editor drops scripts, styles and classes anyway",
            )
        )
    return clean


def _softbreak(tokens, index, options, env) -> str:
    """A line break inside a paragraph: a space between Latin words, nothing between CJK."""
    from inpublic.document._sentences import is_cjk

    before = tokens[index - 1].content[-1:] if index else ""
    after = tokens[index + 1].content[:1] if index + 1 < len(tokens) else ""
    return "" if is_cjk(before or " ") or is_cjk(after or " ") else " "


def _table_open(tokens, index, options, env) -> str:
    return '<section class="table"><table>'


def _table_close(tokens, index, options, env) -> str:
    return "</table></section>"


_RULES: dict[str, Any] = {  # markdown-it's renderer rules, by token type
    "link_open": _link_open,
    "link_close": _link_close,
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
}
