"""Recommendation quizzes: read from an audience file, checked whole, and answered.

A quiz is a few questions and an ordered list of rules; the first rule whose ``when`` holds
for the learner's answers decides which collections to recommend, else ``otherwise`` does.
Quizzes are small, so ``academy check`` proves what it promises by enumerating every
combination of answers: each reaches an outcome, and each rule decides at least one.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace

from .fields import Values
from .model import Question, Quiz, Rule
from .problems import Problem, did_you_mean

DEFAULT_TITLE = "Find your learning path"
"""The quiz page's title when the audience file gives none."""
MAX_COMBINATIONS = 10_000
"""Answer combinations a quiz may have: beyond this, it is too long for learners and to check."""

Answers = Mapping[str, str]
"""A learner's answers: question id to answer id."""


def read_quiz(values: Values) -> Quiz:
    """The quiz of an audience file's ``recommend:`` mapping, as read by its field definitions."""
    data = values.reader.data
    questions = tuple(
        Question(q["id"] or "", q["text"] or "", dict(q["answers"]), q.reader.data.line)
        for q in values["questions"]
        if q["id"]
    )
    rules = tuple(
        Rule(
            when=dict(rule["when"]),
            recommend=rule["recommend"],
            line=rule.reader.data.line,
            lines={**rule.reader.data.lines, **_when_lines(rule)},
        )
        for rule in values["rules"]
    )
    return Quiz(
        title=values["title"] or DEFAULT_TITLE,
        intro=values["intro"] or "",
        questions=questions,
        rules=rules,
        otherwise=values["otherwise"],
        line=data.line,
        lines=dict(data.lines),
    )


def _when_lines(rule: Values) -> dict[str, int]:
    when = rule.reader.data.get("when")
    lines = getattr(when, "lines", {})
    return {f"when.{key}": line for key, line in lines.items()}


def matches(rule: Rule, answers: Answers) -> bool:
    """Whether every question the rule names has one of its answers."""
    return all(answers.get(question) in wanted for question, wanted in rule.when.items())


def decide(quiz: Quiz, answers: Answers) -> tuple[int | None, tuple[str, ...]]:
    """The index of the first rule matching ``answers`` (None for ``otherwise``) and what it recommends."""
    for index, rule in enumerate(quiz.rules):
        if matches(rule, answers):
            return index, rule.recommend
    return None, quiz.otherwise


def combinations(quiz: Quiz) -> Iterator[dict[str, str]]:
    """Every combination of answers, in the order questions and answers are written."""
    ids = [question.id for question in quiz.questions]
    for chosen in itertools.product(*(tuple(question.answers) for question in quiz.questions)):
        yield dict(zip(ids, chosen, strict=True))


def combination_count(quiz: Quiz) -> int:
    count = 1
    for question in quiz.questions:
        count *= max(len(question.answers), 1)
    return count


