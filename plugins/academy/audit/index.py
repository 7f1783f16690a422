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
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.digests import digest, text_digest
from .text import BREAK, NUM, Reading, read_markdown, read_markup, segments_of
from .units import Unit

SHINGLE = 8
"""Words per phrase cut from long segments."""
STRIDE = 4
"""Distance between the phrases of a long segment."""
TOKEN = 8
"""Bytes of a word's digest."""
SEP = b"\xff" * TOKEN
"""Stands between segments in a text of digests."""
_NUMBER = hashlib.blake2b(NUM.encode(), digest_size=TOKEN).digest()


def token(word: str) -> bytes:
    """The digest that stands for ``word``."""
    return hashlib.blake2b(word.encode("utf-8"), digest_size=TOKEN).digest()


class Tokens(dict):
    """Words to their digests, each digested once; ``BREAK`` stands as ``SEP``, a number as ``NUM``."""

    def __missing__(self, word: str) -> bytes:
        value = self[word] = SEP if word == BREAK else _NUMBER if word.isdigit() else token(word)
        return value


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


_WORDS: dict[tuple[str, bool, str], str] = {}
"""Words of texts read before (``remember_words``), space-separated (a word holds no space: a
string costs a byte a word where a list of strings costs sixty): by kind, prose and the text's digest."""


def words_key(unit: Unit, *, prose: bool = False) -> tuple[str, bool, str]:
    """What a unit's words are known by: every audience's index reads the same pages."""
    return (unit.kind, prose, text_digest(unit.text))


def remember_words(words: dict[tuple[str, bool, str], str]) -> None:
    """Keep words read ahead (``speed.audit_words``, as ``joined_words`` gives them): indexes built
    after, in this process or a process forked from it, read them here instead of reading the texts."""
    _WORDS.update(words)


def joined_words(unit: Unit, *, prose: bool = False) -> str:
    """The words of ``unit`` as ``remember_words`` keeps them."""
    return " ".join(reading_of(unit, prose=prose).words())


def unit_words(unit: Unit, *, prose: bool = False) -> list[str]:
    """The words of ``unit`` (``BREAK`` between segments), as ``reading_of`` reads them."""
    if unit.kind == "value" and len(unit.text) < 200:  # short values: digesting costs as much as reading
        return reading_of(unit, prose=prose).words()
    found = _WORDS.get(words_key(unit, prose=prose))
    if found is None:
        return reading_of(unit, prose=prose).words()
    return found.split(" ") if found else []


def phrases(segment: list[str]) -> Iterable[tuple[str, ...]]:
    """The phrases that identify a segment."""
    if all(word == NUM for word in segment):
        return
    if len(segment) <= SHINGLE:
        yield tuple(segment)
        return
    for start in range(0, len(segment) - SHINGLE + 1, STRIDE):
        yield tuple(segment[start : start + SHINGLE])
    if (len(segment) - SHINGLE) % STRIDE:
        yield tuple(segment[-SHINGLE:])


def _anchor(phrase: bytes, legitimate: Counter) -> bytes:
    """The digest of a word or pair of words a file must hold to hold the phrase, as rare as can be:
    the pair the audience reads least often legitimately (best never: clean files never hold it)."""
    if len(phrase) == TOKEN:
        return phrase
    pairs = [phrase[i : i + 2 * TOKEN] for i in range(0, len(phrase) - TOKEN, TOKEN)]
    return min(pairs, key=lambda pair: (legitimate.get(pair, 0), pair.startswith(_NUMBER) or pair.endswith(_NUMBER)))


def blob(words: Iterable[str], tokens: Tokens) -> bytes:
    """Words (``BREAK`` between segments) as one text of digests, segments apart."""
    return SEP + b"".join(map(tokens.__getitem__, words)) + SEP


def _occurring(text: bytes, phrases: list[bytes], pairs: Counter) -> set[bytes]:
    """The phrases (of two words or more) that occur in ``text``, found in one pass over it.

    ``pairs`` counts the pairs of words of ``text``. A phrase all of whose pairs occur is looked
    for where its rarest pair occurs: one dictionary lookup per word of ``text``, however many
    phrases.
    """
    places: dict[bytes, list[tuple[bytes, int]]] = {}
    for phrase in phrases:
        counts = [pairs.get(phrase[i : i + 2 * TOKEN], 0) for i in range(0, len(phrase) - TOKEN, TOKEN)]
        if all(counts):
            at = counts.index(min(counts)) * TOKEN
            places.setdefault(phrase[at : at + 2 * TOKEN], []).append((phrase, at))
    found: set[bytes] = set()
    get = places.get
    for start in range(0, len(text) - TOKEN, TOKEN):
        candidates = get(text[start : start + 2 * TOKEN])
        if candidates:
            found.update(phrase for phrase, at in candidates if text.startswith(phrase, start - at))
    return found


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
    legitimate: bytes = b""
    """Every segment the audience reads legitimately (its text, the theme's), as digests."""

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
        found: dict[tuple[str, ...], int] = {}
        for unit in hidden:
            number = owners.setdefault(unit.owner, len(owners))
            for segment in segments_of(unit_words(unit, prose=True)):
                for phrase in phrases(segment):
                    found.setdefault(phrase, number)
        tokens = Tokens()
        digested = {phrase: b"".join(map(tokens.__getitem__, phrase)) for phrase in found}
        # Of the pairs of words the audience reads, only those in hidden phrases are counted: a
        # count of every pair would hold the whole academy's vocabulary pairs in memory.
        needed = {d[i : i + 2 * TOKEN] for d in digested.values() for i in range(0, len(d) - TOKEN, TOKEN)}
        parts = [SEP]
        for unit in legitimate:  # as ``blob`` of every unit's words, BREAK between units, unit by unit
            parts += (b"".join(map(tokens.__getitem__, unit_words(unit))), SEP)
        parts.append(SEP)
        index.legitimate = b"".join(parts)
        del parts
        singles = {index.legitimate[start : start + TOKEN] for start in range(0, len(index.legitimate), TOKEN)}
        pairs = (
            index.legitimate[start : start + 2 * TOKEN] for start in range(0, len(index.legitimate) - TOKEN, TOKEN)
        )
        counted = Counter(pair for pair in pairs if pair in needed)
        shown = _occurring(index.legitimate, [digested[phrase] for phrase in found if len(phrase) > 1], counted)
        for phrase, number in found.items():
            digests = digested[phrase]
            if digests in shown or (len(phrase) == 1 and digests in singles):
                continue  # the audience reads it too: it proves nothing
            anchor = _anchor(digests, counted)
            index.phrases.setdefault(anchor, []).append((digests, number))
        for path, owner in paths.items():
            index.paths[path_key(path)] = owners.setdefault(owner, len(owners))
        for sha, owner in copies.items():
            index.copies[sha] = owners.setdefault(owner, len(owners))
        index.owners = list(owners)
        return index

    def signature(self) -> str:
        """A digest of everything the index holds (whether an output found clean is still clean)."""
        phrases = sorted(phrase.hex() + f":{owner}" for entries in self.phrases.values() for phrase, owner in entries)
        return digest(
            self.audience, self.base_path, self.owners, phrases, sorted(p.hex() for p in self.paths), self.copies
        )


def path_key(path: str) -> bytes:
    """The digest a site path is known by (``courses/x/``, ``courses/x/img.png``)."""
    return hashlib.blake2b(path.encode("utf-8"), digest_size=16).digest()
