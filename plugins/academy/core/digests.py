"""Stable digests of texts and of JSON-serialisable values."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def digest(*parts: Any) -> str:
    """A stable SHA-256 over JSON-serialisable parts (sets and paths become sorted text)."""
    text = json.dumps(parts, sort_keys=True, default=_plain, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_digest(text: str | None) -> str:
    """A SHA-256 of one text (None reads as empty): cheaper than ``digest`` for a long one."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return str(value)
