"""Markdown rendered once per distinct text: a page whose rendering is cached by content.

A page renders to the same HTML for every audience that reads the same Markdown (passages
resolved), so the rendering is stored under a key made of that text, the page's place, which
of the files it refers to exist, and everything that shapes rendering (extensions, their
options, package versions). Any change to those gives another key: a stale entry is never
served.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..audit import blocks
from ..core.view import PageView
from ..plugins.content.pages import AcademyPage
from ..portal.images import image_sizes
from .cache import Cache, digest, text_digest

NAMESPACE = "render"
FORMAT = 2
"""Bump when what an entry holds changes (2: the audit's readings of the content's blocks)."""


def toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents back in the token form ``get_toc`` reads."""
    return [
        {"level": item.level, "id": item.id, "name": item.title, "children": toc_tokens(item.children)}
        for item in items
    ]


def render_key(inputs: str, file: File, page: PageView, files: Files) -> str:
    """The cache key of rendering ``page`` as ``file``'s page.

    MkDocs rewrites a reference to a file that exists and warns about one that does not: which
    of the page's own references exist, and the sizes of the images among them (their
    ``width`` and ``height``), is all the key needs of the other files.
    """
    present = [target for target in page.targets if target in files.src_uris]
    sizes = sorted(image_sizes(present, files).items())
    return digest(inputs, FORMAT, blocks.FORMAT, file.src_uri, file.url, text_digest(page.markdown), present, sizes)


class CachedPage(AcademyPage):
    """An academy page whose rendering comes from the cache when it can.

    An entry also holds the audit's readings of the content's blocks (``audit.blocks``), made
    once with the rendering: with ``audited``, the page offers them to its site's audit.
    """

    def __init__(
        self, file: File, config: MkDocsConfig, *, view: PageView, cache: Cache, inputs: str, audited: bool = False
    ) -> None:
        super().__init__(file, config, view=view)
        self._cache = cache
        self._inputs = inputs
        """What every page's rendering depends on (``keys.render_inputs``)."""
        self._audited = audited

    def render_key(self, files: Files) -> str:
        """The cache key of this page's rendering."""
        return render_key(self._inputs, self.file, self.view, files)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Take the rendering from the cache, or render and store it.

        A page whose Markdown a plugin changed (a hook's ``on_page_markdown``) is rendered as
        usual and not kept: the key knows the view's Markdown and the files it refers to, not
        what the plugin wrote.
        """
        if self.markdown != self.view.markdown:
            super().render(config, files)
            return
        key = self.render_key(files)
        entry = _entry(self._cache.get_text(NAMESPACE, key))
        if entry is not None:
            about, _, self.content = entry
            self.toc = get_toc(about["toc"])
            self._title_from_render = about["title"]
            self.present_anchor_ids = set(about["anchors"])
        else:
            super().render(config, files)
            self._store(key)
        if self._audited:
            # The readings are read from the entry again when the audit reaches the page:
            # held here, every page's would stay in memory until the whole site is written.
            blocks.offer(self.file.dest_uri, partial(_readings, self._cache, key))

    def adopt(self, rendered: Page, files: Files) -> None:
        """Take ``rendered`` (this page's Markdown, rendered as ``render`` renders it) as this
        page's rendering, and store it."""
        self.content, self.toc = rendered.content, rendered.toc
        self._title_from_render, self.present_anchor_ids = rendered._title_from_render, rendered.present_anchor_ids
        self._store(self.render_key(files))

    def _store(self, key: str) -> None:
        if self._cache.root is None:
            return
        about = {
            "toc": toc_tokens(list(self.toc)),
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
        }
        readings = blocks.readings_line(self.content or "")
        self._cache.put_text(
            NAMESPACE, key, json.dumps(about, ensure_ascii=False) + "\n" + readings + "\n" + (self.content or "")
        )


def _entry(text: str | None) -> tuple[dict, str, str] | None:
    """A rendering as stored: a line of JSON (table of contents, title, anchors), a line of the
    audit's block readings (``audit.blocks.readings_line``), then the HTML.

    The HTML stays plain text: decoding it from JSON would cost more than reading it.
    """
    if text is None:
        return None
    about, _, rest = text.partition("\n")
    readings, _, content = rest.partition("\n")
    try:
        data = json.loads(about)
    except ValueError:
        return None
    return (data, readings, content) if isinstance(data, dict) and {"toc", "title", "anchors"} <= data.keys() else None


def _readings(cache: Cache, key: str) -> str | None:
    """The block readings line of the entry at ``key`` (None: gone, or not an entry)."""
    entry = _entry(cache.get_text(NAMESPACE, key, counted=False))
    return entry[1] if entry is not None else None
