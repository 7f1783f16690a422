"""The index of what one audience must not receive: phrases of hidden text, kept as digests.

Every segment of hidden text gives phrases (the whole segment when it is short, overlapping
runs of ``SHINGLE`` words when it is long, so that any leak of ``SHINGLE + STRIDE - 1`` words
or more holds one), of any length down to one word. A phrase that the audience also reads
legitimately (within one segment of its own text, or of the theme's) proves nothing and is
dropped before the build. The rest are kept as the digests of their words: the index sits in
the audience's build, where templates could reach it, and must not be readable there.

A phrase found in the output is a leak unless its occurrence can be explained as legitimate
words meeting across segments: the end of one legitimate segment, whole ones, the start of
another (a search index joins table cells; a template prints a label next to a title).

Texts are compared as texts of digests, ``TOKEN`` bytes a word. Each phrase is looked for only
where its rarest pair of words stands (``matcher``), and is kept under that pair: a file must hold
it to hold the phrase.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..core.digests import text_digest
from . import matcher
from .matcher import SEP, TOKEN
from .text import BREAK, NUM, Reading, read_markdown, read_markup
from .units import Unit

SHINGLE = 8
"""Words per phrase cut from long segments."""
STRIDE = 4
"""Distance between the phrases of a long segment."""
_NUMBER = hashlib.blake2b(NUM.encode(), digest_size=TOKEN).digest()


def token(word: str) -> bytes:
    """The digest that stands for ``word``."""
    return hashlib.blake2b(word.encode("utf-8"), digest_size=TOKEN).digest()


class Tokens(dict):
    """Words to their digests, each digested once; ``BREAK`` stands as ``SEP``, a number as ``NUM``."""

    def __missing__(self, word: str) -> bytes:
        value = self[word] = SEP if word == BREAK else _NUMBER if word.isdigit() else token(word)
        return value


TOKENS = Tokens()
"""The digests of every word this process has met (a word's digest never changes)."""


def blob(words: Iterable[str]) -> bytes:
    """Words (``BREAK`` between segments) as one text of digests."""
    return b"".join(map(TOKENS.__getitem__, words))


def reading_of(unit: Unit, *, prose: bool = False) -> Reading:
    """The segments of a unit: Markdown cut as rendering cuts it, markup parsed, a value read plain
    (and as markup too, when it holds some). With ``prose``, attributes count for what people read."""
    reading = Reading(prose=prose)
    if unit.kind == "markdown":
        return read_markdown(unit.text, reading)
    if unit.kind == "markup":
        return read_markup(unit.text, reading)
    reading.add_text(unit.text)
    if "<" in unit.text or "&" in unit.text:
        read_markup(unit.text, reading)
    return reading


_KNOWN: dict[tuple[str, bool, str], bytes] = {}
"""Texts of digests of units read before (``remember``): by kind, prose and the text's digest."""


def unit_key(unit: Unit, *, prose: bool = False) -> tuple[str, bool, str]:
    """What a unit's text of digests is known by: every audience's index reads the same pages."""
    return (unit.kind, prose, text_digest(unit.text))


def remember(texts: dict[tuple[str, bool, str], bytes]) -> None:
    """Keep texts of digests read ahead (``speed.audit_words``): indexes built after, in this
    process or a process forked from it, take them here instead of reading the units again."""
    _KNOWN.update(texts)


def read_unit(unit: Unit, *, prose: bool = False) -> bytes:
    """The words of ``unit`` as a text of digests (``SEP`` between segments)."""
    return blob(reading_of(unit, prose=prose).words())


def unit_text(unit: Unit, *, prose: bool = False) -> bytes:
    """``read_unit``, from what ``remember`` kept or an earlier call read when it can (a live
    preview builds again after every edit, and reads only what changed)."""
    if unit.kind == "value" and len(unit.text) < 200:  # short values: known by the text, not its digest
        key: tuple[str, bool, str] = (unit.kind, prose, unit.text)
    else:
        key = unit_key(unit, prose=prose)
    found = _KNOWN.get(key)
    if found is None:
        found = _KNOWN[key] = read_unit(unit, prose=prose)
    return found


def phrases(text: bytes) -> Iterator[bytes]:
    """The phrases that identify each segment of a text of digests."""
    for segment in matcher.segments(text):
        count = len(segment) // TOKEN
        if segment == _NUMBER * count:
            continue
        if count <= SHINGLE:
            yield segment
            continue
        for start in range(0, count - SHINGLE + 1, STRIDE):
            yield segment[start * TOKEN : (start + SHINGLE) * TOKEN]
        if (count - SHINGLE) % STRIDE:
            yield segment[-SHINGLE * TOKEN :]


@dataclass
class AuditIndex:
    """What one audience must not receive, unreadable but searchable."""

    audience: str
    base_path: str
    """The path the site is published under (``/customers/``), for references from the root."""
    owners: list[str] = field(default_factory=list)
    phrases: dict[bytes, list[tuple[bytes, int]]] = field(default_factory=dict)
    """Anchor (a word's or a pair's digest) to the phrases it anchors (words' digests) and their owners."""
    paths: dict[bytes, int] = field(default_factory=dict)
    """Digests of site paths the audience may not receive, to their owners."""
    copies: dict[str, int] = field(default_factory=dict)
    """SHA-256 of files the audience may not receive, to their owners."""
    segments: list[bytes] = field(default_factory=list, repr=False)
    """The texts of digests of what the audience reads legitimately (its text, the theme's), ``SEP``
    between them. Kept apart, each is the very text every index of the process reads
    (``unit_text``): the index costs only this list; joined (``legitimate``) only when asked."""

    @property
    def legitimate(self) -> bytes:
        """Every segment the audience reads legitimately, as one text of digests (a new copy)."""
        return b"".join(self.segments)

    @classmethod
    def build(
        cls,
        audience: str,
        base_path: str,
        hidden: Iterable[Unit],
        legitimate: Iterable[Unit],
        paths: dict[str, str],
        copies: dict[str, str],
    ) -> AuditIndex:
        """The index of ``hidden`` text, less what ``legitimate`` text holds too."""
        index = cls(audience, base_path)
        owners: dict[str, int] = {}
        found: dict[bytes, int] = {}
        for unit in hidden:
            number = owners.setdefault(unit.owner, len(owners))
            for phrase in phrases(unit_text(unit, prose=True)):
                found.setdefault(phrase, number)
        index.segments = [SEP]
        for unit in legitimate:
            index.segments += (unit_text(unit), SEP)
        index.segments.append(SEP)
        listed = list(found)
        # A phrase the audience also reads proves nothing: only the others are kept.
        for at, anchor in matcher.absent(index.legitimate, listed, _NUMBER):
            index.phrases.setdefault(anchor, []).append((listed[at], found[listed[at]]))
        for path, owner in paths.items():
            index.paths[path_key(path)] = owners.setdefault(owner, len(owners))
        for sha, owner in copies.items():
            index.copies[sha] = owners.setdefault(owner, len(owners))
        index.owners = list(owners)
        return index


def path_key(path: str) -> bytes:
    """The digest a site path is known by (``courses/x/``, ``courses/x/img.png``)."""
    return hashlib.blake2b(path.encode("utf-8"), digest_size=16).digest()
