"""The Markdown parser the site renders with, used to read pages as rendering will read them.

Whether a line opens an audience block, sits in code, or is a link depends on everything
around it: lists, block quotes, admonitions, tabs, fences of either kind, raw HTML. A scanner
of our own would disagree with Markdown somewhere, and every disagreement would be a leak or
a broken page. So the core asks Python-Markdown itself, configured with the site's own
extensions, and only stops short of what reading needs nothing of (syntax highlighting,
serialising HTML).
"""

from __future__ import annotations

import copy
import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown import util as markdown_util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from .check_block import EXTENSION as CHECKS_EXTENSION
from .check_block import ChecksExtension
from .checks import Check
from .digests import digest
from .setup_inputs import named, setup_inputs

SNIPPETS = "pymdownx.snippets"
"""Included before the core reads a page (``snippets``), so never run again on its text."""
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs always adds."""
BLOCK_NAME = "audience"
_PLACEHOLDER = re.compile(markdown_util.HTML_PLACEHOLDER % r"(\d+)")
_TAG = re.compile(r"<[^>]*>")
_unescape = UnescapeTreeprocessor().unescape


@dataclass(frozen=True)
class MarkdownSetup:
    """The site's Markdown extensions and their options, as plain data."""

    extensions: tuple[Any, ...] = DEFAULT_EXTENSIONS
    """Extension names (or instances), in the order MkDocs loads them."""
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Options by extension name."""

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the extensions given by name."""
        return tuple(name for name in self.extensions if isinstance(name, str))

    @functools.cached_property
    def _signature(self) -> str:
        names = [named(item) for item in self.extensions]
        return digest(names, dict(self.configs), setup_inputs(self.extensions, self.configs))

    def signature(self) -> str:
        """A digest of the setup that is equal in every process with the same ``mkdocs.yml``, the
        same packages and the same files it reads (``setup_inputs``); made once per setup."""
        return self._signature


@dataclass
class MetBlock:
    """An audience block the parser met, as it read it."""

    argument: str
    element: etree.Element | None = None
    closed: bool = False
    raw: str = ""
    """Its content as written, where the parser left it so (in a block parsed "raw")."""
    content: str = ""
    """All its content: as written, and the text of what other processors parsed inside it
    (an admonition's lines, say), code set aside put back."""


@dataclass
class TreeParse:
    """A page parsed as rendering parses it, before HTML is written."""

    root: etree.Element
    met: list[MetBlock]
    """Audience blocks met: none in a page whose passages were resolved."""
    html: list[str]
    """Raw HTML, held outside the tree."""
    title: str | None
    """The text of the level-1 heading the page opens with, if any (MkDocs' rule for a title)."""
    written: str = ""
    """The page as HTML, when asked for (``tree(text, write=True)``)."""
    checks: list[Check] = field(default_factory=list)
    """The knowledge checks met, in order, with their feedback and explanation rendered."""


@dataclass
class BlockParse:
    """A page parsed into blocks, before any inline Markdown is read."""

    root: etree.Element
    met: list[MetBlock]
    code: list[str]
    """Texts the parser holds as code outside the tree (fenced code, highlighted blocks)."""
    html: list[str]
    """Raw HTML blocks, held outside the tree."""
    checks: list[Check] = field(default_factory=list)
    """The knowledge checks met, in order (without feedback: inline Markdown is not read)."""


class _AudienceProbe(Block):
    """Records each audience block the parser meets: with its content as written ("raw"), or
    with its content parsed as Markdown parses a passage it shows ("auto")."""

    NAME = BLOCK_NAME
    ARGUMENT = None
    OPTIONS: dict[str, Any] = {}

    def on_markdown(self) -> str:
        return self.config["mode"]

    def on_create(self, parent: etree.Element) -> etree.Element:
        element = etree.SubElement(parent, "div")
        self.met = MetBlock(str(self.argument or ""), element)
        self.config["met"].append(self.met)
        return element

    def on_end(self, block: etree.Element) -> None:
        self.met.closed = True


