"""Markdown rendered once per distinct text: a ``Page`` whose rendering is cached by content.

A page renders to the same HTML for every audience that reads the same Markdown (audience
blocks resolved), so the rendering is stored under a key made of that text, the page's place
and the links it makes, and everything that shapes rendering (extensions, their options,
package versions). Any change to those gives another key: a stale entry is never served.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..cache import Cache, digest

NAMESPACE = "render"


def toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents back in the token form ``get_toc`` reads."""
    return [
        {"level": item.level, "id": item.id, "name": item.title, "children": toc_tokens(item.children)}
        for item in items
    ]


class CachedPage(Page):
    """A documentation page whose Markdown rendering comes from the cache when it can."""

    def __init__(
        self,
        file: File,
        config: MkDocsConfig,
        *,
        cache: Cache,
        fingerprint: str,
        targets: tuple[str, ...],
    ) -> None:
        super().__init__(None, file, config)
        self._cache = cache
        self._fingerprint = fingerprint
        self.targets = targets
        """The files the page may link to, for any audience (``Doc.link_targets``)."""

    def render_key(self, files: Files) -> str:
        """The cache key of this page's rendering, as it reads now.

        A superset of the links of ``markdown`` serves as well as its own links: which of
        them exist is all the key needs of them.
        """
        markdown = self.markdown or ""
        present = [target for target in self.targets if files.get_file_from_path(target) is not None]
        return digest(self._fingerprint, self.file.src_uri, self.file.url, markdown, present)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Take the rendering from the cache, or render and store it."""
        key = self.render_key(files)
        entry = self._cache.get(NAMESPACE, key)
        if entry is not None:
            self.content = entry["content"]
            self.toc = get_toc(entry["toc"])
            self._title_from_render = entry["title"]
            self.present_anchor_ids = set(entry["anchors"])
            return
        super().render(config, files)
        self._cache.put(
            NAMESPACE,
            key,
            {
                "content": self.content,
                "toc": toc_tokens(list(self.toc)),
                "title": self._title_from_render,
                "anchors": sorted(self.present_anchor_ids or ()),
            },
        )
