"""What a lesson page ships for its knowledge checks: salts, digests, sealed feedback, its pass mark.

Computed per audience site from the page's view (``PageView.checks``): the salt of each check
depends on the audience and the site's URL, so the same lesson read by two audiences ships
different digests, and nothing of a check another audience reads reaches this one.
"""

from __future__ import annotations

from typing import Any

from ..core.checks import shipped
from ..core.view import PageView
from .site import json_for_html


def checks_data(page: PageView, audience: str, site_url: str) -> dict[str, Any] | None:
    """The data the lesson's script reads, or None for a page without checks."""
    if not page.checks:
        return None
    return {
        "course": page.course_id,
        "lesson": page.id,
        "passMark": page.pass_mark,
        "assessment": page.assessment,
        "checks": [shipped(check, audience, site_url) for check in page.checks],
    }


def checks_json(page: PageView, audience: str, site_url: str) -> str | None:
    """``checks_data`` as JSON safe inside a ``<script type="application/json">``."""
    data = checks_data(page, audience, site_url)
    return None if data is None else json_for_html(data)
