"""The persistent cache: hits, invalidation by every input that matters, corruption, parallelism."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from jinja2.bccache import Bucket, bc_magic

from academy.speed import cache as cache_module
from academy.speed.cache import Cache, digest
from academy.speed.packs import Packs
from academy.speed.secret import cache_key, signature
from sites import load, site_bytes, write_academy

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


@pytest.fixture
def academy(tmp_path, academy_cli):
    config = write_academy(tmp_path, LESSONS)
    first = academy_cli("build", "--jobs", "1", "--timings")
    assert first.code == 0 and cache_use(first.out)["render_hits"] == 4  # rendered ahead, then reused
    return config


PAGES = 10
"""Pages of the tiny academy's customers site: a course and its three lessons, then the
portal's home, catalog, collections index, badges, "my learning" and certificate pages."""


def build_elsewhere(academy_cli, tmp_path):
    """Build again into a new site folder: nothing is published there, so every page is written
    (from the cache); a build into the same folder would keep its unchanged sites (``unchanged``)."""
    return academy_cli("build", "--jobs", "1", "--timings", "--site-dir", str(tmp_path / "again"))


def test_second_build_takes_every_page_from_the_cache(academy, academy_cli, tmp_path):
    run = build_elsewhere(academy_cli, tmp_path)
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


def test_editing_a_lesson_rerenders_only_that_lesson_and_its_course_overview(academy, academy_cli, tmp_path):
    lesson = tmp_path / "content/courses/basics/02-second.md"
    lesson.write_text(lesson.read_text() + "\nOne more sentence.\n")
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert "Rendered 1 of" in run.out
    # The overview lists each lesson's content digest ("updated since you completed it").
    assert cache_use(run.out)["page_misses"] == 2
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
    from academy.core import markdown, setup_inputs
    from academy.core.analysis import analysis_key

    loaded = load(academy.parent)
    setup = loaded.settings.markdown
    parser = markdown.Parser(markdown.MarkdownSetup(setup.extensions, setup.configs))
    before = {doc.src: analysis_key(doc, parser) for doc in loaded.docs.values()}
    real = setup_inputs.package_versions()
    monkeypatch.setattr(setup_inputs, "package_versions", lambda: {**real, "pymdown-extensions": "99.0"})
    # What a page reads as (its heading, links, the HTML its audit reads) is read again too.
    parser = markdown.Parser(markdown.MarkdownSetup(setup.extensions, setup.configs))
    assert all(analysis_key(doc, parser) != before[doc.src] for doc in loaded.docs.values())
    run = academy_cli("build", "--jobs", "1", "--timings")
    use = cache_use(run.out)
    assert "Rendered 0 of" not in run.out and use["page_misses"] == PAGES
    # Material indexes for search: the entries of the pages not rendered ahead are made again too.
    assert use["search_misses"] == PAGES - use["render_hits"]


def test_a_new_academy_reads_every_file_of_the_site_again(academy, academy_cli, monkeypatch):
    from academy.audit import scan

    run = academy_cli("build", "--jobs", "1", "--timings")
    assert cache_use(run.out)["audit_hits"] == 1
    monkeypatch.setattr(scan, "__version__", "99.0")  # its audit may read a file otherwise
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert cache_use(run.out).get("audit_hits", 0) == 0 and cache_use(run.out)["audit_misses"] == 1


MARKDOWN_HOOK = """
def on_page_markdown(markdown, page, config, files):
    return markdown + "\\n\\nAdded by a hook to " + page.file.src_uri + ".\\n"
"""

EXTENSION_HOOK = """
def on_config(config):
    config.markdown_extensions.append("pymdownx.mark")
    return config
"""


@pytest.mark.parametrize(
    ("hook", "added", "shown"),
    [
        (MARKDOWN_HOOK, "", b"Added by a hook to courses/basics/02-second.md"),
        (EXTENSION_HOOK, "\nSome ==marked words== here.\n", b"<mark>marked words</mark>"),
    ],
    ids=["changes a page's Markdown", "adds a Markdown extension"],
)
def test_a_plugin_that_shapes_rendering_builds_as_without_the_cache(academy, academy_cli, tmp_path, hook, added, shown):
    (tmp_path / "hook.py").write_text(hook)
    academy.write_text(academy.read_text() + "hooks:\n  - hook.py\n")
    lesson = tmp_path / "content/courses/basics/02-second.md"
    lesson.write_text(lesson.read_text() + added)
    assert academy_cli("build", "--no-cache", "--site-dir", "uncached").code == 0
    uncached = site_bytes(tmp_path / "uncached")
    assert shown in uncached["customers/courses/basics/02-second/index.html"]
    for _ in range(2):  # the shared renderings made without the hook, then a cache the hook's builds filled
        assert academy_cli("build", "--jobs", "1").code == 0
        assert site_bytes(tmp_path / "site") == uncached


