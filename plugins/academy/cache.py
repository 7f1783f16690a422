"""A persistent, content-addressed cache: safe to delete, safe to share between processes.

Entries live at ``<root>/<namespace>/<key[:2]>/<key>.json``; each carries its key and a checksum
of its data, so a corrupt, truncated or foreign file is detected, deleted and rebuilt, never
served. Writes go to a temporary file renamed into place, so concurrent workers never see half
an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 2
"""Bump when the layout of entries changes: older entries then no longer match."""


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


@dataclass
class CacheStats:
    """What a cache did during one build."""

    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    writes: int = 0


class Cache:
    """Entries by namespace and key; ``root=None`` keeps nothing (the cache is off)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.stats: defaultdict[str, CacheStats] = defaultdict(CacheStats)
        """Use of the cache by namespace."""

    def _path(self, namespace: str, key: str) -> Path:
        assert self.root is not None
        return self.root / namespace / key[:2] / f"{key}.json"

    def has(self, namespace: str, key: str) -> bool:
        """Whether an entry exists (unverified: ``get`` still checks it); counts a miss if not."""
        if self.root is not None and self._path(namespace, key).is_file():
            return True
        self.stats[namespace].misses += 1
        return False

    def get(self, namespace: str, key: str) -> Any | None:
        """The data stored under ``key``, or None when absent, corrupt or stale."""
        if self.root is None:
            return None
        path = self._path(namespace, key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.stats[namespace].misses += 1
            return None
        header, _, body = raw.partition(b"\n")
        try:
            meta = json.loads(header)
            valid = (
                meta.get("format") == FORMAT
                and meta.get("key") == key
                and meta.get("sum") == hashlib.sha256(body).hexdigest()
            )
            data = json.loads(body) if valid else None
        except (ValueError, AttributeError):
            valid, data = False, None
        if not valid:
            self.stats[namespace].corrupt += 1
            self.stats[namespace].misses += 1
            path.unlink(missing_ok=True)
            return None
        self.stats[namespace].hits += 1
        return data

    def put(self, namespace: str, key: str, data: Any) -> None:
        """Store ``data`` (JSON-serialisable) under ``key``, atomically.

        An entry is a header line (format, key, checksum of the rest) and the data as JSON.
        """
        if self.root is None:
            return
        path = self._path(namespace, key)
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        header = json.dumps({"format": FORMAT, "key": key, "sum": hashlib.sha256(body).hexdigest()}).encode()
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(header + b"\n" + body)
            os.replace(temporary, path)
            self.stats[namespace].writes += 1
        except OSError:
            # A full or read-only disk makes the build slower, never wrong.
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
