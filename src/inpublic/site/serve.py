"""``inpublic site serve``: a preview of the site on 127.0.0.1, rebuilt when a post, a
template or the config changes.

Only files are served (a folder without an index page is "not found", never a listing),
and only to requests addressed to the host names the server is bound to: a web page that
points its own domain name at 127.0.0.1 (DNS rebinding) gets 403, not the preview and its
drafts. A busy port is not an error: the next free one is used, as Hugo does.
"""

from __future__ import annotations

import gc
import http.server
from http import HTTPStatus
from pathlib import Path
from typing import Any

from inpublic.errors import InpublicError

HOST = "127.0.0.1"
HOST_NAMES = ("127.0.0.1", "localhost", "[::1]")  # what a browser on this machine sends
PORTS_TRIED = 100  # a busy port: the next ones are tried, then any free one


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site, to requests for this server's own host names only."""

    def send_head(self) -> Any:  # do_GET and do_HEAD start here
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").lower()
        allowed = {f"{name}:{port}" for name in HOST_NAMES}
        if port == 80:
            allowed.update(HOST_NAMES)
        if host not in allowed:
            self.send_error(
                HTTPStatus.FORBIDDEN, f"this preview answers only to http://{HOST}:{port}/"
            )
            return None
        try:
            return super().send_head()
        except ValueError:  # a path with a NUL byte (%00): no file has such a name
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A 404 shows the site's own 404.html, as a host such as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def bind(folder: str, port: int) -> http.server.ThreadingHTTPServer:
    """A server for ``folder`` on 127.0.0.1: on ``port``, or when it is taken, on the next
    free one (the server's ``server_address`` says which); 0 asks for any free port."""
    if not 0 <= port <= 65535:
        raise InpublicError(
            f"--port {port} is not a port", hint="give a number from 1024 to 65535, e.g. 8000"
        )

    class Handler(_Handler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=folder, **kwargs)

    tried = [*range(port, min(port + PORTS_TRIED, 65536)), 0] if port else [0]
    for candidate in tried:
        try:
            return http.server.ThreadingHTTPServer((HOST, candidate), Handler)
        except OSError as error:
            problem = error
    raise InpublicError(
        f"cannot serve on {HOST}: {problem.strerror}",
        hint="check that the loopback interface is up",
    )


def serve(
    workspace: Any,
    port: int = 8000,
    drafts: bool = False,
    on_build: Any = None,
    on_serve: Any = None,
) -> None:
    """Serve the site and rebuild it on every change until interrupted. ``on_serve(port)``
    is told the port in use; ``on_build`` each build's SiteResult, or the InpublicError
    that stopped it (a bad post is reported, and the last good pages are still served)."""
    import threading

    from watchfiles import watch

    from inpublic.site import build_site

    out = (workspace.out_dir / "site").resolve()

    def rebuild() -> None:
        try:
            result: Any = build_site(workspace, out, drafts=drafts)
        except InpublicError as error:
            result = error
        finally:
            gc.unfreeze()  # this process goes on: what a build froze must stay collectable
        if on_build:
            on_build(result)

    server = bind(str(out), port)  # first: a bad port is refused before a build
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        if on_serve:
            on_serve(server.server_address[1])
        rebuild()  # requests wait for it in the socket's queue
        serving.start()
        watched = [
            p
            for p in (workspace.posts_dir, workspace.config_path, workspace.root / "templates")
            if p.exists()
        ]
        for _ in watch(*watched, debounce=300):
            rebuild()
    finally:
        if serving.is_alive():
            server.shutdown()  # waits for serve_forever: only once it runs
        server.server_close()
