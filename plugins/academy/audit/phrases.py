"""Word phrases: the fingerprints the audit looks for in built output.

Texts are cut into blocks (a paragraph, a heading, a list item, a table cell, a JSON string)
and fingerprints never cross a block's edge: the words that happen to follow each other across
two blocks of a page (a heading, then the first sentence after it; a title, then a menu entry)
prove nothing and would make the audit cry wolf.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

SHINGLE = 8
"""Words per fingerprint cut from long blocks."""
STRIDE = 4
"""Distance between fingerprints of a long block (any leak of 2 × SHINGLE words holds one)."""
MIN_WORDS = 3
"""Shorter blocks (a two-word title) are too common to prove a leak."""

Blocks = list[list[str]]

_WORD = re.compile(r"[^\W_]+")
_INLINE_TAGS = "a|abbr|b|code|del|em|i|ins|kbd|mark|s|small|span|strong|sub|sup|u"
_BLOCK_TAG = re.compile(rf"<(?!/?(?:{_INLINE_TAGS})\b)[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
_MD_TARGET = re.compile(r"\]\([^)]*\)")
_MD_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:.*$")
_MD_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||!!!|\?\?\?|/{3,}|`{3,}|~{3,}|:\s)")
_MD_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+")


def words(text: str) -> list[str]:
    """The lowercase words of plain text."""
    return _WORD.findall(text.lower())


def blocks_of_html(text: str) -> Blocks:
    """The visible words of HTML (or of text holding HTML, as a search index does), by block."""
    text = _SCRIPT.sub("\n", text)
    pieces = _BLOCK_TAG.split(text)
    return [found for piece in pieces if (found := _fragment_words(piece))]


def _fragment_words(text: str) -> list[str]:
    """The words of a piece of HTML with no block tag in it."""
    return words(html.unescape(_TAG.sub(" ", text)))


def blocks_of_markdown(text: str) -> Blocks:
    """The words of Markdown source as they will read once rendered, by block."""
    blocks: Blocks = []
    current: list[str] = []
    for line in text.splitlines():
        if _MD_REFERENCE.match(line):
            continue
        line = _MD_ADMONITION.sub(" ", _MD_TARGET.sub("]", line))
        row = line.lstrip().startswith("|")
        if (not line.strip() or row or _MD_BLOCK_START.match(line)) and current:
            blocks.append(current)
            current = []
        if row:
            blocks.extend(found for cell in line.split("|") if (found := _fragment_words(cell)))
        else:
            current.extend(_fragment_words(line))
    if current:
        blocks.append(current)
    return blocks


def fingerprints(block: list[str]) -> Iterator[tuple[str, ...]]:
    """Phrases that identify a block: the whole of a short one, overlapping shingles of a long one."""
    if len(block) < MIN_WORDS:
        return
    if len(block) <= SHINGLE:
        yield tuple(block)
        return
    for start in range(0, len(block) - SHINGLE + 1, STRIDE):
        yield tuple(block[start : start + SHINGLE])
    if (len(block) - SHINGLE) % STRIDE:
        yield tuple(block[-SHINGLE:])


class PhraseIndex:
    """A set of phrases of various lengths, found in blocks of words in one pass per length."""

    def __init__(self) -> None:
        self._by_length: dict[int, dict[tuple[str, ...], str]] = defaultdict(dict)
        self._lookup: tuple[dict[str, set[int]], set[str]] | None = None
        """Made when first needed, from every phrase: the first words of the phrases to their
        lengths (only windows starting so are looked at), and the longest word of each phrase
        (a block without any of them holds no phrase)."""
        self._items: list[tuple[tuple[str, ...], str]] | None = None
        """``items()``, kept until the index changes: signing, storing and comparing all read it."""

    def add(self, phrase: tuple[str, ...], owner: str) -> None:
        """Remember one phrase as a fingerprint of ``owner``."""
        self._by_length[len(phrase)].setdefault(phrase, owner)
        self._lookup = self._items = None

    def add_texts(self, items: Iterable[tuple[str, str]]) -> None:
        """Remember phrases given as (words joined by spaces, owner): reading a stored index."""
        by_length = self._by_length
        for words, owner in items:
            phrase = tuple(words.split(" "))
            by_length[len(phrase)].setdefault(phrase, owner)
        self._lookup = self._items = None

    def discard(self, phrase: tuple[str, ...]) -> None:
        """Forget one phrase, if known (a lookup made before still serves: it only narrows the search)."""
        phrases = self._by_length.get(len(phrase))
        if phrases is not None and phrases.pop(phrase, None) is not None:
            self._items = None

    def add_blocks(self, blocks: Blocks, owner: str, shared: set[tuple[str, ...]] | None = None) -> None:
        """Remember the fingerprints of ``blocks`` as belonging to ``owner`` (a description of its source).

        A phrase known already keeps its owner; with ``shared``, it is added there when that
        owner is another.
        """
        by_length = self._by_length
        for block in blocks:
            for phrase in fingerprints(block):
                if by_length[len(phrase)].setdefault(phrase, owner) != owner and shared is not None:
                    shared.add(phrase)
        self._lookup = self._items = None

    def items(self) -> list[tuple[tuple[str, ...], str]]:
        """Every phrase with its owner, sorted by the phrase's words joined by spaces."""
        if self._items is None:
            # By text, not by tuple: comparing tuples word by word is several times slower.
            # Words hold no spaces, so two phrases never join into the same text.
            self._items = sorted(self, key=_joined)
        return self._items

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], str]]:
        """Every phrase with its owner, in no particular order."""
        for phrases in self._by_length.values():
            yield from phrases.items()

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, tuple) and phrase in self._by_length.get(len(phrase), {})

    def __len__(self) -> int:
        return sum(len(phrases) for phrases in self._by_length.values())

    def find(self, blocks: Iterable[list[str]]) -> Iterator[tuple[tuple[str, ...], str]]:
        """Each known phrase occurring within one of ``blocks``, once, with its owner.

        A block holding a phrase holds its longest word: blocks without any such word (most
        of them, when few phrases are hidden) are passed over at the speed of a set lookup.
        """
        seen: set[tuple[str, ...]] = set()
        if self._lookup is None:
            starts: dict[str, set[int]] = defaultdict(set)
            anchors: set[str] = set()
            for length, phrases in self._by_length.items():
                for phrase in phrases:
                    starts[phrase[0]].add(length)
                    anchors.add(max(phrase, key=len))
            self._lookup = (dict(starts), anchors)
        starts, anchors = self._lookup
        by_length = self._by_length
        for block in blocks:
            if anchors.isdisjoint(block):
                continue
            size = len(block)
            for position, word in enumerate(block):
                lengths = starts.get(word)
                if not lengths:
                    continue
                for length in lengths:
                    if position + length > size:
                        continue
                    window = tuple(block[position : position + length])
                    owner = by_length[length].get(window)
                    if owner is not None and window not in seen:
                        seen.add(window)
                        yield window, owner


def unpack_blocks(packed: str) -> Blocks:
    """Blocks from their packed form: words joined by spaces, blocks by newlines."""
    return [line.split(" ") for line in packed.split("\n")] if packed else []


def _joined(item: tuple[tuple[str, ...], str]) -> str:
    return " ".join(item[0])
