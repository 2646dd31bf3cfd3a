"""`jifen serve`: the scheduler and the HTTP API, feeds and pages until SIGINT/SIGTERM."""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer


def serve(
    host: Annotated[
        str | None,
        typer.Option(help="默认 JIFEN_HOST 或 127.0.0.1 · Default JIFEN_HOST or 127.0.0.1."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="默认 JIFEN_PORT 或 8000 · Default JIFEN_PORT or 8000.")
    ] = None,
) -> None:
    """运行定时检查和 HTTP 接口、订阅源与网页，直到 SIGINT/SIGTERM ·
    Run the scheduler and the HTTP API, feeds and pages until SIGINT/SIGTERM."""
    import asyncio

    from service.http.serve import serve as serve_forever
    from service.settings import Settings

    # The options stand in for their variables; the public URL follows them unless it is set.
    given = {"JIFEN_HOST": host, "JIFEN_PORT": None if port is None else str(port)}
    config = Settings.from_env({**os.environ, **{k: v for k, v in given.items() if v is not None}})
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(serve_forever(config))
