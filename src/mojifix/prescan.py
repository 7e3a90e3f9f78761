"""Pre-scan: the lines where the scan's regex could stop, found with array operations.

The scan's regular expression stops at every character that could end a trace, and
in text with many accented letters or CJK characters that is most of them. Each
trace it looks for is a short pattern of character classes at fixed offsets (a lead
character before a continuation character of the same code page, two Latin-1
characters side by side, a rare character alone), so a superset of its hits can be
computed over the whole text at once: the code points go into an array, each class
is one table lookup, and each trace a few `&` of shifted arrays, all in C. Only the
lines that hold a candidate go on to the regex, which then decides exactly.

The tables are built from the scan's own character sets (`Classes`), so the two
cannot drift apart; `tests/test_scan.py` checks that the blocks found are the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Positions = npt.NDArray[np.intp]
Codes = npt.NDArray[np.uint16] | npt.NDArray[np.uint32]
_Bits = npt.NDArray[np.uint16]

# One bit per character class in the `misc` table.
ALONE = 1 << 0  # a trace alone: a rare character, the first of a marker
PAIRS = 1 << 1  # a CJK character whose two bytes are a whole UTF-8 sequence
HIGH = 1 << 2  # a Latin-1 or cp1252 character that can be half of a double-byte one
TYPO = 1 << 3  # typographic punctuation: two side by side make no pair
ALPHA = 1 << 4  # str.isalpha
ASCII_LETTER = 1 << 5
PRINTABLE = 1 << 6  # printable ASCII, space to tilde
TRAIL = 1 << 7  # ASCII that double-byte codecs take as a trail byte, @ to ~
SIGN = 1 << 8  # HIGH and not a letter
C1_LEAD = 1 << 9  # a C1 control or a cp1252-only character (HIGH, as SIGN is)
A_HAT = 1 << 10  # Â and Ã, of ftfy's `voilÃ le`
SPACE = 1 << 11  # str.isspace, as the regex's \s
INVERTED = 1 << 12  # ¡
BIG5_MARK = 1 << 13  # an ASCII trail that Big5 reads as punctuation after A1
C1_NEXT = 1 << 14  # what may follow `ƒeƒ`: a trail byte, 80-FC, a cp1252-only character
END = 1 << 15  # a character that can end a trace (`candidates` looks only at these); the top bit

# The window around a position that a trace can span: four characters before, two after.
_BEFORE, _AFTER = 4, 2


@dataclass(frozen=True)
class Classes:
    """The scan's character sets, as the pre-scan needs them."""

    alone: frozenset[str]
    pairs: frozenset[str]
    high: frozenset[str]
    typographic: frozenset[str]
    c1_leads: frozenset[str]
    big5_marks: frozenset[str]
    page_signs: frozenset[str]  # signs that are letters of a Latin legacy page (`¿` is ż)
    # Per single-byte code page: the characters it gives bytes C2-DF (two-byte UTF-8
    # leads) but the rare leads, the rare leads (whose traces are weak), E0-EF
    # (three-byte leads) and 80-BF (continuation bytes).
    code_pages: tuple[tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]], ...]


@dataclass(frozen=True)
class Tables:
    """Lookup tables over the Basic Multilingual Plane (astral characters look up U+FFFF,
    which is in no class)."""

    misc: _Bits
    lead2: _Bits  # bit k: a two-byte lead in code page k
    rare2: _Bits
    lead3: _Bits
    cont: _Bits
    page_signs: npt.NDArray[np.bool_]  # whether each character is one of `Classes.page_signs`


def _table(groups: Iterable[tuple[int, Iterable[str]]]) -> _Bits:
    table = np.zeros(0x10000, dtype=np.uint16)
    for bit, chars in groups:
        points = [ord(ch) for ch in chars if ord(ch) < 0xFFFF]
        table[points] |= np.uint16(bit)
    return table


