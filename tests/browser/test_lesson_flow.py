"""A course taken as a learner takes it, in real Chromium: lesson to lesson by previous and next,
each lesson's place and duration in its header, "mark complete" at the top, then the next lesson
or the course's end with the badges it counts towards."""

from __future__ import annotations

import json
import posixpath
import re

import pytest
import yaml
from playwright.sync_api import Page, expect

from academy.portal.cards import duration_label
from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "customers"


@pytest.fixture
def catalog(sample_site) -> dict:
    return json.loads((sample_site / AUDIENCE / "catalog.json").read_text(encoding="utf-8"))


def course_of(catalog: dict, course_id: str) -> dict:
    return next(course for course in catalog["courses"] if course["id"] == course_id)


def written_duration(lesson_url: str) -> int | None:
    """The ``duration`` an author wrote in the lesson's front matter (the sample keeps URLs = paths)."""
    source = REPO / "content" / (lesson_url.rstrip("/") + ".md")
    front = source.read_text(encoding="utf-8").split("---\n")[1]
    return yaml.safe_load(front).get("duration")


def header(page: Page):
    return page.locator(".ac-lesson__header")


def pager(page: Page, direction: str):
    """The lesson's own Previous or Next link (Material's table of contents may hold a "Next" too)."""
    return page.get_by_role("navigation", name=re.compile("^Lessons of ")).get_by_role(
        "link", name=re.compile(rf"^{direction}\b")
    )


def test_next_and_previous_walk_a_course_in_order(page: Page, sample_urls, catalog):
    """From a course's first lesson, Next visits every lesson in order, then Previous comes back to
    the overview; every lesson's header gives its place and the author's duration. (Every course's
    pages are checked the same way, without a browser, below.)"""
    base = sample_urls[AUDIENCE]
    course = max(catalog["courses"], key=lambda course: len(course["lessons"]))
    lessons = course["lessons"]
    page.goto(base + lessons[0]["url"])
    for number, lesson in enumerate(lessons, start=1):
        expect(page).to_have_url(base + lesson["url"])
        line = header(page).locator(".ac-lesson__course")
        expect(line).to_contain_text(f"Lesson {number} of {len(lessons)}")
        minutes = written_duration(lesson["url"])
        expect(line.locator(".ac-lesson__duration")).to_have_text(duration_label(minutes) if minutes else "")
        following = pager(page, "Next")
        if number < len(lessons):
            expect(following).to_contain_text(lessons[number]["title"])
            following.click()
        else:
            expect(following).to_have_count(0)
    for lesson in reversed(lessons[:-1]):
        pager(page, "Previous").click()
        expect(page).to_have_url(base + lesson["url"])
    pager(page, "Previous").click()
    expect(page).to_have_url(base + course["url"])


_PAGER_LINK = re.compile(r'<a class="ac-pager__link ac-pager__link--(previous|next)" href="([^"]*)"')


def test_every_lesson_of_every_course_links_its_neighbours_and_gives_its_place(sample_site, catalog):
    """The built pages themselves: each lesson's Previous leads to the lesson before (the overview
    for the first), its Next to the lesson after (none for the last), and its header gives its
    place and the author's duration."""
    for course in catalog["courses"]:
        lessons = course["lessons"]
        for number, lesson in enumerate(lessons, start=1):
            html = (sample_site / AUDIENCE / lesson["url"] / "index.html").read_text(encoding="utf-8")
            links = {
                kind: posixpath.normpath(posixpath.join(lesson["url"], href)) + "/"
                for kind, href in _PAGER_LINK.findall(html)
            }
            before = lessons[number - 2]["url"] if number > 1 else course["url"]
            assert links.get("previous") == before, lesson["url"]
            assert links.get("next") == (lessons[number]["url"] if number < len(lessons) else None), lesson["url"]
            assert f"Lesson {number} of {len(lessons)}" in html, lesson["url"]
            minutes = written_duration(lesson["url"])
            if minutes:
                assert f'<span class="ac-lesson__duration">{duration_label(minutes)}</span>' in html, lesson["url"]


def test_previous_and_next_work_without_javascript(browser, sample_urls, catalog):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = sample_urls[AUDIENCE]
    lessons = catalog["courses"][0]["lessons"]
    page.goto(base + lessons[0]["url"])
    pager(page, "Next").click()
    expect(page).to_have_url(base + lessons[1]["url"])
    pager(page, "Previous").click()
    expect(page).to_have_url(base + lessons[0]["url"])
    context.close()


def test_complete_from_the_header_then_go_on_by_keyboard(page: Page, sample_urls, catalog):
    base = sample_urls[AUDIENCE]
    lessons = course_of(catalog, "workspace-setup")["lessons"]  # lessons without knowledge checks
    page.goto(base + lessons[0]["url"])
    button = header(page).locator("[data-ac-complete-button]")
    expect(button).to_have_text("Mark lesson complete")
    expect(button).to_be_in_viewport()
    header(page).locator(".ac-lesson__course a").focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    foot = page.locator(".ac-complete--foot [data-ac-complete-button]")
    expect(foot).to_have_attribute("aria-pressed", "true")  # one state, two controls
    next_lesson = header(page).get_by_role("link", name=f"Next lesson: {lessons[1]['title']}")
    expect(next_lesson).to_be_visible()
    page.keyboard.press("Tab")
    expect(next_lesson).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + lessons[1]["url"])
    expect(header(page).get_by_role("button", name="Mark lesson complete")).to_be_in_viewport()


