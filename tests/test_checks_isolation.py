"""Isolation of knowledge checks, as a property: a check reaches exactly the audiences that read it.

Academies are generated with checks in shared text, in audience blocks (for some audiences, or
for all but some) and in lessons narrowed to some audiences. Each check carries unique words in
its id, question, choices and feedback; its digest is read from the site of an audience that
may read it. Neither its words nor its digest may appear anywhere in another audience's site.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_in
from sites import AUDIENCES as AUDIENCE_FILES
from sites import site_texts, write_academy

AUDIENCES = tuple(sorted(Path(name).stem for name in AUDIENCE_FILES))
EXAMPLES = int(os.environ.get("ACADEMY_EXAMPLES", "6"))
_counter = itertools.count()


@dataclass
class Placed:
    """A generated check: its unique word and who may read it."""

    word: str
    readers: frozenset[str]


def _check(word: str) -> str:
    return (
        f"/// check | Which {word} question?\n    id: {word}\n\n"
        f"- [x] {word} right\n    {word} feedback here.\n- [ ] {word} wrong\n\n{word} explained.\n///"
    )


@st.composite
def lessons(draw) -> tuple[dict[str, str], list[Placed]]:
    files: dict[str, str] = {}
    placed: list[Placed] = []
    for number in range(draw(st.integers(1, 2))):
        narrowed = draw(st.sets(st.sampled_from(AUDIENCES), min_size=1))
        readers = frozenset(narrowed)
        parts = []
        for _ in range(draw(st.integers(1, 3))):
            word = f"zq{next(_counter)}x"
            kind = draw(st.sampled_from(["shared", "only", "except"]))
            group = draw(st.sets(st.sampled_from(sorted(readers)), min_size=1))
            if kind == "shared":
                parts.append(_check(word))
                placed.append(Placed(word, readers))
            elif kind == "only":
                parts.append(f"//// audience | {' '.join(sorted(group))}\n{_check(word)}\n////")
                placed.append(Placed(word, frozenset(group)))
            else:
                parts.append(f"//// audience | {' '.join('!' + a for a in sorted(group))}\n{_check(word)}\n////")
                placed.append(Placed(word, readers - group))
        front = f"---\ntitle: Lesson {number}\naudiences: [{', '.join(sorted(readers))}]\n---\n"
        files[f"content/courses/basics/0{number + 2}-quiz.md"] = front + "Some text.\n\n" + "\n\n".join(parts) + "\n"
    return files, placed


def _digests(text: str) -> dict[str, str]:
    found = re.search(r"<script type=\"application/json\" data-ac-checks>(.*?)</script>", text)
    return {check["id"]: check["digest"] for check in json.loads(found.group(1))["checks"]} if found else {}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(generated=lessons())
def test_a_check_reaches_exactly_the_audiences_that_read_it(generated):
    files, placed = generated
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_academy(root, files)
        build_in(root)
        texts = {audience: site_texts(root / "site" / audience) for audience in AUDIENCES}
        digests: dict[str, str] = {}
        for files_of in texts.values():
            for text in files_of.values():
                digests.update(_digests(text))
        for check in placed:
            assert check.word in digests or not check.readers, f"{check.word} ships no digest to its readers"
            trace = [check.word] + ([digests[check.word]] if check.word in digests else [])
            for audience, files_of in texts.items():
                seen = any(any(t in path or t in text for t in trace) for path, text in files_of.items())
                assert seen == (audience in check.readers), (check.word, audience, sorted(check.readers))
