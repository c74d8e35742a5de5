"""One limit checker for every channel: a channel's limits are its table in limits.toml
(``<key>_max``), and ``over_limit`` gives the finding, in the writer's language, when a
text or a count is over one. A new channel is one module and one table there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inpublic.channels.model import ChannelFinding, RenderContext


def channel_name(channel: str, lang: str) -> str:
    """The channel's name in findings (limits.toml [names]), in ``lang``."""
    from inpublic.channels import limits

    names = limits()["names"].get(channel, {})
    return str(names.get(lang, names.get("en", channel)))


def over_limit(
    context: RenderContext,
    key: str,
    value: str | int,
    count: Callable[[str], int] = len,
    *,
    severity: str = "error",
    what: str = "",
    limit_key: str = "",
    **values: object,
) -> list[ChannelFinding]:
    """The finding (a list of one) when ``value`` (a text, measured by ``count``, or a
    length or a number already counted) is over the channel's limit ``limit_key``
    (default ``<key>_max``) in limits.toml; none within it.

    Its words are limits.toml's [fit.messages]: ``what`` and ``what``-fix, filled with the
    channel's name, the length, the limit, what is over and ``values``, for the rule
    ``<channel>.<what>``; without ``what``, a text the author may set (a title, a
    digest…): the rule ``<channel>.<key>-too-long``, how the platform counts, and the
    ``channels.<channel>.<key>`` to set."""
    from inpublic.channels import limits
    from inpublic.channels.model import ChannelFinding

    limit = int(context.limits[limit_key or f"{key}_max"])
    length = value if isinstance(value, int) else count(value)
    if length <= limit:
        return []
    channel, lang = context.channel, context.lang
    words = limits()["fit"]["messages"]
    if not what:
        name = limits()["fit"]["keys"][key][lang]
        message = words["override" if context.options.get(key) else "no-fit"][lang]
        counts = context.limits.get(f"counts_{lang}", "")
        fix = words["fix"][lang].format(channel=channel, key=key)
        return [
            ChannelFinding(
                f"{channel}.{key}-too-long",
                severity,
                message.format(key=name, length=length, limit=limit),
                f"{counts} {fix}".strip(),
            )
        ]
    filled = {
        "channel": channel_name(channel, lang),
        "length": length,
        "count": length,
        "limit": limit,
        "over": length - limit,
        **values,
    }
    return [
        ChannelFinding(
            f"{channel}.{what}",
            severity,
            words[what][lang].format(**filled),
            words.get(f"{what}-fix", {}).get(lang, "").format(**filled),
        )
    ]
