"""Isolation as a property: random academies, a unique token in every surface an author controls.

Each generated academy is built with ``academy build``; every token must appear in exactly
the sites of the audiences allowed to read it, computed here from the generator's own
structure (declared audiences, narrowing lessons, drafts, nested passages), never from
Academy's code. A build may refuse an academy (exit 1, a ``path:line`` message) only for the
deep nestings the passage rules refuse; it may never pass with a token where it must not be.

``make test`` runs a fixed seed and a few examples; ``ACADEMY_EXAMPLES=200 pytest
tests/test_isolation_property.py`` searches longer with fresh seeds.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.cli.main import main
from markdown_gen import AUDIENCES, Node, expected, pages, render
from sites import AUDIENCES as AUDIENCE_FILES
from sites import MKDOCS_YML, site_texts

EXAMPLES = int(os.environ.get("ACADEMY_EXAMPLES", "6"))
_numbers = itertools.count()


def token() -> str:
    return f"qq{next(_numbers)}z"


@dataclass
class Page:
    """A Markdown file of the academy, and who may read each token in it."""

    path: str
    text: str
    tokens: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class Generated:
    files: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    track: dict[str, str] = field(default_factory=dict)
    """Values of a taxonomy of the academy's own, to their labels."""

    def allow(self, word: str, readers) -> None:
        self.tokens[word] = self.tokens.get(word, frozenset()) | frozenset(readers)


subsets = st.sets(st.sampled_from(AUDIENCES)).map(frozenset)


def _body(draw, readers: frozenset[str], generated: Generated) -> str:
    """A body with passages for some of ``readers``, each token allowed to whoever reads it."""
    page = draw(pages)
    _restrict(page, readers)
    for audience in readers:
        for word in expected(page, audience):
            generated.allow(word, {audience})
    for word in _tokens(page):
        generated.allow(word, ())
    return render(page)


def _restrict(node: Node, readers: frozenset[str]) -> None:
    """Passages may name only the page's readers (anything else is an author error)."""
    for child in node.children:
        if child.kind == "audience":
            child.ids = tuple(audience for audience in child.ids if audience in readers) or tuple(readers)[:1]
            if not child.ids:
                child.kind = "quote"
                child.token = token()
        _restrict(child, readers)


def _tokens(node: Node) -> set[str]:
    found = {node.token} if node.token else set()
    for child in node.children:
        found |= _tokens(child)
    return found


