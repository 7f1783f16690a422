"""Hypothesis strategies that write front matter, collections and audiences from the field definitions.

``valid`` draws a value ``academy check`` reads without a problem on its own; ``broken`` one
that it refuses (a wrong type, a value outside the allowed set, a bad date or duration, an id
listed twice …). The tests do not trust these labels: they compare what ``academy check``
says with what the JSON Schema says, case by case.

Rules that need other files are kept satisfied (``POOLS``, ``MATCH``) rather than guessed at,
because a schema of one file cannot express them: a prerequisite or collection course must
name an existing course, ``featured`` an existing collection, ``lessons`` the course's files,
``template`` a template of the theme, ``logo``/``favicon`` a file of the project, and a lesson
with ``assessment: true`` must hold knowledge checks, which the generated bodies do not.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import strategies as st

from academy.core.definitions import (
    DATE,
    DURATION,
    FLAG,
    ID,
    IDS,
    KEYED,
    LIST,
    NUMBER,
    PERCENT,
    SITE_URL,
    TEXT,
    URL,
    Field,
    Vocabulary,
)

POOLS = {
    "prerequisites": ["basics"],
    "courses": ["basics"],
    "featured": [],
    "lessons": [],
    "template": ["main.html"],
    "logo": [],
    "favicon": [],
    "recommend": ["basics-path"],
    "otherwise": ["basics-path"],
}
"""Valid values of the fields checked across files: ones the tiny academy satisfies."""
MATCH = {"roles": "admin", "stage": "implementation", "level": "beginner", "tags": "intro"}
"""What the tiny academy's course has: every valid ``select`` rule lists it, so the rules select a course."""

URLS = {
    SITE_URL: ["https://academy.example.com/x/", "http://a.example", " HTTPS://Host/path?q=1#f "],
    URL: ["collections/admin/", "https://a.example/b", "mailto:team@example.com", "#top", "b/c:d", "1x:y", 5, True],
}
BAD_URLS = {
    SITE_URL: ["academy.example.com", "mailto:a@b.c", "javascript:alert(1)", "https://", "/x", "http:///x", 5],
    URL: ["javascript:alert(1)", "//evil.example/x", "a b", "http:foo", 'x"y', "data:text/html,x", "ftp://h/x"],
}
TEXTS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12)
IDS_TEXT = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True)
FRACTIONS = st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: not x.is_integer())
DURATIONS = st.builds(
    lambda h, m, form: form.format(h=h, m=m),
    st.integers(0, 30),
    st.integers(0, 300),
    st.sampled_from(["{h}h", "{h}h {m}m", "{m}", "{m} min", "{m}minutes", " {h} h{m}mins ", "{h}h{m}"]),
)
SOME_TEXT = TEXTS.filter(lambda v: v.strip())
BAD_IDS = st.sampled_from(["Not An Id", "-x", True, 1.5, -3, [1], {"a": 1}, "É"])


