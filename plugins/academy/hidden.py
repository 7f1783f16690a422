"""What one audience must not receive: the fingerprints and site paths the audit looks for.

Built from the sources: every page, passage, collection and audience the audience may not
see gives its phrases (cut within blocks) and its site path; phrases that the audience also
reads legitimately are then dropped. The index depends on the sources alone, so it is kept in
the cache under a digest of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from . import __version__
from .blocks import hidden_markdown, markdown_for
from .cache import Cache, digest, text_digest
from .model import Academy, Doc
from .phrases import Blocks, PhraseIndex, blocks_of_markdown
from .view import AudienceView, page_url

NAMESPACE = "hidden"
WORDS = "words"


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
        return self._signature or self._signed(self.phrases.items())

    def _signed(self, items: list[tuple[tuple[str, ...], str]]) -> str:
        if self._signature is None:
            self._signature = digest(self.audience, self.base_path, self.paths, items)
        return self._signature

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
        cache.put(NAMESPACE, key, {"signature": index.store(cache)})
        return index

    def store(self, cache: Cache) -> str:
        """Keep the index in ``cache`` under its signature, which it returns."""
        items = self.phrases.items()
        signature = self._signed(items)
        data = {"audience": self.audience, "base_path": self.base_path, "paths": self.paths}
        cache.put(NAMESPACE, _stored_key(signature), {**data, "phrases": items})
        return signature

    @classmethod
    def stored(cls, cache: Cache, signature: str) -> HiddenIndex | None:
        """The index whose signature is ``signature``, if the cache still holds it intact."""
        data = cache.get(NAMESPACE, _stored_key(signature))
        if not isinstance(data, dict):
            return None
        index = cls(str(data["audience"]), str(data["base_path"]), dict(data["paths"]))
        for phrase, owner in data["phrases"]:
            index.phrases.add(tuple(phrase), owner)
        return index if index.signature() == signature else None

    def added_since(self, older: HiddenIndex) -> HiddenIndex:
        """What this index holds that ``older`` did not: all a file clean for ``older`` can still leak."""
        index = HiddenIndex(self.audience, self.base_path)
        index.paths = {path: source for path, source in self.paths.items() if path not in older.paths}
        for phrase, owner in self.phrases.items():
            if phrase not in older.phrases:
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
        self.phrases.discard_found_in(_legitimate_texts(view, words))


class Words:
    """The words of Markdown texts by block, kept between builds under a digest of each text.

    Cutting texts into words is most of an index's cost, and from one build to the next
    nearly every text is unchanged. Words hold no spaces and blocks are never empty, so a
    text's blocks keep as one string: words joined by spaces, blocks by newlines.
    """

    def __init__(self, cache: Cache, key: str) -> None:
        self.cache = cache
        self.key = key
        stored = cache.get(WORDS, key)
        self.known: dict[str, str | list[str]] = stored if isinstance(stored, dict) else {}
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
        name = digest(doc.body, audience, doc.audiences)
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
        if self.used != self.known:
            self.cache.put(WORDS, self.key, self.used)


def _legitimate_texts(view: AudienceView, words: Words) -> Iterator[Blocks]:
    """What the audience reads: phrases found here prove nothing.

    A page is read here as one run of words, across its blocks: some outputs (the search
    index) join a page's blocks, so words that meet across two visible cells are legitimate.
    """
    audience = view.audience
    texts = [audience.title, audience.description]
    if audience.hero:
        texts += [audience.hero.title, audience.hero.text, audience.hero.cta_label]
    for doc in view.docs.values():
        texts += [doc.title, doc.description]
        yield [words.passages(doc, audience.id)[0].split()]
    for collection, _ in view.collections:
        texts += [collection.title, collection.description, collection.badge.label if collection.badge else ""]
    for taxonomy in view.academy.settings.taxonomies.values():
        texts += [taxonomy.label, *taxonomy.values.values()]
    yield [block for text in texts for block in words.blocks(text)]


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
            (src, doc.title, doc.description, doc.body, doc.audiences, doc.draft)
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
