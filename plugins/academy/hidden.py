"""What one audience must not receive: the fingerprints and site paths the audit looks for.

Built from the sources: every page, passage, collection and audience the audience may not
see gives its phrases (cut within blocks) and its site path; phrases that the audience also
reads legitimately are then dropped. The index depends on the sources alone, so it is kept in
the cache under a digest of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import __version__
from .blocks import hidden_markdown, markdown_for
from .cache import Cache, ShardedMap, digest, text_digest
from .model import Academy, Doc
from .phrases import Blocks, PhraseIndex, blocks_of_markdown
from .view import AudienceView, page_url

NAMESPACE = "hidden"
WORDS = "words"
FOUND = "found"


@dataclass
class HiddenIndex:
    """Fingerprints and site paths of everything an audience may not receive."""

    audience: str
    base_path: str
    paths: dict[str, str] = field(default_factory=dict)
    """Site paths of hidden files (``courses/x/``, ``courses/x/img.png``) to their sources."""
    phrases: PhraseIndex = field(default_factory=PhraseIndex)
    _signature: str | None = field(default=None, repr=False, compare=False)

    def signature(self) -> str:
        """A digest of everything the index holds (an index is not changed once built)."""
        if self._signature is None:
            self._signature = text_digest(self._serialised())
        return self._signature

    def _serialised(self) -> str:
        """The index as the text it is stored as, whose digest is the signature.

        A line of JSON (audience, base path, hidden paths, owners), then a line per phrase:
        its words, a tab and the number of its owner. Lines read several times faster than
        the same phrases as JSON lists.
        """
        owners: dict[str, int] = {}
        number = owners.setdefault
        lines = [f"{' '.join(phrase)}\t{number(owner, len(owners))}" for phrase, owner in self.phrases.items()]
        head = {"audience": self.audience, "base_path": self.base_path, "paths": self.paths, "owners": list(owners)}
        return "\n".join([json.dumps(head, ensure_ascii=False, sort_keys=True), *lines])

    @classmethod
    def for_view(
        cls, view: AudienceView, *, use_directory_urls: bool = True, base_path: str = "/", cache: Cache | None = None
    ) -> HiddenIndex:
        """The index of ``view``'s audience, from the cache when the sources are unchanged."""
        cache = cache or Cache(None)
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        key = digest(view.audience.id, base, use_directory_urls, _sources(view.academy))
        pointer = cache.get(NAMESPACE, key)
        if isinstance(pointer, dict) and (index := cls.stored(cache, str(pointer.get("signature")))) is not None:
            return index
        index = cls(view.audience.id, base)
        words = Words(cache, digest(WORDS, view.audience.id, __version__))
        index._collect(view, use_directory_urls, words)
        words.save()
        Witnesses(cache, digest(FOUND, view.audience.id, __version__)).discard(index.phrases, _legitimate(view, words))
        cache.put(NAMESPACE, key, {"signature": index.store(cache)})
        return index

    def store(self, cache: Cache) -> str:
        """Keep the index in ``cache`` under its signature, which it returns."""
        text = self._serialised()
        self._signature = text_digest(text)
        cache.put_text(NAMESPACE, _stored_key(self._signature), text)
        return self._signature

    @staticmethod
    def _stored_lines(cache: Cache, signature: str) -> tuple[dict, list[str]] | None:
        """The head and phrase lines of the index stored under ``signature``, if intact."""
        text = cache.get_text(NAMESPACE, _stored_key(signature))
        if text is None or text_digest(text) != signature:
            return None
        head, *lines = text.split("\n")
        return json.loads(head), lines

    @classmethod
    def stored(cls, cache: Cache, signature: str) -> HiddenIndex | None:
        """The index whose signature is ``signature``, if the cache still holds it intact."""
        found = cls._stored_lines(cache, signature)
        if found is None:
            return None
        head, lines = found
        index = cls(str(head["audience"]), str(head["base_path"]), dict(head["paths"]), _signature=signature)
        owners = head["owners"]
        for line in lines:
            words, _, owner = line.partition("\t")
            index.phrases.add(tuple(words.split(" ")), owners[int(owner)])
        return index

    @classmethod
    def outline(cls, cache: Cache, signature: str) -> Outline | None:
        """The outline of the index whose signature is ``signature``, if the cache still holds it."""
        found = cls._stored_lines(cache, signature)
        if found is None:
            return None
        head, lines = found
        return Outline(frozenset(head["paths"]), frozenset(line.partition("\t")[0] for line in lines))

    @staticmethod
    def forget(cache: Cache, signature: str) -> None:
        """Delete the index whose signature is ``signature`` from the cache."""
        cache.delete(NAMESPACE, _stored_key(signature))

    def added_since(self, older: Outline) -> HiddenIndex:
        """What this index holds that ``older`` did not: all a file clean for ``older`` can still leak."""
        index = HiddenIndex(self.audience, self.base_path)
        index.paths = {path: source for path, source in self.paths.items() if path not in older.paths}
        for phrase, owner in self.phrases:
            if " ".join(phrase) not in older.phrases:
                index.phrases.add(phrase, owner)
        return index

    def _collect(self, view: AudienceView, use_directory_urls: bool, words: Words) -> None:
        academy = view.academy
        docs_rel = academy.settings.rel(academy.settings.docs_dir)

        def add(owner: str, *texts: str) -> None:
            self.phrases.add_blocks([block for text in texts for block in words.blocks(text)], owner)

        for src, doc in academy.docs.items():
            if src not in view.docs:
                self.paths[page_url(src, use_directory_urls)] = doc.source
                add(doc.source, doc.title, doc.description, doc.body)
        for src in academy.assets:
            if src not in view.assets:
                self.paths[src] = f"{docs_rel}/{src}"
        for doc in view.docs.values():
            hidden = words.passages(doc, self.audience)[1]
            self.phrases.add_blocks(unpack(hidden), f"{doc.source} (a passage for other audiences)")
        shown = {collection.id for collection, _ in view.collections}
        for collection in academy.collections.values():
            if collection.id not in shown:
                badge = collection.badge.label if collection.badge else ""
                add(collection.source, collection.title, collection.description, badge)
                self.paths[f"collections/{collection.id}/"] = collection.source
        for audience in academy.audiences.values():
            if audience.id != self.audience:
                add(audience.source, audience.title, audience.description)


