"""Isolation: a marker meant for some audiences never appears in any file of another's site."""

from __future__ import annotations

import pytest

from sites import site_texts, write_academy

AUDIENCES = ("customers", "partners", "staff")

RESTRICTED = {
    "content/staff-handbook.md": """\
        ---
        title: Staff handbook zqxpagetitle
        description: zqxpagedesc for staff eyes
        audiences: [staff]
        ---
        The zqxpagebody escalation rota lives here.
        """,
    "content/courses/partner-play/index.md": """\
        ---
        title: Partner playbook zqxcoursetitle
        description: zqxcoursedesc margins and deal registration
        roles: [admin]
        stage: advanced
        audiences: [partners, staff]
        tags: [zqxcoursetag]
        ---
        Overview of the partner programme.
        """,
    "content/courses/partner-play/01-margins.md": """\
        ---
        title: Margins zqxlessontitle
        ---
        Partner margin is zqxlessonbody percent. ![chart](zqxasset.svg)
        """,
    "content/courses/partner-play/zqxasset.svg": "<svg xmlns='http://www.w3.org/2000/svg'><text>zqxassettext</text></svg>",
    "content/courses/basics/02-shared.md": """\
        ---
        title: Shared lesson
        ---
        Everyone reads this.

        /// audience | staff
        Internal: zqxpassage goes to the on-call lead.
        ///

        /// audience | customers partners
        Open a ticket in the portal zqxexternal.
        ///
        """,
    "content/courses/basics/03-staff.md": """\
        ---
        title: Staff lesson zqxnarrowtitle
        audiences: [staff]
        ---
        Narrowed lesson zqxnarrowbody.
        """,
    "content/courses/zqxfuture/index.md": """\
        ---
        title: Future course zqxdrafttitle
        roles: [admin]
        stage: advanced
        audiences: [customers, partners, staff]
        draft: true
        ---
        Not ready zqxdraftbody.
        """,
    "collections/partner-path.yml": """\
        title: Partner path zqxcollection
        description: zqxcollectiondesc for partners
        audiences: [partners]
        path: true
        courses: [partner-play]
        badge: {label: Partner zqxbadge, icon: handshake, colour: "#00695c"}
        """,
    "collections/everyone.yml": """\
        title: Everyone
        audiences: [customers, partners, staff]
        select: {stage: [implementation, advanced]}
        badge: {label: Everyone badge, icon: star, colour: "#123456"}
        """,
}

WHO_MAY_SEE = {
    "zqxpagetitle": {"staff"},
    "zqxpagedesc": {"staff"},
    "zqxpagebody": {"staff"},
    "zqxcoursetitle": {"partners", "staff"},
    "zqxcoursedesc": {"partners", "staff"},
    "zqxcoursetag": {"partners", "staff"},
    "zqxlessontitle": {"partners", "staff"},
    "zqxlessonbody": {"partners", "staff"},
    "zqxasset": {"partners", "staff"},
    "zqxassettext": {"partners", "staff"},
    "zqxpassage": {"staff"},
    "zqxexternal": {"customers", "partners"},
    "zqxnarrowtitle": {"staff"},
    "zqxnarrowbody": {"staff"},
    "zqxdrafttitle": set(),
    "zqxdraftbody": set(),
    "zqxcollection": {"partners"},
    "zqxcollectiondesc": {"partners"},
    "zqxbadge": {"partners"},
    "partner-play": {"partners", "staff"},
    "partner-path": {"partners"},
    "staff-handbook": {"staff"},
    "03-staff": {"staff"},
    "zqxfuture": set(),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import os

    from academy.cli.main import main

    root = tmp_path_factory.mktemp("isolation")
    write_academy(root, RESTRICTED)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(cwd)
    return {audience: site_texts(root / "site" / audience) for audience in AUDIENCES}


@pytest.mark.parametrize("marker", sorted(WHO_MAY_SEE))
def test_marker_reaches_exactly_its_audiences(built, marker):
    for audience in AUDIENCES:
        hits = sorted(path for path, text in built[audience].items() if marker in text or marker in path)
        if audience in WHO_MAY_SEE[marker]:
            assert hits, f"{marker} missing from {audience}: the test would not catch a leak"
        else:
            assert not hits, f"{marker} leaked into {audience}: {hits}"


def test_every_kind_of_output_file_is_searched(built):
    files = set(built["customers"])
    for expected in (
        "index.html",
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "catalog.json",
        "search/search_index.json",
        "catalog/index.html",
        "badges/index.html",
    ):
        assert expected in files


def test_generated_pages_exist_for_each_audience(built):
    assert "collections/partner-path/index.html" in built["partners"]
    assert "collections/everyone/index.html" in built["customers"]
    assert "assets/academy/badges/partner-path.svg" in built["partners"]
    assert "assets/academy/badges/partner-path.svg" not in built["customers"]


def test_words_meeting_across_visible_table_cells_are_not_a_leak(tmp_path, academy_cli):
    # The search index joins a page's cells into one text; a hidden sentence with the same words is no leak.
    write_academy(
        tmp_path,
        {
            "content/courses/hidden/index.md": "---\ntitle: Hidden\nroles: [admin]\nstage: advanced\n"
            "audiences: [staff]\n---\nIf totals differ by a cent, check the rule "
            "order on the Workflows settings page.\n",
            "content/courses/basics/02-table.md": "---\ntitle: Table\n---\n| Symptom | Fix |\n| --- | --- |\n"
            "| Totals differ by a cent | Check the rule order on the Workflows "
            "settings page |\n",
        },
    )
    run = academy_cli("build")
    assert run.code == 0, run.err
