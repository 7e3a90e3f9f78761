"""Precision: real clean text in 28 languages is never changed."""

from __future__ import annotations

import collections

import garble
import mojifix


def test_clean_corpus_unchanged() -> None:
    changed: collections.Counter[str] = collections.Counter()
    total = 0
    for lang, text in garble.load():
        total += 1
        if mojifix.repair(text) != text:
            changed[lang] += 1
    assert total >= 5000
    assert not changed, dict(changed)


def test_clean_cjk_punctuation_untouched() -> None:
    for text in [
        "你好，世界！",
        "「こんにちは」と言った。",
        "안녕하세요? 반갑습니다!",
        "价格：￥１２０，约$17。",
    ]:
        assert mojifix.repair(text) == text


def test_short_cjk_strings_left_alone() -> None:
    for text in ["中文", "涓", "王", "東京", "서울", "命令", "目录", "未知"]:
        assert mojifix.repair(text) == text
    # Rare hanzi whose bytes are UTF-8 for Arabic letters: a name, not mojibake.
    for text in ["Name: 馗丕", "Name: 痲襁讌"]:
        assert mojifix.repair(text) == text


def test_letters_of_other_languages_next_to_latin_ones() -> None:
    # Each pair below is also what some code page makes of a UTF-8 letter; in these
    # words it is real writing (Romanian Ăş, all-caps ĂŞ, Ukrainian Гі, Czech ÍŠ).
    for text in [
        "Ăştia sunt oameni buni din sat",
        "PĂŞUNE MARE LÂNGĂ SAT",
        "Гімн України",
        "PŘÍKAZ VYPÍŠE POČET ZÁZNAMŮ",
        "微?软 Natural Wireless Ergonomic 7000",  # 微 as EUC-KR is UTF-8 ڰ
        "Bremer/Mccoy – DrÃ¥ber",  # ftfy's call: unsure of its code page
        # Words whose cp1252 bytes are Shift_JIS for two kanji (`ŠEŠI`, 界蟹): the
        # word lists know them as they stand.
        "ŠEŠI",
        "ŠEŠTADIENĮ",
        "JEŽIŠA",
        "Šuša",  # a place name; Shift_JIS 隔啾 is no word, and 啾 a rare kanji
    ]:
        assert mojifix.repair(text) == text
    for _, text in garble.load():
        for variant in (text.upper(), text.title()):
            assert mojifix.repair(variant) == variant


def test_dense_latin1_text_is_not_read_as_cjk() -> None:
    # GBK and Big5 take ASCII trail bytes, so any Latin-1 letter before an ASCII
    # letter pairs up; only readings that score count towards "mostly paired".
    for text in [
        "Eesti: Õun, äär, öö, üle; ÕÄÖÜ",
        "µs, °C, ²³, ½¼¾, ×÷, ¬¦",
        "¹¼",
        "¦»",
        "kiszolgáló¶¦·déterminé",  # ftfy's reading is a private-use character
    ]:
        assert mojifix.repair(text) == text


def test_japanese_in_half_width_katakana_is_left_alone() -> None:
    # Half-width katakana are bytes A1-DF in Shift_JIS, UTF-8's continuation and
    # two-byte leads: `ﾝｺ` reads as `ݺ`. A letter with its voicing mark (`ﾃﾞ`) shows
    # the text writes in them.
    for text in [
        "出力ｸﾞﾗﾌｨｯｸの幅を VALUE ﾋﾟｸｾﾙにする",
        'ｴﾝｺｰﾃﾞｨﾝｸﾞ"%2$s"の照合順序"%1$s"はすでに存在します',
        "ﾌｨﾘﾋﾟﾉ語 (Dvorak Latin)",
        "指名したﾘﾚｰｼｮﾝ(ﾃｰﾌﾞﾙ､ﾋﾞｭｰなど)を",
        "ﾃｽﾄ・ﾃﾞｰﾀ",
    ]:
        assert mojifix.repair(text) == text