@dataclass(frozen=True)
class Outline:
    """What an index held, which is all it takes to tell what a newer index adds.

    Lighter than the index: no owners, and phrases as plain texts.
    """

    paths: frozenset[str]
    phrases: frozenset[str]
    """Each phrase's words, joined by spaces."""


class Words:
    """The words of Markdown texts by block, kept between builds under a digest of each text.

    Cutting texts into words is most of an index's cost, and from one build to the next
    nearly every text is unchanged. Words hold no spaces and blocks are never empty, so a
    text's blocks keep as one string: words joined by spaces, blocks by newlines.
    """

    def __init__(self, cache: Cache, key: str) -> None:
        self.store = ShardedMap(cache, WORDS, key)
        self.known: dict[str, str | list[str]] = self.store.before
        self.used: dict[str, str | list[str]] = {}

    def blocks(self, text: str) -> Blocks:
        """``blocks_of_markdown(text)``, from the store when the text was cut before."""
        return unpack(self.packed(text))

    def packed(self, text: str) -> str:
        """The blocks of ``text`` packed in one string (see the class)."""
        if not text.strip():
            return ""
        name = text_digest(text)
        packed = self.used.get(name)
        if packed is None:
            packed = self.known.get(name)
            if not isinstance(packed, str):
                packed = _cut(text)
            self.used[name] = packed
        return packed

    def passages(self, doc: Doc, audience: str) -> tuple[str, str]:
        """The packed words of what ``audience`` reads of ``doc``'s body, and of what it must not.

        Kept under the body and the audiences, so that an unchanged page is not parsed again.
        """
        name = text_digest("\n".join([audience, *sorted(doc.audiences), doc.body]))  # audience ids hold no newline
        stored = self.used.get(name) or self.known.get(name)
        if isinstance(stored, list) and len(stored) == 2 and all(isinstance(part, str) for part in stored):
            self.used[name] = stored
            return stored[0], stored[1]
        visible = _cut(markdown_for(doc.body, audience, doc.audiences))
        hidden = _cut(hidden_markdown(doc.body, audience, doc.audiences))
        self.used[name] = [visible, hidden]
        return visible, hidden

    def save(self) -> None:
        """Keep the texts cut in this build (only those: the store does not grow with edits)."""
        self.store.save(self.used)


@dataclass(frozen=True)
class Legitimate:
    """A text the audience reads: a phrase found in it proves nothing."""

    id: str
    """The page's ``src``, or ``OTHER_TEXTS``."""
    packed: str
    """Its words, packed (see ``Words``)."""
    run: bool
    """Read as one run of words across its blocks (a page: see ``_legitimate``)."""

    def blocks(self) -> Blocks:
        """The blocks a phrase is looked for in."""
        return [self.packed.split()] if self.run else unpack(self.packed)


OTHER_TEXTS = "(titles, descriptions and labels)"


