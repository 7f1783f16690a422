"""A reading read from its rendering (a build's one parse) is the reading the parser reads.

A build renders the pages it analyses and reads each reading from its rendering
(``speed.prerender.RenderingReader``, ``core.markdown.TreeCapture``); every other command reads
it with the parser (``core.markdown.Parser``). Both kinds of analysis share one cache, so they
must find the same title, references, knowledge checks and problems on any page: here,
generated pages with passages at every nesting, with headings, references of every kind and
knowledge checks around them, under every extension Material documents.
"""

from __future__ import annotations

import base64
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.core.analysis import read_text
from academy.core.markdown import Parser
from academy.core.passages import parse_passages
from academy.speed.prerender import RenderingReader
from markdown_gen import AUDIENCES, EXTENSIONS, pages, render
from sites import MKDOCS_YML, load, write_academy

EXAMPLES = int(os.environ.get("ACADEMY_EXAMPLES", "150"))
DERANDOMIZE = "ACADEMY_EXAMPLES" not in os.environ
ALL = frozenset(AUDIENCES)
SRC = "courses/basics/01-first.md"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAEUlEQVR4nGP8z8Dwn4EIAAA8kwEDZ8rNbwAAAABJRU5ErkJggg=="
)
"""A 3 x 2 pixel PNG: images that exist get their size while rendering (``portal.images``)."""

EXTENSIONS_YML = "\n".join(
    [
        "markdown_extensions:",
        *(f"  - {name}" for name in EXTENSIONS if name not in ("toc", "tables", "fenced_code")),
        "  - toc:\n      permalink: true",
        "  - abbr",
        "  - pymdownx.inlinehilite",
        "  - pymdownx.keys",
        "  - pymdownx.mark",
        "  - pymdownx.caret",
        "  - pymdownx.tilde",
        "  - pymdownx.emoji:",
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji",
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg",
        "",
    ]
)

TARGETS = (
    "01-first.md", "index.md", "../basics/index.md#steps", "missing.md", "picture.png", "absent.png",
    "https://example.com/page", "#local", "/courses/basics/", "mailto:help@example.com",
)  # fmt: skip
FORMS = (
    "[a link]({})", "![an image]({})", '<a href="{}">raw</a>', "[ref]\n\n[ref]: {}", "`[code]({})`",
    '![sized]({}){{ width="40" }}',
)  # fmt: skip
HEADINGS = (
    "", "# A *plain* title\n\n", "# `Code` in a :smile: title\n\n", "# A [linked](index.md) title\n\n",
    "# <span>Raw</span> title[^n]\n\n[^n]: A note.\n\n", "Some text first.\n\n# Not the title\n\n",
)  # fmt: skip
CHECK = """

/// check | Which is right?
    id: right-one

- [x] This one
- [ ] That one
    Not [that one](index.md).

Because :smile: it is.
///
"""

references = st.lists(st.tuples(st.sampled_from(FORMS), st.sampled_from(TARGETS)), max_size=4).map(
    lambda pairs: "\n\n".join(form.format(target) for form, target in pairs)
)
bodies = st.tuples(st.sampled_from(HEADINGS), references, pages, st.booleans()).map(
    lambda parts: parts[0] + parts[1] + "\n\n" + render(parts[2]) + (CHECK if parts[3] else "")
)


@pytest.fixture(scope="module")
def reading_from_rendering(tmp_path_factory):
    """The parser of a small academy using every extension, and a reader of its first lesson's renderings."""
    root = tmp_path_factory.mktemp("rendered")
    site = MKDOCS_YML.format(default="[]").split("markdown_extensions:")[0]
    write_academy(root, {"mkdocs.yml": site + EXTENSIONS_YML})
    (root / "content/courses/basics/picture.png").write_bytes(PNG)
    academy = load(root)
    reader = RenderingReader(root / "mkdocs.yml", root / ".cache")
    return Parser(academy.settings.markdown), reader.reading(academy.docs[SRC])


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=DERANDOMIZE)
@given(body=bodies)
def test_a_reading_read_from_its_rendering_is_what_the_parser_reads(reading_from_rendering, body):
    parser, read = reading_from_rendering
    passages = parse_passages(body, parser)
    if passages.problems:
        return
    for audience in AUDIENCES:
        text, line_map = passages.read(body, audience, ALL)
        parsed, parsed_problems = read_text(SRC, passages, text, line_map, parser)
        parse = read([audience], text)
        if not text.strip():  # Markdown writes nothing for it, and runs none of its processors
            assert parse is None
            continue
        assert parse is not None, text
        rendered, rendered_problems = read_text(SRC, passages, text, line_map, parser, parse)
        assert rendered.title == parsed.title, text
        assert rendered.links == parsed.links, text
        assert rendered.checks == parsed.checks, text
        assert rendered_problems == parsed_problems, text
        assert rendered.markdown == parsed.markdown


def test_a_page_whose_tree_changes_after_the_reading_is_parsed_instead(tmp_path, monkeypatch):
    """A tree processor of another package running after the capture could change what is read:
    the rendering is then not read (None), and the parser reads the page."""
    write_academy(
        tmp_path,
        {"mkdocs.yml": MKDOCS_YML.format(default="[]") + "  - late_processor\n"},
    )
    (tmp_path / "late_processor.py").write_text(
        "from markdown.extensions import Extension\n"
        "from markdown.treeprocessors import Treeprocessor\n"
        "RAN = []\n"
        "class Late(Treeprocessor):\n"
        "    def run(self, root):\n"
        "        RAN.append(1)\n"
        "        for a in root.iter('a'):\n"
        "            a.set('href', 'elsewhere.md')\n"
        "class LateExtension(Extension):\n"
        "    def extendMarkdown(self, md):\n"
        "        md.treeprocessors.register(Late(md), 'late', -5)\n"
        "def makeExtension(**kwargs):\n"
        "    return LateExtension(**kwargs)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    academy = load(tmp_path)
    read = RenderingReader(tmp_path / "mkdocs.yml", tmp_path / ".cache").reading(academy.docs[SRC])
    assert read(["customers"], "# Title\n\nSee [the course](index.md).\n") is None
    assert __import__("late_processor").RAN  # the page was rendered; its reading was refused


def test_a_build_of_some_audiences_renders_only_the_readings_they_read(tmp_path):
    """A reading none of the built audiences reads is left to the parser: rendering it (and
    indexing it for search) would cost more, for a page no site of this build prints."""
    write_academy(tmp_path, {})
    academy = load(tmp_path)
    read = RenderingReader(tmp_path / "mkdocs.yml", tmp_path / ".cache", ["customers"]).reading(academy.docs[SRC])
    assert read(["staff"], "# Staff only\n\nA note.\n") is None
    assert read(["customers", "staff"], "# For both\n\nA note.\n").title == "For both"