def test_next_lesson_shows_only_once_the_lesson_is_complete(page: Page, sample_urls, catalog):
    base = sample_urls[AUDIENCE]
    lessons = course_of(catalog, "payment-runs")["lessons"]
    page.goto(base + lessons[0]["url"])
    next_lesson = page.get_by_role("link", name=f"Next lesson: {lessons[1]['title']}", include_hidden=True)
    expect(next_lesson).to_have_count(2)
    expect(next_lesson.first).to_be_hidden()
    page.locator(".ac-complete--foot [data-ac-complete-button]").click()
    expect(next_lesson.last).to_be_visible()
    page.reload()
    expect(next_lesson.first).to_be_visible()
    page.locator(".ac-complete--foot [data-ac-complete-button]").click()
    expect(next_lesson.first).to_be_hidden()
    expect(next_lesson.last).to_be_hidden()


def badge_lines(catalog: dict, course_id: str, done: set[str]) -> list[str]:
    """What the course's end should say of each badge the course counts towards."""
    lines = []
    for entry in catalog["collections"]:
        if entry["badge"] and course_id in entry["courses"]:
            count = sum(course in done for course in entry["courses"])
            total = len(entry["courses"])
            label = entry["badge"]["label"]
            if count == total:
                lines.append(f"{label} badge earned: {entry['title']} complete.")
            else:
                lines.append(f"{label} badge: {count} of {total} courses of {entry['title']} complete.")
    return lines


def complete_lessons(page: Page, base: str, lessons: list[dict]) -> None:
    for lesson in lessons:
        page.goto(base + lesson["url"])
        expect(header(page).locator("[data-ac-complete-button]")).to_have_text("Mark lesson complete")
        header(page).locator("[data-ac-complete-button]").click()
        expect(header(page).locator("[data-ac-complete-button]")).to_have_attribute("aria-pressed", "true")


def test_the_last_lesson_completes_the_course_and_shows_badge_progress(page: Page, sample_urls, catalog):
    base = sample_urls[AUDIENCE]
    for course_id, done in [("erp-integration", set()), ("api-webhooks", {"erp-integration"})]:
        lessons = course_of(catalog, course_id)["lessons"]
        complete_lessons(page, base, lessons)
        end = header(page).locator("[data-ac-course-end]")
        expect(end).to_contain_text("Course complete.")
        lines = badge_lines(catalog, course_id, done | {course_id})
        assert lines, f"{course_id} counts towards a badge in the sample"
        expect(end.locator(".ac-complete__badge")).to_have_text(lines)
        expect(page.get_by_role("link", name=re.compile("^Next lesson:"))).to_have_count(0)
    expect(header(page).locator("[data-ac-complete-state]")).to_contain_text("You earned the Ledgerly Developer badge")


def test_the_last_lesson_of_an_unfinished_course_points_to_the_first_open_lesson(page: Page, sample_urls, catalog):
    base = sample_urls[AUDIENCE]
    lessons = course_of(catalog, "workspace-setup")["lessons"]
    complete_lessons(page, base, [lessons[0], lessons[-1]])
    end = header(page).locator("[data-ac-course-end]")
    expect(end).to_have_text(f"{len(lessons) - 2} lessons of this course still open. Next: {lessons[1]['title']}")
    end.get_by_role("link", name=lessons[1]["title"]).click()
    expect(page).to_have_url(base + lessons[1]["url"])


def course_start(page: Page):
    return page.locator("[data-ac-start]")


def ring(page: Page):
    return page.get_by_role("img", name=re.compile(r"^\d+ of \d+ lessons complete$"))


def test_the_course_button_starts_then_resumes_at_the_first_open_lesson_then_reviews(page: Page, sample_urls, catalog):
    base = sample_urls[AUDIENCE]
    course = course_of(catalog, "workspace-setup")
    lessons, total = course["lessons"], len(course["lessons"])
    assert total >= 3, "the scenario needs a lesson left open between two done ones"
    page.goto(base + course["url"])
    expect(ring(page)).to_have_accessible_name(f"0 of {total} lessons complete")
    expect(course_start(page)).to_have_text("Start")
    course_start(page).click()
    expect(page).to_have_url(base + lessons[0]["url"])

    complete_lessons(page, base, [lessons[0], lessons[2]])
    page.goto(base + course["url"])
    expect(ring(page)).to_have_accessible_name(f"2 of {total} lessons complete")
    expect(ring(page)).to_have_text(f"{round(200 / total)}%")
    expect(course_start(page)).to_have_text("Resume")
    course_start(page).click()
    expect(page).to_have_url(base + lessons[1]["url"])

    complete_lessons(page, base, [lesson for index, lesson in enumerate(lessons) if index not in (0, 2)])
    page.goto(base + course["url"])
    expect(ring(page)).to_have_accessible_name(f"{total} of {total} lessons complete")
    expect(course_start(page)).to_have_text("Review")
    course_start(page).click()
    expect(page).to_have_url(base + lessons[0]["url"])


def test_the_course_header_gives_size_and_time_and_starts_without_javascript(browser, sample_urls, catalog):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = sample_urls[AUDIENCE]
    course = course_of(catalog, "workspace-setup")
    page.goto(base + course["url"])
    size = page.locator(".ac-course__size")
    expect(size).to_contain_text(f"{len(course['lessons'])} lessons")
    expect(size.locator(".ac-course__duration")).to_have_text(duration_label(course["duration"]))
    expect(ring(page)).to_have_count(0)  # progress is known only to the script
    expect(course_start(page)).to_have_text("Start")
    course_start(page).click()
    expect(page).to_have_url(base + course["lessons"][0]["url"])
    context.close()
