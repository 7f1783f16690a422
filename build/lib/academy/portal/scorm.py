"""A SCORM 1.2 package of a learning path or a course, as one audience's built site shows it.

The package is self-contained: the pages of its courses (the course page and its lessons,
copied from the audience's site as ``academy build`` writes it, so they are the audited pages),
the files those pages use, a small adapter script (``academy-scorm.js``) and ``imsmanifest.xml``
(IMS Content Packaging 1.1.2 with the ADL SCORM 1.2 extensions): one SCO per course.

Links between packaged pages stay relative (a folder link gets its ``index.html``, so pages open
from disk as well as from the LMS). A link to a page of the site that is not in the package
points at the published site when the audience has ``site_url`` (in a new window, so the LMS's
frame keeps the course), else it becomes plain text.
Only the audience's own site is read, so a package carries nothing the audience may not see.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from html import escape, unescape
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree as ET

from ..core.view import AudienceView, CourseView
from .cmi5 import ZIP_TIME, ExportError

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADAPTER = "academy-scorm.js"
"""The adapter's name at the package's root."""
_REFERENCE = re.compile(r'(?P<before>\b(?:href|src)=")(?P<url>[^"]*)(?P<after>")')
_QUOTED = re.compile(r'"([^"\s<>]+)"')
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_ANCHOR = re.compile(r"<a\b(?P<attributes>[^>]*?)\bhref=\"(?P<url>[^\"]*)\"", re.IGNORECASE)


@dataclass(frozen=True)
class Sco:
    """One course of the package: its pages (package paths, the first is the launch page)."""

    id: str
    title: str
    pages: tuple[str, ...]
    mastery_score: int | None


def _identifier(prefix: str, value: str) -> str:
    """An ``xs:ID`` made of ``prefix`` and ``value``."""
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", value)


def _page_file(url: str) -> str:
    """The file of a page URL of the site (``courses/a/`` → ``courses/a/index.html``)."""
    return url + "index.html" if url.endswith("/") or not url else url


def final_assessment_pass_mark(view: AudienceView, course: CourseView) -> int | None:
    """The pass mark of the course's final assessment, as the audience reads it; None without one."""
    lessons = {lesson.id for lesson in course.lessons}
    for page in view.pages.values():
        if page.kind == "lesson" and page.course_id == course.id and page.assessment and page.id in lessons:
            return page.pass_mark
    return None


def scos(view: AudienceView, *, path: str | None = None, course: str | None = None) -> tuple[str, str, list[Sco]]:
    """The package's id, its title and its SCOs: the path's courses, or the one ``course``."""
    if path is not None:
        entry = next((c for c in view.collections if c.id == path), None)
        if entry is None:
            raise ExportError(f"no learning path or collection '{path}' in the {view.audience.id} site")
        courses = [c for cid in entry.courses if (c := view.course(cid)) is not None]
        ident, title = f"{view.audience.id}-path-{entry.id}", entry.title
    else:
        single = view.course(course or "")
        if single is None:
            raise ExportError(f"no course '{course}' in the {view.audience.id} site")
        courses = [single]
        ident, title = f"{view.audience.id}-course-{single.id}", single.title
    if not courses:
        raise ExportError(f"'{path}' holds no course of the {view.audience.id} site")
    items = [
        Sco(
            id=c.id,
            title=c.title,
            pages=(_page_file(c.url), *(_page_file(lesson.url) for lesson in c.lessons)),
            mastery_score=final_assessment_pass_mark(view, c),
        )
        for c in courses
    ]
    return ident, title, items


