"""The audit's record: an audit that reads only changed files finds what reading every file finds."""

from __future__ import annotations

import json
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.audit.index import AuditIndex, unit_text
from academy.audit.matcher import SEP
from academy.audit.scan import Auditor
from academy.audit.units import Unit
from academy.speed.cache import Cache

WORDS = ["alpha", "beta", "gamma", "delta", "rota", "zebra", "intake", "form"]
"""Few words, so that hidden phrases, legitimate text and pages share words, pairs and runs."""
PATHS = ["courses/a/", "courses/b/", "courses/c/index.html", "img/x.png"]
NAMES = ["index.html", "courses/a/index.html", "courses/b/index.html", "notes.txt"]

_SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join)
_TEXT = st.lists(_SENTENCE, min_size=1, max_size=3).map("\n\n".join)
_PAGE = st.tuples(st.lists(_SENTENCE, max_size=4), st.lists(st.sampled_from(PATHS), max_size=2))


def _html(page) -> str:
    sentences, paths = page
    return (
        "<main>\n"
        + "".join(f"<p>{sentence}</p>\n" for sentence in sentences)
        + "".join(f'<a href="/{path}">link</a>\n' for path in paths)
        + "</main>\n"
    )


def _search_index(files: dict[str, int], pages) -> str:
    """A search index of the site's pages, as Material writes one: entries of the pages that
    did not change stay as they were, so chunks of it are found again by the next audit."""
    docs = []
    for name, page in sorted(files.items()):
        sentences, paths = pages[page]
        docs.append({"location": name.removesuffix("index.html"), "title": name, "text": " ".join(sentences)})
        docs += [{"location": path, "title": "link", "text": ""} for path in paths]
    return json.dumps({"config": {"lang": ["en"]}, "docs": docs})


_STATE = st.fixed_dictionaries(
    {
        "hidden": st.lists(_TEXT, max_size=3),
        "legitimate": st.lists(_TEXT, max_size=3),
        "paths": st.sets(st.sampled_from(PATHS)),
        # Each file picks one of a few pages: from one state to the next most files keep their bytes.
        "files": st.dictionaries(st.sampled_from(NAMES), st.integers(0, 2)),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(_PAGE, min_size=3, max_size=3), states=st.lists(_STATE, min_size=2, max_size=4))
def test_an_audit_that_keeps_a_record_finds_what_a_full_audit_finds(tmp_path_factory, pages, states):
    """Differential: through any sequence of sites and indexes, the audit that trusts its record
    for files whose bytes are unchanged reports exactly the leaks of an audit reading every file."""
    root = tmp_path_factory.mktemp("record")
    cache = Cache(root / "cache")
    site = root / "site"
    for state in states:
        shutil.rmtree(site, ignore_errors=True)
        for name, page in state["files"].items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_html(pages[page]))
        (site / "search").mkdir(parents=True)
        (site / "search/search_index.json").write_text(_search_index(state["files"], pages))
        index = AuditIndex.build(
            "customers",
            "/",
            [Unit(f"hidden lesson {n}", text) for n, text in enumerate(state["hidden"])],
            [Unit("page", text) for text in state["legitimate"]],
            {path: "a hidden page" for path in state["paths"]},
            {},
        )
        kept = Auditor(index, assets={}, theme=[]).audit(site, cache)
        full = Auditor(index, assets={}, theme=[]).audit(site)
        assert kept == full


def test_a_new_hidden_phrase_in_an_unchanged_file_is_found(tmp_path):
    """The record trusts an unchanged file only while nothing new to the index could be in it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>The zebra rota starts on Monday.</p>")
    cache = Cache(tmp_path / "cache")

    def audit(hidden: str) -> list[str]:
        index = AuditIndex.build("customers", "/", [Unit("the staff lesson", hidden)], [], {}, {})
        return [leak.file for leak in Auditor(index, assets={}, theme=[]).audit(site, cache)]

    assert audit("Quarterly targets for the team") == []
    assert audit("The zebra rota starts on Monday") == ["index.html"]


def test_a_newly_hidden_path_in_an_unchanged_file_is_found(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<p><a href="/courses/rota/">Rota</a></p>')
    cache = Cache(tmp_path / "cache")

    def audit(paths: dict[str, str]) -> list[str]:
        index = AuditIndex.build("customers", "/", [], [], paths, {})
        return [leak.file for leak in Auditor(index, assets={}, theme=[]).audit(site, cache)]

    assert audit({"courses/other/": "another course"}) == []
    assert audit({"courses/rota/": "the staff course"}) == ["index.html"]


def test_an_explained_phrase_is_found_once_the_legitimate_text_no_longer_explains_it(tmp_path):
    """A hidden phrase held as legitimate words meeting (the end of one segment, the start of the
    next) is harmless only while the audience still reads those segments."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the zebra rota daily</p>")
    cache = Cache(tmp_path / "cache")

    def audit(*legitimate: str) -> list[str]:
        units = [Unit("page", text) for text in legitimate]
        index = AuditIndex.build("customers", "/", [Unit("the staff lesson", "zebra rota")], units, {}, {})
        return [leak.file for leak in Auditor(index, assets={}, theme=[]).audit(site, cache)]

    assert audit("the zebra", "rota daily") == []
    assert audit("the zebra", "something else") == ["index.html"]


def test_the_index_keeps_the_audience_text_as_read_and_an_audit_joins_it_only_to_explain(tmp_path):
    """Memory: the index holds the texts of digests every index of the process shares (``unit_text``),
    not a joined copy of the audience's whole text; an audit joins them only to explain a phrase."""
    legitimate = [Unit("page", "the zebra"), Unit("page", "rota daily"), Unit("page", "the quarterly close")]
    index = AuditIndex.build("customers", "/", [Unit("the staff lesson", "zebra rota")], legitimate, {}, {})
    assert [text for text in index.segments if text != SEP] == [unit_text(unit) for unit in legitimate]
    assert all(any(text is unit_text(unit) for unit in legitimate) for text in index.segments if text != SEP)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the quarterly close</p>")
    auditor = Auditor(index, assets={}, theme=[])
    assert auditor.audit(site) == [] and auditor._corpus is None
    (site / "index.html").write_text("<p>the zebra rota daily</p>")  # explained: two segments meeting
    auditor = Auditor(index, assets={}, theme=[])
    assert auditor.audit(site) == [] and auditor._corpus == index.legitimate == b"".join(index.segments)


def test_a_search_index_is_read_again_where_it_could_hold_a_new_hidden_phrase(tmp_path):
    """Chunks of a JSON document found clean are trusted only while the record holds, like files:
    a search index that changed elsewhere is still searched for the new phrase everywhere."""
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    cache = Cache(tmp_path / "cache")

    def audit(hidden: str, *texts: str) -> list[str]:
        docs = [{"location": f"page-{n}/", "text": text} for n, text in enumerate(texts)]
        (site / "search/search_index.json").write_text(json.dumps({"docs": docs}))
        index = AuditIndex.build("customers", "/", [Unit("the staff lesson", hidden)], [], {}, {})
        return [leak.file for leak in Auditor(index, assets={}, theme=[]).audit(site, cache)]

    pages = ["the zebra rota starts", *(f"page {n} of the guide" for n in range(60))]
    assert audit("quarterly targets", *pages, "on monday") == []
    assert audit("zebra rota", *pages, "on tuesday") == ["search/search_index.json"]