class _ProbeExtension(BlocksExtension):
    def __init__(self) -> None:
        self.met: list[MetBlock] = []
        super().__init__()

    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        self.options = {"met": self.met, "mode": "raw"}
        block_mgr.register(_AudienceProbe, self.options)


def _reading_configs(setup: MarkdownSetup) -> dict[str, dict[str, Any]]:
    """The options of ``setup``, with syntax highlighting off: colours change no structure."""
    configs = {str(name): dict(options) for name, options in setup.configs.items()}
    for name in ("pymdownx.highlight", "codehilite"):
        if name in setup.names:
            configs.setdefault(name, {})["use_pygments"] = False
    return configs


class Parser:
    """Python-Markdown configured as the site is, plus a probe that records audience blocks.

    One instance parses many pages: it is reset before each.
    """

    def __init__(self, setup: MarkdownSetup | None = None) -> None:
        self.setup = setup or MarkdownSetup()
        extensions: list[str | Extension] = [name for name in self.setup.extensions if name != SNIPPETS]
        self._probe = _ProbeExtension()
        # Knowledge checks are read as the site renders them (the content plugin adds the same extension).
        self._checks = ChecksExtension()
        extensions = [name for name in extensions if name != CHECKS_EXTENSION]
        self.md = markdown.Markdown(
            extensions=[*extensions, self._checks, self._probe], extension_configs=_reading_configs(self.setup)
        )

    def blocks(self, text: str, *, shown: bool = False) -> BlockParse:
        """Parse ``text`` into blocks, recording every audience block met.

        An audience block's content is kept as written, unless ``shown``: then it is parsed
        as Markdown parses the content of a block it renders.
        """
        md = self.md
        md.reset()
        self._probe.met.clear()
        self._probe.options["mode"] = "auto" if shown else "raw"
        root = md.parser.parseDocument(self._preprocessed(text)).getroot()
        code = self._stashed_code()
        html = [_html_text(block) for block in md.htmlStash.rawHtmlBlocks]
        met = list(self._probe.met)
        for block in met:
            element = block.element
            if element is not None:
                block.raw = "\n".join(filter(None, [element.text, *(child.tail for child in element)]))
                texts = "\n".join(chunk for _, chunk, _ in texts_of(element))
                block.content = _PLACEHOLDER.sub(
                    lambda match: code.get(match.group(1)) or _at(html, match.group(1)), texts
                )
        return BlockParse(root, met, list(code.values()), html, list(self._checks.checks))

    def tree(self, text: str, *, write: bool = False) -> TreeParse:
        """Parse ``text`` as rendering does, up to the finished element tree; with ``write``, its HTML too."""
        md = self.md
        md.reset()
        self._probe.met.clear()
        self._probe.options["mode"] = "raw"
        root = md.parser.parseDocument(self._preprocessed(text)).getroot()
        for processor in md.treeprocessors:
            replaced = processor.run(root)
            if replaced is not None:
                root = replaced
        html = [_html_text(block) for block in md.htmlStash.rawHtmlBlocks]
        written = ""
        if write:  # as Markdown.convert finishes: the tree written, then raw HTML and entities put back
            written = md.serializer(root)
            for processor in md.postprocessors:
                written = processor.run(written)
        title = heading_text(root[0], html) if _opens_with_h1(root) else None
        return TreeParse(root, list(self._probe.met), html, title, written, list(self._checks.checks))

    def _preprocessed(self, text: str) -> list[str]:
        lines = text.split("\n")
        for processor in self.md.preprocessors:
            lines = processor.run(lines)
        return lines

    def _stashed_code(self) -> dict[str, str]:
        """Fenced code held by pymdownx.superfences as written, by placeholder number."""
        try:
            processor = self.md.preprocessors["fenced_code_block"]
        except KeyError:
            return {}
        stash = getattr(getattr(processor, "extension", None), "stash", None)
        entries = getattr(stash, "stash", None)
        if not isinstance(entries, dict):
            return {}
        return {
            str(key).rpartition(":")[2]: str(entry[0])
            for key, entry in entries.items()
            if isinstance(entry, tuple) and entry
        }


