"""Generated portal pages: a ``Page`` subclass with its own template, and the files behind it."""

from __future__ import annotations

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page


class PortalPage(Page):
    """A page the portal generates (home, catalog, a collection, badges, my learning)."""

    def __init__(self, title: str, file: File, config: MkDocsConfig, *, template: str, key: str = "") -> None:
        super().__init__(escape(title), file, config)
        self.portal_template = template
        """The template rendering the page, under the package's ``academy/`` templates."""
        self.portal_key = key
        """What the page shows, e.g. the collection id."""
        self._raw_title = title

    def read_source(self, config: MkDocsConfig) -> None:
        """Read the (generated) source, then set the page's template and escaped title."""
        super().read_source(config)
        self.meta.setdefault("template", self.portal_template)
        # Portal pages have no headings worth a table of contents, and the menu is in the tabs
        # (wide screens) or the drawer (small ones): the cards need the width.
        self.meta.setdefault("hide", ["navigation", "toc"])
        if not self.is_homepage:
            # Material prints meta titles raw; the home page's <title> is the site name alone.
            self.meta["title"] = escape(self._raw_title)


def generated_page(config: MkDocsConfig, url: str, title: str, *, template: str, key: str = "", body: str = "") -> File:
    """A generated Markdown file at ``url`` (``catalog/`` → ``catalog/index.md``) with its page."""
    src = url.strip("/") + "/index.md" if url.strip("/") else "index.md"
    file = File.generated(config, src, content=body or "\n")
    file.page = PortalPage(title, file, config, template=template, key=key)
    return file
