"""Candidate spans: stretches of text that some wrong decoder could have produced.

Two directions are scanned, each structurally: a candidate exists only where the
suspect characters, encoded back with the wrong codec family, form valid bytes of
the right one.

- UTF-8 read as a CJK codec: runs of non-ASCII characters whose GBK / Big5 /
  Shift_JIS / EUC-KR / EUC-JP bytes are valid UTF-8 (`鈥檚` -> E2 80 99 73 -> `’s`).
- CJK bytes read as Latin-1 / cp1252: runs of Latin-1 characters whose bytes are
  valid double-byte sequences of a CJK codec (`ÖÐÎÄ` -> D6 D0 CE C4 -> `中文`).

Whether a candidate is taken is for `score` to say; this module only proposes.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from . import lossy
from .chardata import decode_singles, is_cjk_letter
from .scan import rare
from .sloppy import (
    CP1252_SPECIALS,
    FAMILIES,
    RIVAL_TABLES,
    Family,
    byte_table,
    char_class,
    decode_cjk,
    repertoire,
    runs,
    undecodable,
    utf8_length,
    whole_sequences,
)

# Stretches of characters Latin-1 or cp1252 decode to, and the non-ASCII ones among them.
# (One regex for "a stretch holding a non-ASCII one" backtracks quadratically over ASCII.)
LATIN1_STRETCH = re.compile(f"[\\x00-\\xff{CP1252_SPECIALS}]+")
LATIN1_HIGH = re.compile(f"[\\x80-\\xff{CP1252_SPECIALS}]")

HIGH = re.compile("[\x80-\xff]+")

# Byte patterns of runs of double-byte characters in each legacy CJK codec.
_DBCS_RUN = {
    "gbk": rb"(?:[\x81-\xfe][\x40-\x7e\x80-\xfe])+",
    "big5": rb"(?:[\x81-\xfe][\x40-\x7e\xa1-\xfe])+",
    "shift_jis": rb"(?:[\x81-\x9f\xe0-\xfc][\x40-\x7e\x80-\xfc])+",
    "euc_kr": rb"(?:[\x81-\xfe][\x41-\x5a\x61-\x7a\x81-\xfe])+",
    "euc_jp": rb"(?:[\xa1-\xfe][\xa1-\xfe]|\x8e[\xa1-\xdf]|\x8f[\xa1-\xfe][\xa1-\xfe])+",
}
DBCS_RUN = {k: re.compile(v) for k, v in _DBCS_RUN.items()}

# One UTF-8 sequence (ASCII included), as the standard allows it.
_SEQ = (
    rb"[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_SEQS = re.compile(_SEQ)
_STRETCH = re.compile(rb"(?:" + _SEQ + rb")+")
# The first bytes of a sequence that the data ends before completing.
_CUT = re.compile(
    rb"(?:[\xc2-\xdf]|\xe0[\xa0-\xbf]?|[\xe1-\xec\xee\xef][\x80-\xbf]?|\xed[\x80-\x9f]?"
    rb"|\xf0(?:[\x90-\xbf][\x80-\xbf]?)?|[\xf1-\xf3](?:[\x80-\xbf][\x80-\xbf]?)?"
    rb"|\xf4(?:[\x80-\x8f][\x80-\xbf]?)?)\Z"
)


# The layer of candidates that ftfy's own `fix_encoding` proposes.
FTFY = "ftfy"


@dataclass(frozen=True)
class Candidate:
    """A proposed replacement of text[start:end] by one decoding layer."""

    start: int
    end: int
    replacement: str
    layer: tuple[str, str]  # (the encoding the bytes really were in, the wrong decoder)
    lost: tuple[lossy.Reconstruction, ...] = ()
    ftfy_layer: tuple[str, str] = ("", "")  # for ftfy's fixes: the layer its plan undid
    whole_run: bool = False  # the span is a whole run of suspect characters
    also_utf8: bool = False  # legacy CJK bytes that are valid UTF-8 too (`Ã¢`: 창 or â)
    trusted: bool = True  # for ftfy's fixes: its badness test finds the fixed line good


def _utf8_islands(data: bytes, bounds: Callable[[int], int | None]) -> Iterator[tuple[int, int, int, bytes]]:
    """Yield (first character, end character, missing bytes, bytes) of maximal UTF-8 stretches.

    `bounds(offset)` is the index of the character that starts at that byte offset,
    or None inside a character. A stretch starts and ends on a character boundary
    and holds at least one multi-byte sequence; one that ends in a sequence cut
    short by the end of the data reports how many bytes it misses.
    """
    covered = 0
    for m in _STRETCH.finditer(data):
        start = end = first = None
        multi = 0
        for seq in _SEQS.finditer(data, m.start(), m.end()):
            if first is None:
                first = bounds(seq.start())
                if first is None:
                    continue
                start = seq.start()
            if seq.end() - seq.start() > 1:
                multi += 1
            if bounds(seq.end()) is not None and multi:
                end = seq.end()
        missing = 0
        cut = _CUT.match(data, m.end())
        if cut and first is not None:
            end = len(data)
            missing = utf8_length(data[m.end()]) - (cut.end() - cut.start())
        if first is not None and start is not None and end is not None:
            last = bounds(end)
            assert last is not None
            covered = end
            yield first, last, missing, data[start:end]
    # A lone sequence cut short at the very end, with no complete one before it.
    cut = _CUT.search(data, max(covered, len(data) - 3))
    if cut and cut.start() >= covered:
        first = bounds(cut.start())
        last = bounds(len(data))
        if first is not None and last is not None:
            yield first, last, utf8_length(data[cut.start()]) - len(cut.group()), cut.group()


def _uniform(width: int, count: int) -> Callable[[int], int | None]:
    def bounds(offset: int) -> int | None:
        index, rest = divmod(offset, width)
        return None if rest or index > count else index

    return bounds


def utf8_misread(
    text: str,
    cut_short: bool = False,
    mode: str = "infer",
    repaired: Sequence[tuple[int, int]] = (),
    shown: Iterable[str] = (),
) -> Iterator[Candidate]:
    """Candidates for UTF-8 bytes that a CJK or single-byte decoder misread.

    With `cut_short`, only the stretches read by a CJK decoder that end in a
    sequence missing bytes; without, only the complete ones. `repaired` are sorted
    spans of text already read as UTF-8 in this pass: no run reaches into them (the
    kanji 整 repaired after a hole would otherwise lend the hole its first byte).
    `shown` are the families whose reading the text has proven elsewhere: there a
    hole left unguessed is marked whatever stands before it.
    """
    shown = frozenset(shown)
    for family in FAMILIES.values():
        if family.multibyte or not cut_short:
            done: list[Candidate] = []  # earlier holes, so that later ones see them filled
            opening = _opening(family.name)
            for m in _suspect_runs(family.name, cut_short).finditer(text):
                for start, end in _outside(m.start(), m.end(), repaired):
                    run = text[start:end]
                    if cut_short and run[-1] not in opening and not _ends_open(run, family):
                        continue
                    for cand in _utf8_in_run(
                        text, start, run, family, cut_short, done, mode, family.name in shown
                    ):
                        done.append(cand)
                        yield cand
            if cut_short:
                yield from _headless(text, family, done, mode)
                yield from _dropped_middles(text, family, done, mode, repaired)


def _outside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The pieces of [start, end) outside the sorted, disjoint `spans`."""
    i = bisect.bisect_right(spans, (start, start)) - 1
    i = max(i, 0)
    pos = start
    for a, b in spans[i:]:
        if a >= end:
            break
        if b <= pos:
            continue
        if a > pos:
            yield pos, a
        pos = max(pos, b)
    if pos < end:
        yield pos, end


