"""Progress that notices change, in Chromium: a completed lesson whose text changed since says
"Updated since you completed it" on the lesson, on its course's lesson list and on "my learning";
a lesson unchanged since says nothing."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "customers"
STORAGE_KEY = f"academy:{AUDIENCE}:progress"
WHEN = "2026-01-05T10:00:00.000Z"
NOTICE = "Updated since you completed it"
OLD = "0123456789abcdef"


@pytest.fixture
def course(sample_site) -> dict:
    """A course of the customers site whose first two lessons complete by their button (no checks)."""
    catalog = json.loads((sample_site / AUDIENCE / "catalog.json").read_text(encoding="utf-8"))

    def by_button(lesson: dict) -> bool:
        return "data-ac-checks" not in (sample_site / AUDIENCE / lesson["url"] / "index.html").read_text("utf-8")

    return next(c for c in catalog["courses"] if len(c["lessons"]) >= 2 and all(map(by_button, c["lessons"][:2])))


def stored(page: Page) -> dict:
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", STORAGE_KEY)


def test_completing_a_lesson_records_the_version_read(page: Page, sample_urls, course):
    lesson = course["lessons"][0]
    page.goto(sample_urls[AUDIENCE] + lesson["url"])
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".ac-complete--header").get_by_role("button", name="Mark lesson complete").click()
    key = f"{course['id']}/{lesson['id']}"
    progress = stored(page)
    assert progress["version"] == 3 and key in progress["lessons"]
    assert progress["digests"] == {key: lesson["digest"]}
    expect(page.locator("[data-ac-updated]")).to_be_hidden()


def test_a_lesson_changed_since_completion_says_so_on_lesson_course_and_my_learning(page: Page, sample_urls, course):
    base = sample_urls[AUDIENCE]
    changed, same = course["lessons"][:2]
    key_changed, key_same = (f"{course['id']}/{lesson['id']}" for lesson in (changed, same))
    seed = {
        "version": 3,
        "lessons": {key_changed: WHEN, key_same: WHEN},
        "checks": {},
        "digests": {key_changed: OLD, key_same: same["digest"]},  # the first was completed in another version
    }
    page.goto(base + course["url"])
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(seed)])
    page.reload()
    items = page.locator(".ac-lessons__item")
    expect(items.filter(has_text=changed["title"]).locator("[data-ac-lesson-updated]")).to_have_text(NOTICE)
    expect(items.filter(has_text=same["title"]).locator("[data-ac-lesson-updated]")).to_be_hidden()
    expect(page.get_by_text(NOTICE).filter(visible=True)).to_have_count(1)

    page.goto(base + "my-learning/")
    line = page.locator(".ac-card__updated")
    expect(line).to_have_count(1)
    expect(line).to_have_text(f"{NOTICE}: {changed['title']}")

    line.get_by_role("link", name=changed["title"]).click()
    notice = page.locator("[data-ac-updated]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOTICE)
    notice.get_by_role("button", name="I have read the update").click()
    expect(notice).to_be_hidden()
    assert stored(page)["digests"][key_changed] == changed["digest"]

    page.goto(base + same["url"])
    expect(page.locator("[data-ac-updated]")).to_be_hidden()
    page.goto(base + "my-learning/")
    expect(page.locator('[data-ac-mine-list="progress"] .ac-card').first).to_be_visible()
    expect(page.locator(".ac-card__updated")).to_have_count(0)


def test_progress_of_an_older_version_shows_no_notice(page: Page, sample_urls, course):
    """Version 2 recorded no digests: nothing can be said about change, so nothing is."""
    base = sample_urls[AUDIENCE]
    lessons = {f"{course['id']}/{lesson['id']}": WHEN for lesson in course["lessons"]}
    page.goto(base + course["url"])
    seed = json.dumps({"version": 2, "lessons": lessons, "checks": {}})
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, seed])
    page.reload()
    expect(page.locator(".ac-lessons__state").first).to_have_text("Completed")
    expect(page.get_by_text(NOTICE).filter(visible=True)).to_have_count(0)


def test_an_export_carries_the_versions_completed_and_an_import_keeps_the_valid_ones(page: Page, sample_urls, course):
    first, second = (f"{course['id']}/{lesson['id']}" for lesson in course["lessons"][:2])
    exported = {
        "academy": "progress",
        "version": 3,
        "audience": AUDIENCE,
        "exported": WHEN,
        "lessons": {first: WHEN, second: WHEN},
        "checks": {},
        # A version for a lesson not completed, and one that is no digest, are left out.
        "digests": {first: OLD, second: "<b>not a digest</b>", f"{course['id']}/no-such-lesson": OLD},
    }
    page.goto(sample_urls[AUDIENCE] + "my-learning/")
    page.evaluate("localStorage.clear()")
    page.reload()
    file = {"name": "progress.json", "mimeType": "application/json", "buffer": json.dumps(exported).encode()}
    page.locator("[data-ac-import]").set_input_files(file)
    expect(page.locator("[data-ac-transfer-status]")).to_have_text("Imported: 2 completed lessons added.")
    assert stored(page)["digests"] == {first: OLD}
    expect(page.locator(".ac-card__updated")).to_have_text(f"{NOTICE}: {course['lessons'][0]['title']}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    again = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert again["version"] == 3 and again["digests"] == {first: OLD}
