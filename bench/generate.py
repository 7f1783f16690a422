"""Generate a realistic academy of any size, deterministically, for benchmarks.

Usage::

    python -m bench.generate OUT_DIR --lessons 2000 [--per-course 3-6] [--tiny] [--plain] [--seed N]

``OUT_DIR`` receives an academy in the format of the sample (see README.md):

- ``mkdocs.yml``: Material with ``navigation.prune``, the sample's Markdown extensions, and the
  plugins ``search``, ``academy/content`` and ``academy/portal``;
- ``mkdocs-plain.yml``: the yardstick, the same docs and extensions built by plain Material with
  only ``search`` (audience blocks then render as plain text);
- ``content/courses/<id>/``: courses of 3-6 lessons of 400-700 words, each with a ``diagram.svg``;
- ``content/help.md``, ``collections/*.yml`` (select rules, explicit lists, 2 learning paths),
  ``audiences/*.yml`` with their logos.

With ``plain=True`` (``--plain``) ``mkdocs.yml`` itself is the yardstick configuration.
The same arguments always give byte-identical trees: everything comes from one seeded
``random.Random``; nothing depends on the clock or on hash randomisation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

SEED = 20261101
MARKER = ".generated-by-bench"
"""File that marks a folder as generated, so that regenerating may delete it."""

AUDIENCES = ("trial", "customers", "partners", "employees")
VISIBILITY = (
    (25, ("trial", "customers", "partners", "employees")),
    (40, ("customers", "partners", "employees")),
    (15, ("partners", "employees")),
    (10, ("employees",)),
    (10, ("customers", "employees")),
)
"""Weights (percent of courses) of the audience sets courses are published to."""
DEFAULT_AUDIENCES = ("customers", "employees")

ROLES = {
    "admin": "Administrator",
    "accountant": "AP accountant",
    "approver": "Approver",
    "requester": "Requester",
    "developer": "Developer",
    "consultant": "Implementation consultant",
    "support": "Support engineer",
}
STAGES = {
    "implementation": "Implementation",
    "foundational": "Foundational",
    "advanced": "Advanced",
    "maintenance": "Maintenance",
}
LEVELS = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"}
FORMATS = {
    "self-paced": "Self-paced",
    "hands-on-lab": "Hands-on lab",
    "video": "Video",
    "live-workshop": "Live workshop",
}

FORMAT_WEIGHTS = ((60, "self-paced"), (20, "video"), (10, "hands-on-lab"), (10, "live-workshop"))
"""Formats of courses whose title does not imply one."""

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""
"""The Markdown extensions of the sample academy's mkdocs.yml, verbatim."""


@dataclass(frozen=True)
class Topic:
    """A subject courses are about: its name, tags and the roles it is for."""

    name: str
    tags: tuple[str, ...]
    roles: tuple[str, ...]


TOPICS = (
    Topic("approval workflows", ("approvals", "workflows"), ("admin", "approver")),
    Topic("invoice capture", ("capture", "ocr"), ("accountant",)),
    Topic("purchase requests", ("procurement", "requests"), ("requester", "approver")),
    Topic("vendor onboarding", ("vendors", "onboarding"), ("accountant", "admin")),
    Topic("payment runs", ("payments",), ("accountant", "admin")),
    Topic("three-way matching", ("matching", "purchase-orders"), ("accountant",)),
    Topic("ERP sync", ("erp", "integration"), ("admin", "developer")),
    Topic("the REST API", ("api",), ("developer",)),
    Topic("webhooks", ("api", "webhooks"), ("developer",)),
    Topic("spend reporting", ("reporting",), ("admin", "accountant")),
    Topic("month-end close", ("close", "general-ledger"), ("accountant",)),
    Topic("expense policies", ("policies",), ("admin", "approver")),
    Topic("single sign-on", ("security", "sso"), ("admin",)),
    Topic("audit trails", ("audit", "security"), ("admin", "support")),
    Topic("multi-entity setups", ("entities",), ("admin", "consultant")),
    Topic("tax codes", ("tax",), ("accountant",)),
    Topic("currency handling", ("fx", "currencies"), ("accountant",)),
    Topic("coding rules", ("coding", "automation"), ("accountant", "admin")),
    Topic("user permissions", ("permissions", "security"), ("admin",)),
    Topic("data imports", ("imports", "migration"), ("consultant", "admin")),
    Topic("escalation handling", ("support", "escalations"), ("support",)),
    Topic("implementation projects", ("implementation",), ("consultant",)),
    Topic("solution design workshops", ("workshops", "design"), ("consultant",)),
    Topic("fraud controls", ("security", "payments"), ("admin", "accountant")),
    Topic("dashboards", ("reporting", "dashboards"), ("admin", "approver")),
    Topic("mobile approvals", ("mobile", "approvals"), ("approver",)),
    Topic("budget checks", ("budgets",), ("approver", "requester")),
    Topic("credit notes", ("credit-notes",), ("accountant",)),
    Topic("bank connections", ("banking", "payments"), ("admin",)),
    Topic("sandbox testing", ("sandbox", "testing"), ("developer", "consultant")),
    Topic("support diagnostics", ("support", "diagnostics"), ("support",)),
    Topic("release upgrades", ("releases",), ("support", "admin")),
)