HOLE = "\ufffd"


@cache
def _hole_runs(name: str) -> re.Pattern[str]:
    """Runs of a single-byte family's characters and U+FFFD, with a space after a
    two-byte lead taken in (its no-break space made plain, as ftfy knows: `Ð у` is Ру)."""
    leads = _two_byte_leads(name)
    return re.compile(f"(?:{char_class(repertoire(name) | {HOLE})}|(?<={leads}) )" + "{2,}")


@cache
def _two_byte_leads(name: str) -> str:
    """A class of the family's characters whose byte leads a two-byte UTF-8 sequence."""
    return char_class(
        {ch for ch, data in byte_table(name).items() if len(data) == 1 and 0xC2 <= data[0] <= 0xDF}
    )


def single_byte_holes(text: str, mode: str = "infer") -> Iterator[Candidate]:
    """Candidates for UTF-8 read by a strict single-byte decoder that wrote U+FFFD for
    the bytes it has no character for (Python's cp1252: `ã�“` is こ, `Ñ�` is с)."""
    if HOLE not in text or mode == "keep":
        return
    for family in FAMILIES.values():
        lost = undecodable(family.name)
        if not lost:
            continue
        stand_in = lost[:1].decode(family.codecs[0])
        for m in _hole_runs(family.name).finditer(text):
            run = m.group()
            if HOLE not in run:
                continue
            spaced = re.sub(f"(?<={_two_byte_leads(family.name)}) ", "\xa0", run)
            data = family.encode(spaced.replace(HOLE, stand_in))
            if data is None or len(data) != len(run):
                continue
            holes = [i for i, ch in enumerate(run) if ch == HOLE]
            for first, end, missing, chunk in _utf8_islands(data, _uniform(1, len(run))):
                inside = [h - first for h in holes if first <= h < end]
                if missing or not inside:
                    continue
                start, stop = m.start() + first, m.start() + end
                # The text around, read through the same layer as far as it goes.
                before = _as_utf8(family, text[max(0, start - 300) : start])
                after = _as_utf8(family, text[stop : stop + 300])
                rec = lossy.complete_undecodable(chunk, inside, lost, before, after, mode)
                if rec is not None:
                    whole = first == 0 and end == len(run)
                    yield Candidate(start, stop, rec.text, ("utf-8", family.name), (rec,), whole_run=whole)


