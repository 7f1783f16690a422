"""The learner's portal in real headless Chromium: filters, progress, badges, export/import, no-JS."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def visible_courses(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-ac-cards] > .ac-card:not([hidden])", "cards => cards.map(c => c.dataset.acCourse)"
    )


def terms_of(page: Page, course: str) -> str:
    return page.get_attribute(f'[data-ac-cards] > [data-ac-course="{course}"]', "data-ac-terms")


def test_each_facet_filters_the_cards_and_writes_the_url(page: Page, sample_urls):
    page.goto(sample_urls["customers"] + "catalog/")
    expect(page.locator("[data-ac-filters]")).to_be_visible()
    everything = visible_courses(page)
    assert len(everything) >= 10
    for facet, value in [("roles", "developer"), ("stage", "maintenance"), ("level", "advanced"), ("format", "video")]:
        box = page.locator(f'[data-ac-facet="{facet}"] input[value="{value}"]')
        if box.count() == 0:
            continue
        box.check()
        shown = visible_courses(page)
        assert 0 < len(shown) < len(everything), facet
        assert all(f"{facet}:{value}" in terms_of(page, course) for course in shown)
        assert f"{facet}={value}" in page.url
        expect(page.locator("[data-ac-shown]")).to_have_text(str(len(shown)))
        box.uncheck()
        assert visible_courses(page) == everything
        assert f"{facet}=" not in page.url


def test_free_text_filter_matches_titles_and_tags(page: Page, sample_urls):
    page.goto(sample_urls["customers"] + "catalog/")
    page.get_by_label("Find a course").fill("webhooks")
    expect(page).to_have_url(re.compile(r"find=webhooks"))
    # The address follows the box at once, the list a moment later.
    expect(page.locator("[data-ac-shown]")).to_have_text("1")
    assert visible_courses(page) == ["api-webhooks"]


def test_counts_show_what_each_value_would_give(page: Page, sample_urls):
    page.goto(sample_urls["customers"] + "catalog/")
    page.locator('[data-ac-facet="stage"] input[value="foundational"]').check()
    shown = visible_courses(page)
    developer_count = page.locator('[data-ac-count="roles:developer"]').inner_text()
    expected = sum("roles:developer" in terms_of(page, course) for course in shown)
    assert int(developer_count) == expected


def test_a_shared_filter_url_restores_the_filter(page: Page, sample_urls):
    page.goto(sample_urls["customers"] + "catalog/?roles=accountant&stage=foundational")
    expect(page.locator('[data-ac-facet="roles"] input[value="accountant"]')).to_be_checked()
    shown = visible_courses(page)
    assert shown and all(
        "roles:accountant" in terms_of(page, c) and "stage:foundational" in terms_of(page, c) for c in shown
    )
    page.get_by_role("button", name="Clear all").first.click()
    expect(page.locator('[data-ac-facet="roles"] input[value="accountant"]')).not_to_be_checked()
    expect(page).not_to_have_url(re.compile(r"roles="))


def test_filters_work_from_the_keyboard(page: Page, sample_urls):
    page.goto(sample_urls["customers"] + "catalog/")
    page.locator('[data-ac-facet="roles"] input[value="developer"]').focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"roles=developer"))


def complete_course(page: Page, base: str, course: str) -> None:
    catalog = json.loads(page.request.get(base + "catalog.json").text())
    lessons = next(c for c in catalog["courses"] if c["id"] == course)["lessons"]
    for lesson in lessons:
        page.goto(base + lesson["url"])
        button = page.locator("[data-ac-complete-button]").first
        expect(button).to_have_text("Mark lesson complete")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")


def test_completing_a_path_updates_course_collection_and_badge(page: Page, sample_urls):
    base = sample_urls["customers"]
    complete_course(page, base, "erp-integration")
    page.goto(base + "courses/erp-integration/")
    expect(page.get_by_role("img", name="3 of 3 lessons complete")).to_have_text("100%")
    page.goto(base + "collections/developer-path/")
    expect(page.locator(".ac-collection__header [data-ac-progress-label]")).to_have_text("50% complete")
    expect(page.locator('[data-ac-path] [data-ac-course="api-webhooks"]')).to_have_class(re.compile("ac-card--next"))
    next_step = page.get_by_role("region", name="Next step")
    expect(next_step).to_contain_text("Step 2 of 2: Build on the API and webhooks · 1 h 30 min")
    expect(page.get_by_role("region", name="Path complete")).to_have_count(0)  # hidden
    next_step.get_by_role("link", name="Start this course").click()
    expect(page).to_have_url(base + "courses/api-webhooks/")

    complete_course(page, base, "api-webhooks")
    expect(page.locator("[data-ac-complete-state]").first).to_contain_text("You earned the Ledgerly Developer badge")
    page.goto(base + "collections/developer-path/")
    expect(page.locator(".ac-collection__header [data-ac-progress-label]")).to_have_text("Complete")
    expect(next_step).to_be_hidden()
    finished = page.get_by_role("region", name="Path complete")
    expect(finished).to_contain_text("You earned the Ledgerly Developer badge.")
    # What next: the audience's collections featured after this path, then from the top again.
    expect(finished.locator(".ac-tile__title")).to_have_text(
        ["Run and optimise", "Ledgerly administrator path", "Finance team foundations"]
    )
    expect(finished.get_by_role("link", name="browse the catalog")).to_be_visible()
    page.goto(base + "badges/")
    expect(page.locator('[data-ac-badge="developer-path"]')).to_have_class(re.compile("ac-badge--earned"))
    expect(page.locator('[data-ac-badge="admin-path"]')).not_to_have_class(re.compile("ac-badge--earned"))

    page.reload()
    expect(page.locator('[data-ac-badge="developer-path"] [data-ac-badge-state]')).to_have_text("Earned")
    page.goto(base + "my-learning/")
    expect(page.locator('[data-ac-mine-list="done"] .ac-card')).to_have_count(2)
    expect(page.locator('[data-ac-mine-list="badges"] .ac-badge')).to_have_count(1)


def test_a_path_without_javascript_shows_its_time_first_step_and_prerequisites(browser, sample_urls):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_urls["customers"] + "collections/developer-path/")
    expect(page.locator(".ac-collection__duration")).to_have_text("2 h 50 min in all")
    next_step = page.get_by_role("region", name="Next step")
    expect(next_step).to_contain_text("Step 1 of 2: Connect your ERP · 1 h 20 min")
    expect(page.locator('[data-ac-course="api-webhooks"] .ac-card__prerequisites')).to_have_text(
        "Needs: Connect your ERP"
    )
    expect(page.locator("[data-ac-finished]")).to_be_hidden()
    next_step.get_by_role("link", name="Start this course").click()
    expect(page).to_have_url(sample_urls["customers"] + "courses/erp-integration/")
    context.close()


def test_progress_survives_a_reload_and_shows_on_home(page: Page, sample_urls):
    base = sample_urls["customers"]
    page.goto(base + "courses/workspace-setup/")  # its lessons complete by button: no knowledge checks
    page.locator(".ac-lessons a").first.click()
    page.locator("[data-ac-complete-button]").first.click()
    page.reload()
    expect(page.locator("[data-ac-complete-button]").first).to_have_attribute("aria-pressed", "true")
    page.goto(base)
    expect(page.locator("[data-ac-continue]")).to_be_visible()
    expect(page.locator("[data-ac-continue-list] .ac-card")).to_have_count(1)


def test_export_then_import_restores_progress(page: Page, sample_urls, tmp_path):
    base = sample_urls["customers"]
    complete_course(page, base, "erp-integration")
    page.goto(base + "my-learning/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["audience"] == "customers" and len(data["lessons"]) == 3

    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator('[data-ac-mine-list="done"] .ac-card')).to_have_count(0)
    page.locator("[data-ac-import]").set_input_files(exported)
    expect(page.locator("[data-ac-transfer-status]")).to_have_text("Imported: 3 completed lessons added.")
    expect(page.locator('[data-ac-mine-list="done"] .ac-card')).to_have_count(1)


def test_import_refuses_another_sites_progress(page: Page, sample_urls, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"academy": "progress", "audience": "partners", "lessons": {"a/b": "2026"}}))
    page.goto(sample_urls["customers"] + "my-learning/")
    page.locator("[data-ac-import]").set_input_files(other)
    expect(page.locator("[data-ac-transfer-status]")).to_contain_text("another academy site")


def test_pages_work_without_javascript(browser, sample_urls):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_urls["customers"] + "catalog/")
    expect(page.locator("[data-ac-filters]")).to_be_hidden()
    total = page.locator("[data-ac-cards] > .ac-card").count()
    assert total >= 10 and page.locator("[data-ac-cards] > .ac-card:visible").count() == total
    page.locator("[data-ac-cards] .ac-card__title a").first.click()
    expect(page.locator(".ac-lessons a").first).to_be_visible()
    page.locator(".ac-lessons a").first.click()
    expect(page.locator("article h1")).to_be_visible()
    context.close()


def test_instant_navigation_keeps_filters_working(page: Page, sample_urls):
    page.goto(sample_urls["customers"])
    page.locator(".md-tabs").get_by_role("link", name="Catalog").click()
    expect(page.locator("[data-ac-filters]")).to_be_visible()
    page.get_by_label("Find a course").fill("webhooks")
    expect(page).to_have_url(re.compile(r"find=webhooks"))


def search(page: Page, base: str, query: str) -> None:
    page.goto(base)
    box = page.locator(".md-search__input")
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    box.press_sequentially(query, delay=20)


def test_search_finds_only_what_the_audience_may_see(page: Page, sample_urls):
    search(page, sample_urls["partners"], "hypercare")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    search(page, sample_urls["customers"], "hypercare")
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
