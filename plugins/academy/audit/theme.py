"""What the theme prints on every site: template text, and the files it copies as they are."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..core.definitions import BADGE_ICONS
from ..core.model import Badge
from ..portal.badges import badge_svg
from ..portal.openbadges import FIXED_TEXT
from ..portal.palette import palette_css

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LITERAL = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"|\'([^\'\\]*(?:\\.[^\'\\]*)*)\'')
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
"""Templates: text a page prints. (The theme's scripts and styles reach a site as copies of themselves.)"""
JSON_KEYS = (
    "config lang separator pipeline stopwordfilter fields boost docs location title text tags "
    "audience courses collections taxonomies id description url terms duration ribbons lessons prerequisites "
    "updated path badge label icon colour image values many claim_url digest "
    "labels icon_tone duration_label"
)
"""The keys of the JSON files the site publishes (Material's search index, ``catalog.json``)."""


def template_texts(folders: Iterable[Path]) -> Iterator[str]:
    """The text of every template under ``folders``: its markup, and the string literals of its code.

    Template code (``{{ … }}``, ``{% … %}``) cuts the text, so that what a template prints
    around a value never joins the value's words.
    """
    for folder in folders:
        for current, folders_here, names in os.walk(folder):
            folders_here[:] = sorted(name for name in folders_here if not name.startswith("."))  # Material's icons
            for name in sorted(names):
                path = Path(current) / name
                if name.startswith(".") or path.suffix not in TEMPLATE_SUFFIXES:
                    continue
                yield from _template_texts(path)
    yield JSON_KEYS.replace(" ", "\n\n")


def _template_texts(path: Path) -> Iterator[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    for code in _JINJA.findall(text):
        yield from (match.group(1) or match.group(2) or "" for match in _LITERAL.finditer(code))
    yield _JINJA.sub("\n\n", text)


def generated_texts() -> Iterator[str]:
    """What the portal's code draws around the author's values (a badge's shape and lettering, the palette)."""
    for icon in BADGE_ICONS:
        yield badge_svg(Badge(label="", icon=icon, colour="#000000"))
    yield palette_css()
    yield from FIXED_TEXT


def config_texts(value: object) -> Iterator[str]:
    """Every string of a configuration value (the site's name, copyright, palette toggle names …)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from config_texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from config_texts(item)


def is_theme_copy(rel: str, data: bytes, folders: Iterable[Path]) -> bool:
    """Whether an output file is a file of the theme, copied as it is (an asset of Material's, say)."""
    for folder in folders:
        source = folder / rel
        if source.is_file() and not rel.endswith(".html"):
            try:
                if source.read_bytes() == data:
                    return True
            except OSError:
                continue
    return False
