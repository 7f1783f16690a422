"""Cross-file checks: ids that must exist, cycles, passages and links per audience."""

from __future__ import annotations

from urllib.parse import urlsplit

from .knowledge import check_knowledge_checks
from .model import Academy, Doc, Link
from .problems import Problem, did_you_mean
from .recommend import check_quiz
from .snippets import file_readers
from .view import collection_members, page_url, shown_collections


def validate(academy: Academy, problems: list[Problem]) -> None:
    """Run every cross-file check, appending to ``problems``.

    Pages must have been analysed (``Doc.passages`` and ``Doc.readings`` set) and the readers
    of every source set (``visibility``).
    """
    _check_prerequisites(academy, problems)
    _check_collections(academy, problems)
    _check_audiences(academy, problems)
    _check_quizzes(academy, problems)
    urls = {page_url(src, academy.settings.use_directory_urls): doc for src, doc in academy.docs.items()}
    _check_generated(academy, urls, problems)
    for doc in academy.docs.values():
        _check_doc(academy, doc, urls, problems)
    check_knowledge_checks(academy, problems)


def _check_generated(academy: Academy, urls: dict[str, Doc], problems: list[Problem]) -> None:
    """No source may be published where Academy publishes a page or files of its own."""
    settings = academy.settings
    published = {url: (doc.source, "page") for url, doc in urls.items()}
    published.update({src: (settings.rel(asset.path), "file") for src, asset in academy.assets.items()})
    for url, (source, kind) in sorted(published.items()):
        what = settings.generated_pages.get(url) if kind == "page" else None
        if what is None:
            what = next((held for folder, held in settings.generated_folders.items() if url.startswith(folder)), None)
        if what is not None:
            problems.append(
                Problem(
                    source,
                    0,
                    f"would be published at '{url or '/'}', where Academy publishes {what}; move or rename this {kind}",
                )
            )


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
            missing = course.readers - target.readers
            if missing:
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
    for collection in academy.collections.values():
        lines = collection.lines
        for audience in sorted(collection.audiences - set(known)):
            line = collection.item_lines.get("audiences", {}).get(audience, lines.get("audiences", 1))
            problems.append(
                Problem(collection.source, line, f"unknown audience '{audience}'; {did_you_mean(audience, known)}")
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
            missing = collection.readers - course.doc.audiences
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
            elif audience.id not in collection.readers:
                problems.append(
                    Problem(
                        *where,
                        f"collection '{collection_id}' is not for this audience; "
                        f"add '{audience.id}' to its audiences or stop featuring it",
                    )
                )


def _check_quizzes(academy: Academy, problems: list[Problem]) -> None:
    for audience in academy.audiences.values():
        if audience.quiz is not None:
            visible = shown_collections(academy, audience.id)
            problems += check_quiz(audience.quiz, audience.source, audience.id, academy.collections, visible)


def _check_doc(academy: Academy, doc: Doc, urls: dict[str, Doc], problems: list[Problem]) -> None:
    for line, message in doc.passages.problems:
        problems.append(Problem(doc.source, doc.source_line(line), message))
    for block in doc.passages:
        for audience in block.ids:
            if audience not in academy.audiences:
                problems.append(
                    Problem(
                        doc.source,
                        doc.source_line(block.line),
                        f"unknown audience '{audience}' in audience block; {did_you_mean(audience, academy.audiences)}",
                    )
                )
            elif audience not in doc.audiences and not block.exclude:
                problems.append(
                    Problem(
                        doc.source,
                        doc.source_line(block.line),
                        f"audience block for '{audience}', who "
                        "cannot see this page; remove the id or widen the page's audiences",
                    )
                )
    for audience, reading in sorted(doc.readings.items()):
        base = urlsplit(academy.audiences[audience].site_url).path or "/"
        for link in reading.links:
            _check_link(academy, doc, audience, link, _site_relative(link.target, base, urls), problems)
    if doc.inclusions:
        _check_inclusions(academy, doc, problems)
    template = doc.meta.get("template")
    templates = academy.settings.templates
    if isinstance(template, str) and templates is not None and template not in templates:
        problems.append(
            Problem(
                doc.source,
                _line(doc, "template"),
                f"template '{template}' is not in the theme or its custom_dir; "
                f"{did_you_mean(template, sorted(name for name in templates if '/' not in name))}",
            )
        )


def _check_inclusions(academy: Academy, doc: Doc, problems: list[Problem]) -> None:
    """Every audience that reads what a line included may read the included files."""
    for audience in sorted(doc.readings):
        read = set(doc.passages.read(doc.body, audience, doc.audiences)[1])
        for inclusion in doc.inclusions:
            if not read.intersection(inclusion.lines):
                continue
            for path in inclusion.files:
                if audience not in file_readers(path, academy):
                    problems.append(
                        Problem(
                            doc.source,
                            inclusion.line + doc.body_line - 1,
                            f"includes {academy.settings.rel(path)}, which is not visible to '{audience}' "
                            "(who reads this line); include it inside an audience block, or move the file",
                        )
                    )


def _site_relative(target: str, base: str, urls: dict[str, Doc]) -> str | None:
    """The ``docs_dir`` path a reference points at; for one from the site's root, through the pages' URLs.

    None when a reference from the root leaves the site (it does not start with the site's path).
    """
    if not target.startswith("/"):
        return target
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    if not target.startswith(base) and target + "/" != base:
        return None
    path = target[len(base) :]
    doc = urls.get(path) or urls.get(path + "/")
    return doc.src if doc is not None else path


def _check_link(
    academy: Academy, doc: Doc, audience: str, link: Link, target: str | None, problems: list[Problem]
) -> None:
    if target is None:
        return
    target_doc = academy.docs.get(target) or academy.docs.get(target.rstrip("/") + "/index.md")
    if target_doc is not None:
        if audience not in target_doc.readers:
            why = "a draft" if target_doc.draft else f"not visible to '{audience}'"
            problems.append(
                Problem(
                    doc.source,
                    doc.source_line(link.line),
                    f"links to {target_doc.source}, which is {why} "
                    f"(this page is); wrap the link in '/// audience | ...' for "
                    f"{_who(target_doc, doc)} or remove it",
                )
            )
        return
    docs_rel = academy.settings.rel(academy.settings.docs_dir)
    asset = academy.assets.get(target)
    if asset is not None:
        if not asset.reaches(audience):
            problems.append(
                Problem(
                    doc.source,
                    doc.source_line(link.line),
                    f"uses {docs_rel}/{target}, which is not published "
                    f"to '{audience}' (this page is); move the file beside pages '{audience}' sees",
                )
            )
        return
    if target.endswith(".md"):
        problems.append(
            Problem(
                doc.source,
                doc.source_line(link.line),
                f"links to {docs_rel}/{target}, which does not exist; fix the path '{link.written}'",
            )
        )


def _who(target: Doc, doc: Doc) -> str:
    both = sorted(target.readers & doc.readers)
    return " ".join(both) if both else "nobody (the target has no audience in common)"
