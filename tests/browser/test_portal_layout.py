"""The portal's academy layout in real Chromium: menu without the documentation sidebar, the
hero, course cards, the collections index, and the catalog's sort and tags."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from conftest import REPO, SAMPLE_AUDIENCES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "customers"
PORTAL_PAGES = {
    "home": "",
    "catalog": "catalog/",
    "collections index": "collections/",
    "collection": "collections/finance-foundations/",
    "learning path": "collections/admin-path/",
    "badges": "badges/",
    "my learning": "my-learning/",
    "recommendation quiz": "recommend/",
}


def catalog_of(site: Path, audience: str) -> dict:
    return json.loads((site / audience / "catalog.json").read_text(encoding="utf-8"))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def shown_courses(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-ac-cards] > .ac-card:not([hidden])", "cards => cards.map(card => card.dataset.acCourse)"
    )


# ---------- the menu: tabs on wide screens, the drawer on small ones, no sidebar tree ----------


def test_portal_pages_have_no_sidebar_tree_on_a_wide_screen_and_the_tabs_lead_everywhere(page: Page, sample_urls):
    page.set_viewport_size({"width": 1440, "height": 900})
    base = sample_urls[AUDIENCE]
    for kind, url in PORTAL_PAGES.items():
        page.goto(base + url)
        expect(page.locator(".md-sidebar--primary"), kind).to_be_hidden()
        content = page.locator(".md-content").bounding_box()
        assert content is not None and content["width"] > 1000, f"{kind}: the content keeps the width"
        tabs = page.locator(".md-tabs")
        expect(tabs, kind).to_be_visible()
        for name, target in [("Catalog", "catalog/"), ("Collections and paths", "collections/"), ("Badges", "badges/")]:
            link = tabs.get_by_role("link", name=name, exact=True)
            expect(link, f"{kind}: {name}").to_be_visible()
            assert link.evaluate("a => a.href") == base + target, f"{kind}: {name}"


def test_on_a_phone_the_drawer_still_holds_the_menu(page: Page, sample_urls):
    page.set_viewport_size({"width": 375, "height": 740})
    base = sample_urls[AUDIENCE]
    page.goto(base + "catalog/")
    expect(page.locator(".md-tabs")).to_be_hidden()
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer = page.locator(".md-sidebar--primary")
    expect(drawer).to_be_visible()
    link = drawer.get_by_role("link", name="Badges", exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(base + "badges/")


# ---------- the hero ----------


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_the_home_page_hero_shows_the_audience_branding_and_its_call_to_action(page: Page, sample_urls, audience):
    source = yaml.safe_load((REPO / "audiences" / f"{audience}.yml").read_text(encoding="utf-8"))
    hero = source.get("hero") or {}
    page.goto(sample_urls[audience])
    box = page.locator(".ac-hero")
    expect(box.get_by_role("heading", level=1)).to_have_text(hero.get("title") or source["title"])
    if hero.get("title") and hero["title"] != source["title"]:
        expect(box.locator(".ac-hero__name")).to_have_text(source["title"])
    expect(box.locator(".ac-hero__text")).to_have_text(" ".join((hero.get("text") or source["description"]).split()))
    cta = box.locator("[data-ac-hero-cta]")
    expect(cta).to_have_text((hero.get("cta") or {}).get("label") or re.compile(r"Browse \d+ courses?"))
    background = box.evaluate("e => getComputedStyle(e).backgroundImage")
    assert "gradient" in background, "the hero is drawn in the audience's primary colour"
    cta.click()
    expect(page).to_have_url(sample_urls[audience] + ((hero.get("cta") or {}).get("url") or "catalog/"))


# ---------- course cards ----------


def test_every_card_shows_an_icon_duration_lessons_level_and_ribbons(page: Page, sample_urls, sample_site):
    courses = {course["id"]: course for course in catalog_of(sample_site, AUDIENCE)["courses"]}
    page.goto(sample_urls[AUDIENCE] + "catalog/")
    cards = page.locator("[data-ac-cards] > .ac-card")
    assert cards.count() == len(courses)
    for index in range(cards.count()):
        card = cards.nth(index)
        course = courses[card.get_attribute("data-ac-course")]
        icon = card.locator(".ac-card__icon")
        expect(icon).to_be_visible()
        expect(icon).to_have_attribute("aria-hidden", "true")
        words = [word for word in course["title"].split() if word[:1].isalnum()]
        expect(icon).to_have_text("".join(word[0] for word in words[:2]).upper())
        facts = card.locator(".ac-facts")
        expect(facts.locator(".ac-facts__item--duration dd")).to_have_text(re.compile(r"^\d+ (min|h)"))
        expect(facts.locator(".ac-facts__item--lessons dd")).to_have_text(str(len(course["lessons"])))
        expect(facts.locator(".ac-facts__item--level dt")).to_have_text("Level")
        ribbons = card.locator(".ac-ribbon")
        assert ribbons.count() == len(course["ribbons"]), course["id"]


@pytest.mark.parametrize("url", ["catalog/", "", "collections/"])
def test_all_cards_and_tiles_of_a_row_have_the_same_height(page: Page, sample_urls, url):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(sample_urls[AUDIENCE] + url)
    rows: dict[int, list[float]] = {}
    boxes = page.locator(".ac-cards > .ac-card .ac-card__inner, .ac-tiles > .ac-tile:not([hidden])")
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box is not None
        rows.setdefault(round(box["y"]), []).append(box["height"])
    shared = {top: heights for top, heights in rows.items() if len(heights) > 1}
    assert shared, "the page lays its cards in rows"
    for top, heights in shared.items():
        assert max(heights) - min(heights) < 1, f"row at {top}: {heights}"


CARD_LOOK = """card => {
    const icon = card.querySelector(".ac-card__head > .ac-card__icon");
    return {
        icon: icon && {
            text: icon.textContent,
            classes: [...icon.classList].filter(name => name.startsWith("ac-card__icon")),
            hidden: icon.getAttribute("aria-hidden"),
            colour: getComputedStyle(icon).backgroundColor,
        },
        facts: [...card.querySelectorAll(".ac-facts > .ac-facts__item")].map(
            item => [item.className, item.querySelector("dt").textContent, item.querySelector("dd").textContent]
        ),
    };
}"""
"""A card's icon (initials, tone, hidden from screen readers, its colour) and its facts, in order."""


