"""Scan: find the blocks of a text where mojibake could be, at the speed of C.

Checking clean text must cost little more than reading it, so before any candidate
is built one compiled regular expression looks for the traces that every wrong
decoder leaves, and only the paragraphs around its hits go on to `spans` and
`score`; the regex itself reads only the lines where `prescan` finds a character
pattern that one of its traces needs. Each trace is derived from the codecs, and
each is a necessary condition for a repair that the engine could accept:

- a rare character: a hanzi outside every standard's common tier, half-width
  katakana, a Hangul syllable outside KS X 1001, private use, a C1 control or
  U+FFFD. UTF-8 read as a CJK codec is full of them (`涓枃`, `鈥`);
- a CJK character glued to an ASCII letter whose two bytes are a whole UTF-8
  sequence (`caf茅`, `Realistick矇`): Latin text misread as a CJK codec;
- a character that a single-byte codec gives a UTF-8 continuation byte, after one
  it gives a lead byte (`Ã©`, `Ñ€`);
- two Latin-1 characters in a row (`ÖÐ`) in a block where most stand in such runs,
  or two C1 or cp1252-only characters, each followed by a trail byte (`ƒeƒX`):
  double-byte characters read as Latin-1.

>>> blocks("plain text, “quoted”, 中文和日本語のテキスト")
[]
>>> blocks("first paragraph\\n\\nChina鈥檚 plan")
[(17, 29)]
"""

from __future__ import annotations

import bisect
import itertools
import re
import string
import unicodedata
from collections.abc import Iterator
from functools import cache

import numpy as np
from ftfy.chardata import CHARMAP_ENCODINGS

from . import chardata as cd
from . import codepages, prescan
from .lossy import markers_list as markers
from .sloppy import CP1252_SPECIALS, FAMILIES, char_class, whole_sequences

# A block is the paragraph around a hit; a longer paragraph is cut to the line, and a
# longer line to about this many characters at whitespace.
BLOCK = 4096


@cache
def rare() -> frozenset[str]:
    """Characters that real text of any CJK language seldom holds, and controls."""
    common = cd.gb2312_level1() | cd.big5_common() | cd.jis_level1() | cd.ksx_hangul()
    found = {chr(cp) for cp in range(0x80, 0xA0)}
    found |= {chr(cp) for cp in range(0xE000, 0xF900)}  # private use
    found |= {chr(cp) for cp in range(0xFF61, 0xFFA0)}  # half-width katakana
    found.add("\ufffd")
    for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xF900, 0xFB00)):
        for cp in range(lo, hi):
            ch = chr(cp)
            if ch not in common and unicodedata.category(ch) != "Cn":
                found.add(ch)
    return frozenset(found)


def complete_pairs(family: str | None = None) -> frozenset[str]:
    """CJK characters whose two bytes are a whole two-byte UTF-8 sequence (`茅` = C3 A9 = `é`),
    in one CJK family or (by default) in any.

    Accented Latin letters read as a CJK codec become these, glued to ASCII letters.
    """
    return frozenset(
        ch
        for name, fam in FAMILIES.items()
        if fam.multibyte and family in (None, name)
        for ch in whole_sequences(name)
        if "\u2e80" <= ch
    )


# UTF-8 lead bytes of IPA (U+0240-02BF) and Armenian (U+0500-05BF): the two-character
# sequences they begin through a single-byte codec are common in clean Latin text
# (French `É\xa0:` is cp1252 for ɠ, `l’é` is Mac Roman for Վ), so they are weak traces.
_RARE_LEADS = (0xC9, 0xCA, 0xD4, 0xD5, 0xD6)
# A block needs this many weak traces, or one other, to go to the engine.
WEAK = 4
_WEAK_GROUPS = frozenset({"weak", "spaced", "latin_c1", "syllable"})


