"""Lighter pages, in real Chromium: a page loads without the search index, which is fetched
when the learner first uses search; search then still finds only the audience's pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INDEX = "search/search_index.json"
LESSON = "courses/workspace-setup/01-company-entities-and-currencies/"


def index_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if request.url.endswith(INDEX) else None)
    return seen


def test_a_lesson_loads_without_the_search_index_which_comes_on_first_use(page: Page, sample_urls):
    seen = index_requests(page)
    page.goto(sample_urls["customers"] + LESSON, wait_until="networkidle")
    expect(page.locator("[data-ac-complete-button]").first).to_be_visible()  # the page's own script ran
    assert seen == []
    box = page.locator(".md-search__input")
    with page.expect_request(lambda request: request.url.endswith(INDEX)):
        box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    box.press_sequentially("sso", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    # "hypercare" is in partners' pages only (a passage for them, a course of theirs).
    box.fill("")
    box.press_sequentially("hypercare", delay=20)
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    assert len(seen) == 1


def test_a_search_typed_before_the_index_arrives_still_finds(page: Page, sample_urls):
    """The shortcut "/" opens search at once; what the learner types then is searched once the
    index is there."""
    page.goto(sample_urls["partners"] + LESSON, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("hypercare")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_a_search_address_loads_the_index_at_once(page: Page, sample_urls):
    seen = index_requests(page)
    page.goto(sample_urls["partners"] + LESSON + "?q=hypercare")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert len(seen) == 1


PICTURE_LESSON = "courses/workspace-setup/01-company-entities-and-currencies/"


def test_an_image_keeps_its_room_before_it_arrives(page: Page, sample_urls):
    """The image's request is held: the page is laid out with the image's box already the
    picture's shape, so nothing moves when it arrives; then it shows at its file's size."""
    held = []
    page.route("**/entity-structure.svg", lambda route: held.append(route))
    page.goto(sample_urls["customers"] + PICTURE_LESSON, wait_until="domcontentloaded")
    image = page.locator("article img[src$='entity-structure.svg']")
    expect(image).to_have_attribute("width", "640")
    expect(image).to_have_attribute("height", "220")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    assert held, "the image's request was not held"
    waiting = image.bounding_box()
    assert waiting and waiting["width"] > 0
    assert abs(waiting["height"] - waiting["width"] * 220 / 640) < 1
    below = page.locator("article h2").nth(1).bounding_box()
    held[0].continue_()
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    assert image.bounding_box() == waiting
    assert page.locator("article h2").nth(1).bounding_box() == below
