"""What one audience must not receive: the fingerprints and site paths the audit looks for.

Built from the sources: every page, passage, collection and audience the audience may not
see gives its phrases (cut within blocks) and its site path; phrases that the audience also
reads legitimately are then dropped. The index depends on the sources alone, so it is kept in
the cache under a digest of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .blocks import hidden_lines, parse_blocks, visible_lines
from .cache import Cache, digest
from .model import Academy
from .phrases import Blocks, PhraseIndex, blocks_of_markdown
from .view import AudienceView, page_url

NAMESPACE = "hidden"


@dataclass
class HiddenIndex:
    """Fingerprints and site paths of everything an audience may not receive."""

    audience: str
    base_path: str
    paths: dict[str, str] = field(default_factory=dict)
    """Site paths of hidden files (``courses/x/``, ``courses/x/img.png``) to their sources."""
    phrases: PhraseIndex = field(default_factory=PhraseIndex)

    def signature(self) -> str:
        """A digest of everything the index holds."""
        return digest(self.audience, self.base_path, self.paths, self.phrases.items())

    @classmethod
    def for_view(
        cls, view: AudienceView, *, use_directory_urls: bool = True, base_path: str = "/", cache: Cache | None = None
    ) -> HiddenIndex:
        """The index of ``view``'s audience, from the cache when the sources are unchanged."""
        cache = cache or Cache(None)
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        key = digest(view.audience.id, base, use_directory_urls, _sources(view.academy))
        stored = cache.get(NAMESPACE, key)
        if stored is not None:
            index = cls(view.audience.id, base, dict(stored["paths"]))
            for phrase, owner in stored["phrases"]:
                index.phrases.add(tuple(phrase), owner)
            return index
        index = cls(view.audience.id, base)
        index._collect(view, use_directory_urls)
        cache.put(NAMESPACE, key, {"paths": index.paths, "phrases": index.phrases.items()})
        return index

    def _add(self, owner: str, *texts: str) -> None:
        self.phrases.add_blocks([block for text in texts for block in blocks_of_markdown(text)], owner)

    def _collect(self, view: AudienceView, use_directory_urls: bool) -> None:
        academy = view.academy
        docs_rel = academy.settings.rel(academy.settings.docs_dir)
        for src, doc in academy.docs.items():
            if src not in view.docs:
                self.paths[page_url(src, use_directory_urls)] = doc.source
                self._add(doc.source, doc.title, doc.description, doc.body)
        for src in academy.assets:
            if src not in view.assets:
                self.paths[src] = f"{docs_rel}/{src}"
        for doc in view.docs.values():
            nodes, _ = parse_blocks(doc.body)
            hidden = "".join(line.text for line in hidden_lines(nodes, self.audience, doc.audiences))
            self._add(f"{doc.source} (a passage for other audiences)", hidden)
        shown = {collection.id for collection, _ in view.collections}
        for collection in academy.collections.values():
            if collection.id not in shown:
                badge = collection.badge.label if collection.badge else ""
                self._add(collection.source, collection.title, collection.description, badge)
                self.paths[f"collections/{collection.id}/"] = collection.source
        for audience in academy.audiences.values():
            if audience.id != self.audience:
                self._add(audience.source, audience.title, audience.description)
        self.phrases.discard_found_in(_legitimate_texts(view))


def _legitimate_texts(view: AudienceView) -> Iterator[Blocks]:
    """What the audience reads: phrases found here prove nothing.

    A page is read here as one run of words, across its blocks: some outputs (the search
    index) join a page's blocks, so words that meet across two visible cells are legitimate.
    """
    audience = view.audience
    texts = [audience.title, audience.description]
    if audience.hero:
        texts += [audience.hero.title, audience.hero.text, audience.hero.cta_label]
    for doc in view.docs.values():
        nodes, _ = parse_blocks(doc.body)
        texts += [doc.title, doc.description]
        body = blocks_of_markdown("".join(line.text for line in visible_lines(nodes, audience.id, doc.audiences)))
        yield [[word for block in body for word in block]]
    for collection, _ in view.collections:
        texts += [collection.title, collection.description, collection.badge.label if collection.badge else ""]
    for taxonomy in view.academy.settings.taxonomies.values():
        texts += [taxonomy.label, *taxonomy.values.values()]
    yield [block for text in texts for block in blocks_of_markdown(text)]


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