# Punctuation that Cyrillic and Greek text uses inside and after its words (`об’єкт`,
# `ФАЙЛ…`, `«ТАК»`), and that cp1251 and cp1253 put among the continuation bytes.
_TYPOGRAPHIC = cd.TYPOGRAPHIC_MARKS
# The Greek and Cyrillic letters (with the Cyrillic Supplement).
_FOREIGN_LETTER = "[\\u0370-\\u03ff\\u0400-\\u052f]"
# A Cyrillic or Greek letter after a trace, or after one space (`дії` between words).
_FOREIGN_NEXT = f"(?:{_FOREIGN_LETTER}| {_FOREIGN_LETTER})"


def _split_foreign(chars: set[str]) -> tuple[str, str]:
    """Character classes of the Cyrillic and Greek letters (and typographic punctuation)
    among `chars`, and of the rest."""
    foreign = {
        ch for ch in chars if (ch.isalpha() and re.fullmatch(_FOREIGN_LETTER, ch)) or ch in _TYPOGRAPHIC
    }
    rest = chars - foreign
    return (char_class(foreign) if foreign else "(?!)"), (char_class(rest) if rest else "(?!)")


def _single_byte_names() -> list[str]:
    """This package's single-byte families and the code pages ftfy undoes (cp437)."""
    names = [f.codecs[0] for f in FAMILIES.values() if not f.multibyte]
    return names + [name for name in CHARMAP_ENCODINGS if name not in names]


def _single_byte_sequences() -> tuple[set[str], list[str], list[str]]:
    """Continuation characters, and the UTF-8 sequences that end in them, per single-byte
    codec: the traces, and the weak traces (see `_RARE_LEADS`).

    The codecs are `_single_byte_names`.
    """
    every_cont: set[str] = set()
    traces: list[str] = []
    weak: list[str] = []
    for name in _single_byte_names():
        by_range: dict[tuple[int, int], set[str]] = {}
        for lo, hi in ((0x80, 0xC0), (0xC2, 0xE0), (0xE0, 0xF0)):
            by_range[(lo, hi)] = {ch for _, ch in cd.decode_singles(name, range(lo, hi)) if not ch.isascii()}
        conts = by_range[(0x80, 0xC0)]
        every_cont |= conts
        rare_leads = {ch for _, ch in cd.decode_singles(name, _RARE_LEADS) if not ch.isascii()}
        leads2 = by_range[(0xC2, 0xE0)] - rare_leads
        leads3 = by_range[(0xE0, 0xF0)]
        cont, lead2, lead3 = char_class(conts), char_class(leads2), char_class(leads3)
        # Sequences of Cyrillic or Greek letters and typographic punctuation only
        # (Ukrainian `дії`, `об’єкт`, `ФАЙЛ…`): real mojibake through these code pages
        # holds other symbols too (`Р°`, `С‚`, `д‚`).
        f_cont, o_cont = _split_foreign(conts)
        f_lead2, o_lead2 = _split_foreign(leads2)
        f_lead3, o_lead3 = _split_foreign(leads3)
        # Inside a longer word of those letters they are weak; alone or glued to ASCII
        # (`invГЎlido`, Italian `ГЁ`), strong.
        f2 = f"(?<={f_cont})(?<={f_lead2}.)"
        f3 = f"(?<={f_cont})(?<={f_lead3}{f_cont}.)"
        traces.append(
            f"(?<={o_cont})(?:(?<={lead2}.)|(?<={lead3}{cont}.))"
            f"|(?<={cont})(?:(?<={o_lead2}.)|(?<={o_lead3}{cont}.)|(?<={lead3}{o_cont}.))"
            f"|{f2}(?<!{_FOREIGN_LETTER}..)(?<!{_FOREIGN_LETTER} ..)(?!{_FOREIGN_NEXT})"
            f"|{f3}(?<!{_FOREIGN_LETTER}...)(?<!{_FOREIGN_LETTER} ...)(?!{_FOREIGN_NEXT})"
        )
        weak.append(
            f"(?<={cont})(?<={char_class(rare_leads)}.)"
            f"|{f2}(?:(?<={_FOREIGN_LETTER}..)|(?<={_FOREIGN_LETTER} ..)|(?={_FOREIGN_NEXT}))"
            f"|{f3}(?:(?<={_FOREIGN_LETTER}...)|(?<={_FOREIGN_LETTER} ...)|(?={_FOREIGN_NEXT}))"
        )
    # ftfy's own special case: `voilÃ le`, the no-break space after Ã lost (kept last:
    # unlike the others it follows an ASCII letter).
    every_cont |= set("ÂÃ")
    traces.append("(?<=[A-Za-z][ÂÃ])(?=\\s)")
    return every_cont, traces, weak


