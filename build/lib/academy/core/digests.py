"""Stable digests of texts and of JSON-serialisable values, equal in every process."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def digest(*parts: Any) -> str:
    """A stable SHA-256 over parts: JSON values, sets, paths, and objects named by what they are.

    A function or class (as ``!!python/name:`` makes in ``mkdocs.yml``) stands as its module
    and name, never as its address, so that two processes with the same inputs agree.
    """
    text = json.dumps(parts, sort_keys=True, default=stable, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_digest(text: str | None) -> str:
    """A SHA-256 of one text (None reads as empty): cheaper than ``digest`` for a long one."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def stable(value: Any) -> Any:
    """A JSON-serialisable stand-in for ``value`` that is the same in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, tuple):
        return list(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    state = getattr(value, "__dict__", None)
    if isinstance(state, dict):
        return [f"{type(value).__module__}.{type(value).__qualname__}", state]
    return _ADDRESS.sub("", str(value))
