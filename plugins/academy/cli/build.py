"""``academy build``: every audience into its own folder, each swapped in only when it succeeds."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, MkDocsException

from ..core.model import Academy
from ..plugins.project import LogCollector, configure, content_plugin, load_mkdocs_config
from ..speed.forked import FORK, inherited, shared_with_workers


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
    replaced: str | None = None
    """The previous site, moved aside by the swap, for the caller to delete."""


def build_audience(
    config_file: Path, audience: str, site_dir: Path, academy: Academy | None, strict: bool, cache_dir: Path | None
) -> AudienceResult:
    """Build one audience into a temporary folder beside ``site_dir/<audience>``, then swap it in.

    The previous site stays in place when anything fails. ``academy`` None in a forked worker
    means the one its parent loaded.
    """
    academy = inherited(academy)
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
            result.pages = plugin.pages_built
            swap_start = time.monotonic()
            result.replaced = _swap(temporary, target)
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


def _swap(built: Path, target: Path) -> str | None:
    """Replace ``target`` by ``built`` with two renames on one file system; return the old site."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if not target.exists():
        built.rename(target)
        return None
    target.rename(old)
    built.rename(target)
    return str(old)


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
    for leftover in [*site_dir.glob(".*.old-*"), *site_dir.glob(".*.building-*")]:
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
    results: dict[str, AudienceResult] = {}
    parallel = jobs > 1 and len(audiences) > 1
    shared = None if parallel else academy  # forked workers read it from ``shared_with_workers``
    arguments = [(config_file, audience, site_dir, shared, strict, cache_dir) for audience in audiences]
    with _Remover() as remover:

        def finish(result: AudienceResult) -> None:
            results[result.audience] = result
            if result.replaced:
                remover.remove(result.replaced)
            if on_result:
                on_result(result)

        if not parallel:
            for args in arguments:
                finish(build_audience(*args))
        else:
            # One fresh process per audience: a process that built one site keeps its memory,
            # and the next site built in it would need its own on top.
            with shared_with_workers(academy), FORK.Pool(jobs, maxtasksperchild=1) as pool:
                for pending in [pool.apply_async(build_audience, args) for args in arguments]:
                    finish(pending.get())
    return [results[audience] for audience in audiences]


class _Remover:
    """Deletes replaced sites in processes of low priority, finished when the block ends.

    Deleting thousands of folders takes a second of system time. The audiences that still
    build need both cores; a process at low priority takes what they leave idle, and unlike
    a thread it does not hold the lock that the parent's Python code needs.
    """

    def __init__(self) -> None:
        self._processes: list[tuple[object, str]] = []

    def remove(self, path: str) -> None:
        """Start deleting ``path``."""
        process = FORK.Process(target=_remove_gently, args=(path,), daemon=True)
        process.start()
        self._processes.append((process, path))

    def __enter__(self) -> _Remover:
        return self

    def __exit__(self, *_) -> None:
        for process, path in self._processes:
            process.join()
            if process.exitcode != 0:  # killed: what it left is deleted here
                shutil.rmtree(path, ignore_errors=True)


def _remove_gently(path: str) -> None:
    if hasattr(os, "nice"):
        os.nice(10)
    shutil.rmtree(path, ignore_errors=True)
