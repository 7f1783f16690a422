"""Author mode: every page of the academy on one preview, each passage shown where it stands.

Authors write for several audiences at once; a learner's site shows one audience's reading
only. The author preview (``academy serve --all``) shows what is written instead: every page
(drafts too), every passage of every page, every collection and file, under the branding of
one audience, with who reads each page and each passage marked. It is built only by
``academy serve`` (``plugins.content.author``), never into a site that is published.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .analysis import read_text
from .markdown import Parser
from .model import Academy, Doc, Reading


@dataclass(frozen=True)
class PageReaders:
    """Who reads a page in the published sites."""

    audiences: tuple[str, ...]
    """Sorted; empty for a draft."""
    draft: bool


def open_to(academy: Academy, audience: str) -> dict[str, PageReaders]:
    """Let ``audience`` read everything of ``academy`` (changed in place), passages with their markers.

    Returns:
        Who reads each page in the published sites, by ``src``.
    """
    parser = Parser(academy.settings.markdown)
    readers = {}
    for doc in academy.docs.values():
        readers[doc.src] = PageReaders(tuple(sorted(doc.readers)), doc.draft)
        doc.readings[audience] = author_reading(doc, parser)
        doc.readers = doc.readers | {audience}
    academy.assets = {src: replace(asset, readers=asset.readers | {audience}) for src, asset in academy.assets.items()}
    for collection in academy.collections.values():
        collection.readers = collection.readers | {audience}
    return readers


def author_reading(doc: Doc, parser: Parser) -> Reading:
    """``doc`` with every passage shown: read as Markdown reads that text (title, links, checks),
    while its Markdown is the body as written, markers included, for rendering them as marks."""
    if not doc.passages.blocks and doc.readings:
        return next(iter(doc.readings.values()))  # every reader reads the body as written
    text, line_map = doc.passages.read_showing(doc.body, lambda block: True)
    reading, _ = read_text(doc.src, doc.passages, text, line_map, parser)
    return replace(reading, markdown=doc.body)
