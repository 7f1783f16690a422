"""The content model: courses, lessons, pages, collections and audiences, parsed once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .digests import digest, text_digest
from .taxonomy import Taxonomy

EVERYONE = "*"
"""Stands in an asset's audiences when every audience may receive it."""


def receives(audiences: frozenset[str], audience: str) -> bool:
    """Whether ``audience`` may receive a file published to ``audiences``."""
    return audience in audiences or EVERYONE in audiences


@dataclass(frozen=True)
class RibbonStyle:
    """How a ribbon looks: its label and background colour."""

    label: str
    colour: str


@dataclass(frozen=True)
class Settings:
    """Everything the model needs from ``mkdocs.yml``, with MkDocs kept out of it."""

    root: Path
    """The folder holding ``mkdocs.yml``; problems name files relative to it."""
    docs_dir: Path
    audiences_dir: Path
    collections_dir: Path
    taxonomies: Mapping[str, Taxonomy] = field(default_factory=dict)
    default_audiences: tuple[str, ...] = ()
    ribbons: Mapping[str, RibbonStyle] = field(default_factory=dict)
    ribbon_window_days: int = 30
    build_date: dt.date | None = None
    """The date ``new`` and ``updated`` ribbons are measured from (``SOURCE_DATE_EPOCH``)."""

    def rel(self, path: Path) -> str:
        """A path as authors see it: relative to the project root, with ``/``."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:  # a path through a symbolic link: resolving asks the disk, so only now
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class Doc:
    """A Markdown file of ``docs_dir``: a course overview, a lesson or a plain page."""

    src: str
    """Path relative to ``docs_dir`` (MkDocs' ``src_uri``)."""
    source: str
    """Path relative to the project root, for messages."""
    kind: str
    """``course``, ``lesson`` or ``page``."""
    title: str
    description: str = ""
    audiences: frozenset[str] = frozenset()
    """Who may see it, after defaults, inheritance and drafts."""
    draft: bool = False
    body: str = ""
    body_line: int = 1
    meta_lines: Mapping[str, int] = field(default_factory=dict)
    course_id: str | None = None
    id: str = ""
    """Stable id: course id for courses, file stem for lessons, src for pages."""
    link_targets: tuple[str, ...] = ()
    """Every file the body links to, for any audience, sorted (found while validating)."""
    front: str | None = None
    """The front matter as written, or None."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """The front matter as read (plain dicts and lists)."""

    @cached_property
    def body_digest(self) -> str:
        """A SHA-256 of the body (a body is not changed once read)."""
        return text_digest(self.body)


@dataclass
class Lesson:
    """A lesson: one Markdown file beside a course's ``index.md``."""

    id: str
    doc: Doc
    duration: int | None = None


@dataclass
class Course:
    """A course: a folder under ``courses/`` with an ``index.md`` carrying its metadata."""

    id: str
    doc: Doc
    folder: str
    """Folder relative to ``docs_dir``, e.g. ``courses/approval-workflows``."""
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Taxonomy id to the values the course has, in declared order."""
    duration: int | None = None
    """Minutes, for the whole course."""
    tags: tuple[str, ...] = ()
    ribbons: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    item_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    """Lines of list items (``prerequisites``), for precise errors."""
    published: dt.date | None = None
    """First publication; a course is ``new`` for ``ribbons_window`` days after it."""
    updated: dt.date | None = None
    lessons: list[Lesson] = field(default_factory=list)
    lesson_order: tuple[str, ...] | None = None
    """The ``lessons:`` list of the front matter, when the course orders its lessons."""

    @property
    def title(self) -> str:
        return self.doc.title

    @property
    def description(self) -> str:
        return self.doc.description

    @property
    def audiences(self) -> frozenset[str]:
        return self.doc.audiences


@dataclass(frozen=True)
class Badge:
    """A collection's badge: earned when every course of the collection is complete."""

    label: str
    icon: str
    colour: str


@dataclass
class Collection:
    """A collection or learning path, from ``collections/<id>.yml``."""

    id: str
    source: str
    title: str
    description: str
    audiences: frozenset[str]
    courses: tuple[str, ...] = ()
    """Explicitly listed course ids, in order."""
    select: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Taxonomy rules: a course matches when it has one of the values of every key."""
    badge: Badge | None = None
    ribbon: str | None = None
    path: bool = False
    lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    """Lines of list items (``courses``, ``audiences``), for precise errors."""


@dataclass(frozen=True)
class Hero:
    """The home page's hero: a title, a sentence and a call to action."""

    title: str
    text: str
    cta_label: str = ""
    cta_url: str = ""


@dataclass
class Audience:
    """One output site, from ``audiences/<id>.yml``."""

    id: str
    source: str
    title: str
    description: str = ""
    site_url: str = ""
    palette: Mapping[str, str] = field(default_factory=dict)
    logo: Path | None = None
    favicon: Path | None = None
    hero: Hero | None = None
    featured: tuple[str, ...] = ()
    progress: bool = True
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Academy:
    """The whole validated source tree."""

    settings: Settings
    audiences: dict[str, Audience] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    docs: dict[str, Doc] = field(default_factory=dict)
    """Every Markdown file of ``docs_dir`` by ``src``."""
    assets: dict[str, frozenset[str]] = field(default_factory=dict)
    """Every other file of ``docs_dir`` by ``src``, with the audiences that may receive it."""

    @cached_property
    def sources_digest(self) -> str:
        """A digest of what the sources say: pages, files, collections, audiences, taxonomies.

        Made once: audiences built in forked workers after it inherit it.
        """
        return digest(
            [
                (src, doc.title, doc.description, doc.body_digest, sorted(doc.audiences), doc.draft)
                for src, doc in sorted(self.docs.items())
            ],
            sorted(self.assets.items()),
            [
                (c.id, c.title, c.description, c.audiences, c.badge, c.courses, c.select)
                for c in self.collections.values()
            ],
            [(a.id, a.title, a.description, a.hero) for a in self.audiences.values()],
            [(t.id, t.label, t.values) for t in self.settings.taxonomies.values()],
            [(course.id, course.terms, course.tags) for course in self.courses.values()],
        )
