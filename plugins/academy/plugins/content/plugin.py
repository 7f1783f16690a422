"""Event wiring of ``academy/content``: load the model, select the audience, isolate, audit."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...audit.hidden import HiddenIndex
from ...audit.scan import Auditor
from ...core.model import Academy
from ...core.passages import markdown_for
from ...core.problems import did_you_mean, format_problems
from ...core.view import AudienceView, build_view
from ...speed.analyses import load_academy_cached
from ...speed.cache import Cache
from ...speed.keys import render_fingerprint
from ...speed.rendering import CachedPage
from ...speed.template_cache import keep_compiled_templates
from ..settings import settings_from
from .branding import apply_branding
from .config import ContentConfig

log = logging.getLogger("mkdocs.plugins.academy.content")

ESCAPED_META = ("title", "description")
"""Front-matter text that Material places into HTML unescaped."""


class ContentPlugin(BasePlugin[ContentConfig]):
    """Build one audience's site from the academy: only what that audience may see."""

    def __init__(self) -> None:
        self.academy: Academy | None = None
        self.view: AudienceView | None = None
        self.preloaded: Academy | None = None
        """An academy already loaded and validated by ``academy build``, to skip reading it again."""
        self.cache = Cache(None)
        """Rendered pages kept between builds (shared with academy/portal)."""
        self.render_fingerprint = ""
        self.audit_seconds = 0.0
        self.pages_built = 0
        """Pages written by the last build."""
        self._brand_files: dict[str, Path] = {}

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the sources, choose the audience and brand the site.

        Priority: 100 (run first): needs nothing from other plugins, and the templates they
        read while configuring (Material's search reads its translations) are compiled once.
        """
        if not self.config.enabled:
            return config
        settings = settings_from(config, self.config)
        self.cache = Cache(settings.root / self.config.cache_dir if self.config.cache else None)
        if self.preloaded is not None and self.preloaded.settings == settings:
            academy = self.preloaded
        else:
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
        self.academy = academy
        self.view = build_view(academy, audience)
        self._brand_files = apply_branding(config, self.view.audience)
        self.render_fingerprint = render_fingerprint(config)
        if self.cache.root is not None:
            keep_compiled_templates(config.theme, self.cache.root)
        for folder in (settings.audiences_dir, settings.collections_dir):
            if folder.is_dir() and str(folder) not in config.watch:
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
        """Remove every file the audience may not receive; publish its logo and favicon.

        Priority: 100 (run first): other plugins never see another audience's files.
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
            elif from_docs and (doc := self.view.docs.get(file.src_uri)) is not None:
                CachedPage(file, config, cache=self.cache, fingerprint=self.render_fingerprint, doc=doc)
        for target, source in self._brand_files.items():
            files.append(File.generated(config, target, abs_src_path=str(source)))
        return files

    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Remove passages for other audiences and escape front-matter text.

        Priority: 100 (run first): no other plugin reads a passage meant for someone else.
        """
        if self.view is None:
            return markdown
        for key in ESCAPED_META:
            value = page.meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                # Material prints these raw; as Markup they stay escaped under its '| e' filters too.
                page.meta[key] = escape(value)
        doc = self.view.docs.get(page.file.src_uri)
        if doc is None:
            return markdown
        return markdown_for(markdown, self.view.audience.id, doc.audiences)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Start counting pages.

        Priority: 0 (default).
        """
        self.pages_built = 0

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Count the page.

        Priority: 0 (default).
        """
        self.pages_built += 1
        return output

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Audit the built site for anything of another audience.

        Priority: -100 (run last): audit what every plugin wrote.
        """
        if self.view is None or self.academy is None or not self.config.audit:
            return
        start = time.monotonic()
        hidden = HiddenIndex.for_view(
            self.view,
            use_directory_urls=config.use_directory_urls,
            base_path=urlsplit(config.site_url or "/").path,
            cache=self.cache,
        )
        auditor = Auditor(hidden)
        leaks = auditor.audit(Path(config.site_dir), self.cache)
        self.audit_seconds = time.monotonic() - start
        if leaks:
            listing = "\n".join(f"  {leak}" for leak in leaks[:50])
            more = f"\n  … and {len(leaks) - 50} more" if len(leaks) > 50 else ""
            raise PluginError(
                f"isolation audit failed: the '{self.view.audience.id}' site holds content of other "
                f"audiences ({len(leaks)} finding(s)):\n{listing}{more}"
            )
        log.info("isolation audit passed for '%s'", self.view.audience.id)
