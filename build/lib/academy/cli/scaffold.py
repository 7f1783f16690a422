"""``academy new``: start a course, lesson, collection or audience with a file that passes ``check``.

Each file holds what ``academy check`` requires, filled with the academy's own values (its
taxonomies, audiences and courses), and lists in comments the values the author may choose
from, so that the next edit needs no trip to the reference.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Academy, Settings
from ..core.pages import COURSES_DIR
from ..core.problems import did_you_mean
from ..core.values import ID_PATTERN

KINDS = ("course", "lesson", "collection", "audience")
_NUMBERED = re.compile(r"^(\d+)-")
_SCHEMA_COMMENT = "# yaml-language-server: $schema=../schemas/{kind}.schema.json"
"""Where an editor finds the file's schema (``academy schema`` writes them into ``schemas/``)."""


class ScaffoldError(Exception):
    """The file cannot be made as asked (bad id, unknown course or audience, a file in the way)."""


@dataclass(frozen=True)
class Scaffold:
    """A file to write: where, and what; and an edit to make once it is written."""

    path: Path
    text: str
    listed_in: Path | None = None
    """A course overview whose ``lessons:`` list must name the new lesson."""


def scaffold(kind: str, name: str, academy: Academy, settings: Settings, *, title: str = "", audiences=()) -> Scaffold:
    """The file ``academy new KIND NAME`` writes; raises ``ScaffoldError`` when it cannot be made."""
    chosen = _audiences(academy, settings, audiences)
    if kind == "lesson":
        course_id, _, lesson_id = name.partition("/")
        _check_id(lesson_id or course_id, "lesson", hint="name it COURSE/LESSON, e.g. workspace-setup/invite-users")
        return _lesson(academy, settings, course_id, lesson_id, title)
    _check_id(name, kind)
    if kind == "course":
        return _course(academy, settings, name, title, chosen)
    if kind == "collection":
        return _collection(academy, settings, name, title, chosen)
    return _audience(academy, settings, name, title)


def write(made: Scaffold) -> None:
    """Write the file, never over an existing one."""
    made.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with made.path.open("x", encoding="utf-8") as stream:
            stream.write(made.text)
    except FileExistsError:
        raise ScaffoldError(f"{made.path} exists; academy new never overwrites a file") from None
    if made.listed_in is not None:
        _list_lesson(made.listed_in, made.path.stem)


_FLOW_LIST = re.compile(r"^(lessons:\s*\[[^\]#]*?)(\s*\])(\s*(?:#.*)?)$")
_BLOCK_ITEM = re.compile(r"^(\s*-\s+)\S")


def _list_lesson(overview: Path, lesson: str) -> None:
    """Add ``lesson`` at the end of the overview's ``lessons:`` list, written on one line or as items."""
    lines = overview.read_text(encoding="utf-8").split("\n")
    at = next((n for n, line in enumerate(lines) if line.startswith("lessons:")), None)
    if at is None:
        return
    flow = _FLOW_LIST.match(lines[at])
    if flow:
        head = flow.group(1).rstrip()
        lines[at] = f"{head}{'' if head.endswith('[') else ', '}{lesson}{flow.group(2).strip()}{flow.group(3)}"
    else:
        last = at
        while last + 1 < len(lines) and _BLOCK_ITEM.match(lines[last + 1]):
            last += 1
        if last == at:
            return  # another shape: academy check says what to add
        lines.insert(last + 1, f"{_BLOCK_ITEM.match(lines[last]).group(1)}{lesson}")
    overview.write_text("\n".join(lines), encoding="utf-8")


def _check_id(value: str, kind: str, hint: str = "") -> None:
    if not ID_PATTERN.match(value or ""):
        raise ScaffoldError(
            f"'{value}' is not a valid {kind} id: use lowercase letters, digits, '-' and '_'"
            + (f"; {hint}" if hint else "")
        )


def _audiences(academy: Academy, settings: Settings, wanted) -> tuple[str, ...]:
    for audience in wanted:
        if audience not in academy.audiences:
            raise ScaffoldError(f"unknown audience '{audience}'; {did_you_mean(audience, academy.audiences)}")
    return tuple(dict.fromkeys(wanted)) or settings.default_audiences or tuple(sorted(academy.audiences))


def _title(name: str, title: str) -> str:
    return title.strip() or name.replace("-", " ").replace("_", " ").capitalize()


