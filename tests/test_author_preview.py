"""The author preview (``academy serve --all``): every page and passage, marked as the builds read them.

The marks must say exactly who reads each passage in the published sites, so they are
compared with the audience blocks the core finds (``core.passages``) on generated pages;
and no build that publishes can ever make one.
"""

from __future__ import annotations

import contextlib
from html.parser import HTMLParser
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build as mkdocs_build

from academy.cli.main import main
from academy.core.markdown import MarkdownSetup, Parser
from academy.core.passages import parse_passages
from academy.plugins.content import author
from academy.plugins.project import configure, load_mkdocs_config
from sites import STAFF_COURSE, site_bytes, site_texts, write_academy

AUDIENCES = ("customers", "partners", "staff")

FILES = {
    **STAFF_COURSE,
    "content/notes.md": "---\ntitle: Notes\ndraft: true\naudiences: [customers]\n---\nA draft nobody reads yet.\n",
    "content/courses/basics/02-more.md": """\
        ---
        title: More steps
        ---
        Everyone reads this.

        //// audience | staff partners
        Staff and partners read this.

        /// audience | staff
        Staff alone read this.
        ///
        ////

        /// audience | !customers
        Customers never read this.
        ///
        """,
}


def preview(root: Path, out: Path, audience: str = "customers", cache_dir: Path | None = None) -> dict[str, str]:
    """Build the author preview of the academy in ``root`` into ``out``, as ``academy serve --all`` does."""
    config = load_mkdocs_config(root / "mkdocs.yml", site_dir=str(out))
    configure(config, audience=audience, cache_dir=cache_dir)
    with author.serving_all():
        mkdocs_build(config)
    return site_texts(out)


def test_preview_holds_every_page_and_passage_with_who_reads_it(tmp_path):
    write_academy(tmp_path / "src", FILES)
    site = preview(tmp_path / "src", tmp_path / "out")
    more = site["courses/basics/02-more/index.html"]
    assert "Read by: customers, partners, staff." in more
    for text in ("Everyone reads this.", "Staff and partners read this.", "Staff alone read this.", "never read this"):
        assert text in more
    assert "Passage for staff, partners only" in more and "End of the passage for staff only" in more
    assert "Passage for every reader of the page but customers" in more
    assert "Read by: staff." in site["courses/internal/01-console/index.html"]
    assert "Draft: no published site has this page." in site["notes/index.html"]
    assert "Internal tools" in site["catalog/index.html"]  # a course of another audience is listed
    assert "author preview" in site["index.html"]  # in the site's name, on every page


def test_no_published_build_makes_or_holds_a_preview(tmp_path, capsys):
    root = write_academy(tmp_path / "src", FILES).parent
    with contextlib.chdir(root):
        assert main(["build", "--quiet", "--site-dir", str(tmp_path / "site")]) == 0
        built = site_texts(tmp_path / "site")
        with author.serving_all():
            assert main(["build", "--quiet", "--site-dir", str(tmp_path / "site")]) != 0
    assert "the author preview is served, never published" in capsys.readouterr().err
    assert site_texts(tmp_path / "site") == built  # the failed build left the published sites whole
    pages = {path: text for path, text in built.items() if path.endswith(".html")}
    assert pages and not any("academy-author-" in text or "author preview" in text for text in pages.values())
    assert "Staff alone read this." not in built["customers/courses/basics/02-more/index.html"]
    assert not author.active()


def test_a_preview_sharing_the_cache_changes_no_build(tmp_path):
    root = write_academy(tmp_path / "src", FILES).parent
    cache = root / ".cache" / "academy"
    with contextlib.chdir(root):
        assert main(["build", "--quiet", "--site-dir", str(tmp_path / "before")]) == 0
        for audience in ("customers", "staff"):
            assert (
                "Staff alone read this."
                in preview(root, tmp_path / audience, audience, cache)["courses/basics/02-more/index.html"]
            )
        assert main(["build", "--quiet", "--site-dir", str(tmp_path / "after")]) == 0
    assert site_bytes(tmp_path / "after") == site_bytes(tmp_path / "before")


# Generated pages: paragraphs and audience blocks, nested up to three deep.
_audiences = st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=3, unique=True)
_block = st.tuples(_audiences, st.booleans())
_tree = st.recursive(
    st.just("text"),
    lambda children: st.tuples(_block, st.lists(children, min_size=1, max_size=3)),
    max_leaves=8,
)


def _page(items: list) -> tuple[str, dict[str, list[str]]]:
    """The Markdown of ``items``, and for each sentence the audience blocks around it, outer first."""
    around: dict[str, list[str]] = {}

    def height(item) -> int:
        return 0 if item == "text" else 1 + max(height(child) for child in item[1])

    def write(item, chain: list[str]) -> str:
        if item == "text":
            sentence = f"Sentence number {len(around) + 1} of the page."
            around[sentence] = chain
            return sentence
        (ids, exclude), children = item
        argument = " ".join(("!" if exclude else "") + audience for audience in ids)
        fence = "/" * (2 + height(item))
        inner = "\n\n".join(write(child, [*chain, argument]) for child in children)
        return f"{fence} audience | {argument}\n{inner}\n{fence}"

    return "\n\n".join(write(item, []) for item in items) + "\n", around


class _Marks(HTMLParser):
    """For each text of rendered HTML, the ``data-audiences`` of the marked passages around it."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str | None] = []
        self.around: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            values = dict(attrs)
            marked = "academy-author-passage" in (values.get("class") or "").split()
            self.open.append(values.get("data-audiences") if marked else None)

    def handle_endtag(self, tag):
        if tag == "div":
            self.open.pop()

    def handle_data(self, data):
        if data.strip().startswith("Sentence"):
            self.around[data.strip()] = [argument for argument in self.open if argument is not None]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_tree, min_size=1, max_size=4))
def test_marks_say_who_reads_each_passage_as_the_builds_read_it(items):
    body, expected = _page(items)
    rendered = markdown.Markdown(extensions=["admonition", author.MarkedPassages()]).convert(body)
    marks = _Marks()
    marks.feed(rendered)
    assert marks.around == expected
    # The core reads the same blocks around each sentence as the preview marks.
    passages = parse_passages(body, Parser(MarkdownSetup(("admonition",))))
    assert not passages.problems
    lines = body.split("\n")
    for sentence, chain in expected.items():
        line = lines.index(sentence) + 1
        found = [block for block in passages if block.line < line < block.end]
        assert [" ".join(("!" if b.exclude else "") + i for i in b.ids) for b in found] == chain
