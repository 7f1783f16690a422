"""Event wiring of ``academy/content``: load the model, take the audience's view, build from it, audit."""

from __future__ import annotations

import logging
import time
from importlib import resources
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...audit import blocks
from ...audit.index import AuditIndex
from ...audit.scan import Auditor
from ...audit.theme import config_texts, generated_texts, template_texts
from ...audit.units import hidden_copies, hidden_paths, hidden_units, legit_units, theme_units
from ...checkpoints import checkpoint
from ...core.author import PageReaders, open_to
from ...core.model import Academy
from ...core.problems import did_you_mean, format_problems
from ...core.snippets import snippets_config
from ...core.view import AudienceView, build_view
from ...speed.analyses import load_academy_cached
from ...speed.cache import Cache
from ...speed.keys import render_inputs
from ...speed.rendering import CachedPage
from ...speed.secret import CacheKeyError
from ...speed.template_cache import keep_compiled_templates
from ...speed.unchanged import only_known_plugins
from ..settings import settings_from, site_url_error
from . import author
from .branding import apply_branding
from .config import ContentConfig
from .pages import prepare_rendering

log = logging.getLogger("mkdocs.plugins.academy.content")

CONFIG_TEXTS = ("site_name", "site_description", "copyright", "theme", "extra", "repo_name", "nav")
"""Settings of ``mkdocs.yml`` whose text the theme prints on every site."""


def escaped(value):
    """``value`` with every string in it HTML-escaped, as ``Markup`` so that ``| e`` filters keep it as it is."""
    if isinstance(value, str):
        return value if isinstance(value, Markup) else escape(value)
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escaped(item) for item in value]
    return value


