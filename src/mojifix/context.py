"""Judging candidates by the whole text: one code page, lone letters, layered readings.

A span's own score says whether it reads better repaired; the rest of the text says
which reading it is. A text misread through one code page is misread through it
throughout; an accented letter alone in a Latin word is repaired when the word
around it says so; and a layer whose result is itself mojibake is judged by what
the next pass makes of it.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import re

from . import chardata as cd
from . import frequency, score, spans
from .chardata import ASCII_LETTER, LATIN
from .sloppy import CP1252_SPECIALS, FAMILIES
from .spans import FTFY

# The languages text stored in a legacy CJK codec is costed in: the codec's own first,
# then those its repertoire also covers (KS X 1001 has 4,888 hanja and the kana, so
# Chinese and Japanese text can be stored as EUC-KR; JIS X 0208 serves Chinese too).
NATIVE = {
    "gbk": ("zh-Hans", "zh-Hant", "ja"),
    "big5": ("zh-Hant", "zh-Hans", "ja"),
    "shift_jis": ("ja", "zh-Hans", "zh-Hant"),
    "euc_jp": ("ja",),
    "euc_kr": ("ko", "zh-Hant", "zh-Hans", "ja"),
}


@functools.cache
def common_tier(codec: str) -> frozenset[str]:
    """The common tier of a legacy CJK codec: what its text is mostly made of."""
    kana = frozenset(chr(cp) for cp in range(0x3041, 0x30FB))
    if codec == "gbk":
        return cd.gb2312_level1() | kana
    if codec == "big5":
        return cd.big5_common()
    if codec == "euc_kr":
        return cd.ksx_hangul()
    return cd.jis_level1() | kana


def best_set(
    scored: list[tuple[float, spans.Candidate]], bonus: dict[tuple[str, str], float]
) -> list[tuple[float, spans.Candidate]]:
    """The non-overlapping candidates that save the most bits in total (interval scheduling)."""
    items = sorted(scored, key=lambda sc: (sc[1].end, sc[1].start))
    ends = [c.end for _, c in items]
    best: list[float] = [0.0]
    pick: list[int] = []

    prev_of = [bisect.bisect_right(ends, c.start, 0, i) for i, (_, c) in enumerate(items)]
    for i, (saved, c) in enumerate(items):
        with_it = max(saved, 0.01) + bonus.get(c.layer, 0.0) + best[prev_of[i]]
        if with_it > best[i]:
            best.append(with_it)
            pick.append(1)
        else:
            best.append(best[i])
            pick.append(0)
    chosen = []
    i = len(items)
    while i > 0:
        if pick[i - 1]:
            chosen.append(items[i - 1])
            i = prev_of[i - 1]
        else:
            i -= 1
    return chosen[::-1]


@functools.lru_cache(maxsize=1 << 12)
def inner_layer(text: str, multibyte: bool = True) -> str | None:
    """`text` with one more layer peeled, if it is UTF-8 misread throughout.

    Layered mojibake peels one layer per pass, and the middle stage can look worse
    than the garble: UTF-8 read as GBK, saved as UTF-8 and read as cp1252 (`è´¸`
    for ó) peels to `贸`, a hanzi glued to a Latin word; the other way round,
    `kl脙颅脛聧e` peels to `klÃ\\xadÄ\\x8de`. A layer is therefore judged by the better
    of what one and two passes make of it; `multibyte` says which kind of codec the
    inner layer is (CJK for the first example, single-byte for the second).
    """
    if text.isascii():
        return None
    for family in FAMILIES.values():
        if family.multibyte == multibyte:
            data = family.encode(text)
            if data is not None:
                try:
                    inner = data.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if inner != text:
                    return inner
    return None


# Share of a text's letters that must be Latin-script for `lone_letters`.
LATIN_TEXT = 0.9
_WORD_AROUND = re.compile(r"[^\W\d_]*")
_WORD_BEFORE = re.compile(r"[^\W\d_]*\Z")


_CP1252_ONLY = re.compile(f"[\\x00-\\xff{CP1252_SPECIALS}]*")


def _cased_like_a_word(word: str) -> bool:
    return len(word) == 1 or word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def lone_letters(text: str, cands: list[spans.Candidate]) -> frozenset[spans.Candidate]:
    """Single-byte readings of one accented letter that a Latin-script text lost.

    `empaquetГ©s`, `ramificaciΓ³n`, `ГЁ`: UTF-8 é, ó, è read as cp1251 or cp1253 leave
    a Cyrillic or Greek letter and a symbol in a Latin word. One such pair is taken
    alone when the text around it is Latin-script, the repaired word is cased like a
    word (`PĂŞUNE` would become `PêUNE`: refused), the garbled word is no word of
    the text's languages (`Ăştia` is Romanian), and either an ASCII letter is glued
    to it or the repaired word is a known one (`è`). A pair of cp1252 characters
    (`Ã¥`) is ftfy's case, and ftfy leaves a lone one alone where the text is unsure
    of its code page: it is taken only when it makes a known word (`pasujących`).
    """
    # The letter each candidate makes, through one more layer if it is UTF-8 read as
    # GBK too (`è‰‚`: `艂`, then `ł`).
    letter = {c: inner_layer(c.replacement) or c.replacement for c in cands if single_byte(c.layer)}
    singles = [
        c
        for c in letter
        if len(letter[c]) == 1 and letter[c].isalpha() and score.script_of(letter[c]) == LATIN
    ]
    if not singles:
        return frozenset()
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(1 for ch in letters if score.script_of(ch) in (LATIN, ASCII_LETTER))
    suspect = sum(c.end - c.start for c in singles)
    if len(letters) - suspect < 4 or latin < LATIN_TEXT * (len(letters) - suspect):
        return frozenset()
    found = set()
    text_langs: list[str] | None = None  # the text's own languages, looked up once
    for c in singles:
        before = _WORD_BEFORE.search(text, max(0, c.start - 64), c.start)
        after = _WORD_AROUND.match(text, c.end)
        left = before.group() if before else ""
        right = after.group() if after else ""
        word = left + letter[c] + right
        if not _cased_like_a_word(word):
            continue
        # The garbled word, and its letters alone (`NICIODATĂ™` holds Romanian `niciodată`).
        span = text[c.start : c.end]
        garbled = {left + span + right}
        if any(ch.isalpha() for ch in span):
            garbled.add(left + "".join(ch for ch in span if ch.isalpha()) + right)
        longer = [w for w in garbled if len(w) > 1]
        if longer and text_langs is None:
            text_langs = frequency.latin_languages(text)
        if longer and frequency.rank_words(longer, text_langs or []):
            continue
        langs = frequency.latin_languages(text[: c.start] + word[len(left) :])
        known = bool(frequency.rank_words([word], langs))
        glued = any(ch.isascii() for ch in left + right)
        ftfys_own = letter[c] == c.replacement and _CP1252_ONLY.fullmatch(span)
        # A letter inferred for a U+FFFD stands only in a word the lists know (`Ã�NDICE`).
        inferred = bool(c.lost) and c.lost[0].inside > 0
        if known or (glued and not ftfys_own and not inferred):
            found.add(c)
    return frozenset(found)


# Latin-1 signs a text in Latin script writes beside digits or words, and where each
# stands: `25°C`, `4×6`, `±3`, `m²`, `© 2023`, `£5`. Read as GBK or Big5 each is one
# hanzi (`漏` is ©, `掳` °), too little alone for the scores to prove.
_SIGN_PLACES = {
    "°": re.compile(r"(?<=\d)X"),
    "×": re.compile(r"(?<=\d)X(?=\d)|(?<=\d )X(?= \d)"),
    "÷": re.compile(r"(?<=\d)X(?=\d)|(?<=\d )X(?= \d)"),
    "±": re.compile(r"X(?=\d)"),
    "²": re.compile(r"(?<=[A-Za-z0-9])X"),
    "³": re.compile(r"(?<=[A-Za-z0-9])X"),
    "©": re.compile(r"(?:^|(?<=[\s(]))X(?=\s|$)"),
    "®": re.compile(r"(?<=[A-Za-z])X"),
    "£": re.compile(r"X(?=\d)"),
    "«": re.compile(r"(?:^|(?<=[\s(]))X"),
    "»": re.compile(r"X(?=[\s.,;:!?)]|$)"),
}


def lone_signs(text: str, cands: list[spans.Candidate]) -> frozenset[spans.Candidate]:
    """Readings of UTF-8 read as a multi-byte codec that are one Latin-1 sign in its
    place (`_SIGN_PLACES`), in a text with no CJK letter but such signs: `Copyright 漏
    2023`, `(270掳)`, Italian `芦.禄` («.»). A Chinese text has CJK letters around its
    漏 (leak)."""
    found = set()
    for c in cands:
        if c.layer[0] != "utf-8" or c.layer[1] not in FAMILIES or not FAMILIES[c.layer[1]].multibyte:
            continue
        place = _SIGN_PLACES.get(c.replacement)
        if place is None or c.end - c.start != 1:
            continue
        window = text[max(0, c.start - 3) : c.start] + "X" + text[c.end : c.end + 3]
        if place.match(window, min(3, c.start)):
            found.add(c)
    if not found:
        return frozenset()
    signs = {c.start for c in found}
    if any(cd.is_cjk_letter(ch) and i not in signs for i, ch in enumerate(text)):
        return frozenset()
    return frozenset(found)


def single_byte(layer: tuple[str, str]) -> bool:
    return layer[0] == "utf-8" and layer[1] in FAMILIES and not FAMILIES[layer[1]].multibyte


def layer_of(c: spans.Candidate) -> tuple[str, str]:
    """The layer a candidate undoes (for ftfy's, the family its plan undid)."""
    if c.layer[1] != FTFY:
        return c.layer
    return (c.ftfy_layer[0], family_of(c.ftfy_layer[1]))


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name.removeprefix("sloppy-")).name
    except LookupError:
        return name


