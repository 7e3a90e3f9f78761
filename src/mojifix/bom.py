"""A UTF-8 byte order mark read with the wrong codec at the start of a text.

Editors write EF BB BF at the start of a UTF-8 file; read as GBK it becomes `锘`
and takes the next byte with it (`锘緼BC` is `\\ufeffABC`); read as Shift_JIS its
first byte is lost (`�ｻｿ`), as EUC-JP its last (`鏤�Hello`). Two or three characters
at the very start are too few for the engine to prove, but no other place holds a
byte order mark, so its bytes alone say what it is. Read as cp1252 (`ï»¿`) it is
taken apart from the text after it too: a byte that text lost must not join it.

>>> start("锘緼BC")
(2, '\\ufeffA', 'gb18030', b'')
>>> start("\\ufffdｻｿHello")
(3, '\\ufeff', 'cp932', b'\\xbb\\xbf')
>>> start("中文") is None
True
"""

from __future__ import annotations

from .lossy import HOLE_MARKS
from .sloppy import FAMILIES

_BOM = b"\xef\xbb\xbf"
# What a decoder leaves for a byte it could not read, one character each.
_MARKS = tuple(HOLE_MARKS)


def _first_characters() -> frozenset[str]:
    """What each codec reads EF BB as first, and the marks of a lost EF."""
    found = set(_MARKS)
    for family in FAMILIES.values():
        for codec in family.codecs:
            try:
                found.add(_BOM[:2].decode(codec)[0])
            except UnicodeDecodeError:
                continue
    return frozenset(found)


_FIRST = _first_characters()


def start(text: str) -> tuple[int, str, str, bytes] | None:
    """(characters taken, their reading, the codec that garbled them, the bytes left
    where a byte of the mark was lost, else b"") for a garbled byte order mark at
    the start of `text`; None if it starts with none."""
    if not text or text[0] not in _FIRST:
        return None
    lost = text[0] in _MARKS
    for family in FAMILIES.values():
        for codec in family.codecs:
            for n in range(2 if lost else 1, 4):
                chunk = text[1:n] if lost else text[:n]
                try:
                    data = chunk.encode(codec)
                except UnicodeEncodeError:
                    break
                if lost:
                    if data == _BOM[1:]:
                        return n, "\ufeff", codec, data
                    continue
                if data == _BOM[:2] and text[1:2] in _MARKS:
                    return 2, "\ufeff", codec, data  # its last byte lost (`鏤�Hello`)
                if len(data) < len(_BOM) or not data.startswith(_BOM):
                    continue
                try:
                    reading = data.decode("utf-8")
                except UnicodeDecodeError:
                    break
                if reading.isprintable() or reading[1:].isprintable():
                    return n, reading, codec, b""
                break
    return None
