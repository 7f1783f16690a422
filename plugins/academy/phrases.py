"""Word phrases: the fingerprints the audit looks for in built output."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

SHINGLE = 8
"""Words per fingerprint cut from long texts."""
STRIDE = 4
"""Distance between fingerprints of a long text (any leak of 2 × SHINGLE words holds one)."""
MIN_WORDS = 3
"""Shorter texts (a two-word title) are too common to prove a leak."""

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")
_MD_TARGET = re.compile(r"\]\([^)]*\)|^\s*\[[^\]]+\]:.*$", re.MULTILINE)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)


def words_of_html(text: str) -> list[str]:
    """Visible words of HTML (or of text holding HTML, as a search index does)."""
    text = _SCRIPT.sub(" ", text)
    return _WORD.findall(html.unescape(_TAG.sub(" ", text)).lower())


def words_of_markdown(text: str) -> list[str]:
    """Words of Markdown source as they will read once rendered (link targets dropped)."""
    return words_of_html(_MD_TARGET.sub("]", text))


def fingerprints(words: list[str]) -> Iterator[tuple[str, ...]]:
    """Phrases that identify a text: the whole of a short one, overlapping shingles of a long one."""
    if len(words) < MIN_WORDS:
        return
    if len(words) <= SHINGLE:
        yield tuple(words)
        return
    for start in range(0, len(words) - SHINGLE + 1, STRIDE):
        yield tuple(words[start : start + SHINGLE])
    if (len(words) - SHINGLE) % STRIDE:
        yield tuple(words[-SHINGLE:])


class PhraseIndex:
    """A set of phrases of various lengths, found in a stream of words in one pass per length."""

    def __init__(self) -> None:
        self._by_length: dict[int, dict[tuple[str, ...], str]] = defaultdict(dict)

    def add(self, phrase: tuple[str, ...], owner: str) -> None:
        """Remember ``phrase`` as a fingerprint of ``owner`` (a description of its source)."""
        self._by_length[len(phrase)].setdefault(phrase, owner)

    def __len__(self) -> int:
        return sum(len(phrases) for phrases in self._by_length.values())

    def find(self, words: list[str]) -> Iterator[tuple[tuple[str, ...], str]]:
        """Each known phrase occurring in ``words``, once, with its owner."""
        seen: set[tuple[str, ...]] = set()
        for length, phrases in self._by_length.items():
            for start in range(len(words) - length + 1):
                window = tuple(words[start : start + length])
                if window in phrases and window not in seen:
                    seen.add(window)
                    yield window, phrases[window]

    def discard_found_in(self, texts: Iterable[list[str]]) -> None:
        """Forget phrases that also occur in ``texts`` (what the audience may legitimately read)."""
        for words in texts:
            for phrase, _ in list(self.find(words)):
                self._by_length[len(phrase)].pop(phrase, None)
