"""A persistent, content-addressed cache: safe to delete, safe to share between processes.

Entries live at ``<root>/<namespace>/<key[0]>/<key>.entry``: a header line, then the data as
JSON, as plain text or as bytes. The header carries the entry's key, kind and an HMAC of all of them made
with a key kept outside the cache (``secret``), so a corrupt, truncated, foreign or forged file
is detected, deleted and rebuilt, never served. Writes go to a temporary file renamed into
place, so concurrent workers never see half an entry.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.digests import digest, text_digest
from .secret import cache_key, signature

__all__ = ["Cache", "ShardedMap", "digest", "remove_quietly", "text_digest", "write_atomically"]

FORMAT = 6
"""Bump when the layout of entries changes: older entries then no longer match."""


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
        self.key = cache_key(root) if root is not None else b""
        """The key entries are signed with (``secret``)."""
        self.stats: defaultdict[str, CacheStats] = defaultdict(CacheStats)
        """Use of the cache by namespace."""
        self._root = str(root) if root is not None else ""

    def _path(self, namespace: str, key: str) -> str:
        # Plain strings: a build looks up several entries per page, and pathlib costs more than the lookup.
        # Sixteen folders per namespace: each folder is a file-system object to create, and a cold
        # build of a small academy made more folders than it wrote entries into them.
        assert self.root is not None
        return os.path.join(self._root, namespace, key[0], key + ".entry")

    def has(self, namespace: str, key: str) -> bool:
        """Whether an entry exists (unverified: ``get`` still checks it); counts a miss if not."""
        if self.root is not None and os.path.isfile(self._path(namespace, key)):
            return True
        self.stats[namespace].misses += 1
        return False

    def get(self, namespace: str, key: str, *, counted: bool = True) -> Any | None:
        """The data stored under ``key``, or None when absent, corrupt or stale; ``counted=False``
        leaves it out of the namespace's hits and misses (an index of entries, not an entry)."""
        body = self._read(namespace, key, "json", counted=counted)
        if body is None:
            return None
        try:
            return json.loads(body)
        except ValueError:  # cannot happen to an entry whose checksum matched, unless written so
            self._reject(namespace, key)
            return None

    def get_text(self, namespace: str, key: str, *, counted: bool = True) -> str | None:
        """The text stored under ``key`` by ``put_text``, or None when absent, corrupt or stale
        (``counted``: as for ``get``)."""
        body = self._read(namespace, key, "text", counted=counted)
        if body is None:
            return None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            self._reject(namespace, key)
            return None

    def get_bytes(self, namespace: str, key: str) -> bytes | None:
        """The bytes stored under ``key`` by ``put_bytes``, or None when absent, corrupt or stale."""
        return self._read(namespace, key, "bytes")

    def put(self, namespace: str, key: str, data: Any) -> None:
        """Store ``data`` (JSON-serialisable) under ``key``, atomically."""
        self._write(namespace, key, "json", json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def put_text(self, namespace: str, key: str, text: str) -> None:
        """Store a text as it is (a page's HTML: decoding it from JSON would cost more than reading it)."""
        self._write(namespace, key, "text", text.encode("utf-8"))

    def put_bytes(self, namespace: str, key: str, body: bytes) -> None:
        """Store bytes as they are (arrays of digests)."""
        self._write(namespace, key, "bytes", body)

    def _read(self, namespace: str, key: str, kind: str, *, counted: bool = True) -> bytes | None:
        """The body of an entry, checked against its header; a bad entry is deleted and counted."""
        if self.root is None:
            return None
        try:
            with open(self._path(namespace, key), "rb") as stream:
                raw = stream.read()
        except OSError:
            self.stats[namespace].misses += counted
            return None
        header, _, body = raw.partition(b"\n")
        # Compared as bytes, not parsed as JSON: a warm build reads three entries per page.
        if header != _header(self.key, key, kind, body):
            self._reject(namespace, key)
            return None
        self.stats[namespace].hits += counted
        return body

    def _reject(self, namespace: str, key: str) -> None:
        self.stats[namespace].corrupt += 1
        self.stats[namespace].misses += 1
        remove_quietly(self._path(namespace, key))

    def _write(self, namespace: str, key: str, kind: str, body: bytes) -> None:
        """Write an entry atomically: a header line (format, key, kind, checksum of the rest), then ``body``."""
        if self.root is None:
            return
        if write_atomically(self._path(namespace, key), _header(self.key, key, kind, body) + b"\n" + body):
            self.stats[namespace].writes += 1

    def delete(self, namespace: str, key: str) -> None:
        """Remove an entry, if present."""
        if self.root is not None:
            remove_quietly(self._path(namespace, key))


def write_atomically(path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file renamed into place; False if the disk refused.

    Concurrent readers see the old file or the new one, never half of one. A full or read-only
    disk makes a build slower, never wrong, so a failure is reported, not raised.
    """
    folder = os.path.dirname(path)
    temporary = None
    try:
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        except FileNotFoundError:  # the folder's first entry: made here, not checked before every write
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary is not None:
            remove_quietly(temporary)
        return False


def _header(secret: bytes, key: str, kind: str, body: bytes) -> bytes:
    """The first line of an entry: format, key, kind and an HMAC of them and the body."""
    mac = signature(secret, str(FORMAT).encode(), key.encode(), kind.encode(), body)
    return f"academy-cache {FORMAT} {key} {kind} {mac}".encode()


def remove_quietly(path: str) -> None:
    """Delete a file if it is there; a cache that cannot delete is slower, never wrong."""
    try:
        os.remove(path)
    except OSError:
        pass


class ShardedMap:
    """A large map of texts kept in the cache in shards, so that a small change rewrites one shard.

    Stores such as the words of every page change by one entry when one page is edited; kept
    as one entry, the whole store would be written again after every edit.
    """

    SHARDS = 16

    def __init__(self, cache: Cache, namespace: str, key: str) -> None:
        self.cache = cache
        self.namespace = namespace
        self.key = key
        self._shards: list[dict[str, Any] | None] = []
        """Each shard as kept, None where none is (an empty shard is kept too: a miss means a change)."""
        for number in range(self.SHARDS):
            stored = cache.get(namespace, self._key(number))
            self._shards.append(stored if isinstance(stored, dict) else None)
        self.before: dict[str, Any] = {name: value for shard in self._shards if shard for name, value in shard.items()}
        """Everything kept by the last ``save``."""

    def _key(self, number: int) -> str:
        return digest(self.key, number)

    @classmethod
    def _shard(cls, name: str) -> int:
        return zlib.crc32(name.encode("utf-8")) % cls.SHARDS

    def save(self, current: dict[str, Any]) -> None:
        """Keep ``current`` (and only it), writing the shards that differ from what is kept."""
        shards: list[dict[str, Any]] = [{} for _ in range(self.SHARDS)]
        for name, value in current.items():
            shards[self._shard(name)][name] = value
        for number, shard in enumerate(shards):
            if shard != self._shards[number]:
                self.cache.put(self.namespace, self._key(number), shard)
                self._shards[number] = shard
        self.before = dict(current)