COURSE_TITLES = (
    # (template, stage or None, level or None, format or None)
    ("{T} fundamentals", "foundational", "beginner", None),
    ("Getting started with {t}", "foundational", "beginner", None),
    ("Advanced {t}", "advanced", "advanced", None),
    ("{T} for administrators", "implementation", "intermediate", None),
    ("Troubleshooting {t}", "maintenance", "intermediate", None),
    ("Automating {t}", "advanced", "advanced", None),
    ("{T} in practice", None, "intermediate", "hands-on-lab"),
    ("Designing {t}", "implementation", None, "live-workshop"),
    ("Scaling {t}", "advanced", None, None),
    ("Securing {t}", "maintenance", None, None),
    ("{T}: a hands-on lab", None, None, "hands-on-lab"),
    ("Measuring {t}", "maintenance", None, "video"),
    ("Rolling out {t}", "implementation", None, None),
    ("{T} best practices", None, "intermediate", "video"),
)
QUALIFIERS = (
    "",
    " for multi-entity groups",
    " in regulated industries",
    " at high volume",
    " for small teams",
    " across regions",
    " with the ERP connector",
    " for shared service centres",
    " in the first 90 days",
    " for global rollouts",
)

FIRST_LESSONS = ("Where {t} fits", "Inside {t}", "An overview of {t}", "Plan the rollout")
MIDDLE_LESSONS = (
    "Configure {t}",
    "Set up the rules",
    "Work through an example",
    "Handle exceptions",
    "Connect the moving parts",
    "Review the results",
    "Automate the routine steps",
    "Test with real data",
    "Roll out to your team",
    "Monitor day to day",
    "Permissions and ownership",
    "Reporting on {t}",
)
LAST_LESSONS = ("Check your work and next steps", "Go live and hand over", "Measure and improve", "Wrap-up and review")

ACTORS = (
    "the AP team",
    "an approver",
    "the workspace admin",
    "the controller",
    "a requester",
    "the integration owner",
    "your implementation partner",
    "the support engineer",
    "the finance lead",
    "each budget owner",
)
VERBS = (
    ("review", "reviews", "reviewed"),
    ("approve", "approves", "approved"),
    ("export", "exports", "exported"),
    ("reconcile", "reconciles", "reconciled"),
    ("configure", "configures", "configured"),
    ("archive", "archives", "archived"),
    ("route", "routes", "routed"),
    ("validate", "validates", "validated"),
    ("match", "matches", "matched"),
    ("schedule", "schedules", "scheduled"),
    ("post", "posts", "posted"),
    ("tag", "tags", "tagged"),
)
OBJECTS = (
    "open invoices",
    "purchase orders",
    "vendor records",
    "payment batches",
    "approval rules",
    "coding suggestions",
    "exception queues",
    "sync errors",
    "GL postings",
    "credit notes",
    "budget lines",
    "audit events",
)
WHEN = (
    "every morning",
    "before the bank cutoff",
    "at the end of each period",
    "as soon as they arrive",
    "once a week",
    "after each payment run",
    "during the pilot",
    "before go-live",
)
PROBLEMS = (
    "a rule matches nothing",
    "an approver is out of office",
    "the ERP rejects a posting",
    "a vendor changes bank details",
    "totals differ by a cent",
    "a duplicate invoice arrives",
    "the sync falls behind",
)
FIXES = (
    "check the rule order on the **Workflows** settings page",
    "assign a delegate from the user profile",
    "open the sync log and retry after fixing the cause",
    "hold the vendor and verify the change by phone",
    "compare the rounding method on both sides",
    "reject it with the reason `duplicate`",
    "pause outbound posting until the backlog clears",
)
METRICS = ("cycle time", "the close calendar", "cash forecasts", "approval times", "the exception rate")
SCREENS = ("Inbox", "Payments", "Vendors", "Reports", "Sync history", "Approvals")
VIEWS = ("grouped by entity", "sorted by due date", "filtered by status", "with their owners")
SENTENCES = (
    "{Actor} {verbs} {object} {when}.",
    "Before you {verb} {object}, make sure {actor} agrees on who owns them.",
    "Most teams {verb} {object} {when}, which keeps {metric} predictable.",
    "If {problem}, {fix}.",
    "{Object} are checked {when}, so {actor} can {verb} {object2} without waiting.",
    "The **{screen}** screen lists {object} {view}, and {actor} can {verb} them in bulk.",
    "A common mistake is to {verb} {object} {when} instead of {when2}.",
    "In {topic}, {object} are prepared by {actor} and checked by {actor2}.",
    "Write down who will {verb} {object}; {actor} usually owns this in the first months.",
    "Ledgerly keeps a history of every change to {object}, so {actor} can see who did what and when.",
    "Keep an eye on {metric}: it is the first number that moves when {problem}.",
    "Start small: {verb} {object} for one entity, then extend the setup once {actor} is confident.",
)
DESCRIPTIONS = (
    "Learn how {actor} can {verb} {object} {when}.",
    "What {actor} needs to know about {object} in {topic}.",
    "Steps, settings and pitfalls for {object} in {topic}.",
    "How {topic} changes the way {actor} works with {object}.",
    "Everything {actor} needs to {verb} {object} with confidence.",
    "A guide for {actor}: {object}, {metric} and {topic} in one place.",
)
"""Front-matter descriptions. They never start like a body sentence: cards and navigation put
descriptions and titles next to page text, and the audit compares word sequences."""
HEADINGS = (
    "What changes for {actor}",
    "Before you begin",
    "How it fits together",
    "A worked example",
    "Settings that matter",
    "Common pitfalls",
    "Keeping it healthy",
    "Working with {object}",
    "Who does what",
    "Edge cases",
    "Rules of thumb",
    "Checking the outcome",
)
ADMONITIONS = (
    ("tip", "Save time on {object}"),
    ("tip", "Start with one entity"),
    ("warning", "Check this before go-live"),
    ("warning", "Do not skip the sandbox"),
    ("note", "How {topic} handles weekends"),
    ("info", "Limits at high volume"),
)
AUDIENCE_NOTES = {
    "trial": "**During your trial:**",
    "customers": "**Plan note:**",
    "partners": "**Partner delivery tip:**",
    "employees": "**Internal:**",
}
RESOURCES = ("invoices", "vendors", "payments", "purchase-orders", "approvals", "credit-notes")
STATUSES = ("pending_approval", "approved", "posted", "on_hold", "rejected", "paid")
SVG_COLOURS = ("#283593", "#00695c", "#4527a0", "#bf360c", "#37474f", "#1565c0", "#6a1b9a")


