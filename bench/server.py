"""The benchmark's stand-in for the official site: N pages with ETag / 304, revisable in place.

Runs in its own process (`python -m bench.server PORTFILE N`) so it never shares an event loop or
a core's time slice accounting with the client being measured.
"""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

from aiohttp import web

from bench.pages import page_bytes


def make_app(count: int) -> web.Application:
    revisions = [0] * count
    # Pages from this index on answer 304 without validators, as if nothing were there to take
    # (bench/serve.py's first start: checks recorded, no page kept, no source failing).
    quiet_from = [count]
    cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    def page(index: int) -> tuple[bytes, str]:
        key = (index, revisions[index])
        if key not in cache:
            cache[key] = page_bytes(*key)
        return cache[key]

    async def serve(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        if not 0 <= index < count:
            raise web.HTTPNotFound()
        if index >= quiet_from[0]:
            return web.Response(status=304)
        etag = f'"{index}-{revisions[index]}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        body, content_type = page(index)
        return web.Response(body=body, headers={"ETag": etag, "Content-Type": content_type})

    async def revise(request: web.Request) -> web.Response:
        fraction = float(request.query.get("fraction", "0.1"))
        rng = random.Random(int(request.query.get("seed", "1")))
        chosen = rng.sample(range(count), int(count * fraction))
        for index in chosen:
            revisions[index] += 1
        return web.json_response({"revised": len(chosen)})

    async def warm(request: web.Request) -> web.Response:
        for index in range(count):
            page(index)
            revisions[index] += 1
            page(index)
            revisions[index] -= 1
        return web.json_response({"warm": count})

    async def quiet(request: web.Request) -> web.Response:
        quiet_from[0] = int(request.query.get("from", str(count)))
        return web.json_response({"quiet_from": quiet_from[0]})

    app = web.Application()
    app.router.add_get("/p/{index}.html", serve)
    app.router.add_post("/_revise", revise)
    app.router.add_post("/_warm", warm)
    app.router.add_post("/_quiet", quiet)
    return app


def main() -> None:
    port_file, count = Path(sys.argv[1]), int(sys.argv[2])

    async def run() -> None:
        runner = web.AppRunner(make_app(count), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=2048)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        port_file.write_text(str(port))
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