def tables(classes: Classes) -> Tables:
    """The lookup tables for `classes`."""
    if len(classes.code_pages) > 16:
        raise ValueError("at most 16 code pages fit the tables")
    ascii_ = [chr(cp) for cp in range(0x80)]
    bmp = [chr(cp) for cp in range(0xFFFF)]
    misc = _table(
        (
            (ALONE, classes.alone),
            (PAIRS, classes.pairs),
            (HIGH, classes.high),
            (TYPO, classes.typographic),
            (ALPHA, (ch for ch in bmp if ch.isalpha())),
            (ASCII_LETTER, (ch for ch in ascii_ if ch.isalpha())),
            (PRINTABLE, (ch for ch in ascii_ if " " <= ch <= "~")),
            (TRAIL, (ch for ch in ascii_ if "@" <= ch <= "~")),
            (SIGN, (ch for ch in classes.high if not ch.isalpha())),
            (C1_LEAD, classes.c1_leads),
            (A_HAT, "ÂÃ"),
            (SPACE, (ch for ch in bmp if ch.isspace())),
            (INVERTED, "¡"),
            (BIG5_MARK, classes.big5_marks),
            (C1_NEXT, (*(chr(cp) for cp in range(0x40, 0x7F)), *(chr(cp) for cp in range(0x80, 0xFD)))),
            (C1_NEXT, (ch for ch in classes.c1_leads if ch > "\xff")),
        )
    )
    pages = list(enumerate(classes.code_pages))
    cont = _table((1 << k, cont) for k, (_, _, _, cont) in pages)
    ends = ALONE | PAIRS | HIGH | C1_LEAD | A_HAT | INVERTED
    misc[((misc & ends) != 0) | (cont != 0)] |= np.uint16(END)
    return Tables(
        misc=misc,
        lead2=_table((1 << k, lead2) for k, (lead2, _, _, _) in pages),
        rare2=_table((1 << k, rare2) for k, (_, rare2, _, _) in pages),
        lead3=_table((1 << k, lead3) for k, (_, _, lead3, _) in pages),
        cont=cont,
        page_signs=_table([(1, classes.page_signs)]).astype(np.bool_),
    )


def code_points(text: str) -> Codes:
    """The code points of `text` (lone surrogates included), as an array: of 16-bit
    integers where every one fits (half the memory to write and read), else 32-bit."""
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) == 2 * len(text):  # no astral character, so no surrogate pair
        return np.frombuffer(data, dtype=np.uint16)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@dataclass(frozen=True)
class Candidates:
    """Positions where a trace of the scan could end: a superset of its regex's hits,
    but for the Latin-1 pairs that `scan._latin_digraph` rules out."""

    strong: Positions  # those of any trace but the ones below
    latin: Positions  # a CJK character from a whole UTF-8 pair, in the scan's Latin mode only
    spaced: Positions  # only three Latin-1 characters between ASCII trail bytes (`rásáho`)
    syllables: Positions  # only a rare Hangul syllable among common ones (`할 떄 증`)
    rare: Positions  # only a rare lead's weak trace after a Latin-1 letter or sign (`É\xa0`)
    spelling: Positions  # only a Latin-1 pair that is Latin spelling (`scan._latin_run`)
    # Not candidates: Latin-1 letter pairs that `scan._latin_digraph` rules out, which
    # its regex still finds.
    digraphs: Positions
    # Those of the candidates and digraphs whose character and the one before it are
    # Cyrillic or Greek (U+0370-U+052F) or typographic, as `scan._native_letters` asks.
    foreign: Positions
    # Not candidates: a Latin-1 character alone before an ASCII symbol (`©\\`), which
    # `scan._mostly_paired` counts as a pair.
    paired: Positions
    # How many code points are below 0x80, 0x800 and 0x10000 (one, two, three UTF-8 bytes).
    counts: tuple[int, int, int]


