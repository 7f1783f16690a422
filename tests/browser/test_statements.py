"""xAPI statements sent from real Chromium to an LRS stand-in on 127.0.0.1, and checked against the spec.

A tiny academy is built once for the module: customers send statements to the stand-in (a
learner named by a cookie) and accept cmi5 launches from a fake LMS; partners have neither and
must send nothing anywhere.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import uuid
from urllib.parse import parse_qs, urlencode

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
            cmi5: true
            """,
        "audiences/staff.yml": f"""\
            title: Staff Academy
            site_url: https://academy.example.com/staff/
            xapi:
              endpoint: {endpoint}
              actor: {{from: query, name: learner, home_page: "{HOME_PAGE}"}}
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


SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
PUBLISHER = "https://lms.example.com/courses/42/au/basics"
LAUNCH_DATA = {
    "contextTemplate": {
        "contextActivities": {"grouping": [{"objectType": "Activity", "id": PUBLISHER}]},
        "extensions": {SESSION_ID: "session-1"},
    },
    "launchMode": "Normal",
    "launchMethod": "AnyWindow",
    "moveOn": "CompletedAndPassed",
    "masteryScore": 0.8,
    "returnURL": "https://lms.example.com/courses/42",
}


@pytest.fixture(scope="module")
def lms():
    fake = LRS(LAUNCH_DATA)
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def sites(lrs, lms, tmp_path_factory):
    """Each audience of the tiny academy served on its own port, as ``{audience: url}``."""
    root = tmp_path_factory.mktemp("xapi")
    write_academy(root, files(lrs.url))
    build_in(root)
    servers, urls = [], {}
    for audience in ("customers", "partners", "staff"):
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
    final_types = {
        a["definition"]["type"]
        for s in statements
        for a in [s["object"], *s["context"]["contextActivities"].get("parent", [])]
        if a["id"] == final
    }
    assert final_types == {"http://adlnet.gov/expapi/activities/assessment"}  # one activity, one type
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


def test_an_lms_launch_follows_the_cmi5_sequence(learner: Page, sites, lrs, lms):
    lms.reset()
    actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example.com", "name": "learner-7"}}
    registration = str(uuid.uuid4())
    unit = SITE_URL + "xapi/courses/basics"
    launch = {"endpoint": lms.url, "fetch": lms.fetch_url, "actor": json.dumps(actor), "registration": registration}
    learner.goto(sites["customers"] + "courses/basics/?" + urlencode({**launch, "activityId": unit}))
    lms.wait_for(lambda s: verbs(s) == ["initialized"])
    learner.locator(".ac-lessons a").first.click()
    learner.locator(".ac-complete--foot").get_by_role("button", name="Mark lesson complete").click()
    learner.locator("a[rel=next]").click()
    answer(learner, "sky", "Blue")
    answer(learner, "week", "Five")
    learner.locator('[data-ac-check="week"]').get_by_role("button", name="Try again").click()
    answer(learner, "week", "Five")
    learner.locator('[data-ac-check="week"]').get_by_role("button", name="Try again").click()
    answer(learner, "week", "Seven")
    lms.wait_for(lambda s: "completed" in verbs(s))
    learner.goto("about:blank")  # the learner leaves the site: the session ends
    statements = lms.wait_for(lambda s: "terminated" in verbs(s))

    assert verbs(statements) == ["initialized", "failed", "passed", "completed", "terminated"]
    for statement in statements:
        assert statement_problems(statement) == [], statement
        assert statement["actor"] == actor and statement["object"]["id"] == unit
        context = statement["context"]
        assert context["registration"] == registration
        assert context["extensions"] == {SESSION_ID: "session-1"}
        assert context["contextActivities"]["grouping"] == [{"objectType": "Activity", "id": PUBLISHER}]
        categories = [a["id"] for a in context["contextActivities"]["category"]]
        assert "https://w3id.org/xapi/cmi5/context/categories/cmi5" in categories
    assert statements[1]["result"]["score"]["scaled"] == 0.5 and statements[1]["result"]["success"] is False
    assert statements[2]["result"]["score"]["scaled"] == 1 and statements[2]["result"]["success"] is True
    assert statements[3]["result"]["completion"] is True
    assert all(s["result"]["duration"].startswith("PT") for s in statements[1:])
    assert lms.fetches == 1
    [(query, headers)] = lms.state_requests
    asked = parse_qs(query)
    assert asked["stateId"] == ["LMS.LaunchData"] and asked["activityId"] == [unit]
    assert json.loads(asked["agent"][0]) == actor and asked["registration"] == [registration]
    assert {h["Authorization"] for h in lms.headers} == {f"Basic {lms.token}"}
    assert lrs.received() == []  # a launched session reports to the LMS only


def test_a_learner_named_in_the_address_stays_named_for_the_tabs_session(page: Page, sites, lrs):
    lrs.reset()
    page.goto(sites["staff"] + "courses/basics/?learner=grace.hopper")
    lrs.wait_for(lambda s: verbs(s) == ["initialized"])
    page.locator(".ac-lessons a").first.click()
    statements = lrs.wait_for(lambda s: verbs(s) == ["initialized", "terminated", "initialized"])
    assert {s["actor"]["account"]["name"] for s in statements} == {"grace.hopper"}
    assert statements[2]["object"]["id"] == "https://academy.example.com/staff/xapi/courses/basics/lessons/01-first"
    assert all(statement_problems(s) == [] for s in statements)
