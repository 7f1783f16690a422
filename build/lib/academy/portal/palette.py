"""Readable colours from Material's named palettes: WCAG AA contrast for text in both schemes.

Material draws one primary colour as the header's background, as the text of buttons and links,
and as the background of primary buttons, in the light and in the dark scheme alike. For most
named colours one of these fails WCAG AA (4.5:1 for normal text): white on ``deep-orange`` is
2.77:1, ``teal`` buttons on the dark page 4.27:1. The portal keeps each colour's hue and changes
only its lightness, as little as it takes: the header keeps Material's text colour and the
author's colour whenever they read together, and the page (``.md-main``) gets a shade that
reads as text on the page and under a text colour of its own (white in light pages, dark in
dark ones).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import cache

AA = 4.5
"""WCAG AA contrast for normal text."""

WHITE = "#ffffff"
DARK_INK = "#000000de"
"""Material's dark text: black at 87 %."""

PAGE = {"default": "#ffffff", "slate": "#1e2129"}
"""The page background of each scheme (slate: ``hsla(225, 15%, 14%)``, Material's default hue)."""

# Material for MkDocs 9.8.1, assets/stylesheets/palette.*.css: primary colour, its dark shade,
# its text colour and the link colour of the light scheme (when it is not the primary colour).
PRIMARY = {
    "red": ("#ef5552", "#e53734", WHITE, None),
    "pink": ("#e92063", "#c3185d", WHITE, None),
    "purple": ("#ab47bd", "#8c24a8", WHITE, None),
    "deep-purple": ("#7e56c2", "#673ab6", WHITE, None),
    "indigo": ("#4051b5", "#303fa1", WHITE, None),
    "blue": ("#2094f3", "#1975d2", WHITE, None),
    "light-blue": ("#02a6f2", "#0287cf", WHITE, None),
    "cyan": ("#00bdd6", "#0097a8", WHITE, None),
    "teal": ("#009485", "#007a6c", WHITE, None),
    "green": ("#4cae4f", "#398e3d", WHITE, None),
    "light-green": ("#8bc34b", "#689f38", WHITE, "#72ad2e"),
    "lime": ("#cbdc38", "#b0b52c", DARK_INK, "#8b990a"),
    "yellow": ("#ffec3d", "#fbc02d", DARK_INK, "#b8a500"),
    "amber": ("#ffc105", "#ffa000", DARK_INK, "#d19d00"),
    "orange": ("#ffa724", "#fa8900", DARK_INK, "#e68a00"),
    "deep-orange": ("#ff6e42", "#f4511f", WHITE, None),
    "brown": ("#795649", "#5d4037", WHITE, None),
    "grey": ("#757575", "#616161", WHITE, "#4051b5"),
    "blue-grey": ("#546d78", "#455a63", WHITE, "#4051b5"),
    "black": ("#141518", "#141518", WHITE, "#4051b5"),
    "white": ("#ffffff", "#ededed", DARK_INK, "#4051b5"),
}

