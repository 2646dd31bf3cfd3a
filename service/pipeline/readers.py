"""Reading captures (decode, parse, hash: `read_capture`) away from the event loop, each within
a wall-clock limit, so one hostile page cannot freeze the API, the scheduler and every other
check.

`Readers` is the seam every check reads through. `InlineReaders` reads in the calling thread
(imports, tools and tests that keep no event loop free). `ReaderPool` reads in worker
processes: a page over the time limit is a reading that says so (`Unread.TIMED_OUT`), and the
worker that was reading it is killed and replaced; a worker that dies is `Unread.CRASHED`.
Small pages are read in-process, where the round trip to a worker costs more than the read
(measured in docs/reliability.md); the markup shape check inside `read_capture` refuses a
page that nests too deep before any parser sees it, wherever it is read.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Protocol

from scraper.records import FetchResult, Source
from service.pipeline.assess import Reading, Unread, read_capture

log = logging.getLogger(__name__)

READ_TIMEOUT_SECONDS = 20.0
# A new reader process imports the parsers before it says it is ready; the read's time limit
# starts after that.
STARTUP_TIMEOUT_SECONDS = 60.0
_READY = "ready"
# Bodies up to this size are read in-process. Measured on a catalogue page (median of 30): 4 KB
# reads in 1.2-2.5 ms in-process and 2.2-3.4 ms through a worker, 21 KB in 8 ms and 13 ms;
# below this size the round trip costs as much as the read, and the loop is held for < 10 ms.
INLINE_MAX_BYTES = 16 * 1024


class Readers(Protocol):
    async def read(self, source: Source, fetch: FetchResult) -> Reading: ...


class InlineReaders:
    """Reads in the calling thread: for callers with no event loop to keep free."""

    async def read(self, source: Source, fetch: FetchResult) -> Reading:
        return read_capture(source, fetch)


@dataclass(frozen=True, slots=True)
class _Failed:
    """read_capture raised in a worker: a programming error, raised again in the caller."""

    trace: str


class ReaderFailed(RuntimeError):
    """read_capture raised in a worker process; the message holds the worker's traceback."""


class ReaderPool:
    """`workers` processes, each reading one capture at a time within `timeout_seconds`."""

    def __init__(
        self,
        *,
        workers: int = 1,
        timeout_seconds: float = READ_TIMEOUT_SECONDS,
        inline_max_bytes: int = INLINE_MAX_BYTES,
    ) -> None:
        self._timeout = timeout_seconds
        self._inline_max_bytes = inline_max_bytes
        # spawn: a fork would copy the server's threads, sockets and database connections.
        context = multiprocessing.get_context("spawn")
        self._workers = [_Worker(context) for _ in range(workers)]
        self._threads = ThreadPoolExecutor(workers, thread_name_prefix="jifen-reader")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.replaced = 0  # workers killed after a timeout or found dead

    async def read(self, source: Source, fetch: FetchResult) -> Reading:
        if len(fetch.body) <= self._inline_max_bytes:
            return read_capture(source, fetch)
        idle = self._idle_queue()
        worker = await idle.get()
        loop = asyncio.get_running_loop()
        job = loop.run_in_executor(self._threads, worker.read, source, fetch, self._timeout)
        try:
            result = await asyncio.shield(job)
        except asyncio.CancelledError:
            # The worker goes back to the pool once it has finished with this page.
            job.add_done_callback(lambda _: idle.put_nowait(worker))
            raise
        idle.put_nowait(worker)
        return self._reading(source, result)

    def _reading(self, source: Source, result: Reading | Unread | _Failed) -> Reading:
        if isinstance(result, Reading):
            return result
        if isinstance(result, _Failed):
            raise ReaderFailed(
                f"{source.id}: reading the capture failed in a worker:\n{result.trace}"
            )
        self.replaced += 1
        log.warning("%s: %s; the reader process was replaced", source.id, result.value)
        limit = f"over {self._timeout:g} s" if result is Unread.TIMED_OUT else "reader died"
        return Reading(decoded=None, document=None, error=limit, unread=result)

    def _idle_queue(self) -> asyncio.Queue[_Worker]:
        """The idle workers, as a queue of the running loop (a pool may outlive one loop, as in
        a command that runs several)."""
        loop = asyncio.get_running_loop()
        if self._idle is None or self._loop is not loop:
            self._idle, self._loop = asyncio.Queue(), loop
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    def close(self) -> None:
        for worker in self._workers:
            worker.close()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def __aenter__(self) -> ReaderPool:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class _Worker:
    """One reader process and the pipe to it, started when first needed; used by one thread at
    a time."""

    def __init__(self, context: multiprocessing.context.SpawnContext) -> None:
        self._context = context
        self._running: tuple[Connection, multiprocessing.process.BaseProcess] | None = None
        self._is_ready = False

    def _start(self) -> tuple[Connection, multiprocessing.process.BaseProcess]:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(theirs,), name="jifen-reader", daemon=True
        )
        process.start()
        theirs.close()
        self._is_ready = False
        return ours, process

    def read(
        self, source: Source, fetch: FetchResult, timeout: float
    ) -> Reading | Unread | _Failed:
        """The reading of `fetch`, or why there is none; runs in a pool thread."""
        if self._running is None:
            self._running = self._start()
        connection = self._running[0]
        try:
            if not self._is_ready:
                self._is_ready = connection.poll(STARTUP_TIMEOUT_SECONDS) and (
                    connection.recv() == _READY
                )
                if not self._is_ready:
                    raise EOFError("the reader process did not start")
            connection.send((source, fetch))
            if connection.poll(timeout):
                result: Reading | _Failed = connection.recv()
                return result
            failure = Unread.TIMED_OUT
        except (EOFError, OSError):
            failure = Unread.CRASHED
        self.close()
        self._running = self._start()  # the replacement starts while the caller records
        return failure

    def close(self) -> None:
        if self._running is None:
            return
        connection, process = self._running
        self._running = None
        process.kill()
        process.join(timeout=5)
        connection.close()


def _serve(connection: Connection) -> None:
    """A reader process: read each (source, fetch) sent, send its reading back, until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    connection.send(_READY)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        source, fetch = job
        try:
            result: Reading | _Failed = read_capture(source, fetch)
        except Exception:
            result = _Failed(traceback.format_exc())
        connection.send(result)
