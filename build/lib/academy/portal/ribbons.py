"""Ribbons of a course: derived ones (``new``, ``updated``) and the ones authors declare."""

from __future__ import annotations

import datetime as dt

from ..core.model import RibbonStyle
from ..core.view import AudienceView, CourseView


def course_ribbons(course: CourseView, view: AudienceView) -> list[tuple[str, RibbonStyle]]:
    """The ribbons shown on a course's card and page, derived ones first."""
    ids: list[str] = []
    today = view.build_date or dt.date.today()
    window = dt.timedelta(days=view.ribbon_window_days)
    if course.published and dt.timedelta(0) <= today - course.published <= window:
        ids.append("new")
    elif course.updated and dt.timedelta(0) <= today - course.updated <= window:
        ids.append("updated")
    ids += [ribbon for ribbon in course.ribbons if ribbon not in ids]
    return [(ribbon, view.ribbons[ribbon]) for ribbon in ids if ribbon in view.ribbons]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG AA needs 4.5:1)."""
    return "#ffffff" if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#000000") else "#000000"
