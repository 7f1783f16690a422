"""Turning MkDocs' configuration into the model's ``Settings`` (the one place that knows both)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from ..core.markdown import MarkdownSetup
from ..core.model import Settings


def build_date(environ: Any = os.environ) -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


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
    )
