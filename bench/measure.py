"""Wall time and peak memory of one measured phase, printed as JSON by each worker process."""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def measured() -> Iterator[dict[str, Any]]:
    result: dict[str, Any] = {"rss_before_mib": round(_rss_mib(), 1)}
    start = time.perf_counter()
    yield result
    result["wall_seconds"] = round(time.perf_counter() - start, 3)
    result["peak_rss_mib"] = round(_rss_mib(), 1)
