"""Open Badges definitions: each badge as a 3.0 Achievement and a 2.0 BadgeClass, and the issuer.

The required properties and their types are written here from the specifications (Open Badges
2.0, IMS Final Release: BadgeClass, Profile, Criteria, Image; Open Badges 3.0: Achievement,
Criteria, Image, Profile, Related), not from our own code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.definitions import AUDIENCE_FIELDS, Vocabulary
from academy.core.fields import FieldReader, read_fields
from academy.core.yamlio import parse_yaml
from conftest import SAMPLE_AUDIENCES, build_in
from sites import write_academy

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def is_iri(value: object) -> bool:
    """An absolute IRI as both specifications need for ``id``: a scheme and, for http(s), a host."""
    if not isinstance(value, str) or re.search(r"\s", value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))


def nonempty_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def ob2_criteria_problems(criteria: object) -> list[str]:
    """2.0: ``criteria`` is a URL, or a Criteria object with an ``id`` (IRI) and/or a ``narrative``."""
    if isinstance(criteria, str):
        return [] if is_iri(criteria) else ["criteria is not an IRI"]
    if not isinstance(criteria, dict):
        return ["criteria is neither an IRI nor a Criteria object"]
    found = []
    if "id" in criteria and not is_iri(criteria["id"]):
        found.append("criteria.id is not an IRI")
    if "narrative" in criteria and not isinstance(criteria["narrative"], str):
        found.append("criteria.narrative is not text")
    if "id" not in criteria and "narrative" not in criteria:
        found.append("criteria has neither id nor narrative")
    return found


def ob2_badge_class_problems(doc: dict) -> list[str]:
    """OB 2.0 BadgeClass: type, id, name, description, image, criteria and issuer are required."""
    found = []
    if doc.get("@context") != OB2_CONTEXT and OB2_CONTEXT not in (doc.get("@context") or []):
        found.append("@context lacks the 2.0 context")
    kinds = doc.get("type")
    if not (kinds == "BadgeClass" or (isinstance(kinds, list) and "BadgeClass" in kinds)):
        found.append("type is not BadgeClass")
    for key in ("id", "issuer"):
        if not is_iri(doc.get(key)):
            found.append(f"{key} is not an IRI")
    for key in ("name", "description"):
        if not nonempty_text(doc.get(key)):
            found.append(f"{key} is not text")
    image = doc.get("image")
    if not (is_iri(image) or (isinstance(image, dict) and is_iri(image.get("id")))):
        found.append("image is neither an IRI nor an Image with an id")
    return found + ob2_criteria_problems(doc.get("criteria"))


def ob2_issuer_problems(doc: dict) -> list[str]:
    """OB 2.0 Profile (issuer): type, id; an issuer also needs name and url (email, when given, is text)."""
    found = []
    if doc.get("@context") != OB2_CONTEXT:
        found.append("@context is not the 2.0 context")
    if doc.get("type") not in ("Issuer", "Profile"):
        found.append("type is neither Issuer nor Profile")
    for key in ("id", "url"):
        if not is_iri(doc.get(key)):
            found.append(f"{key} is not an IRI")
    if not nonempty_text(doc.get("name")):
        found.append("name is not text")
    if "email" in doc and not nonempty_text(doc["email"]):
        found.append("email is not text")
    return found


def ob3_profile_problems(doc: dict) -> list[str]:
    """OB 3.0 Profile: ``id`` (URI) and ``type`` (an array holding Profile) are required."""
    found = []
    if not is_iri(doc.get("id")):
        found.append("profile id is not a URI")
    if not (isinstance(doc.get("type"), list) and "Profile" in doc["type"]):
        found.append("profile type does not hold Profile")
    for key in ("name", "url", "email"):
        if key in doc and not nonempty_text(doc[key]):
            found.append(f"profile {key} is not text")
    return found


def ob3_achievement_problems(doc: dict) -> list[str]:
    """OB 3.0 Achievement: id, type ["Achievement"], name, description and criteria {id or narrative}."""
    found = []
    context = doc.get("@context")
    if not (isinstance(context, list) and OB3_CONTEXT in context):
        found.append("@context lacks the 3.0 context")
    if not is_iri(doc.get("id")):
        found.append("id is not a URI")
    if not (isinstance(doc.get("type"), list) and "Achievement" in doc["type"]):
        found.append("type does not hold Achievement")
    for key in ("name", "description"):
        if not nonempty_text(doc.get(key)):
            found.append(f"{key} is not text")
    criteria = doc.get("criteria")
    if not isinstance(criteria, dict) or not ("id" in criteria or "narrative" in criteria):
        found.append("criteria has neither id nor narrative")
    elif "id" in criteria and not is_iri(criteria["id"]):
        found.append("criteria.id is not a URI")
    elif "narrative" in criteria and not nonempty_text(criteria["narrative"]):
        found.append("criteria.narrative is not text")
    image = doc.get("image")
    if image is not None and not (isinstance(image, dict) and is_iri(image.get("id")) and image.get("type") == "Image"):
        found.append("image is not an Image with an id and type Image")
    if "creator" in doc:
        found += ob3_profile_problems(doc["creator"])
    for related in doc.get("related", []):
        if not is_iri(related.get("id")) or not (
            isinstance(related.get("type"), list) and "Related" in related["type"]
        ):
            found.append("related is not a Related with an id")
    return found


def read_json(site: Path, audience: str, url: str) -> dict:
    return json.loads((site / audience / url).read_text(encoding="utf-8"))


def site_path(audience_url: str, iri: str) -> str:
    """The path inside the audience's site of one of its own absolute URLs."""
    assert iri.startswith(audience_url), f"{iri} is not under the site's URL {audience_url}"
    return iri[len(audience_url) :]


