"""Reading ``docs_dir``: courses, their lessons, plain pages and the other files beside them."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .definitions import COURSE_FIELDS, LESSON_FIELDS, PAGE_FIELDS, THEME_FIELDS, Vocabulary, course_fields
from .fields import FieldReader, Values, read_fields
from .model import Asset, Course, Doc, Lesson, Settings
from .problems import Problem
from .sources import source_files
from .values import ID_PATTERN
from .yamlio import plain, read_markdown

COURSES_DIR = "courses"


def _audiences(values: Values, fallback: frozenset[str]) -> frozenset[str]:
    return frozenset(values["audiences"]) if "audiences" in values.reader.data else fallback


def vocabulary(settings: Settings, audiences: dict) -> Vocabulary:
    """The allowed sets of this academy: its audiences, ribbons and taxonomies."""
    return Vocabulary(tuple(audiences), tuple(settings.ribbons), settings.taxonomies)


def _fields(settings: Settings, kind: str):
    if kind == "course":
        return course_fields(settings.taxonomies)
    return (LESSON_FIELDS if kind == "lesson" else PAGE_FIELDS) + THEME_FIELDS


def _doc(settings: Settings, path: Path, src: str, kind: str, audiences: dict, problems: list[Problem]):
    rel = settings.rel(path)
    source, found = read_markdown(path, rel)
    problems.extend(found)
    if source is None:
        return None, None
    values = read_fields(
        FieldReader(source.meta, rel, problems), _fields(settings, kind), kind, vocabulary(settings, audiences)
    )
    doc = Doc(
        src=src,
        source=rel,
        kind=kind,
        body=source.body,
        body_line=source.body_line,
        meta_lines=dict(source.meta.lines),
        front=source.front,
        meta=plain(source.meta),
    )
    doc.front_title = values["title"] or ""
    doc.pass_mark = values.get("pass_mark")
    doc.assessment = bool(values.get("assessment"))
    doc.description = values["description"] or ""
    doc.draft = values["draft"]
    return doc, values


def load_docs(settings: Settings, audiences: dict, problems: list[Problem]):
    """Read every Markdown file of ``docs_dir``.

    Returns:
        (courses by id, docs by src, other files by src); who may read them is set later
        (``visibility``).
    """
    docs_dir = settings.docs_dir
    if not docs_dir.is_dir():
        problems.append(Problem(settings.rel(docs_dir), 0, "the docs folder does not exist"))
        return {}, {}, {}
    default = frozenset(a for a in settings.default_audiences if a in audiences)
    courses: dict[str, Course] = {}
    docs: dict[str, Doc] = {}
    lesson_files: dict[str, list[tuple[Path, str]]] = {}
    assets: dict[str, Asset] = {}
    for path in source_files(docs_dir, settings.rel, problems):
        src = path.relative_to(docs_dir).as_posix()
        parts = src.split("/")
        if path.suffix != ".md":
            assets[src] = Asset(src, path, frozenset())
        elif len(parts) == 3 and parts[0] == COURSES_DIR and parts[2] == "index.md":
            course = _load_course(settings, path, src, audiences, default, problems)
            if course is None:
                continue
            if course.id in courses:
                problems.append(
                    Problem(
                        course.doc.source,
                        course.doc.meta_lines.get("id", 1),
                        f"duplicate course id '{course.id}' (also {courses[course.id].doc.source}); ids must be unique",
                    )
                )
                continue
            courses[course.id] = course
            docs[src] = course.doc
        elif len(parts) >= 3 and parts[0] == COURSES_DIR:
            lesson_files.setdefault("/".join(parts[:2]), []).append((path, src))
        else:
            doc, values = _doc(settings, path, src, "page", audiences, problems)
            if doc is None:
                continue
            doc.audiences = _audiences(values, default)
            doc.id = src
            docs[src] = doc
    by_folder = {course.folder: course for course in courses.values()}
    for folder, files in sorted(lesson_files.items()):
        course = by_folder.get(folder)
        if course is None:
            for path, _ in files:
                problems.append(
                    Problem(
                        settings.rel(path),
                        0,
                        f"lesson outside a course: add {folder}/index.md with the course's front matter",
                    )
                )
            continue
        _load_lessons(settings, course, files, audiences, problems)
        docs.update({lesson.doc.src: lesson.doc for lesson in course.lessons})
    return courses, docs, assets


def _load_course(settings, path, src, audiences, default, problems) -> Course | None:
    doc, values = _doc(settings, path, src, "course", audiences, problems)
    if doc is None:
        return None
    reader = values.reader
    folder = src.rsplit("/", 1)[0]
    course_id = values["id"] or folder.split("/")[1]
    if not ID_PATTERN.match(course_id):
        where = "id" if "id" in reader.data else "title"
        reader.problem(where, COURSE_FIELDS[0].message.format(value=course_id))
    doc.audiences = _audiences(values, default)
    doc.id = course_id
    doc.course_id = course_id
    course = Course(
        id=course_id,
        doc=doc,
        folder=folder,
        duration=values["duration"],
        tags=values["tags"],
        ribbons=values["ribbons"],
        prerequisites=values["prerequisites"],
        item_lines={"prerequisites": reader.item_lines("prerequisites")},
        published=values["published"],
        updated=values["updated"],
    )
    for taxonomy in settings.taxonomies.values():
        if taxonomy.id in reader.data:
            course.terms[taxonomy.id] = tuple(sorted(values[taxonomy.id], key=taxonomy.order))
    course.lesson_order = values["lessons"] if "lessons" in reader.data else None
    return course


def _load_lessons(settings, course: Course, files, audiences, problems) -> None:
    lessons: dict[str, Lesson] = {}
    for path, src in files:
        if src.count("/") != 2:
            problems.append(
                Problem(settings.rel(path), 0, f"lessons sit directly in {course.folder}/; move this file up")
            )
            continue
        stem = PurePosixPath(src).stem
        if not ID_PATTERN.match(stem):
            problems.append(
                Problem(
                    settings.rel(path),
                    0,
                    f"'{stem}' is not a valid lesson id; rename the file using lowercase letters, digits, '-' and '_'",
                )
            )
            continue
        doc, values = _doc(settings, path, src, "lesson", audiences, problems)
        if doc is None:
            continue
        doc.id = stem
        doc.course_id = course.id
        doc.audiences = _audiences(values, course.doc.audiences)
        widened = doc.audiences - course.doc.audiences
        if widened:
            values.reader.problem(
                "audiences",
                f"lesson widens the course's audiences with {', '.join(sorted(widened))}; "
                f"a lesson may only narrow them (course: {', '.join(sorted(course.doc.audiences)) or 'none'})",
            )
            doc.audiences = doc.audiences & course.doc.audiences
        doc.draft = doc.draft or course.doc.draft
        if doc.pass_mark is None:
            doc.pass_mark = course.doc.pass_mark
        lessons[doc.id] = Lesson(id=doc.id, doc=doc, duration=values["duration"])
    order = course.lesson_order
    line = course.doc.meta_lines.get("lessons", 1)
    if order is None:
        course.lessons = [lessons[key] for key in sorted(lessons)]
        return
    wanted = [PurePosixPath(name).stem for name in order]
    for name in wanted:
        if name not in lessons:
            problems.append(
                Problem(
                    course.doc.source,
                    line,
                    f"'lessons' lists '{name}', which is not a Markdown file in {course.folder}/",
                )
            )
    for name in sorted(set(lessons) - set(wanted)):
        problems.append(
            Problem(course.doc.source, line, f"lesson '{name}' is missing from 'lessons'; add it where it belongs")
        )
    course.lessons = [lessons[name] for name in wanted if name in lessons]
    course.lessons += [lessons[name] for name in sorted(set(lessons) - set(wanted))]
