"""Finding phrases in a text of digests: the array search against the plain definition.

``matcher.absent`` sorts the corpus by pairs of words and compares phrases at every place of their
rarest pair, whole arrays at a time. Here a plain walk says what it must answer: a phrase is held
when it stands in the corpus at a word's start; its anchor is its pair found least often (a pair
holding a number last, the earliest of equals). Words come from a tiny vocabulary, so phrases are
often held, pairs recur, and phrases meet the corpus's ends and its separators.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.audit import matcher
from academy.audit.matcher import SEP, TOKEN

NUMBER = b"\x01" * TOKEN
VOCABULARY = [bytes([n]) * TOKEN for n in range(2, 7)] + [NUMBER]
_WORDS = st.lists(st.sampled_from([*VOCABULARY, SEP]), max_size=60).map(b"".join)
_PHRASE = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=9).map(b"".join)


def _held(corpus: bytes, phrase: bytes) -> bool:
    return any(corpus.startswith(phrase, at) for at in range(0, len(corpus), TOKEN))


def _anchor(corpus: bytes, phrase: bytes) -> bytes:
    if len(phrase) == TOKEN:
        return phrase
    pairs = [phrase[at : at + 2 * TOKEN] for at in range(0, len(phrase) - TOKEN, TOKEN)]
    count = [sum(corpus.startswith(pair, at) for at in range(0, len(corpus), TOKEN)) for pair in pairs]
    numbered = [pair.startswith(NUMBER) or pair.endswith(NUMBER) for pair in pairs]
    return pairs[min(range(len(pairs)), key=lambda n: (count[n], numbered[n]))]


@settings(max_examples=400, deadline=None)
@given(corpus=_WORDS, phrases=st.lists(_PHRASE, max_size=12))
def test_absent_answers_as_the_plain_walk(corpus, phrases):
    expected = [(at, _anchor(corpus, phrase)) for at, phrase in enumerate(phrases) if not _held(corpus, phrase)]
    assert matcher.absent(corpus, phrases, NUMBER) == expected


@settings(max_examples=100, deadline=None)
@given(phrases=st.lists(_PHRASE, min_size=1, max_size=12), copies=st.integers(1, 40))
def test_a_phrase_found_at_many_places_is_compared_in_parts(phrases, copies):
    """Places are compared a bounded number at a time: the answer does not depend on the bound."""
    corpus = SEP.join(phrases * copies)
    wanted = phrases + [phrase + VOCABULARY[0] for phrase in phrases]
    whole = matcher.absent(corpus, wanted, NUMBER)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher, "_CHUNK", 3)
        assert matcher.absent(corpus, wanted, NUMBER) == whole
