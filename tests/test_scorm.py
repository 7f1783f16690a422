"""``academy export scorm12``: the package's manifest, checked against SCORM 1.2, and its contents.

The manifest rules are those of IMS Content Packaging 1.1.2 with the ADL SCORM 1.2 extensions
(the SCORM 1.2 Content Aggregation Model and its XSDs imscp_rootv1p1p2.xsd and
adlcp_rootv1p2.xsd): a ``manifest`` with an identifier, ``metadata`` with the schema
``ADL SCORM`` at version ``1.2``, ``organizations`` whose ``default`` names one of its
``organization``s, items with an identifier, an ``identifierref`` to a resource and a title,
``adlcp:masteryscore`` between 0 and 100, and resources of type ``webcontent`` with an
``adlcp:scormtype`` of ``sco`` or ``asset``, an ``href`` and the ``file``s they use.
"""

from __future__ import annotations

import re
import zipfile
from html import escape, unescape
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.portal import scorm
from sites import write_academy
from test_cmi5 import FILES as CMI5_FILES

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
"""An ``xs:ID``: identifiers of the manifest, its organizations, items and resources."""
SITE = "https://academy.example.com/customers/"
FILES = {**CMI5_FILES, "audiences/customers.yml": f"title: Customer Academy\nsite_url: {SITE}\n"}


def q(tag: str) -> str:
    return f"{{{CP}}}{tag}"


def check_manifest(xml: bytes) -> ET.Element:
    """Assert the SCORM 1.2 manifest rules on ``xml``; its root."""
    root = ET.fromstring(xml)
    assert root.tag == q("manifest")
    assert NCNAME.match(root.get("identifier", "")), "the manifest needs an xs:ID identifier"
    assert xml.count(CP.encode()) and xml.count(ADLCP.encode()), "both namespaces are declared"
    assert [child.tag for child in root] == [q("metadata"), q("organizations"), q("resources")]
    assert root.findtext(f"{q('metadata')}/{q('schema')}") == "ADL SCORM"
    assert root.findtext(f"{q('metadata')}/{q('schemaversion')}") == "1.2"
    organizations = root.find(q("organizations"))
    ids = [element.get("identifier") for element in root.iter() if element.get("identifier") is not None]
    assert all(NCNAME.match(i) for i in ids) and len(set(ids)) == len(ids), "identifiers are unique xs:IDs"
    orgs = organizations.findall(q("organization"))
    assert organizations.get("default") in {org.get("identifier") for org in orgs}
    resources = {r.get("identifier"): r for r in root.find(q("resources")).findall(q("resource"))}
    for org in orgs:
        assert org.findtext(q("title")), "an organization needs its title"
        items = org.findall(f".//{q('item')}")
        assert items, "an organization needs at least one item"
        for item in items:
            assert item.findtext(q("title")), "an item needs its title"
            assert item.get("identifierref") in resources, "an item points at a resource"
            assert item.get("isvisible", "true") in {"true", "false"}
            mastery = item.findtext(f"{{{ADLCP}}}masteryscore")
            if mastery is not None:
                assert mastery.isdigit() and 0 <= int(mastery) <= 100
            tags = [child.tag for child in item]
            assert tags[0] == q("title"), "the title comes first in an item"
    for resource in resources.values():
        assert resource.get("type") == "webcontent"
        assert resource.get(f"{{{ADLCP}}}scormtype") in {"sco", "asset"}
        href = resource.get("href")
        assert href and not href.startswith(("/", "http")), "a SCO launches at a file of the package"
        files = [f.get("href") for f in resource.findall(q("file"))]
        assert href in files, "the launch page is one of the resource's files"
    return root


def export(academy_cli, tmp_path, *args: str):
    run = academy_cli("export", "scorm12", "--audience", "customers", *args)
    assert run.code == 0, run.output
    return run


