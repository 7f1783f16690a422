"""The words of every page, read once for all audiences' isolation audits, and kept between builds.

Each audience's audit index reads the text it must not receive (the bodies of pages hidden from
it) and the text it reads (its pages as rendering writes them). Audiences overlap: read per
audience, the academy's text would be read once per audience, most of a build's audit cost and
all of what one more audience costs. Read here once, before the audiences' processes are
forked, each index finds them ready as texts of digests (``audit.index.remember``); kept in the
cache by the digest of each text, an unchanged page is not read again in the next build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .. import __version__
from ..audit.index import blob, reading_of, remember, unit_key, unit_text
from ..audit.units import Unit, legit_page_unit, theme_units
from ..core.model import Academy
from .cache import Cache, ShardedMap, digest
from .forked import in_workers, inherited

NAMESPACE = "words"
FORMAT = 2
"""Bump when how words are kept changes."""
WORTH_A_WORKER = 100
"""Texts to read per worker below which reading them here is quicker than starting workers."""


def _texts(academy: Academy, audiences: list[str]) -> dict[str, tuple[Unit, bool]]:
    """The large texts the audiences' indexes will read, by the name they are kept under."""
    chosen = set(audiences)
    found: dict[str, tuple[Unit, bool]] = {}
    for doc in academy.docs.values():
        if chosen - doc.readers:  # hidden from one of them: its body is text it must not receive
            unit = Unit(doc.source, doc.body, "markdown")
            found[_name(unit, True)] = (unit, True)
        for audience in chosen & doc.readers:
            reading = doc.readings.get(audience)
            if reading is not None:
                unit = legit_page_unit(doc.source, reading.html, reading.markdown)
                found.setdefault(_name(unit, False), (unit, False))
    return found


def _name(unit: Unit, prose: bool) -> str:
    kind, prose_flag, text = unit_key(unit, prose=prose)
    return f"{kind}:{int(prose_flag)}:{text}"


def joined_words(unit: Unit, *, prose: bool = False) -> str:
    """The words of ``unit`` as they are kept: space-separated (a word holds no space)."""
    return " ".join(reading_of(unit, prose=prose).words())


def _read(names: list[str]) -> list[tuple[str, str]]:
    texts = inherited(None)
    return [(name, joined_words(texts[name][0], prose=texts[name][1])) for name in names]


def prepare_audit_words(
    academy: Academy,
    audiences: list[str],
    cache: Cache,
    jobs: int,
    say: Callable[[str], None] | None = None,
    theme: Iterable[str] = (),
) -> int:
    """Read the words of every large text the audiences' audits need, and of ``theme`` (what the
    theme prints on every site); returns how many large texts were read now.

    ``say`` is told first when there are enough to read in workers.
    """
    import numpy  # noqa: F401 - every audience's index sorts with it: imported once, before the fork

    for unit in theme_units(theme):  # a few hundred templates: read here in less time than a cache lookup of each
        unit_text(unit)
    texts = _texts(academy, audiences)
    store = ShardedMap(cache, NAMESPACE, digest(NAMESPACE, FORMAT, __version__))
    words: dict[str, Any] = {name: store.before[name] for name in texts if isinstance(store.before.get(name), str)}
    missing = [name for name in texts if name not in words]
    if jobs > 1 and len(missing) >= WORTH_A_WORKER * jobs:
        if say is not None:
            say(f"Reading the words of {len(missing)} page texts for the isolation audits, with {jobs} worker(s) ...")
        for found in in_workers(_read, missing, jobs, texts):
            words.update(found)
    else:
        words.update((name, joined_words(texts[name][0], prose=texts[name][1])) for name in missing)
    remember(
        {
            unit_key(texts[name][0], prose=texts[name][1]): blob(value.split(" ")) if value else b""
            for name, value in words.items()
        }
    )
    store.save(words)
    return len(missing)