def check_quiz(
    quiz: Quiz, source: str, audience: str, known: Collection[str], visible: Collection[str]
) -> list[Problem]:
    """Every mistake of ``audience``'s quiz, in ``source``.

    Duplicate question ids, rules naming questions or answers the quiz does not have, collections
    that do not exist (``known``) or that the audience's site does not show (``visible``), and,
    when there are none of these and no ``otherwise``, the answers no rule reaches.
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for question in quiz.questions:
        if question.id in seen:
            problems.append(
                Problem(
                    source,
                    question.line,
                    f"question id '{question.id}' is used twice (also line {seen[question.id]}); "
                    "give each question its own id",
                )
            )
        seen.setdefault(question.id, question.line)
    by_id = {question.id: question for question in quiz.questions}
    for rule in quiz.rules:
        problems += _rule_problems(rule, by_id, source)
        problems += _collection_problems(rule.recommend, rule.lines.get("recommend", rule.line), source, audience,
                                         known, visible)  # fmt: skip
    problems += _collection_problems(
        quiz.otherwise, quiz.lines.get("otherwise", quiz.line), source, audience, known, visible
    )
    if problems or quiz.otherwise:
        return problems
    count = combination_count(quiz)
    if count > MAX_COMBINATIONS:
        return [
            Problem(
                source,
                quiz.lines.get("questions", quiz.line),
                f"the questions give {count:,} combinations of answers, more than {MAX_COMBINATIONS:,}: "
                "ask fewer questions or offer fewer answers",
            )
        ]
    unreached = [answers for answers in combinations(quiz) if decide(quiz, answers)[0] is None]
    if unreached:
        others = f" (and {len(unreached) - 1} more)" if len(unreached) > 1 else ""
        problems.append(
            Problem(
                source,
                quiz.lines.get("rules", quiz.line),
                f"no rule matches the answers {describe(unreached[0])}{others}; "
                "add a rule for them, or 'otherwise: [collection ids]' for any answers no rule matches",
            )
        )
    return problems


def describe(answers: Answers) -> str:
    """``role=admin, goal=go-live``: a combination as an author reads it."""
    return ", ".join(f"{question}={answer}" for question, answer in answers.items())


def _rule_problems(rule: Rule, questions: Mapping[str, Question], source: str) -> list[Problem]:
    problems = []
    for question_id, wanted in rule.when.items():
        line = rule.lines.get(f"when.{question_id}", rule.line)
        question = questions.get(question_id)
        if question is None:
            problems.append(
                Problem(
                    source,
                    line,
                    f"'when' names unknown question '{question_id}'; {did_you_mean(question_id, questions)}",
                )
            )
            continue
        for answer in wanted:
            if answer not in question.answers:
                problems.append(
                    Problem(
                        source,
                        line,
                        f"question '{question_id}' has no answer '{answer}'; {did_you_mean(answer, question.answers)}",
                    )
                )
    return problems


def _collection_problems(
    ids: tuple[str, ...], line: int, source: str, audience: str, known: Collection[str], visible: Collection[str]
) -> list[Problem]:
    problems = []
    for collection_id in ids:
        if collection_id not in known:
            problems.append(
                Problem(source, line, f"unknown collection '{collection_id}'; {did_you_mean(collection_id, known)}")
            )
        elif collection_id not in visible:
            problems.append(
                Problem(
                    source,
                    line,
                    f"collection '{collection_id}' is not shown to '{audience}' (not among its audiences, or none "
                    f"of its courses is); recommend one of: {', '.join(sorted(visible)) or 'none'}",
                )
            )
    return problems


def quiz_warnings(quiz: Quiz, source: str) -> list[Problem]:
    """Rules that never decide (earlier rules take every answer they match), and an ``otherwise`` never used.

    Only for a quiz whose rules name its own questions and answers, and small enough to enumerate.
    """
    questions = {question.id: question for question in quiz.questions}
    valid = all(
        question in questions and set(wanted) <= set(questions[question].answers)
        for rule in quiz.rules
        for question, wanted in rule.when.items()
    )
    if not valid or combination_count(quiz) > MAX_COMBINATIONS:
        return []
    decided = {decide(quiz, answers)[0] for answers in combinations(quiz)}
    warnings = [
        Problem(
            source,
            rule.line,
            f"rule {index + 1} never applies: earlier rules take every answer it matches; "
            "remove it, or move it above the rules that hide it",
        )
        for index, rule in enumerate(quiz.rules)
        if index not in decided
    ]
    if quiz.otherwise and None not in decided:
        warnings.append(
            Problem(
                source,
                quiz.lines.get("otherwise", quiz.line),
                "'otherwise' never applies: the rules match every combination of answers; remove it",
            )
        )
    return warnings


def quiz_texts(quiz: Quiz | None) -> tuple[str, ...]:
    """Every text of ``quiz`` a learner reads: title, introduction, questions and answers."""
    if quiz is None:
        return ()
    texts = [quiz.title, quiz.intro]
    for question in quiz.questions:
        texts += [question.text, *question.answers.values()]
    return tuple(text for text in texts if text)


def visible_quiz(quiz: Quiz, visible: Collection[str]) -> Quiz:
    """``quiz`` naming only the collections in ``visible``: what one audience's site may hold of it."""
    return replace(
        quiz,
        rules=tuple(replace(rule, recommend=_only(rule.recommend, visible)) for rule in quiz.rules),
        otherwise=_only(quiz.otherwise, visible),
    )


def _only(ids: tuple[str, ...], visible: Collection[str]) -> tuple[str, ...]:
    return tuple(collection_id for collection_id in ids if collection_id in visible)
