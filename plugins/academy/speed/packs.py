"""Many texts of one kind kept in a few pack files: one write per build, not one per text.

A build of one audience prints hundreds or thousands of pages, and the next build reuses most of
them. Kept as one cache entry each, a cold build made a file per page (on many disks the
creation of a file costs more than writing its bytes) and the cache held every page ever
printed. Here the texts a build prints are appended to one new pack file; a manifest (an
ordinary signed cache entry) says where each text it may reuse lies. Texts a build did not use
are dropped from the manifest, and a pack is deleted when no manifest entry points into it any
more. When less than half of the packs' bytes are still used, the used texts are copied into the
new pack, so the packs never hold more than about twice what the next build can reuse.

Each text carries an HMAC made with the cache's key: a changed, truncated or foreign pack is
read as a miss (and counted as corrupt), never served.
"""

from __future__ import annotations

import os
import secrets
import time
from typing import BinaryIO

from .cache import Cache, digest, remove_quietly
from .secret import signature

FORMAT = 1
"""Bump when the layout of packs or manifests changes: older ones then no longer match."""
ORPHAN_SECONDS = 3600
"""A pack no manifest names is another build's until it is this old (that build may still be running)."""


class Packs:
    """Texts by key for one lineage (the pages of one audience), in ``<root>/<namespace>/<lineage>/``."""

    def __init__(self, cache: Cache, namespace: str, lineage: str) -> None:
        self.cache = cache
        self.namespace = namespace
        self._manifest_key = digest(namespace, "manifest", FORMAT, lineage)
        self._folder = os.path.join(str(cache.root), namespace, digest(lineage)[:32]) if cache.root else ""
        stored = cache.get(namespace, self._manifest_key, counted=False)
        self._before: dict[str, list] = stored if isinstance(stored, dict) else {}
        """Where each text of the last build lies: key to [pack, offset, length, mac]."""
        self._now: dict[str, list] = {}
        """Texts this build used or wrote, where they lie."""
        self._name = f"{int(time.time())}-{secrets.token_hex(6)}.pack"
        self._stream: BinaryIO | None = None
        self._written = 0
        self._readers: dict[str, BinaryIO] = {}
        self._failed = False
        """Whether the disk refused this build's pack: a full disk makes the next build slower, never wrong."""

    def has(self, key: str) -> bool:
        """Whether the last build kept a text under ``key`` (unverified: ``get_text`` checks it);
        counts a miss if not."""
        if key in self._before:
            return True
        self.cache.stats[self.namespace].misses += 1
        return False

    def get_text(self, key: str) -> str | None:
        """The text kept under ``key``, or None when absent, unreadable or not what was signed."""
        place = self._before.get(key)
        body = self._read(place) if place else None
        stats = self.cache.stats[self.namespace]
        if body is None or self._mac(key, body) != place[3]:
            stats.misses += 1
            stats.corrupt += place is not None
            return None
        stats.hits += 1
        self._now[key] = place
        return body.decode("utf-8")

    def keep(self, key: str) -> None:
        """Keep the text under ``key`` for the next build without reading it (this build found
        it, and has no use for it); counts a hit."""
        if key in self._before:
            self._now[key] = self._before[key]
            self.cache.stats[self.namespace].hits += 1

    def put_text(self, key: str, text: str) -> None:
        """Keep ``text`` under ``key`` for the next build (written to this build's pack)."""
        if self.cache.root is not None:
            self._append(key, text.encode("utf-8"))

    def save(self) -> None:
        """Close this build's pack, write the manifest of what it used, delete packs nothing names."""
        if self.cache.root is None:
            return
        reused = {key: place for key, place in self._now.items() if place[0] != self._name}
        held = sum(self._size(name) for name in {place[0] for place in reused.values()})
        if held > 2 * sum(place[2] for place in reused.values()):  # mostly dead bytes: move the live ones
            for key, place in reused.items():
                if (body := self._read(place)) is not None:
                    self._append(key, body, place[3])
        self.close()
        self.cache.put(self.namespace, self._manifest_key, self._now)
        named = {place[0] for place in self._now.values()}
        before = {place[0] for place in self._before.values()}
        for name in self._packs():
            path = os.path.join(self._folder, name)
            if name not in named and (name in before or _age(path) > ORPHAN_SECONDS):
                remove_quietly(path)

    def close(self) -> None:
        """Close every open pack (a build that failed leaves its pack to be removed later)."""
        for stream in [self._stream, *self._readers.values()]:
            if stream is not None:
                try:
                    stream.close()
                except OSError:  # the disk refused the end of the pack: those texts will read as misses
                    pass
        self._stream = None
        self._readers.clear()

    def _append(self, key: str, body: bytes, mac: str | None = None) -> None:
        if self._failed:
            return
        if self._stream is None:
            os.makedirs(self._folder, exist_ok=True)
            try:
                self._stream = open(os.path.join(self._folder, self._name), "xb")  # noqa: SIM115 (kept open)
            except OSError:
                self._failed = True
                return
        try:
            self._stream.write(body)
        except OSError:
            self._failed = True
            return
        mac = mac or self._mac(key, body)
        self._now[key] = [self._name, self._written, len(body), mac]
        self._written += len(body)
        self.cache.stats[self.namespace].writes += 1

    def _mac(self, key: str, body: bytes) -> str:
        return signature(self.cache.key, str(FORMAT).encode(), key.encode(), body)

    def _read(self, place: list) -> bytes | None:
        name, offset, length = place[0], place[1], place[2]
        try:
            stream = self._readers.get(name)
            if stream is None:
                if os.sep in name or name.startswith("."):  # a manifest names packs of its own folder only
                    return None
                stream = self._readers[name] = open(os.path.join(self._folder, name), "rb")  # noqa: SIM115
            stream.seek(offset)
            body = stream.read(length)
        except (OSError, TypeError, ValueError):
            return None
        return body if len(body) == length else None

    def _size(self, name: str) -> int:
        try:
            return os.path.getsize(os.path.join(self._folder, name))
        except OSError:
            return 0

    def _packs(self) -> list[str]:
        try:
            return [name for name in os.listdir(self._folder) if name.endswith(".pack")]
        except OSError:
            return []


def _age(path: str) -> float:
    try:
        return time.time() - os.path.getmtime(path)
    except OSError:
        return 0.0
