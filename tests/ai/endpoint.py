"""A local OpenAI-compatible chat-completions server for the tests, on 127.0.0.1, port 0.

It speaks the protocol as documented (POST /v1/chat/completions; a JSON completion, or with
"stream": true server-sent events of chat.completion.chunk objects ending in [DONE]; errors
as {"error": {...}} with their status) and is scripted per test: each request takes the
next ``Reply`` (the last one repeats). ``refuse_json_schema`` answers a json_schema
response_format with 400, as endpoints that only know JSON mode do.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ERRORS = {
    400: ("invalid_request_error", "response_format json_schema is not supported"),
    401: ("invalid_request_error", "Incorrect API key provided"),
    404: ("invalid_request_error", "The model does not exist"),
    429: ("rate_limit_exceeded", "Rate limit reached"),
    500: ("server_error", "The server had an error"),
}


@dataclass
class Reply:
    """What the server answers to one request: ``content`` (text, or a function of the
    request's user message), or an error ``status``; after ``delay`` seconds."""

    content: str | Callable[[str], str] = '{"findings": []}'
    status: int = 200
    delay: float = 0.0
    usage: bool = True


@dataclass
class Endpoint:
    url: str = ""
    script: list[Reply] = field(default_factory=lambda: [Reply()])
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    refuse_json_schema: bool = False
    key: str | None = None  # the key it wants, when it wants one
    in_flight: int = 0
    most_in_flight: int = 0  # the most requests it was answering at once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, *replies: Reply) -> None:
        self.script = list(replies)

    def next_reply(self) -> Reply:
        with self.lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("messages")]


def findings(*items: dict[str, Any]) -> str:
    return json.dumps(
        {
            "findings": [
                {"rewrite": None, "question": None, "message": "Tells, does not show.", **item}
                for item in items
            ]
        },
        ensure_ascii=False,
    )


def serve(endpoint: Endpoint) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            with endpoint.lock:
                endpoint.requests.append(request)
                endpoint.headers.append(dict(self.headers))
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._error(404)
            if endpoint.key and self.headers.get("Authorization") != f"Bearer {endpoint.key}":
                return self._error(401)
            kind = (request.get("response_format") or {}).get("type")
            if endpoint.refuse_json_schema and kind == "json_schema":
                return self._error(400)
            reply = endpoint.next_reply()
            with endpoint.lock:
                endpoint.in_flight += 1
                endpoint.most_in_flight = max(endpoint.most_in_flight, endpoint.in_flight)
            time.sleep(reply.delay)
            with endpoint.lock:
                endpoint.in_flight -= 1
            if reply.status != 200:
                return self._error(reply.status)
            user = next(m["content"] for m in request["messages"] if m["role"] == "user")
            content = reply.content(user) if callable(reply.content) else reply.content
            usage = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
            model = request.get("model", "")
            try:
                if request.get("stream"):
                    self._stream(content, model, usage if reply.usage else None, request)
                else:
                    self._send(
                        200,
                        {
                            "id": "chatcmpl-test",
                            "object": "chat.completion",
                            "created": int(time.time()),
                            "model": model,
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": content},
                                    "finish_reason": "stop",
                                }
                            ],
                            **({"usage": usage} if reply.usage else {}),
                        },
                    )
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

        def _stream(self, content: str, model: str, usage: Any, request: dict) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            third = max(len(content) // 3, 1)
            pieces = [content[i : i + third] for i in range(0, len(content), third)] or [""]
            for index, piece in enumerate(pieces):
                delta = {"content": piece, **({"role": "assistant"} if index == 0 else {})}
                self._event(model, [{"index": 0, "delta": delta, "finish_reason": None}])
            self._event(model, [{"index": 0, "delta": {}, "finish_reason": "stop"}])
            if usage and (request.get("stream_options") or {}).get("include_usage"):
                self._event(model, [], usage)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(self, model: str, choices: list, usage: Any = None) -> None:
            chunk = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": choices,
                **({"usage": usage} if usage else {}),
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()

        def _error(self, status: int) -> None:
            kind, text = ERRORS.get(status, ("server_error", "error"))
            self._send(status, {"error": {"message": text, "type": kind, "code": None}})

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("retry-after-ms", "10")  # the client's retries, without waiting
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    endpoint.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
