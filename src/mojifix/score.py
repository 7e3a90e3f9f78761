"""Plausibility of text, in bits: the lower the cost, the more it looks like real writing.

The cost of a string is the sum of per-character costs (see `chardata`) plus a cost
for each pair of adjacent letters from scripts that rarely touch (Cyrillic next to
Greek, Latin glued to a hanzi). CJK characters are costed under each of zh-Hans,
zh-Hant, ja and ko, and the cheapest reading wins, so real text in any of them is
cheap while mojibake (rare hanzi, half-width katakana, private use) is not.

A repair is taken when the original costs much more than the candidate:

>>> cost("China鈥檚") - cost("China’s") > 10
True
>>> cost("中文") < cost("涓\ue15f枃")
True
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

from . import chardata as cd
from .cache import cached
from .sloppy import CP1252_SPECIALS

_SCALE = 2  # costs are stored in half bits


@cache
def _tables() -> tuple[bytes, bytes, dict[str, bytes]]:
    """Per code point of the BMP: base cost, script class, and per-language cost."""
    base, script, per_lang, marks, ids = cached("tables", _build_tables)
    # Script ids are handed out as scripts are met; a cached table brings its own.
    cd._SCRIPT_IDS.update(ids)
    cd.MARK_OF.update(marks)
    return base, script, per_lang


def _build_tables() -> tuple[bytes, bytes, dict[str, bytes], dict[int, int], dict[str, int]]:
    base = bytearray(0x10000)
    script = bytearray(0x10000)
    per_lang = {lang: bytearray(0x10000) for lang in cd.LANGS}
    for cp in range(0x10000):
        ch = chr(cp)
        b, s = cd.base_class(ch)
        base[cp] = int(b * _SCALE)
        script[cp] = s
        for lang in cd.LANGS:
            per_lang[lang][cp] = int(cd.lang_cost(ch, lang, b, s) * _SCALE)
    per = {k: bytes(v) for k, v in per_lang.items()}
    return bytes(base), bytes(script), per, dict(cd.MARK_OF), dict(cd._SCRIPT_IDS)


def _class(ch: str) -> tuple[float, int]:
    cp = ord(ch)
    if cp < 0x10000:
        base, script, _ = _tables()
        return base[cp] / _SCALE, script[cp]
    return cd.base_class(ch)


_CJK = frozenset({cd.HAN, cd.KANA, cd.HANGUL})
_SIGNS = frozenset({cd.PUNCT, cd.SYMBOL})
# Quotes, dashes, the ellipsis, guillemets and no-break space pair up in writing
# (`.’”`, `—“`); a sign only cp1252 has (`†‰™ˆ˜`) glued to another non-ASCII sign is
# what Shift_JIS lead bytes leave (`’†“I` is 中的), and costs this many bits.
_TYPOGRAPHIC = cd.TYPOGRAPHIC_MARKS | {"\xa0"}
_CP1252_SIGNS = frozenset(ch for ch in CP1252_SPECIALS if not ch.isalpha())
_SOUP = 2.0


def _soup(a: str, b: str) -> bool:
    """Whether two non-ASCII signs side by side make an unwritten pair (see `_SOUP`)."""
    if a in _TYPOGRAPHIC and b in _TYPOGRAPHIC:
        return False
    return a in _CP1252_SIGNS or b in _CP1252_SIGNS


_LATIN = frozenset({cd.ASCII_LETTER, cd.LATIN})


def _mark_of() -> dict[int, int]:
    _tables()  # fills chardata.MARK_OF
    return cd.MARK_OF


def _transition(a: int, b: int) -> float:
    """Cost of script class `a` followed by `b`."""
    if b == cd.MARK:
        return 8.0 if a in _CJK or a in cd.NEUTRAL else 0.0
    if a == b:
        return 0.0
    if b in _mark_of():
        return 0.0 if _mark_of()[b] == a else 10.0  # a script's own mark after something else
    if a in cd.NEUTRAL or b in cd.NEUTRAL:
        return 0.0
    if a == cd.MARK:
        return 0.0
    pair = {a, b}
    if pair == {cd.HAN, cd.KANA}:
        return 0.0
    if pair == {cd.ASCII_LETTER, cd.LATIN}:
        return 0.0
    latin = pair & {cd.ASCII_LETTER, cd.LATIN}
    cjk = pair & {cd.HAN, cd.KANA, cd.HANGUL}
    if cjk and len(cjk) == 2:
        return 6.0 if cd.HANGUL in cjk and cd.HAN in cjk else 10.0
    if latin and cjk:
        return 3.0
    if latin:
        return 8.0
    if cjk:
        return 10.0
    return 10.0


def script_of(ch: str) -> int:
    """The script class of one character."""
    return _class(ch)[1]


def base_cost(ch: str) -> float:
    """The language-independent cost of one character, in bits."""
    return _class(ch)[0]


_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_LETTERS = re.compile(r"[^\W\d_]")


def foreign_cjk_cost(text: str) -> float:
    """Extra bits for each CJK character in a text whose letters are mostly ASCII.

    A lone hanzi in an Italian sentence is far more likely to be mojibake of `è` than
    a quotation; in a Chinese text with English words, CJK costs nothing extra.

    >>> foreign_cjk_cost("plain English text") > 5
    True
    >>> foreign_cjk_cost("这是一段中文文本，夹着几个 English 单词")
    0.0
    """
    letters = len(_LETTERS.findall(text))
    if not letters:
        return 0.0
    share = len(_ASCII_LETTERS.findall(text)) / letters
    if share < 0.5:
        return 0.0
    return min(10.0, -2.0 * math.log2(1.0 - share + 0.001))


def cost(
    text: str, left: str = "", right: str = "", foreign: float = 0.0, langs: tuple[str, ...] = cd.LANGS
) -> float:
    """The cost in bits of `text`, with the characters around it as context.

    The context characters are not costed themselves; only their transitions
    into and out of `text` are. `foreign` is added for each CJK character (see
    `foreign_cjk_cost`). CJK characters are costed under the cheapest of `langs`.
    """
    if len(text) <= _SHORT:
        return _short_cost(text, left[-1:], right[:1], foreign, langs)
    return _cost(text, left, right, foreign, langs)


# Garbled text repeats its short spans (`鈥檚`, `鈥�` and what they become): their
# costs are remembered.
_SHORT = 12


@lru_cache(maxsize=1 << 14)
def _short_cost(text: str, left: str, right: str, foreign: float, langs: tuple[str, ...]) -> float:
    return _cost(text, left, right, foreign, langs)


# Spanish opens an exclamation or question with these, before a word (`¡Hola`).
_INVERTED = frozenset("¡¿")


def _inverted_cost(seq: str, i: int) -> float:
    """Bits for an opening `¡` or `¿` where Spanish would not put one: glued to the end of a
    word (`tty¡K`), or before one letter and a sign (`¡X `: Big5's A1 58 is `—`)."""
    extra = 0.0
    if i > 0 and seq[i - 1].isalnum():
        extra += 4.0
    if i + 2 < len(seq) and seq[i + 1].isalpha() and not (seq[i + 2].isalnum() or seq[i + 2] in "-'’"):
        extra += 3.0
    return extra


# Closing and opening quotes: each touches the words it quotes on one side.
_QUOTES = {"’": True, "”": True, "‘": False, "“": False}


_CLOSERS = frozenset(")]}>,;")


def _quote_cost(seq: str, i: int) -> float:
    """Bits for a quote that touches no word on its side: a closing `’` between a space
    and a space or closing sign (`<PGID, ’>`), an opening `“` likewise mirrored.
    (Finnish opens with `”`, before signs too: `”.personality”`.)"""
    closing = _QUOTES[seq[i]]
    inner = seq[i - 1] if closing and i > 0 else seq[i + 1] if not closing and i + 1 < len(seq) else ""
    outer = seq[i + 1] if closing and i + 1 < len(seq) else seq[i - 1] if not closing and i > 0 else ""
    if inner.isspace() and outer and (outer.isspace() or outer in _CLOSERS):
        return 4.0
    return 0.0


def _cost(text: str, left: str, right: str, foreign: float, langs: tuple[str, ...]) -> float:
    base_t, script_t, lang_t = _tables()
    total = 0.0
    cjk_extra: dict[str, float] | None = None
    prev = -1
    prev2 = -1
    prev_lower = prev_sign = False
    seq = left[-1:] + text + right[:1]
    first = len(left[-1:])
    last = first + len(text)
    for i, ch in enumerate(seq):
        cp = ord(ch)
        if cp < 0x10000:
            b = base_t[cp] / _SCALE
            s = script_t[cp]
        else:
            b, s = cd.base_class(ch)
        if prev >= 0:
            total += _transition(prev, s)
            if prev_lower and s == cd.LATIN and ch.isupper():
                total += 5.0  # "aÃ": a capital glued to the end of a word
            if prev in _CJK and prev2 in _LATIN and s in _LATIN:
                total += 8.0  # "zab穩jen": one CJK character inside a Latin word
            if prev_sign and cp > 0x7F and s in _SIGNS and _soup(seq[i - 1], ch):
                total += _SOUP  # "’†“I": signs glued together that writing does not pair
        if first <= i < last:
            total += b
            if ch in _INVERTED:
                total += _inverted_cost(seq, i)
            elif ch in _QUOTES:
                total += _quote_cost(seq, i)
            elif ch == "…" and 0 < i < len(seq) - 1 and seq[i - 1].isalpha() and seq[i + 1].isalpha():
                total += 3.0  # "ID…s": an ellipsis inside a word, where `’` would be
            if s in _CJK:
                total += foreign
            if s in _CJK or (cp >= 0x3000 and cp < 0x10000):
                if cjk_extra is None:
                    cjk_extra = dict.fromkeys(langs, 0.0)
                for lang in langs:
                    lc = lang_t[lang][cp] / _SCALE if cp < 0x10000 else b
                    cjk_extra[lang] += lc - b
        prev2 = prev
        prev = s
        prev_lower = ch.islower()
        prev_sign = cp > 0x7F and s in _SIGNS
    if cjk_extra:
        total += min(cjk_extra.values())
    return total