@cache
def _byte_classes(name: str) -> tuple[str, str, str, str]:
    """Character classes of a single-byte family's two-, three- and four-byte UTF-8
    leads and of its continuation bytes."""
    table = byte_table(name)

    def between(lo: int, hi: int) -> str:
        return char_class({ch for ch, data in table.items() if len(data) == 1 and lo <= data[0] <= hi})

    return between(0xC2, 0xDF), between(0xE0, 0xEF), between(0xF0, 0xF4), between(0x80, 0xBF)


# Categories of characters that real text does not write where a space was: spaces
# (U+00A0 itself), modifier signs and letters, controls, private and unassigned.
_NOT_WRITTEN = frozenset({"Zs", "Sk", "Lm", "Cc", "Co", "Cn"})


@cache
def _spaced_sequences(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A sequence with a space for one of its continuation bytes, and a whole sequence,
    in the family's characters."""
    lead2, lead3, lead4, cont = _byte_classes(name)
    spaced = re.compile(
        f"{lead2} |{lead3}(?: {cont}|{cont} )|{lead4}(?: {cont}{{2}}|{cont} {cont}|{cont}{{2}} )"
    )
    whole = re.compile(f"{lead2}{cont}|{lead3}{cont}{{2}}|{lead4}{cont}{{3}}")
    return spaced, whole


def space_for_nbsp(text: str) -> Iterator[Candidate]:
    """Candidates for UTF-8 read by a single-byte decoder whose byte A0, shown as a
    no-break space, was then turned into a plain space (as ftfy's `restore_byte_a0`
    undoes): `ä½ å¥½` is 你好 (E4 BD A0, E5 A5 BD), `ì œê±°` 제거 (EC A0 9C).

    Only beside a whole sequence read the same way (the candidate takes in the run
    of them on each side), or, for a two-byte one, at the end of an ASCII word (`vÃ `
    is và), so that Latin text (`café” `) is never read so; and only through cp1252
    and Latin-1, the web's default, since Greek or Cyrillic capitals read through
    their own page pair up as UTF-8 often enough to make such a sequence of their own.
    """
    family = FAMILIES["windows-1252"]
    spaced, whole = _spaced_sequences(family.name)
    done = 0
    for m in spaced.finditer(text):
        start, end = m.start(), m.end()
        if start < done:
            continue  # inside the last candidate's run
        stop = end
        while (w := whole.match(text, stop) or spaced.match(text, stop)) is not None:
            stop = w.end()
        first = start
        while k := next((k for k in (2, 3, 4) if k <= first and whole.fullmatch(text, first - k, first)), 0):
            first -= k
        glued = end - start == 2 and start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()
        if first == start and stop == end and not glued:
            continue
        done = stop
        piece = text[first:stop].replace(" ", "\xa0")
        data = family.encode(piece)
        if data is None:
            continue
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(ch) in _NOT_WRITTEN for ch in decoded):
            continue  # a no-break space or a modifier sign (`ЛІВ ` as `˲\xa0`) is no text
        known = family.encode(m.group().replace(" ", "")) or b""
        restored = (family.encode(m.group().replace(" ", "\xa0")) or b"").decode("utf-8", "replace")
        rec = lossy.Reconstruction(decoded, restored, known, "spaced", "A0 restored from the space", 0.9, 0)
        yield Candidate(first, stop, decoded, ("utf-8", family.name), (rec,))


# A sequence one continuation byte short, then no continuation.
_ONE_SHORT = re.compile(rb"(?:[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf]{2})(?![\x80-\xbf])")


def single_byte_dropped(text: str, mode: str = "infer") -> Iterator[Candidate]:
    """Candidates for UTF-8 read by a strict single-byte decoder with errors="ignore",
    which dropped the bytes it has no character for: `ã‘` is け (E3 81 91) without its
    81, `Ñ` с (D1 81). A sequence one byte short, in a stretch that holds whole
    sequences too, gets a byte back at the place and of the value UTF-8's structure,
    the decoder's gaps and the context make likeliest (`lossy.complete_undecodable`).
    """
    if mode == "keep" or HOLE in text:
        return  # a decoder that writes U+FFFD for what it cannot read dropped nothing
    for family in FAMILIES.values():
        lost = undecodable(family.name)
        if not lost or _unwritten(family.name).search(text):
            continue  # the strict decoder writes no such character: it did not read this
        for m in runs(family.name).finditer(text):
            data = family.encode(m.group())
            if data is None or len(data) != len(m.group()) or not _ONE_SHORT.search(data):
                continue
            for first, end, chunk, holes in _short_stretches(data, lost):
                start, stop = m.start() + first, m.start() + end
                before = _as_utf8(family, text[max(0, start - 300) : start])
                after = _as_utf8(family, text[stop : stop + 300])
                try:
                    rec = lossy.complete_undecodable(chunk, holes, lost, before, after, mode)
                except UnicodeDecodeError:
                    continue  # a hole marked where the decoder's first gap is no valid byte
                if rec is not None:
                    rec = replace(rec, pattern="dropped", scored_as="", inside=0)
                    yield Candidate(start, stop, rec.text, ("utf-8", family.name), (rec,))


