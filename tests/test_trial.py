"""Every case an independent trial published to the wrong audience, through the ``academy`` command.

Each one is now impossible (the text reaches exactly its audiences) or a ``path:line`` error
that ``academy check`` and ``academy build`` both report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sites import site_texts, write_academy

AUDIENCES = ("customers", "partners", "staff")


def seen_by(root: Path, token: str, site: str = "site") -> set[str]:
    """The audiences whose built site holds ``token`` anywhere (paths included)."""
    found = set()
    for audience in AUDIENCES:
        texts = site_texts(root / site / audience)
        if any(token.lower() in path.lower() or token.lower() in text.lower() for path, text in texts.items()):
            found.add(audience)
    return found


def lesson(body: str, front: str = "") -> str:
    return f"---\n{front}---\n{body}"


ISOLATED = {
    "a title from a heading inside a passage": (
        lesson("/// audience | staff\n# Zqxtitle escalation\n///\n\nFor everyone.\n"),
        "zqxtitle",
    ),
    "a passage inside a block quote": (
        lesson("> Intro\n>\n> /// audience | staff\n> Zqxquoted secret.\n> ///\n", "title: Quote\n"),
        "zqxquoted",
    ),
    "a passage after an indented code block holding a fence line": (
        lesson("Text\n\n    ```\n    code\n\n/// audience | staff\nZqxafter secret.\n///\n", "title: Code\n"),
        "zqxafter",
    ),
    "a passage inside a list item": (
        lesson("- Item\n\n    /// audience | staff\n    Zqxlisted secret.\n    ///\n", "title: List\n"),
        "zqxlisted",
    ),
    "a passage inside an admonition": (
        lesson('!!! note "Note"\n\n    /// audience | staff\n    Zqxnoted secret.\n    ///\n', "title: Note\n"),
        "zqxnoted",
    ),
}


@pytest.mark.parametrize(("text", "token"), ISOLATED.values(), ids=ISOLATED.keys())
def test_a_passage_reaches_only_its_audience(tmp_path, academy_cli, text, token):
    write_academy(tmp_path, {"content/courses/basics/02-case.md": text})
    run = academy_cli("build")
    assert run.code == 0, run.err
    assert seen_by(tmp_path, token) == {"staff"}


REFUSED = {
    "a misspelt marker": (
        lesson("/// audiences | staff\nZqx secret.\n///\n", "title: Typo\n"),
        "content/courses/basics/02-case.md:4: unknown block '/// audiences'; did you mean '/// audience'?",
    ),
    "a marker with a capital letter": (
        lesson("/// Audience | staff\nZqx secret.\n///\n", "title: Case\n"),
        "content/courses/basics/02-case.md:4: write '/// audience' in lowercase",
    ),
    "front matter never closed": (
        "---\ntitle: Front\naudiences: [staff]\nZqx body.\n",
        "content/courses/basics/02-case.md:1: front matter opened by '---' is never closed",
    ),
    "a link wrapped over two lines to a hidden page": (
        lesson("See [the staff\nnotes](../../staff-notes.md) here.\n", "title: Wrap\n"),
        "content/courses/basics/02-case.md:5: links to content/staff-notes.md, which is not visible to 'customers'",
    ),
    "a srcset naming a hidden file": (
        lesson('<img src="ok.png" srcset="../partner/p.png 2x">\n', "title: Srcset\n"),
        "02-case.md:4: uses content/courses/partner/p.png, which is not published to 'customers'",
    ),
    "an object's data naming a hidden file": (
        lesson('Diagram:\n\n<object data="../partner/p.svg"></object>\n', "title: Object\n"),
        "02-case.md:6: uses content/courses/partner/p.svg, which is not published to 'customers'",
    ),
}
HIDDEN_FILES = {
    "content/staff-notes.md": "---\ntitle: Staff notes\naudiences: [staff]\n---\nNotes.\n",
    "content/courses/partner/index.md": (
        "---\ntitle: P\nroles: [admin]\nstage: advanced\naudiences: [partners]\n---\nP\n"
    ),
    "content/courses/partner/p.png": "png",
    "content/courses/partner/p.svg": "<svg/>",
    "content/courses/basics/ok.png": "png",
}


@pytest.mark.parametrize(("text", "expected"), REFUSED.values(), ids=REFUSED.keys())
def test_check_and_build_refuse_it_alike_with_or_without_the_cache(tmp_path, academy_cli, text, expected):
    write_academy(tmp_path, {**HIDDEN_FILES, "content/courses/basics/02-case.md": text})
    check = academy_cli("check")
    assert check.code == 1 and expected in check.err, check.err
    for options in ((), ("--no-cache",)):
        build = academy_cli("build", *options)
        assert build.code == 1 and expected in build.err, build.err
        assert "Traceback" not in build.output
    assert not (tmp_path / "site").exists()


SNIPPETS = """\
  - pymdownx.snippets:
      base_path: [snippets, "."]
      check_paths: true
