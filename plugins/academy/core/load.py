"""Loading the whole academy: read every source once, validate, report every problem."""

from __future__ import annotations

from collections.abc import Callable

from .analysis import Analysis, analyse
from .files import load_audiences, load_collections
from .model import Academy, Doc, Settings
from .pages import load_docs
from .problems import Problem
from .validate import validate


def load_academy(settings: Settings, analyser: Callable[[Doc], Analysis] = analyse) -> tuple[Academy, list[Problem]]:
    """Read and validate the sources under ``settings``; ``analyser`` parses each page's body.

    Returns:
        The academy and the problems found, sorted by file and line (empty when valid).
    """
    problems: list[Problem] = []
    academy = Academy(settings)
    academy.audiences = load_audiences(settings, problems)
    academy.courses, academy.docs, academy.assets = load_docs(settings, academy.audiences, problems)
    academy.collections = load_collections(settings, problems)
    validate(academy, problems, analyser)
    return academy, sorted(set(problems))
