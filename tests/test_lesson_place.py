"""Where a lesson stands in its course: number, duration, previous and next (pure)."""

from __future__ import annotations

import pytest

from academy.portal.cards import Card, lesson_place


def course(*lessons: tuple[str, int | None]) -> Card:
    return Card(
        id="c",
        title="Course",
        description="",
        url="courses/c/",
        terms={},
        labels={},
        duration=None,
        ribbons=[],
        lessons=[
            {"id": lid, "title": lid.title(), "url": f"courses/c/{lid}/", "duration": minutes}
            for lid, minutes in lessons
        ],
        prerequisites=[],
        tags=[],
        updated="",
    )


THREE = course(("one", 10), ("two", None), ("three", 75))


@pytest.mark.parametrize(
    ("lesson", "number", "duration", "previous", "following"),
    [
        ("one", 1, "10 min", "courses/c/", "courses/c/two/"),
        ("two", 2, "", "courses/c/one/", "courses/c/three/"),
        ("three", 3, "1 h 15 min", "courses/c/two/", None),
    ],
)
def test_a_lessons_place_links_its_neighbours_and_the_overview_first(lesson, number, duration, previous, following):
    place = lesson_place(THREE, lesson)
    assert (place.number, place.total, place.duration_label) == (number, 3, duration)
    assert place.previous["url"] == previous
    assert (place.next["url"] if place.next else None) == following
    assert place.last == (following is None)


def test_the_first_lesson_goes_back_to_the_course_overview():
    assert lesson_place(THREE, "one").previous == {"title": "Course overview", "url": "courses/c/"}


def test_a_single_lesson_is_first_and_last():
    place = lesson_place(course(("only", None)), "only")
    assert (place.number, place.total, place.next) == (1, 1, None)


def test_an_unknown_lesson_has_no_place():
    assert lesson_place(THREE, "four") is None
