"""xAPI statements sent from real Chromium to an LRS stand-in on 127.0.0.1, and checked against the spec.

A tiny academy is built once for the module: customers send statements to the stand-in (a
learner named by a cookie), partners have no ``xapi:`` and must send nothing anywhere.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from playwright.sync_api import Page, expect

from conftest import build_in
from sites import write_academy
from xapi import ADL_VERBS, LRS, statement_problems, verbs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = "https://academy.example.com/customers/"
HOME_PAGE = "https://sso.example.com/"
CHECKS = """\
/// check | Which colour is the sky on a clear day?
    id: sky

- [x] Blue
- [ ] Green
///

/// check | How many days has a week?
    id: week

- [ ] Five
- [x] Seven
///
"""


def files(endpoint: str) -> dict[str, str]:
    return {
        "audiences/customers.yml": f"""\
            title: Customer Academy
            site_url: {SITE_URL}
            xapi:
              endpoint: {endpoint}
              actor: {{from: cookie, name: academy_user, home_page: "{HOME_PAGE}"}}
            """,
        "content/courses/basics/02-final.md": "---\ntitle: Final check\nassessment: true\n---\n" + CHECKS,
        "content/courses/secret/index.md": """\
            ---
            title: Partner secret
            roles: [admin]
            stage: advanced
            audiences: [partners]
            ---
            For partners only.
            """,
        "content/courses/secret/01-inside.md": "---\ntitle: Inside\n---\nPartner text.\n",
    }


@pytest.fixture(scope="module")
def lrs():
    stand_in = LRS()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def sites(lrs, tmp_path_factory):
    """Each audience of the tiny academy served on its own port, as ``{audience: url}``."""
    root = tmp_path_factory.mktemp("xapi")
    write_academy(root, files(lrs.url))
    build_in(root)
    servers, urls = [], {}
    for audience in ("customers", "partners"):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site" / audience))
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[audience] = f"http://127.0.0.1:{server.server_address[1]}/"
    yield urls
    for server in servers:
        server.shutdown()


@pytest.fixture
def learner(page: Page, sites, lrs):
    """A page whose browser carries the SSO's cookie naming the learner; the LRS emptied."""
    lrs.reset()
    page.context.add_cookies([{"name": "academy_user", "value": "ada.lovelace", "url": sites["customers"]}])
    return page


def answer(page: Page, check: str, choice: str) -> None:
    box = page.locator(f'[data-ac-check="{check}"]')
    box.get_by_label(choice).check()
    box.get_by_role("button", name="Check answer").click()


def test_a_learners_session_reaches_the_lrs_as_valid_statements(learner: Page, sites, lrs):
    learner.goto(sites["customers"] + "courses/basics/01-first/")
    lrs.wait_for(lambda s: verbs(s) == ["initialized"])
    learner.locator(".ac-complete--foot").get_by_role("button", name="Mark lesson complete").click()
    learner.goto(sites["customers"] + "courses/basics/02-final/")
    answer(learner, "sky", "Blue")
    answer(learner, "week", "Five")
    learner.locator('[data-ac-check="week"]').get_by_role("button", name="Try again").click()
    answer(learner, "week", "Seven")
    expect(learner.locator(".ac-complete--foot [data-ac-complete-state]")).to_contain_text("Lesson complete")
    statements = lrs.wait_for(lambda s: verbs(s).count("completed") == 3)

    for statement in statements:
        assert statement_problems(statement) == [], statement
        assert statement["actor"] == {"objectType": "Agent", "account": {"homePage": HOME_PAGE, "name": "ada.lovelace"}}
        assert statement["verb"]["id"] == ADL_VERBS[statement["verb"]["id"].rsplit("/", 1)[-1]]
    course = SITE_URL + "xapi/courses/basics"
    lesson, final = course + "/lessons/01-first", course + "/lessons/02-final"
    seen = [(verb, s["object"]["id"]) for verb, s in zip(verbs(statements), statements, strict=True)]
    assert seen == [
        ("initialized", lesson),
        ("completed", lesson),
        ("terminated", lesson),
        ("initialized", final),
        ("answered", course + "/checks/sky"),
        ("answered", course + "/checks/week"),
        ("failed", final),
        ("answered", course + "/checks/week"),
        ("passed", final),
        ("completed", final),
        ("completed", course),
    ]
    failed, passed = statements[6], statements[8]
    assert failed["result"]["score"]["scaled"] == 0.5 and failed["result"]["success"] is False
    assert passed["result"]["score"]["scaled"] == 1 and passed["result"]["success"] is True
    assert [s["result"]["success"] for s in statements if s["verb"]["id"].endswith("answered")] == [True, False, True]
    assert statements[2]["result"]["duration"].startswith("PT")
    assert all(s["context"]["contextActivities"]["parent"] == [{"objectType": "Activity", "id": course,
               "definition": {"type": "http://adlnet.gov/expapi/activities/course"}}]
               for s in statements if s["object"]["id"] in (lesson, final))  # fmt: skip
    assert {h["X-Experience-API-Version"] for h in lrs.headers} == {"1.0.3"}
    # Isolation: every activity is of this audience's own content.
    named = {a["id"] for s in statements for a in [s["object"], *s["context"]["contextActivities"].get("parent", [])]}
    assert all(a.startswith(course) for a in named), named


def test_statements_wait_in_the_browser_while_the_lrs_is_down(learner: Page, sites, lrs):
    lrs.down = True
    learner.goto(sites["customers"] + "courses/basics/02-final/")
    answer(learner, "sky", "Blue")
    learner.wait_for_function("JSON.parse(localStorage.getItem('academy:customers:xapi-queue') || '[]').length >= 2")
    assert lrs.received() == []
    lrs.down = False
    learner.reload()
    statements = lrs.wait_for(lambda s: verbs(s) == ["initialized", "answered", "terminated", "initialized"])
    assert len({s["id"] for s in statements}) == 4
    learner.wait_for_function("localStorage.getItem('academy:customers:xapi-queue') === '[]'")


def test_without_the_learners_identity_nothing_is_sent_and_the_console_says_why(page: Page, sites, lrs):
    lrs.reset()
    requests, messages = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: messages.append(message.text))
    page.goto(sites["customers"] + "courses/basics/01-first/")
    page.locator(".ac-complete--foot").get_by_role("button", name="Mark lesson complete").click()
    page.goto(sites["customers"] + "courses/basics/")
    expect(page.locator(".ac-course")).to_be_visible()
    assert [m for m in messages if m.startswith("Academy xAPI")] == [
        "Academy xAPI: no learner identity found (cookie 'academy_user'), so no statement is sent."
    ] * 2  # once per page
    assert not [url for url in requests if url.startswith(lrs.url.rsplit("/xapi/", 1)[0])]
    assert lrs.received() == []


def test_an_audience_without_xapi_sends_no_request_off_its_site(page: Page, sites, lrs):
    lrs.reset()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.context.add_cookies([{"name": "academy_user", "value": "ada", "url": sites["partners"]}])
    page.goto(sites["partners"] + "courses/basics/01-first/")
    page.locator(".ac-complete--foot").get_by_role("button", name="Mark lesson complete").click()
    expect(page.locator(".ac-complete--foot [data-ac-complete-state]")).to_have_text("Lesson marked complete.")
    page.goto(sites["partners"] + "courses/secret/")
    assert page.locator("script[src*='statements.js']").count() == 0
    assert page.locator("[data-ac-xapi]").count() == 0
    assert requests and all(url.startswith(sites["partners"]) for url in requests), requests
    assert lrs.received() == []
