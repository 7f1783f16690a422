"""Loading ``mkdocs.yml`` for the ``academy`` command, and pointing it at one audience."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

CONTENT_PLUGIN = "academy/content"


class LogCollector(logging.Handler):
    """Keeps MkDocs' warnings and errors, to report them with what they belong to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")

    def __enter__(self) -> LogCollector:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


def load_mkdocs_config(config_file: Path, **overrides: Any):
    """Load ``mkdocs.yml`` with MkDocs' own validation (``!ENV`` tags included).

    Raises:
        ConfigurationError: naming every invalid option.
    """
    with LogCollector() as collector:
        try:
            return load_config(str(config_file), **overrides)
        except Abort as error:
            messages = [m.split(": ", 1)[-1] for m in collector.messages if m.startswith("ERROR")]
            raise ConfigurationError("\n".join(messages) or str(error)) from None


def content_plugin(config: Any) -> Any:
    """The ``academy/content`` plugin of a loaded configuration."""
    plugin = config.plugins.get(CONTENT_PLUGIN)
    if plugin is None:
        raise ConfigurationError(f"add '{CONTENT_PLUGIN}' to 'plugins' in mkdocs.yml")
    return plugin


def configure(
    config: Any, *, audience: str | None, cache_dir: Path | None, preloaded: Any = None, published: Path | None = None
) -> None:
    """Point a loaded configuration at one audience and a cache folder (None: no cache); with
    ``published``, the folder its site is published at, kept when the build would not change it."""
    plugin = content_plugin(config)
    plugin.published = published
    plugin.config.audience = audience
    plugin.config.cache = cache_dir is not None
    if cache_dir is not None:
        plugin.config.cache_dir = str(cache_dir)
    plugin.preloaded = preloaded
