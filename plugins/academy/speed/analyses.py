"""Page analyses kept between builds, so that an unchanged page is not parsed again.

Parsing every body for audience blocks and links is most of what checking an academy costs,
and from one build to the next nearly every body is unchanged. An analysis depends on the
page's ``src``, body, audiences and draft state only (``core.analysis``), so it is kept in the
cache under a digest of those.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..core.analysis import Analysis, analyse
from ..core.load import load_academy
from ..core.model import Academy, Doc, Settings
from ..core.problems import Problem
from .cache import Cache, ShardedMap, digest, text_digest

NAMESPACE = "analysis"


class Analyses:
    """Analyses of pages, kept between builds in ``cache`` (which may be off)."""

    def __init__(self, cache: Cache | None = None) -> None:
        self.cache = cache if cache is not None else Cache(None)
        self.store = ShardedMap(self.cache, NAMESPACE, digest(NAMESPACE, __version__))
        self.used: dict[str, Any] = {}

    def of(self, doc: Doc) -> Analysis:
        """``analyse(doc)``, from the cache when the page was analysed before."""
        name = text_digest("\n".join([doc.src, " ".join(sorted(doc.audiences)), str(doc.draft), doc.body_digest]))
        stored = self.store.before.get(name)
        found = Analysis.from_json(stored) if stored is not None else None
        if found is None:
            found = analyse(doc)
            stored = found.as_json()
        self.used[name] = stored
        return found

    def save(self) -> None:
        """Keep the analyses of this build (only those: the store does not grow with edits)."""
        if self.cache.root is not None:
            self.store.save(self.used)


def load_academy_cached(settings: Settings, cache: Cache | None) -> tuple[Academy, list[Problem]]:
    """``load_academy``, with each page's analysis kept in ``cache`` between builds."""
    analyses = Analyses(cache)
    found = load_academy(settings, analyses.of)
    analyses.save()
    return found
