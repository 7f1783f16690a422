"""Markdown rendered once per distinct text: a ``Page`` whose rendering is cached by content.

A page renders to the same HTML for every audience that reads the same Markdown (audience
blocks resolved), so the rendering is stored under a key made of that text, the page's place
and the links it makes, and everything that shapes rendering (extensions, their options,
package versions). Any change to those gives another key: a stale entry is never served.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils.meta import YAML_RE, get_data

from ..core.model import Doc
from ..core.yamlio import plain
from .cache import Cache, digest, text_digest

NAMESPACE = "render"


def toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents back in the token form ``get_toc`` reads."""
    return [
        {"level": item.level, "id": item.id, "name": item.title, "children": toc_tokens(item.children)}
        for item in items
    ]


def render_key(fingerprint: str, file: File, markdown: str, targets: tuple[str, ...], files: Files) -> str:
    """The cache key of rendering ``markdown`` as ``file``'s page (see ``CachedPage.render_key``)."""
    present = [target for target in targets if target in files.src_uris]  # targets are normalised paths
    return digest(fingerprint, file.src_uri, file.url, text_digest(markdown), present)


def likely_markdown(doc: Doc) -> str | None:
    """The Markdown MkDocs will read for ``doc``, found without reading the file, or None.

    With front matter, MkDocs reads the body after it, less its leading blank lines. A file
    without front matter may hold metadata MkDocs reads its own way: None, read the file.
    """
    return doc.body.lstrip("\n") if doc.front else None


class CachedPage(Page):
    """A page of the academy, whose Markdown rendering comes from the cache when it can."""

    def __init__(self, file: File, config: MkDocsConfig, *, cache: Cache, fingerprint: str, doc: Doc) -> None:
        super().__init__(None, file, config)
        self._cache = cache
        self._fingerprint = fingerprint
        self._doc = doc
        self.targets = doc.link_targets
        """The files the page may link to, for any audience (``Doc.link_targets``)."""

    def read_source(self, config: MkDocsConfig) -> None:
        """Read the page as MkDocs does, taking the front matter the academy has read already.

        Reading YAML is most of the cost of reading a page, and every audience reads it.
        """
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string
        match = YAML_RE.match(source)
        if match is not None and match.group(1) == self._doc.front:
            self.markdown, self.meta = source[match.end() :].lstrip("\n"), plain(self._doc.meta)
        else:
            self.markdown, self.meta = get_data(source)

    def render_key(self, files: Files) -> str:
        """The cache key of this page's rendering, as it reads now.

        A superset of the links of ``markdown`` serves as well as its own links: which of
        them exist is all the key needs of them.
        """
        return render_key(self._fingerprint, self.file, self.markdown or "", self.targets, files)

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
