"""A cmi5 course structure (``cmi5.xml``) of a learning path or a course, as one audience sees it.

Each course becomes an assignable unit (AU) that the learner's LMS launches at the course's page
on the published site (an absolute URL, so the audience needs ``site_url``). A course with a
final assessment moves on when completed and passed, at the assessment's pass mark; any other
when completed. Ids are those of the site's xAPI statements: ``<site_url>xapi/courses/<id>``.
Only what the audience's view holds is read, so a package carries nothing the audience may not see.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..core.view import AudienceView, CourseView

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
"""The namespace of a cmi5 course structure (cmi5 spec, section 13.1)."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's time in the ZIP: the same sources give the same bytes."""


class ExportError(Exception):
    """What stops an export, said for the author (the file and what to add)."""


@dataclass(frozen=True)
class Unit:
    """One assignable unit: a course of the package."""

    id: str
    title: str
    description: str
    url: str
    move_on: str
    mastery_score: str | None


def activity_base(view: AudienceView) -> str:
    """The site URL that activity ids start with; an error when the audience has none."""
    site = view.audience.site_url
    if not site:
        raise ExportError(
            f"{view.audience.source}: 'site_url' is missing: a cmi5 package points at the published "
            "portal by absolute URL; add 'site_url: https://…/' (where this audience's site is published)"
        )
    return site if site.endswith("/") else site + "/"


def unit(view: AudienceView, course: CourseView, site: str) -> Unit:
    """The AU of ``course``: its page, and its final assessment's pass mark when it has one."""
    lessons = {lesson.id for lesson in course.lessons}
    assessment = next(
        (
            page
            for page in view.pages.values()
            if page.kind == "lesson" and page.course_id == course.id and page.assessment and page.id in lessons
        ),
        None,
    )
    mastery = None if assessment is None else f"{assessment.pass_mark / 100:.2f}".rstrip("0").rstrip(".")
    return Unit(
        id=f"{site}xapi/courses/{course.id}",
        title=course.title,
        description=course.description,
        url=site + course.url,
        move_on="Completed" if assessment is None else "CompletedAndPassed",
        mastery_score=mastery,
    )


def _langstring(parent: ET.Element, tag: str, text: str, lang: str) -> None:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    ET.SubElement(element, f"{{{NAMESPACE}}}langstring", lang=lang).text = text


def course_structure(
    view: AudienceView, *, path: str | None = None, course: str | None = None, lang: str = "en"
) -> str:
    """``cmi5.xml`` for the learning path (or collection) ``path``, or for the one course ``course``."""
    site = activity_base(view)
    if path is not None:
        entry = next((c for c in view.collections if c.id == path), None)
        if entry is None:
            raise ExportError(f"no learning path or collection '{path}' in the {view.audience.id} site")
        courses = [c for cid in entry.courses if (c := view.course(cid)) is not None]
        package = (f"{site}xapi/paths/{entry.id}", entry.title, entry.description)
    else:
        single = view.course(course or "")
        if single is None:
            raise ExportError(f"no course '{course}' in the {view.audience.id} site")
        courses = [single]
        package = (f"{site}xapi/courses/{single.id}/cmi5", single.title, single.description)
    if not courses:
        raise ExportError(f"'{path}' holds no course of the {view.audience.id} site")
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}courseStructure")
    top = ET.SubElement(root, f"{{{NAMESPACE}}}course", id=package[0])
    _langstring(top, "title", package[1], lang)
    _langstring(top, "description", package[2], lang)
    for item in (unit(view, c, site) for c in courses):
        attributes = {"id": item.id, "moveOn": item.move_on, "launchMethod": "AnyWindow"}
        if item.mastery_score is not None:
            attributes["masteryScore"] = item.mastery_score
        au = ET.SubElement(root, f"{{{NAMESPACE}}}au", attributes)
        _langstring(au, "title", item.title, lang)
        _langstring(au, "description", item.description, lang)
        ET.SubElement(au, f"{{{NAMESPACE}}}url").text = item.url
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def package_zip(structure: str) -> bytes:
    """The ZIP an LMS imports: ``cmi5.xml`` alone (its AUs are on the published site)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("cmi5.xml", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, structure.encode("utf-8"))
    return buffer.getvalue()
