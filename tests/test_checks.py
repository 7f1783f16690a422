"""Knowledge checks: the ``/// check`` syntax to HTML, author errors with their lines, what a site ships."""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.check_block import ChecksExtension
from academy.core.checks import (
    Check,
    Choice,
    answer_digest,
    explanation_key,
    feedback_key,
    salt,
    shipped,
    unseal,
)
from conftest import build_in
from sites import write_academy

GOLDEN = Path(__file__).parent / "golden"


def render(text: str) -> tuple[str, list[Check]]:
    extension = ChecksExtension()
    md = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "pymdownx.superfences", extension])
    html = md.convert(textwrap.dedent(text))
    return html, list(extension.checks)


def assert_html(actual: str, expected: str) -> None:
    """Compare HTML line by line, showing a unified diff on failure."""
    expected = expected.strip()
    actual = actual.strip()
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="")
        )
        pytest.fail("HTML differs:\n" + diff)


SINGLE = """\
    /// check | Who approves an invoice above an *approver's* limit?
        id: over-limit

    Think of `US01`.

    - [ ] The same approver
        Limits are **hard** stops.
    - [x] The next approver in the chain
    - [ ] Nobody

    Ledgerly escalates along the chain.
    ///
"""


def test_a_single_choice_check_renders_as_a_fieldset_of_radio_buttons_without_answers():
    html, checks = render(SINGLE)
    assert_html(html, (GOLDEN / "check-single.html").read_text(encoding="utf-8"))
    [check] = checks
    assert check.id == "over-limit" and check.answer == (1,) and not check.problems
    assert check.choices[0].feedback == "Limits are <strong>hard</strong> stops."
    assert check.explanation == "<p>Ledgerly escalates along the chain.</p>"


def test_several_right_choices_give_check_boxes_and_the_default_id_comes_from_the_question():
    html, [check] = render(
        """\
        /// check | Which of these are synced from the ERP?

        - [x] Accounts
        - [X] Tax codes

            Loose items keep their feedback in paragraphs.

        - [ ] Payment runs
        ///
        """
    )
    assert check.id == "which-of-these-are-synced-from-the-erp"
    assert check.answer == (0, 1) and check.multiple
    assert html.count('type="checkbox"') == 3 and "Choose every right answer." in html
    assert check.choices[1].feedback == "<p>Loose items keep their feedback in paragraphs.</p>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/// check | Q?\n\n- [ ] a\n- [ ] b\n///\n", "no choice is marked right"),
        ("/// check | Q?\n\n- [x] a\n- [ ] A\n///\n", "the choice 'A' is written twice"),
        ("/// check | Q?\n\nNo list here.\n///\n", "a check needs its choices as a task list"),
        ("/// check | Q?\n\n- [x] a\n///\n", "at least two choices"),
        ("/// check\n\n- [x] a\n- [ ] b\n///\n", "a check needs its question"),
        ("/// check | Q?\n    id: Not An Id\n\n- [x] a\n- [ ] b\n///\n", "check id 'Not An Id' must use"),
        ("/// check | Q?\n\n- [x] a\n- [ ] b\n\nAnd?\n\n- [x] c\n- [ ] d\n///\n", "a check holds one question"),
        ("/// check | Q?\n\n- [x] a\n\n    why\n- [ ] b\n///\n", "a choice reads as part of the feedback of 'a'"),
    ],
)
def test_a_mistake_inside_a_check_is_kept_with_it(text, message):
    _, [check] = render(text)
    assert any(message in problem for problem in check.problems), check.problems


LESSON = "---\ntitle: A lesson\n{front}\n---\nSome text.\n\n{body}\n"


def lesson_files(body: str, front: str = "", name: str = "02-quiz") -> dict[str, str]:
    return {f"content/courses/basics/{name}.md": LESSON.format(front=front, body=body)}


