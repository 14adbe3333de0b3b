"""Dynamic batching: documents of requests that arrive together go through one engine call.

Each request puts its documents on a queue and awaits their results. One
collector task takes what is waiting, waits ``window`` seconds for more (up to
``max_segments`` segments), groups the documents by pipeline and target
language and runs each group through :meth:`Press.pipe` in a worker thread, so
the model never runs on the event loop. Under load the queue fills while the
workers are busy, so batches grow with the load. When a group fails, its
documents are run one by one, so one bad document never fails the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from ..document import Document
from ..press import Press, Result

_T = TypeVar("_T")

__all__ = ["BatchStats", "Batcher"]


@dataclass
class _Item:
    key: Hashable
    target: str
    document: Document
    future: asyncio.Future[Result]
    segments: int


@dataclass
class BatchStats:
    """Counters the metrics page reads."""

    batches: int = 0
    documents: int = 0
    sizes: list[int] = field(default_factory=list)


class Batcher:
    """Collects documents for ``window`` seconds, then translates them in groups.

    ``press_for(key)`` gives the :class:`Press` for a group key; ``workers``
    groups run at once, each in its own thread.
    """

    def __init__(self, press_for: Callable[[Hashable], Press], *, window: float = 0.004,
                 max_segments: int = 256, workers: int = 1,
                 on_batch: Callable[[int, float], None] | None = None) -> None:
        self.press_for = press_for
        self.window = window
        self.max_segments = max_segments
        self.workers = workers
        self.on_batch = on_batch
        self.stats = BatchStats()
        self._queue: asyncio.Queue[_Item] | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="polyglot-press-model")
        self._slots: asyncio.Semaphore | None = None
        self._running: set[asyncio.Task[None]] = set()
        self._locks: dict[Hashable, threading.Lock] = {}

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The model threads (other blocking work of the server runs here too)."""
        return self._executor

    def start(self) -> None:
        """Start the collector on the running event loop."""
        self._queue = asyncio.Queue()
        self._slots = asyncio.Semaphore(self.workers)
        self._task = asyncio.get_running_loop().create_task(self._collect())

    async def stop(self) -> None:
        """Finish every batch already running, then stop the collector and the threads."""
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=True)

    async def translate(self, key: Hashable, documents: Sequence[Document], target: str) -> list[Result]:
        """Translate ``documents`` into ``target`` with the pipeline of ``key``."""
        if self._queue is None:
            raise RuntimeError("Batcher.start() was not called")
        loop = asyncio.get_running_loop()
        futures = []
        for doc in documents:
            future: asyncio.Future[Result] = loop.create_future()
            futures.append(future)
            self._queue.put_nowait(_Item(key, target, doc, future, max(1, len(doc.segments))))
        try:
            return list(await asyncio.gather(*futures))
        except BaseException:
            for future in futures:
                future.cancel()
            raise

    async def _collect(self) -> None:
        assert self._queue is not None
        assert self._slots is not None
        while True:
            first = await self._queue.get()
            await self._slots.acquire()
            items = [first]
            size = first.segments
            deadline = time.monotonic() + self.window
            while size < self.max_segments:
                try:
                    item = self._queue.get_nowait()
                except asyncio.QueueEmpty:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    try:
                        item = await asyncio.wait_for(self._queue.get(), remaining)
                    except TimeoutError:
                        break
                items.append(item)
                size += item.segments
            task = asyncio.get_running_loop().create_task(self._dispatch(items))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _dispatch(self, items: list[_Item]) -> None:
        assert self._slots is not None
        try:
            live = [i for i in items if not i.future.done()]  # a client that left is skipped
            groups: dict[tuple[Hashable, str], list[_Item]] = {}
            for item in live:
                groups.setdefault((item.key, item.target), []).append(item)
            loop = asyncio.get_running_loop()
            for (key, target), group in groups.items():
                started = time.perf_counter()
                try:
                    outcomes = await loop.run_in_executor(
                        self._executor, self._run, key, target, [i.document for i in group])
                except BaseException as exc:
                    outcomes = [exc] * len(group)
                self.stats.batches += 1
                self.stats.documents += len(group)
                if self.on_batch is not None:
                    self.on_batch(len(group), time.perf_counter() - started)
                for item, outcome in zip(group, outcomes, strict=True):
                    if item.future.done():
                        continue
                    if isinstance(outcome, BaseException):
                        item.future.set_exception(outcome)
                    else:
                        item.future.set_result(outcome)
        finally:
            self._slots.release()

    def _run(self, key: Hashable, target: str,
             documents: list[Document]) -> list[Result | BaseException]:
        press = self.press_for(key)
        lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            try:
                return list(press.pipe(documents, [target]))
            except Exception:
                if len(documents) == 1:
                    raise
            out: list[Result | BaseException] = []
            for doc in documents:  # isolate the document that failed
                try:
                    out.append(press.translate(doc, [target]))
                except Exception as exc:
                    out.append(exc)
            return out

    async def run(self, key: Hashable, work: Callable[[Press], _T]) -> _T:
        """Run ``work(press)`` in a model thread, with the pipeline of ``key`` to itself."""
        def call() -> _T:
            press = self.press_for(key)
            with self._locks.setdefault(key, threading.Lock()):
                return work(press)

        return await asyncio.get_running_loop().run_in_executor(self._executor, call)
