"""What a site was last found clean against, so that the next audit reads only what changed.

An audit reads every byte of a site. Between two builds most files keep their bytes and the
index moves by a few phrases: those of an edited hidden passage, or those an edit of the
audience's own text no longer explains. A file found clean keeps its verdict while its bytes
are the same, unless the new index holds something the old one did not and the site could hold
it. Besides each clean file's SHA-256, the record keeps what the site could hold:

- every word, pair of words and run of four words read in it, as short digests (two runs may
  share a digest: that only makes a phrase seem possible);
- every site path it refers to;
- the hidden phrases it holds legitimately (explained as legitimate words meeting across
  segments, ``index``).

A phrase new to the index can be in the site only if each of its words (a one-word phrase), pairs
(two or three words) or runs of four (four words or more) is; a new hidden path only if the site
refers to it; an explained phrase stays harmless only if the new legitimate text still explains
it. When any of these may be so, the whole site is read again. A file of the theme or of the
audience's own assets is checked again on every audit (it was compared, not read).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .matcher import MIX, SEP, rows, sizes

if TYPE_CHECKING:
    import numpy as np

FORMAT = 4
"""Bump when what a record holds, or how the audit reads words, changes."""
BATCH = 2 * 1024 * 1024
"""Bytes of texts (a quarter of a million words) digested at once: their digests are a few
arrays of that many words while they are made."""


def _fold(rows: np.ndarray) -> np.ndarray:
    """A 64-bit digest of each row of words (along the last axis), its length mixed in."""
    import numpy as np

    size = rows.shape[-1]
    key = np.full(rows.shape[:-1], size, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for at in range(size):
            key = key * np.uint64(MIX) + rows[..., at]
    return key


def _runs(words: np.ndarray, size: int) -> np.ndarray:
    """The digest of each run of ``size`` words of ``words`` (along the last axis), by starting place."""
    import numpy as np

    if words.shape[-1] < size:
        return np.zeros((*words.shape[:-1], 0), dtype=np.uint64)
    return _fold(np.lib.stride_tricks.sliding_window_view(words, size, axis=-1))


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique`` hashes, and is many times slower on millions of
    mostly distinct values)."""
    import numpy as np

    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _short(keys: np.ndarray) -> np.ndarray:
    import numpy as np

    return (keys >> np.uint64(32)).astype(np.uint32)


