"""Page analyses kept between builds, so that an unchanged page is not parsed again.

Parsing every body for audience blocks, and each reading of it for its heading and links, is
most of what checking an academy costs, and from one build to the next nearly every body is
unchanged. An analysis is a function of the inputs its key digests (``core.analysis``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..checkpoints import checkpoint
from ..core.analysis import analyse, analysis_key
from ..core.load import load_academy
from ..core.markdown import Parser
from ..core.model import Academy, Doc, Settings
from ..core.problems import Problem
from .cache import Cache, ShardedMap, digest
from .forked import in_workers, inherited

if TYPE_CHECKING:
    from .prerender import RenderingReader

NAMESPACE = "analysis"


WORTH_A_WORKER = 40
"""Pages to analyse per worker below which analysing them here is quicker than starting workers."""


class Analyses:
    """Analyses of pages by key, kept in ``cache`` (which may be off): a ``core.analysis.Memo``.

    Pages the cache misses are analysed ahead in ``jobs`` forked worker processes, when there
    are enough of them: parsing is most of what loading a large academy costs the first time.
    In a build, ``rendering`` makes a ``speed.prerender.RenderingReader``: pages analysed ahead
    are then read from their renderings, which are kept for the audiences (one parse, not two).
    """

    def __init__(
        self,
        cache: Cache | None = None,
        jobs: int = 1,
        rendering: Callable[[], RenderingReader] | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        """``say``: told before pages are analysed ahead (a first build of a large academy takes minutes)."""
        self.cache = cache if cache is not None else Cache(None)
        self.say = say or (lambda _: None)
        self.store = ShardedMap(self.cache, NAMESPACE, digest(NAMESPACE, __version__))
        self.used: dict[str, Any] = {}
        self.jobs = jobs
        self.rendering = rendering if self.cache.root is not None else None
        self.rendered = 0
        """Readings rendered (and kept) while analysed."""
        self._ahead: dict[str, Any] = {}

    def prepare(self, docs: list[Doc], parser: Parser) -> None:
        keys = {doc.src: analysis_key(doc, parser) for doc in docs}
        missing = [doc for doc in docs if keys[doc.src] not in self.store.before]
        if self.rendering is None and (self.jobs <= 1 or len(missing) < WORTH_A_WORKER * self.jobs):
            return  # analysed one by one as they are asked for (``get``)
        if len(missing) < WORTH_A_WORKER:
            return  # a few pages: parsed twice costs less than setting up the rendering
        rendered = ", rendering each as it is read" if self.rendering is not None else ""
        self.say(f"Reading {len(missing)} new or changed pages{rendered}, with {self.jobs} worker(s) ...")
        if self.jobs <= 1:
            found = [_analyse(range(len(missing)), (missing, parser, self.rendering))]
        else:
            found = in_workers(_analyse, range(len(missing)), self.jobs, (missing, parser, self.rendering))
        for part, rendered in found:
            self._ahead.update({keys[missing[index].src]: data for index, data in part})
            self.rendered += rendered

    def get(self, key: str) -> Any | None:
        found = self.store.before.get(key) or self._ahead.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def load(self, settings: Settings) -> tuple[Academy, list[Problem]]:
        """``load_academy`` with these analyses; the ones it used are kept for the next build."""
        found = load_academy(settings, self)
        self.save()
        return found

    def save(self) -> None:
        """Keep the analyses of this build (only those: the store does not grow with edits)."""
        if self.cache.root is not None:
            self.store.save(self.used)


def _analyse(indexes: Iterable[int], shared: Any = None) -> tuple[list[tuple[int, Any]], int]:
    """The analyses of ``docs[index]`` for each of ``indexes``, and how many readings were rendered."""
    docs, parser, rendering = inherited(shared)
    checkpoint("analysing")
    reader = rendering() if rendering is not None else None
    if reader is not None:
        checkpoint("rendering")  # pages render from here on, as in the shared rendering's workers
    found, rendered = [], 0
    for index in indexes:
        doc = docs[index]
        analysis = analyse(doc, parser, reader.reading(doc) if reader is not None else None)
        if reader is not None:
            rendered += reader.keep(doc, analysis)
        found.append((index, analysis.as_json()))
    return found, rendered


def load_academy_cached(settings: Settings, cache: Cache | None, jobs: int = 1) -> tuple[Academy, list[Problem]]:
    """``load_academy``, with each page's analysis kept in ``cache`` between builds (``jobs`` workers)."""
    return Analyses(cache, jobs).load(settings)
