"""The audit sees every byte an audience receives, and raises no false alarm.

A tiny academy is loaded; its staff-only texts are what the customers' site must not hold.
Files are then written into a site folder as a careless plugin or template would write them,
and audited.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import subprocess
import sys
import zipfile

import brotli
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from academy.audit import blocks, scan
from academy.audit.scan import Auditor
from academy.speed.cache import Cache
from sites import auditor_of, load, write_academy

SECRET = "Escalate duplicate vendor payments to the treasury desk within one day."
FILES = {
    "content/courses/basics/02-guide.md": f"""\
        ---
        title: Guide
        ---
        Reconcile the ledger before the quarterly close.

        | Setting | Meaning |
        | --- | --- |
        | `intake_form.routing` | where forms go |

        /// audience | staff
        {SECRET}

        | Setting | Meaning |
        | --- | --- |
        | `intake_form.restrict` | who may fill it in |
        ///
        """,
    "content/courses/rota/index.md": """\
        ---
        title: Zebra rota
        description: Who answers the pager.
        roles: [analyst]
        stage: advanced
        level: advanced
        tags: [pager-duty]
        audiences: [staff]
        ---
        The on-call rota lives here.
        """,
    "content/courses/rota/chart.svg": (
        "<svg xmlns='http://www.w3.org/2000/svg'><text>Pager escalation ladder</text></svg>"
    ),
    "content/courses/rota/photo.png": "\x89PNG staff photo",
    "content/intake.md": """\
        ---
        title: Intake
        audiences: [customers, partners, staff]
        ---
        ## The intake_form.restrict setting

        Who may fill in the intake form.
        """,
}


@pytest.fixture(scope="module")
def academy(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    write_academy(root, FILES)
    return load(root)


@pytest.fixture(scope="module")
def auditor(academy):
    return auditor_of(academy, "customers")


def findings(auditor: Auditor, name: str, data: bytes | str) -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    return [leak.message for leak in auditor.audit_file(name, raw)]


LEAKS = {
    "a paragraph": ("page/index.html", f"<p>{SECRET}</p>"),
    "inline markup": (
        "page/index.html",
        "<p>Escalate <strong>duplicate</strong> vendor payments to the <a href=x>treasury desk</a> within one day</p>",
    ),
    "a script": ("page/index.html", f"<script>var note = '{SECRET}';</script>"),
    "JSON-LD": ("page/index.html", f'<script type="application/ld+json">{{"description": "{SECRET}"}}</script>'),
    "escaped JavaScript": ("app.js", "var t = '\\u0045scalate duplicate vendor payments to the treasury desk';"),
    "a style": ("page/index.html", f'<style>.x::after {{ content: "{SECRET}" }}</style>'),
    "an attribute": ("page/index.html", f'<meta property="og:description" content="{SECRET}">'),
    "a comment": ("page/index.html", f"<!-- {SECRET} -->"),
    "character references": (
        "page/index.html",
        "<p>&#69;scalate duplicate vendor &#x70;ayments to the treasury desk within one</p>",
    ),
    "a JSON key": ("data.json", json.dumps({SECRET: 1})),
    "a Markdown file": ("page.md", f"# Notes\n\n{SECRET}\n"),
    "an RSS feed": ("feed.rss", f"<rss><item><description>{SECRET}</description></item></rss>"),
    "a CSV file": ("export.csv", f'id,text\n1,"{SECRET}"\n'),
    "a file without a suffix": ("LICENSE", SECRET),
    "a gzip file": ("page.html.gz", gzip.compress(f"<p>{SECRET}</p>".encode())),
    "a brotli file": ("page.html.br", brotli.compress(f"<p>{SECRET}</p>".encode())),
    "a data URI": (
        "page/index.html",
        '<img src="data:text/plain;base64,' + base64.b64encode(SECRET.encode()).decode() + '">',
    ),
    "a one-word hidden id": ("page/index.html", "<p>See the rota</p>"),
    "a hidden title": ("page/index.html", "<li>Zebra rota</li>"),
    "a hidden tag": ("catalog.json", json.dumps({"tags": ["pager-duty"]})),
    "a hidden file's text": ("page/index.html", "<p>Pager escalation ladder</p>"),
    "a hidden table cell": ("page/index.html", "<td><code>intake_form.restrict</code></td><td>who may fill it in</td>"),
}


@pytest.mark.parametrize(("name", "data"), LEAKS.values(), ids=LEAKS.keys())
def test_hidden_text_is_found_wherever_it_lands(auditor, name, data):
    assert findings(auditor, name, data), f"{name} leaked unseen"


# Pieces of pages: block lines the audit cuts pages at, and everything that may straddle them.
_WORDS = [*SECRET.split(), "ledger", "quarterly", "close", "Zebra", "rota", "intake_form.restrict", "who", "may"]
_LINE = st.one_of(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join),
    st.sampled_from(
        [
            "<div class='x'>",
            "</div>",
            "<li>",
            "</li>",
            "<p>",
            "</p>",
            "<nav>",
            "<h2 id=a>",
            "</h2>",
            "<td>",
            "<a href='../courses/rota/'>",
            "</a>",
            "<strong>",
            "</strong>",
            "<span title='a",
            "b'>",
            "<!-- ",
            " -->",
            "<script>var t = '",
            "';</script>",
            '<div title="',
            '">',
            "< ",
            "<",
            "<!doctype html>",
            "<pre><code>",
            "</code></pre>",
            "<title>",
            "</title>",
            "<br>",
            "<meta content='",
            "'>",
        ]  # fmt: skip
    ),
)
_PAGE = st.lists(st.tuples(st.sampled_from(["", "  ", "\t"]), _LINE), max_size=40).map(
    lambda lines: "\n".join(indent + line for indent, line in lines)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=_PAGE)
# Found by this test: an unclosed raw-text element or comment at a block's end ran to the end
# of the block but its final newline, and was not taken as running on past the cut.
@example(page="<div class='x'>\n  <title>\n  <div class='x'>\n<div class='x'>\n<a href='../courses/rota/'>")
@example(page="<div class='x'>\n<!-- a\n<div class='x'>\n<a href='../courses/rota/'>\n-->")
# A script whose closing tag opens a line is read with the blocks after it, up to that tag.
@example(page="<div class='x'>\n<script>\nvar a = '<a href=\"../courses/rota/\">';\n</script>\n<p>a</p>")
def test_a_page_read_block_by_block_reads_as_the_whole_page(auditor, page, monkeypatch):
    """Differential: the audit of a page cut into blocks (each read once per site) finds what
    reading the page whole finds, whatever straddles the cuts (comments, scripts, attributes)."""

    def found(auditor):
        return sorted({leak.message.split(': "')[0] for leak in auditor.audit_file("page/index.html", page.encode())})

    blockwise = found(Auditor(auditor.index, assets={}, theme=[], host="academy.example.com"))
    with monkeypatch.context() as patch:
        patch.setattr(scan, "split_blocks", lambda text: [text])
        whole = found(Auditor(auditor.index, assets={}, theme=[], host="academy.example.com"))
    assert blockwise == whole


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(st.sampled_from(range(3)), min_size=1, max_size=8), texts=st.lists(_PAGE, min_size=3, max_size=3))
def test_blocks_kept_from_earlier_pages_read_as_the_page_itself(auditor, pages, texts):
    """Differential: pages audited one after another by one audit (which keeps the blocks it met
    more than once) find what each page read by a fresh audit finds; a block met once is not kept."""

    def found(reader: Auditor, page: str) -> list[str]:
        return sorted({leak.message.split(': "')[0] for leak in reader.audit_file("page/index.html", page.encode())})

    shared = Auditor(auditor.index, assets={}, theme=[], host="academy.example.com")
    met: dict[str, int] = {}
    block_of = shared._block

    def counted(block: str, known: dict) -> object:
        met[block] = met.get(block, 0) + 1
        return block_of(block, known)

    shared._block = counted
    for number in pages:
        fresh = Auditor(auditor.index, assets={}, theme=[], host="academy.example.com")
        assert found(shared, texts[number]) == found(fresh, texts[number])
    assert all(met[block] > 1 for block in shared._blocks)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=_PAGE, other=_PAGE, cut=st.tuples(st.integers(0, 2000), st.integers(0, 2000)))
def test_blocks_read_with_the_rendering_read_as_the_page_itself(auditor, page, other, cut):
    """Differential: blocks of a page's content read when its rendering was stored (for every
    audience at once) find what the audit finds reading the page itself, wherever the content
    sits in the page; readings made for other text are never taken for a block's."""
    start, end = sorted(cut)
    content = page[start:end]

    def found(offered: str | None) -> list[str]:
        if offered is not None:
            line = blocks.readings_line(offered)
            blocks.offer("page/index.html", lambda: line)
        fresh = Auditor(auditor.index, assets={}, theme=[], host="academy.example.com")
        try:
            leaks = fresh.audit_file("page/index.html", page.encode())
        finally:
            blocks.forget()
        return sorted({leak.message.split(': "')[0] for leak in leaks})

    itself = found(None)
    assert found(content) == itself
    assert found(other) == itself


