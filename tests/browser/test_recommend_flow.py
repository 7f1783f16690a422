"""The recommendation quiz in real headless Chromium: answered by keyboard, featured on home, retaken."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "customers"


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focus is on ``selector``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_by_keyboard(page: Page, answers: dict[str, str]) -> None:
    """Choose each answer with Tab into its group and the arrow keys, then press Enter on the button."""
    page.locator("body").focus()
    for question, wanted in answers.items():
        tab_to(page, f'input[type="radio"][name="{question}"]')
        values = page.eval_on_selector_all(f'input[name="{question}"]', "rs => rs.map(r => r.value)")
        page.keyboard.press("Space")
        for _ in range(values.index(wanted)):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f'input[name="{question}"][value="{wanted}"]')).to_be_checked()
    tab_to(page, "[data-ac-quiz-form] button[type=submit]")
    page.keyboard.press("Enter")


def recommended_on_home(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-ac-recommended-list] > .ac-tile:not([hidden])", "tiles => tiles.map(t => t.dataset.acCollection)"
    )


def test_take_the_quiz_by_keyboard_see_the_path_on_home_and_retake_it(page: Page, sample_urls):
    home = sample_urls[AUDIENCE]
    page.goto(home)
    expect(page.locator("[data-ac-quiz-invite]")).to_be_visible()
    expect(page.locator("[data-ac-recommended]")).to_be_hidden()
    tab_to(page, "[data-ac-quiz-invite] a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(home + "recommend/")

    answer_by_keyboard(page, {"role": "admin", "stage": "implementing"})
    result = page.locator("[data-ac-quiz-result]")
    expect(result).to_be_visible()
    expect(result).to_be_focused()
    expect(result.locator(".ac-tile")).to_have_count(1)
    expect(result.locator(".ac-tile__title")).to_have_text("Ledgerly administrator path")

    tab_to(page, "[data-ac-quiz-home]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-ac-recommended]")).to_be_visible()
    assert recommended_on_home(page) == ["admin-path"]
    expect(page.locator("[data-ac-quiz-invite]")).to_be_hidden()
    expect(page.locator("[data-ac-recommended] .ac-tile:not([hidden]) .ac-tile__title a")).to_have_attribute(
        "href", re.compile(r"collections/admin-path/$")
    )

    tab_to(page, "[data-ac-recommended] [data-ac-quiz-retake]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(home + "recommend/")
    expect(page.locator("[data-ac-quiz-result]")).to_be_hidden()
    expect(page.locator('[data-ac-quiz-form] input[type="radio"]:checked')).to_have_count(0)
    page.goto(home)
    expect(page.locator("[data-ac-recommended]")).to_be_hidden()
    expect(page.locator("[data-ac-quiz-invite]")).to_be_visible()


def test_the_quiz_page_remembers_the_answers_and_its_retake_button_clears_them(page: Page, sample_urls):
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    answer_by_keyboard(page, {"role": "developer", "stage": "live"})
    expect(page.locator("[data-ac-quiz-tiles] .ac-tile")).to_have_count(1)
    page.reload()
    expect(page.locator("[data-ac-quiz-result]")).to_be_visible()
    expect(page.locator('input[name="role"][value="developer"]')).to_be_checked()
    tab_to(page, "[data-ac-quiz-retake]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-ac-quiz-result]")).to_be_hidden()
    expect(page.locator('[data-ac-quiz-form] input[type="radio"]').first).to_be_focused()
    assert page.evaluate(f"localStorage.getItem('academy:{AUDIENCE}:recommend')") is None
    assert page.evaluate(f"localStorage.getItem('academy:{AUDIENCE}:progress')") is None, "the progress store is apart"


def test_answers_no_rule_matches_lead_to_the_fallback(page: Page, sample_urls):
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    answer_by_keyboard(page, {"role": "finance", "stage": "implementing"})
    expect(page.locator("[data-ac-quiz-tiles] .ac-tile")).to_have_count(1)
    expect(page.locator("[data-ac-quiz-tiles] .ac-tile")).to_have_attribute("data-ac-collection", "finance-foundations")


def test_an_unanswered_question_is_said_and_focused(page: Page, sample_urls):
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    page.locator('input[name="role"][value="admin"]').check()
    page.get_by_role("button", name="Show my recommendation").click()
    expect(page.locator("[data-ac-quiz-error]")).to_have_text("Please answer every question: 1 still open.")
    expect(page.locator('input[name="stage"]').first).to_be_focused()
    expect(page.locator("[data-ac-quiz-result]")).to_be_hidden()


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        '{"version": 1, "answers": {}, "collections": ["support-readiness", {"x": 1}, "__proto__"]}',
        '{"version": 99, "answers": {"role": "admin"}, "collections": ["admin-path"]}',
    ],
    ids=["not JSON", "ids this site does not show", "a newer version"],
)
def test_a_stored_result_that_is_not_this_sites_own_features_nothing(page: Page, sample_urls, stored):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample_urls[AUDIENCE])
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"academy:{AUDIENCE}:recommend", stored])
    page.reload()
    expect(page.locator("[data-ac-quiz-invite]")).to_be_visible()
    expect(page.locator("[data-ac-recommended]")).to_be_hidden()
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    expect(page.locator("[data-ac-quiz-result]")).to_be_hidden()
    assert errors == []


def test_a_result_whose_answers_the_quiz_no_longer_has_is_asked_again(page: Page, sample_urls):
    stale = '{"version": 1, "answers": {"role": "gone", "stage": "live"}, "collections": ["admin-path"]}'
    page.goto(sample_urls[AUDIENCE])
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"academy:{AUDIENCE}:recommend", stale])
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    expect(page.locator("[data-ac-quiz-result]")).to_be_hidden()
    expect(page.locator('[data-ac-quiz-form] input[type="radio"]:checked')).to_have_count(0)
    page.goto(sample_urls[AUDIENCE])
    expect(page.locator("[data-ac-recommended]")).to_be_hidden()


def test_without_javascript_every_recommendation_is_listed_with_its_paths(browser, sample_urls):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    expect(page.locator("[data-ac-quiz-form]")).to_be_hidden()
    outcomes = page.locator(".ac-quiz__outcome")
    expect(outcomes).to_have_count(5)
    expect(outcomes.first.locator("dt").first).to_have_text("What do you do in Ledgerly?")
    expect(outcomes.last.locator(".ac-quiz__when")).to_have_text("For any other answers")
    expect(outcomes.first.locator(".ac-tile__title a")).to_be_visible()
    page.goto(sample_urls[AUDIENCE])
    expect(page.locator("[data-ac-quiz-invite] a")).to_be_visible()
    expect(page.locator("[data-ac-recommended]")).to_be_hidden()
    context.close()


def test_the_quiz_page_brings_a_result_up_to_date_with_the_rules(page: Page, sample_urls):
    earlier = (
        '{"version": 1, "answers": {"role": "admin", "stage": "implementing"}, "outcome": "9",'
        ' "collections": ["developer-path"]}'
    )
    page.goto(sample_urls[AUDIENCE])
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"academy:{AUDIENCE}:recommend", earlier])
    page.reload()
    assert recommended_on_home(page) == ["developer-path"]
    page.goto(sample_urls[AUDIENCE] + "recommend/")
    expect(page.locator("[data-ac-quiz-tiles] .ac-tile")).to_have_attribute("data-ac-collection", "admin-path")
    page.goto(sample_urls[AUDIENCE])
    assert recommended_on_home(page) == ["admin-path"]
