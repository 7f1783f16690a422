"""``academy export cmi5``: the package's course structure, checked against the cmi5 specification.

The rules are the cmi5 specification's course structure (section 13, and its XSD
CourseStructure.xsd): the namespace, a course with an id, a title and a description as
langstrings, and assignable units with an id, a title, a description, a url, a moveOn and a
launchMethod from the allowed values, and a masteryScore between 0 and 1.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

import pytest

from sites import write_academy

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MOVE_ON = {"NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"}
LAUNCH_METHODS = {"AnyWindow", "OwnWindow"}
AU_ATTRIBUTES = {"id", "moveOn", "masteryScore", "launchMethod", "activityType"}
AU_CHILDREN = ["title", "description", "objectives", "url", "launchParameters", "entitlementKey"]
"""The AU's elements in the order of the XSD's sequence; title, description and url are required."""
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

SITE = "https://academy.example.com/customers/"
FILES = {
    "audiences/customers.yml": f"title: Customer Academy\nsite_url: {SITE}\ncmi5: true\n",
    "content/courses/advanced/index.md": """\
        ---
        title: Going further
        description: After the basics.
        roles: [admin]
        stage: advanced
        audiences: [customers, partners]
        pass_mark: 70
        ---
        More.
        """,
    "content/courses/advanced/01-exam.md": """\
        ---
        title: Exam
        assessment: true
        ---
        /// check | Ready?

        - [x] Yes
        - [ ] No
        ///
        """,
    "content/courses/secret/index.md": """\
        ---
        title: Partner secret
        roles: [admin]
        stage: advanced
        audiences: [partners]
        ---
        For partners only.
        """,
    "collections/starter.yml": """\
        title: Starter path
        description: From zero to advanced.
        audiences: [customers, partners]
        path: true
        select: {roles: [admin]}
        """,
}


def _text(element: ET.Element, tag: str) -> list[str]:
    """The langstrings of ``element``'s required child ``tag``; a problem when missing or malformed."""
    child = element.find(f"{{{NS}}}{tag}")
    assert child is not None, f"<{tag}> is required in <{element.tag}>"
    strings = child.findall(f"{{{NS}}}langstring")
    assert strings, f"<{tag}> needs at least one <langstring>"
    assert all(s.get("lang") for s in strings), f"each <langstring> of <{tag}> needs its lang"
    return [s.text or "" for s in strings]


def check_course_structure(xml: bytes) -> ET.Element:
    """Assert the cmi5 course structure rules on ``xml``; its root."""
    root = ET.fromstring(xml)
    assert root.tag == f"{{{NS}}}courseStructure"
    children = list(root)
    assert children and children[0].tag == f"{{{NS}}}course", "the structure starts with its <course>"
    course = children[0]
    assert IRI.match(course.get("id", "")), "course id must be an IRI"
    _text(course, "title")
    _text(course, "description")
    units = root.findall(f"{{{NS}}}au")
    assert units, "a course structure needs at least one AU (directly or in a block)"
    ids = [course.get("id")] + [au.get("id") for au in units]
    assert len(set(ids)) == len(ids), "ids are unique in a course structure"
    for au in units:
        assert set(au.attrib) <= AU_ATTRIBUTES, au.attrib
        assert IRI.match(au.get("id", "")), "au id must be an IRI"
        assert au.get("moveOn", "NotApplicable") in MOVE_ON
        assert au.get("launchMethod", "AnyWindow") in LAUNCH_METHODS
        if "masteryScore" in au.attrib:
            try:
                score = Decimal(au.get("masteryScore"))
            except InvalidOperation:
                pytest.fail(f"masteryScore {au.get('masteryScore')!r} is not a decimal")
            assert 0 <= score <= 1
        tags = [child.tag.removeprefix(f"{{{NS}}}") for child in au]
        assert tags == [t for t in AU_CHILDREN if t in tags], f"AU elements out of the XSD's order: {tags}"
        _text(au, "title")
        _text(au, "description")
        url = au.find(f"{{{NS}}}url")
        assert url is not None and url.text, "an AU needs its url"
    return root


def units(root: ET.Element) -> list[dict]:
    return [
        {**au.attrib, "title": au.find(f"{{{NS}}}title/{{{NS}}}langstring").text, "url": au.find(f"{{{NS}}}url").text}
        for au in root.findall(f"{{{NS}}}au")
    ]


def test_a_paths_package_holds_one_au_per_course_the_audience_sees(academy_cli, tmp_path):
    write_academy(tmp_path, FILES)
    run = academy_cli("export", "cmi5", "--audience", "customers", "--path", "starter", "-o", "starter.zip")
    assert run.code == 0, run.output
    assert "Wrote starter.zip: cmi5.xml with 2 assignable unit(s)" in run.out
    with zipfile.ZipFile(tmp_path / "starter.zip") as package:
        assert package.namelist() == ["cmi5.xml"]
        xml = package.read("cmi5.xml")
    root = check_course_structure(xml)
    course = root.find(f"{{{NS}}}course")
    assert course.get("id") == SITE + "xapi/paths/starter"
    assert _text(course, "title") == ["Starter path"]
    assert units(root) == [
        {
            "id": SITE + "xapi/courses/basics",
            "moveOn": "Completed",
            "launchMethod": "AnyWindow",
            "title": "The basics",
            "url": SITE + "courses/basics/",
        },
        {
            "id": SITE + "xapi/courses/advanced",
            "moveOn": "CompletedAndPassed",
            "masteryScore": "0.7",
            "launchMethod": "AnyWindow",
            "title": "Going further",
            "url": SITE + "courses/advanced/",
        },
    ]
    assert b"secret" not in xml and b"Partner" not in xml  # the partners' course matches the rules, not the audience


def test_one_course_exports_as_one_au_and_the_same_sources_give_the_same_bytes(academy_cli, tmp_path):
    write_academy(tmp_path, FILES)
    assert academy_cli("export", "cmi5", "-a", "customers", "--course", "advanced", "-o", "a.zip").code == 0
    assert academy_cli("export", "cmi5", "-a", "customers", "--course", "advanced", "-o", "b.zip").code == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as package:
        root = check_course_structure(package.read("cmi5.xml"))
    assert [unit["id"] for unit in units(root)] == [SITE + "xapi/courses/advanced"]


@pytest.mark.parametrize(
    ("args", "files", "code", "expected"),
    [
        (["--path", "starter"], {"audiences/customers.yml": "title: C\ncmi5: true\n"}, 1,
         r"audiences/customers\.yml:2: 'cmi5: true' needs the audience's 'site_url'"),
        (["--path", "starter"], {"audiences/customers.yml": f"title: C\nsite_url: {SITE}\n"}, 1,
         r"audiences/customers\.yml: the site does not accept cmi5 launches; add 'cmi5: true'"),
        (["--path", "startr"], {}, 2, r"unknown learning path 'startr'; did you mean 'starter'"),
        (["--course", "secret"], {}, 1, r"no course 'secret' in the customers site"),
        (["--course", "basic"], {}, 2, r"unknown course 'basic'; did you mean 'basics'"),
    ],
)  # fmt: skip
def test_export_says_what_stops_it(academy_cli, tmp_path, args, files, code, expected):
    write_academy(tmp_path, {**FILES, **files})
    run = academy_cli("export", "cmi5", "--audience", "customers", *args)
    assert run.code == code, run.output
    assert re.search(expected, run.output), run.output
    assert "Traceback" not in run.output and not list(tmp_path.glob("*.zip"))
