"""The portal's own pages in tiny sites: the collections index, the hero, the menu without a sidebar."""

from __future__ import annotations

import re

from sites import write_academy

FILES = {
    "audiences/customers.yml": """\
        title: Customer Academy
        description: Courses for <customers> & friends.
        site_url: https://academy.example.com/customers/
        """,
    "collections/partner-path.yml": """\
        title: Partner onboarding
        description: Only partners see this path.
        audiences: [partners]
        courses: [basics]
        path: true
        """,
}


def test_the_collections_index_lists_only_the_audience_own_collections(tmp_path, academy_cli):
    write_academy(tmp_path, FILES)
    assert academy_cli("build").code == 0
    partners = (tmp_path / "site/partners/collections/index.html").read_text(encoding="utf-8")
    assert 'data-ac-collection="partner-path"' in partners and "Learning paths" in partners
    for audience in ("customers", "staff"):
        page = (tmp_path / f"site/{audience}/collections/index.html").read_text(encoding="utf-8")
        assert "partner-path" not in page and "Partner onboarding" not in page
        assert "No collection or learning path yet" in page


def test_portal_pages_hide_the_sidebar_and_draw_the_menu_as_tabs(tmp_path, academy_cli):
    write_academy(tmp_path, FILES)
    assert academy_cli("build").code == 0
    site = tmp_path / "site/partners"
    for url in ("", "catalog/", "collections/", "collections/partner-path/", "badges/", "my-learning/"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert re.search(r'data-md-type="navigation"\s+hidden', html), url
        tabs = re.search(r'<nav class="md-tabs".*?</nav>', html, re.S)
        assert tabs and 'href="' in tabs.group() and "Collections and paths" in tabs.group(), url
    lesson = (site / "courses/basics/01-first/index.html").read_text(encoding="utf-8")
    assert not re.search(r'data-md-type="navigation"\s+hidden', lesson), "a lesson keeps its course's sidebar"


def test_a_hero_without_hero_settings_shows_the_audience_and_the_catalog(tmp_path, academy_cli):
    write_academy(tmp_path, FILES)
    assert academy_cli("build").code == 0
    home = (tmp_path / "site/customers/index.html").read_text(encoding="utf-8")
    hero = re.search(r'<section class="ac-hero".*?</section>', home, re.S).group()
    assert ">Customer Academy</h1>" in hero
    assert "Courses for &lt;customers&gt; &amp; friends." in hero
    assert re.search(r'href="catalog/"[^>]*data-ac-hero-cta>Browse 1 course<', hero)