@cache
def _unwritten(name: str) -> re.Pattern[str]:
    """Non-ASCII characters that the family's strict decoder never writes (C1 controls,
    for cp1252's)."""
    strict = FAMILIES[name].codecs[0].removeprefix("sloppy-")
    written = {ch for _, ch in decode_singles(strict, range(0x80, 0x100))}
    return re.compile(f"[^\\x00-\\x7f{re.escape(''.join(sorted(written)))}]")


def _short_stretches(data: bytes, lost: bytes) -> Iterator[tuple[int, int, bytes, list[int]]]:
    """Stretches of whole UTF-8 sequences and sequences one byte short, holding both:
    (first byte, end byte, the bytes with a byte of `lost` put back, where it went).

    Where the lost byte stood in a sequence (E3 ?? 82 or E3 82 ??) is the place where
    some byte of `lost` makes the character likeliest between its neighbours.
    """
    i, n = 0, len(data)
    while i < n:
        start = i
        # Each sequence's readings, as (bytes, where a byte was put back or -1).
        pieces: list[list[tuple[bytes, int]]] = []
        while i < n:
            size = utf8_length(data[i]) if data[i] >= 0xC2 else 0
            j = i + 1
            while j < n and j < i + size and 0x80 <= data[j] <= 0xBF:
                j += 1
            if size >= 2 and j - i == size and _is_utf8(data[i:j]):
                pieces.append([(data[i:j], -1)])
            elif size >= 2 and j - i == size - 1:
                options = _lost_options(data[i:j], lost)
                if not options:
                    break
                pieces.append(options)
            else:
                break
            i = j
        whole = sum(len(p) == 1 and p[0][1] < 0 for p in pieces)
        if whole and whole < len(pieces):
            chars = [p[0][0].decode("utf-8") for p in pieces]
            out = bytearray()
            holes = []
            for k, options in enumerate(pieces):
                seq, at = options[0]
                if at >= 0:
                    prev, nxt = "".join(chars[max(0, k - 2) : k]), "".join(chars[k + 1 : k + 3])
                    seq, at = _likeliest(options, lost, prev, nxt)
                    chars[k] = seq.decode("utf-8")
                    holes.append(len(out) + at)
                out += seq
            yield start, i, bytes(out), holes
        i = max(i, start + 1)


def _lost_options(seq: bytes, lost: bytes) -> list[tuple[bytes, int]]:
    """Every place and byte of `lost` that make `seq`, one byte short, a character."""
    options = []
    for at in range(1, len(seq) + 1):
        for b in lost:
            trial = seq[:at] + bytes([b]) + seq[at:]
            if _is_utf8(trial):
                options.append((trial, at))
    return options


def _likeliest(options: list[tuple[bytes, int]], lost: bytes, prev: str, nxt: str) -> tuple[bytes, int]:
    """The option at the place that makes the likelier character between `prev` and
    `nxt`: each place's byte as `lossy.complete_undecodable` chooses it (`、` is
    E3 80 81, not E3 81 80), then the places' CJK letters ranked together by the word
    lists (`あり` before `わり`), else the surest choice."""
    from .frequency import language_of, rank

    chosen: list[tuple[float, str, int]] = []
    for at in sorted({at for _, at in options}):
        seq = next(seq for seq, place in options if place == at)
        rec = lossy.complete_undecodable(seq, [at], lost, prev, nxt)
        if rec is not None and rec.inferred != lossy.REPLACEMENT:
            chosen.append((rec.confidence, rec.text, at))
    if not chosen:
        return options[0]
    letters = [ch for _, ch, _ in chosen]
    if len(chosen) > 1 and all(is_cjk_letter(ch) for ch in letters):
        best = rank(prev, nxt, language_of(prev + nxt + "".join(letters)), letters)[0][0]
        _, ch, at = chosen[letters.index(best)]
    else:
        _, ch, at = max(chosen)
    return ch.encode("utf-8"), at


def _as_utf8(family: Family, text: str) -> str:
    """`text` read back through the family's bytes as UTF-8 (undecodable bytes become
    U+FFFD); the U+FFFD already in it stay as they are."""
    out = []
    for piece in re.split(f"({HOLE})", text):
        data = family.encode(piece) if piece != HOLE else None
        out.append(data.decode("utf-8", "replace") if data is not None else piece)
    return "".join(out)


def _ends_open(run: str, family: Family) -> bool:
    """Whether the run's bytes end inside a UTF-8 sequence though its last character does
    not open one: Shift_JIS reads 。 (E3 80 82) after す as `吶\x80`, its 82 lost."""
    data = family.encode(run[-2:]) or b""
    return _CUT.search(data, max(0, len(data) - 3)) is not None


@cache
def _after_hole(name: str) -> re.Pattern[str]:
    """Runs of a family's characters right after a mark a lossy decoder left."""
    return re.compile(f"(?<=[{lossy.HOLE_MARKS}]){char_class(repertoire(name))}+")


