"""Recommendation quizzes: the format, what ``academy check`` proves of it, and what a site holds of it."""

from __future__ import annotations

import itertools
import json
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.core.model import Question, Quiz, Rule
from academy.core.recommend import check_quiz, decide, quiz_warnings, visible_quiz
from sites import write_academy

SOURCE = "audiences/customers.yml"
KNOWN = ("alpha", "beta", "gamma")
"""Collections that exist; ``VISIBLE`` of them are shown to the quiz's audience."""
VISIBLE = ("alpha", "beta")
NAMES = st.sampled_from([*KNOWN, "nowhere"])


@st.composite
def quizzes(draw) -> Quiz:
    """A quiz of 1–3 questions with 2–3 answers each, rules that mostly name what exists, maybe a fallback."""
    questions = tuple(
        Question(f"q{index}", f"Question {index}?", {f"a{n}": f"Answer {n}" for n in range(draw(st.integers(2, 3)))})
        for index in range(draw(st.integers(1, 3)))
    )
    rules = []
    for _ in range(draw(st.integers(0, 4))):
        chosen = draw(st.lists(st.sampled_from(questions), min_size=1, max_size=len(questions), unique_by=id))
        when = {}
        for question in chosen:
            answers = [*question.answers, "a9"] if draw(st.integers(0, 9)) == 0 else list(question.answers)
            when[question.id] = tuple(draw(st.lists(st.sampled_from(answers), min_size=1, max_size=2, unique=True)))
        if draw(st.integers(0, 9)) == 0:
            when["q7"] = ("a0",)
        rules.append(Rule(when, tuple(draw(st.lists(NAMES, min_size=1, max_size=2, unique=True))), line=10))
    otherwise = tuple(draw(st.one_of(st.just([]), st.lists(NAMES, min_size=1, max_size=2, unique=True))))
    return Quiz("Quiz", "", questions, tuple(rules), otherwise, line=1, lines={"rules": 9, "otherwise": 20})


def combinations(quiz: Quiz):
    for chosen in itertools.product(*(list(q.answers) for q in quiz.questions)):
        yield dict(zip([q.id for q in quiz.questions], chosen, strict=True))


def should_accept(quiz: Quiz) -> bool:
    """The promise, written plainly: rules name this quiz's own questions and answers, every
    collection named is shown to the audience, and every combination of answers reaches one."""
    questions = {q.id: q for q in quiz.questions}
    named = [cid for rule in quiz.rules for cid in rule.recommend] + list(quiz.otherwise)
    own = all(
        qid in questions and set(wanted) <= set(questions[qid].answers)
        for r in quiz.rules
        for qid, wanted in r.when.items()
    )
    total = bool(quiz.otherwise) or all(
        any(all(answers.get(qid) in wanted for qid, wanted in rule.when.items()) for rule in quiz.rules)
        for answers in combinations(quiz)
    )
    return own and set(named) <= set(VISIBLE) and total


@settings(max_examples=400, deadline=None)
@given(quiz=quizzes())
def test_check_accepts_exactly_the_quizzes_that_are_total_and_name_only_visible_collections(quiz):
    problems = check_quiz(quiz, SOURCE, "customers", KNOWN, VISIBLE)
    assert (problems == []) is should_accept(quiz), problems
    for problem in problems:
        assert problem.path == SOURCE and problem.line > 0
        if problem.message.startswith("no rule matches the answers "):
            named = problem.message.removeprefix("no rule matches the answers ").split(";")[0].split(" (and")[0]
            answers = dict(pair.split("=") for pair in named.split(", "))
            assert decide(quiz, answers) == (None, ()), "the combination named is one no rule reaches"


@settings(max_examples=200, deadline=None)
@given(quiz=quizzes())
def test_every_rule_not_warned_about_decides_some_answers(quiz):
    if check_quiz(quiz, SOURCE, "customers", KNOWN, KNOWN):
        return
    warned = {w.message.split(" ")[1] for w in quiz_warnings(quiz, SOURCE) if w.message.startswith("rule ")}
    decided = {decide(quiz, answers)[0] for answers in combinations(quiz)}
    for index in range(len(quiz.rules)):
        assert (str(index + 1) in warned) is (index not in decided)
    otherwise_warned = any(w.message.startswith("'otherwise' never") for w in quiz_warnings(quiz, SOURCE))
    assert otherwise_warned is bool(quiz.otherwise and None not in decided)


