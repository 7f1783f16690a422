"""What one audience must not receive: the fingerprints and site paths the audit looks for.

Built from the sources: every page, passage, collection and audience the audience may not
see gives its phrases (cut within blocks) and its site path; phrases that the audience also
reads legitimately are then dropped. The index depends on the sources alone, so it is kept in
the cache under a digest of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .. import __version__
from ..core.model import Doc
from ..core.passages import hidden_markdown, markdown_for
from ..core.view import AudienceView, page_url
from ..speed.cache import Cache, ShardedMap, digest, text_digest
from .phrases import PhraseIndex, blocks_of_markdown
from .phrases import unpack_blocks as unpack
from .witnesses import NAMESPACE, Legitimate, Witnesses

WORDS = "words"
FOUND = "found"
WITNESSES_FORMAT = 2
"""Bump when what the witnesses keep changes shape."""


@dataclass
class HiddenIndex:
    """Fingerprints and site paths of everything an audience may not receive."""

    audience: str
    base_path: str
    paths: dict[str, str] = field(default_factory=dict)
    """Site paths of hidden files (``courses/x/``, ``courses/x/img.png``) to their sources."""
    phrases: PhraseIndex = field(default_factory=PhraseIndex)
    _signature: str | None = field(default=None, repr=False, compare=False)
    _stored: bool = field(default=False, repr=False, compare=False)
    """Whether the cache holds the index as it is (read from it or stored, unchanged since)."""

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
        """The index of ``view``'s audience, from the cache when the sources are unchanged.

        Otherwise the index of the last build is brought up to date where the witnesses can
        tell how (see ``witnesses``), and made in full where they cannot.
        """
        cache = cache or Cache(None)
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        key = digest(view.audience.id, base, use_directory_urls, view.academy.sources_digest)
        pointer = cache.get(NAMESPACE, key)
        if isinstance(pointer, dict) and (index := cls.stored(cache, str(pointer.get("signature")))) is not None:
            return index
        words = Words(cache, digest(WORDS, view.audience.id, __version__))
        paths, candidates = _candidates(view, use_directory_urls, words)
        legitimate = _legitimate(view, words)
        words.save()
        # Packed texts hold no NUL: joined by it, they digest without ambiguity.
        sources = [(owner, texts, text_digest("\0".join(texts))) for owner, texts in candidates]
        made_of = digest(view.audience.id, base, paths, [(owner, made) for owner, _, made in sources])
        witnesses = Witnesses(cache, digest(FOUND, view.audience.id, __version__, WITNESSES_FORMAT))
        last = cls.stored(cache, signature) if (signature := witnesses.last_index) else None
        if last is not None and witnesses.update(made_of, legitimate, sources, last.phrases):
            kept = not witnesses.altered and last.paths == paths and last.base_path == base
            index = last if kept else cls(view.audience.id, base, dict(paths), last.phrases)
        else:
            index = cls(view.audience.id, base, dict(paths))
            shared: set[tuple[str, ...]] = set()
            for owner, texts, _ in sources:
                index.phrases.add_blocks([block for text in texts for block in unpack(text)], owner, shared)
            witnesses.discard(index.phrases, legitimate, {" ".join(phrase) for phrase in shared})
        witnesses.save(made_of, index.kept(cache), sources)
        cache.put(NAMESPACE, key, {"signature": index.signature()})
        return index

    def store(self, cache: Cache) -> str:
        """Keep the index in ``cache`` under its signature, which it returns."""
        text = self._serialised()
        self._signature = text_digest(text)
        cache.put_text(NAMESPACE, _stored_key(self._signature), text)
        self._stored = True
        return self._signature

    def kept(self, cache: Cache) -> str:
        """``store``, unless the index was read from ``cache`` and is unchanged; the signature."""
        return self.signature() if self._stored else self.store(cache)

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
        index = cls(
            str(head["audience"]), str(head["base_path"]), dict(head["paths"]), _signature=signature, _stored=True
        )
        owners = head["owners"]
        index.phrases.add_texts((words, owners[int(owner)]) for words, _, owner in map(_split_line, lines))
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


def _candidates(
    view: AudienceView, use_directory_urls: bool, words: Words
) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """What ``view``'s audience may not see: site paths of hidden files, and each hidden source
    (its description) with the packed words of its texts (see ``Words``)."""
    academy = view.academy
    docs_rel = academy.settings.rel(academy.settings.docs_dir)
    paths: dict[str, str] = {}
    candidates: list[tuple[str, list[str]]] = []

    def add(owner: str, *texts: str) -> None:
        candidates.append((owner, [words.packed(text) for text in texts]))

    for src, doc in academy.docs.items():
        if src not in view.docs:
            paths[page_url(src, use_directory_urls)] = doc.source
            add(doc.source, doc.title, doc.description, doc.body)
    for src in academy.assets:
        if src not in view.assets:
            paths[src] = f"{docs_rel}/{src}"
    for doc in view.docs.values():
        hidden = words.passages(doc, view.audience.id)[1]
        candidates.append((f"{doc.source} (a passage for other audiences)", [hidden]))
    shown = {collection.id for collection, _ in view.collections}
    for collection in academy.collections.values():
        if collection.id not in shown:
            badge = collection.badge.label if collection.badge else ""
            add(collection.source, collection.title, collection.description, badge)
            paths[f"collections/{collection.id}/"] = collection.source
    for audience in academy.audiences.values():
        if audience.id != view.audience.id:
            add(audience.source, audience.title, audience.description)
    return paths, candidates


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


def _cut(text: str) -> str:
    return "\n".join(" ".join(block) for block in blocks_of_markdown(text)) if text.strip() else ""


def _split_line(line: str) -> tuple[str, str, str]:
    return line.partition("\t")


def _stored_key(signature: str) -> str:
    return digest("index", signature)
