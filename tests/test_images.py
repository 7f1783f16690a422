"""Images keep their room: each Markdown image gets its file's width and height at build time."""

from __future__ import annotations

import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from academy.portal.images import image_size
from sites import write_academy

LESSON = {
    "content/courses/basics/02-pictures.md": """\
        ---
        title: Pictures
        ---
        ![A diagram](diagram.png)

        ![A drawing](drawing.svg)

        ![Sized by the author](diagram.png){ width="40" }

        ![No such picture](missing.png)
        """,
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG file: its signature and its header chunk, which holds the size."""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))


def png(width: int, height: int) -> bytes:
    """A valid one-colour PNG of the given size."""
    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return png_header(width, height) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


@given(st.integers(1, 20000), st.integers(1, 20000), st.sampled_from(["png", "gif"]))
def test_a_raster_image_reads_as_its_size(tmp_path_factory, width, height, kind):
    path = tmp_path_factory.mktemp("images") / f"picture.{kind}"
    path.write_bytes(png_header(width, height) if kind == "png" else gif(width, height))
    assert image_size(str(path)) == (width, height)


HEADERS = [b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8", b"RIFF\x00\x00\x00\x00WEBPVP8X", b"<svg ", b"BM", b"II*\x00"]


@given(st.sampled_from(HEADERS), st.binary(max_size=80))
def test_a_damaged_image_gives_a_size_or_none_never_an_error(tmp_path_factory, header, rest):
    path = tmp_path_factory.mktemp("images") / "picture"
    path.write_bytes(header + rest)
    size = image_size(str(path))
    assert size is None or (size[0] > 0 and size[1] > 0)


def test_an_image_that_declares_no_size_reads_as_none(tmp_path):
    cases = {
        "viewbox.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>',
        "broken.png": b"\x89PNG\r\n\x1a\n",
        "text.png": b"not a picture",
        "empty.gif": b"",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert image_size(str(tmp_path / name)) is None, name


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            found = dict(attrs)
            self.found[found.get("alt") or ""] = found


def images_of(path: Path) -> dict[str, dict[str, str | None]]:
    parser = Images()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def test_images_get_their_files_size_and_a_changed_file_its_new_size(tmp_path, academy_cli):
    config = write_academy(tmp_path, LESSON)
    config.write_text(config.read_text().replace("  - toc\n", "  - toc\n  - attr_list\n"))
    folder = tmp_path / "content/courses/basics"
    (folder / "diagram.png").write_bytes(png(80, 60))
    (folder / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="320.4" height="100"/>')
    (folder / "missing.png").write_bytes(b"")  # there, but of no known kind
    assert academy_cli("build", "--audience", "customers").code == 0
    page = tmp_path / "site/customers/courses/basics/02-pictures/index.html"
    images = images_of(page)
    assert (images["A diagram"]["width"], images["A diagram"]["height"]) == ("80", "60")
    assert (images["A drawing"]["width"], images["A drawing"]["height"]) == ("320", "100")
    assert images["Sized by the author"]["width"] == "40" and "height" not in images["Sized by the author"]
    assert "width" not in images["No such picture"]

    # The page's text is unchanged, so its rendering could come from the cache: the new size
    # must reach the page all the same.
    (folder / "diagram.png").write_bytes(png(30, 20))
    assert academy_cli("build", "--audience", "customers").code == 0
    images = images_of(page)
    assert (images["A diagram"]["width"], images["A diagram"]["height"]) == ("30", "20")
