"""``inpublic rules``: the check's rules, and one explained, as ``ruff rule`` does."""

from typing import Annotated

import typer

from inpublic.cli._options import Json


def rules(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="[RULE]", help="A rule id, e.g. en.peacock.")
    ] = None,
    json_: Json = False,
) -> None:
    """List the rules check uses, or explain one: its message, examples, source and data file.

    Example: inpublic rules zh.hedge
    """
    from rich.table import Table
    from rich.text import Text

    from inpublic.check import active_rules
    from inpublic.check.rules import categories, workspace_rules
    from inpublic.cli._common import console, print_json
    from inpublic.config import CheckSettings
    from inpublic.errors import InpublicError, WorkspaceError
    from inpublic.workspace import find_workspace

    try:
        settings = find_workspace().config.check  # the workspace's rules, as check uses them
    except WorkspaceError:
        settings = CheckSettings()
    known = active_rules(settings)
    own = {rule.id for rule in workspace_rules(settings.rules_dir)}
    if rule_id is None:
        if json_:
            rules = [
                _described(rule, settings.rules_dir if rule.id in own else "") for rule in known
            ]
            print_json({"version": 1, "rules": rules})
            return
        table = Table(box=None, pad_edge=False)
        for column in ("rule", "level", "what it finds"):
            table.add_column(column)
        for rule in known:
            message = (rule.message or categories()[rule.category].message)["en"]
            table.add_row(rule.id, rule.level.name, message.replace("'{match}'", "…"))
        console.print(table)
        console.print(
            "Also: typography.spacing (AutoCorrect) and structure.* (the parts of the micro "
            "report). 'inpublic rules RULE' explains one.",
            style="dim",
        )
        return
    found = next((r for r in known if r.id == rule_id), None)
    if found is None:
        close = [r.id for r in known if r.id.startswith(rule_id) or rule_id in r.id][:8]
        raise InpublicError(
            f"no rule {rule_id!r}",
            hint=f"did you mean {', '.join(close)}?" if close else "list them with inpublic rules",
        )
    rule = found
    data = _described(rule, settings.rules_dir if rule.id in own else "")
    if json_:
        print_json({"version": 1, **data})
        return
    console.print(Text.assemble((rule.id, "bold"), f"  {rule.category}, {rule.level.name}"))
    for lang in ("en", "zh"):
        message = data["message"][lang].replace("{match}", "…")
        console.print(Text(f"  {lang}: {message}  → {data['suggestion'][lang]}"))
    if data["unless"]:
        console.print(f"  silent when: {', '.join(data['unless'])}")
    if data["words"]:
        shown = ", ".join(data["words"][:12]) + (" …" if len(data["words"]) > 12 else "")
        console.print(Text(f"  words ({len(data['words'])}): {shown}"))
    if data["patterns"]:
        console.print(f"  patterns: {len(data['patterns'])}")
    for label, examples in (("fires on", data["fires"]), ("passes", data["passes"])):
        for example in examples:
            console.print(Text(f"  {label}: {example}"))
    if data["source"]:
        console.print(Text(f"  source: {data['source']}"))
    console.print(Text(f"  data file: {data['file']}", style="dim"))


def _described(rule, folder: str = "") -> dict:
    """A rule as data; ``folder``: the workspace folder of rule files it comes from."""
    from pathlib import Path

    from inpublic.check.rules import categories

    category = categories()[rule.category]
    return {
        "id": rule.id,
        "category": rule.category,
        "level": rule.level.name,
        "unless": sorted(rule.unless),
        "message": {lang: (rule.message or category.message).get(lang) for lang in ("en", "zh")},
        "suggestion": {
            lang: (rule.suggestion or category.suggestion).get(lang) for lang in ("en", "zh")
        },
        "words": list(rule.tokens),
        "patterns": list(rule.patterns),
        "fires": list(rule.fire),
        "passes": list(rule.passes),
        "source": rule.source,
        "file": str(
            Path(folder or "src/inpublic/check/rules")
            / rule.id.split(".")[0]
            / f"{rule.category}.toml"
        ),
    }


def register(app: typer.Typer) -> None:
    app.command()(rules)
