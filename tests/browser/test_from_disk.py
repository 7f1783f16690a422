"""A site opened from disk (file://), as someone double-clicking index.html does: links reach pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_every_link_of_a_page_opened_from_disk_reaches_a_page_not_a_folder(page: Page, sample_site):
    home = (sample_site / "customers" / "index.html").as_uri()
    page.goto(home)
    links = page.eval_on_selector_all(
        "a[href]", "links => links.map(link => link.href).filter(href => href.startsWith('file:'))"
    )
    assert len(links) > 10
    for href in links:
        path = href.split("#", 1)[0].split("?", 1)[0]
        assert not path.endswith("/"), f"{href} opens a folder listing"
    page.get_by_role("link", name="Catalog").first.click()
    expect(page).to_have_url(str((sample_site / "customers" / "catalog" / "index.html").as_uri()))
    expect(page.locator("h1").first).to_be_visible()
    course = page.locator("a[href*='/courses/']").first
    course.click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith("/index.html") and page.locator("article").count()
