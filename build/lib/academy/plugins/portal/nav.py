"""Linear navigation: a short top-level menu, and each course navigated on its own.

Material renders the whole navigation into every page, so a navigation listing every lesson
costs time proportional to pages × lessons. The portal's menu lists only its own pages and the
plain pages; a course's pages get the course's lessons as their sidebar and previous/next links.
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ...core.view import AudienceView


def portal_items(
    portal_pages: list[Page], collection_pages: list[Page], plain_pages: list[Page], index: Page | None = None
) -> list:
    """The menu: home and catalog, a section of collections (the index of them first, which
    Material's tabs link the section to), badges, my learning, plain pages."""
    items: list = list(portal_pages[:2])
    members = ([index] if index is not None else []) + list(collection_pages)
    if collection_pages:
        section = Section(escape("Collections and paths"), members)
        for page in members:
            page.parent = section
        items.append(section)
    elif index is not None:
        items.append(index)
    items += portal_pages[2:]
    items += plain_pages
    return items


def link_course_pages(nav: Navigation, view: AudienceView) -> None:
    """Previous/next within each course (overview, then its lessons); none for other pages."""
    by_src = {page.file.src_uri: page for page in nav.pages}
    for page in nav.pages:
        page.previous_page = page.next_page = None
    for course in view.courses:
        chain = [by_src.get(course.src)] + [by_src.get(lesson.src) for lesson in course.lessons]
        chain = [page for page in chain if page is not None]
        for before, after in zip(chain, chain[1:], strict=False):
            before.next_page = after
            after.previous_page = before
