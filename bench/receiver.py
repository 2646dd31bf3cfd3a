"""The delivery benchmark's webhook receiver: answers every POST with 200 and counts them.

Runs in its own process (`python -m bench.receiver PORTFILE`) so it never shares an event loop
with the sender being measured. GET /count says how many POSTs it has answered.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from aiohttp import web


def make_app() -> web.Application:
    count = 0

    async def receive(request: web.Request) -> web.Response:
        nonlocal count
        await request.read()
        count += 1
        return web.Response(text="ok")

    async def counted(request: web.Request) -> web.Response:
        return web.json_response({"count": count})

    app = web.Application()
    app.router.add_post("/hook", receive)
    app.router.add_get("/count", counted)
    return app


def main() -> None:
    port_file = Path(sys.argv[1])

    async def run() -> None:
        runner = web.AppRunner(make_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=2048)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        port_file.write_text(str(port))
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