def test_a_paths_package_holds_one_sco_per_course_with_every_file_it_uses(academy_cli, tmp_path):
    write_academy(tmp_path, FILES)
    run = export(academy_cli, tmp_path, "--path", "starter")
    assert "Wrote starter-scorm12.zip: imsmanifest.xml with 2 SCO(s)" in run.out
    with zipfile.ZipFile(tmp_path / "starter-scorm12.zip") as package:
        names = set(package.namelist())
        root = check_manifest(package.read("imsmanifest.xml"))
        texts = {name: package.read(name) for name in names}
    org = root.find(f"{q('organizations')}/{q('organization')}")
    assert org.findtext(q("title")) == "Starter path"
    items = [
        (i.get("identifierref"), i.findtext(q("title")), i.findtext(f"{{{ADLCP}}}masteryscore"))
        for i in org.findall(q("item"))
    ]
    assert items == [("RES-basics", "The basics", None), ("RES-advanced", "Going further", "70")]
    resources = root.find(q("resources")).findall(q("resource"))
    assert [r.get("href") for r in resources] == ["courses/basics/index.html", "courses/advanced/index.html"]
    listed = {f.get("href") for r in resources for f in r.findall(q("file"))}
    assert listed == names - {"imsmanifest.xml"}, "every listed file is packaged and every packaged file listed"
    advanced = {f.get("href") for f in resources[1].findall(q("file"))}
    assert {"courses/advanced/01-exam/index.html", "academy-scorm.js"} <= advanced
    assert not any(name.startswith("courses/basics/") for name in advanced)
    assert any(name.startswith("assets/stylesheets/") for name in advanced)
    page = texts["courses/basics/index.html"].decode()
    assert '<script src="../../academy-scorm.js" data-ac-scorm-course="basics"></script></body>' in page
    assert 'href="01-first/index.html"' in page, "folder links within the package name their index.html"
    assert f'href="{SITE}catalog/" target="_blank" rel="noopener"' in page, "other pages are on the site"
    for name, data in texts.items():  # the partners-only course is nowhere in the package
        assert b"Partner secret" not in data and b"courses/secret" not in data, name


def test_without_site_url_links_leaving_the_package_become_plain_text(academy_cli, tmp_path):
    write_academy(tmp_path, {**FILES, "audiences/customers.yml": "title: Customer Academy\n"})
    export(academy_cli, tmp_path, "--course", "basics", "-o", "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as package:
        check_manifest(package.read("imsmanifest.xml"))
        page = package.read("courses/basics/01-first/index.html").decode()
        assert "courses/advanced/index.html" not in package.namelist()
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', page)
    inside = ("#", "http", "../index.html", "./index.html", "index.html")
    assert hrefs and all(h.startswith(inside) for h in hrefs), hrefs
    assert 'data-ac-outside=""' in page


def test_the_same_sources_give_the_same_bytes(academy_cli, tmp_path):
    write_academy(tmp_path, FILES)
    export(academy_cli, tmp_path, "--course", "advanced", "-o", "a.zip")
    export(academy_cli, tmp_path, "--course", "advanced", "-o", "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["--path", "startr"], 2, r"unknown learning path 'startr'; did you mean 'starter'"),
        (["--course", "secret"], 1, r"no course 'secret' in the customers site"),
        (["--course", "basic"], 2, r"unknown course 'basic'; did you mean 'basics'"),
        (["--audience", "nobody", "--course", "basics"], 2, r"unknown audience 'nobody'"),
    ],
)
def test_export_says_what_stops_it(academy_cli, tmp_path, args, code, expected):
    write_academy(tmp_path, FILES)
    run = academy_cli("export", "scorm12", *(["--audience", "customers"] if "--audience" not in args else []), *args)
    assert run.code == code, run.output
    assert re.search(expected, run.output), run.output
    assert "Traceback" not in run.output and not list(tmp_path.glob("*.zip"))


SEGMENTS = st.sampled_from(["..", ".", "courses", "basics", "01-first", "catalog", "a b", "%2e%2e", "index.html"])
HREFS = st.builds(
    lambda parts, slash, suffix: "/".join(parts) + ("/" if slash else "") + suffix,
    st.lists(SEGMENTS, max_size=5),
    st.booleans(),
    st.sampled_from(["", "#top", "?q=1"]),
)


@given(hrefs=st.lists(HREFS, min_size=1, max_size=5), site_url=st.sampled_from([None, SITE]))
def test_every_link_of_a_packaged_page_reaches_a_packaged_page_or_leaves_for_the_site(hrefs, site_url):
    page = "courses/basics/01-first/index.html"
    packaged = {"courses/basics/index.html", page}
    html = "".join(f'<a class="x" href="{escape(href)}">link</a>' for href in hrefs)
    rewritten = scorm._rewrite(page, html, packaged, site_url)
    for href in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', rewritten):
        href = unescape(href)
        target = scorm._target(page, href)
        if target is None:
            leaves = site_url is not None and href.startswith("https://academy.example.com/")
            assert leaves or href.startswith("#") or not urlsplit(href).path, href
        else:
            assert target in packaged or not target.endswith(".html"), (href, target)
            assert not urlsplit(href).path.endswith("/"), f"{href}: a folder link opens no page from disk"
