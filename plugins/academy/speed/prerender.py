"""Rendering every distinct page text once before the audiences are built.

Audiences overlap: most pages are read by several of them, identically. Rendering each
distinct (page, Markdown) pair once, spread over worker processes, and storing it in the cache
lets every audience's build take its pages from the cache instead of rendering them again.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files

from ..core.model import Academy
from ..core.passages import markdown_by_audience, markdown_for
from ..plugins.project import configure, load_mkdocs_config
from .cache import Cache
from .forked import FORK, inherited, shared_with_workers
from .keys import render_fingerprint
from .rendering import NAMESPACE, CachedPage, likely_markdown, render_key

WORTH_A_WORKER = 20
"""Pages to render per worker below which rendering them here is quicker than starting workers."""


def variants(academy: Academy, audiences: list[str]) -> list[tuple[str, str, str | None]]:
    """One (page, audience, Markdown) per distinct text of each page the audiences see.

    The Markdown is the text MkDocs will render for that audience, or None when only reading
    the file tells (see ``likely_markdown``).
    """
    chosen: list[tuple[str, str, str | None]] = []
    for src, doc in sorted(academy.docs.items()):
        readers = [audience for audience in audiences if audience in doc.audiences]
        if doc.draft or not readers:
            continue
        likely = likely_markdown(doc)
        texts: dict[str, str] = {}
        for audience, text in markdown_by_audience(likely or doc.body, readers, doc.audiences).items():
            texts.setdefault(text, audience)
        chosen.extend((src, audience, text if likely is not None else None) for text, audience in texts.items())
    return chosen


def _render_chunk(config_file: Path, cache_dir: Path, academy: Academy | None, chunk: list[tuple[str, str]]) -> int:
    academy = inherited(academy)
    assert academy is not None
    config = load_mkdocs_config(config_file)
    configure(config, audience=None, cache_dir=cache_dir)
    return _render(config, get_files(config), Cache(cache_dir), academy, chunk)


def _render(config: MkDocsConfig, files: Files, cache: Cache, academy: Academy, pairs: list[tuple[str, str]]) -> int:
    """Render ``pairs`` missing from the cache; returns how many were."""
    fingerprint = render_fingerprint(config)
    rendered = 0
    for src, audience in pairs:
        file = files.get_file_from_path(src)
        if file is None:
            continue
        doc = academy.docs[src]
        page = CachedPage(file, config, cache=cache, fingerprint=fingerprint, doc=doc)
        page.read_source(config)
        page.markdown = markdown_for(page.markdown or "", audience, doc.audiences)
        if not cache.has(NAMESPACE, page.render_key(files)):
            page.render(config, files)
            rendered += 1
        # The page is in the cache now; a worker holding every page it rendered would need
        # as much memory as the whole academy's HTML.
        file.page = None
    return rendered


def prerender(config_file: Path, academy: Academy, audiences: list[str], cache_dir: Path, jobs: int) -> tuple[int, int]:
    """Render the pages missing from the cache. Returns (distinct texts, texts rendered now).

    Which texts are missing is found here, without reading the pages: after an edit, one
    page is missing and starting workers would cost more than rendering it.
    """
    pairs = variants(academy, audiences)
    config = load_mkdocs_config(config_file)
    configure(config, audience=None, cache_dir=cache_dir)
    files = get_files(config)
    cache = Cache(cache_dir)
    fingerprint = render_fingerprint(config)
    missing = []
    for src, audience, markdown in pairs:
        file = files.get_file_from_path(src)
        if file is None or markdown is None:
            missing.append((src, audience))  # rendered only if missing indeed: reading tells
        elif not cache.has(NAMESPACE, render_key(fingerprint, file, markdown, academy.docs[src].link_targets, files)):
            missing.append((src, audience))
    if jobs <= 1 or len(missing) < WORTH_A_WORKER * jobs:
        return len(pairs), _render(config, files, cache, academy, missing)
    chunks = [missing[index::jobs] for index in range(jobs)]
    with shared_with_workers(academy), ProcessPoolExecutor(max_workers=jobs, mp_context=FORK) as pool:
        done = pool.map(_render_chunk, [config_file] * jobs, [cache_dir] * jobs, [None] * jobs, chunks)
        return len(pairs), sum(done)
