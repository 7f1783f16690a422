"""Compiled templates kept between builds, so that no audience compiles Material's templates again.

Jinja compiles a template on its first use: for Material's templates that is a noticeable part
of a small build, paid again by every audience. Jinja can keep the compiled code; this keeps it
in the academy's cache with an HMAC made with the cache key (``secret``), which never lives in
the cache folder: a damaged, foreign or forged file is compiled again, never run.
"""

from __future__ import annotations

import hmac
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.theme import Theme

from .cache import write_atomically
from .secret import signature

NAMESPACE = "templates"
_MAC = 64
"""Length of the hex HMAC that starts each file."""


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates in ``<cache root>/templates/``, authenticated when read.

    Jinja names each entry after the template's name and file and keeps in it a checksum of
    the template's source and its own version: an edited template or a new Jinja never
    finds an old entry.
    """

    def __init__(self, root: Path, key: bytes) -> None:
        self.directory = root / NAMESPACE
        self.key = key

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.bin"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from its file, unless the file is missing, damaged or forged (then delete it)."""
        path = self._path(bucket)
        try:
            raw = path.read_bytes()
        except OSError:
            return
        mac, data = raw[:_MAC], raw[_MAC:]
        try:
            if not hmac.compare_digest(mac, self._sign(bucket, data)):
                raise ValueError("not signed with this cache's key")
            bucket.bytecode_from_string(data)
        except Exception:  # any damage at all: compile again
            bucket.reset()
            path.unlink(missing_ok=True)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write ``bucket`` to its file atomically: workers building other audiences read it too."""
        data = bucket.bytecode_to_string()
        write_atomically(str(self._path(bucket)), self._sign(bucket, data) + data)

    def _sign(self, bucket: Bucket, data: bytes) -> bytes:
        # The bucket's key is signed too: a valid entry copied under another name is refused.
        return signature(self.key, NAMESPACE.encode(), bucket.key.encode(), data).encode("ascii")


def keep_compiled_templates(theme: Theme, root: Path, key: bytes) -> None:
    """Give every Jinja environment ``theme`` makes a ``TemplateCache`` under ``root`` signed with ``key``.

    MkDocs builds pages in one environment, but plugins make their own (Material's search
    reads its translations so), each compiling its templates again.
    """
    make = theme.get_env

    def get_env() -> Environment:
        env = make()
        env.bytecode_cache = TemplateCache(root, key)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]
