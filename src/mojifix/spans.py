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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import lossy
from .sloppy import ALTERNATIVES, CJK_DECODERS, FAMILIES, Family

NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
LATIN1_RUN = re.compile(
    f"[\\x00-\\xff{_CP1252_SPECIALS}]*[\\x80-\\xff{_CP1252_SPECIALS}][\\x00-\\xff{_CP1252_SPECIALS}]*"
)

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

_UTF8_LEN = [0] * 256
for _b in range(0x80):
    _UTF8_LEN[_b] = 1
for _b in range(0xC2, 0xE0):
    _UTF8_LEN[_b] = 2
for _b in range(0xE0, 0xF0):
    _UTF8_LEN[_b] = 3
for _b in range(0xF0, 0xF5):
    _UTF8_LEN[_b] = 4


def _second_range(lead: int) -> tuple[int, int]:
    """The range UTF-8 allows for the byte after `lead`."""
    if lead == 0xE0:
        return 0xA0, 0xBF
    if lead == 0xED:
        return 0x80, 0x9F
    if lead == 0xF0:
        return 0x90, 0xBF
    if lead == 0xF4:
        return 0x80, 0x8F
    return 0x80, 0xBF


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


def _utf8_islands(chunks: list[bytes]) -> Iterator[tuple[int, int, int]]:
    """Yield (first chunk, end chunk, missing bytes) of maximal valid UTF-8 stretches.

    Chunks are the bytes of consecutive characters; a stretch starts and ends on a
    chunk boundary and holds at least one multi-byte sequence. A stretch that ends in
    a sequence cut short by the end of the chunks reports how many bytes it misses.
    """
    data = b"".join(chunks)
    bounds: dict[int, int] = {}
    pos = 0
    for i, c in enumerate(chunks):
        bounds[pos] = i
        pos += len(c)
    bounds[pos] = len(chunks)
    n = len(data)
    start = 0
    while start < n:
        if start not in bounds:
            start += 1
            continue
        i = start
        best = start
        multi = 0
        best_multi = 0
        missing = 0
        while i < n:
            b = data[i]
            need = _UTF8_LEN[b]
            if need == 0:
                break
            if need == 1:
                i += 1
            else:
                lo, hi = _second_range(b)
                j = i + 1
                ok = True
                for k in range(need - 1):
                    if j >= n:
                        break
                    nb = data[j]
                    if not ((lo <= nb <= hi) if k == 0 else (0x80 <= nb <= 0xBF)):
                        ok = False
                        break
                    j += 1
                if not ok:
                    break
                if j - i < need:  # the run ends inside this sequence
                    if j == n:
                        best, best_multi, missing = n, multi + 1, need - (j - i)
                    break
                i = j
                multi += 1
            if i in bounds:
                best, best_multi = i, multi
        if best > start and best_multi > 0:
            yield bounds[start], bounds[best], missing
            start = best
        else:
            start += 1


def utf8_misread(text: str, cut_short: bool = False) -> Iterator[Candidate]:
    """Candidates for UTF-8 bytes that a CJK or single-byte decoder misread.

    With `cut_short`, only the stretches read by a CJK decoder that end in a
    sequence missing bytes; without, only the complete ones.
    """
    for m in NON_ASCII_RUN.finditer(text):
        for family in FAMILIES.values():
            if family.multibyte or not cut_short:
                yield from _utf8_in_run(text, m.start(), m.group(), family, cut_short)


def _pieces(run: str, family: Family) -> Iterator[tuple[int, list[bytes]]]:
    """Split a run at characters the family cannot encode (and at U+FFFD)."""
    if "\ufffd" not in run:
        whole = family.encode(run)
        if whole is not None and len(whole) == len(run):
            yield 0, [whole[i : i + 1] for i in range(len(whole))]
            return
    start = 0
    chunks: list[bytes] = []
    for i, ch in enumerate(run):
        b = None if ch == "\ufffd" else family.encode(ch)
        if b is None:
            if chunks:
                yield start, chunks
            chunks = []
            start = i + 1
        else:
            chunks.append(b)
    if chunks:
        yield start, chunks


def _utf8_in_run(text: str, offset: int, run: str, family: Family, cut_short: bool) -> Iterator[Candidate]:
    alternatives = ALTERNATIVES.get(family.name, {})
    for piece_start, chunks in _pieces(run, family):
        for first, end, missing in _utf8_islands(chunks):
            data = b"".join(chunks[first:end])
            start = offset + piece_start + first
            stop = offset + piece_start + end
            if bool(missing) != cut_short:
                continue
            if missing:
                rec = lossy.complete_truncated(data, text, start, stop, family.name)
                if rec is not None:
                    yield Candidate(start, stop + rec.consumed, rec.text, ("utf-8", family.name), (rec,))
                continue
            whole = first == 0 and end == len(chunks)
            yield Candidate(start, stop, data.decode("utf-8"), ("utf-8", family.name), whole_run=whole)
        if not cut_short and alternatives and any(ch in alternatives for ch in run):
            alt = [alternatives.get(run[piece_start + i], c) for i, c in enumerate(chunks)]
            for first, end, missing in _utf8_islands(alt):
                if missing:
                    continue
                data = b"".join(alt[first:end])
                start = offset + piece_start + first
                yield Candidate(
                    start, offset + piece_start + end, data.decode("utf-8"), ("utf-8", family.name)
                )


def cjk_read_as_latin1(text: str) -> Iterator[Candidate]:
    """Candidates for legacy CJK bytes that a Latin-1 or cp1252 decoder misread."""
    wrong = FAMILIES["windows-1252"]
    for m in LATIN1_RUN.finditer(text):
        run = m.group()
        data = wrong.encode(run)
        if data is None or len(data) != len(run):
            continue
        for name, pattern in DBCS_RUN.items():
            for bm in pattern.finditer(data):
                chunk = bm.group()
                if len(chunk) < 2:
                    continue
                decoded = _decode_cjk(chunk, name)
                if decoded is None or _is_utf8(chunk):
                    continue  # UTF-8 read as a single-byte codec is ftfy's case
                yield Candidate(m.start() + bm.start(), m.start() + bm.end(), decoded, (name, "windows-1252"))


def _decode_cjk(data: bytes, family: str) -> str | None:
    for codec in CJK_DECODERS[family]:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
