"""Rendering every distinct page text once before the audiences are built.

Audiences overlap: most pages are read by several of them, identically. Rendering each
distinct (page, Markdown) pair once, spread over worker processes, and storing it in the cache
lets every audience's build take its pages from the cache instead of rendering them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from ..checkpoints import checkpoint
from ..core.analysis import Analysis, Read
from ..core.markdown import TreeCapture, TreeParse
from ..core.model import Academy, Doc
from ..core.view import page_view
from ..plugins.content.pages import prepare_rendering, render_page
from ..plugins.content.plugin import escaped
from ..plugins.project import configure, load_mkdocs_config
from ..plugins.search.plugin import AcademySearchPlugin
from ..portal.images import image_sizes
from .cache import Cache
from .forked import in_workers, inherited
from .keys import render_inputs
from .rendering import NAMESPACE, CachedPage

WORTH_A_WORKER = 20
"""Pages to render per worker below which rendering them here is quicker than starting workers."""


def variants(academy: Academy, audiences: list[str]) -> list[tuple[str, str]]:
    """One (page, audience) per distinct reading of each page the audiences see."""
    chosen: list[tuple[str, str]] = []
    for src, doc in sorted(academy.docs.items()):
        seen: set[str] = set()
        for audience in audiences:
            reading = doc.readings.get(audience)
            if reading is not None and reading.digest not in seen:
                seen.add(reading.digest)
                chosen.append((src, audience))
    return chosen


def _render_chunk(config_file: Path, cache_dir: Path, chunk: list[tuple[str, str]]) -> int:
    """Render ``chunk`` in a forked worker, with the academy its parent shared."""
    academy = inherited(None)
    assert academy is not None
    checkpoint("rendering")
    return _render(Rendering.load(config_file, cache_dir), academy, chunk)


def _rendering_config(config_file: Path, cache_dir: Path) -> MkDocsConfig:
    """The configuration pages render with in an audience's build (without its plugins' other work)."""
    config = load_mkdocs_config(config_file)
    configure(config, audience=None, cache_dir=cache_dir)
    prepare_rendering(config)
    search = config.plugins.get("academy/search")
    if search is not None:
        search.on_config(config)  # its options complete, as in an audience's build
    return config


@dataclass
class Rendering:
    """What pages render with outside an audience's build: its configuration, every file of the
    site, the cache, and the search plugin that indexes them ahead."""

    config: MkDocsConfig
    files: Files
    cache: Cache
    inputs: str
    """What every page's rendering depends on (``keys.render_inputs``)."""
    search: AcademySearchPlugin | None

    @classmethod
    def load(cls, config_file: Path, cache_dir: Path) -> Rendering:
        """The rendering set up from ``config_file``, with the cache at ``cache_dir``."""
        config = _rendering_config(config_file, cache_dir)
        search = config.plugins.get("academy/search")
        return cls(config, get_files(config), Cache(cache_dir), render_inputs(config), search)

    def page(self, doc: Doc, file: File, audience: str) -> CachedPage:
        """``doc`` as ``audience`` reads it, as a page of ``file`` whose rendering is cached."""
        view = page_view(doc, audience, self.config.use_directory_urls)
        return CachedPage(file, self.config, view=view, cache=self.cache, inputs=self.inputs)

    def index_ahead(self, page: CachedPage) -> None:
        """Keep the search entries of ``page``, just rendered, for the audiences' builds to find."""
        if self.search is not None:
            page.meta = escaped(page.meta)  # as the content plugin hands it on in a build
            self.search.index_ahead(page, self.cache)


def _render(rendering: Rendering, academy: Academy, pairs: list[tuple[str, str]]) -> int:
    """Render ``pairs`` missing from the cache; returns how many were."""
    rendered = 0
    for src, audience in pairs:
        file = rendering.files.get_file_from_path(src)
        if file is None:
            continue
        page = rendering.page(academy.docs[src], file, audience)
        if not rendering.cache.has(NAMESPACE, page.render_key(rendering.files)):
            page.read_source(rendering.config)
            page.render(rendering.config, rendering.files)
            rendered += 1
            rendering.index_ahead(page)
        # The page is in the cache now; a worker holding every page it rendered would need
        # as much memory as the whole academy's HTML.
        file.page = None
    return rendered


