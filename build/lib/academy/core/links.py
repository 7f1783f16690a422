"""The files a page refers to, read from the Markdown parser's own element tree.

Every attribute that can name a file counts (``href``, ``src``, each candidate of a
``srcset``, ``data``, ``poster``, ``url(…)`` in a ``style`` …), in the tree and in the raw
HTML the parser sets aside, so that a link wrapped over two lines, a reference-style link, or
an image inside HTML is found exactly as rendering will find it.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import unquote

from .model import Link

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "data",
        "poster",
        "xlink:href",
        "cite",
        "background",
        "longdesc",
        "action",
        "formaction",
        "manifest",
    }
)
"""Attributes whose whole value is one URL."""
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
"""Attributes holding several URLs, each followed by a size."""
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def attribute_urls(name: str, value: str) -> Iterator[str]:
    """The URLs an attribute holds, by its name: one, each candidate of a srcset, or CSS ``url()``s."""
    name = name.lower()
    if name in URL_ATTRIBUTES:
        if value.strip():
            yield value.strip()
    elif name in SRCSET_ATTRIBUTES:
        for candidate in value.split(","):
            if candidate.strip():
                yield candidate.split()[0]
    elif name == "style":
        yield from (match.group(2).strip() for match in _CSS_URL.finditer(value))


def written_references(root: etree.Element, html_blocks: list[str]) -> list[str]:
    """Every URL the tree and its raw HTML hold, in document order, as written."""
    found = [
        url for element in root.iter() for name, value in element.attrib.items() for url in attribute_urls(name, value)
    ]
    collector = _HtmlReferences()
    for block in html_blocks:
        collector.feed(block)
    collector.close()
    return found + collector.found


class _HtmlReferences(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None:
                self.found.extend(attribute_urls(name, value))

    handle_startendtag = handle_starttag


def resolve_target(folder: str, written: str) -> str | None:
    """The file a reference points at, or None for external ones and anchors.

    Relative references give a ``docs_dir``-relative path; references from the site's root
    give that path with a leading ``/`` (what they point at depends on where the site lives).
    """
    if _SCHEME.match(written) or written.startswith(("#", "//")):
        return None
    path = unquote(written.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    if path.startswith("/"):
        return "/" + posixpath.normpath(path).lstrip("/") + ("/" if path.endswith("/") and path != "/" else "")
    joined = posixpath.normpath(posixpath.join(folder, path))
    if joined.startswith(".."):
        return None
    return joined


def links_of(src: str, root: etree.Element, html_blocks: list[str], text: str, line_map: list[int]) -> tuple[Link, ...]:
    """The references of the page ``src`` whose reading is ``text`` (parsed as ``root``).

    A reference's line is the body line where its URL is written first in the reading.
    """
    folder = posixpath.dirname(src)
    lines = text.split("\n")
    links = []
    for written in written_references(root, html_blocks):
        target = resolve_target(folder, written)
        if target is not None:
            index = next((i for i, line in enumerate(lines) if written in line), 0)
            links.append(Link(line_map[index] if index < len(line_map) else 1, target, written))
    return tuple(links)
