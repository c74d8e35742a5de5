"""``inpublic site serve``: a preview of the site on 127.0.0.1 (or the address given with
``--bind``), rebuilt when a post, a template or the config changes; an open page reloads
itself after each build.

Only files are served (a folder without an index page is "not found", never a listing),
and only to requests addressed to the server's own names: 127.0.0.1, localhost, [::1],
and, bound to another address, that address (any IP address when bound to all of them),
never a domain name: a web page that points its own domain name at this machine (DNS
rebinding) gets 403, not the preview and its drafts. A busy port is not an error: the next
free one is used, as Hugo does.
"""

from __future__ import annotations

import http.server
import io
import ipaddress
import socket
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inpublic.errors import InpublicError

if TYPE_CHECKING:
    from inpublic.workspace import Workspace

HOST = "127.0.0.1"
HOST_NAMES = ("127.0.0.1", "localhost", "[::1]")  # what a browser on this machine sends
PORTS_TRIED = 100  # a busy port: the next ones are tried, then any free one
RELOAD_PATH = "/_inpublic/build"  # the number of the last build, which open pages poll
# Added to each HTML page as it is served (never to the built files): the page asks for
# the build number every second and reloads when it changes.
_RELOAD_SCRIPT = (
    "<script>(()=>{let seen=null;setInterval(async()=>{try{const r=await fetch("
    f"'{RELOAD_PATH}',{{cache:'no-store'}});const n=await r.text();"
    "if(seen!==null&&n!==seen)location.reload();seen=n}catch(e){}},1000)})()</script>"
)


class _Server(http.server.ThreadingHTTPServer):
    build = 0  # counts the builds, for the pages that reload themselves
    live_reload = True


def _allowed_host(host: str, port: int, bound: str) -> bool:
    """Whether a request's Host header names this server: its loopback names, or the
    address it is bound to (any IP address when bound to all), with its port."""
    name, _, given = host.rpartition(":") if host.rpartition(":")[2].isdigit() else (host, "", "")
    if (int(given) if given else 80) != port:
        return False
    if name in HOST_NAMES or name == bound:
        return True
    if bound in ("0.0.0.0", "::"):
        try:
            ipaddress.ip_address(name.strip("[]"))  # an address, never a domain name
        except ValueError:
            return False
        return True
    return False


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site, to requests for this server's own host names only."""

    server: _Server

    def send_head(self) -> Any:  # do_GET and do_HEAD start here
        bound, port = str(self.server.server_address[0]), int(self.server.server_address[1])
        if not _allowed_host((self.headers.get("Host") or "").lower(), port, bound):
            self.send_error(
                HTTPStatus.FORBIDDEN, f"this preview answers only to http://{HOST}:{port}/"
            )
            return None
        if self.path.split("?")[0] == RELOAD_PATH:
            return self._bytes(str(self.server.build).encode(), "text/plain", "no-store")
        icon = Path(self.directory) / "static" / "favicon.svg"
        if self.path.split("?")[0] == "/favicon.ico" and icon.is_file():  # browsers ask for it
            return self._bytes(icon.read_bytes(), "image/svg+xml", "max-age=3600")
        try:
            return self._page() or super().send_head()
        except ValueError:  # a path with a NUL byte (%00): no file has such a name
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None

    def _page(self) -> io.BytesIO | None:
        """An HTML page with the reload script added, or None for any other file."""
        if not self.server.live_reload:
            return None
        page = Path(self.translate_path(self.path))
        if self.path.split("?")[0].endswith("/"):
            page = page / "index.html"
        if page.suffix != ".html" or not page.is_file():
            return None
        text = page.read_bytes().decode("utf-8", "replace")
        at = text.rfind("</body>")
        at = at if at >= 0 else len(text)
        body = (text[:at] + _RELOAD_SCRIPT + text[at:]).encode()
        return self._bytes(body, "text/html; charset=utf-8", "no-cache")

    def _bytes(self, body: bytes, kind: str, cache: str) -> io.BytesIO:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        return io.BytesIO(body)

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


def bind(folder: str, port: int, host: str = HOST) -> _Server:
    """A server for ``folder`` on ``host`` (127.0.0.1): on ``port``, or when it is taken,
    on the next free one (the server's ``server_address`` says which); 0 asks for any free
    port."""
    if not 0 <= port <= 65535:
        raise InpublicError(
            f"--port {port} is not a port", hint="give a number from 1024 to 65535, e.g. 8000"
        )

    class Handler(_Handler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=folder, **kwargs)

    class Server(_Server):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    tried = [*range(port, min(port + PORTS_TRIED, 65536)), 0] if port else [0]
    for candidate in tried:
        try:
            return Server((host, candidate), Handler)
        except OSError as error:
            problem = error
    raise InpublicError(
        f"cannot serve on {host}: {problem.strerror}",
        hint="give an address of this machine to --bind, e.g. 127.0.0.1 or 0.0.0.0",
    )


def serve(
    workspace: Workspace,
    port: int = 8000,
    drafts: bool = False,
    on_build: Any = None,
    on_serve: Any = None,
    host: str = HOST,
    live_reload: bool = True,
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
        server.build += 1
        if on_build:
            on_build(result)

    server = bind(str(out), port, host)  # first: a bad port is refused before a build
    server.live_reload = live_reload
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
        # The first timeout rebuilds once more: an edit saved while the watcher was starting
        # (after the first build) would otherwise wait for the next one to be seen.
        started = False
        for changes in watch(*watched, debounce=300, yield_on_timeout=True, rust_timeout=1000):
            if changes or not started:
                rebuild()
            started = True
    finally:
        if serving.is_alive():
            server.shutdown()  # waits for serve_forever: only once it runs
        server.server_close()