_CJK_RANGES = ((0x3040, 0x3100), (0x3400, 0xA000), (0xAC00, 0xD7A4))


@cache
def _unpaired_cjk(family: str | None = None) -> re.Pattern[str]:
    """CJK letters that are no whole two-byte UTF-8 sequence in the family (or in any)."""
    letters = {chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi)}
    return re.compile(char_class(letters - complete_pairs(family)))


@cache
def pattern(latin: bool, at_letters: bool) -> re.Pattern[str]:
    """The scan's regular expression.

    `latin` is for text that is mostly ASCII, where even a CJK character between
    spaces or punctuation is suspect (`è` alone is an Italian word, `猫` alone a GBK
    misreading of it); elsewhere only one with ASCII on both sides, a letter on one. The pattern
    starts with one character class, so that the regex engine skips clean
    characters in C; `at_letters` puts ASCII letters in that class instead of CJK
    characters, for text where they are the rarer of the two. Each stop is then
    sent to the few traces that can end there.
    """
    rare_chars = rare()
    pairs = char_class(complete_pairs())
    conts, single_byte, weak = _single_byte_sequences()
    high = _high()
    high_class = char_class(high)
    high_letters = char_class({ch for ch in high if ch.isalpha()})
    high_signs = char_class({ch for ch in high if not ch.isalpha()})
    # Shift_JIS kana and GBK extension characters have ASCII trail bytes: `ƒeƒXƒg` is テスト.
    c1_leads = char_class(_c1_leads())
    # Every trace here but the Shift_JIS one ends in two non-ASCII characters: an ASCII
    # character before the stop (`don’t`) rules them all out at once.
    latin1 = (
        "(?<=[^\\x00-\\x7f].)(?:"
        + "|".join(
            (
                *single_byte[:-1],
                # Two letters inside an ASCII word (`ação`) are no pair (`_latin_digraph`).
                f"(?P<pair>(?<={high_class}{{2}})(?<!{char_class(TYPOGRAPHIC)}{{2}})"
                f"(?:(?<![A-Za-z]{high_letters}{{2}})|(?![A-Za-z])))",
                f"(?P<weak>{'|'.join(weak)})",
            )
        )
        + f")|{single_byte[-1]}"
        # Inside a Latin word, `žiš` is Czech (`úložiště`): weak.
        + "|(?P<latin_c1>(?<=[a-z][šž][a-z][šž])(?=[a-z]))"
        + f"|(?<={c1_leads}[\\x40-\\x7e]{c1_leads})(?=[\\x40-\\x7e\\x80-\\xfc{CP1252_SPECIALS}])"
        # Big5's Greek and Cyrillic rows take ASCII trail bytes after a sign (`£g£`` is
        # με); after letters, three in a row (`£H£S£L`), and French `référée` has
        # such a run, so those are weak.
        + f"|(?<={high_signs}[\\x40-\\x7e]{high_signs})(?=[\\x40-\\x7e])"
        + f"|(?P<spaced>(?<={high_class}[\\x40-\\x7e]{high_class}[\\x40-\\x7e]{high_class})(?=[\\x40-\\x7e]))"
        # Big5's dashes, ellipsis and bullets are `¡` and an ASCII letter (`tty¡K)` for
        # `tty…)`); Spanish puts a word after its `¡`, never one letter and a sign.
        + f"|(?<=¡)(?={char_class(big5_marks())}(?![A-Za-z0-9'’-]))"
    )
    if latin:
        # Glued to ASCII on one side, and on the other not to a CJK letter that is no
        # whole pair in the same codec: accented letters misread stand alone or in
        # pairs of that codec (`caf茅`), Chinese words seldom do (`<选项>`).
        glued = "|".join(
            f"(?<={char_class(complete_pairs(name))})"
            f"(?:(?<=[ -~].)(?!{_unpaired_cjk(name).pattern})|(?=[ -~])(?<!{_unpaired_cjk(name).pattern}.))"
            for name, fam in FAMILIES.items()
            if fam.multibyte
        )
    else:
        glued = "(?<=[A-Za-z].)(?=[ -~])|(?<=[ -~].)(?=[A-Za-z])"
    # A rare syllable with common ones on both sides (or one space away) is Korean
    # spelling (`할 떄 증`, 떄 for 때), not cp949 reading UTF-8's continuation bytes,
    # whose syllables stand among hanja, U+FFFD and other rare ones: weak.
    common = char_class(cd.ksx_hangul())
    syllable = (
        f"(?:(?P<syllable>(?<=[\uac00-\ud7a3])(?:(?<={common}.)|(?<={common} .))(?={common}| {common})))?"
    )
    # A sign inside an ASCII word is a letter of a Latin page read as cp1252 (`mo¿na`).
    glued_sign = f"|(?<=[A-Za-z]{char_class(codepages.signs_as_letters())})(?=[A-Za-z])"
    first = rare_chars | conts | high
    if at_letters:
        first |= set(string.ascii_letters)
        traces = (
            f"(?<=[A-Za-z])(?:(?={pairs}[ -~])|(?<=[ -~]{pairs}.))"
            f"|(?<![A-Za-z])(?:(?<={char_class(rare_chars)}){syllable}|{latin1})"
            f"{glued_sign}"
        )
    else:
        first |= complete_pairs()
        traces = (
            f"(?<={char_class(rare_chars)}){syllable}"
            # Next to ASCII at all first: most CJK characters are not, and fail here at once.
            f"|(?<={pairs})(?:(?<=[ -~].)|(?=[ -~]))(?:{glued})"
            f"|(?<!{pairs})(?:{latin1})"
            f"{glued_sign}"
        )
    # Markers of U+FFFD garbled before (`锟斤拷`, `占쏙옙`), found by their first character.
    marks = markers()
    first |= {m[0] for m in marks}
    lookahead = "|".join(f"(?<={re.escape(m[0])})(?={re.escape(m[1:])})" for m in sorted(marks))
    mark_first = char_class({m[0] for m in marks})
    return re.compile(f"{char_class(first)}(?:{traces}|(?<={mark_first})(?:{lookahead}))")


