"""The audience view: everything one audience's site is built from, and nothing else.

A view is a boundary, not a filter over the academy: it holds copies of what the audience
may see (pages as the audience reads them, courses with their visible lessons only,
collections with their visible members, the taxonomy values its courses use) and no
reference back to the academy. Whatever a plugin, template or portal page of the audience can
reach through it is the audience's own.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .checks import DEFAULT_PASS_MARK, Check
from .model import Academy, Audience, Badge, Collection, Course, Doc, RibbonStyle, Settings
from .recommend import visible_quiz
from .taxonomy import Taxonomy


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site path MkDocs gives the page ``src`` (``courses/a/b.md`` → ``courses/a/b/``)."""
    stem, _ = posixpath.splitext(src)
    name = posixpath.basename(stem)
    folder = posixpath.dirname(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if not use_directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def link_url(src: str, use_directory_urls: bool = True) -> str:
    """The page's site path as a URL (quoted, as MkDocs quotes it): what links to it print."""
    return quote(page_url(src, use_directory_urls))


def collection_members(academy: Academy, collection: Collection) -> list[str]:
    """Course ids of a collection: the listed ones in order, then those its rules select."""
    members = [course_id for course_id in collection.courses if course_id in academy.courses]
    if collection.select:
        matches = [
            course for course in academy.courses.values()
            if course.id not in members and _matches(course, collection.select)
        ]  # fmt: skip
        members += [course.id for course in sort_courses(academy.settings, matches)]
    return members


def shown_members(academy: Academy, collection: Collection, audience: str) -> tuple[str, ...]:
    """The courses of ``collection`` that ``audience`` sees, in order; none when the collection is not for it.

    A collection is on an audience's site exactly when this is not empty.
    """
    if audience not in collection.readers:
        return ()
    return tuple(cid for cid in collection_members(academy, collection) if audience in academy.courses[cid].readers)


def shown_collections(academy: Academy, audience: str) -> set[str]:
    """The collections ``audience``'s site shows."""
    return {c.id for c in academy.collections.values() if shown_members(academy, c, audience)}


def _matches(course: Course, select) -> bool:
    for key, wanted in select.items():
        have = course.tags if key == "tags" else course.terms.get(key, ())
        if not set(have) & set(wanted):
            return False
    return True


def sort_courses(settings: Settings, courses) -> list:
    """Courses in catalog order: by journey stage (the first taxonomy with one value), then title."""
    stage = next((t for t in settings.taxonomies.values() if not t.many), None)

    def key(course):
        rank = stage.order(course.terms.get(stage.id, ("",))[0]) if stage and course.terms.get(stage.id) else 99
        return (rank, course.title.lower(), course.id)

    return sorted(courses, key=key)


@dataclass(frozen=True)
class PageView:
    """A page as one audience reads it."""

    src: str
    source: str
    """The file, relative to the project root (for messages)."""
    kind: str
    id: str
    course_id: str | None
    title: str
    description: str
    markdown: str
    """The body with passages for other audiences removed."""
    front: str | None
    """The front matter as written (it is the page's, read by every reader of the page)."""
    meta: Mapping[str, Any]
    """The front matter as read, without the page's ``audiences``."""
    url: str
    targets: tuple[str, ...] = ()
    """The files of ``docs_dir`` the page refers to (relative references), sorted."""
    html: str = ""
    """The reading as the site's Markdown extensions write it (``Reading.html``)."""
    checks: tuple[Check, ...] = ()
    """The knowledge checks the audience reads on the page, in order."""
    pass_mark: int = DEFAULT_PASS_MARK
    """Percent of the checks to answer right for the lesson to complete."""
    assessment: bool = False
    """Whether the lesson is its course's final assessment."""


@dataclass(frozen=True)
class LessonView:
    """A visible lesson of a course."""

    id: str
    src: str
    title: str
    url: str
    duration: int | None
    assessment: bool = False
    """The course's final assessment: passing its checks completes the course's last step."""
    checks: int = 0
    """How many knowledge checks the audience reads in it (then they, not a button, complete it)."""


@dataclass(frozen=True)
class CourseView:
    """A course with what the audience may see of it."""

    id: str
    src: str
    title: str
    description: str
    url: str
    terms: Mapping[str, tuple[str, ...]]
    tags: tuple[str, ...]
    ribbons: tuple[str, ...]
    prerequisites: tuple[str, ...]
    """Ids of prerequisite courses the audience sees."""
    published: dt.date | None
    updated: dt.date | None
    duration: int | None
    lessons: tuple[LessonView, ...]

    @property
    def minutes(self) -> int | None:
        """How long the course takes: its own ``duration``, else the sum of its visible lessons'."""
        return self.duration or sum(lesson.duration or 0 for lesson in self.lessons) or None


@dataclass(frozen=True)
class CollectionView:
    """A collection or learning path with the courses of it the audience sees, in order."""

    id: str
    title: str
    description: str
    path: bool
    badge: Badge | None
    ribbon: str | None
    courses: tuple[str, ...]


@dataclass
class AudienceView:
    """What one audience's site is made of."""

    audience: Audience
    taxonomies: dict[str, Taxonomy]
    """The taxonomies the audience's courses use, with the values they use only."""
    ribbons: dict[str, RibbonStyle]
    """The ribbons the audience's courses carry (derived ones included)."""
    ribbon_window_days: int
    build_date: dt.date | None
    use_directory_urls: bool
    pages: dict[str, PageView] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    """The files that are not Markdown the audience receives, with their sources."""
    courses: list[CourseView] = field(default_factory=list)
    """In catalog order."""
    collections: list[CollectionView] = field(default_factory=list)

    def sees(self, src: str) -> bool:
        """Whether the file ``src`` of ``docs_dir`` belongs in this site."""
        return src in self.pages or src in self.assets

    @cached_property
    def course_ids(self) -> set[str]:
        return {course.id for course in self.courses}

    def course(self, course_id: str) -> CourseView | None:
        return next((course for course in self.courses if course.id == course_id), None)


def build_view(academy: Academy, audience_id: str) -> AudienceView:
    """What ``audience_id`` may see of a validated academy, as a view of its own."""
    settings = academy.settings
    urls = settings.use_directory_urls
    docs = {src: doc for src, doc in academy.docs.items() if audience_id in doc.readers}
    visible = [course for course in academy.courses.values() if course.doc.src in docs]
    shown = {course.id for course in visible}
    courses = [_course_view(course, docs, shown, audience_id, urls) for course in sort_courses(settings, visible)]
    view = AudienceView(
        audience=academy.audiences[audience_id],
        taxonomies=_used_taxonomies(settings, courses),
        ribbons={},
        ribbon_window_days=settings.ribbon_window_days,
        build_date=settings.build_date,
        use_directory_urls=urls,
        pages={src: page_view(doc, audience_id, urls) for src, doc in docs.items()},
        assets={src: asset.path for src, asset in academy.assets.items() if asset.reaches(audience_id)},
        courses=courses,
    )
    for collection in academy.collections.values():
        members = shown_members(academy, collection, audience_id)
        if members:
            view.collections.append(
                CollectionView(
                    collection.id, collection.title, collection.description, collection.path, collection.badge,
                    collection.ribbon, members,
                )
            )  # fmt: skip
    quiz = view.audience.quiz
    if quiz is not None:
        # The view's own copy of the audience, whose quiz names only the collections shown here.
        view.audience = replace(view.audience, quiz=visible_quiz(quiz, {c.id for c in view.collections}))
    used_ribbons = {ribbon for course in courses for ribbon in course.ribbons} | {"new", "updated"}
    used_ribbons |= {c.ribbon for c in view.collections if c.ribbon}
    view.ribbons = {key: style for key, style in settings.ribbons.items() if key in used_ribbons}
    return view


def page_view(doc: Doc, audience: str, use_directory_urls: bool) -> PageView:
    """``doc`` as ``audience`` reads it (who must be one of its readers)."""
    reading = doc.readings[audience]
    # A key set to null is not set, as the fields read it: MkDocs and Material would take the
    # None for a value (``meta.get("template", "main.html")``) and fail.
    meta = {key: value for key, value in doc.meta.items() if key != "audiences" and value is not None}
    return PageView(
        src=doc.src,
        source=doc.source,
        kind=doc.kind,
        id=doc.id,
        course_id=doc.course_id,
        title=doc.title_for(audience),
        description=doc.description,
        markdown=reading.markdown,
        front=doc.front,
        meta=meta,
        url=link_url(doc.src, use_directory_urls),
        targets=tuple(sorted({link.target for link in reading.links if not link.target.startswith("/")})),
        html=reading.html,
        checks=reading.checks,
        pass_mark=DEFAULT_PASS_MARK if doc.pass_mark is None else doc.pass_mark,
        assessment=doc.assessment and doc.kind == "lesson",
    )


def _course_view(course: Course, docs: dict[str, Doc], shown: set[str], audience: str, urls: bool) -> CourseView:
    lessons = tuple(
        LessonView(
            lesson.id,
            lesson.doc.src,
            lesson.doc.title_for(audience),
            link_url(lesson.doc.src, urls),
            lesson.duration,
            lesson.doc.assessment,
            len(lesson.doc.readings[audience].checks),
        )
        for lesson in course.lessons
        if lesson.doc.src in docs
    )
    prerequisites = tuple(pid for pid in course.prerequisites if pid in shown)
    return CourseView(
        id=course.id,
        src=course.doc.src,
        title=course.doc.title_for(audience),
        description=course.description,
        url=link_url(course.doc.src, urls),
        terms=dict(course.terms),
        tags=course.tags,
        ribbons=course.ribbons,
        prerequisites=prerequisites,
        published=course.published,
        updated=course.updated,
        duration=course.duration,
        lessons=lessons,
    )


def _used_taxonomies(settings: Settings, courses: list[CourseView]) -> dict[str, Taxonomy]:
    used: dict[str, Taxonomy] = {}
    for taxonomy in settings.taxonomies.values():
        values = {
            value: label
            for value, label in taxonomy.values.items()
            if any(value in course.terms.get(taxonomy.id, ()) for course in courses)
        }
        if values:
            used[taxonomy.id] = Taxonomy(taxonomy.id, taxonomy.label, values, taxonomy.many, taxonomy.required)
    return used
