"""The catalog as a learner uses it, in real Chromium: type, click, come back, page through."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "customers"


@pytest.fixture
def courses(sample_site) -> list[dict]:
    """The customers site's courses, as its catalog.json lists them."""
    return json.loads((sample_site / AUDIENCE / "catalog.json").read_text(encoding="utf-8"))["courses"]


def card_link(page: Page, course: str):
    return page.locator(f'[data-ac-cards] > [data-ac-course="{course}"] .ac-card__title a')


def test_the_first_click_after_typing_opens_the_course(page: Page, sample_urls, courses):
    """Typing, then clicking a card at once: the box's blur must not redraw the card away."""
    base = sample_urls[AUDIENCE]
    for course in courses:
        page.goto(base + "catalog/")
        page.get_by_label("Find a course").press_sequentially(course["title"].lower())
        expect(page.locator("[data-ac-shown]")).not_to_have_text(str(len(courses)))
        card_link(page, course["id"]).click()
        expect(page).to_have_url(base + course["url"])


def readme_catalog_links() -> list[str]:
    """Every catalog address the README and the portal's documentation show a reader, e.g.
    ``catalog/?roles=admin&…``."""
    text = "\n".join((REPO / name).read_text(encoding="utf-8") for name in ("README.md", "docs/portal.md"))
    return sorted(set(re.findall(r"catalog/\?[^\s`)]+", text)))


def expect_search_closed(page: Page) -> None:
    """Material's search dialog stays shut: its toggle is off and its box has no focus."""
    page.wait_for_load_state("networkidle")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator(".md-search__input")).not_to_be_focused()


def expect_filter(page: Page, query: str) -> None:
    """The filters show exactly what ``query`` (a catalog address's query string) asks for."""
    params = parse_qs(query)
    text = (params.pop("find", None) or params.pop("q", None) or [""])[0]
    expect(page.get_by_label("Find a course")).to_have_value(text)
    for facet, values in params.items():
        for value in values[0].split(","):
            expect(page.locator(f'[data-ac-facet="{facet}"] input[value="{value}"]')).to_be_checked()


def test_readme_catalog_links_filter_without_opening_search(page: Page, sample_urls):
    links = readme_catalog_links()
    assert links, "the documentation shows a filtered catalog address"
    for link in links:
        page.goto(sample_urls[AUDIENCE] + link)
        expect_search_closed(page)
        expect_filter(page, urlsplit(link).query)


def test_an_older_q_link_filters_the_catalog_and_leaves_search_shut(page: Page, sample_urls, courses):
    for course in courses[:3]:
        words = course["title"].lower()
        page.goto(sample_urls[AUDIENCE] + "catalog/?" + urlencode({"q": words, "level": course["terms"]["level"][0]}))
        expect_search_closed(page)
        expect_filter(page, urlencode({"find": words, "level": course["terms"]["level"][0]}))
        expect(card_link(page, course["id"])).to_be_visible()
        assert parse_qs(urlsplit(page.url).query)["find"] == [words] and "q" not in parse_qs(urlsplit(page.url).query)


def test_back_after_a_text_search_restores_it_without_opening_search(page: Page, sample_urls, courses):
    base = sample_urls[AUDIENCE]
    course = courses[-1]
    page.goto(base + "catalog/")
    page.get_by_label("Find a course").press_sequentially(course["title"].lower())
    expect(page).to_have_url(re.compile(r"[?&]find="))
    card_link(page, course["id"]).click()
    expect(page).to_have_url(base + course["url"])
    page.go_back()
    expect(page).to_have_url(re.compile(r"/catalog/\?find="))
    expect_search_closed(page)
    expect(page.get_by_label("Find a course")).to_have_value(course["title"].lower())
    expect(card_link(page, course["id"])).to_be_visible()
    page.reload()
    expect_search_closed(page)
    expect(page.get_by_label("Find a course")).to_have_value(course["title"].lower())