def _pattern_for(text: str) -> re.Pattern[str]:
    """The pattern for this text: Latin or not, and the rarer of ASCII letters and CJK."""
    return pattern(*_modes(text))


def _modes(text: str, counts: tuple[int, int, int] | None = None) -> tuple[bool, bool]:
    """Whether `text` is scanned as Latin text, and at its ASCII letters.

    A text whose CJK characters are all whole UTF-8 pairs (`韦慰 魏位蔚喂未委`, Greek
    read as GBK, common hanzi every one) is scanned as Latin text, where a CJK
    character next to ASCII is suspect; in real CJK text the first unpaired
    character comes within a few characters, so the check costs nothing there, and
    text with few three-byte characters (Russian, Greek) is not checked at all.
    `counts` are those of `prescan.Candidates`, when they are at hand.
    """
    if counts is None:
        ascii_ = len(text.encode("ascii", "ignore"))
        three_byte = len(text.encode("utf-8", "surrogatepass")) - ascii_ - 2 * (len(text) - ascii_)
    else:
        ascii_, below_800, below_10000 = counts
        three_byte = (below_10000 - below_800) + 2 * (len(text) - below_10000)
    non_ascii = len(text) - ascii_
    latin = ascii_ >= 0.75 * len(text)
    if not latin and three_byte >= non_ascii // 2:  # mostly CJK-like characters
        latin = not _unpaired_cjk().search(text)
    return latin, not latin and ascii_ < three_byte


def hits(text: str) -> Iterator[int]:
    """Positions where a trace of mojibake ends."""
    if not text.isascii():
        for m in _pattern_for(text).finditer(text):
            yield m.start()


_HIGH_RUNS = re.compile("[\x81-\x9f\xa1-\xff" + CP1252_SPECIALS + "]+")

