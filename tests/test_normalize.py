"""Normalisation: each option on real English, Chinese, Japanese and Korean text; presets."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import garble
import mojifix
from mojifix.normalization import OPTIONS, PRESETS, resolve

EN = "The “café” costs ５０ euros — ﬁne print: &amp; more"
ZH = "全角ＡＢＣ１２３，标点“不变”！　第二句。"
JA = "ﾃｽﾄ・カタカナ「日本語」、ＯＫ！"
KO = "한국어 문장입니다.\u00a0“인용”，ＡＢＣ"
CJK_PUNCT = set("，。！？：；、「」『』（）【】《》〈〉・“”‘’…—　")

CASES = [
    # (option, input, expected)
    ("terminal_escapes", "\x1b[31m红色\x1b[0m text", "红色 text"),
    ("html_entities", "Caf&eacute; &amp; 咖啡 &lt;3", "Café & 咖啡 <3"),
    ("html_entities", "<p>Caf&eacute;</p> 咖啡", "<p>Caf&eacute;</p> 咖啡"),
    ("html_entities", "escaped twice: &amp;lt;3 &amp;amp;", "escaped twice: <3 &"),
    ("line_endings", "第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
    ("control_chars", "日本\x00語\x07のテキスト\tタブ", "日本語のテキスト\tタブ"),
    ("c1_controls", "한국\x85어\x9d", "한국어"),
    ("zero_width", "\ufeff中文\u200b文本\u2060", "中文文本"),
    ("nbsp", "50\u00a0km et 中文\u3000空格", "50 km et 中文\u3000空格"),
    ("ideographic_space", "中文\u3000空格", "中文 空格"),
    ("nfc", "Cafe\u0301 한국어", "Café 한국어"),
    ("nfkc", "ＡＢＣ，ﾃｽﾄ", "ABC,テスト"),
    ("width", ZH, "全角ABC123，标点“不变”！　第二句。"),
    ("width", JA, "ﾃｽﾄ・カタカナ「日本語」、OK！"),
    ("ligatures", "ﬁne ﬂow 中文", "fine flow 中文"),
    ("curly_quotes", "“quoted” and ‘single’ 「日本」", "\"quoted\" and 'single' 「日本」"),
]


@pytest.mark.parametrize(("option", "text", "expected"), CASES)
def test_each_option(option: str, text: str, expected: str) -> None:
    assert mojifix.normalize(text, **{option: True}) == expected
    assert mojifix.normalize(text) == text  # nothing by default


def test_every_option_has_a_case() -> None:
    assert {option for option, _, _ in CASES} == set(OPTIONS)


@pytest.mark.parametrize("text", [EN, ZH, JA, KO])
def test_cjk_safe_keeps_cjk_punctuation_and_width(text: str) -> None:
    out = mojifix.normalize(text, "cjk-safe")
    assert out == unicodedata.normalize("NFC", text)
    for ch in CJK_PUNCT:
        assert out.count(ch) == text.count(ch)


def test_web_preset_on_real_text() -> None:
    assert mojifix.normalize(EN, "web") == "The “café” costs 50 euros — fine print: & more"
    assert mojifix.normalize(KO, "web") == "한국어 문장입니다. “인용”，ABC"
    assert mojifix.normalize(JA, "web") == "ﾃｽﾄ・カタカナ「日本語」、OK！"


def test_repair_then_normalize_is_explained() -> None:
    result = mojifix.explain("China鈥檚 ＡＢＣ", normalize="web")
    assert result.text == "China’s ABC"
    assert result.repaired == "China’s ＡＢＣ"
    assert [n.name for n in result.normalized] == ["width"]
    assert "fold full-width" in str(result)
    assert mojifix.repair("ＡＢＣ，", normalize={"width": True}) == "ABC，"


def test_default_repair_does_not_normalize() -> None:
    assert mojifix.repair(ZH) == ZH
    assert mojifix.explain(ZH).normalized == ()


def test_options_override_preset_and_bad_names_are_clear() -> None:
    assert "width" not in resolve("web", width=False)
    with pytest.raises(ValueError, match="unknown normalisation preset"):
        mojifix.normalize("x", "shiny")
    with pytest.raises(ValueError, match="unknown normalisation option"):
        mojifix.normalize("x", sparkle=True)


REAL = [text for lang, text in garble.load() if lang in ("en", "zh-Hans", "zh-Hant", "ja", "ko")]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.text(), st.sampled_from(REAL), st.sampled_from(["&amp;lt;p&amp;gt;", "&amp;amp;"])),
    st.sampled_from(sorted(PRESETS)),
)
def test_every_preset_is_idempotent(text: str, preset: str) -> None:
    once = mojifix.normalize(text, preset)
    assert mojifix.normalize(once, preset) == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([t for t in REAL if any(ch in CJK_PUNCT for ch in t)]))
def test_cjk_safe_never_changes_cjk_punctuation(text: str) -> None:
    out = mojifix.normalize(text, "cjk-safe")
    assert [ch for ch in out if ch in CJK_PUNCT] == [ch for ch in text if ch in CJK_PUNCT]


SAMPLES = {
    lang: [text for code, text in garble.load() if code == lang][:40]
    for lang in ("en", "zh-Hans", "ja", "ko")
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
@pytest.mark.parametrize("option", OPTIONS)
def test_each_option_on_real_text_of_each_language(option: str, lang: str) -> None:
    for text in SAMPLES[lang]:
        once = mojifix.normalize(text, **{option: True})
        assert mojifix.normalize(once, **{option: True}) == once
        if option not in ("nfkc", "curly_quotes"):
            assert [ch for ch in once if ch in CJK_PUNCT - set("“”‘’\u3000")] == [
                ch for ch in text if ch in CJK_PUNCT - set("“”‘’\u3000")
            ]
        if option == "width":
            assert not any("\uff10" <= ch <= "\uff5a" and ch.isalnum() for ch in once)
