"""Who may read each source: the one rule, applied once at load.

Every consumer (the audience view, shared rendering, validation, assets, portal pages, search,
the audit) reads the ``readers`` this module sets; none decides again.

- A page or course is read by its ``audiences`` (the defaults when it names none); a lesson by
  its own ``audiences``, which may only narrow its course's. A draft, or a lesson of a draft
  course, is read by nobody.
- A passage (audience block) is read by the readers of its page that it names (``passages``).
- A file that is not Markdown goes to whoever reads a page of its folder, or of the nearest
  folder above that has pages, below the root of ``docs_dir``; else to everyone.
- A collection is read by its audiences (the defaults when it names none).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .model import EVERYONE, Academy, Asset, Doc


def doc_readers(doc: Doc) -> frozenset[str]:
    """Who may read ``doc``: its audiences, or nobody for a draft."""
    return frozenset() if doc.draft else doc.audiences


def folder_readers(docs: dict[str, Doc]) -> dict[str, frozenset[str]]:
    """The readers of the pages of each folder of ``docs_dir`` that has pages."""
    by_folder: dict[str, set[str]] = {}
    for doc in docs.values():
        by_folder.setdefault(str(PurePosixPath(doc.src).parent), set()).update(doc.readers)
    return {folder: frozenset(readers) for folder, readers in by_folder.items()}


def asset_readers(src: str, by_folder: dict[str, frozenset[str]]) -> frozenset[str]:
    """Who may receive the file ``src``: the readers of its nearest folder with pages, below the root."""
    folder = PurePosixPath(src).parent
    while str(folder) not in by_folder and str(folder) != ".":
        folder = folder.parent
    return frozenset({EVERYONE}) if str(folder) == "." else by_folder[str(folder)]


def apply(academy: Academy) -> None:
    """Set the readers of every page, file and collection of ``academy``."""
    for doc in academy.docs.values():
        doc.readers = doc_readers(doc)
    by_folder = folder_readers(academy.docs)
    academy.assets = {
        src: Asset(src, asset.path, asset_readers(src, by_folder)) for src, asset in academy.assets.items()
    }
    known = frozenset(academy.audiences)
    default = frozenset(academy.settings.default_audiences) & known
    for collection in academy.collections.values():
        collection.readers = (collection.audiences if "audiences" in collection.lines else default) & known