# The share of Latin-1 characters that must stand in runs of two or more before a block
# is worth reading as double-byte text; `spans` and `score` then ask for more (see
# `repair.PAIRED`), so this only keeps Portuguese `ação` from costing time.
PAIRED = 0.75


_FOREIGN_RUN_BEFORE = re.compile(_FOREIGN_LETTER + "{0,32}\\Z")
_FOREIGN_RUN = re.compile(_FOREIGN_LETTER + "{0,32}")


def _ascii_letter_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i] in string.ascii_letters


def _glued_to_ascii(text: str, pos: int) -> bool:
    """Whether the run of Cyrillic or Greek letters around `pos` touches an ASCII letter
    (`vГіГіr` is Dutch `vóór` read as cp1251; Ukrainian `дії` stands among its own)."""
    before = _FOREIGN_RUN_BEFORE.search(text, max(0, pos - 32), pos)
    after = _FOREIGN_RUN.match(text, pos + 1)
    lo = before.start() if before else pos
    hi = after.end() if after else pos + 1
    return _ascii_letter_at(text, lo - 1) or _ascii_letter_at(text, hi)


def _latin_digraph(text: str, pos: int) -> bool:
    """Whether the Latin-1 pair ending at `pos` is two letters inside an ASCII word, or
    one doubled vowel next to one (Dutch `één`, Finnish `ää`)."""
    if pos < 1 or not text[pos - 1 : pos + 1].isalpha():
        return False
    left, right = _ascii_letter_at(text, pos - 2), _ascii_letter_at(text, pos + 1)
    return (left and right) or ((left or right) and text[pos - 1] == text[pos])


def _mostly_paired(text: str) -> bool:
    paired = total = 0
    for m in _HIGH_RUNS.finditer(text):
        n = m.end() - m.start()
        if all(ch in TYPOGRAPHIC for ch in m.group()):
            continue  # `.’”`: quotes and dashes side by side make no pair (see `pattern`)
        total += n
        # Latin spelling is no pair (`_latin_run`); one character before an ASCII
        # symbol that is a trail byte in GBK, Big5 and Shift_JIS is (`©\\` is GBK ‐),
        # where Latin text seldom puts one.
        if n > 1 and not _latin_run(text, m.start(), m.end()):
            paired += n
        elif n == 1 and _SYMBOL_TRAIL.fullmatch(text, m.end(), m.end() + 1):
            paired += n
    return paired >= PAIRED * total


def _letter_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalpha()


def _latin_run(text: str, start: int, end: int) -> bool:
    """Whether the run of Latin-1 characters `text[start:end]` is Latin spelling: two
    letters in a word (`ação`, `žádný`, `vyprší`), an elided word's apostrophe and
    first letter (`d’émulation`, `dell’è`), three letters inside a word of ASCII
    letters (Turkish `küçük`: see `_long_run`).

    Double-byte text read as Latin-1 makes longer runs, or pairs that stand apart.
    `prescan.candidates` applies the same rules.
    """
    run = text[start:end]
    before, after = _letter_at(text, start - 1), _letter_at(text, end)
    if len(run) == 2:
        return (run.isalpha() and (before or after)) or (run[0] == "’" and run[1].isalpha() and before)
    if len(run) == 3 and run.isalpha():
        return _ascii_letter_at(text, start - 1) and _ascii_letter_at(text, end)
    return False


_SYMBOL_TRAIL = re.compile("[@\\[\\\\\\]^_`{|}~]")


def _long_run(text: str, pos: int) -> bool:
    """Whether the Latin-1 pair ending at `pos` ends a run of three or more.

    Double-byte text whose trail bytes are often ASCII (`•r°l` is GBK 時發) has few
    paired runs, but seldom none this long; accented Latin text seldom has one, but
    for three letters inside an ASCII word (Turkish `küçük`).
    """
    if pos < 2 or not _HIGH_RUNS.fullmatch(text, pos - 2, pos + 1):
        return False
    inside_word = _ascii_letter_at(text, pos - 3) and _ascii_letter_at(text, pos + 1)
    return not (inside_word and text[pos - 2 : pos + 1].isalpha())


