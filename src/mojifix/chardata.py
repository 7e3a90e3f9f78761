"""Character tables derived from the codecs themselves.

Every table here is computed by decoding byte ranges that the national standards
define, not pasted in. The key facts:

- GB2312 level 1 (lead bytes B0-D7) holds the 3,755 most common hanzi; level 2
  (D8-F7) the next 3,008. UTF-8 lead bytes E4-E9 read as GBK land in level 2 or in
  the GBK extension, which is why mojibake is rich in rare characters.
- Big5 splits its hanzi into common (A440-C67E) and less common (C940-F9D5).
- JIS X 0208 splits kanji into level 1 (EUC rows B0-CF) and level 2 (D0-F4).
- KS X 1001 has the 2,350 Hangul syllables that cover nearly all Korean text
  (EUC rows B0-C8), out of 11,172 possible.

>>> "中" in gb2312_level1()
True
>>> "涓" in gb2312_level1()
False
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache


def decode_grid(
    codec: str, leads: Iterable[int], trails: Iterable[int], prefix: bytes = b""
) -> list[tuple[int, int, str]]:
    """Decode every (lead, trail) pair of a double-byte grid: (lead, trail, character).

    All pairs are decoded in one call, each followed by a newline, which no double-byte
    codec takes as a trail byte, so an invalid pair cannot spill into the next; pairs
    that do not give exactly one character are left out.
    """
    pairs = [(lead, trail) for lead in leads for trail in trails]
    blob = b"\n".join(prefix + bytes(pair) for pair in pairs)
    texts = blob.decode(codec, "replace").split("\n")
    if len(texts) != len(pairs):  # pragma: no cover - a codec that swallowed a newline
        texts = [(prefix + bytes(pair)).decode(codec, "replace") for pair in pairs]
    return [
        (lead, trail, t)
        for (lead, trail), t in zip(pairs, texts, strict=True)
        if len(t) == 1 and t != "\ufffd"
    ]


def decode_singles(codec: str, values: Iterable[int]) -> list[tuple[int, str]]:
    """Decode each byte on its own: (byte, character) for those that are one character."""
    values = list(values)
    texts = b"\n".join(bytes((v,)) for v in values).decode(codec, "replace").split("\n")
    if len(texts) != len(values):  # pragma: no cover
        texts = [bytes((v,)).decode(codec, "replace") for v in values]
    return [(v, t) for v, t in zip(values, texts, strict=True) if len(t) == 1 and t != "\ufffd"]


def _decode_rows(
    codec: str, leads: Iterable[int], trails: Iterable[int], prefix: bytes = b""
) -> frozenset[str]:
    """Every character of a double-byte grid."""
    return frozenset(ch for _, _, ch in decode_grid(codec, leads, trails, prefix))


_EUC_TRAILS = range(0xA1, 0xFF)
_BIG5_TRAILS = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]


@cache
def gb2312_level1() -> frozenset[str]:
    """The 3,755 common hanzi of GB2312."""
    return _decode_rows("gb2312", range(0xB0, 0xD8), _EUC_TRAILS)


@cache
def gb2312_level2() -> frozenset[str]:
    """The 3,008 less common hanzi of GB2312."""
    return _decode_rows("gb2312", range(0xD8, 0xF8), _EUC_TRAILS)


@cache
def gbk_all() -> frozenset[str]:
    """Every character GBK can encode in two bytes."""
    return _decode_rows("gbk", range(0x81, 0xFF), range(0x40, 0xFF))


@cache
def big5_common() -> frozenset[str]:
    """Big5's 5,401 common hanzi (A440-C67E)."""
    chars = _decode_rows("big5", range(0xA4, 0xC6), _BIG5_TRAILS)
    return chars | _decode_rows("big5", [0xC6], range(0x40, 0x7F))


@cache
def big5_less_common() -> frozenset[str]:
    """Big5's 7,652 less common hanzi (C940-F9D5)."""
    return _decode_rows("big5", range(0xC9, 0xFA), _BIG5_TRAILS)


@cache
def jis_level1() -> frozenset[str]:
    """JIS X 0208 level-1 kanji."""
    return _decode_rows("euc_jp", range(0xB0, 0xD0), _EUC_TRAILS)


@cache
def jis_level2() -> frozenset[str]:
    """JIS X 0208 level-2 kanji."""
    return _decode_rows("euc_jp", range(0xD0, 0xF5), _EUC_TRAILS)


@cache
def ksx_hangul() -> frozenset[str]:
    """The 2,350 Hangul syllables of KS X 1001."""
    return _decode_rows("euc_kr", range(0xB0, 0xC9), _EUC_TRAILS)


@cache
def ksx_hanja() -> frozenset[str]:
    """The hanja of KS X 1001."""
    return _decode_rows("euc_kr", range(0xCA, 0xFE), _EUC_TRAILS)


