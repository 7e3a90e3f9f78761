"""Total ("sloppy") encoders: undo whatever a wrong decoder of a codec family produced.

A wrong decoder leaves characters from its own table, and different decoders of one
family disagree (Python's `gbk` refuses what `gb18030` maps to private use; Windows
code page 936 maps byte 0x80 to €; cp932 maps A0 and FD-FF to U+F8F0-F8F3). To turn
mojibake back into the bytes it came from, each family encodes with its widest codec
and falls back to the others character by character.

>>> FAMILIES["gbk"].encode("鈥淟")
b'\\xe2\\x80\\x9cL'
>>> FAMILIES["gbk"].encode("涓\\ue15f枃").decode("utf-8")
'中文'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-125x codecs)

from .chardata import decode_grid, decode_singles


@dataclass(frozen=True)
class Family:
    """A family of decoders that share one byte table, with its total encoder."""

    name: str
    codecs: tuple[str, ...]
    extra: dict[str, bytes] = field(default_factory=dict)
    multibyte: bool = True
    # Characters the family's decoders read from a single byte as well as from the
    # widest codec's pair: browsers and Windows cp936 read both 80 and A2 E3 as €. In
    # UTF-8 read so, a pair A2 E3 ends the sequence before it and opens one, whose
    # continuation bytes the next character begins with (`闁€仚`, 関す); a lone 80
    # goes on the sequence before it (涓€, 一; `嗚€呫`, 者). `_paired` weighs both.
    first: dict[str, bytes] = field(default_factory=dict)

    def encode(self, text: str) -> bytes | None:
        """The bytes some decoder of this family read as `text`, or None."""
        if not any(ch in text for ch in self.first):
            return self._encode(text)
        # Split at the `first` characters (they stand at the odd places) and give each
        # the bytes the characters around it show it had.
        parts = re.split("([" + re.escape("".join(self.first)) + "])", text)
        out = []
        pos = 0
        for k, part in enumerate(parts):
            data = self._first_bytes(text, pos) if k % 2 else self._encode(part)
            if data is None:
                return None
            out.append(data)
            pos += len(part)
        return b"".join(out)

    def _encode(self, text: str) -> bytes | None:
        try:
            return text.encode(self.codecs[0], errors=f"mojifix-{self.name}")
        except UnicodeEncodeError:
            return None

    def _paired(self, before: str, after: str) -> bool:
        """Whether a `first` character between `before` and `after` is the widest
        codec's pair rather than its single byte, by the UTF-8 the bytes around make."""
        nxt = (self.encode(after) if after and after not in self.first else None) or b""
        opens = bool(nxt) and 0x80 <= nxt[0] <= 0xBF
        prev = self._encode(before) if before and not any(ch in self.first for ch in before) else None
        pending = _pending(prev) if prev else None
        if pending is None or not nxt:
            return opens
        # How many continuation bytes the next character begins with.
        cont = next((i for i, b in enumerate(nxt) if not 0x80 <= b <= 0xBF), len(nxt))
        single = pending >= 1 and cont == min(pending - 1, len(nxt))
        pair = pending == 1 and cont == min(2, len(nxt))
        return pair if single != pair else opens

    def _first_bytes(self, text: str, i: int) -> bytes:
        """The bytes of the `first` character at `text[i]`, by the characters around it."""
        ch = text[i]
        if self._paired(text[max(0, i - 2) : i], text[i + 1 : i + 2]):
            return ch.encode(self.codecs[0])
        return self.first[ch]

    def lengths(self, text: str) -> list[int]:
        """How many bytes `encode` gives each character of `text` (0 where none)."""
        return [
            len(self._first_bytes(text, i) if ch in self.first else self.encode(ch) or b"")
            for i, ch in enumerate(text)
        ]


def _pending(data: bytes) -> int | None:
    """How many continuation bytes UTF-8 still expects after `data`; None if it cannot tell.

    >>> _pending(b"\\x86\\xe8"), _pending(b"\\xe9\\x96"), _pending(b"\\xe4\\xb8\\xad")
    (2, 1, 0)
    """
    tail = 0
    for b in reversed(data):
        if 0x80 <= b <= 0xBF:
            tail += 1
            continue
        length = 1 if b < 0x80 else utf8_length(b)
        return length - 1 - tail if length and tail < length else None
    return None


def _make_handler(family: Family):  # type: ignore[no-untyped-def]
    fallbacks = family.codecs[1:]

    def handler(err: UnicodeError) -> tuple[bytes, int]:
        assert isinstance(err, UnicodeEncodeError)
        out = bytearray()
        for ch in err.object[err.start : err.end]:
            if ch in family.extra:
                out += family.extra[ch]
                continue
            for name in fallbacks:
                try:
                    out += ch.encode(name)
                    break
                except UnicodeEncodeError:
                    continue
            else:
                raise err
        return bytes(out), err.end

    return handler


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        # gb18030 covers GBK plus the private-use mappings of its user-defined area;
        # Windows cp936 reads 0x80 as € and 0xFF as U+F8F5.
        Family("gbk", ("gb18030", "gbk"), {"\uf8f5": b"\xff"}, first={"€": b"\x80"}),
        Family("big5", ("cp950", "big5hkscs", "big5")),
        Family("shift_jis", ("cp932", "shift_jis", "shift_jis_2004")),
        Family("euc_kr", ("cp949", "euc_kr")),
        Family("euc_jp", ("euc_jp", "euc_jis_2004")),
        # Single-byte decoders: ftfy's list, for UTF-8 read as one of them.
        Family("windows-1252", ("sloppy-windows-1252", "latin-1"), multibyte=False),
        *(
            Family(name, (f"sloppy-{name}",), multibyte=False)
            for name in ("windows-1251", "windows-1250", "windows-1253", "windows-1254", "windows-1257")
        ),
        *(Family(name, (name,), multibyte=False) for name in ("iso-8859-2", "mac-roman")),
    )
}