def test_the_first_matching_rule_decides_and_a_view_keeps_only_what_it_shows():
    role = Question("role", "Role?", {"admin": "Admin", "dev": "Developer"})
    quiz = Quiz(
        "Q", "", (role,), (Rule({"role": ("admin",)}, ("alpha", "gamma")), Rule({"role": ("admin", "dev")}, ("beta",)))
    )
    assert decide(quiz, {"role": "admin"}) == (0, ("alpha", "gamma"))
    assert decide(quiz, {"role": "dev"}) == (1, ("beta",))
    shown = visible_quiz(quiz, {"alpha", "beta"})
    assert [rule.recommend for rule in shown.rules] == [("alpha",), ("beta",)]


# --- academy check on files ---------------------------------------------------------------------

COLLECTIONS = {
    "collections/basics-path.yml": (
        "title: Basics path\naudiences: [customers, partners]\npath: true\ncourses: [basics]\n"
    ),
    "collections/staff-corner.yml": "title: Staff corner\naudiences: [staff]\ncourses: [basics]\n",
}
QUIZ = """\
    title: Customer Academy
    recommend:
      questions:
        - id: role
          text: What do you do?
          answers:
            admin: I run it
            dev: I build on it
      rules:
        - when: { role: admin }
          recommend: [basics-path]
      otherwise: [basics-path]
    """


def check(academy_cli, tmp_path, quiz: str, extra: dict | None = None) -> dict:
    write_academy(tmp_path, {**COLLECTIONS, "audiences/customers.yml": quiz, **(extra or {})})
    return json.loads(academy_cli("check", "--format", "json").out)


def test_a_valid_quiz_passes_check(academy_cli, tmp_path):
    result = check(academy_cli, tmp_path, QUIZ)
    assert result["ok"], result
    assert result["warnings"] == []


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("recommend: [basics-path]", "recommend: [basic-path]", 11,
         "unknown collection 'basic-path'; did you mean 'basics-path'?"),
        ("otherwise: [basics-path]", "otherwise: [staff-corner]", 12,
         "collection 'staff-corner' is not shown to 'customers' (not among its audiences, or none of its courses "
         "is); recommend one of: basics-path"),
        ("{ role: admin }", "{ rle: admin }", 10, "'when' names unknown question 'rle'; did you mean 'role'?"),
        ("{ role: admin }", "{ role: admn }", 10, "question 'role' has no answer 'admn'; did you mean 'admin'?"),
        ("  otherwise: [basics-path]\n", "", 9,
         "no rule matches the answers role=dev; add a rule for them, or 'otherwise: [collection ids]' for any "
         "answers no rule matches"),
        ("    dev: I build on it", "    admin: again", 8, "invalid YAML: the key 'admin' appears twice; keep one"),
        ("    dev: I build on it", "    Dev: I build on it", 8,
         "answer id 'Dev' must be text of lowercase letters, digits, '-' and '_'"),
        ("    dev: I build on it", "    yes: I build on it", 8,
         "answer id 'True' must be text of lowercase letters, digits, '-' and '_'; write it in quotes, like 'yes'"),
        ("    dev: I build on it\n", "", 6, "'answers' needs at least 2 answers"),
        ("  rules:\n", "  rules:\n    - just text\n", 10,
         "each rule in 'rules' must be a mapping of 'key: value' lines"),
        ("recommend: [basics-path]\n", "\n", 10, "'recommend' is missing; add 'recommend: …'"),
        ("text: What do you do?", "txt: What do you do?", 5, "unknown question key 'txt'; did you mean 'text'?"),
    ],
    ids=[
        "unknown collection", "collection of another audience", "unknown question", "unknown answer",
        "answers no rule reaches", "answer ids written twice", "answer id with a capital", "answer id read as true",
        "one answer", "a rule that is no mapping", "a rule recommending nothing", "question key misspelt",
    ],
)  # fmt: skip
def test_check_names_the_line_what_is_wrong_and_how_to_fix_it(academy_cli, tmp_path, old, new, line, message):
    quiz = textwrap.dedent(QUIZ)
    assert old in quiz
    result = check(academy_cli, tmp_path, quiz.replace(old, new, 1))
    assert {"path": "audiences/customers.yml", "line": line, "message": message} in result["problems"], result