def valid(f: Field, vocabulary: Vocabulary, select: bool = False) -> st.SearchStrategy:
    """A value of ``f`` that ``academy check`` accepts (``select``: a rule of a collection's select)."""
    allowed = vocabulary.allowed(f.allowed)
    nothing = st.none() if not (f.required and f.blank_is_missing) else st.nothing()
    if f.name in POOLS and f.kind == TEXT:
        return st.sampled_from([*POOLS[f.name], None])
    if f.kind == TEXT and allowed is not None:
        blank = st.sampled_from(["", " "]) if f.blank else st.nothing()
        return st.one_of(nothing, blank, st.sampled_from(allowed), st.sampled_from(allowed).map(lambda v: f" {v} "))
    if f.kind == TEXT and f.pattern is not None:
        return st.one_of(nothing, st.just("") if f.blank else st.nothing(), st.from_regex(f.pattern, fullmatch=True))
    if f.kind == TEXT and f.url is not None:
        return st.one_of(nothing, st.sampled_from(URLS[f.url]))
    if f.kind == TEXT:
        return st.one_of(nothing, TEXTS, st.integers(), st.booleans(), FRACTIONS)
    if f.kind == ID:
        return st.one_of(st.none(), st.just(""), st.integers(0, 10**6), IDS_TEXT.filter(lambda v: v != "basics"))
    if f.kind == FLAG:
        return st.just(False) if f.name == "assessment" else st.booleans()
    if f.kind == IDS:
        return _valid_ids(f, allowed, select)
    if f.kind == DATE:
        dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
        return st.one_of(st.none(), dates, dates.map(dt.date.isoformat))
    if f.kind == DURATION:
        return st.one_of(st.none(), st.integers(0, 10**5), DURATIONS)
    if f.kind == NUMBER:
        return st.one_of(st.none(), st.integers(1, 100), st.floats(0.01, 100))
    if f.kind == PERCENT:
        return st.one_of(st.none(), st.integers(0, 100))
    if f.kind == LIST:
        items = st.lists(mapping(f.fields, vocabulary), min_size=max(f.min_items, 0), max_size=3)
        return items if f.required else st.one_of(st.none(), items)
    if f.kind == KEYED:
        values = st.dictionaries(IDS_TEXT, _keyed_value(f.fields[0], vocabulary), min_size=f.min_items, max_size=3)
        return values if f.required else st.one_of(st.none(), values)
    if f.name == "recommend":
        return st.one_of(st.none(), quizzes())
    fields = mapping(f.fields, vocabulary, select=f.name == "select")
    return fields if f.required else st.one_of(st.none(), fields)


def _keyed_value(item: Field, vocabulary: Vocabulary) -> st.SearchStrategy:
    if item.kind == IDS:
        pool = st.one_of(IDS_TEXT, st.integers(0, 999))
        return st.one_of(pool, st.lists(pool, min_size=1, max_size=3, unique_by=str))
    return st.one_of(SOME_TEXT, st.integers(), st.booleans())


@st.composite
def quizzes(draw) -> dict:
    """A recommendation quiz whose rules name its own questions and answers, with a fallback (so it is total)."""
    questions = []
    for index in range(draw(st.integers(1, 3))):
        answers = draw(st.lists(IDS_TEXT, min_size=2, max_size=3, unique=True))
        texts = {answer: draw(SOME_TEXT) for answer in answers}
        questions.append({"id": f"q{index}", "text": draw(SOME_TEXT), "answers": texts})
    rules = []
    for _ in range(draw(st.integers(0, 3))):
        question = draw(st.sampled_from(questions))
        wanted = draw(st.lists(st.sampled_from(list(question["answers"])), min_size=1, max_size=2, unique=True))
        rules.append({"when": {question["id"]: wanted if len(wanted) > 1 else wanted[0]}, "recommend": ["basics-path"]})
    quiz = {"questions": questions, "otherwise": "basics-path"}
    if rules:
        quiz["rules"] = rules
    return quiz


def _valid_ids(f: Field, allowed, select: bool) -> st.SearchStrategy:
    if f.name in POOLS:
        pool = POOLS[f.name]
        if not pool:
            return st.sampled_from([None, []])
        return st.one_of(st.none(), st.sampled_from(pool), st.lists(st.sampled_from(pool), unique=True))
    item = st.sampled_from(allowed) if allowed is not None else st.one_of(IDS_TEXT, st.integers(0, 999))
    lists = st.lists(item, unique_by=str, max_size=1 if f.one else 4)
    if select:
        lists = lists.map(lambda items: [MATCH[f.name], *(i for i in items if i != MATCH[f.name])][: 1 if f.one else 5])
        return st.one_of(lists, st.just(MATCH[f.name]))
    return st.one_of(st.none(), item, lists)


def mapping(
    fields: tuple[Field, ...], vocabulary: Vocabulary, must: tuple[str, ...] = (), select: bool = False
) -> st.SearchStrategy:
    """A mapping that ``academy check`` accepts: the required fields, those in ``must`` and some others."""
    return st.fixed_dictionaries(
        {f.name: valid(f, vocabulary, select).filter(lambda v: v or v == 0) for f in fields if f.name in must}
        | {f.name: valid(f, vocabulary, select) for f in fields if f.required and f.name not in must},
        optional={f.name: valid(f, vocabulary, select) for f in fields if not (f.required or f.name in must)},
    )


