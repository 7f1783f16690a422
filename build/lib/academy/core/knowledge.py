"""Cross-file rules of knowledge checks and final assessments (``academy check``).

What is wrong inside one check (no right choice, a choice written twice …) is found where the
page is read (``checks_found``); these rules need the rest of the course.
"""

from __future__ import annotations

from .model import Academy, Doc
from .problems import Problem


def doc_checks(doc: Doc) -> dict[str, int]:
    """Every check id of ``doc`` in any reading, with the body line of its first block."""
    found: dict[str, int] = {}
    for _, reading in sorted(doc.readings.items()):
        for check in reading.checks:
            found.setdefault(check.id, check.line)
    return found


def check_knowledge_checks(academy: Academy, problems: list[Problem]) -> None:
    """Checks sit in lessons, with ids unique in their course; a course has at most one assessment, with checks."""
    for doc in academy.docs.values():
        if doc.kind != "lesson":
            for check_id, line in doc_checks(doc).items():
                problems.append(
                    Problem(
                        doc.source,
                        doc.source_line(line),
                        f"knowledge check '{check_id}' is not in a lesson; move it into a lesson of a course, "
                        "where passing it completes the lesson",
                    )
                )
        if doc.assessment and not doc.draft and any(not reading.checks for reading in doc.readings.values()):
            readers = sorted(audience for audience, reading in doc.readings.items() if not reading.checks)
            problems.append(
                Problem(
                    doc.source,
                    doc.meta_lines.get("assessment", 1),
                    f"this final assessment holds no knowledge check for {', '.join(readers)}; add '/// check' "
                    "blocks they read, or remove 'assessment: true'",
                )
            )
    for course in academy.courses.values():
        seen: dict[str, str] = {}
        assessments = [lesson.doc for lesson in course.lessons if lesson.doc.assessment]
        for extra in assessments[1:]:
            problems.append(
                Problem(
                    extra.source,
                    extra.meta_lines.get("assessment", 1),
                    f"course '{course.id}' has a final assessment already ({assessments[0].source}); "
                    "keep one 'assessment: true' per course",
                )
            )
        for lesson in course.lessons:
            doc = lesson.doc
            lines: dict[str, list[int]] = {}
            for _, reading in sorted(doc.readings.items()):
                for check in reading.checks:
                    lines.setdefault(check.id, [])
                    if check.line not in lines[check.id]:
                        lines[check.id].append(check.line)
            for check_id, where in sorted(lines.items()):
                for line in where[1:]:
                    problems.append(_duplicate(doc, line, check_id, f"line {doc.source_line(where[0])}"))
                if check_id in seen:
                    problems.append(_duplicate(doc, where[0], check_id, seen[check_id]))
                else:
                    seen[check_id] = doc.source


def _duplicate(doc: Doc, line: int, check_id: str, other: str) -> Problem:
    return Problem(
        doc.source,
        doc.source_line(line),
        f"duplicate check id '{check_id}' in this course (also {other}); give one of them another 'id: …' "
        "(indented 4 spaces under its '/// check' line)",
    )