def look_by_course(cards, base: str, courses: list[dict]) -> dict[str, dict]:
    """The look of each card of ``cards`` (drawn by the script), keyed by the course its title links."""
    ids = {base + course["url"]: course["id"] for course in courses}
    found = {}
    for index in range(cards.count()):
        card = cards.nth(index)
        found[ids[card.locator(".ac-card__title a").evaluate("a => a.href")]] = card.evaluate(CARD_LOOK)
    return found


def assert_rows_share_height(cards, where: str) -> None:
    rows: dict[int, list[float]] = {}
    for index in range(cards.count()):
        box = cards.nth(index).locator(".ac-card__inner").bounding_box()
        assert box is not None
        rows.setdefault(round(box["y"]), []).append(box["height"])
    assert any(len(heights) > 1 for heights in rows.values()), f"{where}: the cards share a row"
    for top, heights in rows.items():
        assert max(heights) - min(heights) < 1, f"{where}, row at {top}: {heights}"


def test_my_learning_and_continue_cards_look_like_the_catalog_cards(page: Page, sample_urls, sample_site):
    courses = [course for course in catalog_of(sample_site, AUDIENCE)["courses"] if len(course["lessons"]) > 1]
    done, started = courses[:2], courses[2:6]
    assert len(started) == 4, "the sample has courses enough to fill the rows"
    lessons = {f"{c['id']}/{lesson['id']}": "2026-01-01T00:00:00Z" for c in done for lesson in c["lessons"]}
    lessons.update({f"{c['id']}/{c['lessons'][0]['id']}": "2026-01-01T00:00:00Z" for c in started})
    base = sample_urls[AUDIENCE]
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base + "catalog/")
    catalog_looks = {
        course["id"]: page.locator(f'[data-ac-cards] > .ac-card[data-ac-course="{course["id"]}"]').evaluate(CARD_LOOK)
        for course in done + started
    }
    for course in done + started:
        look = catalog_looks[course["id"]]
        words = [word for word in course["title"].split() if word[:1].isalnum()]
        assert look["icon"]["text"] == "".join(word[0] for word in words[:2]).upper(), course["id"]
        assert look["icon"]["hidden"] == "true", course["id"]
        kinds = [fact[0] for fact in look["facts"]]
        for kind in ("level", "duration", "lessons"):
            assert f"ac-facts__item ac-facts__item--{kind}" in kinds, (course["id"], kind)
    page.evaluate(
        "v => localStorage.setItem('academy:customers:progress', v)",
        json.dumps({"version": 2, "lessons": lessons, "checks": {}}),
    )

    page.goto(base + "my-learning/")
    for name, expected in (("progress", started), ("done", done)):
        cards = page.locator(f'[data-ac-mine-list="{name}"] > .ac-card')
        expect(cards).to_have_count(len(expected))
        assert look_by_course(cards, base, courses) == {c["id"]: catalog_looks[c["id"]] for c in expected}, name
        assert_rows_share_height(cards, f"my learning, {name}")

    page.goto(base)
    cards = page.locator("[data-ac-continue-list] > .ac-card")
    expect(cards).to_have_count(len(started))
    assert look_by_course(cards, base, courses) == {c["id"]: catalog_looks[c["id"]] for c in started}
    assert_rows_share_height(cards, "continue learning")


