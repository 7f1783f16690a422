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
    """Every catalog address the README shows a reader, e.g. ``catalog/?roles=admin&…``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
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
    assert links, "the README shows a filtered catalog address"
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