def _readable(text: str) -> bool:
    """Whether `text` has no combining mark, control, format, private-use or unassigned
    character: what a UTF-8 sequence read after a lost lead may be."""
    return not any(unicodedata.category(ch)[0] in "MC" for ch in text)


def _headless(text: str, family: Family, done: list[Candidate], mode: str) -> Iterator[Candidate]:
    """Sequences whose lead byte was lost with the pair before them (browsers, .NET).

    After the mark, the run's bytes begin with one or two continuation bytes; the
    lead is inferred, and the valid UTF-8 after them is decoded as usual.
    """
    for m in _after_hole(family.name).finditer(text):
        for piece_start, data, bounds in _pieces(m.group(), family):
            if piece_start:
                break
            k = 0
            while k < len(data) and k < 3 and 0x80 <= data[k] <= 0xBF:
                k += 1
            if k not in (1, 2):
                break
            end = k
            stretch = _STRETCH.match(data, k)
            if stretch:
                for seq in _SEQS.finditer(data, k, stretch.end()):
                    if bounds(seq.end()) is not None:
                        end = seq.end()
            if end > k and not _readable(data[k:end].decode("utf-8")):
                # What follows was read back already (a later pass): `�쑍系统` would
                # read 系's cp949 bytes CD A7 as U+0367.
                end = k
            last = bounds(end)
            if last is None:
                break
            start = m.start()
            mark = text[start - 1]
            # The text before the mark, holes filled; with the mark where the hole
            # before it took it as its own lost byte (`ﾃ�`, Ä's 84 lost with C3).
            taken = any(c.end == start for c in done[-4:])
            rec = lossy.complete_headless(
                data[:k],
                data[k:end].decode("utf-8"),
                text,
                start,
                start + last,
                _filled(text, start if taken else start - 1, done),
                mark,
                mode,
                family.codecs,
            )
            if rec is not None:
                # A mark after a whole character (ASCII, or a repair that ends there)
                # stands for this one's lead byte (Python's decoders; `?` where such
                # text was saved in the wrong codec), or for it and the byte after it
                # (.NET): it goes too.
                alone = (
                    start == 1
                    or text[start - 2].isascii()
                    or text[start - 2] in lossy.HOLE_MARKS
                    or any(c.end == start - 1 for c in done[-4:])
                )
                if alone:
                    rec = replace(rec, leading=1)
                cand = Candidate(
                    start - alone, start + last, rec.text, ("utf-8", family.name), (rec,), whole_run=True
                )
                done.append(cand)
                yield cand
            break


# A mark a lossy decoder leaves, beside the text it garbled.
_MARKED = re.compile("\ufffd|[^\x00-\x7f][?・]|[?・][^\x00-\x7f]")


def _dropped_middles(
    text: str, family: Family, done: list[Candidate], mode: str, repaired: Sequence[tuple[int, int]] = ()
) -> Iterator[Candidate]:
    """Sequences whose last or middle byte a decoder dropped without a trace, inside a run.

    GBK with errors="ignore" drops 客's AE (E5 AE A2: it cannot pair AE with A2) and
    pairs A2 with 户's lead: `勫㈡埛` is 84 E5, A2 E6, 88 B7. Where a character's bytes
    end in a lead and the next one's begin with a continuation byte, the run is read
    on from there (`lossy.complete_dropped_middle`). Where they end in a lead and one
    more byte (端's E7 AB, then 字's E5), the last byte is completed as at a run's end.
    """
    if mode == "keep" or _MARKED.search(text):
        return  # a decoder that marks what it loses drops nothing
    runs = (
        (start, end)
        for m in _suspect_runs(family.name, True).finditer(text)
        for start, end in _outside(m.start(), m.end(), repaired)
    )
    # Where UTF-8 read earlier ends: a lone pair of bytes right after it may be cut short.
    ends = {end for _, end in repaired} | {c.end for c in done}
    for run_start, run_end in runs:
        for piece_start, data, bounds in _pieces(text[run_start:run_end], family):
            # Each place UTF-8 breaks off: the run's start, and the end of each stretch.
            stretches = [(0, 0), *((m.start(), m.end()) for m in _STRETCH.finditer(data))]
            for begin, cut in stretches:
                if not (cut + 1 < len(data) and 0xE1 <= data[cut] <= 0xEF and 0x80 <= data[cut + 1] <= 0xBF):
                    continue
                # E5 [AE] A2 E6: the lead ends a character, the next begins with a
                # continuation byte. E7 AB [AF] E5: the lead and one byte end one.
                width = 1 if bounds(cut + 1) is not None else 2 if bounds(cut + 2) is not None else 0
                if not width:
                    continue
                seqs = (seq.start() for seq in _SEQS.finditer(data, begin, cut))
                first = next((bounds(at) for at in (*seqs, cut) if bounds(at) is not None), None)
                if first is None:
                    continue
                start = run_start + piece_start + first
                if width == 2 and first == bounds(cut) and start not in ends:
                    continue  # a lone pair of bytes needs UTF-8 just before it
                stop = run_start + piece_start + (bounds(cut + width) or 0)
                chunk = data[_offset_of(bounds, first, cut) : cut + width]
                before = _filled(text, start, done)
                if width == 1:
                    rec = lossy.complete_dropped_middle(chunk, text, start, stop, before, mode, family.codecs)
                else:
                    rec = lossy.complete_truncated(chunk, text, start, stop, before, mode, family.codecs)
                    rec = rec if rec is not None and rec.guessed else None
                if rec is not None:
                    cand = Candidate(start, stop + rec.consumed, rec.text, ("utf-8", family.name), (rec,))
                    done.append(cand)
                    ends.add(cand.end)
                    yield cand


