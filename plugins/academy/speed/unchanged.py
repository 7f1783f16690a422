"""A site whose every input is unchanged is not written again: the published one is kept.

By the time MkDocs starts writing (``on_env``), a build knows the key of every page's HTML
(``output_cache``: the site's settings, theme, templates, navigation, the portal and the page)
and every other file it will copy or generate. Their digest is the site's stamp. After a build
publishes without a warning, the stamp is stored with the list of the published files (size and
modification time) and the key each page file was printed from. A later build with the same
stamp, whose published site is still exactly those files, stops before writing and keeps it; the
content plugin then audits the published site against the current index, as after any build
(``audit.record`` makes that cheap).

A build whose stamp differs writes a new site, but a page file it would print again from the
same key, still as published, is linked into the new site (a hard link: the published file is
never opened for writing) instead of being printed and written (``reuse_published``).

A project with a plugin Academy does not know is always built in full: what such a plugin
writes is not accounted for.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..audit.scan import site_files
from .cache import Cache, digest

NAMESPACE = "site"
KNOWN_PLUGINS = ("search", "material/search")
"""Plugins besides Academy's own (``academy/…``) whose whole output the stamp accounts for."""


class SiteUnchanged(Exception):
    """Raised in ``on_env`` when the published site is the one this build would write."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"the published site is unchanged ({pages} pages)")
        self.pages = pages


def stamp(config: MkDocsConfig, files: Files, keys: dict[str, str]) -> str | None:
    """The digest of everything a site's files are made from, or None when it cannot be known.

    ``keys``: the output key of each page (``OutputCache.keys``), by source path.
    """
    if not only_known_plugins(config):
        return None
    if {file.src_uri for file in files.documentation_pages()} != set(keys):
        return None
    others = sorted(
        (file.dest_uri, hashlib.sha256(file.content_bytes).hexdigest())
        for file in files
        if not file.is_documentation_page()
    )
    return digest(
        "site-stamp", sorted(keys.items()), others, sorted(config.theme.static_templates), config.extra_templates
    )


def only_known_plugins(config: MkDocsConfig) -> bool:
    """Whether every plugin of the build is Academy's or one of ``KNOWN_PLUGINS``."""
    return all(name.startswith("academy/") or name in KNOWN_PLUGINS for name in config.plugins)


def _key(audience: str, published: Path) -> str:
    return digest(NAMESPACE, audience, str(published.resolve()))


def _listing(folder: Path) -> dict[str, list[int]]:
    """Every file under ``folder`` (as the audit reads it), with its size and modification time."""
    found: dict[str, list[int]] = {}
    for rel, path in site_files(folder):
        status = os.lstat(path)
        found[rel] = [status.st_size, status.st_mtime_ns]
    return found


def remember(
    cache: Cache, audience: str, published: Path, site_stamp: str, pages: int, page_keys: dict[str, str]
) -> None:
    """Record that the site just published at ``published`` is the one ``site_stamp`` describes,
    and the output key each page file (``page_keys``, by path in the site) was printed from."""
    record = {"stamp": site_stamp, "pages": pages, "files": _listing(published), "keys": page_keys}
    cache.put(NAMESPACE, _key(audience, published), record)


def forget(cache: Cache, audience: str, published: Path) -> None:
    """Drop the record: the published site is not (or may not be) the one it describes."""
    cache.delete(NAMESPACE, _key(audience, published))


def record_of(cache: Cache, audience: str, published: Path) -> dict:
    """What ``remember`` recorded of the site published at ``published`` (empty: nothing usable)."""
    if cache.root is None or not published.is_dir():
        return {}
    record = cache.get(NAMESPACE, _key(audience, published), counted=False)
    return record if isinstance(record, dict) else {}


def published_pages(record: dict, published: Path, site_stamp: str) -> int | None:
    """The pages of the site at ``published`` (``record`` of it) when it is exactly what
    ``site_stamp`` describes, else None."""
    if record.get("stamp") != site_stamp or _listing(published) != record.get("files"):
        return None
    pages = record.get("pages")
    return pages if isinstance(pages, int) else None


def reuse_published(record: dict, published: Path, site_dir: Path, page_keys: dict[str, str]) -> set[str]:
    """Link into ``site_dir`` each page file of the site published at ``published`` (``record``
    of it) that this build would print from the same key (``page_keys``, by path in the site)
    and that is still the file recorded then (same size and modification time). Returns the
    paths linked.

    A link is made, never a copy, and nothing is written through it: the published file stays
    as it was whatever becomes of the new site. A file that cannot be linked is printed as usual.
    """
    keys, files = record.get("keys"), record.get("files")
    if not isinstance(keys, dict) or not isinstance(files, dict):
        return set()
    linked: set[str] = set()
    for path, key in page_keys.items():
        if keys.get(path) != key:
            continue
        source = os.path.join(published, path)
        try:
            status = os.lstat(source)
            if not stat.S_ISREG(status.st_mode) or files.get(path) != [status.st_size, status.st_mtime_ns]:
                continue
            target = os.path.join(site_dir, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
        except OSError:  # a file system without hard links, say
            continue
        linked.add(path)
    return linked
