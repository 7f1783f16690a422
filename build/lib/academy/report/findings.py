"""What needs the programme owner's attention in one audience: drafts, stale and undated courses,
orphans, and prerequisites that come later in a learning path than the course needing them.

"Updated" means what the ``new`` and ``updated`` ribbons mean: the front matter's ``updated``
(or ``published``) date, measured from the build date (``SOURCE_DATE_EPOCH`` when set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.model import Academy
from ..core.view import AudienceView


@dataclass(frozen=True)
class Entry:
    """A course (or one lesson of it) named in a finding."""

    course: str
    title: str
    source: str
    """The file, relative to the project root."""
    lesson: str | None = None


@dataclass(frozen=True)
class Stale:
    """A course not updated within the window, or never dated."""

    entry: Entry
    last_change: dt.date | None
    """The later of ``updated`` and ``published``; None when the course has neither."""
    days: int | None
    """Days from ``last_change`` to the build date."""


@dataclass(frozen=True)
class ForwardPrerequisite:
    """A course of a learning path whose prerequisite comes after it in that path."""

    path: str
    path_title: str
    course: Entry
    position: int
    """The course's place in the path, from 1."""
    prerequisite: str
    prerequisite_title: str
    prerequisite_position: int
    line: int
    """The line of the prerequisite in the course's front matter."""


def drafts(academy: Academy, audience: str) -> list[Entry]:
    """Draft courses written for ``audience``, and draft lessons of its published courses."""
    found = []
    for course in sorted(academy.courses.values(), key=lambda c: c.id):
        if audience not in course.doc.audiences:
            continue
        if course.doc.draft:
            found.append(Entry(course.id, course.doc.title_for(audience), course.doc.source))
            continue
        for lesson in course.lessons:
            if lesson.doc.draft and audience in lesson.doc.audiences:
                title = lesson.doc.title_for(audience)
                found.append(Entry(course.id, title, lesson.doc.source, lesson=lesson.id))
    return found


def _entry(view: AudienceView, course_id: str) -> Entry:
    course = view.course(course_id)
    return Entry(course.id, course.title, view.pages[course.src].source)


def stale(view: AudienceView, after: int) -> tuple[list[Stale], list[Stale]]:
    """The audience's courses last changed more than ``after`` days before the build, oldest first,
    and those with no date at all."""
    today = view.build_date or dt.date.today()
    old, undated = [], []
    for course in view.courses:
        dates = [date for date in (course.updated, course.published) if date is not None]
        if not dates:
            undated.append(Stale(_entry(view, course.id), None, None))
            continue
        last = max(dates)
        days = (today - last).days
        if days > after:
            old.append(Stale(_entry(view, course.id), last, days))
    old.sort(key=lambda item: (-(item.days or 0), item.entry.course))
    undated.sort(key=lambda item: item.entry.course)
    return old, undated


def orphans(view: AudienceView) -> list[Entry]:
    """The audience's courses that none of its collections or learning paths holds."""
    held = {course_id for collection in view.collections for course_id in collection.courses}
    return sorted((_entry(view, c.id) for c in view.courses if c.id not in held), key=lambda e: e.course)


def forward_prerequisites(academy: Academy, view: AudienceView) -> list[ForwardPrerequisite]:
    """Prerequisites placed after the course that needs them, in each learning path of the audience."""
    found = []
    for path in view.collections:
        if not path.path:
            continue
        place = {course_id: index for index, course_id in enumerate(path.courses, start=1)}
        for course_id, position in place.items():
            course = view.course(course_id)
            for needed in course.prerequisites:
                if place.get(needed, 0) > position:
                    found.append(
                        ForwardPrerequisite(
                            path=path.id,
                            path_title=path.title,
                            course=_entry(view, course_id),
                            position=position,
                            prerequisite=needed,
                            prerequisite_title=view.course(needed).title,
                            prerequisite_position=place[needed],
                            line=_prerequisite_line(academy, course_id, needed),
                        )
                    )
    return found


def _prerequisite_line(academy: Academy, course_id: str, needed: str) -> int:
    course = academy.courses[course_id]
    listed = course.item_lines.get("prerequisites", {}).get(needed)
    return listed or course.doc.meta_lines.get("prerequisites", 0)
