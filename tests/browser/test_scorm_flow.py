"""A SCORM 1.2 package opened from disk: its pages report to the LMS's API, or work without one."""

from __future__ import annotations

import zipfile

from playwright.sync_api import Page, expect

from conftest import _serve
from sites import write_academy
from test_scorm import FILES

STUB_API = """
window.calls = [];
window.API = {};
["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
 "LMSGetErrorString", "LMSGetDiagnostic"].forEach(function (name) {
  window.API[name] = function () {
    window.calls.push([name].concat(Array.prototype.slice.call(arguments)));
    if (name === "LMSGetValue") return arguments[0] === "cmi.core.lesson_status" ? "not attempted" : "";
    if (name === "LMSGetLastError") return "0";
    return "true";
  };
});
"""
"""An LMS's SCORM 1.2 API that records every call."""


def unpacked(academy_cli, tmp_path, course: str):
    write_academy(tmp_path, FILES)
    run = academy_cli("export", "scorm12", "--audience", "customers", "--course", course, "-o", "p.zip")
    assert run.code == 0, run.output
    folder = tmp_path / "package"
    with zipfile.ZipFile(tmp_path / "p.zip") as package:
        package.extractall(folder)
    return folder


def test_a_final_assessment_reports_its_status_and_score_to_the_lms(page: Page, academy_cli, tmp_path):
    folder = unpacked(academy_cli, tmp_path, "advanced")
    page.add_init_script(STUB_API)  # Chromium keeps file:// frames apart: the API is the window's own
    page.goto((folder / "courses" / "advanced" / "01-exam" / "index.html").as_uri())
    sco = page
    box = sco.locator("[data-ac-check]").first
    box.locator('input[value="0"]').check()
    box.get_by_role("button", name="Check answer").click()
    page.wait_for_function("window.calls.some(c => c[2] === 'passed')")
    calls = [c for c in page.evaluate("window.calls") if c[0] not in ("LMSGetLastError", "LMSGetValue")]
    assert calls == [
        ["LMSInitialize", ""],
        ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
        ["LMSCommit", ""],
        ["LMSSetValue", "cmi.core.score.min", "0"],
        ["LMSSetValue", "cmi.core.score.max", "100"],
        ["LMSSetValue", "cmi.core.score.raw", "100"],
        ["LMSSetValue", "cmi.core.lesson_status", "passed"],
        ["LMSCommit", ""],
    ]


def test_without_an_lms_the_pages_work_and_log_no_error(page: Page, academy_cli, tmp_path):
    folder = unpacked(academy_cli, tmp_path, "basics")
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((folder / "courses" / "basics" / "index.html").as_uri())
    expect(page.locator("script[data-ac-scorm-course=basics]")).to_have_count(1)
    page.get_by_role("link", name="First steps").first.click()
    expect(page).to_have_url((folder / "courses" / "basics" / "01-first" / "index.html").as_uri())
    page.locator(".ac-complete--foot [data-ac-complete-button]").click()
    expect(page.locator(".ac-complete--foot [data-ac-complete-state]")).to_contain_text("complete")
    # Chromium refuses fetch() of file:// URLs: the portal's catalog.json (badges, collections) is
    # out of reach from disk, as for any site opened from disk; an LMS serves it over HTTP.
    disk = ("Access to fetch at 'file:", "Failed to load resource: net::ERR_FAILED", "Failed to fetch")
    assert [e for e in errors if not e.startswith(disk)] == [], errors


def test_in_an_lms_frame_a_course_is_one_session_until_the_learner_leaves_it(page: Page, academy_cli, tmp_path):
    folder = unpacked(academy_cli, tmp_path, "basics")
    (folder / "launch.html").write_text(
        f"<!doctype html><title>LMS</title><script>{STUB_API}</script>"
        '<iframe src="courses/basics/index.html" title="Course" style="width:1000px;height:700px"></iframe>',
        encoding="utf-8",
    )  # as an LMS serves a package: over HTTP, the SCO in a frame of the page with the API
    server, url = _serve(folder)
    try:
        page.goto(url + "launch.html")
        sco = page.frame_locator("iframe")
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSCommit')")
        sco.locator("a[data-ac-start]").click()  # the course's first lesson, a page of the package: same launch
        sco.locator(".ac-complete--foot [data-ac-complete-button]").click()
        page.wait_for_function("window.calls.some(c => c[2] === 'completed')")
        page.evaluate("document.querySelector('iframe').src = 'about:blank'")  # the learner leaves the course
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
        calls = [c for c in page.evaluate("window.calls") if c[0] not in ("LMSGetLastError", "LMSGetValue")]
    finally:
        server.shutdown()
    assert calls == [
        ["LMSInitialize", ""],
        ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
        ["LMSCommit", ""],
        ["LMSCommit", ""],  # leaving the course page for its lesson: no LMSFinish
        ["LMSInitialize", ""],
        ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
        ["LMSCommit", ""],
        ["LMSSetValue", "cmi.core.lesson_status", "completed"],
        ["LMSCommit", ""],
        ["LMSCommit", ""],
        ["LMSFinish", ""],
    ]
