"""A raw-socket server on 127.0.0.1 for responses no HTTP framework will send: hangs, drips,
short bodies, broken chunking, close-delimited halves, oversized and compressed bodies.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import zlib
from collections.abc import Callable, Iterator
from functools import cache

Behaviour = Callable[[socket.socket, threading.Event], None]

MIB = 1024 * 1024


def _head(status: str, headers: list[tuple[str, str]], version: str = "HTTP/1.1") -> bytes:
    lines = [f"{version} {status}", *(f"{k}: {v}" for k, v in headers), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def hang() -> Behaviour:
    """Accept the connection, read the request, never answer."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        stop.wait()

    return run


def drip(body: bytes, interval_seconds: float) -> Behaviour:
    """Send the headers at once, then one body byte per interval."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            _head("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
        )
        for index in range(len(body)):
            if stop.wait(interval_seconds):
                return
            conn.sendall(body[index : index + 1])

    return run


def short_body(declared: int, body: bytes) -> Behaviour:
    """Announce `declared` bytes, send `body` (fewer), then close."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        head = _head("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(declared))])
        conn.sendall(head + body)

    return run


def broken_chunked(body: bytes) -> Behaviour:
    """A chunked body whose final zero-length chunk never comes."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        head = _head("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
        conn.sendall(head + f"{len(body):x}\r\n".encode() + body + b"\r\n")

    return run


def close_delimited(body: bytes) -> Behaviour:
    """HTTP/1.0 with neither Content-Length nor chunking: the body ends when the socket closes."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            _head("200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.0") + body
        )

    return run


def respond(
    status: str, headers: list[tuple[str, str]], chunks: Callable[[], Iterator[bytes]]
) -> Behaviour:
    """Any head, then the body from a generator (so a huge body is never held in memory)."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(_head(status, headers))
        for chunk in chunks():
            if stop.is_set():
                return
            conn.sendall(chunk)

    return run


def large_body(total_bytes: int, *, with_length: bool, chunk_bytes: int = 64 * 1024) -> Behaviour:
    """`total_bytes` of HTML-ish filler, announced by Content-Length or sent chunked."""
    filler = (b"<p>" + b"x" * (chunk_bytes - 7) + b"</p>")[:chunk_bytes]

    def chunks() -> Iterator[bytes]:
        sent = 0
        while sent < total_bytes:
            piece = filler[: min(chunk_bytes, total_bytes - sent)]
            sent += len(piece)
            yield (f"{len(piece):x}\r\n".encode() + piece + b"\r\n") if not with_length else piece
        if not with_length:
            yield b"0\r\n\r\n"

    framing = (
        ("Content-Length", str(total_bytes)) if with_length else ("Transfer-Encoding", "chunked")
    )
    return respond("200 OK", [("Content-Type", "text/html"), framing], chunks)


@cache
def gzip_bomb(decoded_bytes: int = 200 * MIB) -> bytes:
    """Zeros gzip-compressed in a stream (about 1000:1), built once per test session."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MIB)
    parts = [compressor.compress(block) for _ in range(decoded_bytes // MIB)]
    parts.append(compressor.flush())
    return b"".join(parts)


def encoded(body: bytes, encoding: str, content_type: str = "text/html") -> Behaviour:
    """`body` sent as-is with `Content-Encoding: <encoding>` (bombs, garbage)."""
    headers = [
        ("Content-Type", content_type),
        ("Content-Encoding", encoding),
        ("Content-Length", str(len(body))),
    ]
    return respond(
        "200 OK", headers, lambda: iter([body[i : i + 65536] for i in range(0, len(body), 65536)])
    )


class RawSite:
    """Raw TCP server: each path gets a behaviour that writes whatever bytes it likes."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._routes: dict[str, Behaviour] = {}
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, behaviour: Behaviour) -> None:
        with self._lock:
            self._routes[path] = behaviour

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits.get(path, 0)

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for conn in self._conns:
                with contextlib.suppress(OSError):
                    conn.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        self._listener.settimeout(0.05)  # wake up to notice close(); accept() ignores it
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self._conns.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(65536)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
            with self._lock:
                self._hits[path] = self._hits.get(path, 0) + 1
                behaviour = self._routes.get(path)
            if behaviour is None:
                conn.sendall(_head("404 Not Found", [("Content-Length", "0")]))
                return
            behaviour(conn, self._stop)
            conn.shutdown(socket.SHUT_WR)
