"""What a rebuild after an edit reuses: checks, the audit's witnesses and indexes, templates, front matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from academy.audit.hidden import HiddenIndex
from academy.audit.witnesses import Legitimate, Witnesses
from academy.cli.main import _load
from academy.core.analysis import Analysis, analyse
from academy.core.model import Doc
from academy.core.view import build_view
from academy.plugins.project import configure
from academy.speed import analyses as analysis
from academy.speed import rendering
from academy.speed.cache import Cache, ShardedMap
from academy.speed.rendering import CachedPage
from academy.speed.template_cache import NAMESPACE as TEMPLATES
from sites import write_academy

FIRST = "content/courses/basics/01-first.md"
GUIDE = "content/courses/basics/02-guide.md"
LESSONS = {
    GUIDE: """\
        ---
        title: Guide
        ---
        Reconcile the ledger before the quarterly close every single time.

        /// audience | staff
        Escalate duplicate vendor payments to the treasury desk within one day.
        ///

        /// audience | partners
        Resellers quote the partner discount tier from the pricing portal.
        ///
        """,
}
HIDDEN_FOR_CUSTOMERS = "Escalate duplicate vendor payments to the treasury desk within one day."


def _indexes(root: Path, cache: Cache) -> dict[str, tuple[str, str]]:
    """Each audience's index signature with ``cache`` and with a full search, for comparison."""
    academy, problems, _ = _load(root / "mkdocs.yml")
    assert not problems, problems
    found = {}
    for audience in sorted(academy.audiences):
        view = build_view(academy, audience)
        found[audience] = (
            HiddenIndex.for_view(view, cache=cache).signature(),
            HiddenIndex.for_view(view, cache=Cache(None)).signature(),
        )
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_witnesses_give_the_index_a_full_search_gives(tmp_path, monkeypatch):
    write_academy(tmp_path, LESSONS)
    cache = Cache(tmp_path / "cache")
    guide, first = tmp_path / GUIDE, tmp_path / FIRST
    original = {path: path.read_text() for path in (guide, first)}
    edits = [
        # A page every audience reads changes.
        lambda: _edit(guide, "every single time", "every single time, and again after"),
        # A hidden passage changes: new phrases to look for.
        lambda: _edit(guide, "within one day", "within one working day"),
        # Text hidden from customers becomes text they read: its phrases must leave their index.
        lambda: first.write_text(first.read_text() + f"\n{HIDDEN_FOR_CUSTOMERS}\n"),
        # And back: the witness of those phrases is gone, so they return.
        lambda: first.write_text(original[first]),
        lambda: guide.write_text(original[guide]),
    ]
    for edit in [lambda: None, *edits]:
        edit()
        for audience, (incremental, full) in _indexes(tmp_path, cache).items():
            assert incremental == full, audience

    # After an edit of text that hides nothing, only the edited page is searched again.
    _edit(guide, "Reconcile the ledger", "Reconcile the general ledger")
    _indexes(tmp_path, cache)
    read: list[str] = []
    blocks = Legitimate.blocks
    monkeypatch.setattr(Legitimate, "blocks", lambda self: read.append(self.id) or blocks(self))
    _edit(guide, "the general ledger", "the general ledgers")
    academy, _, _ = _load(tmp_path / "mkdocs.yml")
    index = HiddenIndex.for_view(build_view(academy, "staff"), cache=cache)
    assert read == ["courses/basics/02-guide.md"]
    assert index.signature() == HiddenIndex.for_view(build_view(academy, "staff")).signature()


