"""A lesson's content digest: it changes when what an audience reads of the lesson changes, and
only then (the browser's "updated since you completed it" compares it with the one completed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import build_in
from sites import write_academy

LESSON = "content/courses/basics/01-first.md"
FRONT = "---\ntitle: First steps\n{extra}---\n"
BODY = """\
Open the product and sign in, then open the settings.

/// audience | staff
Staff: use the admin console.
///
"""


def digests(root: Path) -> dict[str, str]:
    """Each audience's digest of the lesson, from its catalog.json."""
    found = {}
    for audience in ("customers", "partners", "staff"):
        catalog = json.loads((root / "site" / audience / "catalog.json").read_text(encoding="utf-8"))
        found[audience] = catalog["courses"][0]["lessons"][0]["digest"]
    return found


def build(root: Path, body: str, extra: str = "") -> dict[str, str]:
    (root / LESSON).write_text(FRONT.format(extra=extra) + body, encoding="utf-8")
    build_in(root)
    return digests(root)


def test_the_digest_follows_what_each_audience_reads(tmp_path):
    write_academy(tmp_path, {})
    first = build(tmp_path, BODY)
    assert all(re.fullmatch(r"[0-9a-f]{16}", value) for value in first.values())
    assert first["customers"] == first["partners"] != first["staff"]
    page = (tmp_path / "site" / "customers" / "courses" / "basics" / "01-first" / "index.html").read_text("utf-8")
    assert f'data-ac-digest="{first["customers"]}"' in page
    course = (tmp_path / "site" / "customers" / "courses" / "basics" / "index.html").read_text("utf-8")
    assert f'data-ac-lesson="01-first" data-ac-digest="{first["customers"]}"' in course

    # Rewrapped text and front matter only: no change for anyone.
    rewrapped = BODY.replace("sign in, then", "sign in,\n   then")
    assert build(tmp_path, rewrapped, extra="duration: 15\ndescription: New words.\n") == first

    # The staff passage changes: staff's lesson is updated, nobody else's.
    staff_only = build(tmp_path, BODY.replace("admin console", "new admin console"))
    assert staff_only["staff"] != first["staff"]
    assert staff_only["customers"] == first["customers"] and staff_only["partners"] == first["partners"]

    # Shared text changes: every audience's lesson is updated.
    shared = build(tmp_path, BODY.replace("open the settings", "open the billing settings"))
    assert all(shared[audience] != first[audience] for audience in first)
    # The pages kept from the previous build are not: the lesson and its overview print the new version.
    for page in ("courses/basics/index.html", "courses/basics/01-first/index.html"):
        html = (tmp_path / "site" / "customers" / page).read_text("utf-8")
        assert f'data-ac-digest="{shared["customers"]}"' in html, page
