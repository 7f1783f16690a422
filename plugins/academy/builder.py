"""``academy build``: every audience into its own folder, each swapped in only when it succeeds."""

from __future__ import annotations

import logging
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from .model import Academy

CONTENT_PLUGIN = "academy/content"


@dataclass
class AudienceResult:
    """How one audience's build went."""

    audience: str
    ok: bool
    seconds: float = 0.0
    pages: int = 0
    messages: list[str] = field(default_factory=list)
    """Warnings and errors the build logged, in order."""


class _Collector(logging.Handler):
    """Keeps the build's warnings and errors to report them with the audience they belong to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def load_mkdocs_config(config_file: Path, **overrides):
    """Load ``mkdocs.yml`` with MkDocs' own validation (``!ENV`` tags included).

    Raises:
        ConfigurationError: naming every invalid option.
    """
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        return load_config(str(config_file), **overrides)
    except Abort as error:
        messages = [message.split(": ", 1)[-1] for message in collector.messages if message.startswith("ERROR")]
        raise ConfigurationError("\n".join(messages) or str(error)) from None
    finally:
        logger.removeHandler(collector)


def build_audience(
    config_file: Path, audience: str, site_dir: Path, academy: Academy | None, strict: bool
) -> AudienceResult:
    """Build one audience into a temporary folder beside ``site_dir/<audience>``, then swap it in.

    The previous site stays in place when anything fails.
    """
    start = time.monotonic()
    target = site_dir / audience
    temporary = site_dir / f".{audience}.building-{os.getpid()}"
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    result = AudienceResult(audience, ok=False)
    try:
        config = load_mkdocs_config(config_file, site_dir=str(temporary), strict=strict or None)
        plugin = config.plugins.get(CONTENT_PLUGIN)
        if plugin is None:
            raise ConfigurationError(f"'{CONTENT_PLUGIN}' is not in the plugins of {config_file.name}")
        plugin.config.audience = audience
        plugin.preloaded = academy
        mkdocs_build(config)
        result.pages = sum(1 for _ in temporary.rglob("*.html"))
        _swap(temporary, target)
        result.ok = True
    except (Abort, MkDocsException) as error:
        if not any(message.startswith("ERROR") for message in collector.messages):
            collector.messages.append(f"ERROR: {error}")
    finally:
        logger.removeHandler(collector)
        shutil.rmtree(temporary, ignore_errors=True)
    result.messages = collector.messages
    result.seconds = time.monotonic() - start
    return result


def _swap(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built`` with two renames on one file system."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_all(
    config_file: Path,
    audiences: list[str],
    site_dir: Path,
    academy: Academy,
    *,
    jobs: int = 1,
    strict: bool = False,
    on_result=None,
) -> list[AudienceResult]:
    """Build ``audiences`` (in worker processes when ``jobs`` > 1); results in the given order."""
    site_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, AudienceResult] = {}
    if jobs <= 1 or len(audiences) <= 1:
        for audience in audiences:
            results[audience] = build_audience(config_file, audience, site_dir, academy, strict)
            if on_result:
                on_result(results[audience])
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                audience: pool.submit(build_audience, config_file, audience, site_dir, academy, strict)
                for audience in audiences
            }
            for audience, future in futures.items():
                results[audience] = future.result()
                if on_result:
                    on_result(results[audience])
    return [results[audience] for audience in audiences]
