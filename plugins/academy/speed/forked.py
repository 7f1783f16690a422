"""Handing the loaded academy to forked worker processes without a copy for each.

Arguments sent to a pool's workers are pickled, so each worker would unpickle a copy of the
whole academy of its own. A forked worker already finds its parent's memory as it was at the
fork: the academy is left in a module variable for it to read instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")

FORK = multiprocessing.get_context("fork")
"""How workers start: forked, so that they import nothing again and share the academy."""

_shared: Any = None
_parent: int | None = None
"""The parent a worker watches (``watch_parent``)."""


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
    """End this (worker) process soon after its parent ends, however the parent ended.

    A pool's workers otherwise outlive a parent killed with SIGKILL, waiting forever for work
    with the command's output still open: a CI step that never ends. Run as a worker's
    initializer: a daemon thread checks the parent every ``interval`` seconds.
    """
    global _parent
    parent = _parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def leave_if_orphaned() -> None:
    """End a worker whose parent is gone, quietly: its result has no one to go to.

    Called where a worker is about to hand back its result, which would otherwise fail with
    a broken pipe and print a traceback into the command's output.
    """
    if _parent is not None and os.getppid() != _parent:
        os._exit(1)


def parent_alive(parent: int) -> bool:
    """Whether this process's parent is still ``parent`` (not gone, this process adopted)."""
    return os.getppid() == parent


def in_workers(function: Callable[[list], T], items: Sequence, jobs: int, shared: Any) -> list[T]:
    """``function`` of each of ``jobs`` parts of ``items``, in as many forked workers finding
    ``shared`` (``inherited``); each ends soon after its parent, and leaves quietly without it."""
    parts = [list(items[index::jobs]) for index in range(jobs)]
    with (
        shared_with_workers(shared),
        ProcessPoolExecutor(max_workers=jobs, mp_context=FORK, initializer=watch_parent) as pool,
    ):
        return list(pool.map(partial(_returned, function), parts))


def _returned(function: Callable[[list], T], part: list) -> T:
    result = function(part)
    leave_if_orphaned()
    return result
