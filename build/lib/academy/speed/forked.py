"""Handing the loaded academy to forked worker processes without a copy for each.

Arguments sent to a pool's workers are pickled, so each worker would unpickle a copy of the
whole academy of its own. A forked worker already finds its parent's memory as it was at the
fork: the academy is left in a module variable for it to read instead.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

FORK = multiprocessing.get_context("fork")
"""How workers start: forked, so that they import nothing again and share the academy."""

_shared: Any = None


@contextmanager
def shared_with_workers(value: Any) -> Iterator[None]:
    """Leave ``value`` (the academy, say) where workers forked inside the block find it (see ``inherited``)."""
    global _shared
    _shared = value
    try:
        yield
    finally:
        _shared = None


def inherited(value: T | None) -> T | None:
    """``value``, or for a forked worker sent None, what its parent shared."""
    return value if value is not None else _shared


def watch_parent(interval: float = 0.2) -> None:
    """End this (worker) process soon after its parent ends, however the parent ended, and quietly.

    A pool's workers otherwise outlive a parent killed with SIGKILL, waiting forever for work
    with the command's output still open: a CI step that never ends. Run as a worker's
    initializer: a daemon thread checks the parent every ``interval`` seconds. A worker that
    hands back a result in the moment between its parent's death and the check finds the pipe
    broken: the traceback it would print goes nowhere (``_QuietWhenOrphaned``).
    """
    parent = os.getppid()
    sys.stderr = _QuietWhenOrphaned(sys.stderr)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


class _QuietWhenOrphaned:
    """A worker's error stream that ends the worker, silently, instead of reporting a broken pipe.

    The pipe to a pool's parent breaks only when the parent is gone (or tears the pool down):
    the result had no one to go to, and the traceback would land in the output of a command
    that already ended. A check of the parent before sending cannot close the gap, since the
    parent can die right after it; the report of the failure is where the gap ends.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, EOFError)):
            os._exit(1)
        return self._stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def parent_alive(parent: int) -> bool:
    """Whether this process's parent is still ``parent`` (not gone, this process adopted)."""
    return os.getppid() == parent


def in_workers(function: Callable[[list], T], items: Sequence, jobs: int, shared: Any) -> list[T]:
    """``function`` of each of ``jobs`` parts of ``items``, in as many forked workers finding
    ``shared`` (``inherited``); each ends soon after its parent, quietly (``watch_parent``)."""
    parts = [list(items[index::jobs]) for index in range(jobs)]
    with (
        shared_with_workers(shared),
        ProcessPoolExecutor(max_workers=jobs, mp_context=FORK, initializer=watch_parent) as pool,
    ):
        return list(pool.map(function, parts))