class ContentPlugin(BasePlugin[ContentConfig]):
    """Build one audience's site from its view of the academy: only what that audience may see."""

    def __init__(self) -> None:
        self.view: AudienceView | None = None
        """The audience's view: all the build reads of the academy."""
        self.preloaded: Academy | None = None
        """An academy already loaded and validated by ``academy build``, read once, then let go."""
        self.cache = Cache(None)
        """Rendered pages kept between builds (shared with academy/portal)."""
        self.render_inputs = ""
        self.audit_seconds = 0.0
        self.pages_built = 0
        """Pages written by the last build."""
        self.published: Path | None = None
        """Where ``academy build`` publishes this audience's site: a build whose site would be the
        same bytes keeps it (``speed.unchanged``); None builds in full."""
        self.stamp: str | None = None
        """The digest of what this build's site is made from, once known (``speed.unchanged``)."""
        self.page_keys: dict[str, str] = {}
        """The output key of each page file of this build's site, by path in it (``speed.unchanged``)."""
        self._lets_pages_go = False
        """Whether every plugin is one Academy knows: none reads a page's HTML after it is written."""
        self._audit: AuditIndex | None = None
        self._brand_files: dict[str, Path] = {}
        self._author: dict[str, PageReaders] | None = None
        """In the author preview: who reads each page in the published sites (``core.author``)."""

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the sources, take the audience's view of them, brand the site.

        Nothing of the academy beyond the view (and the audit's unreadable index) stays
        reachable from the build once this returns.

        Priority: 100 (run first): needs nothing from other plugins, and the templates they
        read while configuring (Material's search reads its translations) are compiled once.
        """
        self.view = self._audit = self._author = None
        self.stamp = None
        self.page_keys = {}
        blocks.forget()  # what an earlier build of this process offered its audit
        if not self.config.enabled:
            return config
        error = site_url_error(config)
        if error:
            raise PluginError(f"mkdocs.yml: {error}")
        settings = settings_from(config, self.config)
        try:
            self.cache = Cache(settings.root / self.config.cache_dir if self.config.cache else None)
        except CacheKeyError as error:
            raise PluginError(str(error)) from None
        academy, self.preloaded = self.preloaded, None
        if academy is None or academy.settings != settings:
            academy, problems = load_academy_cached(settings, self.cache)
            if problems:
                raise PluginError("the academy has problems:\n" + format_problems(problems))
        audience = self.config.audience
        if not audience:
            raise PluginError(
                "no audience chosen: run 'academy build', or set ACADEMY_AUDIENCE to one of "
                + ", ".join(sorted(academy.audiences))
            )
        if audience not in academy.audiences:
            raise PluginError(f"unknown audience '{audience}'; {did_you_mean(audience, academy.audiences)}")
        if author.active() and self.published is not None:
            raise PluginError("the author preview is served, never published: run 'academy serve --all'")
        # The author preview shows everything to one audience, and so is never audited.
        self._author = open_to(academy, audience) if author.active() else None
        self.view = build_view(academy, audience)
        self._brand_files = apply_branding(config, self.view.audience)
        if self._author is not None:
            config.site_name = f"{config.site_name} · author preview"
        prepare_rendering(config, author.MarkedPassages() if self._author is not None else None)
        if self.config.audit and self._author is None:
            self._audit = AuditIndex.build(
                audience,
                _base_path(config),
                hidden_units(academy, audience),
                chain(legit_units(self.view), theme_units(_theme_texts(config))),
                hidden_paths(academy, audience),
                hidden_copies(academy, audience),
            )
        if self.cache.root is not None:
            keep_compiled_templates(config.theme, self.cache.root, self.cache.key)
        snippets = [Path(base) for base in (snippets_config(settings) or {}).get("base_path", ())]
        site = Path(config.site_dir).resolve()
        for folder in (settings.audiences_dir, settings.collections_dir, *snippets):
            # A snippet folder holding the site (the project root, say) would rebuild on every build.
            if folder.is_dir() and str(folder) not in config.watch and not site.is_relative_to(folder.resolve()):
                config.watch.append(str(folder))
        return config

    def cache_report(self) -> dict[str, int]:
        """Cache use of the last build, by namespace: entries found, missed, found corrupt."""
        report = {}
        for namespace, stats in sorted(self.cache.stats.items()):
            report.update({f"{namespace}_hits": stats.hits, f"{namespace}_misses": stats.misses})
            report[f"{namespace}_corrupt"] = stats.corrupt
        return report

    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Keep of ``docs_dir`` only what the audience receives, each page as it reads it.

        Priority: 100 (run first): other plugins never see another audience's files, and the
        pages they see hold the audience's text only.
        """
        if self.view is None:
            return files
        docs_dir = Path(config.docs_dir).resolve()
        in_docs = {}  # by source folder: resolving each file's would ask the disk thousands of times
        for file in list(files):
            if file.src_dir is not None and file.src_dir not in in_docs:
                in_docs[file.src_dir] = Path(file.src_dir).resolve() == docs_dir
            from_docs = file.generated_by is None and file.src_dir is not None and in_docs[file.src_dir]
            if from_docs and not self.view.sees(file.src_uri):
                files.remove(file)
            elif from_docs and (page := self.view.pages.get(file.src_uri)) is not None:
                audited = self._audit is not None
                CachedPage(file, config, view=page, cache=self.cache, inputs=self.render_inputs, audited=audited)
        for target, source in self._brand_files.items():
            files.append(File.generated(config, target, abs_src_path=str(source)))
        return files

    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Escape every front-matter text: Material's templates print them as they are.

        Priority: 100 (run first): other plugins see the escaped text too.
        """
        if self.view is None:
            return markdown
        page.meta = escaped(page.meta)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """In the author preview, say above each page who reads it in the published sites.

        Priority: 0 (default).
        """
        readers = self._author.get(page.file.src_uri) if self._author is not None else None
        return html if readers is None else author.banner(readers) + html

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Digest what pages render with, now that every plugin has set it up (one may add a
        Markdown extension in its ``on_config``); start counting pages; tell whether a page's
        HTML may be let go once written.

        Priority: 0 (default).
        """
        self.render_inputs = render_inputs(config)
        self.pages_built = 0
        self._lets_pages_go = only_known_plugins(config)

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Count the page; let go of its HTML when no plugin can ask for it again.

        Priority: -100 (run last): every plugin is done with the page. MkDocs keeps every page
        until the build ends; its HTML would make a site's whole text stay in memory while the
        rest is written and audited. A plugin Academy does not know may still read it.
        """
        self.pages_built += 1
        if self._lets_pages_go:
            page.content = None
        return output

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Audit the built site for anything of another audience.

        Priority: -100 (run last): audit what every plugin wrote.
        """
        if self.view is None or self._audit is None:
            return
        self.audit_site(Path(config.site_dir), config)

    def audit_site(self, site_dir: Path, config: MkDocsConfig) -> None:
        """Audit the site at ``site_dir`` (this build's, or the published one it kept).

        Raises:
            PluginError: listing what the site holds of other audiences.
        """
        assert self.view is not None and self._audit is not None
        checkpoint(f"audit:{self.view.audience.id}")
        start = time.monotonic()
        view = self.view
        auditor = Auditor(
            self._audit,
            assets={**view.assets, **self._brand_files},
            theme=theme_folders(config),
            host=urlsplit(config.site_url or "").netloc,
        )
        leaks = auditor.audit(site_dir, self.cache)
        blocks.forget()  # offers of pages the audit found clean before and did not read again
        self.audit_seconds = time.monotonic() - start
        if leaks:
            listing = "\n".join(f"  {leak}" for leak in leaks[:50])
            more = f"\n  … and {len(leaks) - 50} more" if len(leaks) > 50 else ""
            raise PluginError(
                f"isolation audit failed: the '{view.audience.id}' site holds content of other "
                f"audiences ({len(leaks)} finding(s)):\n{listing}{more}"
            )
        log.info("isolation audit passed for '%s'", view.audience.id)


def theme_folders(config: MkDocsConfig) -> list[Path]:
    """The theme's folders: the site's overrides, the package's templates, Material's."""
    folders = [Path(folder) for folder in config.theme.dirs]
    package = Path(str(resources.files("academy") / "templates"))
    if package not in folders:  # academy/portal adds it after this plugin's on_config
        folders.insert(1 if config.theme.custom_dir else 0, package)
    return folders


def _theme_texts(config: MkDocsConfig):
    """What the theme, the site's settings and other plugins' settings (search's language) print.

    The academy's own settings are not among them: who reads a taxonomy value is decided per
    audience.
    """
    plugins = {
        name: dict(getattr(plugin, "config", None) or {})  # hooks are plugins without settings
        for name, plugin in config.plugins.items()
        if name != "academy/content"
    }
    settings = {key: config.get(key) for key in CONFIG_TEXTS}
    return chain(shared_theme_texts(config), config_texts(settings), config_texts(plugins))


def shared_theme_texts(config: MkDocsConfig):
    """What the theme prints on every audience's site: its templates' text, what the portal draws."""
    return chain(template_texts(theme_folders(config)), generated_texts())


def _base_path(config: MkDocsConfig) -> str:
    path = urlsplit(config.site_url or "/").path
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"
