"""A fake official site on 127.0.0.1 for tests: published pages with ETag/Last-Modified/304,
failure routes, redirects, custom handlers, robots.txt, and a record of every request.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Headers = dict[str, str] | list[tuple[str, str]]
Reply = tuple[int, Headers, bytes]


@dataclass(frozen=True)
class RequestInfo:
    method: str
    path: str  # without the query
    query: str
    headers: dict[str, str]  # lower-cased names

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


Handler = Callable[[RequestInfo], Reply]


@dataclass
class _Page:
    body: bytes
    content_type: str
    etag: str | None
    last_modified: datetime


@dataclass
class _Failure:
    status: int
    body: bytes
    headers: list[tuple[str, str]]
    times: int | None  # None: every request


@dataclass
class _State:
    pages: dict[str, _Page] = field(default_factory=dict)
    failures: dict[str, _Failure] = field(default_factory=dict)
    handlers: dict[str, Handler] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _encode(body: bytes | str, content_type: str) -> bytes:
    if isinstance(body, bytes):
        return body
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    return body.encode(charset)


def _not_modified(page: _Page, info: RequestInfo) -> bool:
    if_none_match = info.header("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip() for tag in if_none_match.split(",")}
        return page.etag is not None and (page.etag in tags or "*" in tags)
    since = info.header("if-modified-since")
    if since is None:
        return False
    try:
        return page.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _serve_page(page: _Page, info: RequestInfo) -> Reply:
    headers = [("Last-Modified", format_datetime(page.last_modified, usegmt=True))]
    if page.etag is not None:
        headers.append(("ETag", page.etag))
    if _not_modified(page, info):
        return 304, headers, b""
    return 200, [("Content-Type", page.content_type), *headers], page.body


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # the default 5 makes concurrent clients wait on SYN retries
    daemon_threads = True


class FakeSite:
    """A real HTTP/1.1 server on 127.0.0.1:<free port> in a background thread; another loopback
    address (127.0.0.2) or a given port when a test needs a second listener there."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._host = host
        self._state = _State()
        self._server = _Server((host, port), _make_handler(self._route))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.robots(None)

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://{self._host}:{self.port}{path if path.startswith('/') else '/' + path}"

    def publish(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "text/html; charset=utf-8",
        etag: bool = True,
        last_modified: datetime | None = None,
    ) -> None:
        """Serve `body` at `path` from now on (replacing any earlier revision or failure)."""
        data = _encode(body, content_type)
        tag = f'"{hashlib.sha256(data).hexdigest()[:32]}"' if etag else None
        modified = last_modified or datetime.now(UTC)
        with self._state.lock:
            self._state.pages[path] = _Page(data, content_type, tag, modified)
            self._state.failures.pop(path, None)
            self._state.handlers.pop(path, None)

    def fail(
        self,
        path: str,
        status: int,
        *,
        body: bytes | str = b"",
        headers: Headers | None = None,
        times: int | None = None,
    ) -> None:
        """The next `times` requests for `path` (all of them when None) answer `status`."""
        data = _encode(body, "text/html; charset=utf-8")
        pairs = list(headers.items()) if isinstance(headers, dict) else list(headers or [])
        with self._state.lock:
            self._state.failures[path] = _Failure(status, data, pairs, times)

    def respond(self, path: str, handler: Handler) -> None:
        """Full control: `handler(request_info) -> (status, headers, body)` answers `path`."""
        with self._state.lock:
            self._state.handlers[path] = handler
            self._state.failures.pop(path, None)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.respond(path, lambda _info: (status, [("Location", location)], b""))

    def robots(self, text: str | bytes | None) -> None:
        """Serve /robots.txt; None answers 404 (no rules: allow all)."""
        if text is None:
            self.respond("/robots.txt", lambda _info: (404, [], b"not found"))
        else:
            data = text.encode() if isinstance(text, str) else text
            self.respond("/robots.txt", lambda _info: (200, [("Content-Type", "text/plain")], data))

    def hits(self, path: str) -> int:
        with self._state.lock:
            return self._state.hits.get(path, 0)

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        with self._state.lock:
            return list(self._state.requests)

    def reset_hits(self) -> None:
        with self._state.lock:
            self._state.hits.clear()
            self._state.requests.clear()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _route(self, info: RequestInfo) -> Reply:
        state = self._state
        with state.lock:
            state.hits[info.path] = state.hits.get(info.path, 0) + 1
            state.requests.append((info.method, info.path, info.headers))
            failure = state.failures.get(info.path)
            if failure is not None:
                if failure.times is not None:
                    failure.times -= 1
                    if failure.times <= 0:
                        del state.failures[info.path]
                return failure.status, failure.headers, failure.body
            handler = state.handlers.get(info.path)
            page = state.pages.get(info.path)
        if handler is not None:
            return handler(info)
        if page is not None:
            return _serve_page(page, info)
        return 404, [("Content-Type", "text/html")], b"<h1>404 Not Found</h1>"


def _pairs(headers: Headers) -> Iterator[tuple[str, str]]:
    yield from headers.items() if isinstance(headers, dict) else headers


def _make_handler(route: Callable[[RequestInfo], Reply]) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            info = RequestInfo(
                method=self.command,
                path=parts.path,
                query=parts.query,
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            status, headers, body = route(info)
            self.send_response(status)
            names = set()
            for key, value in _pairs(headers):
                names.add(key.lower())
                self.send_header(key, value)
            if "content-length" not in names and status not in (204, 304):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and status not in (204, 304):
                self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    return _Handler