def test_an_edit_of_what_an_audience_reads_updates_its_last_index(tmp_path, monkeypatch):
    write_academy(tmp_path, LESSONS)
    cache = Cache(tmp_path / "cache")
    first = tmp_path / FIRST
    original = first.read_text()
    full_searches: list[str] = []
    discard = Witnesses.discard
    monkeypatch.setattr(Witnesses, "discard", lambda self, *args: full_searches.append("") or discard(self, *args))

    def customers_index() -> HiddenIndex:
        academy, _, _ = _load(tmp_path / "mkdocs.yml")
        return HiddenIndex.for_view(build_view(academy, "customers"), cache=cache)

    def full_search() -> HiddenIndex:
        academy, _, _ = _load(tmp_path / "mkdocs.yml")
        return HiddenIndex.for_view(build_view(academy, "customers"))

    before = customers_index()
    assert len(full_searches) == 1
    # Visible text hiding nothing: the last index stands as it was.
    _edit(tmp_path / GUIDE, "every single time", "every single time, and again after")
    assert customers_index().signature() == before.signature()
    # Customers now read a phrase hidden from them: it leaves the last index, still without a full search.
    first.write_text(original + f"\n{HIDDEN_FOR_CUSTOMERS}\n")
    shown = customers_index()
    assert len(full_searches) == 1
    assert len(shown.phrases) < len(before.phrases)
    assert shown.signature() == full_search().signature()
    # And away again: the phrases' witness is gone and they are found nowhere, so they return,
    # with the owner their witnesses kept.
    first.write_text(original + "\nA sentence that hides nothing.\n")
    assert customers_index().signature() == before.signature() == full_search().signature()
    assert len(full_searches) == 3  # only the two asked for above


def test_an_index_no_verdict_refers_to_is_deleted(tmp_path, academy_cli):
    write_academy(tmp_path, LESSONS)
    cache = Cache(tmp_path / ".cache/academy")

    def customers_signature() -> str:
        academy, _, _ = _load(tmp_path / "mkdocs.yml")
        view = build_view(academy, "customers")
        return HiddenIndex.for_view(view, base_path="/customers/", cache=cache).signature()  # as its site_url

    assert academy_cli("build", "--jobs", "1").code == 0
    before = customers_signature()
    _edit(tmp_path / GUIDE, "within one day", "within one working day")
    assert academy_cli("build", "--jobs", "1").code == 0
    after = customers_signature()
    assert after != before
    assert HiddenIndex.outline(cache, before) is None and HiddenIndex.stored(cache, before) is None
    assert HiddenIndex.outline(cache, after) is not None and HiddenIndex.stored(cache, after) is not None


def test_sharded_map_rewrites_only_the_shards_that_changed(tmp_path):
    cache = Cache(tmp_path)
    values = {f"text-{number}": f"words {number}" for number in range(200)}
    ShardedMap(cache, "words", "key").save(values)
    assert cache.stats["words"].writes == ShardedMap.SHARDS
    store = ShardedMap(cache, "words", "key")
    assert store.before == values
    store.save({**values, "text-7": "other words"})
    assert cache.stats["words"].writes == ShardedMap.SHARDS + 1
    store.save({name: value for name, value in values.items() if name != "text-9"})
    assert ShardedMap(cache, "words", "key").before == {n: v for n, v in values.items() if n != "text-9"}


def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(tmp_path, academy_cli):
    write_academy(tmp_path, LESSONS)
    assert academy_cli("build", "--jobs", "1", "--site-dir", "first").code == 0
    kept = sorted((tmp_path / ".cache/academy" / TEMPLATES).glob("*.bin"))
    assert len(kept) > 10  # Material's templates and the portal's
    for number, path in enumerate(kept):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else data[:40] + b"\0" * 8 + data[48:])
    assert academy_cli("build", "--jobs", "1", "--no-cache", "--site-dir", "plain").code == 0
    assert academy_cli("build", "--jobs", "1", "--site-dir", "again").code == 0
    for audience in ("customers", "partners", "staff"):
        again = sorted((tmp_path / "again" / audience).rglob("*"))
        plain = sorted((tmp_path / "plain" / audience).rglob("*"))
        assert [p.relative_to(tmp_path / "again") for p in again] == [p.relative_to(tmp_path / "plain") for p in plain]
        for ours, theirs in zip(again, plain, strict=True):
            assert ours.is_dir() or ours.read_bytes() == theirs.read_bytes()
    assert all(path.is_file() for path in kept)  # written anew, whole


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Guide\nduration: 5\nhide:\n  - toc\n---\n\n\nBody text.\n",
        "---  \ntitle: Guide\n...\nBody after a YAML end marker.\n",
        "Title: Written the MultiMarkdown way\n\nBody without front matter.\n",
    ],
)
def test_pages_read_as_mkdocs_reads_them(tmp_path, monkeypatch, text):
    parsed: list[str] = []
    monkeypatch.setattr(rendering, "get_data", lambda source: parsed.append(source) or get_data(source))
    write_academy(tmp_path, {"content/courses/basics/02-page.md": text})
    academy, problems, config = _load(tmp_path / "mkdocs.yml")
    assert not problems, problems
    configure(config, audience=None, cache_dir=None)
    files = get_files(config)
    file = files.get_file_from_path("courses/basics/02-page.md")
    ours = CachedPage(file, config, cache=Cache(None), fingerprint="", doc=academy.docs[file.src_uri])
    ours.read_source(config)
    theirs = Page(None, file, config)
    theirs.read_source(config)
    assert (ours.markdown, ours.meta) == (theirs.markdown, theirs.meta)
    assert len(parsed) == (0 if text.startswith("---") else 1)  # front matter parsed by MkDocs only if unknown
    # Edited since the academy was loaded: read from the file, not from the academy.
    (tmp_path / "content/courses/basics/02-page.md").write_text(text.replace("Guide", "Changed"))
    ours.read_source(config)
    theirs.read_source(config)
    assert (ours.markdown, ours.meta) == (theirs.markdown, theirs.meta)


