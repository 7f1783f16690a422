"""Author-facing problems: where, what, and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the sources, printed as ``path:line: message``."""

    path: str
    """File relative to the project root (the folder holding ``mkdocs.yml``)."""
    line: int
    """1-based line number; 0 when the whole file is concerned."""
    message: str
    """What is wrong and how to fix it."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """Machine-readable form for ``academy check --format json``."""
        return {"path": self.path, "line": self.line, "message": self.message}


class ContentError(Exception):
    """Raised when the sources hold problems that stop a build."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem]) -> str:
    """Render problems one per line, sorted by file and line."""
    return "\n".join(str(problem) for problem in sorted(set(problems)))


def did_you_mean(value: object, allowed: Iterable[str]) -> str:
    """Suggest the closest allowed value, or list them all when none is close."""
    choices = sorted(allowed)
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return "none are declared"
    if len(choices) > 8:
        return "allowed: " + ", ".join(choices[:8]) + f", … ({len(choices)} in all)"
    return "allowed: " + ", ".join(choices)
