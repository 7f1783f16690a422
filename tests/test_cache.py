"""The persistent cache: hits, invalidation by every input that matters, corruption, parallelism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from academy.speed.cache import Cache, digest
from sites import write_academy

LESSONS = {
    "content/courses/basics/02-second.md": (
        "---\ntitle: Second\n---\n## Heading\n\nMore text [first](01-first.md).\n\n"
        '<p data-search-exclude="true">Kept out of search.</p>\n'
    ),
    "content/courses/basics/03-third.md": "---\ntitle: Third\n---\n/// audience | staff\nStaff only.\n///\nShared.\n",
}


def cache_use(output: str, audience: str = "customers") -> dict[str, int]:
    line = next(line for line in output.splitlines() if line.strip().startswith(audience) and "cache:" in line)
    return {name: int(count) for name, count in re.findall(r"(\w+_(?:hits|misses|corrupt)) (\d+)", line)}


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def academy(tmp_path, academy_cli):
    config = write_academy(tmp_path, LESSONS)
    first = academy_cli("build", "--jobs", "1", "--timings")
    assert first.code == 0 and cache_use(first.out)["render_hits"] == 4  # rendered ahead, then reused
    return config


PAGES = 8
"""Pages of the tiny academy's customers site: a course and its three lessons, then the
portal's home, catalog, badges and "my learning" pages."""


def test_second_build_takes_every_page_from_the_cache(academy, academy_cli):
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert "Rendered 0 of" in run.out
    use = cache_use(run.out)
    assert use["page_hits"] == PAGES and use.get("page_misses", 0) == 0


def test_the_portal_pages_follow_what_they_show(academy, academy_cli, tmp_path):
    course = tmp_path / "content/courses/basics/index.md"
    course.write_text(course.read_text().replace("title: The basics", "title: The basics, revised"))
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert run.code == 0, run.err
    # Every page: the course's pages show its card, the portal's pages every card, and the
    # navigation the course's title.
    assert cache_use(run.out)["page_misses"] == PAGES
    assert "The basics, revised" in (tmp_path / "site/customers/catalog/index.html").read_text()
    description = tmp_path / "content/courses/basics/index.md"
    description.write_text(description.read_text().replace("Start here.", "Start right here."))
    assert academy_cli("build", "--jobs", "1").code == 0
    assert "Start right here." in (tmp_path / "site/customers/catalog/index.html").read_text()


def test_editing_a_lesson_rerenders_only_that_lesson(academy, academy_cli, tmp_path):
    lesson = tmp_path / "content/courses/basics/02-second.md"
    lesson.write_text(lesson.read_text() + "\nOne more sentence.\n")
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert "Rendered 1 of" in run.out
    assert cache_use(run.out)["page_misses"] == 1
    assert "One more sentence." in (tmp_path / "site/customers/courses/basics/02-second/index.html").read_text()


@pytest.mark.parametrize(
    ("change", "rendered_again"),
    [
        (lambda c: c.replace("  - toc\n", "  - toc:\n      permalink: true\n"), True),
        (lambda c: c.replace("  - admonition\n", "  - admonition\n  - def_list\n"), True),
        (lambda c: c.replace("  font: false\n", "  font: false\n  palette: {primary: teal}\n"), False),
        (lambda c: c.replace("label: Role", "label: Team role"), False),
        (lambda c: c.replace("site_name: Tiny academy", "site_name: Tiny academy\ncopyright: Acme"), False),
    ],
    ids=["extension option", "extension list", "theme palette", "plugin config", "site setting"],
)
def test_changing_an_input_invalidates_what_depends_on_it(academy, academy_cli, change, rendered_again):
    academy.write_text(change(academy.read_text()))
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert run.code == 0, run.err
    use = cache_use(run.out)
    assert use.get("page_hits", 0) == 0 and use["page_misses"] == PAGES
    assert ("Rendered 0 of" not in run.out) == rendered_again


def test_a_file_appearing_where_a_page_links_renders_the_page_again(academy, academy_cli, tmp_path):
    lesson = tmp_path / "content/courses/basics/02-second.md"
    lesson.write_text(lesson.read_text() + "\n![Flow](flow.png)\n")
    assert "Rendered 1 of" in academy_cli("build", "--jobs", "1").out
    (lesson.parent / "flow.png").write_bytes(b"\x89PNG\r\n")
    # The link did not change, the file behind it did: the rendering may differ.
    assert "Rendered 1 of" in academy_cli("build", "--jobs", "1").out
    assert "Rendered 0 of" in academy_cli("build", "--jobs", "1").out


