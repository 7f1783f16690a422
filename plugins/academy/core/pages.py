"""Reading ``docs_dir``: courses, their lessons, plain pages and the other files beside them."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .fields import FieldReader
from .model import Asset, Course, Doc, Lesson, Settings
from .problems import Problem
from .sources import source_files
from .values import HIDE_VALUES, ICON_NAME, ID_PATTERN, TEMPLATE_NAME
from .yamlio import plain, read_markdown

THEME_KEYS = ("hide", "icon", "template", "status", "subtitle", "search", "comments", "authors")
"""Front-matter keys that belong to MkDocs or Material and pass through untouched."""
COURSE_KEYS = (
    "id", "title", "description", "audiences", "duration", "tags", "ribbons",
    "prerequisites", "published", "updated", "draft", "lessons",
)  # fmt: skip
LESSON_KEYS = ("title", "description", "audiences", "duration", "draft")
PAGE_KEYS = ("title", "description", "audiences", "draft")
COURSES_DIR = "courses"


def _audiences(reader: FieldReader, known: dict, fallback: frozenset[str]) -> frozenset[str]:
    if "audiences" not in reader.data:
        return fallback
    return frozenset(reader.ids("audiences", allowed=known, what="audience"))


def _doc(settings: Settings, path: Path, src: str, kind: str, problems: list[Problem]):
    rel = settings.rel(path)
    source, found = read_markdown(path, rel)
    problems.extend(found)
    if source is None:
        return None, None
    reader = FieldReader(source.meta, rel, problems)
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
    doc.front_title = reader.text("title")
    doc.description = reader.text("description")
    doc.draft = reader.flag("draft")
    check_theme_keys(reader)
    return doc, reader


def check_theme_keys(reader: FieldReader) -> None:
    """Check the front-matter keys Material reads: its templates print them unescaped, or load files by them."""
    template = reader.text("template")
    if template and not TEMPLATE_NAME.match(template):
        reader.problem("template", f"'template' must name a theme template such as main.html, not '{template}'")
    icon = reader.text("icon")
    if icon and not ICON_NAME.match(icon):
        reader.problem("icon", f"'icon' must name a Material icon such as material/rocket-launch, not '{icon}'")
    reader.ids("status")
    reader.text("subtitle")
    reader.ids("hide", allowed=HIDE_VALUES, what="'hide' value")
    reader.ids("authors")
    reader.flag("comments")
    search = reader.nested("search")
    if search is not None:
        search.unknown_keys(("exclude", "boost"), "'search'")
        search.flag("exclude")
        boost = search.data.get("boost")
        if boost is not None and (isinstance(boost, bool) or not isinstance(boost, (int, float)) or boost <= 0):
            search.problem("boost", f"'search.boost' must be a positive number, not '{boost}'")


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
            doc, reader = _doc(settings, path, src, "page", problems)
            if doc is None:
                continue
            reader.unknown_keys(PAGE_KEYS + THEME_KEYS, "page")
            doc.audiences = _audiences(reader, audiences, default)
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
    doc, reader = _doc(settings, path, src, "course", problems)
    if doc is None:
        return None
    folder = src.rsplit("/", 1)[0]
    reader.unknown_keys(COURSE_KEYS + THEME_KEYS + tuple(settings.taxonomies), "course")
    course_id = reader.text("id") or folder.split("/")[1]
    if not ID_PATTERN.match(course_id):
        where = "id" if "id" in reader.data else "title"
        reader.problem(
            where,
            f"course id '{course_id}' must use lowercase letters, digits, '-' and '_' (rename the folder or set 'id:')",
        )
    if "title" not in reader.data:
        reader.text("title", required=True)
    doc.audiences = _audiences(reader, audiences, default)
    doc.id = course_id
    doc.course_id = course_id
    course = Course(
        id=course_id,
        doc=doc,
        folder=folder,
        duration=reader.duration(),
        tags=reader.ids("tags"),
        ribbons=reader.ids("ribbons", allowed=set(settings.ribbons) | {"new", "updated"}, what="ribbon"),
        prerequisites=reader.ids("prerequisites"),
        item_lines={"prerequisites": reader.item_lines("prerequisites")},
        published=reader.date("published"),
        updated=reader.date("updated"),
    )
    for taxonomy in settings.taxonomies.values():
        if taxonomy.id not in reader.data:
            if taxonomy.required:
                reader.problems.append(
                    Problem(
                        doc.source,
                        1,
                        f"'{taxonomy.id}' is missing; add '{taxonomy.id}: …' ({', '.join(taxonomy.values)})",
                    )
                )
            continue
        values = reader.ids(taxonomy.id, allowed=taxonomy.values, what=f"{taxonomy.id} value")
        if not taxonomy.many and isinstance(reader.data.get(taxonomy.id), list) and len(reader.data[taxonomy.id]) > 1:
            reader.problem(taxonomy.id, f"'{taxonomy.id}' takes one value, not a list")
        course.terms[taxonomy.id] = tuple(sorted(values, key=taxonomy.order))
    course.lesson_order = reader.ids("lessons") if "lessons" in reader.data else None
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
        doc, reader = _doc(settings, path, src, "lesson", problems)
        if doc is None:
            continue
        reader.unknown_keys(LESSON_KEYS + THEME_KEYS, "lesson")
        doc.id = stem
        doc.course_id = course.id
        doc.audiences = _audiences(reader, audiences, course.doc.audiences)
        widened = doc.audiences - course.doc.audiences
        if widened:
            reader.problem(
                "audiences",
                f"lesson widens the course's audiences with {', '.join(sorted(widened))}; "
                f"a lesson may only narrow them (course: {', '.join(sorted(course.doc.audiences)) or 'none'})",
            )
            doc.audiences = doc.audiences & course.doc.audiences
        doc.draft = doc.draft or course.doc.draft
        lessons[doc.id] = Lesson(id=doc.id, doc=doc, duration=reader.duration())
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
