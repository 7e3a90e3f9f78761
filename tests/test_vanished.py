"""Characters lost whole: runs of U+FFFD in Latin-script text (`mojifix.vanished`)."""

from __future__ import annotations

import pytest
from benchmarks.accuracy import edits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import garble
import mojifix

# Decoders that write U+FFFD for every byte of a character they cannot read: ASCII for
# all of UTF-8's non-ASCII ones, Big5, EUC-KR and EUC-JP for General Punctuation's E2 80.
WHOLE_LOSERS = ["ascii", "big5", "euc_kr", "euc_jp"]
LATIN_PARAGRAPHS = [text for lang, text in garble.load() if garble.latin_script(lang)]


@pytest.mark.parametrize("codec", [*WHOLE_LOSERS, "cp949"])
@pytest.mark.parametrize(
    "text",
    [
        "He said “hello” and it’s “fine”.",
        "Le répertoire n’a pas été créé.",
        "Die Größe der Datei wurde geändert.",
        "Nie można otworzyć pliku źródłowego.",
        "Ayarlar dosyası okunamadı.",
        "Não foi possível abrir o ficheiro.",
    ],
)
def test_lost_characters_come_back(text: str, codec: str) -> None:
    bad = text.encode("utf-8").decode(codec, "replace")
    assert mojifix.repair(bad) == text


def test_cp949_reads_the_last_byte_with_the_next_letter() -> None:
    # “ before `h` is E2 80 9C 68: cp949 loses E2 80 and reads 9C 68 as one syllable.
    bad = "He said “hello”.".encode().decode("cp949", "replace")
    assert "쐆" in bad
    assert mojifix.repair(bad) == "He said “hello”."


def test_cp949_reads_a_letters_last_byte_with_the_next_letter() -> None:
    # ț before `i` is C8 9B 69: cp949 loses C8 and reads 9B 69 as one syllable.
    text = "Opțiunea nu este validă. Setări și configurații."
    bad = text.encode().decode("cp949", "replace")
    assert "\ufffd쌻" in bad
    assert mojifix.repair(bad) == text


def test_explain_names_the_layer_and_the_guess() -> None:
    bad = "caf\ufffd\ufffd and na\ufffd\ufffdve"
    result = mojifix.explain(bad)
    assert result.text == "café and naïve"
    for change in result.changes:
        assert change.layers == (("utf-8", "ascii"),)
        (lost,) = change.lost
        assert lost.pattern == "replaced" and lost.known == b""
        assert lost.method.startswith("makes the word")
    big5 = mojifix.explain("The caf矇 said \ufffd\ufffd\ufffdhello\ufffd\ufffd\ufffd.")
    assert big5.text == "The café said “hello”."
    assert {change.layers for change in big5.changes} == {(("utf-8", "big5"),)}


def test_mark_and_keep() -> None:
    bad = "caf\ufffd\ufffd said \ufffd\ufffd\ufffdhello\ufffd\ufffd\ufffd"
    assert mojifix.repair(bad, lossy="mark") == "caf\ufffd said \ufffdhello\ufffd"
    assert mojifix.repair(bad, lossy="keep") == bad


def test_a_word_no_list_knows_is_spelled_by_its_letter_pairs() -> None:
    # `Kompatibilitätsmodus` is in no word list; `tä`, `ät` are common German pairs.
    bad = "Der Kompatibilit\ufffd\ufffdtsmodus wird unterst\ufffd\ufffdtzt."
    assert mojifix.repair(bad) == "Der Kompatibilitätsmodus wird unterstützt."
    # Where the pairs name no clear winner (`rü` and `rä`, `üg` and `äg`), the hole is marked.
    bad = "Rohes Datentr\ufffd\ufffdgerabbild f\ufffd\ufffdr die Ger\ufffd\ufffdte"
    assert mojifix.repair(bad) == "Rohes Datentr\ufffdgerabbild für die Geräte"


def test_no_break_space_after_a_one_letter_word() -> None:
    bad = "Soubor nebyl nalezen v\ufffd\ufffdadres\ufffd\ufffd\ufffd\ufffdi."
    assert mojifix.repair(bad) == "Soubor nebyl nalezen v\xa0adresáři."


@pytest.mark.parametrize(
    "text",
    [
        "caf\ufffd said \ufffd\ufffd\ufffdhello\ufffd\ufffd\ufffd",  # a byte lost alone: another decoder
        "中文\ufffd\ufffd字符",  # between CJK characters
        "这是一个测试 Pyt\ufffd\ufffdhon 的例子，文本很长。",  # a CJK block with its own marks
        "\ufffd\ufffd\ufffd",  # nothing around it
    ],
)
def test_other_marks_are_left(text: str) -> None:
    assert mojifix.repair(text) == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LATIN_PARAGRAPHS), st.sampled_from(WHOLE_LOSERS))
def test_repair_never_moves_further_from_original(text: str, codec: str) -> None:
    bad = text.encode("utf-8").decode(codec, "replace")
    assert edits(mojifix.repair(bad), text) <= edits(bad, text)  # character error rate