# Single-byte codecs by their canonical names, to this package's families.
_FAMILY_OF = {
    _codec_name(name): key
    for key, family in FAMILIES.items()
    if not family.multibyte
    for name in (key, *family.codecs)
}


def family_of(name: str) -> str:
    """This package's family for an ftfy codec name ("macroman" is "mac-roman")."""
    return _FAMILY_OF.get(_codec_name(name), name)


def reads_latin1(layer: tuple[str, str]) -> bool:
    """Whether the layer reads Latin-1 characters as the bytes they stand for."""
    return single_byte(layer) or layer[0] in NATIVE


def code_page(
    scored: list[tuple[float, spans.Candidate]], minimum: float, enough: float
) -> tuple[str, str] | None:
    """The layer reading Latin-1 characters that explains the most of the text.

    Spans saving at least `minimum` bits count; the page must explain `enough` bits,
    and at least one of its spans must be its own: legacy CJK pairs that are valid
    UTF-8 too (`ÕªÒª`, 摘要) add to a legacy page's evidence but cannot make one alone.
    """
    by_page: dict[tuple[str, str], list[tuple[float, spans.Candidate]]] = {}
    for saved, c in scored:
        if saved >= minimum and reads_latin1(layer_of(c)):
            by_page.setdefault(layer_of(c), []).append((saved, c))
    evidence = {
        page: sum(s for s, _ in best_set(items, {}))
        for page, items in by_page.items()
        if any(not c.also_utf8 for _, c in items)
    }
    best = max(evidence, key=lambda k: evidence[k], default=None)
    return best if best and evidence[best] >= enough else None


def one_code_page(
    scored: list[tuple[float, spans.Candidate]], dominant: tuple[str, str]
) -> list[tuple[float, spans.Candidate]]:
    """Drop other readings of spans that the text's own code page reads.

    A text misread through one code page is misread through it throughout: where
    cp1250 and ISO 8859-2 (or Mac Roman and cp1252) read the same span differently
    (`ľ` is BE in one, B5 in the other), or where EUC-KR text read as Latin-1 holds
    a pair that is also UTF-8 (`Ã¢`, 창, is UTF-8 `â`), the reading of the layer that
    explains the rest of the text is the one to take, even where another scores a
    little better.
    """
    own = sorted((c.start, c.end) for _, c in scored if layer_of(c) == dominant)
    starts = [start for start, _ in own]
    reach = list(itertools.accumulate((end for _, end in own), max))  # furthest end so far

    def covered(c: spans.Candidate) -> bool:
        i = bisect.bisect_left(starts, c.end)
        return i > 0 and reach[i - 1] > c.start

    kept = []
    for saved, c in scored:
        layer = layer_of(c)
        if layer != dominant and reads_latin1(layer) and covered(c):
            continue
        kept.append((saved, c))
    return kept
