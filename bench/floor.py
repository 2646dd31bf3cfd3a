"""The floor: a minimal tracker — aiohttp GETs, selectolax extracts the table, sha256 of it.

State (ETags and hashes) is kept in a JSON file between phases, as a real minimal tracker would.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from pathlib import Path

import aiohttp
from selectolax.lexbor import LexborHTMLParser

CONCURRENCY = 64


def page_text(body: bytes, content_type: str) -> str:
    """The body decoded by its header charset alone (gbk/gb2312 read as gb18030)."""
    charset = (
        content_type.rsplit("charset=", 1)[-1].strip().lower()
        if "charset=" in content_type
        else "utf-8"
    )
    codec = "gb18030" if charset in ("gbk", "gb2312") else charset
    return body.decode(codec, errors="replace")


def table_hash(body: bytes, content_type: str) -> str:
    table = LexborHTMLParser(page_text(body, content_type)).css_first("table")
    text = table.text(separator="\t") if table is not None else ""
    return hashlib.sha256(text.encode()).hexdigest()


async def cycle(base: str, count: int, state: dict[str, list[str]]) -> dict[str, int]:
    counts = {"ok": 0, "not_modified": 0, "changed": 0}
    gate = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(index: int) -> None:
            key = str(index)
            headers = {"If-None-Match": state[key][0]} if key in state else {}
            async with gate, session.get(f"{base}/p/{index}.html", headers=headers) as response:
                if response.status == 304:
                    counts["not_modified"] += 1
                    return
                body = await response.read()
                digest = table_hash(body, response.headers.get("Content-Type", ""))
                counts["ok"] += 1
                if key in state and state[key][1] != digest:
                    counts["changed"] += 1
                state[key] = [response.headers.get("ETag", ""), digest]

        await asyncio.gather(*(one(i) for i in range(count)))
    return counts


def main() -> None:
    base, count, state_path = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    from bench.measure import measured

    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    with measured() as result:
        result["counts"] = asyncio.run(cycle(base, count, state))
    state_path.write_text(json.dumps(state))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
