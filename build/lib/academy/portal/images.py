"""Images that keep their room: each Markdown image of a page gets the width and height of its file.

A browser that knows an image's size before the image arrives lays the page out once; without
it, the text below the image moves when the image loads. The sizes are read from the image files'
headers (``imagesize``) at build time, and the images get them as ``width`` and ``height``,
unless the author set either (``![..](..){ width="300" }``); CSS keeps them in proportion.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Iterable

import imagesize
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.files import Files

from ..core.links import resolve_target

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff")
"""Files read for a size: a reference to any other file is left as written."""


def image_size(path: str) -> tuple[int, int] | None:
    """The width and height in pixels an image file declares, or None when it declares none
    (an SVG with only a ``viewBox``, a damaged or unknown file)."""
    try:
        width, height = imagesize.get(path)
    except (OSError, ValueError):
        return None
    width, height = round(width), round(height)
    return (width, height) if width > 0 and height > 0 else None


def image_sizes(targets: Iterable[str], files: Files) -> dict[str, tuple[int, int]]:
    """The size of each image among a page's reference ``targets`` (``docs_dir``-relative paths)
    that is a file of the site with a declared size."""
    sizes = {}
    for target in targets:
        if not target.lower().endswith(IMAGE_SUFFIXES):
            continue
        file = files.get_file_from_path(target)
        if file is None or file.abs_src_path is None:
            continue
        size = image_size(file.abs_src_path)
        if size is not None:
            sizes[target] = size
    return sizes


class ImageSizes(Treeprocessor):
    """Give each ``<img>`` whose file's size is known that ``width`` and ``height``."""

    def __init__(self, md: Markdown, src_uri: str, sizes: dict[str, tuple[int, int]]) -> None:
        super().__init__(md)
        self.folder = posixpath.dirname(src_uri)
        self.sizes = sizes

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            if image.get("width") is not None or image.get("height") is not None:
                continue
            target = resolve_target(self.folder, image.get("src") or "")
            size = self.sizes.get(target) if target is not None else None
            if size is not None:
                image.set("width", str(size[0]))
                image.set("height", str(size[1]))


class ImageSizesExtension(Extension):
    """``ImageSizes`` for one page: made per rendering, with the page's path and its images' sizes.

    Registered after Python-Markdown's inline processor (priority 20, which makes the images)
    and attr_list (8, which sets an author's own size), before MkDocs rewrites the images'
    addresses (0), so each ``src`` is still as written.
    """

    def __init__(self, src_uri: str, sizes: dict[str, tuple[int, int]]) -> None:
        super().__init__()
        self.src_uri = src_uri
        self.sizes = sizes

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(ImageSizes(md, self.src_uri, self.sizes), "academy-image-sizes", 3)