@dataclass
class Lesson:
    """A lesson as planned, before its text is written."""

    stem: str
    title: str
    audiences: tuple[str, ...]
    narrowed: bool = False


@dataclass
class Course:
    """A course as planned: its classification, audiences and lessons."""

    id: str
    title: str
    topic: Topic
    audiences: tuple[str, ...]
    roles: tuple[str, ...]
    stage: str
    level: str
    format: str
    lessons: list[Lesson] = field(default_factory=list)
    prerequisites: tuple[str, ...] = ()
    ribbons: tuple[str, ...] = ()
    updated: dt.date | None = None
    published: dt.date | None = None


# --------------------------------------------------------------------------- small helpers


def slugify(text: str) -> str:
    """A lowercase, hyphenated file or id name for ``text``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def yaml_str(text: str) -> str:
    """``text`` as a YAML scalar: bare when safe, else double-quoted (JSON is valid YAML)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()'-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text)


def yaml_list(items) -> str:
    """A flow-style YAML list of simple scalars."""
    return "[" + ", ".join(yaml_str(item) for item in items) + "]"


def capitalise(text: str) -> str:
    """``text`` with its first letter upper-cased (``the REST API`` keeps its case)."""
    return text[:1].upper() + text[1:]


def wrap(text: str) -> str:
    """A paragraph wrapped at 100 columns, as authors write them."""
    return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)


def pick_weighted(rng: Random, options):
    """One value of ``(weight, value)`` pairs."""
    total = sum(weight for weight, _ in options)
    roll = rng.uniform(0, total)
    for weight, value in options:
        roll -= weight
        if roll <= 0:
            return value
    return options[-1][1]


def ordered(audiences) -> tuple[str, ...]:
    """Audience ids in canonical order."""
    return tuple(a for a in AUDIENCES if a in set(audiences))


# --------------------------------------------------------------------------- prose