@pytest.mark.parametrize(
    ("body", "front", "expected"),
    [
        ("/// check | Q?\n\n- [ ] a\n- [ ] b\n///", "", r"02-quiz\.md:7: check 'q': no choice is marked right"),
        ("/// checks | Q?\n\n- [x] a\n- [ ] b\n///", "", r"02-quiz\.md:7: unknown block '/// checks'; did you mean"),
        ("/// chek | Q?\n\n- [x] a\n- [ ] b\n///", "", r"02-quiz\.md:7: unknown block '/// chek'; did you mean"),
        ("/// check | Q?\n    pass: 90\n\n- [x] a\n- [ ] b\n///", "", r"02-quiz\.md:7: '/// check' is not read as a"),
        ("/// check | Q?\n\n- [x] a\n- [ ] b\n", "", r"02-quiz\.md:7: '/// check' is not read as a knowledge"),
        ("/// check | Q?\n\n- [x] a\n- [ ] b\n///", "pass_mark: 120", r"02-quiz\.md:3: 'pass_mark' must be a whole"),
        ("Nothing to check.", "assessment: true", r"02-quiz\.md:3: this final assessment holds no knowledge check"),
        (
            "/// check | Q?\n\n- [x] a\n- [ ] b\n///\n\n/// check | Q?\n\n- [x] c\n- [ ] d\n///",
            "",
            r"02-quiz\.md:13: duplicate check id 'q' in this course \(also line 7\)",
        ),
    ],
)
def test_academy_check_reports_check_mistakes_with_file_and_line(academy_cli, tmp_path, body, front, expected):
    write_academy(tmp_path, lesson_files(body, front))
    run = academy_cli("check")
    assert run.code == 1
    assert re.search(expected, run.output), run.output
    assert "Traceback" not in run.output


def test_ids_are_unique_across_a_course_and_checks_belong_in_lessons(academy_cli, tmp_path):
    check = "/// check | Q?\n\n- [x] a\n- [ ] b\n///"
    files = lesson_files(check) | lesson_files(check, name="03-again")
    files["content/about.md"] = f"---\naudiences: [customers]\n---\n{check}\n"
    write_academy(tmp_path, files)
    run = academy_cli("check")
    assert "03-again.md:7: duplicate check id 'q' in this course (also content/courses/basics/02-quiz.md)" in run.output
    assert "content/about.md:4: knowledge check 'q' is not in a lesson" in run.output


def test_a_check_shown_as_code_is_documentation_not_an_error(academy_cli, tmp_path):
    write_academy(tmp_path, lesson_files("```markdown\n/// checks | Q?\n- [x] a\n///\n```"))
    assert academy_cli("check").code == 0


CHECKS = st.builds(
    lambda question, right, count, feedback: Check(
        "q-" + str(abs(hash(question)) % 1000),
        question,
        1,
        tuple(
            Choice(f"choice {index}", index in right or index == 0, feedback if index % 2 else "")
            for index in range(count)
        ),
        "<p>Because.</p>",
    ),
    st.text(min_size=1, max_size=40),
    st.sets(st.integers(0, 5), max_size=4),
    st.integers(2, 6),
    st.text(max_size=30),
)


@settings(max_examples=60, deadline=None)
@given(check=CHECKS, audience=st.sampled_from(["customers", "partners"]))
def test_shipped_data_verifies_the_right_answer_only_and_names_no_right_choice(check, audience):
    data = shipped(check, audience, "https://academy.example.com/x/")
    assert data["digest"] == answer_digest(data["salt"], check.answer)
    for wrong in ([0], [1], list(range(len(check.choices)))):
        if tuple(sorted(set(wrong))) != check.answer:
            assert answer_digest(data["salt"], wrong) != data["digest"]
    assert unseal(explanation_key(data["salt"], check.answer), data["explanation"]) == check.explanation
    for index, choice in enumerate(check.choices):
        assert unseal(feedback_key(data["salt"], index), data["feedback"][index]).rstrip(" ") == choice.feedback.rstrip(
            " "
        )
    assert len({len(sealed) for sealed in data["feedback"]}) == 1, "every choice's sealed feedback has one length"
    text = json.dumps(data)
    assert "correct" not in text and "Because" not in text
    assert set(data) == {"id", "salt", "digest", "feedback", "explanation"}


def test_the_salt_differs_per_site_and_question_yet_is_the_same_for_the_same_sources():
    check = Check("q", "Why?", 1, (Choice("a", True), Choice("b", False)))
    other = Check("q", "Why not?", 1, check.choices)
    assert salt("customers", "https://a/", check) == salt("customers", "https://a/", check)
    assert len({salt("customers", "https://a/", check), salt("partners", "https://a/", check),
                salt("customers", "https://b/", check), salt("customers", "https://a/", other)}) == 4  # fmt: skip


