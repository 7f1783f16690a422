"""The catalog as a learner uses it, in real Chromium: type, click, come back, page through."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

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
