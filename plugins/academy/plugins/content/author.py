"""The author preview in MkDocs: switched on by ``academy serve --all`` only, and marked.

There is no setting, option or environment variable for it: ``academy serve --all`` switches
it on in its own process, around the MkDocs server (``serving_all``). No build that publishes
a site (``academy build``, ``mkdocs build``, ``mkdocs gh-deploy``) can turn it on, so no
published site ever holds one audience's passages beside another's.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager

from markdown import Markdown
from markupsafe import escape
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from ...core.author import PageReaders
from ...core.markdown import BLOCK_NAME
from ...core.passages import read_argument

_serving_all = False


@contextmanager
def serving_all() -> Iterator[None]:
    """Within: this process's builds are author previews (``core.author``)."""
    global _serving_all
    _serving_all = True
    try:
        yield
    finally:
        _serving_all = False


def active() -> bool:
    """Whether this build is an author preview."""
    return _serving_all


def _names(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "nobody"


class _MarkedPassage(Block):
    """An audience block shown with its content, framed, and labelled with who reads it."""

    NAME = BLOCK_NAME
    ARGUMENT = None
    OPTIONS: dict = {}

    def on_create(self, parent: etree.Element) -> etree.Element:
        words, ids, excluding = read_argument(str(self.argument or ""))
        who = f"every reader of the page but {_names(ids)}" if excluding else f"{_names(ids)} only"
        element = etree.SubElement(
            parent, "div", {"class": "academy-author-passage", "data-audiences": " ".join(words)}
        )
        label = etree.SubElement(element, "p", {"class": "academy-author-passage__mark"})
        label.text = f"Passage for {who}"
        self._who = who
        return element

    def on_end(self, block: etree.Element) -> None:
        end = etree.SubElement(block, "p", {"class": "academy-author-passage__mark academy-author-passage__end"})
        end.text = f"End of the passage for {self._who}"


class MarkedPassages(BlocksExtension):
    """A Markdown extension rendering each audience block as a marked passage (author preview only)."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        block_mgr.register(_MarkedPassage, {})


def banner(readers: PageReaders) -> str:
    """The note above a page of the author preview: who reads it in the published sites."""
    if readers.draft:
        text = "Draft: no published site has this page."
    else:
        text = f"Read by: {_names(readers.audiences)}."
    return f'<p class="academy-author-banner">{escape(text)}</p>\n'
