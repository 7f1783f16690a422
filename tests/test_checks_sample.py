"""The sample academy's knowledge checks: no right answer in any output file, in any recognisable form."""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from academy.core.checks import answer_text
from conftest import REPO, SAMPLE_AUDIENCES
from sites import load

pytestmark = pytest.mark.slow

_BASE64 = re.compile(rb"[A-Za-z0-9+/]{12,}={0,2}")
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def academy():
    return load(REPO)


def corpus(site: Path) -> dict[str, str]:
    """Every output file as text, plus the text of every base64 run in it (decoded at each alignment)."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        decoded = []
        for run in _BASE64.findall(data):
            for start in range(4):
                chunk = run[start:]
                chunk = chunk[: len(chunk) - len(chunk) % 4]
                try:
                    decoded.append(base64.b64decode(chunk).decode("utf-8", "ignore"))
                except (binascii.Error, ValueError):
                    pass
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace") + "\n".join(decoded)
    return texts


def forms(text: str) -> set[str]:
    """``text`` as it could be written into HTML, an attribute or JSON."""
    return {text, html.escape(text), html.escape(text, quote=False), json.dumps(text)[1:-1]}


def secrets(check) -> list[str]:
    """What would give a check's answer away: the choices marked right, their feedback, the explanation."""
    found = []
    for choice in check.choices:
        if choice.correct:
            found += [f"[x] {choice.text}", f"[X] {choice.text}", f'"{choice.text}", true', f'"{choice.text}":true']
        text = " ".join(_TAG.sub("", html.unescape(choice.feedback)).split())
        if len(text.split()) >= 3:
            found.append(text)
    explanation = " ".join(_TAG.sub("", html.unescape(check.explanation)).split())
    if explanation:
        found.append(explanation)
    return found


def lesson_text(academy, audience: str) -> str:
    """What the audience's pages say: a sentence an explanation shares with them is no secret."""
    return " ".join(
        " ".join(html.unescape(_TAG.sub(" ", doc.readings[audience].html)).split())
        for doc in academy.docs.values()
        if audience in doc.readings
    )


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_no_right_answer_reaches_any_output_file(sample_site, academy, audience):
    texts = corpus(sample_site / audience)
    pages = [doc for doc in academy.docs.values() if audience in doc.readings and doc.readings[audience].checks]
    assert pages, f"the sample has knowledge checks for {audience}"
    lessons = lesson_text(academy, audience)
    looked = 0
    for doc in pages:
        for check in doc.readings[audience].checks:
            for secret in secrets(check):
                if secret in lessons:
                    continue
                looked += 1
                for form in forms(secret):
                    hits = [path for path, text in texts.items() if form in text]
                    assert not hits, (doc.source, check.id, secret, hits)
            unsalted = hashlib.sha256(answer_text(check.answer).encode()).hexdigest()
            assert not any(unsalted in text for text in texts.values()), (doc.source, check.id)
    assert looked > 20
    for path, text in texts.items():
        lowered = text.lower()
        assert "data-correct" not in lowered and "iscorrect" not in lowered, path
        if path.endswith(".html") and "ac-check" in text:
            assert not re.search(r"<input[^>]* checked", text), path


@pytest.mark.parametrize("audience", SAMPLE_AUDIENCES)
def test_search_and_catalog_hold_questions_as_text_but_no_feedback_or_explanation(sample_site, academy, audience):
    index = (sample_site / audience / "search/search_index.json").read_text(encoding="utf-8")
    catalog = (sample_site / audience / "catalog.json").read_text(encoding="utf-8")
    lessons = lesson_text(academy, audience)
    for doc in academy.docs.values():
        reading = doc.readings.get(audience)
        for check in reading.checks if reading else ():
            assert json.dumps(check.question.split("*")[0].split("`")[0][:30])[1:-1] in index, check.id
            for secret in secrets(check):
                if secret in lessons:
                    continue
                assert secret not in index and json.dumps(secret)[1:-1] not in index
                assert secret not in catalog


def test_the_sample_has_checks_for_every_audience_and_three_final_assessments(academy):
    with_checks = {doc.src for doc in academy.docs.values() if any(r.checks for r in doc.readings.values())}
    assert len(with_checks) >= 12
    for audience in SAMPLE_AUDIENCES:
        assert (
            sum(1 for doc in academy.docs.values() if audience in doc.readings and doc.readings[audience].checks) >= 3
        )
    assert sum(1 for doc in academy.docs.values() if doc.assessment) == 3
