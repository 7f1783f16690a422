"""``academy build``: every audience into its own folder, each swapped in only when it succeeds."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, MkDocsException

from .mkdocs_config import LogCollector, configure, content_plugin, load_mkdocs_config
from .model import Academy


@dataclass
class AudienceResult:
    """How one audience's build went."""

    audience: str
    ok: bool
    seconds: float = 0.0
    pages: int = 0
    messages: list[str] = field(default_factory=list)
    """Warnings and errors the build logged, in order."""
    timings: dict[str, float] = field(default_factory=dict)
    """Where the time went: ``build`` (MkDocs and plugins), ``audit``, ``swap``."""
    cache: dict[str, int] = field(default_factory=dict)
    """Cache use: rendered pages found and missed, whole pages found."""


def build_audience(
    config_file: Path, audience: str, site_dir: Path, academy: Academy | None, strict: bool, cache_dir: Path | None
) -> AudienceResult:
    """Build one audience into a temporary folder beside ``site_dir/<audience>``, then swap it in.

    The previous site stays in place when anything fails.
    """
    start = time.monotonic()
    target = site_dir / audience
    temporary = site_dir / f".{audience}.building-{os.getpid()}"
    result = AudienceResult(audience, ok=False)
    with LogCollector() as collector:
        try:
            config = load_mkdocs_config(config_file, site_dir=str(temporary), strict=strict or None)
            configure(config, audience=audience, cache_dir=cache_dir, preloaded=academy)
            mkdocs_build(config)
            plugin = content_plugin(config)
            result.timings["audit"] = plugin.audit_seconds
            result.cache = plugin.cache_report()
            result.pages = sum(1 for _ in temporary.rglob("*.html"))
            swap_start = time.monotonic()
            _swap(temporary, target)
            result.timings["swap"] = time.monotonic() - swap_start
            result.ok = True
        except (Abort, MkDocsException) as error:
            if not any(message.startswith("ERROR") for message in collector.messages):
                collector.messages.append(f"ERROR: {error}")
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
    result.messages = collector.messages
    result.seconds = time.monotonic() - start
    result.timings["build"] = result.seconds - sum(result.timings.values())
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
    cache_dir: Path | None = None,
    on_result=None,
) -> list[AudienceResult]:
    """Build ``audiences`` (in worker processes when ``jobs`` > 1); results in the given order."""
    site_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, AudienceResult] = {}
    arguments = [(config_file, audience, site_dir, academy, strict, cache_dir) for audience in audiences]
    if jobs <= 1 or len(audiences) <= 1:
        for audience, args in zip(audiences, arguments, strict=True):
            results[audience] = build_audience(*args)
            if on_result:
                on_result(results[audience])
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                audience: pool.submit(build_audience, *args)
                for audience, args in zip(audiences, arguments, strict=True)
            }
            for audience, future in futures.items():
                results[audience] = future.result()
                if on_result:
                    on_result(results[audience])
    return [results[audience] for audience in audiences]
