"""Rendering every distinct page text once before the audiences are built.

Audiences overlap: most pages are read by several of them, identically. Rendering each
distinct (page, Markdown) pair once, spread over worker processes, and storing it in the cache
lets every audience's build take its pages from the cache instead of rendering them again.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.structure.files import get_files

from .blocks import has_blocks, markdown_for
from .cache import Cache
from .content.rendering import NAMESPACE, CachedPage
from .fingerprint import render_fingerprint
from .forked import FORK, inherited, shared_with_workers
from .mkdocs_config import configure, load_mkdocs_config
from .model import Academy


def variants(academy: Academy, audiences: list[str]) -> list[tuple[str, str]]:
    """(page, audience) pairs, one per distinct text of each page the audiences see."""
    chosen: dict[tuple[str, str], None] = {}
    for src, doc in sorted(academy.docs.items()):
        if doc.draft:
            continue
        readers = [audience for audience in audiences if audience in doc.audiences]
        if not readers:
            continue
        if not has_blocks(doc.body):
            chosen[(src, readers[0])] = None
            continue
        texts: dict[str, str] = {}
        for audience in readers:
            texts.setdefault(markdown_for(doc.body, audience, doc.audiences), audience)
        for audience in texts.values():
            chosen[(src, audience)] = None
    return list(chosen)


def _render_chunk(config_file: Path, cache_dir: Path, academy: Academy | None, chunk: list[tuple[str, str]]) -> int:
    academy = inherited(academy)
    assert academy is not None
    config = load_mkdocs_config(config_file)
    configure(config, audience=None, cache_dir=cache_dir)
    cache = Cache(cache_dir)
    fingerprint = render_fingerprint(config)
    files = get_files(config)
    rendered = 0
    for src, audience in chunk:
        file = files.get_file_from_path(src)
        if file is None:
            continue
        doc = academy.docs[src]
        page = CachedPage(file, config, cache=cache, fingerprint=fingerprint, targets=doc.link_targets)
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
    """Render the pages missing from the cache. Returns (distinct texts, texts rendered now)."""
    pairs = variants(academy, audiences)
    if jobs <= 1:
        return len(pairs), _render_chunk(config_file, cache_dir, academy, pairs)
    chunks = [pairs[index::jobs] for index in range(jobs)]
    with shared_with_workers(academy), ProcessPoolExecutor(max_workers=jobs, mp_context=FORK) as pool:
        done = pool.map(_render_chunk, [config_file] * jobs, [cache_dir] * jobs, [None] * jobs, chunks)
        return len(pairs), sum(done)