def _legitimate(view: AudienceView, words: Words) -> list[Legitimate]:
    """What the audience reads.

    A page is read as one run of words, across its blocks: some outputs (the search index)
    join a page's blocks, so words that meet across two visible cells are legitimate.
    """
    audience = view.audience
    texts = [audience.title, audience.description]
    if audience.hero:
        texts += [audience.hero.title, audience.hero.text, audience.hero.cta_label]
    found = []
    for src, doc in view.docs.items():
        texts += [doc.title, doc.description]
        found.append(Legitimate(src, words.passages(doc, audience.id)[0], run=True))
    for collection, _ in view.collections:
        texts += [collection.title, collection.description, collection.badge.label if collection.badge else ""]
    for taxonomy in view.academy.settings.taxonomies.values():
        texts += [taxonomy.label, *taxonomy.values.values()]
    found.append(Legitimate(OTHER_TEXTS, "\n".join(filter(None, map(words.packed, texts))), run=False))
    return found


class Witnesses:
    """Drops the phrases an audience reads legitimately, searching only what an edit changed.

    Searching every text the audience reads for every hidden phrase is most of an index's
    cost, and one edit changes one text. So each build keeps, for every phrase, the text it
    was found in (its witness) or that it was found nowhere, with a digest of every text.
    The next build drops a phrase whose witness is unchanged without a search, looks for a
    phrase found nowhere only in the texts that changed, and looks everywhere only for a
    phrase that is new or whose witness changed. That gives what searching everything gives.
    """

    def __init__(self, cache: Cache, key: str) -> None:
        self.cache = cache
        self.key = key
        texts = cache.get(NAMESPACE, key)
        self.texts: dict[str, str] = texts if isinstance(texts, dict) else {}
        """Digest of each text searched last time, by id."""
        self.store = ShardedMap(cache, NAMESPACE, digest(key, "phrases"))
        self.phrases: dict[str, str | None] = self.store.before
        """Each phrase looked for last time (words joined by spaces), to its witness or None."""

    def discard(self, phrases: PhraseIndex, texts: list[Legitimate]) -> None:
        """Remove from ``phrases`` every phrase found in one of ``texts``; keep the witnesses."""
        digests = {text.id: text_digest(text.packed) for text in texts}
        changed = [text for text in texts if self.texts.get(text.id) != digests[text.id]]
        unchanged = {text.id for text in texts} - {text.id for text in changed}
        found: dict[str, str | None] = {}

        def search(index: PhraseIndex, within: list[Legitimate]) -> None:
            for text in within:
                if not len(index):  # all found: the other texts need not be read
                    return
                for phrase, _ in list(index.find(text.blocks())):
                    name = " ".join(phrase)
                    witness = self.phrases.get(name)
                    found[name] = witness if witness in unchanged else text.id  # fewer shards to write
                    index.discard(phrase)

        search(phrases, changed)  # whatever a changed text holds, whichever its state before
        # The rest: dropped by an unchanged witness, kept when found nowhere, else looked for.
        elsewhere = PhraseIndex()
        before, join = self.phrases.get, " ".join  # once per phrase of the index: kept short
        for phrase, owner in list(phrases):
            name = join(phrase)
            witness = before(name, "")
            if witness is None or witness in unchanged:
                found[name] = witness
                if witness is not None:
                    phrases.discard(phrase)
            else:
                elsewhere.add(phrase, owner)
        looked_for = list(elsewhere)
        search(elsewhere, [text for text in texts if text.id in unchanged])
        for phrase, _ in looked_for:
            name = " ".join(phrase)
            if name in found:
                phrases.discard(phrase)
            else:
                found[name] = None
        if found != self.phrases or digests != self.texts:
            # The digests go last, and away while the phrases are written: phrases written for
            # texts the digests do not describe would drop a phrase on a witness's word.
            self.cache.delete(NAMESPACE, self.key)
            self.store.save(found)
            self.cache.put(NAMESPACE, self.key, digests)


def _cut(text: str) -> str:
    return "\n".join(" ".join(block) for block in blocks_of_markdown(text)) if text.strip() else ""


def unpack(packed: str) -> Blocks:
    """Blocks from their packed form (see ``Words``)."""
    return [line.split(" ") for line in packed.split("\n")] if packed else []


def _stored_key(signature: str) -> str:
    return digest("index", signature)


def _sources(academy: Academy) -> list:
    """Everything of the sources the index is made from."""
    return [
        [
            (src, doc.title, doc.description, doc.body_digest, sorted(doc.audiences), doc.draft)
            for src, doc in sorted(academy.docs.items())
        ],
        sorted(academy.assets.items()),
        [
            (c.id, c.title, c.description, c.audiences, c.badge, c.courses, c.select)
            for c in academy.collections.values()
        ],
        [(a.id, a.title, a.description, a.hero) for a in academy.audiences.values()],
        [(t.id, t.label, t.values) for t in academy.settings.taxonomies.values()],
        [(course.id, course.terms, course.tags) for course in academy.courses.values()],
    ]
