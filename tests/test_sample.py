"""The sample academy of this repository: it builds, every audience is isolated, output is reproducible."""

from __future__ import annotations

import json
import re

import pytest

from academy.cli.build import load_mkdocs_config
from academy.core.load import load_academy
from academy.core.view import build_view
from academy.plugins.settings import settings_from
from conftest import REPO, SAMPLE_AUDIENCES
from sites import site_bytes, site_texts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample():
    config = load_mkdocs_config(REPO / "mkdocs.yml")
    academy, problems = load_academy(settings_from(config, config.plugins["academy/content"].config))
    assert problems == []
    return academy


def test_sample_meets_the_size_the_product_promises(sample):
    assert len(sample.audiences) == 4
    assert len(sample.courses) >= 12
    assert sum(len(course.lessons) for course in sample.courses.values()) >= 40
    assert len(sample.collections) >= 4 and sum(c.path for c in sample.collections.values()) >= 2
    stages = {course.terms["stage"][0] for course in sample.courses.values()}
    assert stages == {"implementation", "foundational", "advanced", "maintenance"}
    assert any("/// audience |" in doc.body for doc in sample.docs.values() if len(doc.audiences) > 1)
    assert any(len(course.readers) == 1 for course in sample.courses.values())


def test_every_sample_audience_builds_with_its_own_catalog(sample, sample_site):
    for audience in SAMPLE_AUDIENCES:
        view = build_view(sample, audience)
        catalog = json.loads((sample_site / audience / "catalog.json").read_text())
        assert [course["id"] for course in catalog["courses"]] == [course.id for course in view.courses]
        assert catalog["audience"]["id"] == audience


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_no_sample_page_reaches_an_audience_that_may_not_see_it(sample, sample_site, audience):
    texts = site_texts(sample_site / audience)
    view = build_view(sample, audience)
    for src in sample.docs:
        page = src.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
        built = f"{page}index.html" in texts
        assert built == (src in view.pages), src


def test_the_sample_builds_byte_identical_twice(sample_site, tmp_path, academy_cli):
    again = tmp_path / "again"
    run = academy_cli("build", "--quiet", "--jobs", "1", "--site-dir", str(again), cwd=REPO)
    assert run.code == 0
    for audience in SAMPLE_AUDIENCES:
        assert site_bytes(again / audience) == site_bytes(sample_site / audience), audience


def test_a_collections_ribbon_shows_on_its_tile_page_and_catalog_entry(sample, sample_site):
    """``ribbon:`` of a collection is drawn where learners meet the collection, for each audience
    that sees it, with the label the academy gives the ribbon."""
    shown = 0
    for audience in SAMPLE_AUDIENCES:
        view = build_view(sample, audience)
        catalog = json.loads((sample_site / audience / "catalog.json").read_text())
        entries = {entry["id"]: entry for entry in catalog["collections"]}
        for collection in view.collections:
            ribbons = [collection.ribbon] if collection.ribbon else []
            assert entries[collection.id]["ribbons"] == ribbons
            page = (sample_site / audience / "collections" / collection.id / "index.html").read_text()
            header = page.split('<header class="ac-collection__header">')[1].split("</header>")[0]
            for ribbon in ribbons:
                label = view.ribbons[ribbon].label
                assert f'ac-ribbon--{ribbon}"' in header and f">{label}</li>" in header
                shown += 1
            if not ribbons:
                assert "ac-ribbons" not in header
        home = (sample_site / audience / "index.html").read_text()
        for tile in home.split('<li class="ac-tile"')[1:]:
            collection = tile.split('data-ac-collection="')[1].split('"')[0]
            ribbon, head = sample.collections[collection].ribbon, tile.split("ac-tile__title")[0]
            assert (f'ac-ribbon--{ribbon}"' in head) if ribbon else "ac-ribbons" not in head
    assert shown >= 2  # the sample's partner certification, for partners and employees


def test_no_sample_page_skips_a_heading_level(sample_site):
    """Headings go down one level at a time on every page (axe's and Lighthouse's heading-order):
    the catalog's and a collection's course cards (h3) sit under a "Courses" heading (h2)."""
    checked = 0
    for audience in SAMPLE_AUDIENCES:
        for path in sorted((sample_site / audience).rglob("*.html")):
            levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", path.read_text(encoding="utf-8"))]
            for above, level in zip([0, *levels], levels, strict=False):
                assert level <= above + 1, f"{path.relative_to(sample_site)}: h{level} follows h{above}"
            checked += 1
    assert checked > 200
