"""Author values that become ids, URLs, colours and palette names: one check each, at load.

Values are data. Where they land they are escaped, but a value that becomes a URL or a colour
can act without breaking out of its attribute (``javascript:…``, ``red;background:url(…)``),
so each is checked where it enters, with a message saying what is allowed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
"""Ids of courses, lessons, collections, audiences, taxonomy values, tags and ribbons."""
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
"""A date written as text: ``2026-10-02`` (a YAML date is read as a date already)."""
ID_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit"

TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_][\w-]*(/[A-Za-z0-9_][\w-]*)*\.html$")
"""A theme template named in front matter: a path of plain names ending in ``.html``."""
ICON_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$")
"""A Material icon, such as ``material/rocket-launch`` or ``fontawesome/brands/github``."""
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
"""What Material's ``hide:`` front matter may hide."""
UNSAFE_NAME = re.compile(r"[\"'<>`\x00-\x1f\x7f]")
"""Characters a source file or folder name may not hold: its name becomes a URL in HTML."""

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

PALETTE_COLOURS = (
    "red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue", "cyan", "teal",
    "green", "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown",
    "grey", "blue-grey", "black", "white", "custom",
)  # fmt: skip
"""Material for MkDocs' named primary and accent colours."""
PALETTE_SCHEMES = ("default", "slate")
"""Material for MkDocs' colour schemes."""

URL_SCHEMES = ("https", "http", "mailto")
_UNSAFE = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")


def url_problem(value: str, *, relative: bool = True) -> str | None:
    """What is wrong with a URL an author gave, or None when it may be used.

    Allowed: ``https:``, ``http:`` and ``mailto:`` URLs, and (with ``relative``) paths with no
    scheme; never white space, quotes, angle brackets or control characters.
    """
    if _UNSAFE.search(value):
        return "must not hold spaces, quotes, angle brackets or control characters"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "is not a valid URL"
    if parts.scheme:
        if parts.scheme.lower() not in URL_SCHEMES:
            return f"uses '{parts.scheme}:'; only {', '.join(s + ':' for s in URL_SCHEMES)} URLs are allowed"
        if parts.scheme.lower() != "mailto" and not parts.netloc:
            return "names no host"
    elif not relative:
        return "must be a full URL, like https://academy.example.com/customers/"
    elif value.startswith("//"):
        return "must not start with '//' (a URL of another host): write its scheme"
    return None


def site_url_problem(value: str) -> str | None:
    """What is wrong with a site URL, or None: an ``https:`` or ``http:`` URL of a host."""
    problem = url_problem(value, relative=False)
    if problem is None and urlsplit(value).scheme.lower() == "mailto":
        problem = "must be an https: or http: URL"
    return problem