@pytest.mark.parametrize("line", ["", "not json", "[1]", "[99, {}]", '[1, {"x": 5}]', "[1, []]"])
def test_block_readings_that_do_not_read_are_not_used(auditor, line):
    """A readings line of another format, or damaged, stands for no reading: the page is read."""
    assert _finds_the_secret_with_offered(auditor, line)


def test_a_block_reading_read_as_nothing_reads_the_page_whole(auditor):
    """A reading whose key matches but whose shape does not is taken as open-ended: the page is read whole."""
    keys = {blocks.block_key(block): "broken" for block in blocks.split_blocks(_SECRET_PAGE)}
    assert _finds_the_secret_with_offered(auditor, json.dumps([blocks.FORMAT, keys]))


_CUT_BY_DEFINITION = re.compile(
    r"(?<=\n)[ \t]*(?=</?(?:div|nav|ul|ol|li|header|footer|main|article|aside|section|form|table|thead|tbody|tr|td"
    r"|th|p|h[1-6]|pre|blockquote|details|summary|dl|dt|dd|figure|hr|meta|link|script|input|button|svg|path|dialog"
    r"|html|head|body)\b)"
)
"""The cut as its definition reads: after a line break, the indent of a line that opens or closes a block tag."""


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            ["\n", "\r\n", " ", "\t", "<", "</", "p", "pre", "div", "h2", "a", ">", "x", "é", "<li>", "\n\n"]
        ),
        max_size=60,
    ).map("".join)
)
def test_blocks_are_cut_where_the_definition_says(text):
    """Differential: ``split_blocks`` cuts exactly as the look-behind definition of a block's start."""
    assert blocks.split_blocks(text) == _CUT_BY_DEFINITION.split(text)