def _strong_hit(text: str, m: re.Match[str]) -> bool:
    if m.lastgroup in _WEAK_GROUPS:
        return False
    return m.lastgroup != "pair" or _long_run(text, m.start())


def _before(text: str, sep: str, pos: int, limit: int) -> int | None:
    """Where the piece ending at `sep` before `pos` starts; None if not within `limit`."""
    i = text.rfind(sep, limit, pos)
    if i >= 0:
        return i + len(sep)
    return 0 if limit == 0 else None


def _after(text: str, sep: str, pos: int, limit: int) -> int | None:
    """Where the next `sep` after `pos` is; None if not before `limit`."""
    i = text.find(sep, pos, limit)
    if i >= 0:
        return i
    return len(text) if limit == len(text) else None


def _around(text: str, pos: int) -> tuple[int, int]:
    """The block around position `pos`: its paragraph, line, or a window at whitespace.

    Boundaries are looked for within twice BLOCK of `pos` only, so that a text of
    many hits and few paragraph breaks is not searched end to end for each one.
    """
    start = _before(text, "\n\n", pos, max(0, pos - BLOCK))
    end = _after(text, "\n\n", pos, min(len(text), pos + BLOCK))
    if start is not None and end is not None and end - start <= BLOCK:
        return start, end
    lo_limit, hi_limit = max(0, pos - 2 * BLOCK), min(len(text), pos + 2 * BLOCK)
    line_start = _before(text, "\n", pos, lo_limit)
    line_end = _after(text, "\n", pos, hi_limit)
    start = lo_limit if line_start is None else max(line_start, start or 0)
    end = hi_limit if line_end is None else min(line_end, len(text) if end is None else end)
    if end - start <= BLOCK:
        return start, end
    # A very long line: cut at ASCII whitespace near the window's edges, or, in a line
    # without any, after an ASCII character (never inside a run of other characters).
    lo = max(start, pos - BLOCK // 2)
    cut = text.rfind(" ", max(start, lo - BLOCK), lo + 1)
    if cut < 0:
        ascii_ = _LAST_ASCII.search(text, max(start, lo - BLOCK), lo + 1)
        cut = ascii_.start() if ascii_ else -1
    lo = start if cut < 0 else cut + 1
    hi = min(end, pos + BLOCK // 2)
    cut = text.find(" ", hi, min(end, hi + BLOCK))
    if cut < 0:
        ascii_ = _ASCII.search(text, hi, min(end, hi + BLOCK))
        cut = ascii_.end() if ascii_ else -1
    hi = end if cut < 0 else cut
    return lo, hi


_ASCII = re.compile("[\x00-\x7f]")
_LAST_ASCII = re.compile("[\x00-\x7f](?=[^\x00-\x7f]*\\Z)")


# A text with a suspect line every this many characters, or with more than this share
# of its characters in suspect lines, goes to the regex whole: Python's work per line
# costs what the regex spends on a kilobyte or two.
_PER_LINE = 512
_SUSPECT = 0.2
# Quotes, dashes, the ellipsis, guillemets and no-break space: two side by side make no
# double-byte pair (`.’”` ends many an English quotation).
TYPOGRAPHIC = _TYPOGRAPHIC | {"\xa0", "\xad"}


@cache
def _high() -> frozenset[str]:
    """Latin-1 and cp1252 characters that can be half of a double-byte character.

    No-break space is left out: `«\xa0` is French, and real double-byte text seldom has A0.
    """
    return frozenset({chr(cp) for cp in range(0x81, 0x100) if cp != 0xA0} | set(CP1252_SPECIALS))


@cache
def big5_marks() -> frozenset[str]:
    """ASCII trail bytes after A1 that Big5 reads as Western punctuation (`¡K` is `…`)."""
    found = set()
    for trail in range(0x40, 0x7F):
        for name in FAMILIES["big5"].codecs:
            ch = bytes([0xA1, trail]).decode(name, "replace")
            if "\u2010" <= ch <= "\u2027" or ch == "\xb7":
                found.add(chr(trail))
    return frozenset(found)


@cache
def _c1_leads() -> frozenset[str]:
    return frozenset({chr(cp) for cp in range(0x81, 0xA0)} | set(CP1252_SPECIALS))


@cache
def _prescan_tables() -> prescan.Tables:
    """The pre-scan's lookup tables, from this module's character sets."""
    pages = []
    for name in _single_byte_names():
        lead2, rare2, lead3, cont = (
            frozenset(ch for _, ch in cd.decode_singles(name, byte_range) if not ch.isascii())
            for byte_range in (
                [b for b in range(0xC2, 0xE0) if b not in _RARE_LEADS],
                _RARE_LEADS,
                range(0xE0, 0xF0),
                range(0x80, 0xC0),
            )
        )
        pages.append((lead2, rare2, lead3, cont))
    classes = prescan.Classes(
        alone=rare() | {m[0] for m in markers()},
        pairs=complete_pairs(),
        high=_high(),
        typographic=frozenset(TYPOGRAPHIC),
        c1_leads=_c1_leads(),
        big5_marks=big5_marks(),
        page_signs=codepages.signs_as_letters(),
        code_pages=tuple(pages),
    )
    return prescan.tables(classes)


# The pre-scan reads a long text in pieces of about this many characters, cut at blank
# lines (or line breaks), so that its arrays stay small.
_PIECE = 1 << 18


def _paragraph_edge(text: str, i: int) -> bool:
    """Whether a paragraph begins (or ends) at `i`: the text's edge or a blank line."""
    return i in (0, len(text)) or (i >= 2 and text.startswith("\n\n", i - 2))


def _suspect_lines(text: str) -> tuple[list[tuple[int, int]] | None, tuple[bool, bool]]:
    """The lines of `text` where the scan's regex could stop (`prescan`), and the scan's
    modes (`_modes`).

    Returns sorted, disjoint (start, end) character ranges, each line with its line
    break, or None when they are so many that the regex over the whole text costs less.
    """
    tables = _prescan_tables()
    strict: list[tuple[int, int]] = []
    loose: list[tuple[int, int]] = []
    totals = [0, 0, 0]
    pos = 0
    while pos < len(text):
        end = len(text)
        if pos + _PIECE < len(text):
            # Cut at a blank line if there is one, else at a line break.
            cut = text.rfind("\n\n", pos, pos + _PIECE)
            if cut >= 0:
                cut += 1
            else:
                cut = text.rfind("\n", pos, pos + _PIECE)
                if cut < 0:
                    cut = text.find("\n", pos + _PIECE)
            end = len(text) if cut < 0 else cut + 1
        points = prescan.code_points(text[pos:end])
        found = prescan.candidates(points, tables)
        for i, n in enumerate(found.counts):
            totals[i] += n
        strong, latin = found.strong, found.latin
        weak = np.concatenate((found.spaced, found.syllables, found.rare, found.spelling))
        if (len(weak) or len(found.foreign)) and _paragraph_edge(text, pos) and _paragraph_edge(text, end):
            if len(weak):
                weak = np.setdiff1d(weak, prescan.quiet(points, found, WEAK, BLOCK))
            native = prescan.native(points, found, _NATIVE, BLOCK)
            if len(native):
                strong, latin, weak = (np.setdiff1d(x, native) for x in (strong, latin, weak))
        strict += [(pos + a, pos + b) for a, b in prescan.lines(points, np.union1d(strong, weak))]
        loose += [(pos + a, pos + b) for a, b in prescan.lines(points, latin)]
        pos = end
    modes = _modes(text, (totals[0], totals[1], totals[2]))
    lines = sorted(set(strict + loose)) if modes[0] else strict
    if sum(b - a for a, b in lines) > _SUSPECT * len(text) or len(lines) * _PER_LINE > len(text):
        return None, modes
    return lines, modes


# Below this many characters the regex reads the whole text: the pre-scan's few dozen
# array operations cost more than the regex spends on a short text.
SHORT = 2048


Prescanned = tuple[list[tuple[int, int]] | None, tuple[bool, bool]]


def prescanned(text: str) -> Prescanned | None:
    """The pre-scan of a text long enough to have one (see `_suspect_lines`): its
    suspect lines, None where nearly every line is suspect, and the scan's modes."""
    if text.isascii() or len(text) < SHORT:
        return None
    return _suspect_lines(text)


def blocks(text: str, pre: Prescanned | None = None) -> list[tuple[int, int]]:
    """The disjoint, sorted blocks of `text` that hold a trace of mojibake; `pre` is
    the text's pre-scan, if it was already made."""
    if text.isascii():
        return []
    if len(text) < SHORT:
        return _scan_blocks(text)
    return _prescanned_blocks(text, pre)


def _prescanned_blocks(text: str, pre: Prescanned | None = None) -> list[tuple[int, int]]:
    """`blocks`, with the regex on the pre-scan's lines only."""
    lines, modes = pre or _suspect_lines(text)
    if lines == []:
        return []
    return _scan_blocks(text, lines, modes)


_FOREIGN_LETTERS = re.compile(_FOREIGN_LETTER)
# A block whose traces are all Cyrillic or Greek letters side by side, with this many
# times as many such letters in the block, is text in that script.
_NATIVE = 8


def _native_letters(text: str, start: int, end: int, regex: re.Pattern[str]) -> bool:
    """Whether every trace in the block is two Cyrillic or Greek letters (or typographic
    marks) side by side, among many more such letters: Ukrainian `дії`, `ДІЯ` read as
    cp1251 pairs in a Ukrainian paragraph. Real mojibake through cp1251 or cp1253 is
    made of traces nearly letter for letter, and holds signs (`Р°`, `С‚`)."""
    hits = list(itertools.islice(regex.finditer(text, start, end), 64))
    for x in hits:
        pair = text[max(0, x.start() - 1) : x.start() + 1]
        if len(pair) < 2 or not all(_FOREIGN_LETTERS.fullmatch(ch) or ch in TYPOGRAPHIC for ch in pair):
            return False
    return bool(hits) and len(_FOREIGN_LETTERS.findall(text, start, end)) >= _NATIVE * len(hits)


def _scan_blocks(
    text: str, lines: list[tuple[int, int]] | None = None, modes: tuple[bool, bool] | None = None
) -> list[tuple[int, int]]:
    """`blocks`, found by the scan's regex on the given lines (by default everywhere)."""
    found: list[tuple[int, int]] = []
    regex = pattern(*(modes or _modes(text)))
    starts = [start for start, _ in lines] if lines is not None else []

    def search(pos: int) -> re.Match[str] | None:
        """The scan's next hit from `pos` on, looked for on the suspect lines only."""
        if lines is None:
            return regex.search(text, pos)
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        for start, end in lines[i:]:
            if end > pos:
                m = regex.search(text, max(start, pos), end)
                if m:
                    return m
        return None

    m = search(0)
    while m:
        if m.lastgroup == "pair" and _latin_digraph(text, m.start()):
            m = search(m.end())  # `ää`, `ção`: never a pair, whatever the block
            continue
        start, end = _around(text, m.start())
        group = m.lastgroup
        if group in ("spaced", "syllable") or (group == "weak" and not _glued_to_ascii(text, m.start())):
            hits = list(itertools.islice(regex.finditer(text, start, end), 64))
            if (
                not any(_strong_hit(text, x) for x in hits)
                and sum(x.lastgroup in _WEAK_GROUPS for x in hits) < WEAK
            ):
                m = search(end)
                continue
        elif not _strong_hit(text, m) and not _mostly_paired(text[start:end]):
            # Accented letters side by side, in a block of mostly single ones.
            m = next((x for x in regex.finditer(text, m.end(), end) if _strong_hit(text, x)), None)
            if m is None:
                m = search(end)
                continue
        if _native_letters(text, start, end, regex):
            m = search(end)
            continue
        if found and start < found[-1][1]:
            if end - found[-1][0] <= 2 * BLOCK:
                start = found[-1][0]
                found.pop()
            else:
                start = found[-1][1]  # windows of one long line follow each other
        found.append((start, end))
        m = search(max(end, m.end()))
    return found
