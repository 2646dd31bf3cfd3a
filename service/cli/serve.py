"""`jifen serve`: the scheduler and the HTTP API, feeds and pages until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
from typing import Annotated, Any

import typer

from service.cli.options import settings


def serve(
    host: Annotated[str | None, typer.Option(help="Default JIFEN_HOST or 127.0.0.1.")] = None,
    port: Annotated[int | None, typer.Option(help="Default JIFEN_PORT or 8000.")] = None,
) -> None:
    """Run the scheduler and the HTTP API, feeds and pages until SIGINT/SIGTERM."""
    from service.http.serve import serve as serve_forever

    config = settings()
    overrides: dict[str, Any] = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    if overrides:
        config = dataclasses.replace(config, **overrides)
        if "JIFEN_PUBLIC_URL" not in os.environ:
            config = dataclasses.replace(config, public_url=f"http://{config.host}:{config.port}")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(serve_forever(config))
