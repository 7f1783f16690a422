"""Any front matter, collection or audience file: an answer, never a traceback or a hang.

Hypothesis writes YAML values of every shape (hostile strings, dates, nesting, aliases, raw
YAML-significant characters) under the keys authors use and under others, into each kind of
file. ``academy check`` must answer with exit code 0 or 1 and ``path:line`` problems, in
bounded time; ``academy build`` must also write nothing outside its output and cache folders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from academy.cli.main import main
from sites import write_academy

HOSTILE = [
    "javascript:alert(1)", '"><script>alert(1)</script>', "../../../etc/passwd", "#zzzzzz", "{{ 7*7 }}",
    "customers", "basics", "admin", "foundational", "https://x.example/", "", " ", "\u202e", "a" * 300,
]  # fmt: skip
KEYS = [
    "title", "description", "audiences", "duration", "draft", "id", "roles", "stage", "level", "tags",
    "ribbons", "prerequisites", "published", "updated", "lessons", "template", "icon", "status", "hide",
    "search", "subtitle", "site_url", "branding", "palette", "primary", "accent", "scheme", "logo", "hero",
    "cta", "url", "label", "featured", "courses", "path", "badge", "colour", "unknown_key",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=4),
    ),
    max_leaves=20,
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)
RAW = st.text(alphabet="[]{}:&*!|>-#'\"\n ,?%@`abc01\t", max_size=120)
"""YAML-significant characters in any order: malformed documents, anchors, aliases, tags."""


def as_yaml(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


KINDS = {
    "course": lambda text: {"content/courses/fuzz/index.md": f"---\n{text}---\nBody.\n"},
    "lesson": lambda text: {"content/courses/basics/02-fuzz.md": f"---\n{text}---\nBody.\n"},
    "page": lambda text: {"content/fuzz.md": f"---\n{text}---\nBody.\n"},
    "collection": lambda text: {"collections/fuzz.yml": text},
    "audience": lambda text: {"audiences/fuzz.yml": text},
}
BASES = {
    "course": {"title": "Fuzz", "roles": ["admin"], "stage": "foundational", "audiences": ["customers"]},
    "lesson": {"title": "Fuzz"},
    "page": {"title": "Fuzz", "audiences": ["customers"]},
    "collection": {"title": "Fuzz", "audiences": ["customers"], "courses": ["basics"]},
    "audience": {"title": "Fuzz", "site_url": "https://academy.example.com/fuzz/"},
}
"""A valid file of each kind: fuzzing a key or two of it reaches past the first check."""
changes = st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=2)


@st.composite
def files(draw) -> dict[str, str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    text = draw(
        st.one_of(
            changes.map(lambda change: as_yaml({**BASES[kind], **change})),
            documents.map(as_yaml),
            RAW,
            st.builds(lambda a, b: a + b, documents.map(as_yaml), RAW),
        )
    )
    return KINDS[kind](text)


TEXT_KEYS = {"course": ("title", "description", "subtitle"), "lesson": ("title", "description", "subtitle")}
texts = st.one_of(st.sampled_from(HOSTILE[:5]), st.text(min_size=1, max_size=60))


def nearly_valid(kind: str):
    """A valid file of ``kind`` with a key or two fuzzed, or its texts replaced by any text."""
    keys = TEXT_KEYS.get(kind, ("title", "description"))
    new_texts = st.dictionaries(st.sampled_from(keys), texts, min_size=1)
    return st.one_of(changes, new_texts).map(lambda change: KINDS[kind](as_yaml({**BASES[kind], **change})))


def run(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def outside(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).parts[0] not in ("site", ".cache")
    }


@settings(max_examples=300, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(written=files())
def test_check_answers_any_file(written):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_academy(root, {})
        for rel, content in written.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(content, encoding="utf-8", errors="surrogatepass")
        code, output = run(root, "check")
        assert code in (0, 1), output
        assert "Traceback" not in output
        if code == 1:
            assert output.strip().splitlines()[-1].endswith("problem(s) found.")


@settings(max_examples=30, deadline=30000, suppress_health_check=[HealthCheck.too_slow])
@given(written=st.sampled_from(sorted(KINDS)).flatmap(nearly_valid))
def test_build_answers_any_file_and_writes_only_its_output(written):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_academy(root, written)
        before = outside(root)
        code, output = run(root, "build", "--jobs", "1", "--quiet")
        event(f"exit code {code}")
        assert code in (0, 1), output
        assert "Traceback" not in output
        assert outside(root) == before
        site = root / "site"
        assert not site.exists() or all(not path.name.startswith(".academy-") for path in site.iterdir())