def candidates(points: Codes, t: Tables) -> Candidates:
    """The candidates in `points`.

    Every trace ends at a non-ASCII character of a few classes (`END`): only those
    are looked at, each with the window of characters a trace can span.
    """
    n = len(points)
    padded = np.empty(n + _BEFORE + _AFTER, dtype=points.dtype)
    padded[:_BEFORE] = padded[_BEFORE + n :] = 0
    padded[_BEFORE : _BEFORE + n] = points
    wide = np.flatnonzero(points > 0x7F)
    wide_points = points[wide]
    ascii_ = n - len(wide)
    below_800 = ascii_ + int(np.count_nonzero(wide_points < 0x800))
    below_10000 = n - int(np.count_nonzero(wide_points >= 0x10000))
    counts = (ascii_, below_800, below_10000)
    if len(wide) * 4 > n:
        looked_up = t.misc.take(points, mode="clip")
        where = np.flatnonzero(looked_up >= END)  # END is the top bit
        classes = looked_up[where]
    else:
        looked_up = t.misc.take(wide_points, mode="clip")
        ends = looked_up >= END
        where, classes = wide[ends], looked_up[ends]
        kept = _among_ascii(where, classes, padded, t)
        where, classes = where[kept], classes[kept]
    # A CJK character from a whole UTF-8 pair ends a trace only beside ASCII: in CJK
    # text most are not, and are dropped here before their windows are read.
    pairs_only = ((classes & PAIRS) != 0) & ((classes & ALONE) == 0)
    if pairs_only.any():
        beside = (padded[where + _BEFORE - 1] < 0x80) | (padded[where + _BEFORE + 1] < 0x80)
        where = where[~pairs_only | beside]
    # The window of each position in one gather: row k + _BEFORE holds the characters
    # k away. Each class bit of a row is computed once, when first asked for.
    rows = padded[np.arange(_BEFORE + _AFTER + 1)[:, None] + where[None, :]]
    looked = t.misc.take(rows, mode="clip")
    codes = {k: rows[k + _BEFORE] for k in range(-_BEFORE, _AFTER + 1)}
    bits: dict[tuple[int, int], npt.NDArray[np.bool_]] = {}

    def has(bit: int, k: int) -> npt.NDArray[np.bool_]:
        mask = bits.get((bit, k))
        if mask is None:
            mask = bits[bit, k] = (looked[k + _BEFORE] & bit) != 0
        return mask

    none = np.zeros(len(where), dtype=np.bool_)
    # A rare Hangul syllable with common ones (Hangul that is not ALONE) on both sides,
    # or one space away, is weak.
    syllable = has(ALONE, 0) & (codes[0] >= 0xAC00) & (codes[0] <= 0xD7A3)
    if syllable.any():
        common = {k: (codes[k] >= 0xAC00) & (codes[k] <= 0xD7A3) & ~has(ALONE, k) for k in (-2, -1, 1, 2)}
        syllable &= common[-1] | ((codes[-1] == 0x20) & common[-2])
        syllable &= common[1] | ((codes[1] == 0x20) & common[2])
    found = has(ALONE, 0) & ~syllable
    # A whole UTF-8 pair read as a CJK character, next to ASCII (and to a letter).
    pairs = has(PAIRS, 0)
    latin = none
    if pairs.any():
        latin = pairs & (has(PRINTABLE, -1) | has(PRINTABLE, 1))
        glued = (has(ASCII_LETTER, -1) & has(PRINTABLE, 1)) | (has(PRINTABLE, -1) & has(ASCII_LETTER, 1))
        found |= pairs & glued
    # UTF-8 read through a single-byte code page: a lead, then continuations of the same page.
    cont = t.cont.take(codes[0], mode="clip")
    single = cont & (
        t.lead2.take(codes[-1], mode="clip")
        | (t.lead3.take(codes[-2], mode="clip") & t.cont.take(codes[-1], mode="clip"))
    )
    found |= single != 0
    rare = ((cont & t.rare2.take(codes[-1], mode="clip")) != 0) & (single == 0)
    high = {k: has(HIGH, k) for k in (-2, -1, 0, 1)}
    # ftfy's `voilÃ le`.
    found |= has(A_HAT, 0) & has(ASCII_LETTER, -1) & has(SPACE, 1)
    # Double-byte characters with ASCII trail bytes: `ƒeƒX`, `£g£``, `¡K`.
    trail = has(TRAIL, -1)
    spaced = none
    if (high[-2] & trail).any():
        found |= has(C1_LEAD, -2) & trail & has(C1_LEAD, 0) & has(C1_NEXT, 1)
        found |= has(SIGN, -2) & trail & has(SIGN, 0) & has(TRAIL, 1)
        spaced = has(HIGH, -4) & has(TRAIL, -3) & high[-2] & trail & high[0] & has(TRAIL, 1)
    found |= has(INVERTED, 0) & has(BIG5_MARK, 1)
    # A sign of a Latin legacy page inside an ASCII word (`mo¿na`).
    found |= t.page_signs.take(codes[0], mode="clip") & has(ASCII_LETTER, -1) & has(ASCII_LETTER, 1)
    # Two Latin-1 characters side by side, but two typographic marks or a Latin digraph;
    # Latin spelling (`scan._latin_run`) apart, by the run of two or three they are in.
    pair = high[-1] & high[0] & ~(has(TYPO, -1) & has(TYPO, 0))
    digraph = spelling = none
    if pair.any():
        high[-3], high[2] = has(HIGH, -3), has(HIGH, 2)
        alpha = {k: has(ALPHA, k) for k in (-2, -1, 0, 1)}
        ascii_letter = {k: has(ASCII_LETTER, k) for k in (-3, -2, 1, 2)}
        letters = alpha[-1] & alpha[0]
        left, right = ascii_letter[-2], ascii_letter[1]
        digraph = pair & letters & ((left & right) | ((left | right) & (codes[-1] == codes[0])))
        pair &= ~digraph
        elided = (codes[-1] == ord("’")) & alpha[0] & alpha[-2]
        spelling = ~high[-2] & ~high[1] & ((letters & (alpha[-2] | alpha[1])) | elided)
        spelling |= high[-2] & ~high[-3] & ~high[1] & letters & alpha[-2] & ascii_letter[-3] & ascii_letter[1]
        spelling |= ~high[-2] & high[1] & ~high[2] & letters & alpha[1] & ascii_letter[-2] & ascii_letter[2]
        spelling &= pair
        found |= pair & ~spelling
    # A rare lead's weak trace: the scan counts it with the spaced ones when its lead
    # is a Latin-1 letter or sign alone (`LLÉ\xa0:`), and takes it as a pair when it
    # is one (Mac Roman `’é`); elsewhere it is strong here.
    lone = high[-1] & ~has(TYPO, -1) & ~high[0]
    found |= rare & ~lone & ~pair
    paired = high[0] & ~high[-1] & ~high[1] & has(TRAIL, 1) & ~has(ASCII_LETTER, 1)
    others = found | latin
    syllable &= ~found
    every = others | spaced | syllable | rare | spelling | digraph
    if every.any():
        foreign = (_foreign_letter(codes[-1]) | has(TYPO, -1)) & (_foreign_letter(codes[0]) | has(TYPO, 0))
    else:
        foreign = every  # nothing to look at (most clean text): spare the array work
    return Candidates(
        strong=where[found],
        latin=where[latin & ~found],
        spaced=where[spaced & ~others],
        syllables=where[syllable & ~spaced],
        rare=where[rare & lone & ~others & ~spaced],
        spelling=where[spelling & ~others & ~spaced],
        paired=where[paired],
        digraphs=where[digraph],
        foreign=where[every & foreign],
        counts=counts,
    )