class Writer:
    """Realistic Markdown prose, tables, code and admonitions from one seeded generator."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def _slots(self, topic: Topic) -> dict[str, str]:
        rng = self.rng
        verb, verbs, done = rng.choice(VERBS)
        actor, actor2 = rng.sample(ACTORS, 2)
        obj, obj2 = rng.sample(OBJECTS, 2)
        when, when2 = rng.sample(WHEN, 2)
        return {
            "actor": actor,
            "Actor": capitalise(actor),
            "actor2": actor2,
            "verb": verb,
            "verbs": verbs,
            "done": done,
            "object": obj,
            "Object": capitalise(obj),
            "object2": obj2,
            "when": when,
            "when2": when2,
            "problem": rng.choice(PROBLEMS),
            "fix": rng.choice(FIXES),
            "metric": rng.choice(METRICS),
            "screen": rng.choice(SCREENS),
            "view": rng.choice(VIEWS),
            "topic": topic.name,
        }

    def sentence(self, topic: Topic) -> str:
        """One sentence about ``topic``."""
        return self.rng.choice(SENTENCES).format(**self._slots(topic))

    def paragraph(self, topic: Topic, low: int = 3, high: int = 5) -> str:
        """A wrapped paragraph of ``low`` to ``high`` sentences."""
        return wrap(" ".join(self.sentence(topic) for _ in range(self.rng.randint(low, high))))

    def description(self, topic: Topic) -> str:
        """A one-sentence description for front matter."""
        return capitalise(self.rng.choice(DESCRIPTIONS).format(**self._slots(topic)))

    def headings(self, topic: Topic, count: int) -> list[str]:
        """``count`` distinct second-level section headings (at most ``len(HEADINGS)``)."""
        return ["## " + capitalise(h.format(**self._slots(topic))) for h in self.rng.sample(HEADINGS, count)]

    def bullets(self, topic: Topic) -> str:
        """A bulleted list of short items."""
        items = []
        for _ in range(self.rng.randint(3, 5)):
            slots = self._slots(topic)
            items.append(f"- **{capitalise(slots['object'])}:** {slots['verb']} them {slots['when']}")
        return "\n".join(items)

    def steps(self, topic: Topic) -> str:
        """A numbered procedure."""
        lines = []
        for number in range(1, self.rng.randint(3, 6) + 1):
            slots = self._slots(topic)
            lines.append(
                f"{number}. Open **{slots['screen']}** and {slots['verb']} the {slots['object']} {slots['view']}."
            )
        return "\n".join(lines)

    def checklist(self, topic: Topic) -> str:
        """A task list (pymdownx.tasklist)."""
        lines = []
        for _ in range(self.rng.randint(3, 5)):
            slots = self._slots(topic)
            lines.append(f"- [ ] {capitalise(slots['object'])} {slots['done']} by {slots['actor']}")
        return "\n".join(lines)

    def table(self, topic: Topic) -> str:
        """A Markdown table of settings, errors or responsibilities."""
        kind = self.rng.randrange(3)
        rows = self.rng.randint(3, 6)
        if kind == 0:
            head = "| Setting | Default | Recommended |\n|---|---|---|"
            body = [
                f"| {capitalise(self.rng.choice(OBJECTS))} {self.rng.choice(('limit', 'window', 'owner', 'order'))} "
                f"| {self.rng.choice(('Off', 'On', '15 minutes', '1 day', 'None'))} "
                f"| {capitalise(self.rng.choice(WHEN))} |"
                for _ in range(rows)
            ]
        elif kind == 1:
            head = "| Error code | Meaning | Fix |\n|---|---|---|"
            body = [
                f"| `{self.rng.choice(STATUSES).upper()}_{self.rng.randint(100, 999)}` "
                f"| {capitalise(self.rng.choice(PROBLEMS))} | {capitalise(self.rng.choice(FIXES))} |"
                for _ in range(rows)
            ]
        else:
            head = "| Task | Owner | When |\n|---|---|---|"
            body = [
                f"| {capitalise(self.rng.choice(VERBS)[0])} {self.rng.choice(OBJECTS)} "
                f"| {capitalise(self.rng.choice(ACTORS))} | {capitalise(self.rng.choice(WHEN))} |"
                for _ in range(rows)
            ]
        return head + "\n" + "\n".join(body)

    def code(self, topic: Topic) -> str:
        """A fenced code block in Python, JSON or Bash."""
        rng = self.rng
        resource, status = rng.choice(RESOURCES), rng.choice(STATUSES)
        limit = rng.choice((25, 50, 100, 200))
        if "api" in topic.tags or rng.random() < 0.4:
            kind = rng.randrange(3)
        else:
            kind = rng.choice((1, 2))
        if kind == 0:
            attribute = resource.replace("-", "_")
            return (
                "```python\nimport os\n\nfrom ledgerly import Client\n\n"
                'client = Client(api_key=os.environ["LEDGERLY_API_KEY"])\n'
                f'for item in client.{attribute}.list(status="{status}", limit={limit}):\n'
                f"    print(item.id, item.status, item.updated_at)\n```"
            )
        if kind == 1:
            document = {
                "id": f"{resource[:3]}_{rng.getrandbits(40):010x}",
                "status": status,
                "amount": {"value": f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}", "currency": "EUR"},
                "entity": rng.choice(("DE01", "FR02", "UK01", "US03")),
                "owner": rng.choice(ACTORS),
            }
            return "```json\n" + json.dumps(document, indent=2) + "\n```"
        return (
            "```bash\n"
            f'curl -s "https://api.ledgerly.example/v2/{resource}?status={status}&limit={limit}" \\\n'
            "  -H \"Authorization: Bearer $LEDGERLY_TOKEN\" | jq '.data[] | {id, status}'\n```"
        )

    def admonition(self, topic: Topic) -> str:
        """An admonition with a title and a 4-space indented body."""
        kind, title = self.rng.choice(ADMONITIONS)
        title = capitalise(title.format(**self._slots(topic)))
        body = " ".join(self.sentence(topic) for _ in range(2))
        return f'!!! {kind} "{title}"\n' + textwrap.indent(wrap(body), "    ")

    def audience_block(self, topic: Topic, ids: list[str], exclude: bool) -> str:
        """An audience block for ``ids`` (or for everyone but them)."""
        label = "!" + ids[0] if exclude else " ".join(ids)
        note = "**Note:**" if exclude else AUDIENCE_NOTES[ids[0]]
        text = wrap(note + " " + " ".join(self.sentence(topic) for _ in range(self.rng.randint(2, 3))))
        return f"/// audience | {label}\n{text}\n///"


# --------------------------------------------------------------------------- planning


def plan_sizes(rng: Random, lessons: int, per_course: tuple[int, int]) -> list[int]:
    """Lesson counts of the courses: each in ``per_course``, adding up to ``lessons``."""
    low, high = per_course
    sizes: list[int] = []
    remaining = lessons
    while remaining > 0:
        size = rng.randint(low, high)
        if remaining <= high or remaining - size < low:
            size = remaining if remaining <= high else remaining - low
        sizes.append(size)
        remaining -= size
    return sizes


def course_titles(rng: Random, count: int) -> list[tuple[str, Topic, tuple]]:
    """``count`` distinct course titles, each with its topic and title template."""
    combos = [
        (template, topic, qualifier) for template in COURSE_TITLES for topic in TOPICS for qualifier in QUALIFIERS
    ]
    rng.shuffle(combos)
    titles = []
    for index in range(count):
        template, topic, qualifier = combos[index % len(combos)]
        title = template[0].format(t=topic.name, T=capitalise(topic.name)) + qualifier
        if index >= len(combos):
            title += f" (edition {index // len(combos) + 1})"
        titles.append((title, topic, template))
    return titles


def lesson_titles(rng: Random, topic: Topic, count: int) -> list[str]:
    """Titles of a course's lessons, from an overview to a wrap-up."""
    if count == 1:
        return [capitalise(rng.choice(FIRST_LESSONS).format(t=topic.name))]
    pool = list(MIDDLE_LESSONS)
    rng.shuffle(pool)
    middle = [
        pool[n % len(pool)] + (f" (part {n // len(pool) + 1})" if n >= len(pool) else "") for n in range(count - 2)
    ]
    titles = [rng.choice(FIRST_LESSONS), *middle, rng.choice(LAST_LESSONS)]
    return [capitalise(title.format(t=topic.name)) for title in titles]


def narrowed_audiences(rng: Random, audiences: tuple[str, ...]) -> tuple[str, ...]:
    """A proper, non-empty subset of ``audiences`` (a lesson only some of them see)."""
    options = [("employees",), tuple(a for a in audiences if a != "trial"), audiences[1:], audiences[-2:]]
    options = [o for o in options if o and set(o) < set(audiences)]
    return ordered(rng.choice(options))


