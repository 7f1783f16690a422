"""Material's search plugin, taking each page's index entries from the academy cache.

Indexing parses every page's HTML, which on a large academy costs more than rendering the
page from the cache. A page's entries depend only on its HTML, table of contents, URL, title
and search metadata, on the plugin's own options and on Material's version, so they are
stored under those.
"""

from __future__ import annotations

import re

from material.plugins.search.plugin import SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ... import __version__
from ...core import setup_inputs
from ...speed.cache import Cache, digest, text_digest
from ...speed.rendering import toc_tokens

NAMESPACE = "search"
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
"""What Material's ``SearchPlugin.on_page_context`` removes from a page once it has indexed it."""


class AcademySearchPlugin(SearchPlugin):
    """Material's search plugin (same options, same index), with cached entries per page."""

    _options = ""
    """A digest of the plugin's options, made once per build."""

    def on_config(self, config: MkDocsConfig) -> None:
        """Material's own setup; then digest the options and the versions of the packages that
        index (Material's parser), which every page's key includes."""
        super().on_config(config)
        self._options = digest(dict(self.config), __version__, setup_inputs.package_versions())

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        """Index the page, or take its entries from the cache.

        Priority: 0 (default).
        """
        if not self.config.enabled:
            return None
        # The content plugin makes the cache in its on_config; without it, nothing is kept.
        cache = getattr(config.plugins.get("academy/content"), "cache", None) or Cache(None)
        key = self.entry_key(page)
        entry = cache.get(NAMESPACE, key)
        if isinstance(entry, dict) and isinstance(entry.get("entries"), list):
            self.search_index.entries.extend(entry["entries"])
            page.content = without_search_attributes(page.content)
            return None
        before = len(self.search_index.entries)
        super().on_page_context(context, page=page, config=config, nav=nav)
        cache.put(NAMESPACE, key, {"entries": self.search_index.entries[before:]})
        return None

    def entry_key(self, page: Page) -> str:
        """What a page's entries depend on, digested."""
        return digest(
            self._options,
            page.url,
            str(page.title),
            page.meta.get("title"),
            page.meta.get("tags"),
            page.meta.get("search"),
            toc_tokens(list(page.toc)),
            text_digest(page.content),
        )

    def index_ahead(self, page: Page, cache: Cache) -> None:
        """Keep the entries of a page just rendered in ``cache``, for every audience's build to find.

        An audience's build finds them when the page reaches indexing as it was rendered (its
        key holds the content then): otherwise it indexes the page itself.
        """
        key = self.entry_key(page)
        if self.config.enabled and not cache.has(NAMESPACE, key):
            entries = self.search_index.entries
            before = len(entries)
            self.search_index.add_entry_from_context(page)
            cache.put(NAMESPACE, key, {"entries": entries[before:]})
            del entries[before:]


def without_search_attributes(content: str | None) -> str | None:
    """The page's HTML as Material's search plugin leaves it once indexed: no ``data-search-*`` attributes."""
    if not content or "data-search-" not in content:
        return content
    return _SEARCH_ATTRIBUTE.sub("", content)