@st.composite
def academies(draw) -> Generated:
    generated = Generated()
    courses = []
    for _ in range(draw(st.integers(1, 3))):
        course_id, value = f"c{token()}", f"v{token()}"
        audiences = draw(subsets)
        draft = draw(st.integers(0, 9)) == 0
        readers = frozenset() if draft else audiences
        title, description, tag, label = token(), token(), f"t{token()}", token()
        generated.track[value] = f"Label {label}"
        for word in (course_id, title, description, tag, value, label):
            generated.allow(word, readers)
        folder = f"content/courses/{course_id}"
        front = (
            f"title: Course {title}\ndescription: About {description}\nroles: [admin]\nstage: advanced\n"
            f"track: {value}\ntags: [{tag}]\naudiences: [{', '.join(sorted(audiences))}]\n"
            + ("draft: true\n" if draft else "")
        )
        generated.files[f"{folder}/index.md"] = f"---\n{front}---\n{_body(draw, readers, generated)}"
        folder_readers = set(readers)
        for number in range(draw(st.integers(0, 3))):
            stem, title = f"0{number}-{token()}", token()
            narrowed = draw(st.sets(st.sampled_from(sorted(audiences)))) if audiences and draw(st.booleans()) else None
            lesson_draft = draw(st.integers(0, 9)) == 0
            lesson_readers = (
                frozenset() if draft or lesson_draft else frozenset(narrowed if narrowed is not None else audiences)
            )
            folder_readers |= lesson_readers
            generated.allow(stem, lesson_readers)
            front = "" if narrowed is None else f"audiences: [{', '.join(sorted(narrowed))}]\n"
            front += "draft: true\n" if lesson_draft else ""
            if draw(st.booleans()):
                generated.allow(title, lesson_readers)
                front += f"title: Lesson {title}\n"
                heading = ""
            else:  # titled by its heading, perhaps inside a passage for some of its readers
                shown = draw(st.sets(st.sampled_from(sorted(lesson_readers)))) if lesson_readers else set()
                generated.allow(title, shown if shown else lesson_readers)
                heading = f"# Heading {title}\n"
                if shown:
                    heading = f"/// audience | {' '.join(sorted(shown))}\n{heading}///\n"
            link, alt = token(), token()
            generated.allow(link, lesson_readers)
            generated.allow(alt, lesson_readers)
            body = f"{heading}\n[Link {link}](index.md) and ![Picture {alt}](picture.svg)\n\n"
            generated.files[f"{folder}/{stem}.md"] = f"---\n{front}---\n{body}{_body(draw, lesson_readers, generated)}"
        picture = token()
        generated.files[f"{folder}/picture.svg"] = (
            f"<svg xmlns='http://www.w3.org/2000/svg'><text>Art {picture}</text></svg>"
        )
        generated.allow(picture, folder_readers)
        courses.append((course_id, readers))
    visible = [(course_id, readers) for course_id, readers in courses if readers]
    if visible and draw(st.booleans()):
        course_id, readers = visible[0]
        audiences = draw(st.sets(st.sampled_from(sorted(readers)), min_size=1))
        collection_id, title, badge = f"k{token()}", token(), token()
        for word in (collection_id, title, badge):
            generated.allow(word, audiences)
        generated.files[f"collections/{collection_id}.yml"] = (
            f"title: Path {title}\naudiences: [{', '.join(sorted(audiences))}]\ncourses: [{course_id}]\n"
            f"badge: {{label: Badge {badge}, icon: star, colour: '#123456'}}\n"
        )
    page_readers = draw(subsets)
    name, title = f"p{token()}", token()
    generated.allow(name, page_readers)
    generated.allow(title, page_readers)
    snippet = token()
    generated.allow(snippet, page_readers)
    body = _body(draw, page_readers, generated)
    generated.files[f"content/{name}.md"] = (
        f"---\ntitle: Page {title}\naudiences: [{', '.join(sorted(page_readers))}]\n---\n"
        f'{body}\n--8<-- "shared-{snippet}.md"\n'
    )
    generated.files[f"snippets/shared-{snippet}.md"] = f"Included {snippet} text.\n"
    for audience in AUDIENCES:
        word = token()
        generated.allow(word, {audience})
        generated.files[f"audiences/{audience}.yml"] = AUDIENCE_FILES[f"audiences/{audience}.yml"].replace(
            "title: ", f"description: For {word}\ntitle: "
        )
    return generated


def _write(root: Path, generated: Generated) -> None:
    values = ", ".join(f"{value}: '{label}'" for value, label in generated.track.items())
    config = MKDOCS_YML.format(default="[]").replace(
        "      taxonomies:\n",
        f"      taxonomies:\n        track:\n          label: Track\n          values: {{{values}}}\n",
    )
    config += "  - pymdownx.snippets:\n      base_path: [snippets]\n      check_paths: true\n"
    config = config.replace(
        "markdown_extensions:\n", "markdown_extensions:\n" + "".join(f"  - {name}\n" for name in EXTRA)
    )
    for path, text in {"mkdocs.yml": config, **generated.files}.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


EXTRA = ("attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed")
REFUSALS = ("Markdown reads this page differently",)
"""The only reason a generated academy may be refused: a nesting the passage rules refuse."""


def _build(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["build", "--quiet"])
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="ACADEMY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=academies())
def test_every_token_reaches_exactly_the_audiences_allowed_to_read_it(generated):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root, generated)
        code, err = _build(root)
        if code != 0:
            assert "Traceback" not in err, err
            problems = [line for line in err.splitlines() if ": " in line and not line.endswith("found.")]
            assert problems and all(any(reason in line for reason in REFUSALS) for line in problems), err
            return
        texts = {audience: site_texts(root / "site" / audience) for audience in AUDIENCES}
        for word, readers in generated.tokens.items():
            found = {
                audience
                for audience, files in texts.items()
                if any(word in path.lower() or word in text.lower() for path, text in files.items())
            }
            assert found == readers, (word, sorted(found), sorted(readers), textwrap.shorten(err, 300))