@cache
def byte_table(name: str) -> dict[str, bytes]:
    """Every non-ASCII BMP character a decoder of the family produces from one or two
    bytes, with the bytes it came from (the first decoder's reading wins).

    The few supplementary-plane characters of HKSCS and JIS X 0213 are left out: a
    regex class with them cannot use the regex engine's fast lookup table.
    """
    family = FAMILIES[name]
    found: dict[str, bytes] = {**family.extra, **family.first}
    for codec in family.codecs:
        for byte, ch in decode_singles(codec, range(0x80, 0x100)):
            found.setdefault(ch, bytes((byte,)))
        if family.multibyte:
            for lead, trail, ch in decode_grid(codec, range(0x80, 0x100), range(0x40, 0x100)):
                found.setdefault(ch, bytes((lead, trail)))
    found.pop("\ufffd", None)
    if name == "shift_jis":
        # Japanese Windows writes `・` for bytes it cannot decode, far more often than
        # the pair 81 45 turns up inside real UTF-8; it is a hole, like U+FFFD.
        found.pop("・", None)
    return {ch: b for ch, b in found.items() if "\x80" <= ch <= "\uffff"}


@cache
def whole_sequences(name: str) -> frozenset[str]:
    """The family's characters whose two bytes are one whole UTF-8 sequence (`茅` = C3 A9 = `é`)."""
    return frozenset(
        ch
        for ch, data in byte_table(name).items()
        if len(data) == 2 and 0xC2 <= data[0] <= 0xDF and 0x80 <= data[1] <= 0xBF
    )


def utf8_length(lead: int) -> int:
    """How many bytes a UTF-8 sequence with this lead byte has."""
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def repertoire(name: str) -> frozenset[str]:
    """The characters of `byte_table`."""
    return frozenset(byte_table(name))


def char_class(chars: frozenset[str] | set[str]) -> str:
    """A regex character class matching exactly `chars`, written as ranges."""
    cps = sorted({ord(c) for c in chars})
    if not cps:
        return "[^\\s\\S]"  # matches nothing
    out = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(re.escape(chr(cps[i])))
        if j > i:
            out.append("-" + re.escape(chr(cps[j])))
        i = j + 1
    return "[" + "".join(out) + "]"


@cache
def runs(name: str) -> re.Pattern[str]:
    """Runs of characters that the family's decoders produce."""
    return re.compile(char_class(repertoire(name)) + "+")


@cache
def undecodable(name: str) -> bytes:
    """UTF-8 continuation bytes (80-BF) that the single-byte family's strict decoder has
    no character for and replaces with U+FFFD (81, 8D, 8F, 90 and 9D in cp1252)."""
    family = FAMILIES[name]
    if family.multibyte:
        return b""
    strict = family.codecs[0].removeprefix("sloppy-")
    found = bytearray()
    for byte in range(0x80, 0xC0):
        try:
            bytes((byte,)).decode(strict)
        except UnicodeDecodeError:
            found.append(byte)
    return bytes(found)


# What cp1252 puts where Latin-1 has C1 controls (€ ‚ ƒ „ … ‘ ’ “ ” • – — ™ …).
CP1252_SPECIALS = "".join(ch for _, ch in decode_singles("cp1252", range(0x80, 0xA0)))


for _family in FAMILIES.values():
    codecs.register_error(f"mojifix-{_family.name}", _make_handler(_family))

# The decoders that turn legacy CJK bytes into text, tried in this order.
CJK_DECODERS: dict[str, tuple[str, ...]] = {
    "gbk": ("gbk", "gb18030"),
    "big5": ("cp950", "big5hkscs"),
    "shift_jis": ("cp932", "shift_jis"),
    "euc_kr": ("cp949",),
    "euc_jp": ("euc_jp",),
}


def decode_cjk(data: bytes, family: str) -> str | None:
    """`data` read by the family's decoders (`CJK_DECODERS`), the first that can; None
    if none can."""
    for codec in CJK_DECODERS[family]:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


# Other tables of the same standard that read a few byte pairs differently: text
# encoded with either is common, so both readings are candidates. Python's EUC-KR
# also reads KS X 1001's eight-byte spelling of a syllable outside it (`¤Ô¤¨¤Â¤Ô`, 떄).
RIVAL_TABLES: dict[str, tuple[str, ...]] = {
    "big5": ("big5",),
    "shift_jis": ("shift_jis",),
    "euc_kr": ("euc_kr",),
}
