"""Event wiring of ``academy/portal``: generate the learner-facing pages of one audience."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ...portal.cards import lesson_place
from ...portal.checks import checks_json
from ...portal.palette import palette_css
from ...portal.site import Portal, build_portal
from ...speed import unchanged
from ...speed.output_cache import OutputCache
from ..content.plugin import ContentPlugin
from .config import PortalConfig
from .nav import link_course_pages, portal_items
from .pages import PortalPage, generated_page

log = logging.getLogger("mkdocs.plugins.academy.portal")

PACKAGE_ASSETS = (
    "assets/academy/academy.css",
    "assets/academy/checks.js",
    "assets/academy/academy.js",
    "assets/academy/recommend.js",
)
"""Stylesheet and script of the portal: files of the package's theme folder, which MkDocs copies."""
STATEMENTS_JS = "assets/academy/statements.js"
"""xAPI statements and cmi5 launches, loaded only on the sites of audiences with ``xapi:`` or ``cmi5: true``."""
PALETTE_CSS = "assets/academy/palette.css"
"""Readable shades of Material's named colours, generated (``academy.portal.palette``)."""
COLLECTIONS_TITLE = "All collections and paths"
"""Title of the index of every collection and learning path of the audience (in the menu's
"Collections and paths" section)."""
COURSE_TEMPLATES = {"course": "academy/course.html", "lesson": "academy/lesson.html"}


