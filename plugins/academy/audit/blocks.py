"""Blocks of output pages, and what the audit reads in each: read once per rendering, not per site.

The audit reads a page as its blocks, cut before each line that opens a block tag (a header,
the navigation and the footer recur on every page; ``scan``). Most of a page's blocks are its
content, which every audience reading the same Markdown gets identically. Reading markup is
most of an audit's cost, so the blocks of a page's content are read when its rendering is
stored (``speed.rendering``), once for every audience, and travel with it: an audience's
build offers them for the page's output file, and its audit takes them when it reads that file.

A block's reading is known by the digest of the block's text, so it is used only for the very
same text; a block of the file that is not among them (the first and last blocks of the
content, which the template's text joins; anything a plugin added) is read as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from .text import read_markup

FORMAT = 1
"""Bump when how a block is read changes: readings stored by an older build are then not used."""

_BLOCK_LINE = re.compile(
    r"\n[ \t]*(?=</?(?:div|nav|ul|ol|li|header|footer|main|article|aside|section|form|table|thead|tbody|tr|td"
    r"|th|p|h[1-6]|pre|blockquote|details|summary|dl|dt|dd|figure|hr|meta|link|script|input|button|svg|path|dialog"
    r"|html|head|body)\b)"
)
"""A line that opens or closes a block tag (never one of ``text``'s inline ones), from the line
break before it: a page's blocks start there."""


def split_blocks(text: str) -> list[str]:
    """``text`` cut before each line that opens or closes a block tag, that line's indent left out.

    Each block but the last ends with its line break. Matching from the line break (not after
    it, with a look-behind) lets the regex engine skip to the next one: twice as fast.
    """
    blocks: list[str] = []
    start = 0
    for line in _BLOCK_LINE.finditer(text):
        blocks.append(text[start : line.start() + 1])
        start = line.end()
    blocks.append(text[start:])
    return blocks


@dataclass(frozen=True)
class BlockReading:
    """What a block holds for the audit, whatever the audience."""

    words: list[str]
    """Every word, ``BREAK`` between segments (``text.Reading.words``)."""
    references: list[str]
    """URLs as written, relative to the page."""
    open_ended: bool
    """Whether the block may read otherwise within the page (``text.Reading.open_ended``)."""


def read_block(block: str) -> BlockReading:
    """The audit's reading of one block of a page."""
    reading = read_markup(block)
    return BlockReading(reading.words(), reading.references, reading.open_ended)


def block_key(block: str) -> str:
    """What a block's reading is known by: the digest of its text."""
    return hashlib.blake2b(block.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


KEPT = 16 * 1024 * 1024
"""Characters of blocks whose readings a process keeps (pages repeat a note, a table row, a step)."""
_READ: dict[str, tuple[str, list]] = {}
_kept = 0


def readings_line(html: str) -> str:
    """The readings of the blocks of ``html`` (a page's content), as one line of JSON."""
    global _kept
    found = {}
    for block in split_blocks(html):
        known = _READ.get(block)
        if known is None:
            reading = read_block(block)
            known = (block_key(block), [" ".join(reading.words), reading.references, reading.open_ended])
            if _kept < KEPT:
                _kept += len(block)
                _READ[block] = known
        found[known[0]] = known[1]
    return json.dumps([FORMAT, found], ensure_ascii=False, separators=(",", ":"))


_OFFERED: dict[str, Callable[[], str | None]] = {}
"""Output files (by path in the site) to where the readings line of their content is found."""


def offer(path: str, line: Callable[[], str | None]) -> None:
    """Make the readings of a page's content blocks known to the audit of its output file
    ``path``: ``line`` gives them (as ``readings_line`` wrote them) when the audit asks."""
    _OFFERED[path] = line


def take(path: str) -> dict[str, list]:
    """The block readings offered for the output file ``path``, by ``block_key``, as stored
    (``reading`` makes one a ``BlockReading``); none when their line is gone or does not read as
    ``readings_line`` writes it."""
    source = _OFFERED.pop(path, None)
    line = source() if source is not None else None
    if not line:
        return {}
    try:
        version, found = json.loads(line)
    except ValueError:
        return {}
    return found if version == FORMAT and isinstance(found, dict) else {}


def reading(stored: list) -> BlockReading:
    """A block's reading as ``take`` gives it, or the reading of nothing when it is not one."""
    try:
        words, references, open_ended = stored
        return BlockReading(words.split(" ") if words else [], [str(ref) for ref in references], bool(open_ended))
    except (TypeError, ValueError, AttributeError):
        return BlockReading([], [], True)


def forget() -> None:
    """Drop every offered reading (a build starts, or its audit is over)."""
    _OFFERED.clear()