# ---------- the collections index ----------


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_the_collections_index_lists_exactly_the_audience_collections(page: Page, sample_urls, sample_site, audience):
    own = {entry["id"]: entry for entry in catalog_of(sample_site, audience)["collections"]}
    others = {path.stem for path in (REPO / "collections").glob("*.yml")} - set(own)
    assert others, "the sample has collections other audiences do not see"
    page.goto(sample_urls[audience] + "collections/")
    tiles = page.locator(".ac-tiles > .ac-tile")
    listed = tiles.evaluate_all("tiles => tiles.map(tile => tile.dataset.acCollection)")
    assert sorted(listed) == sorted(own)
    html = (sample_site / audience / "collections" / "index.html").read_text(encoding="utf-8")
    assert not [other for other in others if f"collections/{other}/" in html or f'"{other}"' in html]
    paths = page.locator("section", has=page.get_by_role("heading", name="Learning paths")).locator(".ac-tile")
    assert sorted(paths.evaluate_all("ts => ts.map(t => t.dataset.acCollection)")) == sorted(
        cid for cid, entry in own.items() if entry["path"]
    )
    first = next(iter(own.values()))
    page.locator(f'.ac-tile[data-ac-collection="{first["id"]}"] .ac-tile__title a').click()
    expect(page).to_have_url(sample_urls[audience] + first["url"])


def test_the_home_page_links_every_collection_on_the_index(page: Page, sample_urls):
    page.goto(sample_urls[AUDIENCE])
    page.get_by_role("link", name=re.compile(r"^All collections and paths \(\d+\)$")).click()
    expect(page).to_have_url(sample_urls[AUDIENCE] + "collections/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Collections and paths")


# ---------- sort ----------


def expected_orders(sample_site: Path) -> dict[str, list[str]]:
    """Each sort of the customers catalog, worked out from the sources and catalog.json."""
    courses = catalog_of(sample_site, AUDIENCE)["courses"]
    dates = {}
    for course in courses:
        meta = front_matter(REPO / "content" / course["url"].rstrip("/") / "index.md")
        days = [str(meta[key]) for key in ("published", "updated") if meta.get(key)]
        dates[course["id"]] = max(days) if days else ""
    ids = [course["id"] for course in courses]
    newest = sorted(ids, key=lambda cid: (not dates[cid], [-ord(c) for c in dates[cid]], ids.index(cid)))
    minutes = {course["id"]: course["duration"] for course in courses}
    shortest = sorted(ids, key=lambda cid: (minutes[cid] is None, minutes[cid] or 0, ids.index(cid)))
    titles = {course["id"]: course["title"].casefold() for course in courses}
    return {"": ids, "newest": newest, "shortest": shortest, "title": sorted(ids, key=lambda cid: titles[cid])}


