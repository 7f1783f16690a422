"""Loading the whole academy: read every source once, decide who reads it, validate."""

from __future__ import annotations

from .analysis import Memo, analyse_all
from .files import load_audiences, load_collections
from .markdown import Parser
from .model import Academy, Settings
from .pages import load_docs
from .problems import Problem
from .snippets import include_snippets
from .validate import validate
from .visibility import apply as apply_visibility


def load_academy(settings: Settings, memo: Memo | None = None) -> tuple[Academy, list[Problem]]:
    """Read and validate the sources under ``settings``; ``memo`` keeps page analyses between builds.

    Returns:
        The academy and the problems found, sorted by file and line (empty when valid).
    """
    problems: list[Problem] = []
    academy = Academy(settings)
    academy.audiences = load_audiences(settings, problems)
    academy.courses, academy.docs, academy.assets = load_docs(settings, academy.audiences, problems)
    academy.collections = load_collections(settings, problems)
    include_snippets(academy.docs, settings, problems)
    apply_visibility(academy)
    analyse_all(academy, Parser(settings.markdown), memo)
    validate(academy, problems)
    return academy, sorted(set(problems))
