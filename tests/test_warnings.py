"""``academy check`` warns, without failing, about settings learners would find hard to read."""

from __future__ import annotations

import json

from sites import write_academy

TRIAL = (
    "title: Trial Academy\nsite_url: https://academy.example.com/trial/\nbranding:\n  palette: {primary: deep-orange}\n"
)
PATH = (
    "title: Admin path\naudiences: [customers]\ncourses: [basics]\n"
    "badge: {{label: {label}, icon: shield, colour: '{colour}'}}\n"
)


def test_a_palette_that_fails_contrast_is_a_warning_with_file_line_and_a_fix(tmp_path, academy_cli):
    write_academy(tmp_path, {"audiences/trial.yml": TRIAL})
    run = academy_cli("check")
    assert run.code == 0 and "OK:" in run.out and "1 warning(s)" in run.out
    assert "audiences/trial.yml:4: warning: palette primary 'deep-orange' fails WCAG AA contrast (4.5:1)" in run.err
    assert "2.78:1" in run.err and "indigo" in run.err  # what fails, and colours that read as they are


def test_a_palette_that_reads_gets_no_warning(tmp_path, academy_cli):
    write_academy(tmp_path, {"audiences/trial.yml": TRIAL.replace("deep-orange", "indigo")})
    run = academy_cli("check")
    assert run.code == 0 and "warning" not in run.output


def test_a_badge_label_that_would_be_cut_is_a_warning(tmp_path, academy_cli):
    label = "Distinguished contributor to the accounts payable automation programme of the year"
    write_academy(tmp_path, {"collections/admin.yml": PATH.format(label=label, colour="#283593")})
    run = academy_cli("check")
    assert run.code == 0
    assert f"collections/admin.yml:4: warning: badge label '{label}' is too long for the badge image" in run.err


def test_a_long_label_that_wraps_whole_gets_no_warning(tmp_path, academy_cli):
    label = "Certified Implementation Partner"
    write_academy(tmp_path, {"collections/admin.yml": PATH.format(label=label, colour="#283593")})
    assert "warning" not in academy_cli("check").output


def test_a_pale_badge_colour_is_a_warning_with_a_darker_one(tmp_path, academy_cli):
    write_academy(tmp_path, {"collections/admin.yml": PATH.format(label="Admin", colour="#ffeb3b")})
    run = academy_cli("check")
    assert run.code == 0
    assert "collections/admin.yml:4: warning: badge colour '#ffeb3b' fails WCAG AA contrast for graphics" in run.err
    assert "such as '#" in run.err


def test_check_json_lists_warnings_apart_from_problems(tmp_path, academy_cli):
    write_academy(tmp_path, {"audiences/trial.yml": TRIAL})
    report = json.loads(academy_cli("check", "--format", "json").out)
    assert report["ok"] is True and report["problems"] == []
    assert [(w["path"], w["line"]) for w in report["warnings"]] == [("audiences/trial.yml", 4)]
