"""Turning MkDocs' configuration into the model's ``Settings`` (the one place that knows both)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from ..core.markdown import MarkdownSetup
from ..core.model import Settings
from ..core.values import site_url_problem


def build_date(environ: Any = os.environ) -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def site_url_error(config: Any) -> str | None:
    """What is wrong with ``site_url`` in ``mkdocs.yml``, or None: Material prints it unescaped in every page."""
    value = config.site_url
    problem = site_url_problem(value) if value else None
    return f"'site_url' {problem}, not '{value}'" if problem else None


def settings_from(config: Any, options: Any) -> Settings:
    """``Settings`` from a loaded ``MkDocsConfig`` and the ``academy/content`` options."""
    root = Path(config.config_file_path or ".").resolve().parent
    return Settings(
        root=root,
        docs_dir=Path(config.docs_dir).resolve(),
        audiences_dir=(root / options.audiences_dir).resolve(),
        collections_dir=(root / options.collections_dir).resolve(),
        taxonomies=options.taxonomies,
        default_audiences=tuple(options.default_audiences),
        ribbons=options.ribbons,
        ribbon_window_days=options.ribbons_window,
        build_date=build_date(),
        markdown=MarkdownSetup(tuple(config.markdown_extensions), dict(config.mdx_configs or {})),
        use_directory_urls=config.use_directory_urls,
        **_generated(config),
        templates=_templates(config),
    )


def _templates(config: Any) -> frozenset[str] | None:
    """Every template of the theme and its overrides, by the name a page's ``template:`` uses."""
    theme = config.theme
    if theme is None or not getattr(theme, "dirs", None):
        return None
    found = set()
    for folder in theme.dirs:
        for current, folders, files in os.walk(folder):
            folders[:] = [name for name in folders if not name.startswith(".")]
            base = Path(current).relative_to(folder).as_posix()
            found.update(name if base == "." else f"{base}/{name}" for name in files if name.endswith(".html"))
    return frozenset(found)


def _generated(config: Any) -> dict[str, dict[str, str]]:
    """What the portal and the theme publish themselves: no source may be published there too."""
    folders = {"assets/academy/": "Academy's styles, script and badge images", "search/": "the search index"}
    pages: dict[str, str] = {}
    portal = config.plugins.get("academy/portal") if config.plugins else None
    options = getattr(portal, "config", None)
    if options is not None and options.enabled:
        if options.home:
            pages[""] = (
                "the home page (made from each audience file's hero; to write it yourself, set 'home: false' "
                "for academy/portal)"
            )
        pages[options.catalog_url] = "the catalog page"
        pages[options.my_learning_url] = "the learner's 'my learning' page"
        pages[options.certificate_url] = "the printable certificate page"
        pages[options.recommend_url] = "the recommendation quiz"
        if options.catalog_json:
            pages["catalog.json"] = "the catalog for other systems"
        folders[options.collections_url] = "the collection and learning path pages"
        folders[options.badges_url] = "the badges page and the badges' Open Badges definitions"
    return {"generated_pages": pages, "generated_folders": folders}
