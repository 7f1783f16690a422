"""Credentials as a learner meets them in Chromium: an earned badge's certificate, printed with
the name the learner types, and its claim link to an issuer that signs credentials."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from browser.test_accessibility import blocking_findings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "partners"
PATH = "partner-certification"
DONE = "2026-01-05T10:00:00.000Z"
SELF_ISSUED = "This certificate is self-issued from progress recorded in this browser"


def catalog_of(page: Page, base: str) -> dict:
    return json.loads(page.request.get(base + "catalog.json").text())


def seed(page: Page, catalog: dict, collection_id: str, *, leave_out: int = 0) -> dict:
    """Every lesson of the collection's courses complete (but the last ``leave_out``), as the site stores it."""
    collection = next(c for c in catalog["collections"] if c["id"] == collection_id)
    keys = [
        f"{course['id']}/{lesson['id']}"
        for course in catalog["courses"]
        if course["id"] in collection["courses"]
        for lesson in course["lessons"]
    ]
    lessons = dict.fromkeys(keys[: len(keys) - leave_out], DONE)
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"academy:{AUDIENCE}:progress", json.dumps({"version": 2, "lessons": lessons, "checks": {}})],
    )
    return collection


def test_an_earned_badge_prints_a_self_issued_certificate_with_the_name_typed(page: Page, sample_urls):
    base = sample_urls[AUDIENCE]
    page.goto(base + "badges/")
    collection = seed(page, catalog_of(page, base), PATH)
    page.reload()
    badge = page.locator(f'[data-ac-badge="{PATH}"]')
    expect(badge.locator("[data-ac-badge-state]")).to_have_text("Earned")
    claim = badge.get_by_role("link", name=re.compile("^Claim a signed credential"))
    expect(claim).to_have_attribute("href", re.compile(r"^https://www\.credly\.com/"))
    # A badge not earned offers neither.
    expect(page.locator('[data-ac-badge="developer-path"] [data-ac-earned]')).to_be_hidden()
    badge.get_by_role("link", name=re.compile("^Print your certificate")).click()
    expect(page).to_have_url(re.compile(rf"certificate/\?collection={PATH}$"))
    sheet = page.get_by_role("region", name="Certificate")
    expect(sheet).to_contain_text(SELF_ISSUED)
    expect(sheet).to_contain_text(f"completed every course of {collection['title']}")
    expect(sheet).to_contain_text("earning the Certified Implementation Partner badge")
    expect(sheet).to_contain_text("Completed on January 5, 2026.")
    page.get_by_label("Your name, as the certificate shows it").fill("Ada Lovelace")
    expect(sheet.locator("[data-ac-certificate-name]")).to_have_text("Ada Lovelace")
    assert "Ada Lovelace" not in json.dumps(page.evaluate("Object.assign({}, localStorage)"))
    assert blocking_findings(page) == []
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("Ada Lovelace")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", "[data-ac-certificate-form]"):
        expect(page.locator(hidden).first).to_be_hidden()


def test_no_certificate_for_an_unfinished_path_or_an_unknown_id(page: Page, sample_urls):
    base = sample_urls[AUDIENCE]
    page.goto(base + "certificate/?collection=" + PATH)
    seed(page, catalog_of(page, base), PATH, leave_out=1)
    page.reload()
    expect(page.locator("[data-ac-certificate-problem]")).to_contain_text("You have not completed")
    expect(page.get_by_role("region", name="Certificate")).to_be_hidden()
    page.goto(base + "certificate/?collection=support-readiness")  # a path of the employees' site only
    expect(page.locator("[data-ac-certificate-problem]")).to_have_text(
        'This site has no collection or learning path with the id "support-readiness".'
    )


def test_my_learning_links_an_earned_badge_to_its_certificate_and_issuer(page: Page, sample_urls):
    base = sample_urls[AUDIENCE]
    page.goto(base + "my-learning/")
    seed(page, catalog_of(page, base), PATH)
    page.reload()
    earned = page.locator('[data-ac-mine-list="badges"] .ac-badge')
    expect(earned).to_have_count(1)
    link = earned.get_by_role("link", name="Print your certificate for Certified Implementation Partner")
    expect(link).to_have_attribute("href", re.compile(rf"/certificate/\?collection={PATH}$"))
    expect(earned.get_by_role("link", name=re.compile("^Claim a signed credential"))).to_have_count(1)


def test_without_javascript_the_certificate_page_says_it_needs_the_learners_progress(browser, sample_urls):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_urls[AUDIENCE] + "certificate/?collection=" + PATH)
    expect(page.get_by_text("A certificate is made from your progress")).to_be_visible()
    expect(page.get_by_role("region", name="Certificate")).to_be_hidden()
    expect(page.get_by_label("Your name, as the certificate shows it")).to_be_hidden()
    context.close()