def _among_ascii(where: Positions, classes: _Bits, padded: Codes, t: Tables) -> npt.NDArray[np.bool_]:
    """Which of `where` can still end a trace: not those with ASCII at the two places
    before them, but for a few.

    Most non-ASCII characters of Latin-script text stand among ASCII (`café`). With
    ASCII at -1 and -2, no lead, pair or Latin-1 neighbour is there: only a character
    that is a trace by itself (ALONE, PAIRS, A_HAT, INVERTED, a page sign) or a
    Latin-1 one before an ASCII trail byte (`paired`) can still be a candidate.
    """
    near = (padded[where + _BEFORE - 1] > 0x7F) | (padded[where + _BEFORE - 2] > 0x7F)
    alone = (classes & (ALONE | PAIRS | A_HAT | INVERTED)) != 0
    after = t.misc.take(padded[where + _BEFORE + 1], mode="clip")
    paired = ((classes & HIGH) != 0) & ((after & TRAIL) != 0) & ((after & ASCII_LETTER) == 0)
    signs = t.page_signs.take(padded[where + _BEFORE], mode="clip")
    kept: npt.NDArray[np.bool_] = near | alone | paired | signs
    return kept


def _foreign_letter(code: Codes) -> npt.NDArray[np.bool_]:
    """Whether each code point is in the Greek or Cyrillic blocks, U+0370-U+052F."""
    mask: npt.NDArray[np.bool_] = (code >= 0x370) & (code <= 0x52F)
    return mask


