"""'Import progress' on *my learning*, in real Chromium: the file is checked against the export
format and this site's catalog, only known ids are kept, and the status says what happened."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AUDIENCE = "customers"
STORAGE_KEY = f"academy:{AUDIENCE}:progress"
STATUS = "[data-ac-transfer-status]"
WHEN = "2025-11-20T09:30:00.000Z"
EARLIER = "2025-10-01T08:00:00.000Z"

# The export format this site writes; files of every older version must still import.
VERSION = 3
# Progress already in the browser before most imports: a refused file must leave it exactly so.
SEED = {"version": 1, "lessons": {"getting-started/01-how-ledgerly-works": WHEN}}


def export(lessons: object = None, **fields: object) -> dict:
    """A well-formed export of the customers site, in format version 1 (before knowledge checks), so
    that every import here also proves older exports still import; ``fields`` override or (with
    ``...``) remove keys."""
    lessons = {} if lessons is None else lessons
    data = {"academy": "progress", "version": 1, "audience": AUDIENCE, "exported": WHEN, "lessons": lessons, **fields}
    return {key: value for key, value in data.items() if value is not ...}


def as_bytes(payload: object) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


@pytest.fixture
def catalog(sample_site) -> dict:
    return json.loads((sample_site / AUDIENCE / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture
def known(catalog) -> list[str]:
    """Every progress key of the site, the way the pages key them."""
    return [f"{c['id']}/{lesson['id']}" for c in catalog["courses"] for lesson in c["lessons"] or [{"id": "_overview"}]]


@pytest.fixture
def mine(page: Page, sample_urls) -> Callable[[dict | None], Page]:
    """Open *my learning* with ``seed`` (or nothing) as the stored progress."""

    def open_(seed: dict | None = SEED) -> Page:
        page.goto(sample_urls[AUDIENCE] + "my-learning/")
        if seed is not None:
            page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(seed)])
        return page

    return open_


def import_file(page: Page, payload: object, name: str = "academy-progress-customers.json") -> None:
    file = {"name": name, "mimeType": "application/json", "buffer": as_bytes(payload)}
    page.locator("[data-ac-import]").set_input_files(file)


def stored(page: Page) -> dict | None:
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", STORAGE_KEY)


NOT_AN_EXPORT = "That file is not a progress export (it holds no JSON object)."
NO_MARKER = 'That file is not a progress export (it lacks "academy": "progress").'
NO_AUDIENCE = "That file names no audience, so it cannot be matched to this academy site."
NO_VERSION = "That file has no valid format version (a whole number from 1)."
BAD_LESSONS = "That file's lessons are not a mapping of course and lesson ids to completion dates."
NOT_JSON = "That file is not a progress export (it is not JSON)."


def newer(version: int) -> str:
    return (
        f"That file comes from a newer Academy (format version {version}); "
        f"this site reads format version {VERSION} or older."
    )


def other_site(audience: str) -> str:
    return f"That file holds progress of another academy site ({audience})."


REFUSED = {
    # not JSON at all
    "empty file": (b"", NOT_JSON),
    "plain text": (b"my progress", NOT_JSON),
    "cut short": (b'{"academy": "progress", "lessons": {', NOT_JSON),
    "trailing comma": (b'{"academy": "progress",}', NOT_JSON),
    "not utf-8": (b"\xff\xfe\x00garbage", NOT_JSON),
    # JSON, but not an object
    "array": ([export()], NOT_AN_EXPORT),
    "empty array": ([], NOT_AN_EXPORT),
    "null": (None, NOT_AN_EXPORT),
    "number": (1, NOT_AN_EXPORT),
    "string": ("progress", NOT_AN_EXPORT),
    # the marker
    "empty object": ({}, NO_MARKER),
    "missing academy": (export(academy=...), NO_MARKER),
    "academy misspelt": (export(academy="Progress"), NO_MARKER),
    "academy not a string": (export(academy=1), NO_MARKER),
    # the version
    "newer version": (export(version=VERSION + 1), newer(VERSION + 1)),
    "much newer version": (export(version=40, audience=..., lessons=[]), newer(40)),
    "missing version": (export(version=...), NO_VERSION),
    "version zero": (export(version=0), NO_VERSION),
    "negative version": (export(version=-1), NO_VERSION),
    "fractional version": (export(version=0.5), NO_VERSION),
    "version as string": (export(version="1"), NO_VERSION),
    "version null": (export(version=None), NO_VERSION),
    "version true": (export(version=True), NO_VERSION),
    # the audience
    "missing audience": (export(audience=...), NO_AUDIENCE),
    "audience null": (export(audience=None), NO_AUDIENCE),
    "audience empty": (export(audience=""), NO_AUDIENCE),
    "audience not a string": (export(audience=["customers"]), NO_AUDIENCE),
    "other audience": (export(audience="partners"), other_site("partners")),
    "audience in other case": (export(audience="Customers"), other_site("Customers")),
    # the lessons
    "missing lessons": (export(lessons=...), BAD_LESSONS),
    "lessons an array": (export(lessons=[["getting-started/01-how-ledgerly-works", WHEN]]), BAD_LESSONS),
    "lessons an empty array": (export(lessons=[]), BAD_LESSONS),
    "lessons null": (export() | {"lessons": None}, BAD_LESSONS),
    "lessons a string": (export(lessons="getting-started/01-how-ledgerly-works"), BAD_LESSONS),
    "lessons a number": (export(lessons=3), BAD_LESSONS),
}


@pytest.mark.parametrize(("payload", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_malformed_file_is_refused_with_one_clear_sentence(mine, payload, message):
    page = mine()
    import_file(page, payload)
    expect(page.locator(STATUS)).to_have_text(message)
    assert "undefined" not in page.locator(STATUS).inner_text()
    assert stored(page) == SEED


def test_the_status_is_announced_politely(mine):
    page = mine()
    status = page.locator(STATUS)
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    assert stored(page) == SEED


BAD_DATES = {
    "year only": "2026",
    "date only": "2025-11-23",
    "no time zone": "2025-11-23T10:00:00",
    "space for T": "2025-11-23 10:00:00Z",
    "no seconds": "2025-11-23T10:00Z",
    "February 30": "2025-02-30T10:00:00Z",
    "February 29 of a common year": "2025-02-29T10:00:00Z",
    "month 13": "2025-13-01T10:00:00Z",
    "hour 24": "2025-11-23T24:00:00Z",
    "leap second": "2025-12-31T23:59:60Z",
    "offset without colon": "2025-11-23T10:00:00+0200",
    "trailing newline": "2025-11-23T10:00:00Z\n",
    "words": "yesterday",
    "empty": "",
    "epoch number": 1763856000,
    "true": True,
    "null": None,
    "object": {"at": WHEN},
    "list": [WHEN],
}


@pytest.mark.parametrize("value", BAD_DATES.values(), ids=BAD_DATES.keys())
def test_an_entry_without_a_valid_completion_date_is_dropped(mine, known, value):
    page = mine(None)
    import_file(page, export({known[0]: value}))
    expect(page.locator(STATUS)).to_have_text("Nothing imported: 1 entry dropped (1 without a valid completion date).")
    assert stored(page) is None


GOOD_DATES = {
    "as exported": (WHEN, WHEN),
    "no fraction": ("2025-11-20T09:30:00Z", WHEN),
    "positive offset": ("2025-11-20T11:30:00+02:00", WHEN),
    "negative offset, fraction": ("2025-11-20T04:30:00.5-05:00", "2025-11-20T09:30:00.500Z"),
    "leap day": ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z"),
}


@pytest.mark.parametrize(("value", "kept"), GOOD_DATES.values(), ids=GOOD_DATES.keys())
def test_a_valid_completion_date_is_stored_as_an_instant(mine, known, value, kept):
    page = mine(None)
    import_file(page, export({known[0]: value}))
    expect(page.locator(STATUS)).to_have_text("Imported: 1 completed lesson added.")
    assert stored(page) == {"version": VERSION, "lessons": {known[0]: kept}, "checks": {}, "digests": {}}


def test_only_the_sites_own_ids_with_valid_dates_are_kept(mine, known, catalog):
    seeded = "getting-started/01-how-ledgerly-works"
    fresh = ["erp-integration/01-plan-the-integration", "payment-runs/02-approve-and-release"]
    assert seeded in known and all(key in known for key in fresh)
    partners_only = "implementation-method/01-phases-and-governance"
    assert not any(c["id"] == "implementation-method" for c in catalog["courses"])
    unknown = [
        "no-such-course/01-how-ledgerly-works",
        "erp-integration/99-no-such-lesson",
        "erp-integration/_overview",  # the course has lessons: progress is kept per lesson
        "erp-integration",
        partners_only,
        "__proto__",
        "constructor",
        "",
    ]
    lessons = {seeded: EARLIER, fresh[0]: WHEN, fresh[1]: "2025-11-21T00:00:00Z"}
    lessons |= {key: WHEN for key in unknown}
    lessons["security-audit/01-access-controls"] = "last week"

    page = mine()
    import_file(page, export(lessons))
    expect(page.locator(STATUS)).to_have_text(
        "Imported: 2 completed lessons added, 1 completed lesson already there, 1 earlier completion date taken, "
        "9 entries dropped "
        '(8 with ids unknown to this site: "no-such-course/01-how-ledgerly-works", '
        '"erp-integration/99-no-such-lesson", "erp-integration/_overview" and 5 more; '
        "1 without a valid completion date)."
    )
    progress = stored(page)
    assert sorted(progress["lessons"]) == sorted([seeded, *fresh])
    assert progress["lessons"] == {
        seeded: EARLIER,  # the earlier completion wins
        fresh[0]: WHEN,
        fresh[1]: "2025-11-21T00:00:00.000Z",
    }
    expect(page.locator('[data-ac-mine-list="progress"] .ac-card')).to_have_count(3)


def test_importing_the_same_file_again_adds_nothing(mine, known):
    page = mine(None)
    lessons = {key: WHEN for key in known[:3]}
    import_file(page, export(lessons))
    expect(page.locator(STATUS)).to_have_text("Imported: 3 completed lessons added.")
    later = {key: "2025-12-01T00:00:00Z" for key in known[:3]}
    import_file(page, export(later), name="again.json")
    expect(page.locator(STATUS)).to_have_text("Nothing new imported: 3 completed lessons already there.")
    assert stored(page) == {"version": VERSION, "lessons": lessons, "checks": {}, "digests": {}}


def test_a_file_with_no_lessons_imports_nothing(mine):
    page = mine()
    import_file(page, export({}))
    expect(page.locator(STATUS)).to_have_text("Nothing imported: the file lists no completed lessons.")
    assert stored(page) == SEED


def test_a_file_with_only_unknown_ids_imports_nothing(mine):
    page = mine()
    import_file(page, export({"no-such-course/01-intro": WHEN, "other/02": "bad"}))
    expect(page.locator(STATUS)).to_have_text(
        "Nothing imported: 2 entries dropped "
        '(2 with ids unknown to this site: "no-such-course/01-intro" and "other/02").'
    )
    assert stored(page) == SEED


REFUSE_WRITES = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""


def test_storage_refusing_the_write_imports_nothing(mine, known):
    page = mine()
    page.add_init_script(REFUSE_WRITES)
    page.reload()
    import_file(page, export({key: WHEN for key in known[1:4]}))
    expect(page.locator(STATUS)).to_have_text(
        "Your browser refused to store progress (storage full or blocked), so nothing was imported."
    )
    assert stored(page) == SEED
    expect(page.locator('[data-ac-mine-list="progress"] .ac-card')).to_have_count(1)


def test_an_unreachable_catalog_imports_nothing(mine, known):
    page = mine()
    page.route("**/catalog.json", lambda route: route.fulfill(status=404, body="not here"))
    page.reload()
    import_file(page, export({known[1]: WHEN}))
    expect(page.locator(STATUS)).to_have_text(
        "This site's course list (catalog.json) could not be loaded, so nothing was imported."
    )
    assert stored(page) == SEED


# ---------- generated files: what a learner might pick, beyond the cases written above ----------

EXAMPLES = settings(
    max_examples=int(os.environ.get("ACADEMY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_SAFE = 2**53 - 1

# Any number JSON can spell, written as text: "1e400" and 1e22 are numbers to JSON, not versions.
json_numbers = st.from_regex(r"-?(0|[1-9][0-9]{0,24})(\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?", fullmatch=True)


def version_message(token: str) -> str:
    """What the site must answer for an otherwise sound, empty export with version ``token``."""
    value = json.loads(token)
    if math.isfinite(value) and value == int(value) and 1 <= value <= MAX_SAFE:
        return newer(int(value)) if value > VERSION else "Nothing imported: the file lists no completed lessons."
    return NO_VERSION


@pytest.fixture
def learning(page: Page, sample_urls) -> Page:
    """*My learning*, opened once for all of a generated test's examples (each seeds its own)."""
    page.goto(sample_urls[AUDIENCE] + "my-learning/")
    return page