"""


def with_snippets(root: Path, files: dict[str, str]) -> Path:
    config = write_academy(root, files)
    config.write_text(config.read_text().replace("  - toc\n", "  - toc\n" + SNIPPETS))
    return config


def test_passages_in_an_included_snippet_are_resolved_per_audience(tmp_path, academy_cli):
    with_snippets(
        tmp_path,
        {
            "snippets/common.md": "Shared zqxshared.\n\n/// audience | staff\nZqxsnipstaff internal.\n///\n",
            "content/courses/basics/02-case.md": lesson('Intro.\n\n--8<-- "common.md"\n', "title: Snip\n"),
        },
    )
    assert academy_cli("build").code == 0
    assert seen_by(tmp_path, "zqxshared") == set(AUDIENCES)
    assert seen_by(tmp_path, "zqxsnipstaff") == {"staff"}


def test_a_page_may_not_include_a_file_its_readers_may_not_see(tmp_path, academy_cli):
    with_snippets(
        tmp_path,
        {
            **HIDDEN_FILES,
            "content/courses/basics/02-case.md": lesson('--8<-- "content/staff-notes.md"\n', "title: Leaky\n"),
            "content/courses/basics/03-fine.md": lesson(
                '/// audience | staff\n--8<-- "content/staff-notes.md"\n///\n', "title: Fine\n"
            ),
        },
    )
    run = academy_cli("check")
    assert run.code == 1
    assert (
        "content/courses/basics/02-case.md:4: includes content/staff-notes.md, which is not visible to 'customers'"
        in run.err
    )
    assert "03-fine.md" not in run.err


def test_an_edited_snippet_reaches_the_cached_page(tmp_path, academy_cli):
    with_snippets(
        tmp_path,
        {
            "snippets/common.md": "Version zqxfirst.\n",
            "content/courses/basics/02-case.md": lesson('--8<-- "common.md"\n', "title: Snip\n"),
        },
    )
    assert academy_cli("build").code == 0
    (tmp_path / "snippets/common.md").write_text("Version zqxsecond.\n")
    assert academy_cli("build").code == 0
    assert seen_by(tmp_path, "zqxsecond") == set(AUDIENCES) and seen_by(tmp_path, "zqxfirst") == set()


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_symbolic_links_in_the_sources_are_refused(tmp_path, academy_cli, target):
    write_academy(tmp_path / "project", {})
    secret = tmp_path / "secret.txt" if target == "outside" else tmp_path / "project/notes.txt"
    secret.write_text("zqxprivate key material")
    os.symlink(secret, tmp_path / "project/content/courses/basics/key.txt")
    os.symlink(tmp_path, tmp_path / "project/content/linked-folder")
    run = academy_cli("build", cwd=tmp_path / "project")
    assert run.code == 1
    assert "content/courses/basics/key.txt: is a symbolic link" in run.err
    assert "content/linked-folder: is a symbolic link" in run.err


def test_taxonomy_values_of_hidden_courses_stay_out_of_the_catalog(tmp_path, academy_cli):
    write_academy(
        tmp_path,
        {
            "content/courses/analysts/index.md": "---\ntitle: A\nroles: [analyst]\nstage: maintenance\n"
            "audiences: [staff]\n---\nA\n",
        },
    )
    assert academy_cli("build").code == 0
    catalog = json.loads((tmp_path / "site/customers/catalog.json").read_text())
    assert "analyst" not in catalog["taxonomies"]["roles"]["values"]
    assert "maintenance" not in catalog["taxonomies"]["stage"]["values"]
    assert seen_by(tmp_path, "Analyst") == {"staff"}
