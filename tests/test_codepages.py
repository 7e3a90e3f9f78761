"""Legacy single-byte pages read as cp1252: `Ïðèâåò` for Привет."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import garble
import mojifix
from mojifix import codepages


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Привет, мир! Это тест.", "cp1251"),
        ("Файл не найден: проверьте путь", "koi8_u"),
        ("Ο χρόνος λήξης σε δευτερόλεπτα", "cp1253"),
        ("הכנס ערך חדש, או לחץ ENTER", "cp1255"),
        ("قفل الحروف الكبيرة للحصول على إجراء", "cp1256"),
        ("nie można zapisać pliku, ponieważ dysk jest pełny", "cp1250"),
    ],
)
def test_a_legacy_page_read_as_cp1252_is_read_in_its_page(text: str, codec: str) -> None:
    garbled = text.encode(codec).decode("cp1252")
    assert garbled != text
    result = mojifix.explain(garbled)
    assert result.text == text
    page = next(name for name, (python, _) in codepages.CODE_PAGES.items() if python == codec)
    assert {c.layers for c in result.changes} == {((page, "windows-1252"),)}
    assert all(0.5 <= c.confidence < 1 for c in result.changes)


def test_no_cjk_reading_of_cyrillic_soup() -> None:
    # Before: `厥外奄`, a GBK reading of the same bytes.
    assert mojifix.repair("Ïðèâåò") == "Привет"
    # Too little to prove a page: left as it is.
    assert codepages.swaps("Ýòî") == []


def test_text_that_is_utf8_or_legacy_cjk_is_no_legacy_page() -> None:
    for text in ["Ã©tÃ© Ã  Paris", "å¼ ä¸‰", "ÖÐÎÄ", "ÎÄ¼þ", "¾È³çÇÏ¼¼¿ä", "Ã¤Ã¶Ã¼ÃŸ", "café señor déjà vu"]:
        assert codepages.swaps(text) == [], text


def test_the_corpus_clean_and_other_garbles_prove_no_page() -> None:
    clean = [t for _, t in garble.load()]
    assert [t for t in clean if codepages.swaps(t)] == []
    others = [bad for chain in garble.CHAINS for _, _, bad in itertools.islice(garble.cases(chain), 400)]
    assert [t for t in others if codepages.swaps(t)] == []


_LATIN = [t for lang, t in garble.load() if lang in ("fr", "de", "es", "pt", "it", "nl", "sv", "fi", "en")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LATIN), min_size=1, max_size=4), st.integers(0, 40), st.integers(1, 60))
def test_latin1_text_in_pieces_proves_no_page(paragraphs: list[str], start: int, length: int) -> None:
    # Any piece of real Latin-1 text, cut anywhere, is no legacy page read as cp1252.
    text = " ".join(p[start : start + length] for p in paragraphs)
    assert codepages.swaps(text) == []
