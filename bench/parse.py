"""`python -m bench.parse`: CPU per page of decode, parse, hash, 200-body checks and a small diff.

Runs in one process over the benchmark's pages (bench/pages.py), each stage timed over all pages,
repeated, medians reported. Absolute times move with the machine's load; the ratios to the floor's
own work on the same pages (selectolax parse + table text + sha256, bench/floor.py) measured in
the same rounds do not.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bench.floor import table_hash
from bench.pages import page_bytes
from diffing.document import content_hash, diff_documents
from scraper.classify import challenge_signature, page_problem
from scraper.decode import decode_body
from scraper.parsers import parse_document
from scraper.records import DecodedText, ParsedDocument, Source, SourceKind

Page = tuple[bytes, str, Source]


def _pages(count: int, revision: int) -> list[Page]:
    pages = []
    for index in range(count):
        body, content_type = page_bytes(index, revision)
        source = Source(
            id=f"s{index:05d}", url=f"http://bench/p/{index}.html", kind=SourceKind.CATALOGUE
        )
        pages.append((body, content_type, source))
    return pages


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="pages per round (default 200)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (median reported)")
    args = parser.parse_args()
    old_pages, new_pages = _pages(args.pages, 0), _pages(args.pages, 1)
    decoded: list[DecodedText] = []
    old_docs: list[ParsedDocument] = []
    new_docs = [
        parse_document(s, decode_body(b, t, override=s.encoding).text, s.url)
        for b, t, s in new_pages
    ]

    def floor() -> None:
        for body, content_type, _ in old_pages:
            table_hash(body, content_type)

    def decode() -> None:
        decoded[:] = [decode_body(b, t, override=s.encoding) for b, t, s in old_pages]

    def parse() -> None:
        old_docs[:] = [
            parse_document(s, d.text, s.url)
            for (_, _, s), d in zip(old_pages, decoded, strict=True)
        ]

    def hash_() -> None:
        for doc in old_docs:
            content_hash(doc)

    def classify() -> None:
        for body, content_type, _ in old_pages:
            challenge_signature(200, body)
            page_problem(body, content_type, accept_binary=False)

    def diff() -> None:
        for old, new in zip(old_docs, new_docs, strict=True):
            diff_documents(old, new)

    stages: dict[str, Callable[[], None]] = {
        "floor (selectolax table text + sha256)": floor,
        "decode_body": decode,
        "parse_document": parse,
        "content_hash": hash_,
        "classify 200 body": classify,
        "diff_documents (1 row out, 1 in)": diff,
    }
    times: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(args.repeat):
        for name, work in stages.items():
            times[name].append(_timed(work) / args.pages)
    floor_ms = statistics.median(times["floor (selectolax table text + sha256)"]) * 1000
    print(f"{args.pages} pages, median of {args.repeat} rounds, per page:")
    total = 0.0
    for name, values in times.items():
        ms = statistics.median(values) * 1000
        if not name.startswith("floor") and not name.startswith("diff"):
            total += ms
        print(f"  {name:<40} {ms:7.3f} ms   {ms / floor_ms:6.2f}x floor")
    print(f"  {'decode+parse+hash+classify':<40} {total:7.3f} ms   {total / floor_ms:6.2f}x floor")


if __name__ == "__main__":
    main()
