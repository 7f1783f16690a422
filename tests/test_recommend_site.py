"""What a built site holds of its audience's quiz: its own collections only, a page only where there is a quiz."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import REPO, SAMPLE_AUDIENCES, build_in
from sites import auditor_of, load, write_academy


class _Collections(HTMLParser):
    """Collection ids an HTML page names: tiles' ``data-ac-collection`` and links to collection pages."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.rules: str | None = None
        self._in_rules = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "data-ac-collection" in values:
            self.ids.add(values["data-ac-collection"])
        if match := re.search(r"collections/([^/]+)/", values.get("href") or ""):
            self.ids.add(match.group(1))
        self._in_rules = tag == "script" and "data-ac-quiz-rules" in values

    def handle_data(self, data):
        if self._in_rules:
            self.rules = data
            self._in_rules = False


def named(path) -> _Collections:
    parser = _Collections()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def all_collections() -> dict[str, str]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        for path in sorted((REPO / "collections").glob("*.yml"))
    }


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_each_sample_quiz_page_and_its_json_name_only_the_audiences_collections(sample_site, audience):
    site = sample_site / audience
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    visible = {entry["id"] for entry in catalog["collections"]}
    quiz_page = named(site / "recommend" / "index.html")
    assert quiz_page.ids and quiz_page.ids <= visible
    assert named(site / "index.html").ids <= visible
    rules = json.loads(quiz_page.rules)
    assert rules["questions"] and rules["version"] == 1
    hidden = {cid: title for cid, title in all_collections().items() if cid not in visible}
    for page in ("recommend/index.html", "index.html"):
        text = (site / page).read_text(encoding="utf-8")
        for cid, title in hidden.items():
            assert cid not in text and title not in text, f"{audience} {page} names {cid}"
    assert not re.search(r"[a-z]+-(path|readiness|launchpad|certification)", quiz_page.rules), "the JSON holds no ids"


def test_the_sample_recommends_at_least_two_collections_to_each_audience_that_has_two(sample_site):
    for audience in SAMPLE_AUDIENCES:
        catalog = json.loads((sample_site / audience / "catalog.json").read_text(encoding="utf-8"))
        if len(catalog["collections"]) >= 2:
            assert len(named(sample_site / audience / "recommend" / "index.html").ids) >= 2, audience


def test_only_an_audience_with_a_quiz_gets_the_page_the_menu_item_and_the_invitation(tmp_path):
    write_academy(
        tmp_path,
        {
            "collections/customer-path.yml": "title: Customer path\naudiences: [customers]\ncourses: [basics]\n",
            "collections/partner-path.yml": "title: Partner secret path\naudiences: [partners]\ncourses: [basics]\n",
            "audiences/customers.yml": (
                "title: Customer Academy\nrecommend:\n  title: Which way?\n  questions:\n    - id: role\n"
                "      text: Role?\n      answers: { a: A, b: B }\n  otherwise: [customer-path]\n"
            ),
        },
    )
    build_in(tmp_path)
    customers, partners = tmp_path / "site" / "customers", tmp_path / "site" / "partners"
    assert (customers / "recommend" / "index.html").is_file()
    assert not (partners / "recommend").exists()
    home = (customers / "index.html").read_text(encoding="utf-8")
    assert 'href="recommend/" class="md-nav__link"' in home and "data-ac-quiz-invite" in home
    assert "Which way?" not in (partners / "index.html").read_text(encoding="utf-8")
    for path in customers.rglob("*.html"):
        assert "Partner secret path" not in path.read_text(encoding="utf-8"), path


def test_a_source_page_at_the_quiz_address_is_refused(academy_cli, tmp_path):
    write_academy(tmp_path, {"content/recommend.md": "---\naudiences: [customers]\n---\nMine.\n"})
    run = academy_cli("check")
    assert run.code == 1
    assert (
        "content/recommend.md: would be published at 'recommend/', where Academy publishes the recommendation quiz"
        in (run.output)
    )


def test_the_audit_finds_another_audiences_quiz_text_and_passes_the_audiences_own(tmp_path):

    quiz = (
        "recommend:\n  title: {title}\n  questions:\n    - id: team\n      text: {question}\n"
        "      answers: {{ a: {answer}, b: Something else entirely }}\n  otherwise: [shared]\n"
    )
    write_academy(
        tmp_path,
        {
            "collections/shared.yml": "title: Shared\naudiences: [customers, staff]\ncourses: [basics]\n",
            "audiences/staff.yml": "title: Staff Academy\n"
            + quiz.format(title="Staff onboarding quiz", question="Which pager rotation do you join?",
                          answer="The overnight escalation desk"),
            "audiences/customers.yml": "title: Customer Academy\n"
            + quiz.format(title="Customer quiz", question="How big is your finance team?", answer="Fewer than ten"),
        },
    )  # fmt: skip
    academy = load(tmp_path)
    auditor = auditor_of(academy, "customers")
    for leak in ("Staff onboarding quiz", "Which pager rotation do you join?", "The overnight escalation desk"):
        found = auditor.audit_file("recommend/index.html", f"<legend>{leak}</legend>".encode())
        assert [f.message for f in found], leak
    own = "<h1>Customer quiz</h1><legend>How big is your finance team?</legend><span>Fewer than ten</span>"
    assert list(auditor.audit_file("recommend/index.html", own.encode())) == []
