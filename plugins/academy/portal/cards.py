"""What the portal shows of courses and collections, as plain data for templates and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.digests import text_digest
from ..core.model import RibbonStyle
from ..core.view import AudienceView, CollectionView, CourseView, LessonView
from .ribbons import course_ribbons, text_colour


def duration_label(minutes: int | None) -> str:
    """``45 min``, ``1 h``, ``1 h 30 min``; empty when unknown."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@dataclass
class Card:
    """A course as the catalog, collections and home page show it."""

    id: str
    title: str
    description: str
    url: str
    """Site path of the course overview, e.g. ``courses/api-webhooks/``."""
    terms: dict[str, list[str]]
    labels: dict[str, list[str]]
    duration: int | None
    ribbons: list[dict[str, str]]
    lessons: list[dict[str, Any]]
    """Each lesson's ``id``, ``title``, ``url``, ``duration`` (minutes or ``None``), whether it is the
    course's final ``assessment`` and its content ``digest`` (``lesson_digest``), in order."""
    prerequisites: list[dict[str, str]]
    tags: list[str]
    updated: str
    search: str = ""
    """Lowercase text the free-text filter matches."""
    newest: str = ""
    """The later of the course's publication and update dates (ISO), which "Newest" sorts by."""
    icon: str = ""
    """The course's initials, drawn as its decorative icon."""
    icon_tone: int = 0
    """Which of ``ICON_TONES`` colours the icon: one per first role (or first taxonomy value)."""

    def as_json(self) -> dict[str, Any]:
        """The card in ``catalog.json`` and in the pages' embedded data: what the scripts need to
        draw it as the catalog prints it (icon, taxonomy labels, duration label)."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "url": self.url,
            "terms": self.terms,
            # A list, not an object: the JSON's keys are sorted, and the card lists taxonomies in declared order.
            "labels": [{"id": key, "values": labels} for key, labels in self.labels.items()],
            "icon": self.icon,
            "icon_tone": self.icon_tone,
            "duration": self.duration,
            "duration_label": self.duration_label,
            "ribbons": [ribbon["id"] for ribbon in self.ribbons],
            "lessons": [
                {"id": lesson["id"], "title": lesson["title"], "url": lesson["url"], "digest": lesson["digest"]}
                for lesson in self.lessons
            ],
            "prerequisites": [prerequisite["id"] for prerequisite in self.prerequisites],
            "tags": self.tags,
            "updated": self.updated,
        }

    @property
    def duration_label(self) -> str:
        return duration_label(self.duration)


ICON_TONES = 6
"""How many colours generated course icons come in (``ac-card__icon--tone-<n>`` in the stylesheet)."""


def initials(title: str) -> str:
    """Up to two capital initials of a title's first words: ``Approval workflows`` → ``AW``."""
    words = [word for word in title.split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper()


def icon_tone(key: str) -> int:
    """A stable colour index for ``key`` (the same in every build and process)."""
    return sum(key.encode("utf-8")) % ICON_TONES


def ribbon_entry(ribbon: str, style: RibbonStyle) -> dict[str, str]:
    """A ribbon as the templates print it: its id, label, colour and the ink that reads on it."""
    return {"id": ribbon, "label": style.label, "colour": style.colour, "ink": text_colour(style.colour)}


DIGEST_LENGTH = 16
"""Hex digits of a lesson's content digest: enough that a change never goes unnoticed by chance."""


def lesson_digest(view: AudienceView, lesson: LessonView) -> str:
    """What a lesson says to this audience, as a short digest that changes when its text does.

    It covers the lesson's title and its Markdown as the audience reads it (passages for other
    audiences removed), with runs of white space made one space: rewrapping a paragraph or
    changing front matter (duration, description) is no material change, and a passage for
    another audience does not concern this one's learners.
    """
    page = view.pages.get(lesson.src)
    body = " ".join((page.markdown if page is not None else "").split())
    return text_digest(f"{lesson.title}\n{body}")[:DIGEST_LENGTH]


def course_card(view: AudienceView, course: CourseView) -> Card:
    """The card of a course the audience can see."""
    ribbons = [ribbon_entry(ribbon, style) for ribbon, style in course_ribbons(course, view)]
    labels = {
        key: [view.taxonomies[key].label_of(value) for value in values]
        for key, values in course.terms.items()
        if key in view.taxonomies
    }
    prerequisites = [
        {"id": other.id, "title": other.title, "url": other.url}
        for pid in course.prerequisites
        if (other := view.course(pid)) is not None
    ]
    words = [course.title, course.description, *course.tags, *(label for group in labels.values() for label in group)]
    return Card(
        id=course.id,
        title=course.title,
        description=course.description,
        url=course.url,
        terms={key: list(values) for key, values in course.terms.items()},
        labels=labels,
        duration=course.minutes,
        ribbons=ribbons,
        lessons=[
            {
                "id": lesson.id,
                "title": lesson.title,
                "url": lesson.url,
                "duration": lesson.duration,
                "assessment": lesson.assessment,
                "digest": lesson_digest(view, lesson),
            }
            for lesson in course.lessons
        ],
        prerequisites=prerequisites,
        tags=list(course.tags),
        updated=course.updated.isoformat() if course.updated else "",
        search=" ".join(words).lower(),
        newest=max((day.isoformat() for day in (course.published, course.updated) if day), default=""),
        icon=initials(course.title),
        icon_tone=icon_tone(next((values[0] for values in course.terms.values() if values), course.id)),
    )


@dataclass
class LessonPlace:
    """Where a lesson stands in its course: its header, its pager and its "Next lesson"."""

    number: int
    """1 for the course's first lesson."""
    total: int
    duration_label: str
    previous: dict[str, str]
    """The lesson before (``title``, ``url``), or the course overview before the first one."""
    next: dict[str, str] | None
    """The lesson after, or ``None`` on the last lesson."""

    @property
    def last(self) -> bool:
        return self.next is None


def _link(lesson: dict[str, Any]) -> dict[str, str]:
    return {"title": lesson["title"], "url": lesson["url"]}


def lesson_place(card: Card, lesson_id: str) -> LessonPlace | None:
    """The place of lesson ``lesson_id`` in ``card``'s course, or ``None`` if it has no such lesson."""
    ids = [lesson["id"] for lesson in card.lessons]
    if lesson_id not in ids:
        return None
    index = ids.index(lesson_id)
    return LessonPlace(
        number=index + 1,
        total=len(ids),
        duration_label=duration_label(card.lessons[index]["duration"]),
        previous=_link(card.lessons[index - 1]) if index else {"title": "Course overview", "url": card.url},
        next=_link(card.lessons[index + 1]) if index + 1 < len(ids) else None,
    )


@dataclass
class Facet:
    """One taxonomy as a filter: its values with the number of courses having each."""

    id: str
    label: str
    values: list[dict[str, Any]] = field(default_factory=list)


TAGS_FACET = "tags"
"""The facet of the courses' free ``tags`` (a reserved front-matter key, so no taxonomy has this id)."""


def tags_facet(cards: list[Card]) -> Facet | None:
    """The tags of ``cards`` as a facet, the most used first (then A–Z); ``None`` without tags."""
    counts: dict[str, int] = {}
    for card in cards:
        for tag in dict.fromkeys(card.tags):
            counts[tag] = counts.get(tag, 0) + 1
    if not counts:
        return None
    order = sorted(counts, key=lambda tag: (-counts[tag], tag))
    return Facet(TAGS_FACET, "Tags", [{"id": tag, "label": tag, "count": counts[tag]} for tag in order])


def facets(view: AudienceView, cards: list[Card]) -> list[Facet]:
    """Facets over ``cards`` for every taxonomy, values in declared order, empty ones left out;
    then the tags of ``cards``."""
    result = []
    for taxonomy in view.taxonomies.values():
        facet = Facet(taxonomy.id, taxonomy.label)
        for value, label in taxonomy.values.items():
            count = sum(1 for card in cards if value in card.terms.get(taxonomy.id, ()))
            if count:
                facet.values.append({"id": value, "label": label, "count": count})
        if facet.values:
            result.append(facet)
    if (tags := tags_facet(cards)) is not None:
        result.append(tags)
    return result


@dataclass
class CollectionEntry:
    """A collection or learning path of the audience with its member courses' cards."""

    collection: CollectionView
    cards: list[Card]
    url: str
    badge_url: str | None
    ribbons: list[dict[str, str]] = field(default_factory=list)
    """The collection's ribbon (``ribbon:``), as a course card's ribbons are listed."""
    claim_url: str = ""
    """Where a learner who earned the badge claims a signed credential (``openbadges.claim_url``)."""

    @property
    def id(self) -> str:
        return self.collection.id

    @property
    def minutes(self) -> int | None:
        """The time of all its courses together; ``None`` when none gives one."""
        return sum(card.duration or 0 for card in self.cards) or None

    @property
    def duration_label(self) -> str:
        return duration_label(self.minutes)

    def as_json(self) -> dict[str, Any]:
        badge = self.collection.badge
        return {
            "id": self.collection.id,
            "title": self.collection.title,
            "description": self.collection.description,
            "url": self.url,
            "path": self.collection.path,
            "courses": [card.id for card in self.cards],
            "ribbons": [ribbon["id"] for ribbon in self.ribbons],
            "badge": {
                "label": badge.label,
                "icon": badge.icon,
                "colour": badge.colour,
                "image": self.badge_url,
                "claim_url": self.claim_url,
            }
            if badge
            else None,
        }
