"""Compiled templates kept between builds, so that no audience compiles Material's templates again.

Jinja compiles a template on its first use: for Material's templates that is a noticeable part
of a small build, paid again by every audience. Jinja can keep the compiled code; this keeps it
in the academy's cache, with a checksum, so that a damaged file is compiled again, never run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.theme import Theme

from .cache import write_atomically

NAMESPACE = "templates"
_SUM = hashlib.sha256().digest_size


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates in ``<cache root>/templates/``, checked when read.

    Jinja names each entry after the template's name and file and keeps in it a checksum of
    the template's source and its own version: an edited template or a new Jinja never
    finds an old entry.
    """

    def __init__(self, root: Path) -> None:
        self.directory = root / NAMESPACE

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.bin"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from its file, unless the file is missing or damaged (then delete it)."""
        path = self._path(bucket)
        try:
            raw = path.read_bytes()
        except OSError:
            return
        checksum, data = raw[:_SUM], raw[_SUM:]
        try:
            if hashlib.sha256(data).digest() != checksum:
                raise ValueError("checksum mismatch")
            bucket.bytecode_from_string(data)
        except Exception:  # any damage at all: compile again
            bucket.reset()
            path.unlink(missing_ok=True)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write ``bucket`` to its file atomically: workers building other audiences read it too."""
        data = bucket.bytecode_to_string()
        write_atomically(str(self._path(bucket)), hashlib.sha256(data).digest() + data)


def keep_compiled_templates(theme: Theme, root: Path) -> None:
    """Give every Jinja environment ``theme`` makes a ``TemplateCache`` under ``root``.

    MkDocs builds pages in one environment, but plugins make their own (Material's search
    reads its translations so), each compiling its templates again.
    """
    make = theme.get_env

    def get_env() -> Environment:
        env = make()
        env.bytecode_cache = TemplateCache(root)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]
