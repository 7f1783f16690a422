"""Markdown rendered once per distinct text: a page whose rendering is cached by content.

A page renders to the same HTML for every audience that reads the same Markdown (passages
resolved), so the rendering is stored under a key made of that text, the page's place, which
of the files it refers to exist, and everything that shapes rendering (extensions, their
options, package versions). Any change to those gives another key: a stale entry is never
served.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink, get_toc

from ..core.view import PageView
from ..plugins.content.pages import AcademyPage
from .cache import Cache, digest, text_digest

NAMESPACE = "render"


def toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents back in the token form ``get_toc`` reads."""
    return [
        {"level": item.level, "id": item.id, "name": item.title, "children": toc_tokens(item.children)}
        for item in items
    ]


def render_key(inputs: str, file: File, page: PageView, files: Files) -> str:
    """The cache key of rendering ``page`` as ``file``'s page.

    MkDocs rewrites a reference to a file that exists and warns about one that does not: which
    of the page's own references exist is all the key needs of the other files.
    """
    present = [target for target in page.targets if target in files.src_uris]
    return digest(inputs, file.src_uri, file.url, text_digest(page.markdown), present)


class CachedPage(AcademyPage):
    """An academy page whose rendering comes from the cache when it can."""

    def __init__(self, file: File, config: MkDocsConfig, *, view: PageView, cache: Cache, inputs: str) -> None:
        super().__init__(file, config, view=view)
        self._cache = cache
        self._inputs = inputs
        """What every page's rendering depends on (``keys.render_inputs``)."""

    def render_key(self, files: Files) -> str:
        """The cache key of this page's rendering."""
        return render_key(self._inputs, self.file, self.view, files)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Take the rendering from the cache, or render and store it."""
        key = self.render_key(files)
        entry = _entry(self._cache.get_text(NAMESPACE, key))
        if entry is not None:
            about, self.content = entry
            self.toc = get_toc(about["toc"])
            self._title_from_render = about["title"]
            self.present_anchor_ids = set(about["anchors"])
            return
        super().render(config, files)
        about = {
            "toc": toc_tokens(list(self.toc)),
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
        }
        self._cache.put_text(NAMESPACE, key, json.dumps(about, ensure_ascii=False) + "\n" + (self.content or ""))


def _entry(text: str | None) -> tuple[dict, str] | None:
    """A rendering as stored: a line of JSON (table of contents, title, anchors), then the HTML.

    The HTML stays plain text: decoding it from JSON would cost more than reading it.
    """
    if text is None:
        return None
    about, _, content = text.partition("\n")
    try:
        data = json.loads(about)
    except ValueError:
        return None
    return (data, content) if isinstance(data, dict) and {"toc", "title", "anchors"} <= data.keys() else None
