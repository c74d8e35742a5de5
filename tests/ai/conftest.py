from __future__ import annotations

from collections.abc import Iterator

import pytest

from inpublic.workspace import Workspace
from tests.ai.endpoint import Endpoint, serve


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    found = Endpoint()
    server = serve(found)
    yield found
    server.shutdown()
    server.server_close()


def configure(workspace: Workspace, endpoint: Endpoint, **settings: object) -> None:
    """Add an [ai] table pointing at the local endpoint to the workspace's inpublic.toml."""
    values = {
        "base_url": endpoint.url,
        "model": "test-model",
        "api_key_env": "INPUBLIC_TEST_AI_KEY",
        "timeout": 5,
        "retries": 1,
        **settings,
    }
    lines = ["", "[ai]"]
    for key, value in values.items():
        shown = f'"{value}"' if isinstance(value, str) else str(value).lower()
        lines.append(f"{key} = {shown}")
    with workspace.config_path.open("a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
