"""A text that reads back whole as UTF-8 is repaired in one round trip, as the engine would."""

from __future__ import annotations

import random

import pytest

import garble
import mojifix
from mojifix import whole

PARAGRAPHS = list(garble.load())
CODECS = ("gbk", "gb18030", "big5", "shift_jis", "cp932", "euc_kr", "cp949", "euc_jp")


def _document(codec: str, seed: int, size: int = 30) -> tuple[str, str]:
    """(original, garbled) of a document of paragraphs that one codec read losslessly."""
    cases = [(t, g) for _, t in PARAGRAPHS if (g := garble.garble(t, [("utf-8", codec)])) and g != t]
    picked = random.Random(seed).sample(cases, size)
    return "\n\n".join(t for t, _ in picked), "\n\n".join(g for _, g in picked)


@pytest.mark.parametrize("codec", CODECS)
def test_a_document_read_with_the_wrong_codec_is_read_back_whole(codec: str) -> None:
    original, garbled = _document(codec, seed=len(codec))
    result = mojifix.explain(garbled)
    assert result.text == original
    assert mojifix.repair(garbled) == original
    for change in result.changes:
        assert garbled[change.input_start : change.input_end] == change.original
        assert result.text[change.output_start : change.output_end] == change.repaired
        assert change.chain[0] == "utf-8" and 0.9 <= change.confidence <= 1.0


def test_each_run_of_non_ascii_characters_is_one_change() -> None:
    text = "It’s China’s “Lifelong Learning plan: 文字 and the world’s words\n" * 60
    garbled = text.encode("utf-8").decode("gbk")
    result = mojifix.explain(garbled)
    assert result.text == text
    runs = [m.group() for m in whole._NON_ASCII.finditer(garbled)]
    assert [c.original for c in result.changes] == runs
    assert result.changes[0].repaired == "’s"  # GBK read ’'s last byte with the s
    assert {c.layers for c in result.changes} == {(("utf-8", "gbk"),)}


def test_a_run_that_took_an_ascii_byte_reads_back_with_it() -> None:
    # Shift_JIS reads č (C4 8D) before `e` as `ﾄ` and the pair 8D 65: the run holds
    # the ASCII letter, so runs no longer pair off by the ASCII between them.
    text = "\n\n".join(["Příliš mnoho otevřených souborů", "Chyba při čtení znaku klávesnice"] * 30)
    garbled = garble.garble(text, [("utf-8", "shift_jis")])
    assert garbled is not None
    result = mojifix.explain(garbled)
    assert result.text == text
    assert "ře" in {c.repaired for c in result.changes}
    for change in result.changes:
        assert garbled[change.input_start : change.input_end] == change.original
        assert result.text[change.output_start : change.output_end] == change.repaired


def test_clean_text_and_a_garbled_paragraph_are_not_read_back_whole() -> None:
    clean = "这是一段正常的中文文本，不应该被修改。" * 5
    bad = "“Lifelong” learning is China’s priority, 中文字符.".encode().decode("gbk", "replace")
    text = "\n\n".join([clean, bad, clean] * 30)
    assert whole.read_back(text) is None
    fixed = mojifix.repair(text)
    assert fixed.count(clean) == 60
    assert "鈥" not in fixed


def test_a_reading_another_family_gives_too_is_left_to_the_engine() -> None:
    # Spanish `ú` read as EUC-JP reads back through Big5 as well, otherwise.
    garbled = "Bloq Mayús, Alt+Bloq Mayús realiza la acción original".encode().decode("euc_jp")
    assert whole.read_back(garbled) is None
    assert mojifix.repair(garbled) == "Bloq Mayús, Alt+Bloq Mayús realiza la acción original"


@pytest.mark.parametrize(
    "text", ["中文字符是一种常见的文本。" * 300, "日本語のテキスト、" * 400, "한국어 텍스트" * 500]
)
def test_clean_cjk_does_not_read_back(text: str) -> None:
    assert whole.read_back(text) is None
    assert not whole.probe(text)
    assert mojifix.repair(text) == text


def test_a_text_with_japanese_windows_marks_is_left_to_the_engine() -> None:
    # .NET through cp932 marks a pair it cannot read with `・` (81 45), which reads back
    # as UTF-8 with the lead before it: `ﾄ・` would become `āE`, not ě and a lost byte.
    text = "Vybraný den pro zrušení výběru aktuálně vybraného dne"
    garbled = garble.garble_lossy(text, "cp932", "dotnet")
    assert "・" in garbled
    assert whole.read_back(garbled) is None
    assert mojifix.repair(garbled) == text


def test_a_text_cut_short_at_its_end_is_read_back_but_for_its_last_character() -> None:
    # A field cut at a byte limit: the last character lost its last byte.
    text = "中文字符" * 300
    garbled = text.encode("utf-8")[:-1].decode("gb18030", "ignore")
    assert garbled == text.encode("utf-8").decode("gb18030")[:-1]
    assert whole.read_back(garbled) is None
    cut = whole.cut_end(garbled)
    assert cut is not None and len(garbled) - cut <= whole.TAIL + 8
    result = mojifix.explain(garbled)
    assert result.text[:-1] == text[:-1]
    assert result.text[-1] in ("符", "\ufffd")
    assert mojifix.repair(garbled) == result.text
    for change in result.changes:
        assert garbled[change.input_start : change.input_end] == change.original
        assert result.text[change.output_start : change.output_end] == change.repaired


def test_a_line_with_no_space_is_probed_too() -> None:
    garbled = ("中文字符" * 300).encode("utf-8").decode("gb18030")
    assert whole.probe(garbled)
    assert mojifix.repair(garbled) == "中文字符" * 300