@pytest.fixture
def page_types(sample_site) -> dict[str, str]:
    """One page of each kind of the customers site, found from its catalog.json."""
    catalog = json.loads((sample_site / AUDIENCE / "catalog.json").read_text(encoding="utf-8"))
    course = catalog["courses"][0]
    collections = {entry["path"]: entry["url"] for entry in catalog["collections"]}
    assert set(collections) == {True, False}, "the sample has collections and learning paths"
    return {
        "home": "",
        "catalog": "catalog/",
        "collections index": "collections/",
        "collection": collections[False],
        "path": collections[True],
        "course": course["url"],
        "lesson": course["lessons"][-1]["url"],
        "badges": "badges/",
        "my learning": "my-learning/",
        "recommendation quiz": "recommend/",
        "certificate": "certificate/?collection=" + collections[True].strip("/").rsplit("/", 1)[-1],
    }


CONTROLS = ".ac-portal :is(button, input, select, textarea, label.md-button, [tabindex])"


def test_without_javascript_no_control_that_needs_it_is_shown(browser, sample_urls, page_types):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for kind, url in page_types.items():
        page.goto(sample_urls[AUDIENCE] + url)
        expect(page.locator(".ac-portal")).to_be_visible()
        shown = page.locator(CONTROLS).filter(visible=True)
        assert shown.count() == 0, f"{kind}: {shown.evaluate_all('cs => cs.map(c => c.outerHTML)')}"
    context.close()


def keyboard_stops(page: Page, limit: int = 400) -> list[str]:
    """What Tab reaches inside the portal's content, from the top of the page to its end."""
    page.locator("body").focus()
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e === document.body ? null : [Boolean(e.closest('.ac-portal')), e.outerHTML.slice(0, 120)]; }"
        )
        if where is None or (stops and where[1] == stops[0]):
            break
        if where[0]:
            stops.append(where[1])
    return stops


@pytest.mark.parametrize("kind", ["catalog", "empty catalog", "collection"])
def test_show_more_is_neither_shown_nor_focusable_when_every_card_shows(page: Page, sample_urls, page_types, kind):
    url = page_types["collection" if kind == "collection" else "catalog"]
    page.goto(sample_urls[AUDIENCE] + url + ("?find=no+course+is+called+this" if kind == "empty catalog" else ""))
    total = page.locator("[data-ac-cards] > .ac-card").count()
    expect(page.locator("[data-ac-shown]")).to_have_text(str(total))
    if kind == "empty catalog":
        expect(page.locator("[data-ac-empty]")).to_be_visible()
    stops = keyboard_stops(page)
    assert stops, "the keyboard reaches the portal's controls"
    assert not [stop for stop in stops if "data-ac-more" in stop]
    expect(page.locator("[data-ac-more]")).to_be_hidden()


@pytest.mark.parametrize("audience", ["customers", "partners"])
def test_on_a_phone_the_filters_wait_behind_a_button_that_counts_them(page: Page, sample_urls, audience):
    """At 375 px the courses start on the first screen: the filters open from "Filters (n)",
    which counts what is set; on a wide screen the filters stand beside the courses."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(sample_urls[audience] + "catalog/")
    toggle = page.locator("[data-ac-filters-toggle]")
    form = page.locator("[data-ac-filters]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(form).to_be_hidden()
    first = page.locator("[data-ac-cards] > li").first.bounding_box()
    assert first is not None and first["y"] < 740, first

    toggle.click()
    expect(form).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Find a course")).to_be_focused()
    form.locator('[data-ac-facet] input[type="checkbox"]').first.check()
    expect(toggle).to_have_text("Filters (1)")
    page.get_by_label("Find a course").fill("a")
    expect(toggle).to_have_text("Filters (2)")
    toggle.press("Enter")  # a keyboard closes it again
    expect(form).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    page.reload()  # filters read back from the address are counted too
    expect(toggle).to_have_text("Filters (2)")

    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(form).to_be_visible()