def site_url_of(audience: str) -> str:
    from conftest import REPO

    text = (REPO / "audiences" / f"{audience}.yml").read_text(encoding="utf-8")
    return re.search(r"^site_url: (\S+)$", text, re.M).group(1)


@pytest.fixture(scope="module")
def catalogs(sample_site) -> dict[str, dict]:
    return {audience: read_json(sample_site, audience, "catalog.json") for audience in SAMPLE_AUDIENCES}


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_every_badge_has_valid_definitions_in_both_versions_linked_to_each_other(sample_site, catalogs, audience):
    base = site_url_of(audience)
    badges = [c for c in catalogs[audience]["collections"] if c["badge"]]
    assert badges, "every sample audience has badges"
    for collection in badges:
        achievement = read_json(sample_site, audience, f"badges/{collection['id']}/achievement.json")
        assert ob3_achievement_problems(achievement) == []
        badge_class = read_json(sample_site, audience, site_path(base, achievement["related"][0]["id"]))
        assert ob2_badge_class_problems(badge_class) == []
        assert achievement["id"] == base + f"badges/{collection['id']}/achievement.json"
        assert badge_class["id"] == achievement["related"][0]["id"]
        assert achievement["name"] == badge_class["name"] == collection["badge"]["label"]
        # The criteria are the collection's page; the image is the badge's own SVG on this site.
        assert badge_class["criteria"]["id"] == achievement["criteria"]["id"] == base + collection["url"]
        assert (sample_site / audience / site_path(base, badge_class["image"])).is_file()
        issuer = read_json(sample_site, audience, site_path(base, badge_class["issuer"]))
        assert ob2_issuer_problems(issuer) == [] and issuer["id"] == badge_class["issuer"]
        profile = read_json(sample_site, audience, site_path(base, achievement["creator"]["id"]))
        assert VC2_CONTEXT in profile["@context"] and ob3_profile_problems(profile) == []
        assert {k: v for k, v in profile.items() if k != "@context"} == achievement["creator"]


def test_issuer_and_criteria_come_from_the_audience_and_collection_files(sample_site):
    """The partners' file names its issuer; a collection's own criteria text replaces the default."""
    badge_class = read_json(sample_site, "partners", "badges/partner-certification/badgeclass.json")
    issuer = read_json(sample_site, "partners", "badges/issuer-ob2.json")
    assert issuer["name"] == "Ledgerly Partner Program" and issuer["email"] == "partners@ledgerly.example"
    assert issuer["url"] == "https://ledgerly.example/partners/"
    assert badge_class["criteria"]["narrative"].startswith("Complete the four courses of the path")
    # Without them: the site's title and address, and the courses named.
    default = read_json(sample_site, "customers", "badges/issuer.json")
    assert default["name"] == "Ledgerly Academy" and default["url"] == site_url_of("customers")
    narrative = read_json(sample_site, "customers", "badges/developer-path/achievement.json")["criteria"]["narrative"]
    assert narrative.startswith("Complete every course of the learning path Developer path: ")


def test_the_badges_page_links_each_definition_and_says_what_a_static_site_cannot_sign(sample_site, catalogs):
    html = (sample_site / "partners" / "badges" / "index.html").read_text(encoding="utf-8")
    for collection in (c for c in catalogs["partners"]["collections"] if c["badge"]):
        assert f'href="{collection["id"]}/achievement.json"' in html
        assert f'href="{collection["id"]}/badgeclass.json"' in html
    assert "this site does not sign it" in html
    # The claim link of the one badge with an external issuer, shown once earned (by the script).
    assert 'href="https://www.credly.com/org/ledgerly/badge/certified-implementation-partner"' in html
    certification = next(c for c in catalogs["partners"]["collections"] if c["id"] == "partner-certification")
    assert certification["badge"]["claim_url"].startswith("https://www.credly.com/")