def _offset_of(bounds: Callable[[int], int | None], index: int, limit: int) -> int:
    """The byte offset at which character `index` starts (searching up to `limit`)."""
    return next(offset for offset in range(limit + 1) if bounds(offset) == index)


@cache
def _suspect_runs(name: str, cut_short: bool) -> re.Pattern[str]:
    """Runs of a family's characters that could hold a UTF-8 sequence.

    A single-byte family needs two characters for one; a double-byte family needs
    two, or one whose bytes are a whole sequence (`茅`, C3 A9), or, cut short, a
    run ending in a character whose bytes open a sequence (`鈥`, E2 80).
    """
    family = FAMILIES[name]
    if not family.multibyte:
        return re.compile(char_class(repertoire(name)) + "{2,}")
    # Japanese Windows writes `・` for a pair it cannot read, as others write `?`: a
    # mark between runs (see `lossy._marks_after`), though its bytes are Shift_JIS.
    rep = char_class(repertoire(name) - {"・"})
    if cut_short:
        return re.compile(rep + "+")
    return re.compile(f"{rep}(?:{rep}+|(?<={char_class(whole_sequences(name))}))")


@cache
def _opening(name: str) -> frozenset[str]:
    """A family's characters whose bytes end by opening a UTF-8 sequence (`鈥`, E2 80)."""
    return frozenset(
        ch
        for ch, data in byte_table(name).items()
        if 0xC2 <= data[-1] <= 0xF4 or (len(data) == 2 and data[0] >= 0xE0 and data[1] < 0xC0)
    )


def _offsets(lengths: Iterable[int]) -> Callable[[int], int | None]:
    """`bounds` for characters of these byte lengths: byte offset -> character index."""
    offsets: dict[int, int] = {}
    pos = count = 0
    for n in lengths:
        offsets[pos] = count
        pos += n
        count += 1
    offsets[pos] = count
    return offsets.get