def plan_lessons(rng: Random, course: Course, count: int) -> None:
    """Add ``count`` lessons to ``course``; about one in ten narrows its audiences."""
    for number, title in enumerate(lesson_titles(rng, course.topic, count), start=1):
        stem = f"{number:02d}-{slugify(title)}"
        audiences, narrowed = course.audiences, False
        if len(course.audiences) > 1 and count > 1 and rng.random() < 0.1:
            audiences, narrowed = narrowed_audiences(rng, course.audiences), True
        course.lessons.append(Lesson(stem, title, audiences, narrowed))


def plan_course(rng: Random, title: str, topic: Topic, template: tuple, taken: set[str], today: dt.date) -> Course:
    """A course's id, classification, audiences, ribbons and dates."""
    _, stage, level, fmt = template
    course_id = slugify(title)
    while course_id in taken:
        course_id += "-x"
    taken.add(course_id)
    extra_roles = [rng.choice(tuple(ROLES))] if rng.random() < 0.2 else []
    roles = tuple(r for r in ROLES if r in {*topic.roles, *extra_roles})
    course = Course(
        id=course_id,
        title=title,
        topic=topic,
        audiences=pick_weighted(rng, VISIBILITY),
        roles=roles,
        stage=stage or rng.choice(tuple(STAGES)),
        level=level or rng.choice(tuple(LEVELS)),
        format=fmt or pick_weighted(rng, FORMAT_WEIGHTS),
    )
    roll = rng.random()
    course.ribbons = ("popular",) if roll < 0.1 else ("beta",) if roll < 0.13 else ()
    course.updated = today - dt.timedelta(days=rng.randint(0, 500))
    if rng.random() < 0.3:
        course.published = course.updated - dt.timedelta(days=rng.randint(0, 120))
    return course


def add_prerequisites(rng: Random, courses: list[Course]) -> None:
    """Give about 30% of courses an earlier course, visible to all their audiences, as prerequisite."""
    for index, course in enumerate(courses[1:], start=1):
        if rng.random() >= 0.3:
            continue
        window = courses[max(0, index - 20) : index]
        fitting = [c for c in window if set(c.audiences) >= set(course.audiences)]
        if fitting:
            course.prerequisites = (rng.choice(fitting).id,)


def plan_courses(rng: Random, lessons: int, per_course: tuple[int, int], today: dt.date) -> list[Course]:
    """Every course of the academy, with planned lessons."""
    sizes = plan_sizes(rng, lessons, per_course)
    taken: set[str] = set()
    courses = []
    for size, (title, topic, template) in zip(sizes, course_titles(rng, len(sizes)), strict=True):
        course = plan_course(rng, title, topic, template, taken, today)
        plan_lessons(rng, course, size)
        courses.append(course)
    add_prerequisites(rng, courses)
    return courses


# --------------------------------------------------------------------------- pages


def front_matter(fields: dict[str, str | None]) -> str:
    """A front-matter block from already formatted YAML values (``None`` values are left out)."""
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def course_index(writer: Writer, course: Course, tiny: bool) -> str:
    """``index.md`` of a course: its front matter and introduction."""
    rng = writer.rng
    duration = sum(rng.randint(10, 30) for _ in course.lessons)
    meta = front_matter(
        {
            "title": yaml_str(course.title),
            "description": yaml_str(writer.description(course.topic)),
            "roles": yaml_list(course.roles),
            "stage": course.stage,
            "level": course.level,
            "format": course.format,
            "audiences": yaml_list(course.audiences),
            "duration": str(duration),
            "tags": yaml_list(course.topic.tags),
            "ribbons": yaml_list(course.ribbons) if course.ribbons else None,
            "prerequisites": yaml_list(course.prerequisites) if course.prerequisites else None,
            "published": course.published.isoformat() if course.published else None,
            "updated": course.updated.isoformat() if course.updated else None,
        }
    )
    if tiny:
        return meta + "\n" + writer.paragraph(course.topic, 1, 2) + "\n"
    parts = [writer.paragraph(course.topic, 4, 6), "## What you will learn", writer.bullets(course.topic)]
    linked = [lesson for lesson in course.lessons if not lesson.narrowed]
    if linked:
        items = [f"{n}. [{lesson.title}]({lesson.stem}.md)" for n, lesson in enumerate(linked, start=1)]
        parts += ["## Lessons", "\n".join(items)]
    parts += ["## Before you start", writer.paragraph(course.topic, 2, 3)]
    return meta + "\n" + "\n\n".join(parts) + "\n"


def lesson_links(rng: Random, course: Course, lesson: Lesson) -> str:
    """A paragraph linking to other lessons of the course that every reader of ``lesson`` can see."""
    targets = [
        other
        for other in course.lessons
        if other is not lesson and set(other.audiences) >= set(lesson.audiences)  # the link rule
    ]
    text = "Go back to the [course overview](index.md) at any time."
    if targets:
        chosen = rng.sample(targets, min(2, len(targets)))
        links = " and ".join(f"[{other.title}]({other.stem}.md)" for other in chosen)
        text = f"This lesson builds on {links}. " + text
    return wrap(text)


def audience_block_for(writer: Writer, course: Course, lesson: Lesson) -> str:
    """An audience block naming only audiences that see ``lesson``."""
    rng = writer.rng
    audiences = list(lesson.audiences)
    if len(audiences) > 1 and rng.random() < 0.2:
        return writer.audience_block(course.topic, [rng.choice(audiences[:-1])], exclude=True)
    size = rng.randint(1, max(1, len(audiences) - 1))
    return writer.audience_block(course.topic, list(ordered(rng.sample(audiences, size))), exclude=False)


