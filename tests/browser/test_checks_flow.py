"""Knowledge checks and final assessments taken as a learner takes them, in real Chromium.

Answer wrong, read the feedback, try again, answer right; pass a lesson's checks and see it
complete; fail a final assessment, retry, pass, and see the course and its badge complete; all
of it by keyboard too; without JavaScript the questions show and say checking needs it;
progress (attempts and scores) survives export and import.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from academy.core.checks import answer_digest
from conftest import REPO
from sites import load

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "courses/approval-workflows/02-routing-rules/"
ASSESSMENT = "courses/support-escalations/04-final-assessment/"


@pytest.fixture(scope="module")
def academy():
    return load(REPO)


def checks_of(academy, url: str, audience: str):
    src = "courses/" + url.split("courses/", 1)[1].rstrip("/") + ".md"
    return academy.docs[src].readings[audience].checks


def check_box(page: Page, check_id: str):
    return page.locator(f'[data-ac-check="{check_id}"]')


def answer(page: Page, check, indices) -> None:
    box = check_box(page, check.id)
    for index in range(len(check.choices)):
        field = box.locator(f'input[value="{index}"]')
        if index in indices:
            field.check()
        elif check.multiple:
            field.uncheck()
    box.get_by_role("button", name="Check answer").click()


def wrong(check) -> list[int]:
    return [next(index for index in range(len(check.choices)) if index not in check.answer)]


def foot_state(page: Page):
    return page.locator(".ac-complete--foot [data-ac-complete-state]")


def test_wrong_then_right_shows_feedback_then_the_explanation(page: Page, sample_urls, academy):
    check = checks_of(academy, LESSON, "customers")[0]
    page.goto(sample_urls["customers"] + LESSON)
    box = check_box(page, check.id)
    answer(page, check, wrong(check))
    result = box.locator("[data-ac-check-result]")
    expect(result).to_have_text(re.compile("^Not quite"))
    chosen = wrong(check)[0]
    expect(box.locator(f'[data-ac-feedback="{chosen}"]')).to_be_visible()
    expect(box.locator(f'[data-ac-feedback="{chosen}"]')).to_have_text(
        re.sub("<[^>]+>", "", check.choices[chosen].feedback)
    )
    expect(box.locator("[data-ac-explanation]")).to_be_hidden()
    expect(box.get_by_role("button", name="Check answer")).to_be_hidden()
    box.get_by_role("button", name="Try again").click()
    expect(box.locator(f'[data-ac-feedback="{chosen}"]')).to_be_hidden()
    answer(page, check, check.answer)
    expect(result).to_have_text(re.compile("^Right"))
    expect(box.locator("[data-ac-explanation]")).to_be_visible()
    expect(box.locator("[data-ac-explanation]")).to_contain_text(re.sub("<[^>]+>", "", check.explanation)[:40])
    expect(box.get_by_role("button", name="Try again")).to_be_hidden()


def test_the_browser_digest_is_the_builds(page: Page, sample_urls):
    """The page's own SHA-256 agrees with Python's, on text that needs UTF-8 and more than one block."""
    page.goto(sample_urls["customers"] + LESSON)
    for text in ["", "abc", "salt:0,2", "é€😀" * 40]:
        expected = answer_digest(text, [])  # sha256(text + ":")
        assert page.evaluate("t => AcademyChecks.sha256Hex(t + ':')", text) == expected


def test_passing_the_checks_completes_the_lesson_and_there_is_no_mark_complete_button(page: Page, sample_urls, academy):
    checks = checks_of(academy, LESSON, "customers")
    page.goto(sample_urls["customers"] + LESSON)
    expect(page.locator("[data-ac-complete-button]")).to_have_count(0)
    expect(foot_state(page)).to_contain_text("Answer the knowledge checks on this page")
    answer(page, checks[0], checks[0].answer)
    expect(foot_state(page)).to_contain_text("Score 50%")
    answer(page, checks[1], wrong(checks[1]))
    expect(foot_state(page)).to_contain_text("Score 50%: 1 of 2 right; 80% needed")
    check_box(page, checks[1].id).get_by_role("button", name="Try again").click()
    answer(page, checks[1], checks[1].answer)
    expect(foot_state(page)).to_contain_text("Lesson complete")
    expect(page.locator(".ac-complete--foot [data-ac-next-lesson]")).to_be_visible()
    expect(page.locator('.ac-course-nav [data-ac-tick="approval-workflows/02-routing-rules"]')).to_have_class(
        re.compile("ac-tick--done")
    )
    progress = page.evaluate("JSON.parse(localStorage.getItem('academy:customers:progress'))")
    assert progress["version"] == 3 and "approval-workflows/02-routing-rules" in progress["lessons"]
    assert progress["checks"][f"approval-workflows/{checks[1].id}"]["attempts"] == 2
    page.reload()
    expect(check_box(page, checks[1].id).locator("[data-ac-check-result]")).to_have_text(re.compile("^Right"))
    expect(foot_state(page)).to_contain_text("Lesson complete")


def seed_support_ready(page: Page, base: str, catalog: dict) -> None:
    """Every lesson of the Support readiness path done, but the final assessment."""
    path = next(c for c in catalog["collections"] if c["id"] == "support-readiness")
    lessons = {
        f"{course['id']}/{lesson['id']}": "2026-01-05T10:00:00.000Z"
        for course in catalog["courses"]
        if course["id"] in path["courses"]
        for lesson in course["lessons"]
        if f"courses/{course['id']}/{lesson['id']}/" != ASSESSMENT
    }
    page.evaluate(
        "v => localStorage.setItem('academy:employees:progress', v)",
        json.dumps({"version": 2, "lessons": lessons, "checks": {}}),
    )


def test_fail_the_final_assessment_retry_pass_and_earn_the_badge(page: Page, sample_urls, academy):
    base = sample_urls["employees"]
    catalog = json.loads(page.request.get(base + "catalog.json").text())
    page.goto(base + ASSESSMENT)
    seed_support_ready(page, base, catalog)
    page.reload()
    checks = checks_of(academy, ASSESSMENT, "employees")
    missed = checks[:2]
    for check in checks:
        answer(page, check, wrong(check) if check in missed else check.answer)
    right = len(checks) - len(missed)
    score = round(100 * right / len(checks))
    expect(foot_state(page)).to_contain_text(f"Score {score}%: {right} of {len(checks)} right; 80% needed")
    expect(page.locator(".ac-complete--foot [data-ac-course-end]")).to_be_hidden()
    # One more right answer reaches the pass mark (4 of 5): the assessment, the course and the badge complete.
    check_box(page, missed[0].id).get_by_role("button", name="Try again").click()
    answer(page, missed[0], missed[0].answer)
    expect(foot_state(page)).to_contain_text("Lesson complete: you answered 80% of this final assessment right.")
    expect(foot_state(page)).to_contain_text("You earned the Support Ready badge!")
    expect(page.locator(".ac-complete--foot [data-ac-course-end]")).to_contain_text("Course complete.")
    page.goto(base + "badges/")
    expect(page.locator('[data-ac-badge="support-readiness"] [data-ac-badge-state]')).to_have_text("Earned")


def test_a_check_answered_by_keyboard_alone(page: Page, sample_urls, academy):
    check = checks_of(academy, LESSON, "customers")[0]
    page.goto(sample_urls["customers"] + LESSON)
    box = check_box(page, check.id)
    box.locator("legend").scroll_into_view_if_needed()
    page.evaluate("id => document.getElementById(id).focus()", f"ac-check-{check.id}-1")
    expect(box.locator('input[value="0"]')).to_be_focused()
    target = wrong(check)[0]
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(box.locator(f'input[value="{target}"]')).to_be_checked()
    page.keyboard.press("Tab")
    expect(box.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    retry = box.get_by_role("button", name="Try again")
    expect(retry).to_be_focused()
    page.keyboard.press("Enter")
    expect(box.locator('input[value="0"]')).to_be_focused()
    for _ in range(check.answer[0]):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(box.locator("[data-ac-check-result]")).to_have_text(re.compile("^Right"))
    expect(box.locator("[data-ac-check-result]")).to_be_focused()


def test_without_javascript_questions_show_with_a_note_and_no_button(browser: Browser, sample_urls):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_urls["customers"] + LESSON)
    boxes = page.locator(".ac-check")
    expect(boxes.first.locator("legend")).to_be_visible()
    expect(boxes.first.locator("label").first).to_be_visible()
    expect(boxes.first.locator(".ac-check__nojs")).to_have_text(re.compile("needs JavaScript"))
    for role in ("Check answer", "Try again", "Mark lesson complete"):
        expect(page.get_by_role("button", name=role)).to_have_count(0)
    context.close()


def test_check_results_survive_export_and_import(browser: Browser, sample_urls, academy, tmp_path):
    check = checks_of(academy, LESSON, "customers")[0]
    base = sample_urls["customers"]
    first = browser.new_context()
    page = first.new_page()
    page.goto(base + LESSON)
    answer(page, check, check.answer)
    page.goto(base + "my-learning/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["version"] == 3 and data["checks"][f"approval-workflows/{check.id}"]["score"] == 100
    first.close()
    second = browser.new_context()
    page = second.new_page()
    page.goto(base + "my-learning/")
    page.locator("[data-ac-import]").set_input_files(str(exported))
    expect(page.locator("[data-ac-transfer-status]")).to_contain_text("Imported")
    page.goto(base + LESSON)
    expect(check_box(page, check.id).locator("[data-ac-check-result]")).to_have_text(re.compile("^Right"))
    second.close()