CONTEXT_HOOK = """
from pathlib import Path


def on_page_context(context, page, config, nav):
    context["hook_note"] = Path("note.txt").read_text().strip()
    return context
"""


def test_a_plugin_that_gives_pages_more_context_builds_as_without_the_cache(academy, academy_cli, tmp_path):
    (tmp_path / "hook.py").write_text(CONTEXT_HOOK)
    academy.write_text(
        academy.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
        + "hooks:\n  - hook.py\n"
    )
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Note: {{ hook_note }}{% endblock %}\n'
    )
    lesson = tmp_path / "site/customers/courses/basics/02-second/index.html"
    for note in ("first", "second"):  # what the plugin reads changes; the page's own inputs do not
        (tmp_path / "note.txt").write_text(note)
        assert academy_cli("build", "--jobs", "1").code == 0
        assert f"Note: {note}" in lesson.read_text()
    assert academy_cli("build", "--no-cache", "--site-dir", "uncached").code == 0
    assert site_bytes(tmp_path / "site") == site_bytes(tmp_path / "uncached")


def test_an_edited_custom_icon_renders_the_pages_again(academy, academy_cli, tmp_path):
    icons = tmp_path / "overrides/.icons/acme"
    icons.mkdir(parents=True)
    (icons / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>')
    academy.write_text(
        academy.read_text().replace(
            "markdown_extensions:\n",
            "markdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
            "      options:\n        custom_icons: [overrides/.icons]\n",
        )
    )
    assert academy_cli("build", "--jobs", "1").code == 0
    assert "Rendered 0 of" in academy_cli("build", "--jobs", "1").out
    (icons / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h2"/></svg>')
    # Material's emoji index reads the icons folder: what it holds is an input of every rendering.
    assert "Rendered 0 of" not in academy_cli("build", "--jobs", "1").out


@pytest.mark.parametrize("named_as", ["extension", "option"])
def test_the_code_of_a_projects_own_markdown_module_keys_the_setup(tmp_path, monkeypatch, named_as):
    from academy.core import setup_inputs

    module = tmp_path / f"house_{named_as}.py"
    module.write_text("def fence(*args, **kwargs):\n    return 'one'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    if named_as == "extension":
        extensions, configs = ("toc", module.stem), {}
    else:  # a fence formatter named with !!python/name:
        extensions = ("pymdownx.superfences",)
        configs = {"pymdownx.superfences": {"custom_fences": [{"name": "x", "format": __import__(module.stem).fence}]}}
    before = setup_inputs.setup_inputs(extensions, configs)
    assert setup_inputs.setup_inputs(extensions, configs) == before  # stable
    module.write_text("def fence(*args, **kwargs):\n    return 'two'\n")
    setup_inputs._code_of.cache_clear()  # a new process: the code is read once per process
    assert setup_inputs.setup_inputs(extensions, configs) != before


def test_corrupt_entries_are_detected_and_rebuilt(academy, academy_cli, tmp_path):
    before = site_bytes(tmp_path / "site/customers")
    entries = sorted((tmp_path / ".cache/academy").rglob("*.entry"))
    assert entries
    for index, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if index % 2 else data.replace(b"Shared", b"Poisoned"))
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert run.code == 0
    assert cache_use(run.out).get("page_corrupt", 0) + cache_use(run.out).get("render_corrupt", 0) > 0
    assert site_bytes(tmp_path / "site/customers") == before


FORGERS = {
    # Who can write the cache but has no key: the old self-checksum, or a MAC with a key of their own.
    "checksum": lambda key, kind, body: (
        f"academy-cache {cache_module.FORMAT} {key} {kind} {hashlib.sha256(body).hexdigest()}".encode()
    ),
    "other key": lambda key, kind, body: cache_module._header(b"not the key", key, kind, body),
}


@pytest.mark.parametrize("forge", FORGERS.values(), ids=FORGERS.keys())
def test_forged_entries_change_nothing(academy, academy_cli, tmp_path, forge):
    before = site_bytes(tmp_path / "site/customers")
    entries = sorted((tmp_path / ".cache/academy").rglob("*.entry"))
    for entry in entries:
        header, _, body = entry.read_bytes().partition(b"\n")
        _, _, key, kind, _ = header.decode().split(" ")
        poisoned = body.replace(b"Shared", b"<script>alert(1)</script>").replace(b"Second", b"Forged")
        entry.write_bytes(forge(key, kind, poisoned) + b"\n" + poisoned)
    run = academy_cli("build", "--jobs", "1", "--timings")
    assert run.code == 0
    assert cache_use(run.out)["page_corrupt"] + cache_use(run.out)["render_corrupt"] > 0
    assert site_bytes(tmp_path / "site/customers") == before


def forge_compiled_templates(folder: Path, sign) -> int:
    """Replace every compiled template under ``folder`` by code that writes ``ran`` beside it."""
    proof = folder / "ran"
    for path in folder.glob("*.bin"):
        data = io.BytesIO(path.read_bytes()[64:])
        assert data.read(len(bc_magic)) == bc_magic
        bucket = Bucket(Environment(), path.stem, pickle.load(data))  # the checksum of the template's source
        bucket.code = compile(f"open({str(proof)!r}, 'w').write('ran')", "<forged>", "exec")
        data = bucket.bytecode_to_string()
        path.write_bytes(sign(path.stem, data) + data)
    return len(list(folder.glob("*.bin")))


def test_forged_compiled_templates_never_run(academy, academy_cli, tmp_path):
    folder = tmp_path / ".cache/academy/templates"
    before = site_bytes(tmp_path / "site/customers")
    assert forge_compiled_templates(folder, lambda name, data: hashlib.sha256(data).hexdigest().encode()) > 10
    assert academy_cli("build", "--jobs", "1").code == 0
    assert not (folder / "ran").exists()
    assert site_bytes(tmp_path / "site/customers") == before
    # The same forgery signed with the real key would run: the refusal above is the key's doing.
    key = cache_key(tmp_path / ".cache/academy")
    forge_compiled_templates(folder, lambda name, data: signature(key, b"templates", name.encode(), data).encode())
    (tmp_path / ".cache/academy/page").rename(tmp_path / "pages-aside")  # so that templates are used
    with contextlib.suppress(Exception):  # the forged code is no template: Jinja fails after running it
        academy_cli("build", "--jobs", "1")
    assert (folder / "ran").exists()


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


def packs_of(root: Path) -> list[Path]:
    return sorted((root / "page").rglob("*.pack"))


def test_a_build_writes_its_pages_into_one_pack_per_audience(academy, academy_cli, tmp_path):
    packs = packs_of(tmp_path / ".cache/academy")
    assert len(packs) == 3  # customers, partners, staff: one file each, not one per page
    run = build_elsewhere(academy_cli, tmp_path)
    assert cache_use(run.out)["page_hits"] == PAGES
    assert packs_of(tmp_path / ".cache/academy") == packs  # every page reused: no pack written


@pytest.mark.parametrize("damage", ["flip", "truncate", "poison"])
def test_damaged_packs_are_read_as_misses(academy, academy_cli, tmp_path, damage):
    before = site_bytes(tmp_path / "site/customers")
    for pack in packs_of(tmp_path / ".cache/academy"):
        data = pack.read_bytes()
        pack.write_bytes(
            {
                "flip": data[:-1] + bytes([data[-1] ^ 1]),
                "truncate": data[: len(data) // 2],
                "poison": data.replace(b"<article", b"<script>alert(1)</script><article"),
            }[damage]
        )
    run = build_elsewhere(academy_cli, tmp_path)
    assert run.code == 0 and cache_use(run.out)["page_corrupt"] > 0
    assert site_bytes(tmp_path / "again/customers") == before


KEYS = [digest(number) for number in range(6)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    builds=st.lists(
        st.tuples(
            st.sets(st.sampled_from(KEYS)),  # pages a build finds unchanged
            st.dictionaries(st.sampled_from(KEYS), st.text(max_size=40)),  # pages it prints
            st.one_of(st.none(), st.integers(min_value=0)),  # a byte of a pack damaged before it
        ),
        min_size=1,
        max_size=8,
    )
)
def test_packs_give_back_what_the_last_build_kept_and_stay_within_twice_it(tmp_path_factory, builds):
    root = tmp_path_factory.mktemp("packs")
    cache = Cache(root)
    kept: dict[str, str] = {}
    for reads, writes, damage in builds:
        damaged = damage is not None and bool(packs_of(root))
        if damaged:
            pack = packs_of(root)[damage % len(packs_of(root))]
            data = bytearray(pack.read_bytes())
            if data:
                data[damage % len(data)] ^= 0xFF
                pack.write_bytes(bytes(data))
        packs = Packs(cache, "page", "customers")
        now: dict[str, str] = {}
        for key in sorted(reads):
            assert packs.has(key) == (key in kept)
            found = packs.get_text(key)
            assert found == kept.get(key) or (damaged and found is None)
            if found is not None:
                now[key] = found
        for key, text in writes.items():
            if key not in now:
                packs.put_text(key, text)
                now[key] = text
        packs.save()
        kept = now
        held = sum(pack.stat().st_size for pack in packs_of(root))
        assert held <= 2 * sum(len(text.encode()) for text in kept.values())


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


def test_the_cache_key_lives_outside_the_cache_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    key = cache_key(tmp_path / "cache")
    path = tmp_path / "config/academy/cache-key"
    assert path.stat().st_mode & 0o777 == 0o600 and cache_key(tmp_path / "cache") == key
    monkeypatch.setenv("ACADEMY_CACHE_KEY", "a secret of the pipeline")
    assert cache_key(tmp_path / "cache") not in (key, b"")


def test_a_key_inside_the_cache_folder_is_refused(academy, academy_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".cache/academy/config"))
    run = academy_cli("build")
    assert run.code == 1 and "lies inside the cache folder" in run.err and "Traceback" not in run.output
    assert academy_cli("build", "--no-cache").code == 0


MATERIAL_EXTENSIONS = """\
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.mark
  - pymdownx.tilde
  - pymdownx.critic
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
      options:
        custom_icons:
          - overrides/.icons
  - pymdownx.highlight:
      anchor_linenums: true
      line_spans: __span
      pygments_lang_class: true
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.smartsymbols
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.tasklist:
      custom_checkbox: true
"""
"""Every Markdown extension Material's documentation sets up, configured as it shows them."""

EVERY_FEATURE = {
    "content/courses/basics/02-features.md": (
        "---\ntitle: Features\n---\n## Emoji :smile:, :material-check: and :acme-logo:\n\n"
        '=== "One"\n\n    Tab one.\n\n=== "Two"\n\n    Tab two.\n\n'
        "```mermaid\ngraph LR\n  A --> B\n```\n\n```python linenums=\"1\"\nprint('x')\n```\n\n"
        "Text with a footnote[^1], ==marked==, ^^inserted^^, ~~deleted~~, ++ctrl+alt+del++, $a^2$ and "
        "{--removed--}{++added++}.\n\n[^1]: The note.\n\n- [x] done\n- [ ] open\n\n"
        '??? note "Details"\n    Hidden until opened.\n\n*[HTML]: Hyper Text Markup Language\n'
    ),
    "overrides/.icons/acme/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>\n',
}


def test_cache_keys_are_the_same_in_every_process_with_every_documented_extension(tmp_path):
    config = write_academy(tmp_path, EVERY_FEATURE)
    text = config.read_text()
    config.write_text(text[: text.index("markdown_extensions:")] + MATERIAL_EXTENSIONS)
    runs = []
    for seed in ("1", "2", "3"):  # another hash seed each time: no key may depend on it
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "academy.cli.main", "build", "--timings", "--jobs", "2"]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        runs.append(done.stdout)
    assert "Rendered 0 of" not in runs[0]
    assert 'd="M0 0h1"' in (tmp_path / "site/customers/courses/basics/02-features/index.html").read_text()
    for later in runs[1:]:
        assert re.search(r"Rendered 0 of \d+ distinct page texts", later), later
        for audience in ("customers", "partners", "staff"):
            use = cache_use(later, audience)
            assert not [name for name, count in use.items() if name.endswith("_misses") and count], (audience, use)
