"""Which hidden phrases an audience reads legitimately, kept between builds and updated by edits.

An audience's index of what it must not see holds the phrases of every source it may not see
(the candidates), less those found in a text it reads: they prove nothing. Searching every
text for every phrase is most of an index's cost, and one edit changes one text or one
source. So each build keeps, for every candidate phrase, the text it was found in (its
witness) or the fact that it was found nowhere, the source that owns it (the first source, in
order, that yields it) and whether other sources yield it too; and a digest of every text
searched and of every source, with the index that came out.

The next build starts from that index (``update``). Phrases that a changed source no longer
yields leave it; phrases it yields anew are looked for everywhere; the phrases of the index
are looked for in the texts that changed; a phrase whose witness changed is looked for
everywhere, and rejoins the index when it is found nowhere. When that cannot tell what a full
search would give (a phrase that several sources yield leaves one of them, or passes to an
earlier source), the index is made in full (``discard``). A test checks that both give the
same index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..speed.cache import Cache, ShardedMap, digest, text_digest
from .phrases import Blocks, PhraseIndex, fingerprints, unpack_blocks

NAMESPACE = "hidden"
MAX_CHANGED_SOURCES = 50
"""Changed sources above which making the index in full costs less than updating it."""


@dataclass(frozen=True)
class Legitimate:
    """A text the audience reads: a phrase found in it proves nothing."""

    id: str
    """The page's ``src``, or a name for the other texts."""
    packed: str
    """Its words, packed: words joined by spaces, blocks by newlines."""
    run: bool
    """Read as one run of words across its blocks (a page: words that meet across two blocks
    meet in the search index too)."""

    def blocks(self) -> Blocks:
        """The blocks a phrase is looked for in."""
        return [self.packed.split()] if self.run else unpack_blocks(self.packed)


Source = tuple[str, list[str], str]
"""A source the audience may not see: its owner (a description of it), its texts' words
packed, and a digest of them."""

_NONE = (None, -1, False)


