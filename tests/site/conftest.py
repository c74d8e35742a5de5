from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from inpublic.workspace import Workspace


def write_post(workspace, name: str, text: str) -> Path:
    path = workspace.posts_dir / f"{name}.md"
    path.write_text(text, "utf-8")
    return path


EN = """---
title: CI from 14 to 4 minutes
date: 2026-10-12
lang: en
tags: [ci, python]
series: build-speed
project: ledgerline
---

## Problem

Every pull request waited 14 minutes for CI.

<!--more-->

## Result

CI takes 4 min instead of 14 min. See the [archive](../../archive/).

```python
def build():
    return "a very long line of code that should scroll inside its block and never widen the page"
```

![chart](chart.png)
"""

ZH = """---
title: 发版检查从 40 分钟缩到 3 分钟
date: 2026-11-02
lang: zh
tags: [自动化, ci]
series: build-speed
---

## 问题

每次发版前要手动检查 23 项，平均 40 分钟。这是一段很长的中文，
用来检查窄屏上的换行是否正常，不会撑破页面的宽度，也不会出现横向滚动条。

## 结果

最近 8 次发版，检查平均 3 分钟。
"""


@pytest.fixture
def site_workspace(workspace):
    from PIL import Image

    text = workspace.config_path.read_text("utf-8").replace(
        'site_url = ""', 'site_url = "https://mei.example"'
    )
    text += (
        '\n[[projects]]\nname = "ledgerline"\ndescription = "A ledger for small teams."\n'
        '[projects.links]\nrepo = "https://github.com/mei/ledgerline"\n'
    )
    workspace.config_path.write_text(text, "utf-8")
    Image.new("RGB", (2400, 1200), (20, 120, 100)).save(workspace.posts_dir / "chart.png")
    write_post(workspace, "ci", EN)
    write_post(workspace, "fabu", ZH)
    write_post(workspace, "draft", "---\ntitle: Not yet\ndraft: true\n---\n\nSoon.\n")
    return Workspace(workspace.root)  # a fresh object: the old one cached the old config


@pytest.fixture
def http_root():
    """Serve a folder on 127.0.0.1 for the browser tests."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
