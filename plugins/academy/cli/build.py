"""``academy build``: every audience into its own folder, each swapped in only when it succeeds."""

from __future__ import annotations

import os
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, MkDocsException

from ..checkpoints import checkpoint
from ..core.model import Academy
from ..plugins.project import LogCollector, configure, content_plugin, load_mkdocs_config
from ..speed import unchanged
from ..speed.forked import FORK, inherited, parent_alive, shared_with_workers, watch_parent
from .sites import SiteFolder, SiteFolderError, remove_site


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
    unchanged: bool = False
    """Whether the published site was kept: this build would have written the same site."""


def build_audience(
    config_file: Path,
    audience: str,
    site: SiteFolder,
    academy: Academy | None,
    strict: bool,
    cache_dir: Path | None,
    parent: int,
) -> AudienceResult:
    """Build one audience into a new marked folder beside its site, then swap it in.

    The previous site stays in place when anything fails, and when the command that started
    this build (process ``parent``) is gone. ``academy`` None in a forked worker means the one
    its parent loaded.
    """
    academy = inherited(academy)
    start = time.monotonic()
    result = AudienceResult(audience, ok=False)
    temporary: Path | None = None
    with LogCollector() as collector:
        try:
            checkpoint(f"build:{audience}")
            temporary = site.temporary(audience)
            published = site.target(audience)
            config = load_mkdocs_config(config_file, site_dir=str(temporary), strict=strict or None)
            configure(config, audience=audience, cache_dir=cache_dir, preloaded=academy, published=published)
            plugin = content_plugin(config)
            try:
                mkdocs_build(config)
            except unchanged.SiteUnchanged as kept:
                plugin.audit_site(published, config)
                result.pages, result.unchanged = kept.pages, True
            else:
                result.pages = plugin.pages_built
                checkpoint(f"built:{audience}")
                swap_start = time.monotonic()
                replaced = site.swap(temporary, audience, still_wanted=lambda: parent_alive(parent))
                result.replaced = str(replaced) if replaced else None
                result.timings["swap"] = time.monotonic() - swap_start
                if plugin.stamp is not None and not collector.messages:
                    unchanged.remember(plugin.cache, audience, published, plugin.stamp, result.pages, plugin.page_keys)
                else:  # a build that warned is built again, so that its warnings show again
                    unchanged.forget(plugin.cache, audience, published)
            result.timings["audit"] = plugin.audit_seconds
            result.cache = plugin.cache_report()
            result.ok = True
        except (Abort, MkDocsException, SiteFolderError) as error:
            if not any(message.startswith("ERROR") for message in collector.messages):
                collector.messages.append(f"ERROR: {error}")
        except TemplateError as error:
            collector.messages.append(f"ERROR: {_template_error(error, config_file.parent)}")
        except OSError as error:
            collector.messages.append(
                f"ERROR: cannot write the site: {error.strerror or error} ({error.filename or ''})"
            )
        finally:
            if temporary is not None and temporary.exists():
                remove_site(temporary)
    result.messages = collector.messages
    result.seconds = time.monotonic() - start
    result.timings["build"] = result.seconds - sum(result.timings.values())
    return result


def _template_error(error: TemplateError, root: Path) -> str:
    """A template problem in one line: the template (relative to the project), its line, what is wrong."""
    if isinstance(error, TemplateNotFound):
        return f"template '{error.name}' not found (named by another template in custom_dir); fix its name"
    if isinstance(error, TemplateSyntaxError):
        name = str(error.filename or error.name)
        with suppress(ValueError):
            name = Path(name).resolve().relative_to(root.resolve()).as_posix()
        where = f"{name}:{error.lineno}" if error.lineno else name
        return f"{where}: template error: {error.message}"
    return f"template error: {error.message}"


def build_all(
    config_file: Path,
    audiences: list[str],
    site: SiteFolder,
    academy: Academy,
    *,
    jobs: int = 1,
    strict: bool = False,
    cache_dir: Path | None = None,
    on_result=None,
) -> list[AudienceResult]:
    """Build ``audiences`` (in worker processes when ``jobs`` > 1); results in the given order.

    The caller holds the output folder's lock and has run ``SiteFolder.recover``.
    """
    results: dict[str, AudienceResult] = {}
    parallel = jobs > 1 and len(audiences) > 1
    shared = None if parallel else academy  # forked workers read it from ``shared_with_workers``
    parent = os.getpid() if parallel else os.getppid()
    arguments = [(config_file, audience, site, shared, strict, cache_dir, parent) for audience in audiences]
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
            with (
                shared_with_workers(academy),
                FORK.Pool(jobs, initializer=watch_parent, maxtasksperchild=1) as pool,
            ):
                # Largest sites first: a large one started last would leave the other core idle.
                by_size = sorted(arguments, key=lambda args: -_pages_read_by(academy, args[1]))
                pending = {args[1]: pool.apply_async(build_audience, args) for args in by_size}
                for audience in audiences:
                    finish(pending[audience].get())
    return [results[audience] for audience in audiences]


def _pages_read_by(academy: Academy, audience: str) -> int:
    """How many of the academy's pages ``audience`` reads: how long its site takes, roughly."""
    return sum(audience in doc.readers for doc in academy.docs.values())


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
        checkpoint("cleanup")
        process = FORK.Process(target=_remove_gently, args=(path, os.getpid()), daemon=True)
        process.start()
        self._processes.append((process, path))

    def __enter__(self) -> _Remover:
        return self

    def __exit__(self, *_) -> None:
        for process, path in self._processes:
            process.join()
            if process.exitcode != 0:  # killed: what it left is deleted here
                remove_site(Path(path))


def _remove_gently(path: str, parent: int) -> None:
    if not parent_alive(parent):
        return
    watch_parent()
    if hasattr(os, "nice"):
        os.nice(10)
    remove_site(Path(path))