def _paragraphs(points: Codes) -> tuple[Positions, Positions, Positions]:
    """The first line break of each blank line, and where each paragraph begins and ends."""
    blank = np.flatnonzero((points[:-1] == 10) & (points[1:] == 10))
    return blank, np.concatenate(([0], blank + 2)), np.concatenate((blank, [len(points)]))


def quiet(points: Codes, c: Candidates, least: int, longest: int) -> Positions:
    """The spaced, syllable, rare and spelling candidates that stand in a paragraph
    (between blank lines, at most `longest` characters) holding no other candidate,
    no `paired` character, and fewer than `least` spaced, syllable and rare ones.

    The scan takes these weak traces only `least` at a time (or as a pair, in a
    block mostly of pairs) and finds no pair in Latin spelling, and a paragraph that
    short is the block around each of its traces, so these can make no block. The
    points must begin and end at paragraph boundaries.
    """
    weak = np.concatenate((c.spaced, c.syllables, c.rare, c.spelling))
    if len(weak) == 0:
        return weak
    blank, starts, ends = _paragraphs(points)

    def per_paragraph(positions: Positions) -> npt.NDArray[np.intp]:
        counts: npt.NDArray[np.intp] = np.bincount(np.searchsorted(blank, positions), minlength=len(starts))
        return counts

    counted = np.concatenate((c.spaced, c.syllables, c.rare))
    loud = per_paragraph(np.concatenate((c.strong, c.latin, c.paired))) * least + per_paragraph(counted)
    paragraph = np.searchsorted(blank, weak)
    found: Positions = weak[(loud[paragraph] < least) & ((ends - starts) <= longest)[paragraph]]
    return found


def native(points: Codes, c: Candidates, ratio: int, longest: int) -> Positions:
    """The candidates that stand in a paragraph (between blank lines, at most `longest`
    characters) where every candidate is `foreign` and Greek and Cyrillic code points
    are at least `ratio` times as many as the candidates.

    `scan._native_letters` passes over such a paragraph, as it would over any block
    whose every regex hit is one of these, with that many letters: the paragraph is
    the block around each of its traces, and its hits are among these candidates (or
    digraphs). The points must begin and end at paragraph boundaries.
    """
    every = np.concatenate((c.strong, c.latin, c.spaced, c.syllables, c.rare, c.spelling, c.digraphs))
    if len(every) == 0 or len(c.foreign) == 0:
        return c.foreign[:0]
    blank, starts, ends = _paragraphs(points)
    size = len(starts)
    paragraph = np.searchsorted(blank, every)
    total = np.bincount(paragraph, minlength=size)
    foreign = np.bincount(np.searchsorted(blank, c.foreign), minlength=size)
    quiet = (total > 0) & (foreign == total) & ((ends - starts) <= longest)
    for k in np.flatnonzero(quiet).tolist():
        letters = int(np.count_nonzero(_foreign_letter(points[starts[k] : ends[k]])))
        quiet[k] = letters >= ratio * total[k]
    found: Positions = every[quiet[paragraph]]
    return found


def lines(points: Codes, positions: Positions) -> list[tuple[int, int]]:
    """The sorted, disjoint lines (each with its line break) that hold a position, as
    character ranges."""
    if len(positions) == 0:
        return []
    breaks = np.flatnonzero(points == 10)
    # Line k runs from after break k-1 to the end of break k.
    k = np.unique(np.searchsorted(breaks, positions))
    bounds = np.concatenate(([0], breaks + 1, [len(points)]))
    return list(zip(bounds[k].tolist(), bounds[k + 1].tolist(), strict=True))