def lesson_sections(writer: Writer, course: Course, lesson: Lesson, target: int) -> list[str]:
    """The body of a lesson: sections with varied Markdown until about ``target`` words."""
    topic, rng = course.topic, writer.rng
    elements = [writer.table, writer.code, writer.admonition, rng.choice((writer.bullets, writer.steps))]
    if rng.random() < 0.4:
        elements.append(writer.checklist)
    rng.shuffle(elements)
    headings = iter(writer.headings(topic, len(HEADINGS)))
    parts = [writer.paragraph(topic, 2, 3)]
    image = rng.randrange(len(elements))
    for index, element in enumerate(elements):
        parts += [next(headings), writer.paragraph(topic, 1, 2), element(topic)]
        if index == image:
            parts.append(f"![Diagram: how the steps of {course.title} fit together](diagram.svg)")
    parts.append(lesson_links(rng, course, lesson))
    while sum(len(part.split()) for part in parts) < target:
        parts += [next(headings, "## More to know"), writer.paragraph(topic, 2, 4)]
    return parts


def lesson_page(writer: Writer, course: Course, lesson: Lesson, tiny: bool) -> tuple[str, bool]:
    """A lesson's Markdown, and whether it holds an audience block."""
    rng = writer.rng
    meta = front_matter(
        {
            "title": yaml_str(lesson.title),
            "description": yaml_str(writer.description(course.topic)),
            "duration": str(rng.randint(10, 30)),
            "audiences": yaml_list(lesson.audiences) if lesson.narrowed else None,
        }
    )
    if tiny:
        return meta + "\n" + writer.paragraph(course.topic, 1, 2) + "\n", False
    parts = lesson_sections(writer, course, lesson, rng.randint(360, 600))
    has_block = rng.random() < 1 / 3
    if has_block:
        parts.insert(rng.randint(2, len(parts) - 1), audience_block_for(writer, course, lesson))
    return meta + "\n" + "\n\n".join(parts) + "\n", has_block


def diagram_svg(course: Course, colour: str) -> str:
    """A small flow diagram of the course's steps (generic labels only: it reaches every reader)."""
    width = 40 + 150 * len(course.lessons)
    boxes = []
    for index in range(len(course.lessons)):
        x = 20 + 150 * index
        boxes.append(
            f'<rect x="{x}" y="40" width="120" height="50" rx="8" fill="{colour}"/>'
            f'<text x="{x + 60}" y="70" text-anchor="middle" fill="#fff" font-size="14">Step {index + 1}</text>'
        )
        if index:
            boxes.append(f'<path d="M{x - 30} 65h26" stroke="#555" stroke-width="2"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="110" viewBox="0 0 {width} 110" '
        f'role="img" aria-label="Course flow">'
        f'<text x="20" y="24" font-size="14" fill="#333">Course flow</text>{"".join(boxes)}</svg>\n'
    )


def help_page() -> str:
    """``content/help.md``: a plain page for every audience, with a passage per audience."""
    blocks = [
        f"/// audience | {audience}\n{AUDIENCE_NOTES[audience]} "
        f"the {audience} help desk answers within one business day; see your portal's home page.\n///"
        for audience in AUDIENCES
    ]
    meta = front_matter({"title": "Getting help", "audiences": yaml_list(AUDIENCES)})
    intro = "Where to ask questions about courses, your progress and the product itself."
    return meta + "\n" + intro + "\n\n## Your support channel\n\n" + "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- collections and audiences


def visible_to(course: Course, audiences) -> bool:
    """Whether every one of ``audiences`` sees ``course``."""
    return set(course.audiences) >= set(audiences)


SELECTED = (
    {
        "id": "finance-foundations",
        "title": "Finance team foundations",
        "audiences": AUDIENCES,
        "select": {"roles": ["accountant", "approver", "requester"], "stage": ["foundational"]},
        "badge": ("Finance Foundations", "book"),
    },
    {
        "id": "run-and-optimise",
        "title": "Run and optimise",
        "audiences": ("customers", "employees"),
        "select": {"stage": ["advanced", "maintenance"]},
        "badge": ("Ledgerly Optimiser", "chart"),
    },
    {
        "id": "developer-track",
        "title": "Developer track",
        "audiences": ("customers", "partners", "employees"),
        "select": {"roles": ["developer"], "tags": ["api", "webhooks", "erp"]},
        "badge": ("Ledgerly Developer", "code"),
    },
    {"id": "hands-on-labs", "title": "Hands-on labs", "audiences": AUDIENCES, "select": {"format": ["hands-on-lab"]}},
)
"""Collections defined by ``select`` rules."""

EXPLICIT = (
    # id, title, audiences, number of courses, badge, learning path?, role whose courses come first
    ("support-readiness", "Support readiness", ("employees",), 5, ("Support Ready", "wrench"), False, None),
    ("trial-essentials", "Trial essentials", ("trial",), 4, ("Trial Essentials", "rocket"), False, None),
    (
        "admin-path", "Administrator path", ("customers", "partners", "employees"), 6,
        ("Certified Administrator", "shield"), True, "admin",
    ),
    (
        "partner-certification", "Implementation partner certification", ("partners", "employees"), 5,
        ("Certified Implementation Partner", "handshake"), True, "consultant",
    ),
)  # fmt: skip
"""Collections and learning paths listing their courses."""


def collection_specs(rng: Random, courses: list[Course]) -> list[dict]:
    """Collections (select rules and explicit lists) and two learning paths that fit ``courses``."""
    specs = [dict(spec) for spec in SELECTED] + [explicit_spec(rng, courses, *row) for row in EXPLICIT]
    return [spec for spec in specs if spec and _selects_some(spec, courses)]


