"""The Jinja templates (the package's, overridden by the workspace's templates/ folder),
run in Jinja's sandbox, and the page they render for a path."""

from __future__ import annotations

import contextlib
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from inpublic._files import write_atomic
from inpublic.site.model import SiteError


@cache
def words_for(lang: str) -> dict[str, str]:
    data = tomllib.loads(resources.files(__package__).joinpath("i18n.toml").read_text("utf-8"))
    return data.get(lang, data["en"])


@cache
def environment(root: str, fingerprint: str):
    """Jinja for a workspace; ``fingerprint`` changes with its templates, so a new
    or edited template gets a new environment in a long-running ``site serve``.
    Templates run in Jinja's sandbox: one cannot reach Python's internals, so building a
    workspace someone else wrote runs none of its code."""
    from jinja2 import (
        BaseLoader,
        ChoiceLoader,
        FileSystemLoader,
        PackageLoader,
        select_autoescape,
    )
    from jinja2.sandbox import SandboxedEnvironment

    workspace = Path(root).resolve()

    class Inside(FileSystemLoader):
        """The workspace's templates; a link to a file outside the workspace is refused:
        the file (a key, a password) would be published as a page."""

        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            if not Path(filename).resolve().is_relative_to(workspace):
                raise SiteError(
                    "the template is a link to a file outside the workspace",
                    path=filename,
                    hint="put the template itself in templates/, not a link",
                )
            return source, filename, uptodate

    loaders: list[BaseLoader] = [PackageLoader("inpublic.site", "templates")]
    custom = Path(root) / "templates"
    if custom.is_dir():
        loaders.insert(0, Inside(str(custom)))  # the workspace's templates win
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=compiled_templates(),
        auto_reload=False,  # an edited template changes the fingerprint: a new environment
    )


@cache
def compiled_templates() -> Any:
    """Where compiled templates are kept, so that a rebuild that renders one page does not
    compile them again: Jinja's folder for the user (mode 0700, in the temporary folder),
    never the workspace, whose compiled code from someone else would run as it is. Best
    effort: when it cannot be made or written (a full disk), templates are compiled again."""

    from jinja2 import FileSystemBytecodeCache

    class Kept(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        return Kept(pattern="inpublic-sandboxed-%s.cache")
    except (OSError, RuntimeError):  # no safe folder of the user's own
        return None


def _template_error(error: Exception) -> SiteError | None:
    """A template's mistake (syntax, an unknown name, what the sandbox refuses, a division
    by zero in a workspace's template) as one line naming the template and its line; None
    for an exception in a built-in template that is not Jinja's: a bug in inpublic."""
    import traceback

    from jinja2 import TemplateError, TemplateNotFound

    path, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if path is None:  # a runtime error: Jinja puts the template's own frames in the traceback
        for frame, number in traceback.walk_tb(error.__traceback__):
            if not frame.f_code.co_filename.endswith(".py"):
                path, line = frame.f_code.co_filename, number
    built_in = Path(str(resources.files(__package__).joinpath("templates")))
    if not isinstance(error, TemplateError) and (not path or Path(path).is_relative_to(built_in)):
        return None
    if isinstance(error, TemplateNotFound):
        message = f"no template named '{error.name}'"
    else:
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
    return SiteError(
        f"template error: {message}",
        path=path,
        line=line,
        hint="fix the template in templates/, or delete it to use the built-in one",
    )


def load_template(env: Any, name: str) -> Any:
    from jinja2 import TemplateError

    try:
        return env.get_template(name)
    except TemplateError as error:
        raise (_template_error(error) or error) from None


def render_template(env: Any, name: str, **context: Any) -> str:
    template = load_template(env, name)
    try:
        return template.render(**context)
    except Exception as error:  # noqa: BLE001 - a workspace's template can raise anything
        if failed := _template_error(error):
            raise failed from None
        raise


def relative_url(page: str):
    """url(target) for a page at ``page`` (e.g. 'posts/x/'): a path relative to it."""
    depth = page.count("/")

    def url(target: str) -> str:
        return "../" * depth + target if (depth or target) else "./"

    return url


def person_ld(site: dict[str, Any]) -> dict[str, Any]:
    person = {"@type": "Person", "name": site["author"]}
    if site["url"]:
        person["url"] = site["url"] + "/"
    if site["links"]:
        person["sameAs"] = list(site["links"].values())
    if site["bio"]:
        person["description"] = site["bio"]
    return person


def write_page(
    env: Any, out: Path, page: str, template: str, site: dict[str, Any], lang: str, **context: Any
) -> None:
    write_atomic(
        page_file(out, page), page_html(env, page, template, site, lang, **context), sync=False
    )


def page_file(out: Path, page: str) -> Path:
    return out / page / "index.html" if page.endswith("/") or not page else out / page


def page_html(
    env: Any, page: str, template: str, site: dict[str, Any], lang: str, **context: Any
) -> str:
    from inpublic.site._html import absolute_url, json_in_html

    url = context.pop("url", None) or relative_url(page)
    words = words_for(lang)
    canonical = absolute_url(site["url"], page) if site["url"] else ""
    data = context.pop("json_ld", {"@context": "https://schema.org", **person_ld(site)})
    return render_template(
        env,
        template,
        site=site,
        lang=lang,
        t=words,
        url=url,
        canonical=canonical,
        json_ld=json_in_html(data),
        **context,
    )