def import_and_read(page: Page, payload: object) -> str:
    """Import ``payload`` with the seed stored and the status cleared; the status it leaves."""
    page.evaluate(
        "([key, value, status]) => {"
        " localStorage.setItem(key, value); document.querySelector(status).textContent = ''; }",
        [STORAGE_KEY, json.dumps(SEED), STATUS],
    )
    import_file(page, payload)
    page.wait_for_function("status => document.querySelector(status).textContent !== ''", arg=STATUS)
    return page.locator(STATUS).inner_text()


@EXAMPLES
@given(token=json_numbers)
def test_only_a_whole_version_from_1_is_a_version(learning, token):
    page = learning
    text = json.dumps(export()).replace('"version": 1', f'"version": {token}')
    assert import_and_read(page, text.encode()) == version_message(token)
    assert stored(page) == SEED


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
any_json = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
)
ids = st.text(min_size=0, max_size=40)
dates = st.sampled_from([WHEN, EARLIER, "2024-02-29T23:59:59Z", "2025-02-30T10:00:00Z", "2026"]) | any_json

SENTENCE = re.compile(
    r"(Imported: \d+ completed lessons? added|Nothing new imported: |Nothing imported: |That file[ ']|"
    r"Your browser refused |This site's course list ).*[.)]"
)