class PortalPlugin(BasePlugin[PortalConfig]):
    """Home, catalog, collection, badges and "my learning" pages for the audience being built."""

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self._content: ContentPlugin | None = None
        self._nav: Navigation | None = None
        self._output: OutputCache | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Find the content plugin, add the package's templates and assets.

        Priority: 0 (default): the content plugin has loaded the academy by now (it is listed first).
        """
        self.portal = None
        if not self.config.enabled:
            return config
        content = config.plugins.get("academy/content")
        if not isinstance(content, ContentPlugin):
            raise PluginError("academy/portal needs academy/content: list it before academy/portal in 'plugins'")
        self._content = content
        templates = str(resources.files("academy") / "templates")
        if templates not in config.theme.dirs:
            # After the user's custom_dir, before Material's own templates.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        for target in (*PACKAGE_ASSETS, PALETTE_CSS):
            group = config.extra_css if target.endswith(".css") else config.extra_javascript
            if target not in group:
                group.append(target)
        view = content.view
        statements = view is not None and (view.audience.xapi is not None or view.audience.cmi5)
        if statements and STATEMENTS_JS not in config.extra_javascript:
            config.extra_javascript.append(STATEMENTS_JS)
        elif not statements and STATEMENTS_JS in config.extra_javascript:
            config.extra_javascript.remove(STATEMENTS_JS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Generate the portal's pages, badge images, readable palette and ``catalog.json``.

        Priority: 0 (default): after academy/content removed what the audience may not see.
        """
        view = self._content.view if self._content else None
        if view is None:
            return files
        urls = {
            "catalog": self.config.catalog_url,
            "collections": self.config.collections_url,
            "badges": self.config.badges_url,
            "my_learning": self.config.my_learning_url,
            "recommend": self.config.recommend_url,
            "certificate": self.config.certificate_url,
        }
        self.portal = portal = build_portal(view, urls)
        unused = files.get_file_from_path(STATEMENTS_JS)
        if unused is not None and view.audience.xapi is None and not view.audience.cmi5:
            files.remove(unused)  # a site that sends no statements does not ship their script
        if self.config.home:  # no source is published there (``validate``)
            files.append(generated_page(config, "", "Home", template="academy/home.html"))
        files.append(generated_page(config, urls["catalog"], "Catalog", template="academy/catalog.html"))
        files.append(
            generated_page(config, urls["collections"], COLLECTIONS_TITLE, template="academy/collections.html")
        )
        for entry in portal.collections:
            files.append(
                generated_page(
                    config, entry.url, entry.collection.title, template="academy/collection.html", key=entry.id
                )
            )
        files.append(generated_page(config, urls["badges"], "Badges", template="academy/badges.html"))
        files.append(generated_page(config, urls["my_learning"], "My learning", template="academy/my-learning.html"))
        files.append(generated_page(config, urls["certificate"], "Certificate", template="academy/certificate.html"))
        if portal.quiz is not None:
            files.append(
                generated_page(config, urls["recommend"], portal.quiz.title, template="academy/recommend.html")
            )
        for path, svg in portal.badge_images().items():
            files.append(File.generated(config, path, content=svg))
        for path, document in portal.open_badges().items():
            files.append(File.generated(config, path, content=document))
        files.append(File.generated(config, PALETTE_CSS, content=palette_css()))
        if self.config.catalog_json:
            files.append(File.generated(config, "catalog.json", content=portal.catalog_json()))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Replace the navigation with the portal's short menu; link course pages in order.

        Priority: 0 (default).
        """
        if self.portal is None:
            return nav
        portal_pages = [page for page in nav.pages if isinstance(page, PortalPage)]
        order = {
            "academy/home.html": 0,
            "academy/catalog.html": 1,
            "academy/recommend.html": 2,
            "academy/badges.html": 3,
            "academy/my-learning.html": 4,
        }
        tops = sorted((p for p in portal_pages if p.portal_template in order), key=lambda p: order[p.portal_template])
        collections = [p for p in portal_pages if p.portal_template == "academy/collection.html"]
        index = next((p for p in portal_pages if p.portal_template == "academy/collections.html"), None)
        plain = []
        if self.config.nav_pages:
            pages = self.portal.view.pages
            plain = [
                p for p in nav.pages if pages.get(p.file.src_uri) is not None and pages[p.file.src_uri].kind == "page"
            ]
        nav.items = portal_items(tops, collections, plain, index)
        link_course_pages(nav, self.portal.view)
        self._nav = nav
        return nav

    @event_priority(50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Give course overviews and lessons their templates.

        Priority: 50 (early): before plugins that read the template from the metadata.
        """
        if self.portal is not None:
            doc = self.portal.view.pages.get(page.file.src_uri)
            if doc is not None and doc.kind in COURSE_TEMPLATES:
                page.meta.setdefault("template", COURSE_TEMPLATES[doc.kind])
        return markdown

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Find the pages whose HTML is unchanged since the last build; stop here when the whole
        published site is (``speed.unchanged``). A build with a plugin Academy does not know
        prints every page from its template.

        Priority: -100 (run last): every plugin has set the pages' content and metadata.
        """
        self._output = None
        content = self._content
        if self.portal is None or self._nav is None or content is None:
            return env
        if not unchanged.only_known_plugins(config):
            return env  # what another plugin gives a page (its context, say) is not in the page's key
        self._output = OutputCache(content.cache, env)
        self._output.plan(config, self._nav, self.portal, content.render_inputs, list(self._nav.pages))
        if content.published is not None and content.cache.root is not None:
            content.stamp = unchanged.stamp(config, files, self._output.keys)
            if content.stamp is not None:
                audience = self.portal.audience.id
                record = unchanged.record_of(content.cache, audience, content.published)
                pages = unchanged.published_pages(record, content.published, content.stamp)
                if pages is not None:
                    raise unchanged.SiteUnchanged(pages)
                content.page_keys = self._page_keys(config, files)
                linked = unchanged.reuse_published(record, content.published, Path(config.site_dir), content.page_keys)
                self._output.already_written(
                    {file.src_uri for file in files.documentation_pages() if file.dest_uri in linked}
                )
        return env

    def _page_keys(self, config: MkDocsConfig, files: Files) -> dict[str, str]:
        """The output key of each page file, by path in the site; none of a path that MkDocs
        writes before the pages (a static file, a theme template), which must never be a link."""
        written_first = {file.dest_uri for file in files if not file.is_documentation_page()}
        written_first |= {*config.theme.static_templates, *config.extra_templates}
        keys = self._output.keys
        return {
            file.dest_uri: keys[file.src_uri]
            for file in files.documentation_pages()
            if file.src_uri in keys and file.dest_uri not in written_first
        }

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict | None:
        """Hand the portal and the page's own course, lesson or collection to the templates.

        Priority: 0 (default).
        """
        if self.portal is None:
            return context
        context["academy"] = self.portal
        doc = self.portal.view.pages.get(page.file.src_uri)
        if doc is not None and doc.course_id is not None:
            context["academy_course"] = self.portal.cards.get(doc.course_id)
            context["academy_lesson_id"] = doc.id if doc.kind == "lesson" else None
            context["academy_checks"] = checks_json(doc, self.portal.audience.id, self.portal.audience.site_url)
            course = context["academy_course"]
            if doc.kind == "lesson" and course is not None:
                context["academy_lesson"] = lesson_place(course, doc.id)
        if isinstance(page, PortalPage) and page.portal_key:
            context["academy_collection"] = self.portal.collection(page.portal_key)
        if self._output is not None and (html := self._output.html_for(page, context)) is not None:
            context["academy_cached_html"] = html
        return context

    @event_priority(100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Keep the page's HTML for the next build.

        Priority: 100 (run first): store the template's output before other plugins change it,
        since they change it again when the page is printed from the cache.
        """
        if self._output is not None:
            self._output.store(page, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Keep the pages printed by this build for the next one.

        Priority: 0 (default): every page is printed.
        """
        if self._output is not None:
            self._output.save()