def explicit_spec(rng: Random, courses: list[Course], cid, title, audiences, size, badge, path, role) -> dict | None:
    """A collection listing up to ``size`` courses every one of ``audiences`` sees (``role`` ones first)."""
    fitting = [c for c in courses if visible_to(c, audiences)]
    preferred = [c for c in fitting if role in c.roles]
    chosen = (preferred + [c for c in fitting if c not in preferred])[:size]
    if not chosen:
        return None
    if not path:
        rng.shuffle(chosen)
    spec = {"id": cid, "title": title, "audiences": audiences, "courses": [c.id for c in chosen], "badge": badge}
    if path:
        spec.update(path=True, ribbon="required" if role == "consultant" else None)
    return spec


def _selects_some(spec: dict, courses: list[Course]) -> bool:
    """Whether a collection has at least one course (the academy rejects empty rules)."""
    if spec.get("courses"):
        return True
    rules = spec["select"]

    def matches(course: Course) -> bool:
        values = {"roles": course.roles, "stage": (course.stage,), "format": (course.format,)}
        values["level"], values["tags"] = (course.level,), course.topic.tags
        return all(set(values[key]) & set(wanted) for key, wanted in rules.items())

    return any(matches(course) for course in courses)


def collection_yaml(spec: dict, colour: str) -> str:
    """``collections/<id>.yml`` of a spec."""
    lines = [
        f"title: {yaml_str(spec['title'])}",
        f"description: {yaml_str('Courses picked for ' + spec['title'].lower() + '.')}",
        f"audiences: {yaml_list(spec['audiences'])}",
    ]
    if spec.get("path"):
        lines.append("path: true")
    if spec.get("courses"):
        lines.append(f"courses: {yaml_list(spec['courses'])}")
    if spec.get("select"):
        lines.append("select:")
        lines += [f"  {key}: {yaml_list(values)}" for key, values in spec["select"].items()]
    if spec.get("badge"):
        label, icon = spec["badge"]
        lines.append(f'badge: {{ label: {yaml_str(label)}, icon: {icon}, colour: "{colour}" }}')
    if spec.get("ribbon"):
        lines.append(f"ribbon: {spec['ribbon']}")
    return "\n".join(lines) + "\n"


AUDIENCE_META = {
    "trial": ("Ledgerly Trial Academy", "deep-orange", "amber", "Make the most of your Ledgerly trial"),
    "customers": ("Ledgerly Academy", "indigo", "teal", "Learn Ledgerly at your own pace"),
    "partners": ("Ledgerly Partner Academy", "teal", "light-green", "Deliver Ledgerly projects with confidence"),
    "employees": ("Ledgerly Internal Academy", "blue-grey", "cyan", "Know the product the way customers use it"),
}


def audience_yaml(audience: str, specs: list[dict]) -> str:
    """``audiences/<id>.yml``: title, site URL, branding, hero and featured collections."""
    title, primary, accent, hero = AUDIENCE_META[audience]
    featured = [spec["id"] for spec in specs if audience in spec["audiences"]][:4]
    lines = [
        f"title: {title}",
        f"description: Courses and learning paths for Ledgerly {audience}.",
        f"site_url: https://academy.ledgerly.example/{audience}/",
        "branding:",
        f"  palette: {{ primary: {primary}, accent: {accent} }}",
        f"  logo: branding/{audience}-logo.svg",
        f"  favicon: branding/{audience}-logo.svg",
        "hero:",
        f"  title: {hero}",
        "  text: >-",
        "    Role-based courses organised by where you are: implementing, building foundations,",
        "    going advanced or running day to day.",
        "  cta: { label: Browse the catalog, url: catalog/ }",
    ]
    if featured:
        lines.append(f"featured: {yaml_list(featured)}")
    return "\n".join(lines) + "\n"


