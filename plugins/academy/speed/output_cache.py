"""Whole pages kept between builds: a page whose every input is unchanged is not rendered again.

A page's HTML depends on the site (settings, theme, templates, navigation, the audience), on
the page (its rendered content, table of contents, title, metadata, neighbours), for course
pages on the course's card, and for the portal's own pages (home, catalog, collections …) on
everything the portal shows. The key covers all of them; on a hit the page's template is
swapped for one that prints the stored HTML, and every plugin's events still run as usual.
The stored HTML is read when its page is printed, not before, so that a build never holds
every page of a site in memory at once. Pages are kept in packs per audience (``packs``): a
build writes one file for the pages it printed, not one per page.

What a plugin Academy does not know gives a page (its context, what it reads elsewhere) is
not in the key: a build with such a plugin prints every page from its template.
"""

from __future__ import annotations

from dataclasses import asdict
from importlib import resources
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..plugins.portal.pages import PortalPage
from ..portal.cards import Card
from ..portal.site import Portal
from .cache import Cache, digest, text_digest
from .keys import site_inputs
from .packs import Packs
from .rendering import toc_tokens

NAMESPACE = "page"
CACHED_TEMPLATE = "academy/cached.html"


def _nav_signature(items: list) -> list:
    return [
        [str(item.title), getattr(item, "url", None), _nav_signature(getattr(item, "children", None) or [])]
        for item in items
    ]


def _neighbour(page: Page | None) -> list | None:
    return None if page is None else [str(page.title), page.url]


def _card_signature(card: Card) -> str:
    """A digest of a card, less its lessons' content digests: a lesson's text changes them, and
    only the pages that print them depend on them (``_versions``)."""
    data = asdict(card)
    data["lessons"] = [{key: value for key, value in lesson.items() if key != "digest"} for lesson in data["lessons"]]
    return digest(data)


def _versions(portal: Portal, doc) -> list[str] | None:
    """The lesson content digests a course page prints: a lesson its own, an overview its lessons'."""
    card = portal.cards.get(doc.course_id) if doc is not None and doc.course_id else None
    if card is None:
        return None
    return [lesson["digest"] for lesson in card.lessons if doc.kind == "course" or lesson["id"] == doc.id]


def _portal_signature(portal: Portal, cards: dict[str, str]) -> str:
    """A digest of everything the portal's pages show: audience, cards, collections, facets."""
    audience = portal.audience
    return digest(
        [audience.id, audience.title, audience.description, audience.hero, list(audience.featured), audience.quiz],
        [audience.progress, dict(audience.palette), audience.logo, audience.favicon, audience.xapi, audience.cmi5],
        [audience.site_url, audience.issuer, audience.claim_url],  # the badges page's definitions and claim links
        list(cards.items()),  # in catalog order
        [[entry.as_json(), entry.collection.ribbon] for entry in portal.collections],
        [asdict(facet) for facet in portal.facets],
        portal.urls,
        [[t.id, t.label, list(t.values.items()), t.many] for t in portal.view.taxonomies.values()],
    )


class OutputCache:
    """Decides, for one build, which pages can be printed from the cache."""

    def __init__(self, cache: Cache, env: Environment) -> None:
        self.cache = cache
        self.env = env
        self.packs: Packs | None = None
        self.keys: dict[str, str] = {}
        self.hits: dict[str, str] = {}
        """Pages found in the cache, to the template they would be rendered with."""
        self.linked: set[str] = set()
        """Pages found whose published file the new site links (``unchanged.reuse_published``)."""

    def plan(self, config: MkDocsConfig, nav: Navigation, portal: Portal, render: str, pages: list[Page]) -> None:
        """Look every page up; pages found get the template that prints the stored HTML."""
        templates = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        templates.append(Path(str(resources.files("academy") / "templates")))
        site = site_inputs(config, render, templates, [portal.audience.id, _nav_signature(nav.items)])
        cards = {course_id: _card_signature(card) for course_id, card in portal.cards.items()}
        shown = _portal_signature(portal, cards)
        self.packs = Packs(self.cache, NAMESPACE, portal.audience.id)
        for page in pages:
            key = self._page_key(site, page, portal, cards, shown)
            self.keys[page.file.src_uri] = key
            if self.packs.has(key):
                self.hits[page.file.src_uri] = page.meta.get("template", "main.html")
                page.meta["template"] = CACHED_TEMPLATE

    @staticmethod
    def _page_key(site: str, page: Page, portal: Portal, cards: dict[str, str], shown: str) -> str:
        doc = portal.view.pages.get(page.file.src_uri)
        card = cards.get(doc.course_id) if doc is not None and doc.course_id else None
        if isinstance(page, PortalPage):
            card = [page.portal_template, page.portal_key, shown]
        return digest(
            site,
            page.url,
            str(page.title),
            dict(page.meta),
            text_digest(page.content),
            toc_tokens(list(page.toc)),
            _neighbour(page.previous_page),
            _neighbour(page.next_page),
            card,
            _versions(portal, doc),
            doc.id if doc is not None else None,
            # What the page ships of its checks (right answers, feedback) is not in its rendered content.
            [[check.as_json() for check in doc.checks], doc.pass_mark, doc.assessment] if doc is not None else None,
        )

    def already_written(self, pages: set[str]) -> None:
        """Pages found (by source path) whose file the new site already holds: they print as
        nothing, so MkDocs writes no file for them, and their HTML is kept for the next build."""
        for src in pages & set(self.hits):
            self.linked.add(src)
            self.packs.keep(self.keys[src])

    def html_for(self, page: Page, context: dict) -> str | None:
        """The HTML of a page found in the cache, or None for a page rendered as usual.

        An entry found corrupt on reading is not served: the page is rendered from its own
        template with the same context instead.
        """
        template = self.hits.get(page.file.src_uri)
        if template is None:
            return None
        if page.file.src_uri in self.linked:
            return ""
        html = self.packs.get_text(self.keys[page.file.src_uri])
        if html is not None:
            return html
        del self.hits[page.file.src_uri]
        return self.env.get_template(template).render(context)

    def store(self, page: Page, output: str) -> None:
        """Keep a freshly rendered page for the next build."""
        key = self.keys.get(page.file.src_uri)
        if key is not None and page.file.src_uri not in self.hits:
            self.packs.put_text(key, output)

    def save(self) -> None:
        """Keep the pages of this build, and only them, for the next one."""
        if self.packs is not None:
            self.packs.save()
            self.packs = None