_SECRET_PAGE = f"<main>\n<p>{SECRET}</p>\n</main>"


def _finds_the_secret_with_offered(auditor, line: str) -> bool:
    """Whether the audit of a page holding ``SECRET`` finds it, with ``line`` offered as its readings."""
    blocks.offer("page/index.html", lambda: line)
    try:
        fresh = Auditor(auditor.index, assets={}, theme=[], host="academy.example.com")
        leaks = fresh.audit_file("page/index.html", _SECRET_PAGE.encode())
    finally:
        blocks.forget()
    return any("contains text of" in leak.message for leak in leaks)


def test_a_zip_file_is_opened(auditor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", SECRET)
    assert findings(auditor, "download.zip", buffer.getvalue())


REFERENCES = {
    "a link": '<a href="../courses/rota/">x</a>',
    "a link from the root": '<a href="/customers/courses/rota/">x</a>',
    "an absolute URL": '<a href="https://academy.example.com/customers/courses/rota/">x</a>',
    "a srcset candidate": '<img src="a.png" srcset="../courses/rota/photo.png 2x">',
    "an object's data": '<object data="../courses/rota/chart.svg"></object>',
    "a video poster": '<video poster="../courses/rota/photo.png"></video>',
    "a CSS url()": '<div style="background: url(../courses/rota/photo.png)"></div>',
    "a data attribute": '<div data-next="../courses/rota/"></div>',
}


@pytest.mark.parametrize("html", REFERENCES.values(), ids=REFERENCES.keys())
def test_references_to_hidden_paths_are_found_in_every_attribute(auditor, html):
    assert any("refers to" in message for message in findings(auditor, "page/index.html", html))


_REFERENCE = st.lists(
    st.sampled_from(
        [
            "../",
            "./",
            "/",
            "courses/",
            "rota",
            "%2e%2e/",
            "index.html",
            "#top",
            "?q=1",
            "//academy.example.com/",
            "https://academy.example.com/",
            "https://elsewhere.example/",
            "mailto:",
            " ",
            "%20",
        ]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reference=_REFERENCE, folders=st.lists(st.sampled_from(["", "courses", "courses/rota", "a/b/c"]), min_size=2))
def test_a_reference_leads_where_it_would_from_each_page_that_holds_it(auditor, reference, folders):
    """Differential: where an auditor that met a reference on other pages resolves it from a page
    is where a fresh auditor resolves it (what is kept of a reference holds for every page)."""
    seasoned = Auditor(auditor.index, assets={}, theme=[], host="academy.example.com")
    for folder in folders:
        fresh = Auditor(auditor.index, assets={}, theme=[], host="academy.example.com")
        assert seasoned._site_path(reference, folder) == fresh._site_path(reference, folder)


def test_search_index_locations_and_sitemap_entries_are_references(auditor):
    index = json.dumps({"docs": [{"location": "courses/rota/#pager", "title": "x", "text": "y"}]})
    assert any("refers to" in m for m in findings(auditor, "search/search_index.json", index))
    sitemap = "<urlset><url><loc>https://academy.example.com/customers/courses/rota/</loc></url></urlset>"
    assert any("refers to" in m for m in findings(auditor, "sitemap.xml.gz", gzip.compress(sitemap.encode())))


def test_a_hidden_page_or_a_copy_of_a_hidden_file_is_found_by_its_place_and_its_bytes(academy, auditor):
    assert findings(auditor, "courses/rota/index.html", "<p>hello</p>")
    photo = (academy.settings.docs_dir / "courses/rota/photo.png").read_bytes()
    assert any("copy of" in m for m in findings(auditor, "assets/renamed.png", photo))


NOT_LEAKS = {
    "a visible heading sharing a hidden cell's words": (
        "search/search_index.json",
        json.dumps(
            {
                "docs": [
                    {
                        "location": "intake/#the-intake_formrestrict-setting",
                        "title": "The intake_form.restrict setting",
                        "text": "",
                    }
                ]
            }
        ),
    ),
    "visible table cells joined by a search index": (
        "search/search_index.json",
        json.dumps({"docs": [{"location": "x/", "text": "Setting Meaning intake_form.routing where forms go"}]}),
    ),
    "a theme's text": ("page/index.html", "<footer>Made with Material for MkDocs</footer>"),
    "an SVG namespace": ("page/index.html", '<svg xmlns="http://www.w3.org/2000/svg"><path d="M1 2"/></svg>'),
    "numbers": ("page/index.html", "<p>Lesson 2 of 5, 30 min</p>"),
}


@pytest.mark.parametrize(("name", "data"), NOT_LEAKS.values(), ids=NOT_LEAKS.keys())
def test_what_the_audience_reads_legitimately_is_no_leak(auditor, name, data):
    assert findings(auditor, name, data) == []


def test_the_index_holds_no_readable_hidden_text(auditor):
    # The index sits in the audience's build, where a template could reach it.
    stored = repr(auditor.index.phrases) + repr(auditor.index.paths)
    assert "escalate" not in stored.lower() and "rota" not in stored.lower()


def test_a_clean_file_is_not_read_again_until_it_or_the_index_changes(auditor, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "clean.html").write_text("<p>Nothing hidden here.</p>")
    cache = Cache(tmp_path / "cache")
    assert auditor.audit(site, cache) == []
    (site / "clean.html").write_text(f"<p>{SECRET}</p>")
    assert [leak.file for leak in auditor.audit(site, cache)] == ["clean.html"]


def test_a_built_site_passes_and_a_leaking_hook_fails(tmp_path, academy_cli):
    write_academy(tmp_path, FILES)
    assert academy_cli("build").code == 0
    hook = tmp_path / "leak.py"
    hook.write_text(
        "from pathlib import Path\n\n\ndef on_post_build(config):\n"
        "    if config.plugins['academy/content'].config.audience == 'customers':\n"
        "        Path(config.site_dir, 'notes').write_text('Zebra rota')\n"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - leak.py\n")
    run = academy_cli("build")
    assert run.code == 1 and 'notes: contains text of content/courses/rota/index.md: "zebra rota"' in run.err


COPY_HOOK = """\
import shutil
from pathlib import Path


def on_post_build(config):
    target = Path(config.site_dir, {name!r})
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile({source!r}, target)
"""


@pytest.mark.parametrize(("name", "data"), LEAKS.values(), ids=LEAKS.keys())
def test_the_build_fails_when_a_plugin_writes_hidden_text_anywhere(tmp_path, academy_cli, name, data):
    config = write_academy(tmp_path, FILES)
    source = tmp_path / "written.bin"
    source.write_bytes(data.encode() if isinstance(data, str) else data)
    (tmp_path / "hook.py").write_text(COPY_HOOK.format(name=name, source=str(source)))
    config.write_text(config.read_text() + "hooks:\n  - hook.py\n")
    run = academy_cli("build", "--audience", "customers")
    assert run.code == 1 and f"  {name}: " in run.err, run.err


HOSTILE_MARKUP = {
    "an unclosed tag": "<a " + "x" * 5000 + " 'q",
    "unclosed tags": "<a " * 50_000,
    "unclosed quotes": '<a "' * 50_000,
    "unclosed comments": "<!-- " * 50_000,
    "unclosed scripts": "<script>" * 50_000,
}


@pytest.mark.parametrize("text", HOSTILE_MARKUP.values(), ids=HOSTILE_MARKUP.keys())
def test_markup_built_to_make_the_reader_backtrack_is_read_all_the_same(text):
    """Markup an author can write is read in one pass: nested repetition in the reader's patterns
    would take exponential (or quadratic) time on it and stall the build (a bound, not a timing)."""
    code = "import sys; from academy.audit.text import read_markup; read_markup(sys.stdin.read())"
    subprocess.run([sys.executable, "-c", code], input=text, text=True, check=True, timeout=120)
