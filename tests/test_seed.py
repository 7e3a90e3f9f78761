"""The seed article: UTF-8 read as GBK, with closing quotes whose last byte was dropped."""

from __future__ import annotations

import mojifix
from conftest import CORPUS

GARBLED = (CORPUS / "seed" / "unesco-tianjin-2023.garbled.txt").read_text(encoding="utf-8")
EXPECTED = (CORPUS / "seed" / "unesco-tianjin-2023.expected.txt").read_text(encoding="utf-8")


def test_seed_repaired_exactly() -> None:
    assert mojifix.repair(GARBLED) == EXPECTED


def test_seed_keeps_nbsp() -> None:
    assert mojifix.repair(GARBLED).count("\xa0") == GARBLED.count("\xa0") > 0


def test_seed_explanation_reports_inferred_bytes() -> None:
    result = mojifix.explain(GARBLED)
    assert result.text == EXPECTED
    inferred = [c for c in result.changes if c.lost]
    assert len(inferred) == 3
    for change in inferred:
        assert change.repaired == "”"
        assert change.lost[0].inferred and change.lost[0].pattern == "dropped"
        assert change.lost[0].known == b"\xe2\x80"
        assert 0 < change.confidence < 1
    lossless = [c for c in result.changes if not c.lost]
    assert {c.chain for c in lossless} == {("utf-8", "gbk")}
    for c in result.changes:
        assert GARBLED[c.input_start : c.input_end] == c.original
        assert result.text[c.output_start : c.output_end] == c.repaired


def test_seed_repair_is_idempotent() -> None:
    assert mojifix.repair(EXPECTED) == EXPECTED
