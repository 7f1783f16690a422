"""Warnings for authors: settings that work but that learners will find hard to read or cut short.

``academy check`` prints them; they never fail a check or a build.
"""

from __future__ import annotations

from ..core.model import Academy
from ..core.problems import Problem
from ..core.recommend import quiz_warnings
from .badges import label_layout
from .palette import PAGE, contrast, primary_advice, readable_primaries, shade

GRAPHICS = 3.0
"""WCAG AA contrast for graphics and the parts of controls (1.4.11)."""


def author_warnings(academy: Academy) -> list[Problem]:
    """Every audience palette and badge of the academy that fails WCAG AA contrast or loses text."""
    warnings = []
    for audience in academy.audiences.values():
        primary = audience.palette.get("primary")
        advice = primary_advice(primary) if primary else None
        if advice is not None:
            warnings.append(
                Problem(
                    audience.source,
                    audience.palette_lines.get("primary", 0),
                    f"palette primary '{primary}' fails WCAG AA contrast (4.5:1): {'; '.join(advice.failures)}. "
                    f"The portal draws a darker shade ({advice.drawn}) so pages stay readable; to keep the "
                    f"colour you choose, use one that reads as it is: {', '.join(readable_primaries())}",
                )
            )
        if audience.quiz is not None:
            warnings += quiz_warnings(audience.quiz, audience.source)
        if not audience.site_url and (audience.badges_line or _badges_for(academy, audience.id)):
            warnings.append(
                Problem(
                    audience.source,
                    audience.badges_line or 1,
                    "this site has badges but no 'site_url': Open Badges definitions need absolute ids, so none "
                    "are published; add 'site_url: https://…' (where the site is published) to publish them",
                )
            )
    for collection in academy.collections.values():
        badge = collection.badge
        if badge is None:
            continue
        line = collection.lines.get("badge", 0)
        # The label is drawn black or white, whichever reads (always 4.5:1 or more); what can
        # fail is the medallion against the page around it: graphics need 3:1 (WCAG 1.4.11).
        if (ratio := contrast(badge.colour, PAGE["default"])) < GRAPHICS:
            warnings.append(
                Problem(
                    collection.source,
                    line,
                    f"badge colour '{badge.colour}' fails WCAG AA contrast for graphics (3:1): it is {ratio:.2f}:1 "
                    f"against the white page, so the badge's outline fades; choose a darker colour, such as "
                    f"'{shade(badge.colour, lambda c: contrast(c, PAGE['default']) >= GRAPHICS, darker=True)}'",
                )
            )
        layout = label_layout(badge.label)
        if layout.shortened:
            warnings.append(
                Problem(
                    collection.source,
                    line,
                    f"badge label '{badge.label}' is too long for the badge image and is drawn shortened as "
                    f"'{' '.join(layout.lines)}'; use at most 3 lines of about 22 characters",
                )
            )
    return sorted(warnings)


def _badges_for(academy: Academy, audience: str) -> bool:
    """Whether a collection of ``audience`` has a badge."""
    return any(c.badge is not None and audience in c.readers for c in academy.collections.values())
