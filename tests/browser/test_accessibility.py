"""Accessibility of every page type of every sample audience: axe-core, keyboard, small screens.

axe-core (from the pinned ``axe-playwright-python``) runs in Chromium on each page type of each
audience twice: in the light palette on a desktop, and in the dark palette on a small phone (the
pass that also looks for sideways scrolling). It must find nothing serious or critical. A finding inside Material
for MkDocs that templates and styles cannot fix is listed in ``MATERIAL_EXCEPTIONS`` by rule and
exact selector, and in docs/accessibility.md with the reason; nothing else is excluded.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import SAMPLE_AUDIENCES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = ("serious", "critical")
MATERIAL_EXCEPTIONS: dict[str, set[str]] = {}
"""axe rule id to the selectors of Material's own markup excused from it (see docs/accessibility.md)."""
SCHEMES = {"light": "default", "dark": "slate"}


@cache
def page_types(site: Path, audience: str) -> dict[str, str]:
    """One URL (relative to the audience's site) of each kind of page the audience's site has."""
    catalog = json.loads((site / audience / "catalog.json").read_text(encoding="utf-8"))
    urls = {
        "home": "",
        "catalog": "catalog/",
        "collections index": "collections/",
        "badges": "badges/",
        "my learning": "my-learning/",
    }
    for collection in catalog["collections"]:
        urls.setdefault("learning path" if collection["path"] else "collection", collection["url"])
    urls["course"] = catalog["courses"][0]["url"]
    lessons = [lesson["url"] for course in catalog["courses"] for lesson in course["lessons"]]
    # A lesson with a task list if there is one: its checkboxes are form controls.
    with_tasks = [url for url in lessons if "task-list" in (site / audience / url / "index.html").read_text("utf-8")]
    urls["lesson"] = (with_tasks or lessons)[0]
    html = {url: (site / audience / url / "index.html").read_text("utf-8") for url in lessons}
    checked = [url for url in lessons if "data-ac-checks" in html[url]]
    assessments = [url for url in checked if '"assessment":true' in html[url]]
    urls["lesson with knowledge checks"] = next(url for url in checked if url not in assessments)
    urls["final assessment"] = assessments[0]
    pages = [p.parent for p in (site / audience).glob("*/index.html")]
    portal = ("catalog", "collections", "badges", "my-learning", "recommend", "search")
    plain = sorted(p.name for p in pages if p.name not in portal)
    if plain:
        urls["plain page"] = plain[0] + "/"
    if (site / audience / "recommend" / "index.html").is_file():
        urls["recommendation quiz"] = "recommend/"
    # Without the learner's progress the certificate explains why it has nothing to print.
    urls["certificate"] = "certificate/?collection=" + catalog["collections"][0]["id"]
    urls["404"] = "no-such-page/"
    return urls


def blocking_findings(page: Page) -> list[str]:
    """Serious and critical axe findings on the page, one line per element, less Material's listed ones."""
    results = Axe().run(page, options={"resultTypes": ["violations"]}).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            selector = " ".join(node["target"])
            if selector not in MATERIAL_EXCEPTIONS.get(violation["id"], set()):
                found.append(f"{violation['id']} ({violation['impact']}) {selector}: {node['failureSummary']}")
    return found


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_every_page_type_on_a_desktop_in_light(browser: Browser, sample_site, sample_sites_url, audience):
    """Each page type in the light palette on a desktop: nothing serious for axe, and the skip link
    is the first stop of the keyboard and reaches the content."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    findings = {}
    try:
        for kind, url in page_types(sample_site, audience).items():
            page.goto(sample_sites_url + audience + "/" + url)
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
            if found := blocking_findings(page):
                findings[kind] = found
            page.keyboard.press("Tab")
            skip = page.locator(":focus")
            expect(skip, f"{kind}: the first stop").to_have_text("Skip to content")
            expect(skip).to_be_visible()
            target = skip.get_attribute("href").split("#", 1)[1]
            assert page.locator(f'[id="{target}"]').count() == 1, f"{kind}: no #{target}"
            page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == "#" + target, kind
    finally:
        context.close()
    assert findings == {}, json.dumps(findings, indent=2)


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_every_page_type_on_a_small_phone_in_dark(browser: Browser, sample_site, sample_sites_url, audience):
    """Each page type in the dark palette at 375 px: nothing serious for axe (the phone layout and
    the dark colours), and no page scrolls sideways."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 375, "height": 740})
    page = context.new_page()
    findings, wide = {}, {}
    try:
        for kind, url in page_types(sample_site, audience).items():
            page.goto(sample_sites_url + audience + "/" + url)
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])
            width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width > viewport:
                wide[kind] = width
            if found := blocking_findings(page):
                findings[kind] = found
    finally:
        context.close()
    assert wide == {}, f"wider than 375 px: {wide}"
    assert findings == {}, json.dumps(findings, indent=2)