BROKEN = {
    "content/courses/basics/02-broken.md": """\
        ---
        title: Broken
        ---
        Read [the missing page](missing.md) first.

        /// audience | staff custmers
        A passage.
        ///
        """,
}


def test_checking_from_the_cache_finds_what_a_fresh_check_finds(tmp_path, academy_cli, monkeypatch):
    write_academy(tmp_path, BROKEN)
    broken = tmp_path / "content/courses/basics/02-broken.md"
    fresh = academy_cli("check")  # writes nothing: no cache
    assert fresh.code == 1 and ":4: links to" in fresh.err and ":6: unknown audience 'custmers'" in fresh.err
    assert academy_cli("build").code == 1
    stored = sorted((tmp_path / ".cache/academy/analysis").rglob("*.entry"))
    assert stored
    # The body is unchanged, the front matter one line longer: the lines move with it.
    broken.write_text(broken.read_text().replace("title: Broken\n", "title: Broken\ndescription: Still broken.\n"))
    analysed = []
    monkeypatch.setattr(analysis, "analyse", lambda doc: analysed.append(doc.src) or analyse(doc))
    cached = academy_cli("build")
    assert analysed == []
    assert cached.code == 1 and cached.err == academy_cli("check").err
    assert ":5: links to" in cached.err and ":7: unknown audience 'custmers'" in cached.err
    # A damaged store is read as no store.
    for path in stored:
        path.write_text(path.read_text().replace('"links"', '"lynx"'))
    assert academy_cli("build").err == cached.err
    assert analysed  # analysed again


def test_an_analysis_reads_back_as_it_was_stored():
    doc = Doc(
        src="courses/a/01.md",
        kind="lesson",
        source="content/courses/a/01.md",
        title="One",
        body="See [two](02.md).\n\n/// audience | x !y\nHidden [three](03.md).\n///\n",
        body_line=4,
        audiences=frozenset({"x", "y"}),
    )
    found = analyse(doc)
    assert Analysis.from_json(json.loads(json.dumps(found.as_json()))) == found
    assert [link.target for link in found.links["x"]] == ["courses/a/02.md", "courses/a/03.md"]
    assert found.problems and found.blocks == [(3, ["x", "y"], False)]
    assert Analysis.from_json({"problems": [], "blocks": [[1]], "links": {}}) is None


SHARED_SENTENCE = "Rotate the signing keys of the payroll export before every audit window opens."
INTERNAL = {
    "content/courses/internal/index.md": """\
        ---
        title: Internal
        description: For staff.
        roles: [admin]
        stage: implementation
        audiences: [staff]
        ---
        The internal course.
        """,
    "content/courses/internal/01-keys.md": f"""\
        ---
        title: Keys
        ---
        Store the vault recovery codes in the sealed envelope kept by the controller.

        {SHARED_SENTENCE}
        """,
    "content/courses/internal/02-more.md": f"""\
        ---
        title: More keys
        ---
        {SHARED_SENTENCE}

        Wipe the staging database after every rehearsal of the disaster recovery plan.
        """,
}