@cache
def cjk_common_symbols() -> frozenset[str]:
    """Punctuation and symbols of the first rows of GB2312, JIS X 0208 and Big5.

    Full-width punctuation such as `，。「」` lives in GB2312 rows A1 and A3 and
    JIS row 1; Big5 keeps it in A140-A1FE.
    """
    gb = _decode_rows("gb2312", [0xA1, 0xA3], _EUC_TRAILS)
    jis = _decode_rows("euc_jp", [0xA1], _EUC_TRAILS)
    big5 = _decode_rows("big5", [0xA1], _BIG5_TRAILS)
    return gb | jis | big5


# Script classes used for transition costs.
ASCII_LETTER = 1
DIGIT = 2
SPACE = 3
PUNCT = 4  # ASCII and common punctuation: neutral between scripts
LATIN = 5
GREEK = 6
CYRILLIC = 7
HAN = 8
KANA = 9
HANGUL = 10
MARK = 11  # combining marks: belong to the letter before them
SYMBOL = 12
OTHER = 13  # any other script
BAD = 14  # controls, private use, unassigned

NEUTRAL = frozenset({DIGIT, SPACE, PUNCT, SYMBOL, BAD})

# Scripts a paragraph is commonly written in: letters of these cost 6.5 bits; letters
# of other scripts (what random bytes decode to) cost 11.
_COMMON_SCRIPTS = frozenset(
    "ARABIC HEBREW THAI DEVANAGARI BENGALI TAMIL TELUGU KANNADA MALAYALAM GUJARATI "
    "GURMUKHI ORIYA GEORGIAN SINHALA KHMER LAO MYANMAR ETHIOPIC TIBETAN".split()
)
_GENERAL_PUNCT_COMMON = frozenset("‘’“”–—…•€™′″‹›„‚")
_LATIN1_SYMBOLS_COMMON = frozenset("«»°©®·¿¡£§±×½¼¾²³µ¥¢")


_SCRIPT_IDS: dict[str, int] = {}
# Script id of a script's own combining marks -> script id of its letters.
MARK_OF: dict[int, int] = {}


def _script_id(word: str) -> int:
    """A stable small id (above the fixed classes) for any other script."""
    return _SCRIPT_IDS.setdefault(word, 32 + len(_SCRIPT_IDS))


def _script_word(name: str) -> str:
    return name.split(" ", 1)[0] if name else ""


# Vietnamese ơ ư Ơ Ư, outside the Latin Extended Additional block the rest of it uses.
_VIETNAMESE_HORNS = frozenset((0x1A0, 0x1A1, 0x1AF, 0x1B0))


_PRESENTATION_FORMS = ("<initial>", "<medial>", "<final>", "<isolated>", "<font>")


