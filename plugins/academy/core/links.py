"""Finding the links and images of a Markdown page, with their lines, to check their targets."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from .passages import Line

_INLINE = re.compile(r"!?\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)")
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["'](?P<target>[^"']+)["']""")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    """A link or image of a page, resolved to a path relative to ``docs_dir``."""

    line: int
    target: str
    """The ``src`` of the linked file, e.g. ``courses/api/index.md``."""
    written: str
    """The target as the author wrote it."""


def find_links(src: str, lines: Iterable[Line]) -> list[Link]:
    """Links of the page ``src`` (relative to ``docs_dir``) in ``lines``, code excluded, at the lines' numbers."""
    links = []
    fence: str | None = None
    folder = posixpath.dirname(src)
    for line in lines:
        text = line.text
        match = _FENCE.match(text) if "`" in text or "~" in text else None  # the test is cheaper than the match
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        if "](" not in text and "]:" not in text and "=" not in text:
            continue
        text = _CODE_SPAN.sub("", text)
        found = [m.group("target") for m in _INLINE.finditer(text)]
        found += [m.group("target") for m in _HTML.finditer(text)]
        reference = _REFERENCE.match(text)
        if reference:
            found.append(reference.group("target"))
        for written in found:
            target = resolve_target(folder, written)
            if target is not None:
                links.append(Link(line.number, target, written))
    return links


def resolve_target(folder: str, written: str) -> str | None:
    """The ``docs_dir``-relative path a relative link points at, or None for external ones."""
    if _SCHEME.match(written) or written.startswith(("#", "/", "//")):
        return None
    path = unquote(written.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(folder, path))
    if joined.startswith(".."):
        return None
    return joined