# Material's accent colours (``--md-accent-fg-color``), for hover and highlights.
ACCENT = {
    "red": "#ff1a47",
    "pink": "#f50056",
    "purple": "#df41fb",
    "deep-purple": "#7c4dff",
    "indigo": "#526cfe",
    "blue": "#4287ff",
    "light-blue": "#0091eb",
    "cyan": "#00bad6",
    "teal": "#00bda4",
    "green": "#00c753",
    "light-green": "#63de17",
    "lime": "#b0eb00",
    "yellow": "#ffd500",
    "amber": "#ffaa00",
    "orange": "#ff9100",
    "deep-orange": "#ff6e42",
}


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def _over(ink: str, background: str) -> str:
    """``ink`` (``#rrggbb`` or ``#rrggbbaa``) as drawn on an opaque ``background``."""
    if len(ink) == 7:
        return ink
    alpha = int(ink[7:9], 16) / 255
    return _hex(tuple(a * alpha + b * (1 - alpha) for a, b in zip(_rgb(ink[:7]), _rgb(background), strict=True)))


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(ink: str, background: str) -> float:
    """WCAG contrast ratio (1 to 21) of ``ink`` (alpha allowed) drawn on ``background``."""
    lighter, darker = sorted((luminance(_over(ink, background)), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shade(colour: str, reads: callable, *, darker: bool) -> str:
    """The shade of ``colour`` nearest in lightness (same hue and saturation) for which ``reads`` holds."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    step = -0.005 if darker else 0.005
    while 0.0 <= lightness <= 1.0:
        candidate = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
        if reads(candidate):
            return candidate
        lightness += step
    return "#000000" if darker else WHITE


def best_ink(background: str) -> str:
    """White or Material's dark text, whichever reads better on ``background``."""
    return WHITE if contrast(WHITE, background) >= contrast(DARK_INK, background) else DARK_INK


@dataclass(frozen=True)
class Surface:
    """A colour drawn as a background under text of ``ink``, and as text itself."""

    colour: str
    ink: str


def header_surface(colour: str, ink: str) -> Surface:
    """The header: the author's colour under Material's text colour, shaded only if that fails.

    The text colour stays: Material draws the header's search box and icons for it.
    """
    if contrast(ink, colour) >= AA:
        return Surface(colour, ink)
    return Surface(shade(colour, lambda c: contrast(ink, c) >= AA, darker=ink == WHITE), ink)


def page_surface(colour: str, scheme: str) -> Surface:
    """A shade that reads as text on the scheme's page and under a text colour of its own."""
    page = PAGE[scheme]
    ink = WHITE if scheme == "default" else DARK_INK
    chosen = shade(colour, lambda c: contrast(c, page) >= AA and contrast(ink, c) >= AA, darker=scheme == "default")
    return Surface(chosen, ink)


def text_shade(colour: str, scheme: str) -> str:
    """A shade of ``colour`` that reads as text on the scheme's page."""
    page = PAGE[scheme]
    return shade(colour, lambda c: contrast(c, page) >= AA, darker=scheme == "default")


def _rule(selector: str, values: dict[str, str]) -> str:
    body = ";".join(f"{name}:{value}" for name, value in values.items())
    return f"{selector}{{{body}}}"


@cache
def palette_css() -> str:
    """The stylesheet giving every named primary and accent colour readable shades in both schemes.

    The same for every audience: the portal and the audit of a build both ask for it."""
    rules = ["/* Generated by Academy (academy.portal.palette): readable shades of Material's palette. */"]
    for scheme in PAGE:
        for name, (colour, dark, ink, _) in PRIMARY.items():
            at = f"[data-md-color-scheme={scheme}][data-md-color-primary={name}]"
            header = header_surface(colour, ink)
            page = page_surface(colour, scheme)
            rules.append(_rule(at, {"--md-primary-fg-color": header.colour, "--md-primary-bg-color": header.ink}))
            rules.append(
                _rule(
                    f"{at} .md-main",
                    {
                        "--md-primary-fg-color": page.colour,
                        "--md-primary-fg-color--dark": shade(
                            dark, lambda c, ink=page.ink: contrast(ink, c) >= AA, darker=scheme == "default"
                        ),
                        "--md-primary-bg-color": page.ink,
                        "--md-typeset-a-color": page.colour,
                    },
                )
            )
        for name, colour in ACCENT.items():
            page = page_surface(colour, scheme)
            rules.append(
                _rule(
                    f"[data-md-color-scheme={scheme}][data-md-color-accent={name}] .md-main",
                    {"--md-accent-fg-color": page.colour, "--md-accent-bg-color": page.ink},
                )
            )
    return "\n".join(rules) + "\n"


@dataclass(frozen=True)
class PaletteAdvice:
    """Why a named primary colour does not read as Material draws it, and what reads."""

    name: str
    failures: tuple[str, ...]
    """Each failing use, such as ``white header text on #ff6e42 is 2.77:1``."""
    drawn: str
    """The shade Academy draws on light pages instead."""


def primary_advice(name: str) -> PaletteAdvice | None:
    """What fails WCAG AA when ``name`` is drawn as Material draws it in the light scheme, or None."""
    if name not in PRIMARY:
        return None
    colour, _, ink, link = PRIMARY[name]
    failures = []
    ink_name = "white" if ink == WHITE else "dark"
    if (ratio := contrast(ink, colour)) < AA:
        failures.append(f"{ink_name} header and button text on {colour} is {ratio:.2f}:1")
    link = link or colour
    if (ratio := contrast(link, WHITE)) < AA:
        failures.append(f"links and buttons in {link} on white are {ratio:.2f}:1")
    if not failures:
        return None
    return PaletteAdvice(name, tuple(failures), page_surface(colour, "default").colour)


def readable_primaries() -> list[str]:
    """The named primary colours that need no change in the light scheme."""
    return [name for name in PRIMARY if primary_advice(name) is None]