def _holds(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of ``keys`` are in ``sorted_keys`` (sorted, unique)."""
    import numpy as np

    if not len(sorted_keys):
        return np.zeros(keys.shape, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def phrase_keys(phrases: list[bytes]) -> np.ndarray:
    """A 64-bit digest of each phrase (a text of word digests), in the order given."""
    import numpy as np

    keys = np.zeros(len(phrases), dtype=np.uint64)
    for size, members in sizes(phrases).items():
        keys[members] = _fold(rows(phrases, members, size))
    return keys


class Vocabulary:
    """The words, pairs and runs of four words of every text an audit read."""

    def __init__(self) -> None:
        self._texts: list[bytes] = []
        self._size = 0
        self._found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, text: bytes) -> None:
        """A text of digests, ``SEP`` first and last (runs across two texts then hold ``SEP``, which
        no phrase holds)."""
        self._texts.append(text)
        self._size += len(text)
        if self._size > BATCH:  # a site's texts would otherwise all be held until the audit ends
            self._found.append(self._digests())

    def _digests(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import numpy as np

        words = np.frombuffer(b"".join(self._texts) or SEP, dtype="<u8")
        self._texts, self._size = [], 0
        return tuple(distinct(_short(_runs(words, size))) for size in (1, 2, 4))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted unique digests (32-bit) of the words, pairs and runs of four."""
        import numpy as np

        found = [*self._found, self._digests()]
        self._found = []
        return tuple(distinct(np.concatenate([part[kind] for part in found])) for kind in range(3))


@dataclass
class Record:
    """One site's last audit: its clean files and what its files could hold."""

    files: dict[str, str]
    """Files read and found clean, to their SHA-256."""
    phrases: np.ndarray
    """``phrase_keys`` of the index they were found clean against, sorted."""
    paths: set[str]
    """Digests (hex) of the hidden paths of that index."""
    references: set[str]
    """Digests (hex) of every site path the site refers to, or is at."""
    explained: set[bytes]
    """Hidden phrases the site holds, explained as legitimate."""
    chunks: np.ndarray
    """Digests of the chunks of JSON documents found clean (``text.json_chunks``), sorted."""
    words: np.ndarray
    pairs: np.ndarray
    quads: np.ndarray

    def to_bytes(self) -> bytes:
        head = {
            "format": FORMAT,
            "files": self.files,
            "paths": sorted(self.paths),
            "references": sorted(self.references),
            "explained": sorted(phrase.hex() for phrase in self.explained),
            "sizes": [len(self.phrases), len(self.chunks), len(self.words), len(self.pairs), len(self.quads)],
        }
        arrays = (
            self.phrases.astype("<u8"),
            self.chunks.astype("<u8"),
            self.words.astype("<u4"),
            self.pairs.astype("<u4"),
            self.quads.astype("<u4"),
        )
        return json.dumps(head).encode() + b"\n" + b"".join(array.tobytes() for array in arrays)

    @classmethod
    def from_bytes(cls, data: bytes) -> Record | None:
        """The record in ``data``, or None when it is of another format."""
        import numpy as np

        line, _, rest = data.partition(b"\n")
        try:
            head = json.loads(line)
        except ValueError:
            return None
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            return None
        arrays, offset = [], 0
        for count, kind in zip(head["sizes"], ("<u8", "<u8", "<u4", "<u4", "<u4"), strict=True):
            width = np.dtype(kind).itemsize
            arrays.append(np.frombuffer(rest, dtype=kind, count=count, offset=offset))
            offset += count * width
        return cls(
            files=head["files"],
            phrases=arrays[0],
            paths=set(head["paths"]),
            references=set(head["references"]),
            explained={bytes.fromhex(phrase) for phrase in head["explained"]},
            chunks=arrays[1],
            words=arrays[2],
            pairs=arrays[3],
            quads=arrays[4],
        )

    def may_hold(self, phrases: list[bytes]) -> bool:
        """Whether the site could hold any of ``phrases`` (False only when it certainly holds none)."""
        for size, members in sizes(phrases).items():
            found = rows(phrases, members, size)
            if size == 1:
                possible = _holds(self.words, _short(_runs(found, 1))[:, 0])
            else:
                run, known = (2, self.pairs) if size < 4 else (4, self.quads)
                keys = _short(_runs(found, run))
                possible = _holds(known, keys).all(axis=1)
            if possible.any():
                return True
        return False

    def merged(self, other: Record) -> Record:
        """This record's files and vocabulary with ``other``'s (a later audit that read only some files)."""
        import numpy as np

        return Record(
            files=other.files,
            phrases=other.phrases,
            paths=other.paths,
            references=self.references | other.references,
            explained=other.explained,
            chunks=other.chunks,
            words=distinct(np.concatenate((self.words, other.words))),
            pairs=distinct(np.concatenate((self.pairs, other.pairs))),
            quads=distinct(np.concatenate((self.quads, other.quads))),
        )


def hidden_phrases(phrases: dict[bytes, list[tuple[bytes, int]]]) -> list[bytes]:
    """Every phrase of an index (``AuditIndex.phrases``); one kept under two owners is listed twice
    (a set of them would cost more memory than anything the index holds)."""
    return [phrase for entries in phrases.values() for phrase, _ in entries]


def held(keys: np.ndarray, phrases: list[bytes]) -> list[bytes]:
    """The ``phrases`` whose ``phrase_keys`` are among ``keys`` (sorted): those of an index, and
    maybe (two phrases may share a key) a few others."""
    import numpy as np

    found = _holds(keys, phrase_keys(phrases)) if phrases else np.zeros(0, dtype=bool)
    return [phrases[at] for at in np.flatnonzero(found).tolist()]


def new_phrases(before: np.ndarray, phrases: list[bytes], keys: np.ndarray) -> list[bytes]:
    """The ``phrases`` (with their ``keys``) whose keys ``before`` (sorted) does not hold."""
    import numpy as np

    return [phrases[at] for at in np.flatnonzero(~_holds(before, keys)).tolist()]