def test_two_questions_with_one_id_are_refused_with_both_lines(academy_cli, tmp_path):
    quiz = textwrap.dedent(QUIZ).replace(
        "  rules:", "    - id: role\n      text: Again?\n      answers: { x: X, y: Y }\n  rules:"
    )
    problems = check(academy_cli, tmp_path, quiz)["problems"]
    assert {
        "path": "audiences/customers.yml",
        "line": 9,
        "message": "question id 'role' is used twice (also line 4); give each question its own id",
    } in problems


def test_a_collection_whose_rules_select_no_course_the_audience_sees_is_not_recommendable(academy_cli, tmp_path):
    hidden = {
        "content/courses/internal/index.md": (
            "---\ntitle: Internal\nroles: [analyst]\nstage: advanced\naudiences: [staff]\n---\nText.\n"
        ),
        "collections/analysts.yml": "title: Analysts\naudiences: [customers, staff]\nselect: { roles: [analyst] }\n",
    }
    quiz = textwrap.dedent(QUIZ).replace("otherwise: [basics-path]", "otherwise: [analysts]")
    problems = check(academy_cli, tmp_path, quiz, hidden)["problems"]
    assert [p["message"].split(" (")[0] for p in problems] == ["collection 'analysts' is not shown to 'customers'"]


def test_rules_that_never_apply_are_warnings_not_errors(academy_cli, tmp_path):
    quiz = textwrap.dedent(QUIZ).replace(
        "  otherwise:", "    - when: { role: [admin, dev] }\n      recommend: [basics-path]\n"
        "    - when: { role: dev }\n      recommend: [basics-path]\n  otherwise:"
    )  # fmt: skip
    result = check(academy_cli, tmp_path, quiz)
    assert result["ok"], result
    assert [(w["line"], w["message"].split(":")[0]) for w in result["warnings"]] == [
        (14, "rule 3 never applies"),
        (16, "'otherwise' never applies"),
    ]


@st.composite
def academies(draw) -> tuple[dict[str, str], bool]:
    """Collections for random audiences and a customer quiz naming some of them: files, and whether check must pass."""
    audiences = ("customers", "partners", "staff")
    files, shown = {}, set()
    for name in ("one", "two", "three"):
        readers = draw(st.lists(st.sampled_from(audiences), min_size=1, max_size=3, unique=True))
        files[f"collections/{name}.yml"] = f"title: {name}\naudiences: [{', '.join(readers)}]\ncourses: [basics]\n"
        if "customers" in readers:
            shown.add(name)
    names = st.sampled_from(["one", "two", "three", "four"])
    first = draw(st.lists(names, min_size=1, max_size=2, unique=True))
    otherwise = draw(st.lists(names, max_size=2, unique=True))
    dev_rule = draw(st.booleans())
    rules = f"    - when: {{ role: admin }}\n      recommend: [{', '.join(first)}]\n"
    if dev_rule:
        rules += "    - when: { role: dev }\n      recommend: [one]\n"
    quiz = textwrap.dedent(QUIZ).split("  rules:")[0] + "  rules:\n" + rules
    if otherwise:
        quiz += f"  otherwise: [{', '.join(otherwise)}]\n"
    named = set(first) | set(otherwise) | ({"one"} if dev_rule else set())
    return {**files, "audiences/customers.yml": quiz}, named <= shown and (dev_rule or bool(otherwise))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=academies())
def test_check_on_generated_academies_accepts_exactly_total_quizzes_of_visible_collections(academy_cli, tmp_path, case):
    files, valid = case
    for old in tmp_path.glob("collections/*.yml"):
        old.unlink()
    write_academy(tmp_path, files)
    result = json.loads(academy_cli("check", "--format", "json").out)
    assert result["ok"] is valid, (files, result)
    assert all(p["path"] == "audiences/customers.yml" for p in result["problems"]), result