def test_sort_orders_the_cards_keeps_the_order_in_the_url_and_back_restores_it(page: Page, sample_urls, sample_site):
    orders = expected_orders(sample_site)
    assert len({tuple(order) for order in orders.values()}) == 4, "each sort gives its own order in the sample"
    base = sample_urls[AUDIENCE]
    page.goto(base + "catalog/")
    sort = page.get_by_label("Sort by")
    expect(sort).to_have_value("")
    assert shown_courses(page) == orders[""]
    for value in ("newest", "shortest", "title"):
        sort.select_option(value)
        expect(page).to_have_url(re.compile(rf"[?&]sort={value}\b"))
        assert shown_courses(page) == orders[value], value
    sort.select_option("")
    expect(page).not_to_have_url(re.compile("sort="))
    assert shown_courses(page) == orders[""]

    sort.select_option("shortest")
    page.locator('[data-ac-facet="roles"] input[value="admin"]').check()
    expect(page).to_have_url(re.compile(r"sort=shortest"))
    filtered = shown_courses(page)
    assert filtered == [cid for cid in orders["shortest"] if cid in filtered]
    page.locator(f'[data-ac-cards] > [data-ac-course="{filtered[0]}"] .ac-card__title a').click()
    expect(page).not_to_have_url(re.compile("catalog/"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"catalog/\?.*sort=shortest"))
    expect(page.get_by_label("Sort by")).to_have_value("shortest")
    expect(page.locator('[data-ac-facet="roles"] input[value="admin"]')).to_be_checked()
    assert shown_courses(page) == filtered


def test_a_shared_sorted_link_opens_sorted_and_an_unknown_sort_is_the_recommended_order(
    page: Page, sample_urls, sample_site
):
    orders = expected_orders(sample_site)
    page.goto(sample_urls[AUDIENCE] + "catalog/?sort=newest")
    expect(page.get_by_label("Sort by")).to_have_value("newest")
    assert shown_courses(page) == orders["newest"]
    page.goto(sample_urls[AUDIENCE] + "catalog/?sort=%3Cscript%3E")
    expect(page.get_by_label("Sort by")).to_have_value("")
    assert shown_courses(page) == orders[""]


def test_without_javascript_the_catalog_is_in_the_recommended_order_and_has_no_sort(
    browser: Browser, sample_urls, sample_site
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_urls[AUDIENCE] + "catalog/?sort=title")
    expect(page.locator(".ac-sort")).to_be_hidden()
    assert shown_courses(page) == expected_orders(sample_site)[""]
    context.close()


# ---------- tags ----------


def test_the_tags_facet_filters_by_tag_counts_and_is_kept_in_the_url(page: Page, sample_urls, sample_site):
    courses = catalog_of(sample_site, AUDIENCE)["courses"]
    counts: dict[str, int] = {}
    for course in courses:
        for tag in course["tags"]:
            counts[tag] = counts.get(tag, 0) + 1
    page.goto(sample_urls[AUDIENCE] + "catalog/")
    facet = page.locator('[data-ac-facet="tags"]')
    expect(facet.locator("legend")).to_have_text("Tags")
    expect(facet).to_be_hidden()  # folded: the keyboard reaches the courses without passing every tag
    fold = page.locator("[data-ac-facet-fold] > summary")
    expect(fold).to_have_text(f"Tags ({len(counts)})")
    fold.click()
    offered = facet.locator("input").evaluate_all("boxes => boxes.map(box => box.value)")
    assert sorted(offered) == sorted(counts), "every tag of the audience's courses, and only those"
    assert offered == sorted(counts, key=lambda tag: (-counts[tag], tag)), "the most used tags first"
    tag = offered[0]
    facet.locator(f'input[value="{tag}"]').check()
    expect(page).to_have_url(re.compile(rf"[?&]tags={tag}\b"))
    assert sorted(shown_courses(page)) == sorted(course["id"] for course in courses if tag in course["tags"])
    expect(facet.locator(f'[data-ac-count="tags:{tag}"]')).to_have_text(str(counts[tag]))
    page.reload()  # a tag set in the address unfolds the tags
    expect(facet.locator(f'input[value="{tag}"]')).to_be_visible()
    expect(facet.locator(f'input[value="{tag}"]')).to_be_checked()
    assert sorted(shown_courses(page)) == sorted(course["id"] for course in courses if tag in course["tags"])
