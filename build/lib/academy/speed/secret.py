"""The key that authenticates cache entries: never kept in the cache folder.

A cache restored in CI may come from an untrusted run. Each entry (and each compiled
template) carries an HMAC of its content made with this key, so an entry written without the
key is refused and rebuilt: a foreign cache can cost a rebuild, never change output or run
code. The key is ``ACADEMY_CACHE_KEY`` when set (a CI secret, given only to trusted runs),
else a random key made once per user in ``$XDG_CONFIG_HOME/academy/cache-key``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

ENVIRONMENT = "ACADEMY_CACHE_KEY"


class CacheKeyError(Exception):
    """The cache key cannot be had safely: the message says what to do instead."""


def key_file() -> Path:
    """Where the per-user key is kept."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "academy" / "cache-key"


def cache_key(cache_root: Path) -> bytes:
    """The key for a cache at ``cache_root``.

    Raises:
        CacheKeyError: when the key file would lie inside the cache folder, or can be neither
            read nor made.
    """
    given = os.environ.get(ENVIRONMENT)
    if given:
        return hashlib.sha256(given.encode("utf-8")).digest()
    path = key_file()
    if path.resolve().is_relative_to(cache_root.resolve()):
        raise CacheKeyError(
            f"the cache key file {path} lies inside the cache folder {cache_root}, where anyone who "
            f"can write the cache could read it; set {ENVIRONMENT} or XDG_CONFIG_HOME elsewhere"
        )
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it first
        return _read(path)
    except OSError as error:
        raise CacheKeyError(
            f"cannot make the cache key file {path} ({error.strerror}); set {ENVIRONMENT}, or build with --no-cache"
        ) from None
    fresh = secrets.token_hex(32)
    try:
        os.write(handle, fresh.encode("ascii") + b"\n")
    finally:
        os.close(handle)
    return bytes.fromhex(fresh)


def _read(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
    except FileNotFoundError:
        raise
    except (OSError, ValueError):
        pass
    raise CacheKeyError(f"the cache key file {path} is not readable or not a key; delete it to make a new one")


def signature(key: bytes, *parts: bytes) -> str:
    """An HMAC-SHA256 of ``parts`` (each length-prefixed, so that no two sequences sign alike)."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return mac.hexdigest()
