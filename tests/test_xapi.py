"""xAPI settings of an audience: read with file:line errors, shipped only to that audience's pages."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_in
from sites import write_academy

GOOD = """\
title: Customer Academy
site_url: https://academy.example.com/customers/
xapi:
  endpoint: https://lrs.example.com/xapi/
  auth: cookie
  actor:
    from: query
    name: learner
    home_page: https://sso.example.com/
"""


def customers(text: str) -> dict[str, str]:
    return {"audiences/customers.yml": text}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("https://lrs.example.com/xapi/", "javascript:alert(1)"), r":4: 'endpoint' uses 'javascript:'"),
        (GOOD.replace("auth: cookie", "auth: Basic dXNlcjpzZWNyZXQ="), r":5: unknown xapi auth 'Basic"),
        (GOOD.replace("from: query", "from: header"), r":7: unknown actor source 'header'; allowed: cookie, query"),
        (GOOD.replace("name: learner", "name: a b"), r":8: actor 'name' must be a cookie or parameter name"),
        (GOOD.replace("name: learner", "name: ''"), r":8: 'name' is empty"),
        (GOOD.replace("    home_page: https://sso.example.com/\n", ""), r":7: 'home_page' is missing"),
        (GOOD.replace("  actor:\n    from: query\n    name: learner\n    home_page: https://sso.example.com/\n", ""),
         r":4: 'xapi' needs 'actor:'"),
        (GOOD.replace("site_url: https://academy.example.com/customers/\n", ""), r":3: 'xapi' needs the audience's "
         "'site_url'"),
        (GOOD.replace("auth: cookie", "token: abc"), r":5: unknown xapi key 'token'"),
    ],
)  # fmt: skip
def test_academy_check_names_the_line_of_each_xapi_mistake(academy_cli, tmp_path, text, expected):
    write_academy(tmp_path, customers(text))
    run = academy_cli("check")
    assert run.code == 1
    assert re.search(r"audiences/customers\.yml" + expected, run.output), run.output
    assert "Traceback" not in run.output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),
    endpoint=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
def test_any_actor_name_or_endpoint_is_accepted_only_when_safe(academy_cli, tmp_path, name, endpoint):
    data = {"endpoint": endpoint, "actor": {"from": "cookie", "name": name, "home_page": "https://sso.example.com/"}}
    text = "title: C\nsite_url: https://academy.example.com/c/\nxapi: " + json.dumps(data) + "\n"
    write_academy(tmp_path, customers(text))
    run = academy_cli("check")
    assert "Traceback" not in run.output
    if run.code == 0:
        assert re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name.strip())
        assert re.match(r"(?i)https?://[^\s\"'<>`\\]+$", endpoint.strip())
    else:
        assert re.search(r"audiences/customers\.yml:\d+: ", run.output), run.output


def test_only_the_audience_with_xapi_ships_its_settings_and_script(tmp_path):
    write_academy(tmp_path, customers(GOOD))
    build_in(tmp_path)
    lesson = (tmp_path / "site/customers/courses/basics/01-first/index.html").read_text(encoding="utf-8")
    [attribute] = re.findall(r'data-ac-xapi="([^"]*)"', lesson)
    assert json.loads(html.unescape(attribute)) == {
        "actor": {"from": "query", "homePage": "https://sso.example.com/", "name": "learner"},
        "auth": "cookie",
        "endpoint": "https://lrs.example.com/xapi/",
        "site": "https://academy.example.com/customers/",
        "cmi5": False,
    }
    assert 'src="../../../assets/academy/statements.js"' in lesson
    assert (tmp_path / "site/customers/assets/academy/statements.js").is_file()
    for audience in ("partners", "staff"):
        assert not (tmp_path / "site" / audience / "assets/academy/statements.js").exists()
        for page in (tmp_path / "site" / audience).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert "statements.js" not in text and "data-ac-xapi" not in text and "lrs.example.com" not in text


def test_a_changed_endpoint_reaches_pages_built_from_the_cache(tmp_path):
    write_academy(tmp_path, customers(GOOD))
    build_in(tmp_path, "--audience", "customers")
    (tmp_path / "audiences/customers.yml").write_text(GOOD.replace("lrs.example.com", "lrs2.example.com"))
    build_in(tmp_path, "--audience", "customers")
    page = (tmp_path / "site/customers/catalog/index.html").read_text(encoding="utf-8")
    assert "lrs2.example.com" in page and "lrs.example.com" not in page
