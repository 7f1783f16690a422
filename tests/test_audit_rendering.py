"""The audit reads what the audience reads as rendering writes it: no false alarm from a feature.

A sentence an audience reads through any Markdown feature (a footnote, an emoji between words,
an abbreviation, a tab's label, an admonition's title …) and that a page hidden from it also
holds is the audience's own text: building its site must not fail on it. The same sentence
where the audience does not read it is still found (``test_audit.py`` and the leak tests).
"""

from __future__ import annotations

import pytest

from academy.audit import index as index_module
from academy.core.load import load_academy
from academy.plugins.project import load_mkdocs_config
from academy.plugins.settings import settings_from
from academy.speed.audit_words import prepare_audit_words
from academy.speed.cache import Cache
from conftest import REPO
from sites import audit_index, write_academy
from test_cache import MATERIAL_EXTENSIONS

SENTENCE = "Rotate the signing keys every quarter before the audit window closes"

FEATURES = {
    "footnote": f"Keys matter.[^1]\n\n[^1]: {SENTENCE}.\n",
    "emoji between words": "Rotate the signing keys :smile: every quarter before the audit window closes.\n",
    "emoji opening a sentence": f":material-check: {SENTENCE}.\n",
    "abbreviation": f"Use SSO.\n\n*[SSO]: {SENTENCE}\n",
    "tab label": f'=== "{SENTENCE}"\n\n    Inside the tab.\n\n=== "Other"\n\n    More.\n',
    "admonition title": f'!!! note "{SENTENCE}"\n\n    Inside.\n',
    "details title": f'??? tip "{SENTENCE}"\n\n    Inside.\n',
    "definition list": f"Signing keys\n:   {SENTENCE}.\n",
    "table cell": f"| Task | When |\n| --- | --- |\n| {SENTENCE} | Q1 |\n",
    "critic insertion": f"{{++{SENTENCE}++}}\n",
    "caret, mark, tilde": "Rotate ^^the signing^^ keys ==every quarter== before ~~the~~ audit window closes.\n",
    "keys": "Press ++ctrl+alt+del++ to rotate the signing keys every quarter before the audit window closes.\n",
    "link title": f'[Keys](01-first.md "{SENTENCE}")\n',
    "attribute title": f'Keys {{ title="{SENTENCE}" }}\n',
    "markdown in html": (
        "<div markdown>\n**Rotate** the signing keys every quarter before the audit window closes.\n</div>\n"
    ),
    "smart symbols": "Rotate the signing keys (c) every quarter before the audit window closes --> done.\n",
}


@pytest.mark.parametrize("body", FEATURES.values(), ids=FEATURES.keys())
def test_text_the_audience_reads_through_any_feature_is_never_a_leak(tmp_path, academy_cli, body):
    config = write_academy(
        tmp_path,
        {
            "content/courses/basics/02-feature.md": f"---\ntitle: Feature\n---\n{body}",
            "content/courses/staff/index.md": (
                "---\ntitle: Staff runbook\nroles: [admin]\nstage: advanced\naudiences: [staff]\n---\n"
                f"{SENTENCE}, and log the rotation in the staff runbook.\n"
            ),
        },
    )
    text = config.read_text()
    config.write_text(text[: text.index("markdown_extensions:")] + MATERIAL_EXTENSIONS)
    run = academy_cli("build", "--audience", "customers", "--jobs", "1")
    assert run.code == 0, run.output


def test_words_read_ahead_for_all_audiences_give_the_same_indexes(tmp_path):
    """The index an audience's build makes from words read ahead equals the one it reads itself."""
    config = load_mkdocs_config(REPO / "mkdocs.yml")
    academy, problems = load_academy(settings_from(config, config.plugins["academy/content"].config))
    assert problems == []
    audiences = sorted(academy.audiences)

    def indexes():
        return [audit_index(academy, audience, "/") for audience in audiences]

    index_module._KNOWN.clear()
    alone = indexes()
    assert prepare_audit_words(academy, audiences, Cache(tmp_path / "cache"), 1) > 0
    assert len(index_module._KNOWN) > len(academy.docs)
    ahead = indexes()
    assert prepare_audit_words(academy, audiences, Cache(tmp_path / "cache"), 1) == 0  # all kept
    index_module._KNOWN.clear()
    for mine, theirs in zip(ahead, alone, strict=True):
        assert (mine.phrases, mine.paths, mine.copies, mine.owners, mine.legitimate) == (
            theirs.phrases,
            theirs.paths,
            theirs.copies,
            theirs.owners,
            theirs.legitimate,
        )
