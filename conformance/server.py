"""The recording server: one per run, on 127.0.0.1 at an ephemeral port, in a thread."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # as sent (percent-encoding kept), without the /c/<key> prefix
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json_body(self) -> Any:
        text = self.body.decode("utf-8", errors="replace").strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return {"<not JSON>": text}

    def query_value(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any = None  # JSON value; None: no body
    headers: tuple[tuple[str, str], ...] = ()
    # A body that is not JSON (an HTML error page), sent as it is with its content type.
    raw: bytes | None = None
    content_type: str = "application/json"
    # Seconds to wait before answering (a server that stalls).
    delay: float = 0.0


Responder = Callable[[Request], Reply]


@dataclass
class Recorder:
    responders: dict[str, Responder] = field(default_factory=dict)
    requests: dict[str, list[Request]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, key: str, request: Request) -> Reply:
        with self.lock:
            self.requests.setdefault(key, []).append(request)
            responder = self.responders.get(key)
        if responder is None:
            return Reply(404, {"code": "no_case", "message": f"no case {key!r}"})
        return responder(request)


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _any(self) -> None:
            raw_path, _, raw_query = self.path.partition("?")
            parts = raw_path.split("/", 3)  # "", "c", key, rest
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if len(parts) < 3 or parts[1] != "c":
                self._send(Reply(404, {"code": "no_case", "message": "not under /c/<case>"}))
                return
            request = Request(
                method=self.command,
                path="/" + (parts[3] if len(parts) > 3 else ""),
                query=tuple(urllib.parse.parse_qsl(raw_query, keep_blank_values=True)),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            self._send(recorder.handle(parts[2], request))

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            data = reply.raw if reply.raw is not None else b""
            if reply.raw is None and reply.body is not None:
                data = json.dumps(reply.body).encode()
            try:
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                if data:
                    self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (a timeout case)
                pass

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

    return Handler


class Server:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.recorder))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