def _pieces(run: str, family: Family) -> Iterator[tuple[int, bytes, Callable[[int], int | None]]]:
    """Split a run into the stretches the family encodes; give each one's bytes and boundaries."""
    for m in runs(family.name).finditer(run):
        piece = m.group()
        data = family.encode(piece)
        if data is None:
            continue
        if len(data) in (len(piece), 2 * len(piece)):
            yield m.start(), data, _uniform(len(data) // len(piece), len(piece))
            continue
        yield m.start(), data, _offsets(family.lengths(piece))


# How much text before a hole its completion looks at (see `lossy`).
CONTEXT = 3000


def _filled(text: str, end: int, done: list[Candidate]) -> str:
    """The CONTEXT characters before `end`, with the holes completed so far put in."""
    pos = max(0, end - CONTEXT)
    parts = []
    first = max(0, len(done) - 64)  # the latest holes: the ones near `end`
    while first < len(done) and done[first].start < pos:
        first += 1
    for c in done[first:]:
        if c.end <= end and c.start >= pos:
            parts += [text[pos : c.start], c.replacement]
            pos = c.end
    parts.append(text[pos:end])
    return "".join(parts)


def _utf8_in_run(
    text: str,
    offset: int,
    run: str,
    family: Family,
    cut_short: bool,
    done: list[Candidate],
    mode: str = "infer",
    proven: bool = False,
) -> Iterator[Candidate]:
    for piece_start, data, bounds in _pieces(run, family):
        for first, end, missing, chunk in _utf8_islands(data, bounds):
            if bool(missing) != cut_short:
                continue
            start = offset + piece_start + first
            stop = offset + piece_start + end
            if missing:
                rec = lossy.complete_truncated(
                    chunk, text, start, stop, _filled(text, start, done), mode, family.codecs
                )
                if rec is None and proven and first == 0 and text[stop : stop + 1] in ("?", "・"):
                    # A character alone, cut short before a mark, in a text whose layer is
                    # proven: marked, the `?` kept (`灏?<大小>`: 将 or 就 or 小).
                    rec = lossy.marked_before(chunk)
                if rec is None:
                    # The hole stays as it is; the whole sequences before it are repaired.
                    tail = len(chunk) - lossy.cut_start(chunk)
                    solid = bounds(len(data) - tail) if tail < len(chunk) else None
                    if solid is not None and solid > first:
                        yield Candidate(
                            start,
                            offset + piece_start + solid,
                            chunk[: len(chunk) - tail].decode("utf-8"),
                            ("utf-8", family.name),
                        )
                    continue
                if rec is not None and not rec.guessed and not proven:
                    # Nothing inferred: only rare characters before the hole show that it
                    # was a lost byte, not real text with a U+FFFD of its own; all of them
                    # if nothing decoded either. In a text whose layer is proven, the
                    # hole is marked anyway (`b岷�n`, Vietnamese bạn, is no Chinese word).
                    suspects = [ch in rare() for ch in text[start:stop]]
                    if not (all(suspects) if not rec.text.rstrip("\ufffd") else any(suspects)):
                        continue
                if rec is not None:
                    yield Candidate(
                        start,
                        stop + rec.consumed,
                        rec.text,
                        ("utf-8", family.name),
                        (rec,),
                        whole_run=first == 0,
                    )
                continue
            whole = first == 0 and bounds(len(data)) == end
            yield Candidate(start, stop, chunk.decode("utf-8"), ("utf-8", family.name), whole_run=whole)


def cjk_read_as_latin1(text: str, mode: str = "infer") -> Iterator[Candidate]:
    """Candidates for legacy CJK bytes that a Latin-1 or cp1252 decoder misread.

    A strict cp1252 decoder writes U+FFFD for the bytes it has no character for (81,
    8D, 8F, 90, 9D, all Shift_JIS lead and trail bytes): those stand in the runs as
    one of them, chosen by `lossy.complete_legacy_holes`.
    """
    wrong = FAMILIES["windows-1252"]
    if HOLE in text and mode != "keep":
        yield from _legacy_holes(text, mode)
    for m in LATIN1_STRETCH.finditer(text):
        if not LATIN1_HIGH.search(text, m.start(), m.end()):
            continue
        run = m.group()
        data = wrong.encode(run)
        if data is None or len(data) != len(run):
            continue
        for name, pattern in DBCS_RUN.items():
            for bm in pattern.finditer(data):
                chunk = bm.group()
                if len(chunk) < 2:
                    continue
                # Valid UTF-8 too: UTF-8 read as a single-byte codec, ftfy's case, unless
                # the text around it is this codec read as Latin-1 (`repair`).
                start, end = m.start() + bm.start(), m.start() + bm.end()
                also_utf8 = _is_utf8(chunk)
                # Every byte paired up to the ASCII on each side, and, outside
                # Shift_JIS, a Latin-1 letter or sign among them: their common
                # characters lead with A1-FE, and cp1252's quotes with ASCII
                # (`“plan”`) pair up only in GBK's rare extension.
                whole = not (_high_at(text, start - 1) or _high_at(text, end)) and (
                    name == "shift_jis" or HIGH.search(text, start, end) is not None
                )
                for decoded in _readings(chunk, name):
                    yield Candidate(
                        start, end, decoded, (name, "windows-1252"), also_utf8=also_utf8, whole_run=whole
                    )


# Latin-1 and cp1252 stretches, with the U+FFFD a strict cp1252 decoder wrote.
_LATIN1_OR_HOLE = re.compile(f"[\\x00-\\xff{CP1252_SPECIALS}\\ufffd]+")


def _legacy_holes(text: str, mode: str) -> Iterator[Candidate]:
    """Candidates for runs of legacy pairs across the holes a strict cp1252 left, where
    the holes can be filled; the pieces between the holes are candidates as well."""
    wrong = FAMILIES["windows-1252"]
    lost = undecodable("windows-1252")
    for m in _LATIN1_OR_HOLE.finditer(text):
        run = m.group()
        holes = [i for i, ch in enumerate(run) if ch == HOLE]
        if not holes or not LATIN1_HIGH.search(run):
            continue
        data = wrong.encode(run.replace(HOLE, chr(lost[0])))
        if data is None or len(data) != len(run):
            continue
        for name, pattern in DBCS_RUN.items():
            for bm in pattern.finditer(data):
                chunk = bm.group()
                inside = [h - bm.start() for h in holes if bm.start() <= h < bm.end()]
                if not inside or len(inside) * 2 > len(chunk) // 2:
                    continue  # more holes than one pair in two: no real text is that damaged
                start, end = m.start() + bm.start(), m.start() + bm.end()
                before, after = text[max(0, start - 200) : start], text[end : end + 200]
                rec = lossy.complete_legacy_holes(chunk, inside, lost, name, before, after, mode)
                if rec is not None:
                    whole = not (_high_at(text, start - 1) or _high_at(text, end))
                    yield Candidate(start, end, rec.text, (name, "windows-1252"), (rec,), whole_run=whole)


def _high_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and LATIN1_HIGH.match(text, i) is not None


def _readings(data: bytes, family: str) -> list[str]:
    """The text `data` is in the family: its main decoder's reading, and any other
    table's that differs (Big5's A1 45 is `‧` in cp950 but `•` in the original Big5
    table; Shift_JIS 81 60 is `～` in cp932, `〜` in JIS)."""
    found = []
    decoded = decode_cjk(data, family)
    if decoded is not None:
        found.append(decoded)
        for codec in RIVAL_TABLES.get(family, ()):
            try:
                other = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if other not in found:
                found.append(other)
    return found


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@cache
def _droppable_leads(name: str) -> bytes:
    """Three-byte UTF-8 lead bytes that the family's first decoder reads as no lead at
    all, and drops with errors="ignore" (cp932: EB and EC, most Hangul; EF, the
    full-width forms)."""
    codec = FAMILIES[name].codecs[0]
    found = bytearray()
    for lead in range(0xE0, 0xF0):
        readable = False
        for trail in range(0x40, 0x100):
            try:
                bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            readable = True
            break
        if not readable:
            found.append(lead)
    return bytes(found)


def dropped_leads(text: str, mode: str = "infer", shown: Iterable[str] = ()) -> Iterator[Candidate]:
    """Candidates for UTF-8 read by a decoder that dropped the lead bytes it could not
    read and went on without a trace: each character left with its two continuation
    bytes (`螺慣笈共` is 없습니다 through cp932, its leads EC and EB gone) gets the
    droppable lead that makes the likeliest character between its neighbours.

    Only for the families in `shown`, whose reading the text has already proven
    elsewhere: two continuation bytes are a common character in Shift_JIS (茅 is 8A 9D).
    """
    if mode == "keep":
        return
    for name in sorted(set(shown)):
        family = FAMILIES.get(name)
        leads = _droppable_leads(name) if family is not None and family.multibyte else b""
        if family is None or not leads:
            continue
        for m in runs(family.name).finditer(text):
            for piece_start, data, bounds in _pieces(m.group(), family):
                yield from _lead_stretches(text, m.start() + piece_start, data, bounds, family, leads, mode)


def _lead_mark(text: str, at: int) -> bool:
    """Whether the character before `at` is a decoder's mark for a lost byte: U+FFFD,
    or a `?` after no ASCII letter or digit (the text's own follows words)."""
    mark = text[at - 1 : at]
    if mark == lossy.REPLACEMENT:
        return True
    return mark == "?" and not text[at - 2 : at - 1].isalnum()


def _after(
    text: str, offset: int, data: bytes, i: int, bounds: Callable[[int], int | None]
) -> tuple[int | None, str]:
    """What follows data[i]: the next byte (in `data`, or the text's next character if
    ASCII), and the rest read as UTF-8 as far as it goes, then the text after `data`."""
    end = bounds(len(data))
    rest = text[offset + end : offset + end + 200] if end is not None else ""
    if i + 1 < len(data):
        nxt: int | None = data[i + 1]
    else:
        nxt = ord(rest[0]) if rest and rest[0] < "\x80" else None
    return nxt, data[i + 1 : i + 200].decode("utf-8", "ignore") + rest


def _lead_stretches(
    text: str,
    offset: int,
    data: bytes,
    bounds: Callable[[int], int | None],
    family: Family,
    leads: bytes,
    mode: str,
) -> Iterator[Candidate]:
    """The stretches of `data` (the bytes of the text at `offset`) that read as UTF-8
    once the lost leads are put back, each with at least one put back."""
    i = 0
    while i < len(data):
        start = i
        chars: list[str] = []
        recs: list[lossy.Reconstruction] = []
        while i < len(data):
            if data[i] < 0x80 or data[i] >= 0xC0:
                seq = _SEQS.match(data, i)
                if not seq:
                    break
                chars.append(seq.group().decode("utf-8"))
                i = seq.end()
                continue
            pair = data[i : i + 2]
            before = text[max(0, offset - 200) : offset] + "".join(chars)
            if len(pair) < 2 or not 0x80 <= pair[1] <= 0xBF:
                # One byte left of three: a full-width mark's middle byte (`ｼ`)?
                nxt, after = _after(text, offset, data, i, bounds)
                mark = lossy.lone_full_width_mark(data[i], family.codecs, nxt, before, after)
                if mark is None:
                    break
                ch, conf, method = mark
                recs.append(lossy.Reconstruction("", ch, data[i : i + 1], "dropped", method, conf, 0))
                chars.append(lossy.REPLACEMENT if mode == "mark" else ch)
                i += 1
                continue
            after = data[i + 2 : i + 200].decode("utf-8", "ignore")
            ch, conf, method = lossy.complete_lead(leads, pair, before, after)
            if ch == lossy.REPLACEMENT:
                break
            recs.append(lossy.Reconstruction("", ch, pair, "dropped", method, conf, 0))
            chars.append(lossy.REPLACEMENT if mode == "mark" else ch)
            i += 2
        first, last = bounds(start), bounds(i)
        if recs and first is not None and last is not None and last > first:
            repaired = "".join(chars)
            recs = [replace(r, text=repaired) for r in recs]
            # A mark just before a stretch that starts without its lead stands for that
            # lead (Python marks the EB or EC it cannot read, and reads the two bytes
            # after it as a pair: `�封` is 압): it goes with the repair.
            lone = recs[0].known == data[start : start + 2] and _lead_mark(text, offset + first)
            if lone:
                recs[0] = replace(recs[0], pattern="replaced", leading=1)
            yield Candidate(
                offset + first - lone, offset + last, repaired, ("utf-8", family.name), tuple(recs)
            )
        i = max(i, start + 1)
