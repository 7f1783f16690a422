"""What a Markdown setup's output depends on besides its options as written.

A page renders (and reads) as the site's extensions make it: their code, and the files some of
them read, shape the HTML as much as their options do. The keys of cached renderings and
analyses take them in from here: the versions of the packages that render pages, the code of
any other module the setup names (a package's version, or the source of a project's own
extension or fence formatter), and the icon folders Material's emoji extension reads.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sysconfig
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from markdown import util as markdown_util

from .digests import digest

RENDER_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "pygments", "imagesize")
"""Packages whose versions change how Markdown reads and renders."""
_RENDER_MODULES = frozenset({"mkdocs", "material", "pymdownx", "markdown", "pygments", "imagesize", "academy"})
"""The top-level modules of ``RENDER_PACKAGES``, and Academy's (keyed by its version)."""


@functools.cache
def package_versions() -> dict[str, str]:
    """Versions of the packages that read and render pages (``RENDER_PACKAGES``); read once."""
    versions = {}
    for name in RENDER_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def setup_inputs(extensions: tuple[Any, ...] | list[Any], configs: Mapping[str, Any]) -> list[Any]:
    """What the setup of ``extensions`` with ``configs`` depends on besides them: the versions of
    ``RENDER_PACKAGES``, the code of every other module it names (``_code_of``), and the files in
    the ``custom_icons`` folders of ``pymdownx.emoji``."""
    modules = {_module_of(item) for item in extensions} | set(_modules_in(configs))
    emoji = configs.get("pymdownx.emoji") or {}
    options = emoji.get("options") if isinstance(emoji, Mapping) else None
    icons = options.get("custom_icons") if isinstance(options, Mapping) else None
    return [
        package_versions(),
        {module: _code_of(module) for module in sorted(modules - _RENDER_MODULES)},
        [folder_digest(str(path)) for path in icons or ()],
    ]


def named(item: Any) -> str:
    """An extension as the same text in every process: its name, or an instance's class."""
    return item if isinstance(item, str) else f"{type(item).__module__}.{type(item).__qualname__}"


def _module_of(item: Any) -> str:
    """The top-level module an extension comes from: an instance's, or a name's as Python-Markdown
    resolves it (an entry point first, then a module path)."""
    if not isinstance(item, str):
        return type(item).__module__.partition(".")[0]
    for entry in markdown_util.get_installed_extensions():
        if entry.name == item:
            return entry.value.partition(".")[0].partition(":")[0]
    return item.partition(".")[0].partition(":")[0]


def _modules_in(value: Any) -> Iterator[str]:
    """The top-level modules of the functions and classes an option holds (``!!python/name:``)."""
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _modules_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _modules_in(item)
    elif callable(value) and isinstance(getattr(value, "__module__", None), str):
        yield value.__module__.partition(".")[0]


@functools.cache
def _code_of(top: str) -> str:
    """What the code of a top-level module is known by, read once per process: its distribution's
    version, Python's for the standard library, else (a project's own module) its source files."""
    for distribution in metadata.packages_distributions().get(top, []):
        return f"{distribution} {metadata.version(distribution)}"
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin in (None, "built-in", "frozen"):
        return "built-in" if spec is not None else "absent"
    if spec.origin.startswith(sysconfig.get_paths()["stdlib"]):
        return f"python {sysconfig.get_python_version()}"
    folders = spec.submodule_search_locations
    return folder_digest(*folders) if folders else _file_digest(Path(spec.origin))


def folder_digest(*folders: str) -> str:
    """A digest of the names and bytes of the files under ``folders``, compiled bytecode left out
    (Python rewrites it); "absent" when there are none."""
    found = [
        (path.relative_to(folder).as_posix(), _file_digest(path))
        for folder in folders
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]
    return digest(found) if found else "absent"


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
