"""What a rebuild after an edit reuses: page analyses, compiled templates, keys equal across processes."""

from __future__ import annotations

import json

from academy.core.analysis import Analysis, analyse
from academy.core.markdown import Parser
from academy.core.model import Doc
from academy.speed.cache import Cache, ShardedMap
from academy.speed.template_cache import NAMESPACE as TEMPLATES
from sites import site_bytes, write_academy

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
        assert site_bytes(tmp_path / "again" / audience) == site_bytes(tmp_path / "plain" / audience)
    assert all(path.is_file() for path in kept)  # written anew, whole


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


def test_checking_from_the_cache_finds_what_a_fresh_check_finds(tmp_path, academy_cli):
    write_academy(tmp_path, BROKEN)
    broken = tmp_path / "content/courses/basics/02-broken.md"
    fresh = academy_cli("check")  # writes nothing: no cache
    assert fresh.code == 1 and ":4: links to" in fresh.err and ":6: unknown audience 'custmers'" in fresh.err
    assert academy_cli("build").code == 1
    stored = sorted((tmp_path / ".cache/academy/analysis").rglob("*.entry"))
    assert stored
    # The body is unchanged, the front matter one line longer: the lines move with it.
    broken.write_text(broken.read_text().replace("title: Broken\n", "title: Broken\ndescription: Still broken.\n"))
    cached = academy_cli("build")
    assert cached.code == 1 and cached.err == academy_cli("check").err
    assert ":5: links to" in cached.err and ":7: unknown audience 'custmers'" in cached.err
    # A damaged store is read as no store.
    for path in stored:
        path.write_text(path.read_text().replace('"passages"', '"passengers"'))
    assert academy_cli("build").err == cached.err


def test_an_analysis_reads_back_as_it_was_stored():
    doc = Doc(
        src="courses/a/01.md",
        kind="lesson",
        source="content/courses/a/01.md",
        body="See [two](02.md).\n\n/// audience | x\nHidden [three](03.md).\n///\n",
        body_line=4,
        audiences=frozenset({"x", "y"}),
    )
    found = analyse(doc, Parser())
    assert Analysis.from_json(json.loads(json.dumps(found.as_json()))) == found
    assert [link.target for link in found.readings["x"].links] == ["courses/a/02.md", "courses/a/03.md"]
    assert [link.target for link in found.readings["y"].links] == ["courses/a/02.md"]
    assert Analysis.from_json({"passages": {"blocks": [[1]], "problems": []}, "readers": {}, "texts": {}}) is None


EMOJI = """\
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def test_two_processes_with_unchanged_inputs_compute_the_same_keys(tmp_path, academy_cli):
    # Options given as Python objects (as Material's documentation shows for emoji) once keyed
    # the cache by their memory address: every new process rendered every page again.
    config = write_academy(tmp_path, LESSONS)
    config.write_text(config.read_text().replace("  - toc\n", "  - toc\n" + EMOJI))
    assert academy_cli("build", "--jobs", "2").code == 0  # workers are other processes
    run = academy_cli("build", "--jobs", "2", "--timings")
    assert run.code == 0 and "Rendered 0 of" in run.out
    assert "page_misses" not in run.out.split("customers", 1)[1].split("\n", 1)[0]
