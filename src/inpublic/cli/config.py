"""``inpublic config``: the effective settings, and where each came from."""

import typer

from inpublic.cli._options import Json


def config(
    json_: Json = False,
) -> None:
    """Show every setting in effect and where it came from: a line of inpublic.toml, or the
    default.

    Example: inpublic config
    """
    import json

    from rich.text import Text

    from inpublic.cli._common import console, plain, print_json
    from inpublic.config import Config, effective_settings
    from inpublic.errors import WorkspaceError, shown_path
    from inpublic.workspace import find_workspace

    try:
        workspace = find_workspace()
    except WorkspaceError:
        workspace = None
    if workspace is None:
        text, config_, source = "", Config(), None
    else:
        from inpublic._files import read_text
        from inpublic.config import ConfigError

        text = read_text(workspace.config_path, ConfigError)
        config_, source = workspace.config, shown_path(workspace.config_path)
    settings = effective_settings(config_, text)
    if json_:
        print_json(
            {
                "version": 1,
                "file": source,
                "settings": [{"key": s.key, "value": s.value, "line": s.line} for s in settings],
            }
        )
        return
    if source is None:
        console.print("No workspace here: the defaults.", style="dim")
    width = max(len(s.key) for s in settings)
    for setting in settings:
        where = f"{source}:{setting.line}" if setting.line else "default"
        value = json.dumps(setting.value, ensure_ascii=False)
        console.print(
            Text.assemble(
                f"{setting.key:<{width}} = ", plain(value), ("  # " + plain(where), "dim")
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(config)
