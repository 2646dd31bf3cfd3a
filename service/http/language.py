"""Each request is answered in its reader's language: `?lang=en|zh`, else Accept-Language
(English when the reader ranks it above Chinese), else Chinese. Everything built while answering
(pages, feed text, score reasons, messages) speaks it; responses say they vary by it."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from words import resolve_lang, speaking


class RequestLanguage:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])
        headers = dict(scope.get("headers", []))
        accept = headers.get(b"accept-language", b"").decode("latin-1")
        lang = resolve_lang(query[-1], accept)

        async def send_varying(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"vary", b"Accept-Language")]
            await send(message)

        with speaking(lang):
            await self.app(scope, receive, send_varying)
