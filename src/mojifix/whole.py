"""Blocks that read back whole: UTF-8 that one CJK codec read, undone at codec speed.

Most mojibake in the wild is a whole page read with the wrong codec. Where every
character of a block encodes in one CJK codec and those bytes read as UTF-8 without
an error, one round trip in C (`block.encode("gbk").decode("utf-8")`) repairs the
block, and the Python work left is one change per run of non-ASCII characters: an
ASCII character in the garbled text is a byte the codec read alone, and no UTF-8
sequence holds an ASCII byte, so each run reads back on its own.

Anything short of that goes to the span engine: a byte lost (U+FFFD, `?` or a dropped
byte never reads back whole; cp932's `・`, which does, is refused), too few sequences
to be sure of, another family's codec reading the same block back otherwise, or a
result that holds U+FFFD or a control or unassigned character. A text whose only
damage is a sequence cut short at its very end is split there (`cut_end`). The caller
judges what is left: whether the reading is better text (`score`) and whether it holds
a trace of another layer.

>>> garbled = "中文字符是一种常见的文本".encode("utf-8").decode("gb18030")
>>> found = read_back(garbled)
>>> found.text, found.family, list(found.runs())
('中文字符是一种常见的文本', 'gbk', [(0, 18, 0, 12)])
>>> read_back("中文字符是一种常见的文本") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .sloppy import FAMILIES

# A block must read back to at least this many multi-byte characters: a clean CJK word
# can read as UTF-8 by chance (two hanzi are four bytes, two sequences at most), four
# sequences seldom do, and the reading must score better too.
MIN_SEQUENCES = 4

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# The format characters and spaces text has that `str.isprintable` refuses and
# `str.split` does not take out.
_FORMAT = dict.fromkeys(map(ord, "\xad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"), None)


def _fit(text: str) -> bool:
    """Whether `text` could be the repair: no U+FFFD (a hole is the engine's to
    report), no control, unassigned, private-use or surrogate code point."""
    if "\ufffd" in text:
        return False
    for i in range(0, len(text), _CHUNK):  # a piece at a time: `split` makes a string a word
        bare = "".join(text[i : i + _CHUNK].split())  # whitespace of every kind out, in C
        if not (bare.isprintable() or bare.translate(_FORMAT).isprintable()):
            return False
    return True


_CHUNK = 1 << 16


_MULTIBYTE = tuple(f for f in FAMILIES.values() if f.multibyte)
# The mark Japanese Windows writes for a pair it cannot read: its bytes (81 45) read
# back too, with the lead before them (`ﾄ・` is C4 81 45, `āE` for `ě` and a lost byte).
_MARK = "・"


@dataclass(frozen=True)
class ReadBack:
    """A block read back whole: its garbled and repaired text, the family of the codec
    that read the UTF-8, and that codec."""

    garbled: str
    text: str
    family: str
    codec: str

    def runs(self, each: bool = False) -> Iterator[tuple[int, int, int, int]]:
        """(start, end) of each run of non-ASCII characters in the garbled text and of
        what it reads back as.

        Where the reading keeps the same ASCII between runs, the runs pair off in order;
        else a run took an ASCII byte into a pair (Shift_JIS reads `ře`, C5 99 65, as
        `ﾅ凖`) and each run is read again. With `each`, every run is read again, one at
        a time as asked for: for a few runs, cheaper than pairing them all."""
        if not each and _NON_ASCII.sub("", self.garbled) == _NON_ASCII.sub("", self.text):
            pairs = zip(_NON_ASCII.finditer(self.garbled), _NON_ASCII.finditer(self.text), strict=True)
            for a, b in pairs:
                yield a.start(), a.end(), b.start(), b.end()
            return
        shift = 0
        for m in _NON_ASCII.finditer(self.garbled):
            length = len(m.group().encode(self.codec).decode("utf-8"))
            yield m.start(), m.end(), m.start() + shift, m.start() + shift + length
            shift += length - (m.end() - m.start())


def head_of_run(run: str, codec: str, size: int) -> tuple[str, str]:
    """About the first `size` characters of a run that reads back whole, cut where a
    UTF-8 sequence starts, and what they read back as."""
    for end in range(size, max(size - 8, 0), -1):
        try:
            return run[:end], run[:end].encode(codec).decode("utf-8")
        except UnicodeDecodeError:
            continue
    return run, run.encode(codec).decode("utf-8")


def read_back(block: str) -> ReadBack | None:
    """The block's UTF-8 as one multi-byte codec read it, if it reads back whole and
    no other family's codec reads it back otherwise (Spanish `ú` read as EUC-JP reads
    back through Big5 too, as `̿`: which is right is the engine's to judge)."""
    if _MARK in block:
        return None
    found = _readings(block)
    if len(found) != 1:
        return None
    ((text, (family, codec)),) = found.items()
    if len(text) - len(text.encode("ascii", "ignore")) < MIN_SEQUENCES or not _fit(text):
        return None
    return ReadBack(block, text, family, codec)


# How much text before an end cut short `cut_end` leaves to the engine, to read it in.
TAIL = 100


def cut_end(block: str) -> int | None:
    """Where to split a text whose bytes read back as UTF-8 but for a sequence cut short
    at the very end (a field cut at a byte limit): a character about `TAIL` from the
    end that starts a sequence, for what comes before to be read back whole and the
    rest left to the engine; None if the text is not so."""
    if len(block) <= 2 * TAIL or _MARK in block:
        return None
    found = _reads_back_to_its_end(block)
    if found is None or found[1]:
        return None
    codec = found[0]
    for at in range(len(block) - TAIL, len(block) - TAIL - 8, -1):
        if not 0x80 <= block[at].encode(codec)[0] < 0xC0:
            return at
    return None


def _reads_back_to_its_end(text: str) -> tuple[str, bool] | None:
    """The first family codec whose bytes for `text` read as UTF-8, but perhaps for a
    sequence cut short at the very end, and whether they read whole; None if none."""
    for family in _MULTIBYTE:
        codec = family.codecs[0]
        try:
            text.encode(codec).decode("utf-8")
        except UnicodeEncodeError:
            continue
        except UnicodeDecodeError as e:
            if e.reason == "unexpected end of data":
                return codec, False
            continue
        return codec, True
    return None


def _readings(block: str) -> dict[str, tuple[str, str]]:
    """Each reading of the block back as UTF-8, with the family and codec that give it."""
    found: dict[str, tuple[str, str]] = {}
    for family in _MULTIBYTE:
        for codec in family.codecs:
            try:
                text = block.encode(codec).decode("utf-8")
            except UnicodeError:
                continue
            if text != block:
                found.setdefault(text, (family.name, codec))
            break
    return found


# How much of a long text `probe` reads.
_PROBE = 512


def probe(text: str) -> bool:
    """Whether the first `_PROBE` characters of `text` read back as UTF-8 through some
    multi-byte codec, but for a sequence the cut leaves short: a cheap sign that the
    whole text may (clean text fails it within a few bytes)."""
    head = text[:_PROBE]
    return not head.isascii() and _reads_back_to_its_end(head) is not None
