"""Badge images: an SVG drawn from a collection's badge label, icon and colour."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
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


FONT_SIZES = ((13, 16), (11, 19), (9.5, 22))
"""Label lettering, largest first: font size (px) and the characters that fit the banner's width."""
MAX_LINES = 3


@dataclass(frozen=True)
class LabelLayout:
    """How a badge's label is lettered on its banner."""

    lines: tuple[str, ...]
    size: float
    shortened: bool
    """True when even the smallest lettering cannot show the whole label: its end is cut."""


def label_layout(label: str) -> LabelLayout:
    """The largest lettering that shows the whole label in at most three lines, or the label cut."""
    for size, width in FONT_SIZES:
        lines = textwrap.wrap(label, width, break_long_words=False) or [""]
        if len(lines) <= MAX_LINES and max(len(line) for line in lines) <= width:
            return LabelLayout(tuple(lines), size, False)
    size, width = FONT_SIZES[-1]
    lines = textwrap.wrap(label, width, break_long_words=True)[:MAX_LINES]
    lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return LabelLayout(tuple(lines), size, True)


def badge_svg(badge: Badge, *, earned: bool = True) -> str:
    """A 160×184 badge: a medallion with the icon and a banner with the whole label."""
    colour = badge.colour if earned else "#9e9e9e"
    ink = text_colour(colour)
    layout = label_layout(badge.label)
    step = layout.size + 3
    height = len(layout.lines) * step + 14
    top = min(145 - height / 2, 182 - height)
    label = "".join(
        f'<text x="80" y="{top + 7 + index * step + step / 2 + layout.size * 0.35:g}" font-size="{layout.size:g}">'
        f"{escape(line)}</text>"
        for index, line in enumerate(layout.lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 184" width="160" height="184" '
        f'role="img" aria-label="{escape(badge.label)} badge">'
        f"<title>{escape(badge.label)}</title>"
        f'<circle cx="80" cy="72" r="66" fill="{colour}"/>'
        f'<circle cx="80" cy="72" r="56" fill="none" stroke="{ink}" stroke-opacity=".5" stroke-width="3"/>'
        f'<path transform="translate(50 42) scale(2.5)" fill="{ink}" d="{icon_path(badge.icon)}"/>'
        f'<rect x="8" y="{top:g}" width="144" height="{height:g}" rx="8" '
        f'fill="{colour}" stroke="{ink}" stroke-opacity=".6" stroke-width="2"/>'
        f'<g fill="{ink}" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-weight="700" '
        f'text-anchor="middle">{label}</g></svg>'
    )
