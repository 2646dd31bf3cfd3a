"""Real receivers on 127.0.0.1 for the delivery tests: a webhook endpoint that verifies
signatures and answers as scripted, and an SMTP server that keeps what it was sent."""

from __future__ import annotations

import email
import hashlib
import hmac
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

Answer = tuple[int, dict[str, str]]  # status, headers
HANG = -1  # a scripted status: hold the request open and never answer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes
    status: int  # what we answered (HANG: nothing)

    @property
    def change_id(self) -> str | None:
        return self.headers.get("x-jifen-change-id")

    def is_signed_with(self, secret: str) -> bool:
        stamp = self.headers.get("x-jifen-timestamp", "")
        mac = hmac.new(secret.encode(), f"{stamp}.".encode() + self.body, hashlib.sha256)
        return hmac.compare_digest(
            self.headers.get("x-jifen-signature", ""), f"sha256={mac.hexdigest()}"
        )


@dataclass
class _Script:
    answers: list[Answer] = field(default_factory=list)  # consumed in order; the last repeats


class WebhookReceiver:
    """Answers POSTs per path from a script (default 200) and records every request."""

    def __init__(self, hang_seconds: float = 30.0) -> None:
        self._lock = threading.Lock()
        self._scripts: dict[str, _Script] = {}
        self.received: list[Received] = []
        self.hang_seconds = hang_seconds
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def script(self, path: str, *answers: Answer | int) -> None:
        plain = [a if isinstance(a, tuple) else (a, {}) for a in answers]
        with self._lock:
            self._scripts[path] = _Script(plain)

    def next_answer(self, path: str) -> Answer:
        with self._lock:
            script = self._scripts.get(path)
            if script is None or not script.answers:
                return 200, {}
            return script.answers.pop(0) if len(script.answers) > 1 else script.answers[0]

    def record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def at(self, path: str = "/hook") -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def acknowledged(self, path: str = "/hook") -> list[Received]:
        return [r for r in self.at(path) if 200 <= r.status < 300]

    def acknowledged_all(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if 200 <= r.status < 300]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status, headers = receiver.next_answer(self.path)
            names = {k.lower(): v for k, v in self.headers.items()}
            receiver.record(Received(self.path, names, body, status))
            if status == HANG:
                time.sleep(receiver.hang_seconds)
                self.close_connection = True
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Keep:
    def __init__(self, on_message: Callable[[EmailMessage, list[str]], None]) -> None:
        self._on_message = on_message

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self._on_message(parsed, list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class MailServer:
    """An SMTP server (aiosmtpd) on 127.0.0.1 keeping each message and its recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[EmailMessage, list[str]]] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(_Keep(self._keep), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _keep(self, message: EmailMessage, recipients: list[str]) -> None:
        with self._lock:
            self.messages.append((message, recipients))

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m, rcpt in self.messages if address in rcpt]

    def close(self) -> None:
        self._controller.stop()


def body_text(message: EmailMessage, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    content = part.get_content()
    assert isinstance(content, str)
    return content


def wait_until(what: str, probe: Callable[[], Any], timeout_seconds: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