def test_axe_finds_nothing_serious_on_a_check_showing_its_feedback(page: Page, sample_site, sample_sites_url):
    """The states the script draws: a wrong answer with its feedback, a right one with its explanation."""
    for audience in SAMPLE_AUDIENCES:
        url = page_types(sample_site, audience)["lesson with knowledge checks"]
        page.goto(sample_sites_url + audience + "/" + url)
        boxes = page.locator(".ac-check")
        for index in range(boxes.count()):
            box = boxes.nth(index)
            box.locator("input").first.check()
            box.get_by_role("button", name="Check answer").click()
            expect(box.locator("[data-ac-check-result]")).not_to_be_empty()
        assert blocking_findings(page) == [], (audience, url)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_serious_on_a_finished_path_and_a_resumed_course(
    browser: Browser, sample_site, sample_urls, scheme
):
    """The states the script draws from progress: a path's end (badge, what next) and a course's
    ring part done with "Resume"."""
    catalog = json.loads((sample_site / "customers" / "catalog.json").read_text(encoding="utf-8"))
    path = next(entry for entry in catalog["collections"] if entry["path"])
    courses = {course["id"]: course for course in catalog["courses"]}
    lessons = [(cid, lesson["id"]) for cid in path["courses"] for lesson in courses[cid]["lessons"]]
    done = {f"{cid}/{lesson}": "2026-01-01T00:00:00Z" for cid, lesson in lessons}
    partly = next(course for course in catalog["courses"] if course["id"] not in path["courses"])
    done[f"{partly['id']}/{partly['lessons'][0]['id']}"] = "2026-01-01T00:00:00Z"
    progress = json.dumps({"version": 2, "lessons": done, "checks": {}})
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(f"localStorage.setItem('academy:customers:progress', {json.dumps(progress)})")
    page = context.new_page()
    try:
        page.goto(sample_urls["customers"] + path["url"])
        expect(page.get_by_role("region", name="Path complete")).to_be_visible()
        assert blocking_findings(page) == [], path["url"]
        page.goto(sample_urls["customers"] + partly["url"])
        expect(page.locator("[data-ac-start]")).to_have_text("Resume")
        assert blocking_findings(page) == [], partly["url"]
    finally:
        context.close()


def focus_ring(page: Page, selector: str) -> str:
    """The outline or shadow drawn around ``selector`` while it (or the control inside it) has focus."""
    return page.eval_on_selector(
        selector,
        """element => {
            const style = getComputedStyle(element);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return outline ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : "";
        }""",
    )


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on ``selector``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    ("url", "control", "ringed"),
    [
        ("my-learning/", "[data-ac-import]", ".ac-import"),
        ("my-learning/", "[data-ac-export]", "[data-ac-export]"),
        ("catalog/", ".ac-filters__input", ".ac-filters__input"),
        ("catalog/", '[data-ac-facet] input[type="checkbox"]', '[data-ac-facet] input[type="checkbox"]'),
        ("catalog/", "[data-ac-facet-fold] > summary", "[data-ac-facet-fold] > summary"),
        ("catalog/", "[data-ac-sort]", "[data-ac-sort]"),
        ("catalog/", ".ac-card__title a", ".ac-card__title a"),
        # Tiles the quiz may recommend wait hidden on home: the ring is looked for on a shown one.
        ("", ".ac-tile:not([hidden]) .ac-tile__title a", ".ac-tile:not([hidden]) .ac-tile__title a"),
        ("recommend/", "[data-ac-quiz-form] input[type=radio]", "[data-ac-quiz-form] input[type=radio]"),
        ("courses/getting-started/02-find-your-way-around/", "[data-ac-complete-button]", "[data-ac-complete-button]"),
        ("courses/approval-workflows/02-routing-rules/", ".ac-check input", ".ac-check input"),
        ("courses/approval-workflows/02-routing-rules/", "[data-ac-check-submit]", "[data-ac-check-submit]"),
        ("courses/admin-health-check/01-users-and-roles/", ".md-typeset__scrollwrap", ".md-typeset__scrollwrap"),
    ],
)
def test_every_custom_control_shows_a_focus_ring(page: Page, sample_urls, url, control, ringed):
    page.goto(sample_urls["customers"] + url)
    tab_to(page, control)
    assert focus_ring(page, ringed), f"{ringed} shows no focus ring"


def test_a_badge_image_shows_its_whole_label(page: Page, sample_urls):
    page.goto(sample_urls["partners"] + "assets/academy/badges/partner-certification.svg")
    lines = page.eval_on_selector_all("text", "texts => texts.map(text => text.textContent)")
    assert " ".join(lines) == "Certified Implementation Partner"
    inside = page.evaluate(
        """() => {
            const banner = document.querySelector("rect").getBBox();
            return [...document.querySelectorAll("text")].every(text => {
                const box = text.getBBox();
                return box.x >= banner.x && box.x + box.width <= banner.x + banner.width
                    && box.y >= banner.y && box.y + box.height <= banner.y + banner.height;
            });
        }"""
    )
    assert inside, "a line of the label leaves the badge's banner"
