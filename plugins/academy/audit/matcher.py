"""Finding thousands of phrases in a text of word digests with a few vectorised passes.

A text of digests is an array of 64-bit words. A pair of neighbouring words is known by one
64-bit key mixed from both, and which keys of a text belong to a set is one sorted search
(numpy): the Python that remains visits only the places where a wanted pair stands, and checks
each phrase there byte for byte (two pairs sharing a key cost a comparison, never a wrong answer).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import numpy as np

TOKEN = 8
"""Bytes of a word's digest."""
SEP = b"\xff" * TOKEN
"""Stands between segments in a text of digests."""
_SEP_WORD = np.frombuffer(SEP, dtype="<u8")[0]
_MIX = np.uint64(0x9E3779B97F4A7C15)
_NONE = np.empty(0, dtype=np.intp)


def words(text: bytes) -> np.ndarray:
    """A text of digests as an array of its words (no copy)."""
    return np.frombuffer(text, dtype="<u8")


def pair_keys(array: np.ndarray) -> np.ndarray:
    """The key of each pair of neighbouring words of ``array`` (one fewer than its words)."""
    return (array[:-1] * _MIX) ^ array[1:]


def key_set(pairs: Iterable[bytes]) -> np.ndarray:
    """The sorted keys of pairs of words (each ``2 * TOKEN`` bytes)."""
    array = words(b"".join(pairs)).reshape(-1, 2)
    return np.unique((array[:, 0] * _MIX) ^ array[:, 1])


def members(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The indexes of ``values`` found in ``wanted`` (sorted, unique)."""
    if not len(values) or not len(wanted):
        return _NONE
    at = np.minimum(np.searchsorted(wanted, values), len(wanted) - 1)
    return np.flatnonzero(wanted[at] == values)


def segments(text: bytes) -> list[bytes]:
    """The segments of a text of digests: its runs of words between ``SEP`` words."""
    cuts = np.flatnonzero(words(text) == _SEP_WORD).tolist()
    found = []
    start = 0
    for cut in (*cuts, len(text) // TOKEN):
        if cut > start:
            found.append(text[start * TOKEN : cut * TOKEN])
        start = cut + 1
    return found


class Corpus:
    """A text of digests, ready for asking which phrases it holds."""

    def __init__(self, text: bytes) -> None:
        self.text = text
        self._words = words(text)
        self._keys = pair_keys(self._words)
        self._vocabulary = np.unique(self._words)

    def holds_words(self, wanted: list[bytes]) -> set[bytes]:
        """Which of the one-word phrases ``wanted`` the text holds."""
        if not wanted:
            return set()
        found = members(words(b"".join(wanted)), self._vocabulary)
        return {wanted[i] for i in found.tolist()}

    def pair_counts(self, phrases: list[bytes]) -> tuple[list[int], list[int]]:
        """For the phrases (two words or more) laid end to end: the key of each neighbouring
        pair and how often the text holds that pair (a phrase of n words starting at word s has
        its pairs at s … s + n - 2; the entry at its last word belongs to no phrase)."""
        if not phrases:
            return [], []
        keys = pair_keys(words(b"".join(phrases)))
        wanted = np.unique(keys)
        known, counts = np.unique(self._keys[members(self._keys, wanted)], return_counts=True)
        if not len(known):
            return keys.tolist(), [0] * len(keys)
        at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
        return keys.tolist(), np.where(known[at] == keys, counts[at], 0).tolist()

    def occurring(self, anchored: dict[int, list[tuple[bytes, int]]]) -> set[bytes]:
        """The phrases the text holds, of ``anchored``: pair key to the phrases holding that pair
        and where (in words) it stands in each. Each is looked for only where its pair stands."""
        if not anchored:
            return set()
        places = members(self._keys, np.array(sorted(anchored), dtype=np.uint64))
        found_keys = self._keys[places]
        order = np.argsort(found_keys, kind="stable")
        keys, starts = found_keys[order].tolist(), places[order].tolist()
        found: set[bytes] = set()
        i = 0
        while i < len(keys):
            end = bisect_right(keys, keys[i], i)
            pending = anchored[keys[i]]
            for start in starts[i:end]:
                left = []
                for phrase, at in pending:
                    begin = (start - at) * TOKEN
                    if begin >= 0 and self.text.startswith(phrase, begin):
                        found.add(phrase)
                    else:
                        left.append((phrase, at))
                pending = left
                if not pending:
                    break
            i = end
        return found
