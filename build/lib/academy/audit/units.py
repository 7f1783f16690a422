"""What one audience may not receive, and what it reads legitimately, as units of text.

The hidden side is taken from the academy as its authors wrote it: whole bodies of pages the
audience may not see (every passage in them), passages of the pages it sees that are for
others, titles, descriptions, ids, file names, tags, taxonomy values no course of its uses,
collections, other audiences (their quizzes too), and files it may not receive. The legitimate side is taken from
the audience view, which holds exactly what the audience reads, and from the theme.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.model import Academy, Doc
from ..core.recommend import quiz_texts
from ..core.view import AudienceView, page_url
from ..portal.cards import duration_label

TEXT_SUFFIXES = {
    ".svg": "markup", ".xml": "markup", ".html": "markup", ".htm": "markup", ".md": "markdown",
    ".txt": "value", ".csv": "value", ".json": "value", ".yml": "value", ".yaml": "value", ".js": "value",
    ".css": "value",
}  # fmt: skip
"""Files of ``docs_dir`` whose content is text an audience could read, and how to read it."""


@dataclass(frozen=True)
class Unit:
    """A text and who owns it (a description for messages)."""

    owner: str
    text: str
    kind: str = "value"
    """How to read it: ``value`` (plain text), ``markdown`` (cut as rendering cuts blocks) or ``markup``."""


def _values(owner: str, *texts: str | None) -> Iterator[Unit]:
    for text in texts:
        if text:
            yield Unit(owner, text)


def _path_words(src: str) -> str:
    return " ".join(PurePosixPath(src).with_suffix("").parts)


def hidden_units(academy: Academy, audience: str) -> Iterator[Unit]:
    """Every text of the academy that ``audience`` may not read."""
    for doc in academy.docs.values():
        if audience in doc.readers:
            yield from _hidden_passages(doc, audience)
        else:
            titles = {reading.title for reading in doc.readings.values()}
            yield from _values(doc.source, doc.front_title, doc.description, doc.id, _path_words(doc.src), *titles)
            yield Unit(doc.source, doc.body, kind="markdown")
    visible = [course for course in academy.courses.values() if audience in course.readers]
    tags = {tag for course in visible for tag in course.tags}
    for course in academy.courses.values():
        yield from _values(course.doc.source, *(tag for tag in course.tags if tag not in tags))
    for asset in academy.assets.values():
        if not asset.reaches(audience):
            owner = academy.settings.rel(asset.path)
            yield from _values(owner, _path_words(asset.src))
            yield from _file_unit(owner, asset.path)
    for collection in academy.collections.values():
        if audience not in collection.readers:
            badge = collection.badge.label if collection.badge else None
            yield from _values(collection.source, collection.id, collection.title, collection.description, badge)
    for other in academy.audiences.values():
        if other.id != audience:
            hero = other.hero
            yield from _values(other.source, other.id, other.title, other.description, other.site_url)
            if hero:
                yield from _values(other.source, hero.title, hero.text, hero.cta_label, hero.cta_url)
            yield from _values(f"{other.source} (recommend)", *quiz_texts(other.quiz))
    yield from _unused_taxonomy_values(academy, visible)


def _hidden_passages(doc: Doc, audience: str) -> Iterator[Unit]:
    for block, content in doc.passages.hidden(doc.body, audience, doc.audiences):
        who = ", ".join(("all but " if block.exclude else "") + audience_id for audience_id in block.ids)
        yield Unit(f"{doc.source}:{block.line + doc.body_line - 1} (a passage for {who})", content, kind="markdown")


def _unused_taxonomy_values(academy: Academy, visible: list) -> Iterator[Unit]:
    for taxonomy in academy.settings.taxonomies.values():
        used = {value for course in visible for value in course.terms.get(taxonomy.id, ())}
        for value, label in taxonomy.values.items():
            if value not in used:
                owner = f"mkdocs.yml (taxonomy '{taxonomy.id}', value '{value}', which no course of this audience has)"
                yield from _values(owner, value, label)
        if not used:
            yield from _values(
                f"mkdocs.yml (taxonomy '{taxonomy.id}', which no course of this audience has)", taxonomy.id
            )


def legit_units(view: AudienceView) -> Iterator[Unit]:
    """Every text the audience of ``view`` reads."""
    audience = view.audience
    yield from _values("audience", audience.id, audience.title, audience.description, audience.site_url)
    if audience.hero:
        hero = audience.hero
        yield from _values("audience", hero.title, hero.text, hero.cta_label, hero.cta_url)
    yield from _values("audience (recommend)", *quiz_texts(audience.quiz))
    for page in view.pages.values():
        yield from _values(page.source, page.title, page.description, page.id, _path_words(page.src), page.url)
        yield legit_page_unit(page.source, page.html, page.markdown)
    for course in view.courses:
        minutes = course.duration or sum(lesson.duration or 0 for lesson in course.lessons)
        yield from _values(
            "durations", duration_label(minutes), *(duration_label(lesson.duration) for lesson in course.lessons)
        )
        yield from _values(
            course.src, course.id, *course.tags, *(value for values in course.terms.values() for value in values)
        )
    for collection in view.collections:
        badge = collection.badge.label if collection.badge else None
        yield from _values(collection.id, collection.id, collection.title, collection.description, badge)
    for taxonomy in view.taxonomies.values():
        yield from _values("taxonomies", taxonomy.id, taxonomy.label, *taxonomy.values, *taxonomy.values.values())
    for ribbon, style in view.ribbons.items():
        yield from _values("ribbons", ribbon, style.label)
    for src, path in view.assets.items():
        yield from _values(src, _path_words(src))
        yield from _file_unit(src, path)


def legit_page_unit(owner: str, html: str, markdown: str) -> Unit:
    """A page the audience reads, as the site's extensions write it (as the output is read:
    footnotes, emoji, tabs' labels and abbreviations are where rendering puts them)."""
    return Unit(owner, html, "markup") if html else Unit(owner, markdown, "markdown")


def _file_unit(owner: str, path: Path) -> Iterator[Unit]:
    kind = TEXT_SUFFIXES.get(path.suffix.lower())
    if kind is not None:
        yield Unit(owner, path.read_text(encoding="utf-8", errors="replace"), kind)


def hidden_paths(academy: Academy, audience: str) -> dict[str, str]:
    """Site paths of what ``audience`` may not receive (pages, files, collection pages), to their sources."""
    urls = academy.settings.use_directory_urls
    paths = {page_url(src, urls): doc.source for src, doc in academy.docs.items() if audience not in doc.readers}
    docs_rel = academy.settings.rel(academy.settings.docs_dir)
    paths.update({src: f"{docs_rel}/{src}" for src, asset in academy.assets.items() if not asset.reaches(audience)})
    for collection in academy.collections.values():
        if audience not in collection.readers:
            paths[f"collections/{collection.id}/"] = collection.source
    return paths


def file_digest(path: Path) -> str:
    """A SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hidden_copies(academy: Academy, audience: str) -> dict[str, str]:
    """Digests of the files ``audience`` may not receive (unless it receives the same bytes elsewhere)."""
    hidden: dict[str, str] = {}
    shown: set[str] = set()
    for asset in academy.assets.values():
        digest = file_digest(asset.path)
        if asset.reaches(audience):
            shown.add(digest)
        else:
            hidden.setdefault(digest, academy.settings.rel(asset.path))
    return {digest: owner for digest, owner in hidden.items() if digest not in shown}


def theme_units(texts: Iterable[str]) -> Iterator[Unit]:
    """Texts the theme and configuration print on every site (template text, labels, settings)."""
    for text in texts:
        yield Unit("theme", text)
