"""Handing the loaded academy to forked worker processes without a copy for each.

Arguments sent to a pool's workers are pickled, so each worker would unpickle a copy of the
whole academy of its own. A forked worker already finds its parent's memory as it was at the
fork: the academy is left in a module variable for it to read instead.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
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
