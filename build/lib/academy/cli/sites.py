"""The output folder: what Academy made there, and nothing else, is ever moved or deleted.

Every folder Academy writes under the output folder carries a marker file (``.academy-site``)
naming its role (a published site, one being built, one replaced), its audience and the build
that made it. A folder without a marker is never moved or deleted: the build stops instead.

A build holds a lock on the output folder (and one on the cache) for as long as it runs, so a
second build exits at once with a message. Replacing a site is two renames (the old site aside,
the new one in); a build killed between them leaves no site, and the next build puts the old
one back before doing anything else.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..checkpoints import checkpoint

MARKER = ".academy-site"
MADE_BY = "academy"


class SiteFolderError(Exception):
    """The output folder cannot be used as asked (a usage error: exit code 2)."""


def source_folders(config, settings, config_file: Path) -> list[Path]:
    """What an output folder must neither be, hold nor lie in: the academy's sources and ``mkdocs.yml``."""
    sources = [settings.docs_dir, settings.audiences_dir, settings.collections_dir, config_file.resolve()]
    if config.theme.custom_dir:
        sources.append(Path(config.theme.custom_dir))
    return sources


def site_dir_problem(site_dir: Path, *, root: Path, sources: list[Path], example: str = "site/") -> str | None:
    """Why ``site_dir`` may not receive sites (or another output Academy makes, like ``example``), or None."""
    site_dir = site_dir.resolve()
    existing = next(folder for folder in (site_dir, *site_dir.parents) if folder.exists())
    if not existing.is_dir():
        return (
            f"{existing} is a file, not a folder"
            if existing == site_dir
            else f"{site_dir} lies under a file ({existing})"
        )
    named = {
        Path(site_dir.anchor): "the file system's root",
        Path.home().resolve(): "your home folder",
        root.resolve(): "the project's folder",
    }
    if site_dir in named:
        return f"{site_dir} is {named[site_dir]}: choose a folder of its own, like {example}"
    for source in sources:
        source = source.resolve()
        if source == site_dir or source.is_relative_to(site_dir) or site_dir.is_relative_to(source):
            return f"{site_dir} holds sources of the academy, or lies among them ({source}): choose another folder"
    return None


def _marker(folder: Path) -> dict | None:
    """The marker of a folder Academy made, or None."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("made-by") == MADE_BY else None


def mark(folder: Path, role: str, audience: str, build: str) -> None:
    """Mark ``folder`` as Academy's (``role``: ``site``, ``building`` or ``old``)."""
    data = {"made-by": MADE_BY, "role": role, "audience": audience, "build": build}
    (folder / MARKER).write_text(json.dumps(data) + "\n", encoding="utf-8")


def _relabel(folder: Path, role: str) -> None:
    data = _marker(folder)
    if data is not None:
        mark(folder, role, str(data.get("audience")), str(data.get("build")))


class SiteFolder:
    """The output folder of a build: its lock, its markers, its replacements."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.build = uuid.uuid4().hex[:12]
        """This build's id, written in the markers of what it makes."""

    def target(self, audience: str) -> Path:
        return self.path / audience

    def temporary(self, audience: str) -> Path:
        """A new, marked folder to build ``audience`` into."""
        folder = self.path / f".academy-{audience}.building-{self.build}"
        folder.mkdir()
        mark(folder, "building", audience, self.build)
        return folder

    def check_targets(self, audiences: list[str]) -> None:
        """Refuse to go on if a site would replace a folder Academy did not make.

        Raises:
            SiteFolderError: naming each such folder.
        """
        targets = [self.target(audience) for audience in audiences]
        foreign = [path for path in targets if path.is_symlink() or (path.exists() and _marker(path) is None)]
        if foreign:
            names = ", ".join(str(path) for path in foreign)
            raise SiteFolderError(
                f"{names}: not made by Academy (no {MARKER} marker), so it is neither replaced nor deleted; "
                "move it away or choose another --site-dir"
            )

    def recover(self) -> list[str]:
        """Undo what a killed build left: put complete sites back in place, delete the rest.

        A marked ``.academy-*`` folder whose site is missing and that is complete (a replaced
        site, or a new one marked done before its rename) takes the site's place; any other is
        deleted. Nothing unmarked is touched.

        Returns:
            What was done, one sentence each.
        """
        done = []
        for folder in sorted(self.path.iterdir()) if self.path.is_dir() else []:
            if not folder.name.startswith(".academy-") or folder.is_symlink() or not folder.is_dir():
                continue
            data = _marker(folder)
            if data is None:
                continue
            audience = str(data.get("audience"))
            target = self.target(audience)
            complete = data.get("role") in ("old", "site")
            if complete and _safe_name(audience) and not (target.exists() or target.is_symlink()):
                folder.rename(target)
                _relabel(target, "site")
                done.append(f"put the site of '{audience}' back in place, which a killed build had left aside")
            else:
                remove_site(folder)
                done.append(f"deleted {folder.name}, left by a killed build")
        return done

    def swap(self, built: Path, audience: str, *, still_wanted) -> Path | None:
        """Put ``built`` in place of the audience's site; return the old site, moved aside, to delete.

        ``still_wanted()`` is asked before each rename: a worker whose build was stopped must
        not publish.
        """
        target = self.target(audience)
        if not still_wanted():
            raise SiteFolderError("the build was stopped: nothing published")
        if not target.exists():
            _relabel(built, "site")
            built.rename(target)
            return None
        if _marker(target) is None:
            raise SiteFolderError(f"{target} is not Academy's: it was not replaced")
        old = self.path / f".academy-{audience}.old-{self.build}"
        _relabel(target, "old")
        target.rename(old)
        checkpoint(f"swap:{audience}:aside")
        if not still_wanted():  # stopped between the renames: the next build puts the old site back
            raise SiteFolderError("the build was stopped: nothing published")
        _relabel(built, "site")
        built.rename(target)
        checkpoint(f"swap:{audience}:in")
        return old

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the output folder's lock, or exit at once if another build holds it.

        A folder made only to be locked is removed again if the build put nothing in it.
        """
        made = not self.path.exists()
        try:
            with hold_lock(self.path, "the output folder"):
                yield
        finally:
            if made:
                with suppress(OSError):  # not empty: it holds what this build made
                    self.path.rmdir()


@contextmanager
def hold_lock(folder: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (made if missing) for the block.

    The folder itself is locked, not a file in it: nothing is left behind to be published, and
    the kernel lets go of the lock when the process ends, however it ends.

    Raises:
        SiteFolderError: when another build holds it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteFolderError(f"another academy build is using {what} ({folder}); wait for it to end") from None
        yield
    finally:
        os.close(handle)


def remove_site(folder: Path) -> None:
    """Delete a folder Academy made, its marker last: a deletion cut short leaves it still marked."""
    for child in list(folder.iterdir()) if folder.is_dir() else []:
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with suppress(OSError):
                child.unlink()
    with suppress(OSError):
        (folder / MARKER).unlink()
        folder.rmdir()


def _safe_name(audience: str) -> bool:
    return bool(audience) and "/" not in audience and not audience.startswith(".")
