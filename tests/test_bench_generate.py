"""The benchmark generator: today's academy unchanged, and every shape a valid academy."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import statistics
from pathlib import Path

import pytest
from bench.generate import (
    AUDIENCES,
    FEATURES,
    MAX_AUDIENCES,
    MIN_AUDIENCES,
    SHAPES,
    audience_ids,
    generate,
)
from bench.generate import main as generate_main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.cli.main import main as academy_main
from academy.speed import audit_words
from sites import site_bytes

# Hashes of the trees the generator wrote before it had shape options (generate(out, 60) and
# generate(out, 60, tiny=True)): without options it must keep writing exactly these.
DEFAULT_60 = "d5886282b674925092bf2159c72f5323fc55dd0869d5647af616fdfd0748a120"
TINY_60 = "86b4411031bae1b71afbdd017e7d2be20e2706c030dec1f697b33b485cb7473e"

LINK = re.compile(r"\]\(\.\./[^)]+\.md\)")
BLOCK = re.compile(r"^/// audience \| (?P<ids>[^\n]*)\n(?P<body>.*?)\n///$", re.M | re.S)
EMOJI_CONFIG = (
    "  - pymdownx.emoji:\n"
    "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
)


def tree_hash(root: Path) -> str:
    """One digest of every file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def check(folder: Path) -> tuple[int, str]:
    """``academy check`` run in-process in ``folder``: exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = academy_main(["-f", "mkdocs.yml", "check"])
    return code, out.getvalue() + err.getvalue()


def lessons_of(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content" / "courses").glob("*/*.md") if p.name != "index.md")


def test_without_options_the_tree_is_what_it_always_was(tmp_path):
    generate(tmp_path / "a", 60)
    generate(tmp_path / "tiny", 60, tiny=True)
    generate(tmp_path / "shape", 60, **SHAPES["default"])
    assert tree_hash(tmp_path / "a") == DEFAULT_60
    assert tree_hash(tmp_path / "tiny") == TINY_60
    assert tree_hash(tmp_path / "shape") == DEFAULT_60


def test_the_same_options_give_the_same_tree(tmp_path):
    generate(tmp_path / "one", 30, **SHAPES["long"])
    generate(tmp_path / "two", 30, **SHAPES["long"])
    assert tree_hash(tmp_path / "one") == tree_hash(tmp_path / "two")


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_passes_academy_check(tmp_path, shape):
    counts = generate(tmp_path / shape, 40, **SHAPES[shape])
    code, output = check(tmp_path / shape)
    assert code == 0, output
    assert f"OK: {SHAPES[shape]['audiences']} audiences" in output
    assert len(counts["pages_per_audience"]) == SHAPES[shape]["audiences"]


def test_the_long_shape_builds(tmp_path):
    """The long shape uses every feature; the isolation audit of a real build must accept it."""
    out = tmp_path / "long"
    generate(out, 27, **SHAPES["long"])
    with contextlib.chdir(out), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = academy_main(["build", "--quiet", "--site-dir", str(tmp_path / "site")])
    assert code == 0
    page = next((tmp_path / "site" / "employees" / "courses").glob("*/02-*/index.html")).read_text()
    assert 'class="twemoji"' in page and "tabbed-set" in page and 'class="footnote"' in page


def _build(project: Path, *args: str) -> int:
    with (
        contextlib.chdir(project),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        return academy_main(["build", "--quiet", *args])


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_builds_the_same_cached_uncached_serial_and_parallel(tmp_path, shape):
    """Differential, per shape: a parallel build with an empty cache, the same again with the
    cache full, and a serial build without cache write the same bytes for every audience."""
    out = tmp_path / shape
    generate(out, 18, **SHAPES[shape])
    cache = str(tmp_path / "cache")
    assert _build(out, "--jobs", "2", "--cache-dir", cache, "--site-dir", str(tmp_path / "cold")) == 0
    assert _build(out, "--jobs", "2", "--cache-dir", cache, "--site-dir", str(tmp_path / "warm")) == 0
    assert _build(out, "--jobs", "1", "--no-cache", "--site-dir", str(tmp_path / "plain")) == 0
    audiences = sorted(path.name for path in (tmp_path / "plain").iterdir() if path.is_dir())
    assert len(audiences) == SHAPES[shape]["audiences"]
    for audience in audiences:
        plain = site_bytes(tmp_path / "plain" / audience)
        assert site_bytes(tmp_path / "cold" / audience) == plain, audience
        assert site_bytes(tmp_path / "warm" / audience) == plain, audience


@pytest.mark.slow
def test_a_cold_build_parses_each_page_once_and_builds_what_a_build_without_cache_does(tmp_path, monkeypatch):
    """Differential: a cold build reads the pages it analyses from their renderings, which the
    audiences then take (none is rendered again); its sites are the bytes of a --no-cache build."""
    out = tmp_path / "long"
    generate(out, 45, **SHAPES["long"])
    monkeypatch.setattr(audit_words, "WORTH_A_WORKER", 1)  # the words too are read in workers, as in a large build
    printed = io.StringIO()
    with contextlib.chdir(out), contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        code = academy_main(["build", "--jobs", "2", "--cache-dir", str(tmp_path / "cache"), "--site-dir", "cold"])
    assert code == 0
    # Every reading was rendered while it was analysed: none was left for the shared rendering.
    found = r"Rendered (\d+) of \1 distinct page texts \(0 from the cache, \1 while analysing them\)"
    assert re.search(found, printed.getvalue()), printed.getvalue()
    # A first build says what it is doing before its longest silent phases.
    assert re.search(r"^Reading \d+ new or changed pages, rendering each as it is read", printed.getvalue(), re.M)
    assert re.search(r"^Reading the words of \d+ page texts for the isolation audits", printed.getvalue(), re.M)
    assert _build(out, "--jobs", "1", "--no-cache", "--site-dir", str(tmp_path / "plain")) == 0
    for audience in sorted(path.name for path in (tmp_path / "plain").iterdir() if path.is_dir()):
        assert site_bytes(out / "cold" / audience) == site_bytes(tmp_path / "plain" / audience), audience
    # One audience, as a CI job of the audience matrix builds it: the others' readings are only parsed.
    one = ["--audience", "trial", "--cache-dir", str(tmp_path / "cache-trial"), "--site-dir", str(tmp_path / "trial")]
    assert _build(out, "--jobs", "2", *one) == 0
    assert site_bytes(tmp_path / "trial" / "trial") == site_bytes(tmp_path / "plain" / "trial")


options = st.fixed_dictionaries(
    {
        "per_course": st.integers(1, 8).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 15))),
        "words": st.integers(100, 1500).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 2000))),
        "features": st.lists(st.sampled_from(FEATURES), unique=True).map(tuple),
        "links": st.sampled_from((0.0, 0.5, 1.0, 2.0, 3.5)),
        "blocks": st.floats(0, 1),
        "narrowing": st.floats(0, 1),
        "audiences": st.integers(MIN_AUDIENCES, MAX_AUDIENCES),
        "seed": st.integers(0, 10**6),
    }
).flatmap(lambda o: st.sampled_from((None, *audience_ids(o["audiences"]))).map(lambda a: {**o, "block_audience": a}))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=options, lessons=st.integers(30, 45))
def test_any_combination_of_options_passes_academy_check(tmp_path_factory, options, lessons):
    out = tmp_path_factory.mktemp("combo") / "academy"
    counts = generate(out, lessons, **options)
    code, output = check(out)
    assert code == 0, output
    assert counts["lessons"] == lessons == len(lessons_of(out))


def test_cross_course_links_of_both_kinds(tmp_path):
    out = tmp_path / "links"
    counts = generate(out, 40, links=2, blocks=0.5)
    in_blocks = plain = 0
    for path in lessons_of(out):
        text = path.read_text()
        blocks = [m for m in BLOCK.finditer(text) if LINK.search(m.group("body"))]
        in_blocks += sum(len(LINK.findall(m.group("body"))) for m in blocks)
        plain += len(LINK.findall(BLOCK.sub("", text)))
        for block in blocks:  # a link in a block is for some readers only: the block names fewer
            front = text.split("---")[1]
            readers = re.search(r"^audiences: \[(.*)\]$", front, re.M)
            course = (path.parent / "index.md").read_text()
            readers = readers or re.search(r"^audiences: \[(.*)\]$", course, re.M)
            named = {a.strip() for a in block.group("ids").split(",")}
            assert named < {a.strip() for a in readers.group(1).split(",")}
    assert in_blocks == counts["cross_course_links_in_blocks"] > 0
    assert plain == counts["cross_course_links"] - in_blocks > 0
    assert check(out)[0] == 0


def test_links_in_blocks_need_blocks_and_follow_the_block_audience(tmp_path):
    assert generate(tmp_path / "none", 40, links=2, blocks=0)["cross_course_links_in_blocks"] == 0
    assert generate(tmp_path / "zero", 40, links=0)["cross_course_links"] == 0
    counts = generate(tmp_path / "employees", 60, links=2, blocks=0.5, block_audience="employees")
    assert counts["cross_course_links_in_blocks"] > 0
    labels = {m.group("ids") for p in lessons_of(tmp_path / "employees") for m in BLOCK.finditer(p.read_text())}
    assert labels == {"employees"}


@pytest.mark.parametrize("count", (2, 3, 4, 5, 12, 24))
def test_audiences(tmp_path, count):
    out = tmp_path / "academy"
    counts = generate(out, 200, audiences=count)
    files = sorted(p.stem for p in (out / "audiences").glob("*.yml"))
    assert len(files) == count == len(counts["pages_per_audience"])
    assert set(files) == set(audience_ids(count)) and "employees" in files
    if count >= 4:
        assert set(AUDIENCES) <= set(files)
    pages = counts["pages"]
    for audience, seen in counts["pages_per_audience"].items():  # each sees a good part of the catalog
        assert seen >= pages * (0.1 if audience == "trial" else 0.25), (audience, seen, pages)
    for audience in files:
        text = (out / "audiences" / f"{audience}.yml").read_text()
        assert re.search(r"^featured: \[.+\]$", text, re.M), audience
    code, output = check(out)
    assert code == 0, output


@pytest.mark.parametrize(("words", "features"), [((300, 500), ()), ((600, 1200), FEATURES), ((1500, 2000), FEATURES)])
def test_lesson_length_follows_words(tmp_path, words, features):
    generate(tmp_path / "a", 30, words=words, features=features)
    lengths = [len(p.read_text().split()) for p in lessons_of(tmp_path / "a")]
    low, high = words
    assert low * 0.9 <= statistics.median(lengths) <= high * 1.1


def test_features(tmp_path):
    generate(tmp_path / "none", 30, features=())
    bare = "\n".join(p.read_text() for p in lessons_of(tmp_path / "none"))
    for sign in ("```", "!!! ", "|---|", "diagram.svg", '=== "', ":material-", "[^1]"):
        assert sign not in bare
    assert not list((tmp_path / "none").rglob("diagram.svg"))
    generate(tmp_path / "all", 30, features=FEATURES)
    rich = "\n".join(p.read_text() for p in lessons_of(tmp_path / "all"))
    for sign in ("```", "!!! ", "|---|", "diagram.svg", '=== "', ":material-", ":smile:", "[^1]: "):
        assert sign in rich
    for config in ("mkdocs.yml", "mkdocs-plain.yml"):
        text = (tmp_path / "all" / config).read_text()
        assert EMOJI_CONFIG in text and "  - pymdownx.tabbed:\n      alternate_style: true\n" in text
        assert "pymdownx.emoji" not in (tmp_path / "none" / config).read_text()


def test_command_line(tmp_path, capsys):
    out = tmp_path / "cli"
    args = [str(out), "--lessons", "45", "--shape", "wide", "--per-course", "3-15", "--words", "300-2000"]
    args += ["--features", "tabs,emoji,code", "--links", "1.5", "--blocks", "0.5", "--audiences", "6"]
    assert generate_main(args) == 0
    assert '"lessons": 45' in capsys.readouterr().out
    assert len(list((out / "audiences").glob("*.yml"))) == 6
    assert "pymdownx.tabbed" in (out / "mkdocs-plain.yml").read_text()
    assert check(out)[0] == 0
    for bad in (["--per-course", "6-3"], ["--words", "many"], ["--features", "tabs,videos"], ["--blocks", "2"],
                ["--audiences", "25"], ["--block-audience", "nobody"]):  # fmt: skip
        with pytest.raises(SystemExit) as error:
            generate_main([str(tmp_path / "bad"), "--lessons", "10", *bad])
        assert error.value.code == 2