class RenderingReader:
    """Reads pages' readings from their renderings for the analysis (``core.analysis.analyse``'s
    ``read``), and keeps each rendering in the cache, as ``prerender`` would.

    The analysis parses each reading as rendering parses it, and rendering then parses it
    again. Analysed in a build, a reading is rendered instead and read from its rendering
    (``core.markdown.TreeCapture``): one parse, and ``prerender`` finds it rendered.
    """

    def __init__(self, config_file: Path, cache_dir: Path, audiences: list[str] | None = None) -> None:
        """``audiences``: those the build builds (None: all); a reading none of them reads is left
        to the parser, which reads it for less than rendering costs."""
        self.audiences = set(audiences) if audiences else None
        self.rendering = Rendering.load(config_file, cache_dir)
        self._rendered: dict[str, tuple[Page, dict[str, tuple[int, int] | None]]] = {}

    def reading(self, doc: Doc) -> Read:
        """``read`` for the analysis of ``doc``: each reading rendered; ``keep`` stores them."""
        rendering = self.rendering
        file = rendering.files.get_file_from_path(doc.src)
        self._rendered.clear()

        def read(readers: list[str], text: str) -> TreeParse | None:
            built = [audience for audience in readers if self.audiences is None or audience in self.audiences]
            if file is None or not built:
                return None
            page = Page(None, file, rendering.config)
            page.markdown = text
            sizes, capture = _LookedUp(rendering.files), TreeCapture()
            try:
                render_page(page, rendering.config, rendering.files, sizes, capture)
            except Exception:  # noqa: BLE001 - prerender renders the page again and reports what fails
                return None
            finally:
                file.page = None
            if capture.parse is None:
                return None
            capture.parse.written = page.content or ""
            self._rendered[built[0]] = (page, sizes.looked)
            return capture.parse

        return read

    def keep(self, doc: Doc, analysis: Analysis) -> int:
        """Store what ``read`` rendered for ``analysis`` of ``doc``, as ``prerender`` stores a
        rendering; returns how many renderings were stored."""
        doc.readings = analysis.readings  # the page's views read them
        rendering, stored = self.rendering, 0
        for audience, (rendered, looked) in self._rendered.items():
            page = rendering.page(doc, rendered.file, audience)
            sizes = image_sizes(page.view.targets, rendering.files)
            # Sized otherwise than from its references, it is not kept: prerender renders it as usual.
            if all(sizes.get(target) == size for target, size in looked.items()):
                page.read_source(rendering.config)
                page.adopt(rendered, rendering.files)
                rendering.index_ahead(page)
                stored += 1
            page.file.page = None
        self._rendered.clear()
        return stored


class _LookedUp:
    """Image sizes read as rendering asks for them (a page's references are known only once it is
    read), each remembered, to be checked against the sizes of its references after."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self.looked: dict[str, tuple[int, int] | None] = {}

    def get(self, target: str) -> tuple[int, int] | None:
        if target not in self.looked:
            self.looked[target] = image_sizes([target], self.files).get(target)
        return self.looked[target]


def prerender(config_file: Path, academy: Academy, audiences: list[str], cache_dir: Path, jobs: int) -> tuple[int, int]:
    """Render the pages missing from the cache. Returns (distinct texts, texts rendered now).

    Which texts are missing is found here, from the readings the academy holds: after an
    edit, one page is missing and starting workers would cost more than rendering it.
    """
    pairs = variants(academy, audiences)
    rendering = Rendering.load(config_file, cache_dir)
    missing = []
    for src, audience in pairs:
        file = rendering.files.get_file_from_path(src)
        if file is not None and not rendering.cache.has(
            NAMESPACE, rendering.page(academy.docs[src], file, audience).render_key(rendering.files)
        ):
            missing.append((src, audience))
        if file is not None:
            file.page = None
    if jobs <= 1 or len(missing) < WORTH_A_WORKER * jobs:
        return len(pairs), _render(rendering, academy, missing)
    return len(pairs), sum(in_workers(partial(_render_chunk, config_file, cache_dir), missing, jobs, academy))