def bad(f: Field, vocabulary: Vocabulary) -> st.SearchStrategy:
    """A value of ``f`` that ``academy check`` refuses."""
    allowed = vocabulary.allowed(f.allowed)
    shapes = st.sampled_from([[1, 2], {"a": 1}])
    if f.kind == TEXT and allowed is not None:
        outside = IDS_TEXT.filter(lambda v: v not in allowed)
        return st.one_of(shapes, outside, st.just("") if not f.blank else st.nothing())
    if f.kind == TEXT and f.pattern is not None:
        return st.one_of(shapes, TEXTS.filter(lambda v: v.strip() and not re.fullmatch(f.pattern, v.strip())))
    if f.kind == TEXT and f.url is not None:
        return st.one_of(shapes, st.sampled_from(BAD_URLS[f.url]))
    if f.kind == TEXT:
        return st.one_of(shapes, st.none()) if f.required and f.blank_is_missing else shapes
    if f.kind == ID:
        return st.sampled_from(["Not An Id", "-x", True, -1, 1.5, [1], "basics/x"])
    if f.kind == FLAG:
        return st.sampled_from(["yes", 1, 0, None, "true", []])
    if f.kind == IDS:
        return _bad_ids(f, allowed)
    if f.kind == DATE:
        return st.sampled_from(["2026-02-30", "2026-13-01", "20261002", "2026-W40-5", "soon", 20261002, True, [1]])
    if f.kind == DURATION:
        return st.sampled_from([-5, "abc", "45 hours", True, 1.5, "h", "1h30x", [45], "m"])
    if f.kind == NUMBER:
        return st.sampled_from([0, -1, True, "fast", [1], -0.5])
    if f.kind == PERCENT:
        return st.sampled_from([-1, 101, 1000, True, "80%", 80.5, [80]])
    if f.kind == LIST:
        return st.sampled_from(["text", [1, 2], ["a"], 5, {"a": 1}] + ([[]] if f.min_items else []))
    if f.kind == KEYED:
        shapes = [
            "text",
            [1, 2],
            5,
            {"Not An Id": "x"},
            {"ok": None},
            {"ok": [1, 2] if f.fields[0].kind == TEXT else []},
        ]
        return st.sampled_from(shapes + ([{}] if f.min_items else []))
    return st.sampled_from(["text", [1, 2], 5])


def _bad_ids(f: Field, allowed) -> st.SearchStrategy:
    item = st.sampled_from(allowed) if allowed else IDS_TEXT
    choices = [
        st.lists(BAD_IDS, min_size=1, max_size=2),
        BAD_IDS.filter(lambda v: not isinstance(v, list)),
        item.map(lambda v: [v, v]),  # listed twice
    ]
    if allowed is not None:
        choices.append(IDS_TEXT.filter(lambda v: v not in allowed))
    if f.one and allowed is not None and len(allowed) > 1:
        choices.append(st.lists(st.sampled_from(allowed), min_size=2, max_size=2, unique=True))
    return st.one_of(choices)


@st.composite
def broken(draw, fields: tuple[Field, ...], vocabulary: Vocabulary, must=(), select: bool = False) -> dict:
    """A valid mapping with one mistake: a key missing, a key unknown, or one value bad (maybe nested)."""
    data = draw(mapping(fields, vocabulary, must, select))
    required = [f for f in fields if f.required]
    mistake = draw(st.sampled_from(["missing", "unknown", "value", "value"] if required else ["unknown", "value"]))
    if mistake == "missing":
        del data[draw(st.sampled_from(required)).name]
    elif mistake == "unknown":
        names = {f.name for f in fields} | set(vocabulary.taxonomies or {})
        data[draw(IDS_TEXT.filter(lambda key: key not in names))] = draw(st.sampled_from(["x", 1, [1]]))
    else:
        f = draw(st.sampled_from([f for f in fields if not f.fallback_for]))
        if f.fields and draw(st.booleans()):
            data[f.name] = draw(broken(f.fields, vocabulary, select=f.name == "select"))
        else:
            data[f.name] = draw(bad(f, vocabulary))
    return data
