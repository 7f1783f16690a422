"""Badge images: an SVG drawn from a collection's badge label, icon and colour."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from html import escape
from importlib import resources

from ..core.model import Badge
from .ribbons import text_colour

ICON_FILES = {
    "award": "trophy-award",
    "book": "book-open-variant",
    "chart": "chart-line",
    "code": "code-tags",
    "handshake": "handshake",
    "rocket": "rocket-launch",
    "shield": "shield-check",
    "star": "star",
    "wrench": "wrench",
}
"""Badge icon names to Material Design Icons shipped with Material for MkDocs."""


@cache
def icon_path(icon: str) -> str:
    """The SVG path data of a badge icon, read from Material's bundled icon set."""
    svg = (resources.files("material") / "templates" / ".icons" / "material" / f"{ICON_FILES[icon]}.svg").read_text(
        encoding="utf-8"
    )
    match = re.search(r'\sd="([^"]+)"', svg)
    if match is None:  # pragma: no cover - Material's icons are single paths
        raise ValueError(f"icon {icon} has no path")
    return match.group(1)


def badge_svg(badge: Badge, *, earned: bool = True) -> str:
    """A 160×184 badge: a medallion with the icon and a banner with the label."""
    colour = badge.colour if earned else "#9e9e9e"
    ink = text_colour(colour)
    lines = textwrap.wrap(badge.label, 18)[:2] or [""]
    size = 13 if max(len(line) for line in lines) <= 16 else 11
    label = "".join(
        f'<text x="80" y="{150 + index * 15 - (len(lines) - 1) * 7}" font-size="{size}">{escape(line)}</text>'
        for index, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 184" width="160" height="184" '
        f'role="img" aria-label="{escape(badge.label)} badge">'
        f"<title>{escape(badge.label)}</title>"
        f'<circle cx="80" cy="72" r="66" fill="{colour}"/>'
        f'<circle cx="80" cy="72" r="56" fill="none" stroke="{ink}" stroke-opacity=".5" stroke-width="3"/>'
        f'<path transform="translate(50 42) scale(2.5)" fill="{ink}" d="{icon_path(badge.icon)}"/>'
        f'<rect x="8" y="{128 - (len(lines) - 1) * 7}" width="144" height="{34 + (len(lines) - 1) * 14}" rx="8" '
        f'fill="{colour}" stroke="{ink}" stroke-opacity=".6" stroke-width="2"/>'
        f'<g fill="{ink}" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-weight="700" '
        f'text-anchor="middle">{label}</g></svg>'
    )
