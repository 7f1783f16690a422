"""Cross-file checks: ids that must exist, cycles, passages and links per audience."""

from __future__ import annotations

from collections.abc import Callable

from .analysis import Analysis, analyse
from .links import Link
from .model import Academy, Doc, receives
from .problems import Problem, did_you_mean
from .view import collection_members, doc_visible


def validate(academy: Academy, problems: list[Problem], analyser: Callable[[Doc], Analysis] = analyse) -> None:
    """Run every cross-file check, appending to ``problems``; pages' bodies are analysed by ``analyser``."""
    _check_prerequisites(academy, problems)
    _check_collections(academy, problems)
    _check_audiences(academy, problems)
    for doc in academy.docs.values():
        _check_doc(academy, doc, analyser(doc), problems)


def _line(doc: Doc, key: str) -> int:
    return doc.meta_lines.get(key, 1)


def _check_prerequisites(academy: Academy, problems: list[Problem]) -> None:
    for course in academy.courses.values():
        for prerequisite in course.prerequisites:
            target = academy.courses.get(prerequisite)
            line = course.item_lines.get("prerequisites", {}).get(prerequisite, _line(course.doc, "prerequisites"))
            where = (course.doc.source, line)
            if target is None:
                hint = did_you_mean(prerequisite, academy.courses)
                problems.append(Problem(*where, f"unknown prerequisite course '{prerequisite}'; {hint}"))
                continue
            missing = course.audiences - target.audiences
            if missing and not course.doc.draft:
                problems.append(
                    Problem(
                        *where,
                        f"prerequisite '{prerequisite}' is not visible to "
                        f"{', '.join(sorted(missing))}, who see this course; "
                        "widen its audiences or drop the prerequisite",
                    )
                )
    for cycle in _cycles(academy):
        first = academy.courses[cycle[0]]
        problems.append(
            Problem(
                first.doc.source,
                _line(first.doc, "prerequisites"),
                "prerequisite cycle: " + " -> ".join(cycle + [cycle[0]]) + "; remove one of them",
            )
        )


