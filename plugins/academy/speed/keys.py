"""Digests of everything besides a page's own text that shapes its output: parts of cache keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import __version__
from ..core.markdown import MarkdownSetup
from ..core.setup_inputs import folder_digest
from .cache import digest


def render_inputs(config: Any) -> str:
    """What every page's Markdown rendering depends on: extensions, their options, the code and
    files they read (``core.markdown.MarkdownSetup.signature``)."""
    setup = MarkdownSetup(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
    return digest("render", __version__, setup.signature(), config.use_directory_urls)


SITE_KEYS = (
    "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
    "edit_uri", "extra", "extra_css", "extra_javascript", "extra_templates", "use_directory_urls",
)  # fmt: skip


def site_inputs(config: Any, render: str, templates: list[Path], extra: Any = None) -> str:
    """What every page's final HTML depends on besides the page: site settings, theme, templates."""
    theme = {key: config.theme[key] for key in config.theme}
    return digest(
        "site",
        render,
        {key: config.get(key) for key in SITE_KEYS},
        theme,
        {name: dict(getattr(plugin, "config", None) or {}) for name, plugin in config.plugins.items()},
        [folder_digest(str(folder)) for folder in templates],
        extra,
    )
