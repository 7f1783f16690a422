"""Handing the loaded academy to forked worker processes without a copy for each.

Arguments sent to a pool's workers are pickled, so each worker would unpickle a copy of the
whole academy of its own. A forked worker already finds its parent's memory as it was at the
fork: the academy is left in a module variable for it to read instead.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager

from ..core.model import Academy

FORK = multiprocessing.get_context("fork")
"""How workers start: forked, so that they import nothing again and share the academy."""

_shared: Academy | None = None


@contextmanager
def shared_with_workers(academy: Academy) -> Iterator[None]:
    """Leave ``academy`` where workers forked inside the block find it (see ``inherited``)."""
    global _shared
    _shared = academy
    try:
        yield
    finally:
        _shared = None


def inherited(academy: Academy | None) -> Academy | None:
    """``academy``, or for a forked worker sent None, the one its parent shared."""
    return academy if academy is not None else _shared
