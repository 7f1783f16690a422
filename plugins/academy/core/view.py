"""The audience view: exactly what one audience may see, with passages resolved."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property

from .model import Academy, Audience, Collection, Course, Doc, Lesson, receives
from .passages import parse_blocks, visible_lines


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


def doc_visible(doc: Doc, audience: str) -> bool:
    """Whether ``audience`` may see ``doc`` (drafts are seen by nobody)."""
    return not doc.draft and audience in doc.audiences


def collection_members(academy: Academy, collection: Collection) -> list[str]:
    """Course ids of a collection: the listed ones in order, then those its rules select."""
    members = [course_id for course_id in collection.courses if course_id in academy.courses]
    if collection.select:
        matches = [
            course for course in academy.courses.values()
            if course.id not in members and _matches(course, collection.select)
        ]  # fmt: skip
        members += [course.id for course in sort_courses(academy, matches)]
    return members


def _matches(course: Course, select) -> bool:
    for key, wanted in select.items():
        have = course.tags if key == "tags" else course.terms.get(key, ())
        if not set(have) & set(wanted):
            return False
    return True


def sort_courses(academy: Academy, courses) -> list[Course]:
    """Courses in catalog order: by journey stage (the first taxonomy with one value), then title."""
    stage = next((t for t in academy.settings.taxonomies.values() if not t.many), None)

    def key(course: Course):
        rank = stage.order(course.terms.get(stage.id, ("",))[0]) if stage and course.terms.get(stage.id) else 99
        return (rank, course.title.lower(), course.id)

    return sorted(courses, key=key)


@dataclass
class AudienceView:
    """What one audience's site is made of."""

    academy: Academy
    audience: Audience
    docs: dict[str, Doc] = field(default_factory=dict)
    assets: set[str] = field(default_factory=set)
    courses: list[Course] = field(default_factory=list)
    lessons: dict[str, list[Lesson]] = field(default_factory=dict)
    collections: list[tuple[Collection, list[str]]] = field(default_factory=list)

    def sees(self, src: str) -> bool:
        """Whether the file ``src`` of ``docs_dir`` belongs in this site."""
        return src in self.docs or src in self.assets

    def markdown(self, src: str) -> str:
        """The Markdown of a visible page as this audience reads it."""
        doc = self.docs[src]
        nodes, _ = parse_blocks(doc.body)
        return "".join(line.text for line in visible_lines(nodes, self.audience.id, doc.audiences))

    @cached_property
    def course_ids(self) -> set[str]:
        return {course.id for course in self.courses}

    def collection(self, collection_id: str) -> tuple[Collection, list[str]] | None:
        """A visible collection with its visible members."""
        return next((entry for entry in self.collections if entry[0].id == collection_id), None)


def build_view(academy: Academy, audience_id: str) -> AudienceView:
    """Select what ``audience_id`` may see from a validated academy."""
    view = AudienceView(academy, academy.audiences[audience_id])
    view.docs = {src: doc for src, doc in academy.docs.items() if doc_visible(doc, audience_id)}
    view.assets = {src for src, audiences in academy.assets.items() if receives(audiences, audience_id)}
    visible = [c for c in academy.courses.values() if c.doc.src in view.docs]
    view.courses = sort_courses(academy, visible)
    view.lessons = {
        course.id: [lesson for lesson in course.lessons if lesson.doc.src in view.docs] for course in view.courses
    }
    for collection in academy.collections.values():
        if audience_id not in collection.audiences:
            continue
        members = [cid for cid in collection_members(academy, collection) if cid in view.course_ids]
        if members:
            view.collections.append((collection, members))
    return view
