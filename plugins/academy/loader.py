"""Loading the whole academy: read every source once, validate, report every problem."""

from __future__ import annotations

from .analysis import Analyses
from .cache import Cache
from .load_docs import load_docs
from .load_yaml import load_audiences, load_collections
from .model import Academy, Settings
from .problems import Problem
from .validate import validate


def load_academy(settings: Settings, cache: Cache | None = None) -> tuple[Academy, list[Problem]]:
    """Read and validate the sources under ``settings``, keeping what can be kept in ``cache``.

    Returns:
        The academy and the problems found, sorted by file and line (empty when valid).
    """
    problems: list[Problem] = []
    academy = Academy(settings)
    academy.audiences = load_audiences(settings, problems)
    academy.courses, academy.docs, academy.assets = load_docs(settings, academy.audiences, problems)
    academy.collections = load_collections(settings, problems)
    validate(academy, problems, Analyses(cache))
    return academy, sorted(set(problems))