def quoted_ids(status: str) -> list[str]:
    return [json.loads(quoted) for quoted in re.findall(r'"(?:[^"\\]|\\.)*"', status)]


@EXAMPLES
@given(data=st.data())
def test_any_file_gets_one_clear_sentence_and_only_known_ids_are_stored(learning, known, data):
    lessons = data.draw(st.dictionaries(st.sampled_from(known) | ids, dates, max_size=6) | any_json, label="lessons")
    spoilt = st.dictionaries(st.sampled_from(["academy", "version", "audience"]), any_json, max_size=1)
    envelope = export(lessons, **data.draw(spoilt, label="spoilt fields"))
    page = learning
    status = import_and_read(page, data.draw(st.just(envelope) | any_json, label="file"))
    assert SENTENCE.fullmatch(status), status
    assert not re.search(r"undefined|NaN|\[object|Infinity", status), status
    progress = stored(page)
    if not status.startswith("Imported"):
        # Nothing added; a lesson already there keeps the earliest completion, and says so.
        moved = {key for key, when in progress["lessons"].items() if when != SEED["lessons"].get(key)}
        assert set(progress["lessons"]) == set(SEED["lessons"]), status
        if not moved:
            assert progress == SEED, status
        else:
            assert "1 earlier completion date taken" in status, status
            assert all(progress["lessons"][key] < SEED["lessons"][key] for key in moved), status
        return
    added = set(progress["lessons"]) - set(SEED["lessons"])
    assert status.startswith(f"Imported: {len(added)} completed lesson"), status
    assert set(progress["lessons"]) <= set(known)
    for key, when in progress["lessons"].items():
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", when), (key, when)