def logo_svg(colour: str) -> str:
    """A simple square logo."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" '
        f'fill="{colour}"/><path d="M6 6h3v9h9v3H6z" fill="#fff"/></svg>\n'
    )


# --------------------------------------------------------------------------- mkdocs.yml


def taxonomies_yaml() -> str:
    """The ``taxonomies`` option of ``academy/content`` (same shape as the sample's)."""
    blocks = []
    for name, label, values, extra in (
        ("roles", "Role", ROLES, ("many: true", "required: true")),
        ("stage", "Journey stage", STAGES, ("required: true",)),
        ("level", "Level", LEVELS, ()),
        ("format", "Format", FORMATS, ()),
    ):
        lines = [
            f"        {name}:",
            f"          label: {label}",
            *(f"          {e}" for e in extra),
            "          values:",
        ]
        lines += [f"            {key}: {value}" for key, value in values.items()]
        blocks.append("\n".join(lines))
    return "      taxonomies:\n" + "\n".join(blocks) + "\n"


def mkdocs_yaml(counts: dict, search: str = "search") -> str:
    """The academy configuration: Material, ``navigation.prune``, ``search`` and the academy plugins."""
    return (
        f"# Generated by bench/generate.py: {counts['courses']} courses, {counts['lessons']} lessons.\n"
        "site_name: Ledgerly Academy (benchmark)\n"
        "docs_dir: content\nsite_dir: site\n\n"
        "theme:\n  name: material\n  font: false\n  features:\n    - navigation.prune\n\n"
        + MARKDOWN_EXTENSIONS
        + f"\nplugins:\n  - {search}\n  - academy/content:\n"
        "      audience: !ENV [ACADEMY_AUDIENCE, null]\n"
        "      cache: !ENV [ACADEMY_CACHE, true]\n"
        f"      default_audiences: {yaml_list(DEFAULT_AUDIENCES)}\n"
        '      ribbons:\n        beta: { label: Beta, colour: "#e65100" }\n'
        + taxonomies_yaml()
        + "  - academy/portal\n"
    )


def plain_yaml(counts: dict) -> str:
    """The yardstick configuration: plain Material with ``navigation.prune`` and only ``search``."""
    return (
        f"# Yardstick generated by bench/generate.py: {counts['courses']} courses, {counts['lessons']} lessons.\n"
        "# Plain Material, no academy plugins: every page once, audience blocks render as text.\n"
        "site_name: Ledgerly Academy (benchmark, plain)\n"
        "docs_dir: content\nsite_dir: site-plain\n\n"
        "theme:\n  name: material\n  font: false\n  features:\n    - navigation.prune\n\n"
        + MARKDOWN_EXTENSIONS
        + "\nplugins:\n  - search\n"
    )


# --------------------------------------------------------------------------- writing


def prepare(out: Path) -> None:
    """Empty ``out`` if it was generated before; refuse to delete anything else."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not generated by bench.generate; choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Generated by bench/generate.py; deleted and rewritten on every run.\n")


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, LF), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_courses(out: Path, writer: Writer, courses: list[Course], tiny: bool) -> dict:
    """Write every course folder; return counts of what was written."""
    counts = {"audience_blocks": 0, "narrowed_lessons": 0, "words": 0}
    for number, course in enumerate(courses):
        folder = out / "content" / "courses" / course.id
        index = course_index(writer, course, tiny)
        write(folder / "index.md", index)
        counts["words"] += len(index.split())
        if not tiny:
            write(folder / "diagram.svg", diagram_svg(course, SVG_COLOURS[number % len(SVG_COLOURS)]))
        for lesson in course.lessons:
            text, has_block = lesson_page(writer, course, lesson, tiny)
            write(folder / f"{lesson.stem}.md", text)
            counts["words"] += len(text.split())
            counts["audience_blocks"] += has_block
            counts["narrowed_lessons"] += lesson.narrowed
    return counts


def pages_per_audience(courses: list[Course]) -> dict[str, int]:
    """Markdown pages each audience's site is built from (course overviews, lessons, help)."""
    pages = {}
    for audience in AUDIENCES:
        seen = [c for c in courses if audience in c.audiences]
        pages[audience] = 1 + len(seen) + sum(1 for c in seen for lesson in c.lessons if audience in lesson.audiences)
    return pages


def generate(
    out: Path,
    lessons: int,
    *,
    plain: bool = False,
    per_course: tuple[int, int] = (3, 6),
    tiny: bool = False,
    seed: int = SEED,
    search: str = "search",
) -> dict:
    """Write an academy of ``lessons`` lessons into ``out`` and return counts of what it holds.

    ``per_course`` bounds the lessons of each course (``(1, 1)`` gives one course per lesson);
    ``tiny`` writes one-paragraph pages without images or audience blocks (for catalog-scale tests);
    ``plain`` makes ``mkdocs.yml`` the yardstick configuration (``mkdocs-plain.yml`` is always written);
    ``search`` is the search plugin of ``mkdocs.yml`` (for example ``academy/search``; the yardstick keeps
    Material's ``search``).
    """
    if lessons < 1 or not 1 <= per_course[0] <= per_course[1]:
        raise ValueError("need lessons >= 1 and 1 <= per_course[0] <= per_course[1]")
    out = Path(out)
    rng = Random(seed)
    today = dt.date(2026, 11, 1)
    courses = plan_courses(rng, lessons, per_course, today)
    prepare(out)
    counts = {"courses": len(courses), "lessons": lessons, "pages": 1 + len(courses) + lessons}
    counts.update(write_courses(out, Writer(rng), courses, tiny))
    write(out / "content" / "help.md", help_page())
    specs = collection_specs(rng, courses)
    for number, spec in enumerate(specs):
        write(out / "collections" / f"{spec['id']}.yml", collection_yaml(spec, SVG_COLOURS[number % len(SVG_COLOURS)]))
    for number, audience in enumerate(AUDIENCES):
        write(out / "audiences" / f"{audience}.yml", audience_yaml(audience, specs))
        write(out / "audiences" / "branding" / f"{audience}-logo.svg", logo_svg(SVG_COLOURS[number]))
    counts["collections"] = len(specs)
    counts["paths"] = sum(1 for spec in specs if spec.get("path"))
    counts["pages_per_audience"] = pages_per_audience(courses)
    write(out / "mkdocs-plain.yml", plain_yaml(counts))
    write(out / "mkdocs.yml", plain_yaml(counts) if plain else mkdocs_yaml(counts, search))
    return counts


def _range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.generate OUT_DIR --lessons N``."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (emptied first if generated before)")
    parser.add_argument("--lessons", type=int, required=True, help="number of lessons")
    parser.add_argument("--per-course", type=_range, default=(3, 6), metavar="LOW-HIGH", help="lessons per course")
    parser.add_argument("--tiny", action="store_true", help="one-paragraph pages, no images or audience blocks")
    parser.add_argument("--plain", action="store_true", help="make mkdocs.yml the yardstick config too")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--search", default="search", help="search plugin of mkdocs.yml, e.g. academy/search")
    args = parser.parse_args(argv)
    counts = generate(
        args.out,
        args.lessons,
        plain=args.plain,
        per_course=args.per_course,
        tiny=args.tiny,
        seed=args.seed,
        search=args.search,
    )
    print(json.dumps(counts, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
