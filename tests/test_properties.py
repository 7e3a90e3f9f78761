"""Property tests (hypothesis) on real paragraphs from the corpus."""

from __future__ import annotations

import os

from benchmarks.accuracy import edits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import garble
import mojifix

PARAGRAPHS = [text for _, text in garble.load()]
CJK_CHAINS = [
    [("utf-8", "gbk")],
    [("utf-8", "gb18030")],
    [("utf-8", "big5")],
    [("utf-8", "cp932")],
    [("utf-8", "shift_jis")],
    [("utf-8", "euc_kr")],
    [("utf-8", "cp949")],
    [("utf-8", "euc_jp")],
]
MANY = int(os.environ.get("MOJIFIX_PROPERTY_EXAMPLES", "10000"))
FEW = max(200, MANY // 20)
SLOW_OK = [HealthCheck.too_slow]


@settings(max_examples=MANY, deadline=None, suppress_health_check=SLOW_OK)
@given(st.text())
def test_never_raises_on_any_str(text: str) -> None:
    result = mojifix.explain(text)
    assert isinstance(result.text, str)
    for c in result.changes:
        assert text[c.input_start : c.input_end] == c.original
        assert 0.0 <= c.confidence <= 1.0


@settings(max_examples=FEW, deadline=None, suppress_health_check=SLOW_OK)
@given(st.sampled_from(PARAGRAPHS))
def test_clean_paragraph_unchanged(text: str) -> None:
    assert mojifix.repair(text) == text


@settings(max_examples=FEW, deadline=None, suppress_health_check=SLOW_OK)
@given(st.sampled_from(PARAGRAPHS), st.sampled_from(CJK_CHAINS))
def test_repair_never_moves_away_from_original(text: str, chain: list[tuple[str, str]]) -> None:
    bad = garble.garble(text, chain)
    if bad is None:
        return  # not lossless for this paragraph
    fixed = mojifix.repair(bad)
    assert edits(fixed, text) <= edits(bad, text)


@settings(max_examples=FEW, deadline=None, suppress_health_check=SLOW_OK)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_repair_is_idempotent(text: str) -> None:
    once = mojifix.repair(text)
    assert mojifix.repair(once) == once
