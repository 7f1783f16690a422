"""Finding thousands of phrases in a text of word digests, with the walking done in C.

A text of digests is read as 64-bit integers, and a pair of neighbouring words is a pair of
integers. In an output file, which pairs are wanted is one set intersection: Python then visits
only the places where a wanted pair stands, and compares each phrase there byte for byte
(``places``). An audience's legitimate text, millions of words, is searched for hundreds of
thousands of phrases at once with NumPy's sorting and whole-array comparisons (``absent``).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

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


def absent(corpus: bytes, phrases: list[bytes], number: bytes) -> list[tuple[int, bytes]]:
    """Of ``phrases`` (texts of digests), those ``corpus`` does not hold, by their place in the list,
    each with its anchor: the word, or pair of words, a text must hold to hold the phrase, as rare in
    ``corpus`` as can be (best never there: clean files never hold it); of pairs as rare, one without
    the ``number`` digest.

    The corpus is sorted by its pairs once; each phrase is then looked for only where its rarest
    pair stands, all places at once, word by word across whole arrays.
    """
    import numpy as np  # here, not at the top: only a build's audit needs it, not every command

    text = np.frombuffer(corpus, dtype=_WORD)
    missing = np.ones(len(phrases), dtype=bool)
    anchors: list[bytes] = [b""] * len(phrases)
    by_size = sizes(phrases)
    singles = by_size.pop(1, [])
    if singles:
        wanted = np.frombuffer(b"".join(phrases[at] for at in singles), dtype=_WORD)
        missing[singles] = ~np.isin(wanted, text)
        for at in singles:
            anchors[at] = phrases[at]
    pairs = _pair_keys(text[:-1], text[1:])
    order = np.argsort(pairs, kind="stable")
    sorted_pairs = pairs[order]
    numeric = np.frombuffer(number, dtype=_WORD)[0]
    for size, members in by_size.items():
        words = rows(phrases, members, size)
        keys = _pair_keys(words[:, :-1], words[:, 1:])
        first = np.searchsorted(sorted_pairs, keys, side="left")
        counts = np.searchsorted(sorted_pairs, keys, side="right") - first
        touches_number = (words[:, :-1] == numeric) | (words[:, 1:] == numeric)
        best = np.argmin(counts * 2 + touches_number, axis=1)
        every = np.arange(len(members))
        members_array = np.asarray(members)
        missing[members_array] = ~_held(text, order, words, best, first[every, best], counts[every, best])
        for row, at in enumerate(members):
            where = int(best[row]) * TOKEN
            anchors[at] = phrases[at][where : where + 2 * TOKEN]
    return [(at, anchors[at]) for at in np.flatnonzero(missing).tolist()]


def sizes(phrases: list[bytes]) -> dict[int, list[int]]:
    """The places of ``phrases`` (texts of digests) in the list, by their number of words."""
    groups: dict[int, list[int]] = {}
    for at, phrase in enumerate(phrases):
        groups.setdefault(len(phrase) // TOKEN, []).append(at)
    return groups


def rows(phrases: list[bytes], members: list[int], size: int) -> np.ndarray:
    """The phrases at ``members`` (each of ``size`` words) as one row of words each."""
    import numpy as np

    return np.frombuffer(b"".join(phrases[at] for at in members), dtype=_WORD).reshape(len(members), size)


def _held(text, order, words, best, first, counts) -> np.ndarray:
    """Which phrases (rows of ``words``) ``text`` holds: each is compared, word by word, at every place
    its pair ``best`` stands (``counts`` places from ``first`` in the sorted ``order`` of pairs)."""
    import numpy as np

    held = np.zeros(len(words), dtype=bool)
    candidates = np.flatnonzero(counts)
    size = words.shape[1]
    for chunk in np.array_split(candidates, max(1, int(counts[candidates].sum()) // _CHUNK + 1)):
        if not len(chunk):
            continue
        row = np.repeat(chunk, counts[chunk])
        offsets = np.arange(len(row)) - np.repeat(np.cumsum(counts[chunk]) - counts[chunk], counts[chunk])
        start = order[first[row] + offsets] - best[row]
        inside = (start >= 0) & (start + size <= len(text))
        row, start = row[inside], start[inside]
        same = np.ones(len(row), dtype=bool)
        for word in range(size):
            same &= text[start + word] == words[row, word]
        held[row[same]] = True
    return held


_WORD = "<u8"
MIX = 0x9E3779B97F4A7C15
"""An odd 64-bit multiplier that mixes words into one digest (a pair's key, a run's)."""
_CHUNK = 250_000
"""Places compared at once: a few arrays of this many words (2 MB each) stand at once. Larger
chunks compare no faster, and at 4,000,000 they were most of an audience's peak memory."""


def _pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One 64-bit key per pair of words. Two pairs may share a key (digests are random, so rarely):
    that only makes a pair seem commoner; a phrase is always compared word by word."""
    return first * first.dtype.type(MIX) + second