def test_a_check_for_one_audience_leaves_no_trace_in_the_others_site(tmp_path):
    hidden = (
        "/// audience | staff\n/// check | Zanzibar quorum question?\n    id: zanzibar-quorum\n\n"
        "- [x] Quokka answer\n- [ ] Wombat answer\n///\n///"
    )
    hidden = hidden.replace("/// audience | staff\n", "//// audience | staff\n").rsplit("\n", 1)[0] + "\n////"
    shared = "/// check | Shared question?\n    id: shared\n\n- [x] Yes\n- [ ] No\n///"
    write_academy(tmp_path, lesson_files(shared + "\n\n" + hidden))
    build_in(tmp_path)
    page = "courses/basics/02-quiz/index.html"
    staff = (tmp_path / "site/staff" / page).read_text(encoding="utf-8")
    assert "zanzibar-quorum" in staff and "Zanzibar quorum" in staff
    data = json.loads(re.search(r"<script type=\"application/json\" data-ac-checks>(.*?)</script>", staff).group(1))
    digest = next(check["digest"] for check in data["checks"] if check["id"] == "zanzibar-quorum")
    for audience in ("customers", "partners"):
        site = tmp_path / "site" / audience
        assert (site / page).is_file()
        for path in site.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", "replace").lower()
                for trace in ("zanzibar", "quokka", "wombat", digest):
                    assert trace not in text, (audience, path, trace)


def test_a_lesson_with_checks_ships_no_mark_complete_button_and_says_checking_needs_javascript(tmp_path):
    write_academy(tmp_path, lesson_files("/// check | Q?\n\n- [x] a\n- [ ] b\n///"))
    build_in(tmp_path)
    html = (tmp_path / "site/customers/courses/basics/02-quiz/index.html").read_text(encoding="utf-8")
    assert "data-ac-complete-button" not in html and "data-ac-complete-by-checks" in html
    assert "Checking your answer needs JavaScript" in html
    other = (tmp_path / "site/customers/courses/basics/01-first/index.html").read_text(encoding="utf-8")
    assert "data-ac-complete-button" in other and "data-ac-checks" not in other


def test_changing_only_the_right_answer_changes_the_cached_page(tmp_path):
    """The right answer is not in the rendered content: the page cache must still see the change."""
    write_academy(tmp_path, lesson_files("/// check | Q?\n\n- [x] a\n- [ ] b\n///"))
    build_in(tmp_path)
    page = Path(tmp_path / "site/customers/courses/basics/02-quiz/index.html")
    before = page.read_text(encoding="utf-8")
    write_academy(tmp_path, lesson_files("/// check | Q?\n\n- [ ] a\n- [x] b\n///"))
    build_in(tmp_path)
    after = page.read_text(encoding="utf-8")
    assert before != after
    digest = re.search(r'"digest":"([0-9a-f]+)"', after).group(1)
    found = re.search(r'"salt":"([0-9a-f]+)"', after).group(1)
    assert digest == answer_digest(found, [1])


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
SENTENCES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(
    question=SENTENCES,
    choices=st.lists(st.tuples(SENTENCES, st.booleans(), st.one_of(st.just(""), SENTENCES)), min_size=2, max_size=6),
    explanation=st.one_of(st.just(""), SENTENCES),
)
def test_any_well_formed_check_reads_back_as_written_and_its_page_marks_no_choice(question, choices, explanation):
    texts = [f"{index} {text}" for index, (text, _, _) in enumerate(choices)]  # distinct choices
    right = [correct for _, correct, _ in choices]
    right[0] = right[0] or not any(right)
    items = "\n".join(
        f"- [{'x' if correct else ' '}] {text}" + (f"\n    {feedback}" if feedback else "")
        for text, correct, (_, _, feedback) in zip(texts, right, choices, strict=True)
    )
    _, checks = render(f"Intro.\n\n/// check | {question}?\n\n{items}\n\n{explanation}\n///\n")
    html, _ = render(f"/// check | {question}?\n\n{items}\n///\n")
    [check] = checks
    assert check.problems == ()
    assert [choice.text for choice in check.choices] == texts
    assert check.answer == tuple(index for index, correct in enumerate(right) if correct)
    assert [choice.feedback for choice in check.choices] == [feedback for _, _, feedback in choices]
    assert check.explanation == (f"<p>{explanation}</p>" if explanation else "")
    assert "[x]" not in html and "checked" not in html
    assert html.count("<input") == len(texts)