def heading_text(heading: etree.Element, stash: list[str]) -> str:
    """The plain text of a heading, as MkDocs takes a page title from it; ``stash``: the raw HTML
    its parse held outside the tree."""
    heading = copy.deepcopy(heading)
    if len(heading) and heading[-1].tag == "a" and heading[-1].get("class") == "headerlink":
        del heading[-1]
    for element in list(heading.iter()):
        if element.tag == "sup" and element.get("id", "").startswith("fnref"):
            element.clear()
        elif element.tag == "img":
            element.text = element.get("alt", "")
    text = "".join(heading.itertext())
    text = _PLACEHOLDER.sub(lambda match: _at(stash, match.group(1)), text)
    text = _TAG.sub("", _unescape(text))
    return " ".join(html.unescape(text).split())


_READ_AFTER = ("mkdocs.structure.pages", "academy.portal.tasklist")
"""Modules whose tree processors may run after ``TreeCapture``'s: MkDocs' own (addresses, anchors,
title) and the names of task-list checkboxes, which change nothing ``Parser.tree`` is read for."""


class TreeCapture(Extension):
    """Keeps what ``Parser.tree`` reads of a page while the site renders it, so that a page
    rendered anyway is not parsed a second time to be read (``core.analysis.read_text``).

    Its tree processor is registered at priority 0 while Markdown is set up: after every tree
    processor of the site's extensions (Python-Markdown's last, unescaping, sits at 0 and is
    registered first) and before MkDocs' own, registered later, which rewrite addresses. It
    keeps a copy of the tree as it stands then, with the raw HTML held outside it, the title
    and the knowledge checks: ``parse`` after the rendering (``written`` is for the caller to
    set). ``parse`` stays None when a processor of another package runs after it (the tree
    it kept would not be the finished one): the page is then read by ``Parser.tree``.
    """

    PRIORITY = 0

    def __init__(self) -> None:
        super().__init__()
        self.parse: TreeParse | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Capture(md, self), "academy-capture", self.PRIORITY)


class _Capture(Treeprocessor):
    def __init__(self, md: markdown.Markdown, extension: TreeCapture) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self.extension.parse = None
        processors = list(self.md.treeprocessors)
        if any(type(later).__module__ not in _READ_AFTER for later in processors[processors.index(self) + 1 :]):
            return
        stash = [_html_text(block) for block in self.md.htmlStash.rawHtmlBlocks]
        extensions = self.md.registeredExtensions
        checks = [check for ext in extensions if isinstance(ext, ChecksExtension) for check in ext.checks]
        title = heading_text(root[0], stash) if _opens_with_h1(root) else None
        self.extension.parse = TreeParse(copy.deepcopy(root), [], stash, title, "", checks)


def _at(html: list[str], number: str) -> str:
    index = int(number)
    return html[index] if index < len(html) else ""


def _html_text(block: Any) -> str:
    return block if isinstance(block, str) else etree.tostring(block, encoding="unicode", method="html")


def _opens_with_h1(root: etree.Element) -> bool:
    return len(root) > 0 and root[0].tag == "h1"


def texts_of(root: etree.Element) -> Iterator[tuple[etree.Element, str, bool]]:
    """Every text of a tree with its element and whether it is code (inside ``pre`` or ``code``)."""

    def walk(element: etree.Element, in_code: bool) -> Iterator[tuple[etree.Element, str, bool]]:
        code = in_code or element.tag in ("pre", "code")
        if element.text:
            yield element, element.text, code
        for child in element:
            yield from walk(child, code)
            if child.tail:
                yield element, child.tail, code

    yield from walk(root, False)