def _cycles(academy: Academy) -> list[list[str]]:
    """Each prerequisite cycle once, starting from its smallest id."""
    found: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(course_id: str) -> None:
        state[course_id] = 1
        stack.append(course_id)
        for nxt in academy.courses[course_id].prerequisites:
            if nxt not in academy.courses:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                found.add(tuple(cycle[start:] + cycle[:start]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[course_id] = 2

    for course_id in sorted(academy.courses):
        if course_id not in state:
            visit(course_id)
    return [list(cycle) for cycle in sorted(found)]


def _check_collections(academy: Academy, problems: list[Problem]) -> None:
    known = academy.audiences
    default = frozenset(a for a in academy.settings.default_audiences if a in known)
    ribbons = set(academy.settings.ribbons) | {"new", "updated"}
    for collection in academy.collections.values():
        lines = collection.lines
        if "audiences" not in lines:
            collection.audiences = default
        for audience in sorted(collection.audiences - set(known)):
            line = collection.item_lines.get("audiences", {}).get(audience, lines.get("audiences", 1))
            problems.append(
                Problem(collection.source, line, f"unknown audience '{audience}'; {did_you_mean(audience, known)}")
            )
        collection.audiences = collection.audiences & set(known)
        if collection.ribbon and collection.ribbon not in ribbons:
            problems.append(
                Problem(
                    collection.source,
                    lines.get("ribbon", 1),
                    f"unknown ribbon '{collection.ribbon}'; {did_you_mean(collection.ribbon, ribbons)}",
                )
            )
        for course_id in collection.courses:
            course = academy.courses.get(course_id)
            line = collection.item_lines.get("courses", {}).get(course_id, lines.get("courses", 1))
            if course is None:
                problems.append(
                    Problem(
                        collection.source,
                        line,
                        f"unknown course '{course_id}'; {did_you_mean(course_id, academy.courses)}",
                    )
                )
                continue
            missing = collection.audiences - course.audiences
            if missing and not course.doc.draft:
                problems.append(
                    Problem(
                        collection.source,
                        line,
                        f"course '{course_id}' is not visible to {', '.join(sorted(missing))}, "
                        "who see this collection; remove it or narrow the collection's audiences",
                    )
                )
        if (collection.courses or collection.select) and not collection_members(academy, collection):
            problems.append(
                Problem(
                    collection.source,
                    lines.get("select", 1),
                    "the collection's rules select no course; loosen 'select'",
                )
            )


def _check_audiences(academy: Academy, problems: list[Problem]) -> None:
    for name in academy.settings.default_audiences:
        if name not in academy.audiences:
            problems.append(
                Problem(
                    "mkdocs.yml",
                    0,
                    f"default_audiences names unknown audience '{name}'; {did_you_mean(name, academy.audiences)}",
                )
            )
    for audience in academy.audiences.values():
        for collection_id in audience.featured:
            collection = academy.collections.get(collection_id)
            where = (audience.source, audience.lines.get("featured", 1))
            if collection is None:
                problems.append(
                    Problem(
                        *where,
                        f"unknown collection '{collection_id}'; {did_you_mean(collection_id, academy.collections)}",
                    )
                )
            elif audience.id not in collection.audiences:
                problems.append(
                    Problem(
                        *where,
                        f"collection '{collection_id}' is not for this audience; "
                        f"add '{audience.id}' to its audiences or stop featuring it",
                    )
                )


def _check_doc(academy: Academy, doc: Doc, analysis: Analysis, problems: list[Problem]) -> None:
    offset = doc.body_line - 1
    for line, message in analysis.problems:
        problems.append(Problem(doc.source, line + offset, message))
    for line, ids, exclude in analysis.blocks:
        for audience in ids:
            if audience not in academy.audiences:
                problems.append(
                    Problem(
                        doc.source,
                        line + offset,
                        f"unknown audience '{audience}' in audience block; {did_you_mean(audience, academy.audiences)}",
                    )
                )
            elif audience not in doc.audiences and not exclude:
                problems.append(
                    Problem(
                        doc.source,
                        line + offset,
                        f"audience block for '{audience}', who "
                        "cannot see this page; remove the id or widen the page's audiences",
                    )
                )
    if doc.draft:
        return
    targets: set[str] = set()
    for audience, links in analysis.links.items():
        targets.update(link.target for link in links)
        for link in links:
            _check_link(academy, doc, audience, link, offset, problems)
    doc.link_targets = tuple(sorted(targets))


def _check_link(academy: Academy, doc: Doc, audience: str, link: Link, offset: int, problems: list[Problem]) -> None:
    target_doc = academy.docs.get(link.target) or academy.docs.get(link.target.rstrip("/") + "/index.md")
    if target_doc is not None:
        if not doc_visible(target_doc, audience):
            why = "a draft" if target_doc.draft else f"not visible to '{audience}'"
            problems.append(
                Problem(
                    doc.source,
                    link.line + offset,
                    f"links to {target_doc.source}, which is {why} "
                    f"(this page is); wrap the link in '/// audience | ...' for "
                    f"{_who(target_doc, doc)} or remove it",
                )
            )
        return
    docs_rel = academy.settings.rel(academy.settings.docs_dir)
    audiences = academy.assets.get(link.target)
    if audiences is not None:
        if not receives(audiences, audience):
            problems.append(
                Problem(
                    doc.source,
                    link.line + offset,
                    f"uses {docs_rel}/{link.target}, which is not published "
                    f"to '{audience}' (this page is); move the file beside pages '{audience}' sees",
                )
            )
        return
    if link.target.endswith(".md"):
        problems.append(
            Problem(
                doc.source,
                link.line + offset,
                f"links to {docs_rel}/{link.target}, which does not exist; fix the path '{link.written}'",
            )
        )


def _who(target: Doc, doc: Doc) -> str:
    both = sorted(target.audiences & doc.audiences) if not target.draft else []
    return " ".join(both) if both else "nobody (the target has no audience in common)"