def _target(page: str, url: str) -> str | None:
    """The site file a relative ``url`` of ``page`` names (no query, no fragment); None otherwise."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("/", "#")):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if joined.startswith("../") or joined == "..":
        return None
    return (
        joined + "/index.html"
        if parts.path.endswith("/") and joined != "."
        else ("index.html" if joined == "." else joined)
    )


def _used_files(site: Path, page: str, text: str) -> set[str]:
    """The files of ``site`` that ``text`` (of the file ``page``) names by relative URL, recursively for CSS."""
    found: set[str] = set()
    pattern = _CSS_URL if page.endswith(".css") else _QUOTED
    for match in pattern.finditer(text):
        target = _target(page, match.group(1))
        if target and not target.endswith(".html") and (site / target).is_file():
            found.add(target)
    return found


def _rewrite(page: str, text: str, packaged: set[str], site_url: str | None) -> str:
    """``text`` of ``page`` with folder links made file links, and links leaving the package handled."""

    def anchor(match: re.Match) -> str:
        written = match.group("url")
        url = unescape(written)
        parts = urlsplit(url)
        target = _target(page, url)
        if target is None and not parts.scheme and not parts.netloc and parts.path:  # "/x", or above the site
            return _outside(match, urljoin(site_url + page, url) if site_url else None)
        if target is None or not target.endswith(".html"):
            return match.group(0)
        if target not in packaged:
            published = site_url + target.removesuffix("index.html") if site_url else None
            return _outside(match, published and published + (f"#{parts.fragment}" if parts.fragment else ""))
        if not (parts.path.endswith("/") or parts.path == "."):
            return match.group(0)
        rebuilt = parts._replace(path=parts.path.rstrip("/") + "/index.html" if parts.path != "." else "index.html")
        return match.group(0).replace(f'href="{written}"', f'href="{escape(rebuilt.geturl())}"')

    return _ANCHOR.sub(anchor, text)


def _outside(match: re.Match, published: str | None) -> str:
    """The anchor of ``match`` pointing at the published site in a new window; plain text without it."""
    if published is None:
        return f'<a{match.group("attributes")}data-ac-outside=""'
    opens = "" if "target=" in match.group("attributes") else ' target="_blank" rel="noopener"'
    return f'<a{match.group("attributes")}href="{escape(published)}"{opens}'


def _with_adapter(page: str, text: str, course: str) -> str:
    """``text`` with the adapter's script before ``</body>``."""
    src = posixpath.relpath(ADAPTER, posixpath.dirname(page) or ".")
    tag = f'<script src="{escape(src)}" data-ac-scorm-course="{escape(course)}"></script>'
    head, found, tail = text.rpartition("</body>")
    return head + tag + found + tail if found else text + tag


def manifest(ident: str, title: str, items: list[Sco], files: dict[str, list[str]]) -> str:
    """``imsmanifest.xml``: one organization of one item per SCO, one resource per SCO."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": _identifier("MANIFEST-", ident), "version": "1.0"})
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organization_id = _identifier("ORG-", ident)
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", default=organization_id)
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", identifier=organization_id)
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    resources_element = ET.SubElement(root, f"{{{IMSCP}}}resources")
    for sco in items:
        resource_id = _identifier("RES-", sco.id)
        item = ET.SubElement(
            organization,
            f"{{{IMSCP}}}item",
            {"identifier": _identifier("ITEM-", sco.id), "identifierref": resource_id, "isvisible": "true"},
        )
        ET.SubElement(item, f"{{{IMSCP}}}title").text = sco.title
        if sco.mastery_score is not None:
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(sco.mastery_score)
        resource = ET.SubElement(
            resources_element,
            f"{{{IMSCP}}}resource",
            {"identifier": resource_id, "type": "webcontent", f"{{{ADLCP}}}scormtype": "sco", "href": sco.pages[0]},
        )
        for name in files[sco.id]:
            ET.SubElement(resource, f"{{{IMSCP}}}file", href=name)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def package(view: AudienceView, site: Path, *, path: str | None = None, course: str | None = None) -> tuple[bytes, int]:
    """The SCORM 1.2 ZIP of the path or course from the audience's built ``site``; its SCO count."""
    ident, title, items = scos(view, path=path, course=course)
    site_url = view.audience.site_url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    packaged = {page for sco in items for page in sco.pages}
    missing = sorted(page for page in packaged if not (site / page).is_file())
    if missing:
        raise ExportError(f"the {view.audience.id} site has no page {missing[0]}; build it again")
    contents: dict[str, bytes] = {}
    files: dict[str, list[str]] = {}
    for sco in items:
        used: set[str] = set(sco.pages) | {ADAPTER}
        pending: list[str] = []
        for page in sco.pages:
            text = (site / page).read_text(encoding="utf-8")
            pending.extend(_used_files(site, page, text))
            if page not in contents:
                contents[page] = _with_adapter(page, _rewrite(page, text, packaged, site_url), sco.id).encode("utf-8")
        while pending:
            name = pending.pop()
            if name in used:
                continue
            used.add(name)
            contents[name] = (site / name).read_bytes()
            if name.endswith(".css"):
                pending.extend(_used_files(site, name, contents[name].decode("utf-8", "replace")))
        files[sco.id] = sorted(used)
    contents[ADAPTER] = resources.files("academy.portal").joinpath(ADAPTER).read_bytes()
    contents["imsmanifest.xml"] = manifest(ident, title, items, files).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(contents):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, contents[name])
    return buffer.getvalue(), len(items)
