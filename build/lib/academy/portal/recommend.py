"""What the quiz page and the home page show of an audience's recommendation quiz.

The quiz comes from the audience view, so it names only collections this site shows; each
outcome is handed to templates with the collections' entries, and to the page's script as JSON
of ids only (every text the learner reads is in the page's HTML, escaped by the templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.model import Quiz

if TYPE_CHECKING:
    from .cards import CollectionEntry
    from .site import Portal

STORAGE_VERSION = 1
"""The version of the result the page's script keeps in ``localStorage``."""


@dataclass(frozen=True)
class Condition:
    """One question of a rule as learners read it: the question and the answers that match."""

    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """A rule (or ``otherwise``) as the quiz page lists it."""

    key: str
    """``1`` … for rules in order, ``otherwise`` for the fallback: what the script refers to."""
    conditions: tuple[Condition, ...]
    """Empty for ``otherwise``."""
    entries: tuple[CollectionEntry, ...]


def outcomes(portal: Portal, quiz: Quiz) -> list[Outcome]:
    """Every rule of ``quiz`` that recommends something, then ``otherwise`` if it does."""
    texts = {question.id: question for question in quiz.questions}
    result = []
    for index, rule in enumerate(quiz.rules):
        conditions = tuple(
            Condition(texts[qid].text, tuple(texts[qid].answers[a] for a in wanted if a in texts[qid].answers))
            for qid, wanted in rule.when.items()
            if qid in texts
        )
        result.append(Outcome(str(index + 1), conditions, _entries(portal, rule.recommend)))
    if quiz.otherwise:
        result.append(Outcome("otherwise", (), _entries(portal, quiz.otherwise)))
    return [outcome for outcome in result if outcome.entries]


def _entries(portal: Portal, ids: tuple[str, ...]) -> tuple[CollectionEntry, ...]:
    return tuple(entry for cid in ids if (entry := portal.collection(cid)) is not None)


def recommendable(portal: Portal, quiz: Quiz) -> list[CollectionEntry]:
    """Each collection the quiz may recommend, once, in the order the quiz first names it."""
    ids = [cid for rule in quiz.rules for cid in rule.recommend] + list(quiz.otherwise)
    return list(_entries(portal, tuple(dict.fromkeys(ids))))


def quiz_data(quiz: Quiz) -> dict:
    """The rules as the page's script applies them: ids only, in order, first match wins."""
    return {
        "version": STORAGE_VERSION,
        "questions": [{"id": q.id, "answers": list(q.answers)} for q in quiz.questions],
        "rules": [
            {"key": str(index + 1), "when": {qid: list(wanted) for qid, wanted in rule.when.items()}}
            for index, rule in enumerate(quiz.rules)
        ],
        "otherwise": bool(quiz.otherwise),
    }