def test_witnesses_follow_edits_of_hidden_sources(tmp_path, monkeypatch):
    write_academy(tmp_path, {**LESSONS, **INTERNAL})
    cache = Cache(tmp_path / "cache")
    keys, more = tmp_path / "content/courses/internal/01-keys.md", tmp_path / "content/courses/internal/02-more.md"
    course = tmp_path / "content/courses/internal/index.md"
    full_searches: list[str] = []
    discard = Witnesses.discard
    monkeypatch.setattr(
        Witnesses, "discard", lambda self, *args: self.cache.root and full_searches.append("") or discard(self, *args)
    )

    def step(edit, *, full: bool) -> None:
        edit()
        full_searches.clear()
        for audience, (incremental, complete) in _indexes(tmp_path, cache).items():
            assert incremental == complete, audience
        # Customers and partners may not see the internal course: their indexes follow its edits.
        assert bool(full_searches) == full, full_searches

    step(lambda: None, full=True)
    # A hidden page grows, and a sentence of it changes: its phrases follow, without a full search.
    step(lambda: keys.write_text(keys.read_text() + "\nShred the printed copies at the end of the day.\n"), full=False)
    step(lambda: _edit(keys, "sealed envelope", "sealed grey envelope"), full=False)
    # The sentence both pages hold leaves the first, which owned it: only a full search tells
    # that the second still holds it, and owns it now.
    step(lambda: _edit(keys, SHARED_SENTENCE, ""), full=True)
    # And back (with one more sentence, not to find the index of two edits ago in the cache):
    # the first page, earlier, takes it over again.
    step(lambda: _edit(keys, "\n\n\n", f"\n\n{SHARED_SENTENCE}\n\nLog every access.\n"), full=True)
    # A hidden passage changes, then text customers read holds a phrase hidden from them.
    step(lambda: _edit(tmp_path / GUIDE, "within one day", "within one working day"), full=False)
    step(
        lambda: _edit(tmp_path / FIRST, "sign in.", "sign in. Wipe the staging database after every rehearsal."),
        full=False,
    )
    # A hidden page goes: what it owned alone leaves with it.
    step(more.unlink, full=False)
    # The course opens to customers: its pages leave their candidates, among them phrases that
    # another source yielded once, which only a full search can settle. Then it closes again.
    step(lambda: _edit(course, "audiences: [staff]", "audiences: [staff, customers]"), full=True)
    step(lambda: _edit(course, "audiences: [staff, customers]", "audiences: [staff]"), full=False)
    # A new page, earlier than the one owning a sentence, holds it too: it takes it over.
    intro = tmp_path / "content/courses/internal/00-intro.md"
    step(lambda: intro.write_text(f"---\ntitle: Intro\n---\n{SHARED_SENTENCE}\n"), full=True)
    # Two pages take up one new sentence between two builds: the earlier owns it, both hold it.
    new_sentence = "Count the badge readers on every floor before the night shift starts."

    def both() -> None:
        for page in (intro, keys):
            page.write_text(page.read_text() + f"\n{new_sentence}\n")

    step(both, full=False)
    step(lambda: _edit(intro, new_sentence, ""), full=True)


def test_witnesses_of_another_shape_are_searched_again(tmp_path):
    write_academy(tmp_path, LESSONS)
    cache = Cache(tmp_path / "cache")
    _indexes(tmp_path, cache)
    # Entries that pass their checksum but hold what another version wrote: read as nothing.
    rewritten = 0
    for entry in (tmp_path / "cache/hidden").rglob("*.entry"):
        data = cache.get("hidden", entry.stem)
        if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
            cache.put("hidden", entry.stem, dict.fromkeys(data, "witness"))
            rewritten += 1
        elif isinstance(data, dict) and "owners" in data:
            cache.put("hidden", entry.stem, {**data, "owners": {"x": "y"}, "sources": [["x"]]})
            rewritten += 1
    assert rewritten > 3
    _edit(tmp_path / GUIDE, "every single time", "every single time, and again after")
    for audience, (incremental, full) in _indexes(tmp_path, cache).items():
        assert incremental == full, audience
