"""Finding thousands of phrases in a text of word digests, with the walking done in C.

A text of digests is read as a list of 64-bit integers (one ``memoryview`` cast), and a pair
of neighbouring words is a pair of integers. Which pairs of a text are wanted is one set
intersection: Python then visits only the places where a wanted pair stands, and compares
each phrase there byte for byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

TOKEN = 8
"""Bytes of a word's digest."""
SEP = b"\xff" * TOKEN
"""Stands between segments in a text of digests."""
_SEP_WORD = int.from_bytes(SEP, "little")

Pair = tuple[int, int]


def words(text: bytes) -> list[int]:
    """A text of digests as its words."""
    return memoryview(text).cast("Q").tolist()


def pair_of(pair: bytes) -> Pair:
    """Two words' digests (``2 * TOKEN`` bytes) as a pair of words."""
    first, second = words(pair)
    return first, second


def places(text: list[int], wanted: set[Pair]) -> list[int]:
    """Where (in words) the pairs of ``text`` that are in ``wanted`` start."""
    found = wanted.intersection(pairwise(text)) if wanted else None
    if not found:
        return []
    return [at for at, pair in enumerate(pairwise(text)) if pair in found]


def segments(text: bytes) -> list[bytes]:
    """The segments of a text of digests: its runs of words between ``SEP`` words."""
    pieces = text.split(SEP)
    if all(len(piece) % TOKEN == 0 for piece in pieces):
        return [piece for piece in pieces if piece]
    # The bytes of two neighbouring digests happen to hold SEP: cut at whole words only.
    found, start = [], 0
    for at, word in enumerate(words(text)):
        if word == _SEP_WORD:
            if at > start:
                found.append(text[start * TOKEN : at * TOKEN])
            start = at + 1
    if start < len(text) // TOKEN:
        found.append(text[start * TOKEN :])
    return found


class Corpus:
    """A text of digests, ready for asking which phrases it holds."""

    def __init__(self, text: bytes) -> None:
        self.text = text
        self._words = words(text)

    def holds_words(self, wanted: Iterable[bytes]) -> set[bytes]:
        """Which of the one-word phrases ``wanted`` the text holds."""
        vocabulary = set(self._words)
        return {word for word in wanted if words(word)[0] in vocabulary}

    def pair_counts(self, phrases: list[bytes]) -> tuple[list[Pair], list[int]]:
        """For the phrases (two words or more) laid end to end: each pair of neighbouring words,
        and how often the text holds it (a phrase of n words starting at word s has its pairs
        at s … s + n - 2; the entry at its last word belongs to no phrase)."""
        pairs = list(pairwise(words(b"".join(phrases))))
        counts = Counter(filter(set(pairs).__contains__, pairwise(self._words)))
        return pairs, [counts[pair] for pair in pairs]

    def occurring(self, anchored: dict[Pair, list[tuple[bytes, int]]]) -> set[bytes]:
        """The phrases the text holds, of ``anchored``: a pair to the phrases holding it and
        where (in words) it stands in each. Each is looked for only where its pair stands."""
        pending = dict(anchored)
        found: set[bytes] = set()
        for start in places(self._words, set(pending)):
            entries = pending.get(self.pair_at(start))
            if not entries:
                continue
            left = []
            for phrase, at in entries:
                begin = (start - at) * TOKEN
                if begin >= 0 and self.text.startswith(phrase, begin):
                    found.add(phrase)
                else:
                    left.append((phrase, at))
            pending[self.pair_at(start)] = left
        return found

    def pair_at(self, start: int) -> Pair:
        """The pair of words starting at word ``start``."""
        return self._words[start], self._words[start + 1]