@EXAMPLES
@given(strangers=st.lists(ids, min_size=1, max_size=7, unique=True), data=st.data())
def test_unknown_ids_are_named_and_never_stored(learning, known, strangers, data):
    strangers = [key for key in strangers if key not in known]
    assume(strangers)
    kept = data.draw(st.lists(st.sampled_from(known[1:]), max_size=2, unique=True), label="kept")
    page = learning
    status = import_and_read(page, export({key: WHEN for key in [*strangers, *kept]}))
    named = quoted_ids(status)
    assert len(named) == min(len(strangers), 3) and set(named) <= set(strangers), status
    rest = len(strangers) - len(named)
    assert (f" and {rest} more" in status) == (rest > 0), status
    assert f"{len(strangers)} with ids unknown to this site: " in status, status
    assert set(stored(page)["lessons"]) == set(SEED["lessons"]) | set(kept)


def test_a_long_unknown_id_is_shortened_in_the_status(mine):
    page = mine()
    long_id = "retired-course/" + "x" * 100
    import_file(page, export({long_id: WHEN}))
    expect(page.locator(STATUS)).to_have_text(
        f'Nothing imported: 1 entry dropped (1 with ids unknown to this site: "{long_id[:59]}\u2026").'
    )
    assert stored(page) == SEED
