"""Author values are data: hostile text in every field lands as text, and no script runs.

An academy whose every free-text value (titles, descriptions, hero, badge labels, taxonomy
labels, subtitles) carries markup that would run script in HTML text, in an attribute, in a
script block or in a template is built, and every page of it is opened in Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import _serve, build_in
from sites import write_academy

pytestmark = [pytest.mark.browser]

PAYLOADS = (
    "<img src=x onerror=window.__xss=1>",
    '"><svg onload=window.__xss=2>',
    "'><img src=x onerror=window.__xss=3>",
    "</script><script>window.__xss=4</script>",
    "{{ 7 * 191 }}{% raw %}",  # Jinja: must stay text, never be evaluated (1337)
    "javascript:window.__xss=5",
)
EVIL = " ".join(PAYLOADS)


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_academy(root: Path) -> Path:
    value = quoted(EVIL)
    config = write_academy(
        root,
        {
            "audiences/customers.yml": (
                f"title: {quoted('Customers ' + EVIL)}\ndescription: {value}\n"
                "site_url: https://academy.example.com/customers/\n"
                f"hero:\n  title: {value}\n  text: {value}\n  cta: {{label: {value}, url: catalog/}}\n"
                "featured: [evil-path]\n"
                f"badges:\n  issuer: {{name: {value}}}\n"
                f"recommend:\n  title: {quoted('Quiz ' + EVIL)}\n  intro: {value}\n  questions:\n"
                f"    - id: role\n      text: {quoted('Question ' + EVIL)}\n"
                f"      answers: {{ admin: {quoted('Answer ' + EVIL)}, other: {value} }}\n"
                "  rules:\n    - when: { role: admin }\n      recommend: [evil-path]\n"
                "  otherwise: [evil-path]\n"
            ),
            "collections/evil-path.yml": (
                f"title: {quoted('Path ' + EVIL)}\ndescription: {value}\naudiences: [customers]\npath: true\n"
                f"courses: [basics, evil]\n"
                f"badge: {{label: {value}, icon: shield, colour: '#283593', criteria: {value}}}\n"
            ),
            "content/courses/evil/index.md": (
                f"---\ntitle: {quoted('Course ' + EVIL)}\ndescription: {value}\nsubtitle: {value}\n"
                "roles: [admin]\nstage: foundational\naudiences: [customers]\n---\nAbout.\n"
            ),
            "content/courses/evil/01-lesson.md": (
                f"---\ntitle: {quoted('Lesson ' + EVIL)}\ndescription: {value}\n---\nBody.\n"
            ),
            "content/help.md": (
                f"---\ntitle: {quoted('Help ' + EVIL)}\ndescription: {value}\naudiences: [customers]\n---\nHelp.\n"
            ),
        },
    )
    text = config.read_text()
    text = text.replace("site_name: Tiny academy", f"site_name: {value}")
    text = text.replace("label: Role", f"label: {quoted('Role ' + EVIL)}")
    text = text.replace("admin: Administrator", f"admin: {quoted('Admin ' + EVIL)}")
    config.write_text(text)
    return config


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    hostile_academy(root)
    build_in(root, "--audience", "customers")
    site = root / "site" / "customers"
    server, url = _serve(site)
    yield site, url
    server.shutdown()


def test_the_values_are_published_as_text(hostile_site):
    site, _ = hostile_site
    texts = "".join(path.read_text() for path in site.rglob("*.html"))
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in texts  # the value is there, escaped
    assert "1337" not in texts  # and no template evaluated it


def test_no_page_runs_script_from_author_values(page: Page, hostile_site):
    site, url = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) >= 8
    for rel in pages:
        page.goto(url + rel)
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)  # let onload and onerror handlers fire
        assert page.evaluate("window.__xss") is None, rel
        for link in page.locator("a[href]").all():
            assert not (link.get_attribute("href") or "").strip().lower().startswith("javascript:"), rel
    assert dialogs == []
    page.goto(url + "catalog/")
    assert "Course <img src=x onerror=window.__xss=1>" in page.locator("body").inner_text()


def test_quiz_text_lands_as_text_and_the_quiz_still_decides(page: Page, hostile_site):
    _, url = hostile_site
    page.goto(url + "recommend/")
    text = page.locator("body").inner_text()
    for what in ("Quiz ", "Question ", "Answer "):
        assert what + EVIL.split(" ")[0] in text, what
    page.get_by_label("Answer " + EVIL).check()
    page.get_by_role("button", name="Show my recommendation").click()
    expect(page.locator("[data-ac-quiz-tiles] .ac-tile")).to_have_attribute("data-ac-collection", "evil-path")
    page.goto(url)
    expect(page.locator("[data-ac-recommended] .ac-tile:not([hidden])")).to_have_count(1)
    assert page.evaluate("window.__xss") is None


def test_badge_definitions_and_the_certificate_carry_the_values_as_data(page: Page, hostile_site):
    """In the Open Badges JSON the values are JSON strings; on the certificate, text."""
    import json

    site, url = hostile_site
    achievement = json.loads((site / "badges" / "evil-path" / "achievement.json").read_text(encoding="utf-8"))
    assert achievement["name"] == EVIL and achievement["criteria"]["narrative"] == EVIL
    assert achievement["creator"]["name"] == EVIL
    page.goto(url + "certificate/?collection=evil-path")
    done = {"basics/01-first": "2026-01-05T10:00:00.000Z", "evil/01-lesson": "2026-01-05T10:00:00.000Z"}
    page.evaluate(
        "v => localStorage.setItem('academy:customers:progress', v)",
        json.dumps({"version": 3, "lessons": done, "checks": {}, "digests": {}}),
    )
    page.reload()
    page.get_by_label("Your name, as the certificate shows it").fill(PAYLOADS[0])
    sheet = page.get_by_role("region", name="Certificate")
    expect(sheet).to_contain_text("Path " + PAYLOADS[0])
    expect(sheet).to_contain_text(PAYLOADS[0] + " " + PAYLOADS[1])
    assert page.evaluate("window.__xss") is None