def test_no_badge_document_names_what_only_another_audience_sees(sample_site, catalogs):
    """Course and collection ids and titles of other sites never appear in an audience's badge documents."""
    for audience in SAMPLE_AUDIENCES:
        own = catalogs[audience]
        mine = {c["id"] for c in own["courses"]} | {c["title"] for c in own["courses"]}
        mine |= {c["id"] for c in own["collections"]} | {c["title"] for c in own["collections"]}
        foreign = set()
        for other in SAMPLE_AUDIENCES:
            for item in catalogs[other]["courses"] + catalogs[other]["collections"]:
                foreign |= {item["id"], item["title"]} - mine
        foreign = {name for name in foreign if not any(name in kept for kept in mine)}
        assert foreign, "the sample's audiences see different courses"
        for path in (sample_site / audience / "badges").rglob("*.json"):
            text = path.read_text(encoding="utf-8")
            leaked = sorted(name for name in foreign if name in text)
            assert not leaked, f"{audience}: {path.name} names {leaked}"


SHARED = {
    "content/courses/secret/index.md": """\
        ---
        title: Staff-only escalation drill
        stage: advanced
        audiences: [staff]
        ---
        Body.
        """,
    "collections/shared.yml": """\
        title: Shared path
        audiences: [customers, staff]
        select: { stage: [implementation, advanced] }
        badge: { label: Shared Badge, icon: star }
        """,
}


def test_a_shared_badge_names_only_the_courses_each_audience_sees(tmp_path):
    write_academy(tmp_path, SHARED)
    build_in(tmp_path)
    customers = read_json(tmp_path / "site", "customers", "badges/shared/achievement.json")
    staff = read_json(tmp_path / "site", "staff", "badges/shared/achievement.json")
    assert "Staff-only escalation drill" in staff["criteria"]["narrative"]
    assert "Staff-only" not in json.dumps(customers) and "secret" not in json.dumps(customers)
    assert not (tmp_path / "site" / "partners" / "badges" / "shared").exists()


def test_without_site_url_no_definitions_are_published_and_check_says_why(tmp_path, academy_cli):
    config = write_academy(tmp_path, SHARED)
    (tmp_path / "audiences" / "customers.yml").write_text("title: Customer Academy\n", encoding="utf-8")
    run = academy_cli("check", cwd=config.parent)
    assert run.code == 0
    assert "audiences/customers.yml:1: warning: this site has badges but no 'site_url'" in run.err
    build_in(tmp_path)
    assert not list((tmp_path / "site" / "customers" / "badges").glob("**/*.json"))
    assert "Open Badges definition" not in (tmp_path / "site" / "customers" / "badges" / "index.html").read_text()
    assert (tmp_path / "site" / "staff" / "badges" / "shared" / "achievement.json").is_file()


BAD_KEYS = {
    "claim_url that is not a full URL": (
        "collections/shared.yml",
        SHARED["collections/shared.yml"].replace("icon: star }", "icon: star, claim_url: credly.com/x }"),
        "collections/shared.yml:4: 'claim_url' must be a full URL, like https://academy.example.com/customers/: "
        "'credly.com/x'",
    ),
    "claim_url with a script scheme": (
        "collections/shared.yml",
        SHARED["collections/shared.yml"].replace("icon: star }", "icon: star, claim_url: 'javascript:alert(1)' }"),
        "collections/shared.yml:4: 'claim_url' uses 'javascript:'",
    ),
    "issuer e-mail without a host": (
        "audiences/customers.yml",
        "title: C\nsite_url: https://a.example/c/\nbadges:\n  issuer:\n    email: academy\n",
        "audiences/customers.yml:5: 'email' must be an address like academy@example.com, not 'academy'",
    ),
    "issuer url that is a path": (
        "audiences/customers.yml",
        "title: C\nsite_url: https://a.example/c/\nbadges:\n  issuer: { url: /about/ }\n",
        "audiences/customers.yml:4: 'url' must be a full URL",
    ),
    "unknown key under badges": (
        "audiences/customers.yml",
        "title: C\nsite_url: https://a.example/c/\nbadges:\n  claim: https://x.example/\n",
        "audiences/customers.yml:4: unknown badges key 'claim'; did you mean 'claim_url'?",
    ),
}


@pytest.mark.parametrize("path, text, expected", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_bad_open_badges_keys_are_reported_with_file_and_line(tmp_path, academy_cli, path, text, expected):
    write_academy(tmp_path, {**SHARED, path: text})
    run = academy_cli("check")
    assert run.code == 1 and expected in run.err, run.err
    assert "Traceback" not in run.output


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_an_issuer_email_is_read_only_when_it_is_one_safe_address(value):
    """Whatever an author writes as the issuer's e-mail, it is refused with a line, or it is an address
    with no white space, quotes or angle brackets (it lands in JSON and is shown to other systems)."""
    data = parse_yaml("badges:\n  issuer:\n    email: placeholder\n")
    data["badges"]["issuer"]["email"] = value  # any text, past what YAML itself would refuse
    problems: list = []
    values = read_fields(FieldReader(data, "a.yml", problems), AUDIENCE_FIELDS, "audience", Vocabulary())
    email = values["badges"]["issuer"]["email"]
    if problems and any("email" in str(p) for p in problems):
        assert email is None and all(p.line == 3 for p in problems if "email" in str(p))
    elif value.strip():
        assert re.fullmatch(r"[^@\s\"'<>]+@[^@\s\"'<>]+\.[^@\s\"'<>.]+", email)