class Witnesses:
    """What the last build found (see the module), and the search of this one."""

    def __init__(self, cache: Cache, key: str) -> None:
        self.cache = cache
        self.key = key
        record = cache.get(NAMESPACE, key)
        if not (isinstance(record, dict) and isinstance(record.get("texts"), dict)):
            record = {"texts": {}}
        self.record: dict[str, Any] = record
        self.texts: dict[str, str] = record["texts"]
        """Digest of each text searched last time, by id."""
        self.store = ShardedMap(cache, NAMESPACE, digest(key, "phrases"))
        self.phrases: dict[str, list] = self.store.before
        """Each candidate phrase of the last build (words joined by spaces) to its witness (or
        None), the number of its owner and whether other sources yield it too."""
        self.found: dict[str, list] = self.phrases
        """The same, for this build."""
        self.digests: dict[str, str] = self.texts
        """Digest of each text of this build, by id."""
        owners = record.get("owners")
        self.numbers: dict[str, int] = {
            owner: number
            for owner, number in (owners.items() if isinstance(owners, dict) else ())
            if type(number) is int
        }
        """A number for each owner, kept from build to build so that the phrases keep theirs."""
        self._next = max(self.numbers.values(), default=-1) + 1
        self.altered = False
        """Whether ``update`` changed the phrases it was given."""

    @property
    def last_index(self) -> str | None:
        """The signature of the index the last build made, when this build may update it."""
        if isinstance(self.record.get("sources"), list) and self.numbers:
            return str(self.record.get("index"))
        return None

    def update(self, made_of: str, texts: list[Legitimate], sources: list[Source], phrases: PhraseIndex) -> bool:
        """Bring ``phrases``, those of the last index, up to date; False when only ``discard`` can.

        ``made_of`` digests what ``sources`` are (with the hidden paths): when it is the last
        build's, only the texts changed. ``phrases`` may have changed even when False is returned.
        """
        try:
            return self._update(made_of, texts, sources, phrases)
        except (TypeError, ValueError, KeyError, IndexError):  # a store of another shape: start again
            return False

    def _update(self, made_of: str, texts: list[Legitimate], sources: list[Source], phrases: PhraseIndex) -> bool:
        owners = [owner for owner, _, _ in sources]
        if len(set(owners)) != len(owners):
            return False
        changed, unchanged = self._compare(texts)
        found = dict(self.phrases)
        pending: dict[str, str] = {}
        """Phrases to look for in every text, to their owners: new ones, and those whose witness changed."""
        if self.record.get("made_of") != made_of:
            new = self._follow_sources(sources, found, phrases)
            if new is None:
                return False
            pending.update(new)
        name_of = {number: owner for owner, number in self.numbers.items()}
        for name, (witness, number, _) in found.items():
            if witness is not None and witness not in unchanged:
                pending[name] = name_of[number]
        looked_for = PhraseIndex()
        for name, owner in pending.items():
            looked_for.add(tuple(name.split(" ")), owner)

        def witnessed(phrase: tuple[str, ...], witness: str | None, owner: str) -> None:
            name = " ".join(phrase)  # whether other sources yield it stays as it was
            found[name] = [witness, self._number(owner), found.get(name, _NONE)[2]]

        for text in changed:  # what a changed text holds, whatever its state before
            blocks = text.blocks()
            for phrase, owner in [*phrases.find(blocks), *looked_for.find(blocks)]:
                witnessed(phrase, text.id, owner)
                if phrase in phrases:
                    phrases.discard(phrase)
                    self.altered = True
                looked_for.discard(phrase)
        for text in texts:
            if not len(looked_for):
                break
            if text.id in unchanged:
                for phrase, owner in list(looked_for.find(text.blocks())):
                    witnessed(phrase, text.id, owner)
                    looked_for.discard(phrase)
        for phrase, owner in looked_for:  # found nowhere: hidden text the audience must not get
            witnessed(phrase, None, owner)
            phrases.add(phrase, owner)
            self.altered = True
        self.found = found
        return True

    def _follow_sources(
        self, sources: list[Source], found: dict[str, list], phrases: PhraseIndex
    ) -> dict[str, str] | None:
        """Drop from ``found`` and ``phrases`` what changed sources no longer yield, and return
        what they yield anew, to its owner; None when only a full search can tell."""
        before = {owner: source_digest for owner, source_digest in self.record["sources"]}
        texts = {owner: packed for owner, packed, _ in sources}
        changed = [owner for owner, _, source_digest in sources if before.get(owner) != source_digest]
        gone = [owner for owner in before if owner not in texts]
        if len(changed) + len(gone) > MAX_CHANGED_SOURCES:
            return None
        touched = {self.numbers[owner] for owner in [*changed, *gone] if owner in self.numbers}
        owned: dict[int, list[str]] = {}
        for name, (_, number, _) in found.items():
            if number in touched:
                owned.setdefault(number, []).append(name)
        yields = {owner: _names(texts[owner]) for owner in changed}
        for owner in [*changed, *gone]:
            still = yields.get(owner, set())
            for name in owned.get(self.numbers.get(owner, -1), []):
                if name in still:
                    continue
                if found[name][2]:  # another source may yield it still, and own it then
                    return None
                del found[name]
                phrase = tuple(name.split(" "))
                if phrase in phrases:
                    phrases.discard(phrase)
                    self.altered = True
        order = {owner: position for position, (owner, _, _) in enumerate(sources)}
        name_of = {number: owner for owner, number in self.numbers.items()}
        new: dict[str, str] = {}
        shared: set[str] = set()
        for owner in changed:  # in source order, as a full search adds them: the first owns
            for name in yields[owner]:
                value = found.get(name)
                if value is None:
                    if new.setdefault(name, owner) != owner:
                        shared.add(name)
                elif name_of.get(value[1]) != owner:
                    if order[owner] < order.get(name_of.get(value[1], ""), len(order)):
                        return None  # it passes to an earlier source
                    found[name] = [value[0], value[1], True]
        for name, owner in new.items():
            found[name] = [None, self._number(owner), name in shared]
        return new

    def discard(self, phrases: PhraseIndex, texts: list[Legitimate], shared: set[str]) -> None:
        """Remove from ``phrases`` (every candidate) each phrase found in one of ``texts``.

        ``shared`` holds the phrases that several sources yield, as words joined by spaces.
        """
        changed, unchanged = self._compare(texts)
        found: dict[str, list] = {}
        number = self._number

        def search(index: PhraseIndex, within: list[Legitimate]) -> None:
            for text in within:
                if not len(index):  # all found: the other texts need not be read
                    return
                for phrase, owner in list(index.find(text.blocks())):
                    name = " ".join(phrase)
                    value = self.phrases.get(name)
                    witness = value[0] if isinstance(value, list) and value else None
                    # The witness it had, when still valid: fewer shards to write.
                    found[name] = [witness if witness in unchanged else text.id, number(owner), name in shared]
                    index.discard(phrase)

        search(phrases, changed)  # whatever a changed text holds, whichever its state before
        # The rest: dropped by an unchanged witness, kept when found nowhere, else looked for.
        elsewhere = PhraseIndex()
        before, join = self.phrases.get, " ".join  # once per phrase of the index: kept short
        for phrase, owner in list(phrases):
            name = join(phrase)
            value = before(name)
            witness = value[0] if isinstance(value, list) and value else ""  # "": not looked for yet
            if witness is None or witness in unchanged:
                found[name] = [witness, number(owner), name in shared]
                if witness is not None:
                    phrases.discard(phrase)
            else:
                elsewhere.add(phrase, owner)
        looked_for = list(elsewhere)
        search(elsewhere, [text for text in texts if text.id in unchanged])
        for phrase, owner in looked_for:
            name = " ".join(phrase)
            if name in found:
                phrases.discard(phrase)
            else:
                found[name] = [None, number(owner), name in shared]
        self.found = found

    def _number(self, owner: str) -> int:
        number = self.numbers.get(owner)
        if number is None:
            number = self.numbers[owner] = self._next
            self._next += 1
        return number

    def _compare(self, texts: list[Legitimate]) -> tuple[list[Legitimate], set[str]]:
        """The texts changed since the last build, and the ids of those unchanged."""
        self.digests = {text.id: text_digest(text.packed) for text in texts}
        changed = [text for text in texts if self.texts.get(text.id) != self.digests[text.id]]
        unchanged = {text.id for text in texts} - {text.id for text in changed}
        return changed, unchanged

    def save(self, made_of: str, signature: str, sources: list[Source]) -> None:
        """Keep what this build found, with what its index (``signature``) was made of."""
        owners = [owner for owner, _, _ in sources]
        live = set(owners)
        record: dict[str, Any] = {"made_of": made_of, "index": signature, "texts": self.digests}
        if len(live) == len(owners):  # owners name their sources: the next build may update
            record["sources"] = [[owner, source_digest] for owner, _, source_digest in sources]
            record["owners"] = {owner: number for owner, number in self.numbers.items() if owner in live}
        if record != self.record or self.found != self.phrases:
            # The record goes last, and away while the phrases are written: phrases written for
            # texts the record does not describe would drop a phrase on a witness's word.
            self.cache.delete(NAMESPACE, self.key)
            if self.found != self.phrases:
                self.store.save(self.found)
            self.cache.put(NAMESPACE, self.key, record)


def _names(texts: list[str]) -> set[str]:
    """The phrases of packed texts, as words joined by spaces."""
    return {" ".join(phrase) for text in texts for block in unpack_blocks(text) for phrase in fingerprints(block)}
