"""A catalog of 150 generated courses: cards come in pages, filters stay exact over all of them."""

from __future__ import annotations

import re

import pytest
from bench.generate import generate
from playwright.sync_api import Page, expect

from conftest import _serve, build_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def large_catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("large")
    generate(root, 150, per_course=(1, 1), tiny=True)
    build_in(root, "--audience", "employees")
    server, url = _serve(root / "site" / "employees")
    yield url
    server.shutdown()


def cards(page: Page) -> int:
    return page.locator("[data-ac-cards] > .ac-card").count()


def test_cards_come_in_pages_and_filters_count_them_all(page: Page, large_catalog):
    page.goto(large_catalog + "catalog/")
    total = int(page.locator("[data-ac-shown]").inner_text())
    assert total == 150
    assert cards(page) == 60
    more = page.locator("[data-ac-more]")
    expect(more).to_have_text(f"Show more ({total - 60} left)")
    more.click()
    assert cards(page) == 120

    page.locator('[data-ac-facet="stage"] input[value="advanced"]').check()
    expected = int(page.locator('[data-ac-count="stage:advanced"]').inner_text())
    expect(page.locator("[data-ac-shown]")).to_have_text(str(expected))
    assert cards(page) == min(expected, 60)
    terms = page.eval_on_selector_all("[data-ac-cards] > .ac-card", "cs => cs.map(c => c.dataset.acTerms)")
    assert all("stage:advanced" in t for t in terms)
    expect(page).to_have_url(re.compile("stage=advanced"))

    page.locator('[data-ac-facet="stage"] input[value="advanced"]').uncheck()
    expect(page.locator("[data-ac-shown]")).to_have_text(str(total))
    more.click()
    more.click()
    assert cards(page) == total
    expect(more).to_be_hidden()