def _flow(values) -> str:
    return "[" + ", ".join(values) + "]"


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as ``text`` (double-quoted, as JSON writes it)."""
    return json.dumps(text, ensure_ascii=False)


def _course(academy: Academy, settings: Settings, course_id: str, title: str, audiences) -> Scaffold:
    if course_id in academy.courses:
        raise ScaffoldError(f"a course '{course_id}' exists ({academy.courses[course_id].doc.source})")
    folder = settings.docs_dir / COURSES_DIR / course_id
    lines = [
        "---",
        f"title: {_quoted(_title(course_id, title))}",
        "description: What a learner can do after this course, in one sentence.",
    ]
    for taxonomy in settings.taxonomies.values():
        values = list(taxonomy.values)
        if not values:
            continue
        choice = _flow(values[:1]) if taxonomy.many else values[0]
        offered = f"  # {'one or more' if taxonomy.many else 'one'} of: {', '.join(values)}"
        lines.append(f"{'' if taxonomy.required else '# '}{taxonomy.id}: {choice}{offered}")
    lines += [
        f"audiences: {_flow(audiences)}  # any of: {', '.join(sorted(academy.audiences))}",
        "duration: 30  # minutes, or like 1h 30m",
        "---",
        "",
        "Who this course is for, and what they will be able to do.",
        "",
    ]
    return Scaffold(folder / "index.md", "\n".join(lines))


def _lesson(academy: Academy, settings: Settings, course_id: str, lesson_id: str, title: str) -> Scaffold:
    course = academy.courses.get(course_id)
    if course is None:
        raise ScaffoldError(f"unknown course '{course_id}'; {did_you_mean(course_id, academy.courses)}")
    folder = settings.docs_dir / COURSES_DIR / course_id
    prefixes = [match.group(1) for path in folder.glob("*.md") if (match := _NUMBERED.match(path.name))]
    width = max(map(len, prefixes), default=2)  # 01- or 001-, as the course numbers its lessons
    stem = f"{max(map(int, prefixes), default=0) + 1:0{width}d}-{lesson_id}"
    text = "\n".join(
        [
            "---",
            f"title: {_quoted(_title(lesson_id, title))}",
            "duration: 10  # minutes",
            "---",
            "",
            "What the learner does in this lesson, step by step.",
            "",
        ]
    )
    ordered = course.lesson_order is not None
    return Scaffold(folder / f"{stem}.md", text, listed_in=settings.docs_dir / course.doc.src if ordered else None)


def _collection(academy: Academy, settings: Settings, collection_id: str, title: str, audiences) -> Scaffold:
    if collection_id in academy.collections:
        raise ScaffoldError(f"a collection '{collection_id}' exists ({academy.collections[collection_id].source})")
    courses = [c for c, course in sorted(academy.courses.items()) if set(audiences) <= set(course.doc.readers)]
    text = "\n".join(
        [
            _SCHEMA_COMMENT.format(kind="collection"),
            f"title: {_quoted(_title(collection_id, title))}",
            "description: Who this collection is for and what it leads to.",
            f"audiences: {_flow(audiences)}  # any of: {', '.join(sorted(academy.audiences))}",
            "path: false  # true: a learning path, taken in order",
            f"courses: {_flow(courses[:1])}  # in order; courses all its audiences see: {', '.join(courses)}",
            "# badge: { label: " + _quoted(_title(collection_id, title)) + ", icon: award, colour: '#283593' }",
            "",
        ]
    )
    return Scaffold(settings.collections_dir / f"{collection_id}.yml", text)


def _audience(academy: Academy, settings: Settings, audience_id: str, title: str) -> Scaffold:
    if audience_id in academy.audiences:
        raise ScaffoldError(f"an audience '{audience_id}' exists ({academy.audiences[audience_id].source})")
    lines = [
        _SCHEMA_COMMENT.format(kind="audience"),
        f"title: {_quoted(_title(audience_id, title))}",
        "description: Who this site is for.",
    ]
    # A site URL like its siblings' (https://academy.example.com/customers/ gives …/ID/).
    for other in sorted(academy.audiences.values(), key=lambda audience: audience.id):
        if other.site_url and other.site_url.rstrip("/").endswith("/" + other.id):
            lines.append(f"site_url: {other.site_url.rstrip('/')[: -len(other.id)]}{audience_id}/")
            break
    lines += ["# branding: { palette: { primary: indigo, accent: amber } }", ""]
    return Scaffold(settings.audiences_dir / f"{audience_id}.yml", "\n".join(lines))
