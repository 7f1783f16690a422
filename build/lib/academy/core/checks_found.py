"""Where a reading's knowledge checks are, and what is wrong with them, as the parser reads them.

The checks themselves come from the parse that renders the reading (``Parser.tree``). Their
lines come from a second, cheaper parse of the same text in which every line that looks like a
check's opening line carries a tag at its end (as audience markers do, ``passages``): the
block that meets a tag names its line. A tagged line the parser did not read as a check is an
error unless it is code: a misspelt or malformed block would show its task list, right
answers ticked, to every reader.
"""

from __future__ import annotations

import re

from .check_block import NAME
from .checks import Check
from .markdown import BlockParse, Parser, texts_of
from .problems import did_you_mean

_MARKER = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t>]*(?P<fence>/{3,})[ \t]*(?P<name>[^\W\d_][\w-]*)(?P<rest>.*)$"
)


def _looks_like_check(name: str) -> bool:
    lowered = name.lower()
    return lowered == NAME or did_you_mean(lowered, [NAME]) == f"did you mean '{NAME}'?"


def marker_lines(text: str) -> dict[int, re.Match[str]]:
    """Lines (0-based) that open, or look like they mean to open, a check."""
    found = {}
    for index, line in enumerate(text.split("\n")):
        if "//" in line and (match := _MARKER.match(line)) and _looks_like_check(match["name"]):
            found[index] = match
    return found


def _in_code(tag: str, parse: BlockParse) -> bool:
    for _, chunk, code in texts_of(parse.root):
        if tag in chunk:
            return code
    if any(tag in chunk for chunk in parse.code):
        return True
    return any(tag in html and html.lstrip().startswith(("<pre", '<div class="highlight"')) for html in parse.html)


def locate_checks(text: str, parser: Parser, checks: list[Check]) -> tuple[list[Check], list[tuple[int, str]]]:
    """``checks`` (as ``Parser.tree`` read them from ``text``) with their lines, and the problems found.

    Lines are lines of ``text`` (1-based).
    """
    lines = text.split("\n")
    found = marker_lines(text)
    if not found and not checks:
        return checks, []
    tagged = list(lines)
    for index, match in found.items():
        tagged[index] = lines[index] + (" " if "|" in match["rest"] else " | ") + f"\x1d{index}\x1d"
    parse = parser.blocks("\n".join(tagged))
    problems: list[tuple[int, str]] = []
    if len(parse.checks) != len(checks) or any(check.line == 0 for check in parse.checks):
        return checks, [(1, "a knowledge check Academy cannot place; write each '/// check' on a line of its own")]
    placed = [
        Check(check.id, check.question, met.line, check.choices, check.explanation, met.problems)
        for check, met in zip(checks, parse.checks, strict=True)
    ]
    for check in placed:
        problems.extend((check.line, f"check '{check.id}': {message}") for message in check.problems)
    met_lines = {check.line - 1 for check in placed}
    for index, match in sorted(found.items()):
        tag = f"\x1d{index}\x1d"
        if index in met_lines or _in_code(tag, parse):
            continue
        written = f"'{match['fence']} {match['name']}'"
        if match["name"] != NAME:
            lower = match["name"].lower() == NAME
            hint = f"write '/// {NAME}' in lowercase" if lower else f"did you mean '/// {NAME}'?"
            problems.append((index + 1, f"unknown block {written}; {hint}"))
        else:
            problems.append(
                (
                    index + 1,
                    f"{written} is not read as a knowledge check here, so its choices would show as a plain list: "
                    "start it on a line of its own after an empty line, give only the options 'id' (indented "
                    "4 spaces under it), and close it with '///'",
                )
            )
    return placed, problems