def base_class(ch: str) -> tuple[float, int]:
    """The language-independent cost in bits of a character, and its script class.

    The costs approximate how surprising a character is in ordinary text of any
    language: ASCII is cheap, letters of the scripts people write in are cheap,
    controls, private use and unassigned code points are very expensive.
    """
    cp = ord(ch)
    if cp < 0x80:
        if ch.isalpha():
            return 4.5, ASCII_LETTER
        if ch.isdigit():
            return 4.0, DIGIT
        if ch in " \t\n\r":
            return 3.0, SPACE
        if cp < 0x20 or cp == 0x7F:
            return 20.0, BAD
        return 6.0, PUNCT
    cat = unicodedata.category(ch)
    if cp == 0xFFFD:
        return 14.0, BAD
    if cat in ("Cn", "Cs") or (cp & 0xFFFE) == 0xFFFE:
        return 22.0, BAD
    if cat == "Co":
        return 20.0, BAD
    if cat == "Cc":
        return 20.0, BAD
    if cat == "Cf":
        return 12.0, SYMBOL
    if cat == "Zs":
        return (8.0 if cp in (0xA0, 0x3000) else 10.0), SPACE
    if cat in ("Zl", "Zp"):
        return 10.0, SPACE
    name = unicodedata.name(ch, "")
    word = _script_word(name)
    if cat.startswith("M"):
        # Generic combining marks follow any letter; a script's own marks follow its letters.
        if word == "COMBINING":
            return 9.0, MARK
        MARK_OF[_script_id(word + "+mark")] = _script_id(word)
        return 9.0, _script_id(word + "+mark")
    if cat == "Nd":
        return 10.0, _script_id(word)  # non-ASCII digits belong to their script
    if cat.startswith("L"):
        upper = cat == "Lu"
        if unicodedata.decomposition(ch).startswith(_PRESENTATION_FORMS):
            # Arabic letters in their contextual shapes (`ﶵ`) and letters in a font
            # (`ℌ`): text is stored in the plain letters, renderers draw the shapes.
            return 13.0, _script_id(word)
        if word == "LATIN":
            if cp <= 0xFF:
                return (9.0 if upper else 7.0), LATIN
            if cp <= 0x17F:
                return (10.0 if upper else 8.0), LATIN
            if 0x1E00 <= cp <= 0x1EFF or 0x218 <= cp <= 0x21B or cp in _VIETNAMESE_HORNS:  # vi; ro ș ț
                return 9.0, LATIN
            if 0xFF21 <= cp <= 0xFF5A:
                return 9.0, LATIN
            return 12.0, LATIN
        if word == "GREEK":
            return (6.5 if 0x386 <= cp <= 0x3CE else 12.0), GREEK
        if word == "CYRILLIC":
            return (6.5 if 0x400 <= cp <= 0x45F else 11.0), CYRILLIC
        if word == "CJK":
            return 17.0, HAN
        if word.startswith(("HIRAGANA", "KATAKANA")):
            if "HALFWIDTH" in name:
                return 15.0, KANA
            return 13.0, KANA
        if word == "HALFWIDTH" and "KATAKANA" in name:
            return 15.0, KANA
        if word == "HANGUL" or word == "HALFWIDTH":
            return 16.0, HANGUL
        return (6.5 if word in _COMMON_SCRIPTS else 11.0), _script_id(word)
    # Punctuation and symbols.
    if ch in _GENERAL_PUNCT_COMMON:
        return 5.0, PUNCT
    if ch in _LATIN1_SYMBOLS_COMMON:
        return 9.0, SYMBOL
    if 0x80 <= cp <= 0xFF:
        return 11.0, SYMBOL
    if 0x2000 <= cp <= 0x206F:
        return 10.0, PUNCT
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:
        return 10.0, PUNCT
    if cat == "So" and cp >= 0x1F000:
        return 10.0, SYMBOL  # emoji
    if 0x2500 <= cp <= 0x259F:
        return 13.0, SYMBOL  # box drawing and blocks
    if 0x3200 <= cp <= 0x33FF:
        return 15.0, SYMBOL  # enclosed and squared CJK compatibility forms
    return 11.0, SYMBOL


LANGS = ("zh-Hans", "zh-Hant", "ja", "ko")

# Quotes, dashes, the ellipsis and guillemets: the marks writing sets side by side
# (`.’”`, `—“`), in every script (`об’єкт`, `«ТАК»`).
TYPOGRAPHIC_MARKS = frozenset("’‘“”«»…–—")

# Kana, the CJK ideographs (extension A and the unified block) and Hangul syllables,
# as a regex class body.
CJK_LETTERS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3"


def is_kana(ch: str) -> bool:
    """Whether `ch` is a hiragana or katakana character (only Japanese writes them)."""
    return "\u3040" <= ch <= "\u30ff"


def is_hangul(ch: str) -> bool:
    """Whether `ch` is a precomposed Hangul syllable (U+AC00-U+D7A3)."""
    return "\uac00" <= ch <= "\ud7a3"


def is_cjk_letter(ch: str) -> bool:
    """Whether `ch` is a kana, a CJK ideograph or a Hangul syllable.

    >>> [is_cjk_letter(c) for c in "中か한A"]
    [True, True, True, False]
    """
    return is_kana(ch) or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3"


def lang_cost(ch: str, lang: str, base: float, script: int) -> float:
    """The cost of a CJK character in text of one language.

    A hanzi or kanji costs 9 bits in the common tier of that language's standard, about
    12.5 in the second tier and 15 to 17 outside it; kana are cheap in Japanese only,
    Hangul in Korean only.
    """
    if script == HAN:
        if lang == "zh-Hans":
            if ch in gb2312_level1():
                return 9.0
            if ch in gb2312_level2():
                return 12.5
            if ch in big5_common():
                return 13.0
            return 15.0 if ch in gbk_all() else base
        if lang == "zh-Hant":
            if ch in big5_common():
                return 9.0
            if ch in big5_less_common():
                return 12.5
            return 15.0 if ch in gbk_all() else base
        if lang == "ja":
            if ch in jis_level1():
                return 9.0
            if ch in jis_level2():
                return 12.0
            return base
        if ch in ksx_hanja():
            return 13.0
        return base
    if script == KANA:
        if lang == "ja":
            if base >= 15.0:
                return 13.0  # half-width katakana: real but rare
            return 6.5 if "\u3040" <= ch <= "\u309f" else 7.5
        return base
    if script == HANGUL:
        if lang == "ko":
            if ch in ksx_hangul():
                return 8.0
            return 13.0 if "\uac00" <= ch <= "\ud7a3" else base
        return base
    if script == PUNCT and base >= 10.0 and ch in cjk_common_symbols():
        return 6.0
    if script == SYMBOL and ch in cjk_common_symbols():
        return 9.0
    return base