def test_changing_a_template_override_invalidates_pages(academy, academy_cli, tmp_path):
    academy.write_text(academy.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides/main.html").write_text('{% extends "base.html" %}\n')
    assert academy_cli("build", "--jobs", "1").code == 0
    (tmp_path / "overrides/main.html").write_text('{% extends "base.html" %}\n{% block announce %}Hi{% endblock %}\n')
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert cache_use(run.out)["page_misses"] == PAGES
    assert "Hi" in (tmp_path / "site/customers/courses/basics/02-second/index.html").read_text()


def test_a_new_package_version_invalidates_everything(academy, academy_cli, monkeypatch):
    import academy.speed.keys as fingerprint

    real = fingerprint.package_versions
    monkeypatch.setattr(fingerprint, "package_versions", lambda: {**real(), "pymdown-extensions": "99.0"})
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert "Rendered 0 of" not in run.out and cache_use(run.out)["page_misses"] == PAGES


def test_corrupt_entries_are_detected_and_rebuilt(academy, academy_cli, tmp_path):
    before = site_bytes(tmp_path / "site/customers")
    entries = sorted((tmp_path / ".cache/academy").rglob("*.entry"))
    assert entries
    for index, entry in enumerate(entries):
        text = entry.read_text()
        entry.write_text(text[: len(text) // 2] if index % 2 else text.replace("Shared", "Poisoned"))
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert run.code == 0
    assert cache_use(run.out).get("page_corrupt", 0) + cache_use(run.out).get("render_corrupt", 0) > 0
    assert site_bytes(tmp_path / "site/customers") == before


def test_output_is_identical_with_or_without_cache_and_parallelism(academy, academy_cli, tmp_path):
    assert academy_cli("build", "--jobs", "2", "--site-dir", "warm").code == 0
    assert academy_cli("build", "--jobs", "1", "--no-cache", "--site-dir", "plain").code == 0
    for audience in ("customers", "partners", "staff"):
        assert site_bytes(tmp_path / "warm" / audience) == site_bytes(tmp_path / "plain" / audience)


def test_cache_entries_carry_their_key_and_checksum(tmp_path):
    cache = Cache(tmp_path)
    cache.put("render", digest("a"), {"content": "<p>x</p>"})
    assert cache.get("render", digest("a")) == {"content": "<p>x</p>"}
    path = next(tmp_path.rglob("*.entry"))
    moved = tmp_path / "render" / digest("b")[0] / (digest("b") + ".entry")
    moved.parent.mkdir(parents=True, exist_ok=True)
    path.rename(moved)
    assert cache.get("render", digest("b")) is None and cache.stats["render"].corrupt == 1
    assert Cache(None).get("render", digest("a")) is None


def test_text_entries_are_checked_like_json_ones(tmp_path):
    cache = Cache(tmp_path)
    cache.put_text("page", digest("a"), "<p>Café</p>")
    assert cache.get_text("page", digest("a")) == "<p>Café</p>"
    assert cache.get("page", digest("a")) is None  # a text is not JSON data: rejected, deleted
    assert cache.stats["page"].corrupt == 1 and not list(tmp_path.rglob("*.entry"))
    cache.put_text("page", digest("a"), "<p>Café</p>")
    path = next(tmp_path.rglob("*.entry"))
    path.write_bytes(path.read_bytes().replace(b"Caf", b"Cav"))
    assert cache.get_text("page", digest("a")) is None and cache.stats["page"].corrupt == 2


def test_cached_search_index_equals_materials_own(academy, academy_cli, tmp_path):
    assert academy_cli("build", "--jobs", "1", "--site-dir", "cached").code == 0
    academy.write_text(academy.read_text().replace("  - academy/search\n", "  - search\n"))
    assert academy_cli("build", "--jobs", "1", "--no-cache", "--site-dir", "material").code == 0
    for audience in ("customers", "staff"):
        ours = (tmp_path / "cached" / audience / "search/search_index.json").read_bytes()
        assert ours == (tmp_path / "material" / audience / "search/search_index.json").read_bytes()


REFERENCES = {
    "content/courses/basics/02-references.md": """\
        ---
        title: References
        ---
        A link [wrapped over
        two lines](01-first.md), a [reference-style link][first], and pictures:

        [first]: 01-first.md

        ![Diagram](diagram.svg){ width="200" }

        <img src="diagram.svg" srcset="diagram.svg 1x, wide.svg 2x" alt="Both">

        <object data="diagram.svg"></object>

        <video poster="wide.svg"></video>
        """,
    "content/courses/basics/diagram.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "content/courses/basics/wide.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}


def test_every_kind_of_reference_builds_the_same_with_or_without_the_cache(tmp_path, academy_cli):
    config = write_academy(tmp_path, REFERENCES)
    config.write_text(config.read_text().replace("  - toc\n", "  - toc\n  - attr_list\n  - md_in_html\n"))
    assert academy_cli("check").code == 0
    for site in ("cold", "warm"):
        assert academy_cli("build", "--site-dir", site).code == 0
    assert academy_cli("build", "--no-cache", "--jobs", "1", "--site-dir", "plain").code == 0
    for audience in ("customers", "partners", "staff"):
        plain = site_bytes(tmp_path / "plain" / audience)
        assert site_bytes(tmp_path / "cold" / audience) == plain == site_bytes(tmp_path / "warm" / audience)
    page = (tmp_path / "plain/customers/courses/basics/02-references/index.html").read_text()
    assert 'href="../01-first/"' in page and "srcset=" in page
