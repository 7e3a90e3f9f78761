"""Make mojibake the way real software does, for tests and benchmarks.

A chain is a list of layers, innermost first; each layer is (encode, decode): the
text is encoded with the first codec and the bytes are read with the second.
`garble` returns None when a strict decoder would fail, that is when the chain is
not lossless for this text.

>>> garble("中文", [("utf-8", "gb18030")])
'涓\\ue15f枃'
>>> garble("中文", [("gbk", "latin-1")])
'ÖÐÎÄ'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-125x)

CLEAN = Path(__file__).parent / "clean"

Layer = tuple[str, str]

# Every lossless chain the engine must reverse, by name.
CHAINS: dict[str, list[Layer]] = {
    # UTF-8 read as a CJK codec
    **{f"utf-8>{c}": [("utf-8", c)] for c in ("gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932")},
    **{f"utf-8>{c}": [("utf-8", c)] for c in ("euc_kr", "cp949", "euc_jp")},
    # legacy CJK bytes read as Latin-1 / cp1252
    **{f"{c}>{w}": [(c, w)] for c in ("gbk", "big5", "shift_jis", "euc_kr") for w in ("latin-1", "cp1252")},
    # the single-byte cases ftfy covers
    **{f"utf-8>{c}": [("utf-8", c)] for c in ("cp1252", "latin-1", "cp1251", "cp1250", "cp1253", "macroman")},
    # layered across families
    "utf-8>gbk>utf-8>cp1252": [("utf-8", "gbk"), ("utf-8", "cp1252")],
    "utf-8>gb18030>utf-8>cp1252": [("utf-8", "gb18030"), ("utf-8", "cp1252")],
    "utf-8>shift_jis>utf-8>latin-1": [("utf-8", "shift_jis"), ("utf-8", "latin-1")],
    "utf-8>cp1252>gbk": [("utf-8", "cp1252"), ("utf-8", "gbk")],
}

# Decoders as real software has them: Windows' cp1252 maps its five undefined bytes
# to C1 controls rather than failing.
_DECODER = {
    "cp1252": "sloppy-windows-1252",
    "cp1251": "sloppy-windows-1251",
    "cp1250": "sloppy-windows-1250",
    "cp1253": "sloppy-windows-1253",
}


def garble(text: str, chain: list[Layer]) -> str | None:
    """Apply `chain` to `text`; None if some layer cannot be done losslessly."""
    for enc, dec in chain:
        try:
            text = text.encode(enc).decode(_DECODER.get(dec, dec))
        except UnicodeError:
            return None
    return text


def load(lang: str | None = None) -> Iterator[tuple[str, str]]:
    """Yield (language, paragraph) from the clean corpus."""
    for path in sorted(CLEAN.glob("*.jsonl")):
        if lang is not None and path.stem != lang:
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                yield path.stem, json.loads(line)["text"]


def cases(chain_name: str) -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for every paragraph the chain changes losslessly."""
    chain = CHAINS[chain_name]
    for lang, text in load():
        bad = garble(text, chain)
        if bad is not None and bad != text:
            yield lang, text, bad


# How each kind of software reads bytes it cannot decode (see issue notes and the
# WHATWG Encoding Standard). Each takes bytes and a CJK codec and returns text.
def _pair_ok(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _lead(byte: int, codec: str) -> bool:
    """Whether `byte` starts a double-byte character in `codec`."""
    if byte < 0x80:
        return False
    if codec in ("cp932", "shift_jis"):
        return 0x81 <= byte <= 0x9F or 0xE0 <= byte <= 0xFC
    if codec == "euc_jp":
        return 0xA1 <= byte <= 0xFE or byte in (0x8E, 0x8F)
    return 0x81 <= byte <= 0xFE


# What a browser reads a lone byte as where Python's tables differ (WHATWG Encoding
# Standard): GB18030's decoder, which browsers use for GBK too, reads 80 as €; the
# Shift_JIS decoder has no A0 or FD-FF (cp932's U+F8F0-F8F3 are Microsoft's own).
_BROWSER_BYTES = {
    "gb18030": {0x80: "\u20ac"},
    "cp932": {0xA0: "\ufffd", 0xFD: "\ufffd", 0xFE: "\ufffd", 0xFF: "\ufffd"},
}
# The table a browser reads each codec's pairs with: GBK is read as GB18030.
_BROWSER_TABLE = {"gbk": "gb18030"}


def read_pairs(
    data: bytes, codec: str, ascii_trail: str, bad_pair: str, mark: str, browser: bool = False
) -> str:
    """A double-byte decoder: `ascii_trail` is "reread" or "swallow" (the lead takes
    any next byte); `bad_pair` is "one" (one mark per lost byte, trail re-read) or
    "both" (one mark for the pair); `browser` reads with a browser's tables, not
    Python's (see `_BROWSER_BYTES`).

    >>> read_pairs("一".encode(), "gbk", "reread", "both", "\ufffd", browser=True)
    '涓€'
    >>> read_pairs("だ".encode(), "cp932", "reread", "both", "\ufffd", browser=True)
    '縺\ufffd'
    """
    if browser:
        codec = _BROWSER_TABLE.get(codec, codec)
    lone = _BROWSER_BYTES.get(codec, {}) if browser else {}
    out: list[str] = []
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b in lone:
            out.append(lone[b])
            i += 1
            continue
        if browser and codec == "gb18030" and i + 3 < n and 0x30 <= data[i + 1] <= 0x39:
            four = _pair_ok(data[i : i + 4], codec)
            if four is not None:
                out.append(four)
                i += 4
                continue
        single = _pair_ok(data[i : i + 1], codec)
        if single is not None and not _lead(b, codec):
            out.append(single)
            i += 1
            continue
        if i + 1 >= n:
            out.append(mark)
            i += 1
            continue
        pair = _pair_ok(data[i : i + 2], codec)
        if pair is not None:
            out.append(pair)
            i += 2
        elif data[i + 1] < 0x80 and ascii_trail == "reread":
            out.append(mark)
            i += 1
        elif bad_pair == "one" and ascii_trail == "reread":
            out.append(mark)
            i += 1
        else:
            out.append(mark)
            i += 2
    return "".join(out)


LOSS_PATTERNS = ("replace", "ignore", "whatwg", "dotnet", "saved")


def garble_lossy(text: str, codec: str, pattern: str, browser: bool = True) -> str:
    """UTF-8 `text` read with the CJK `codec` the way one kind of software does it.

    - replace: Python, one U+FFFD per lost byte, an ASCII trail re-read;
    - ignore: Python with errors="ignore", lost bytes dropped;
    - whatwg: browsers, one U+FFFD per bad pair, an ASCII trail re-read, with the
      browsers' tables: GBK read as GB18030, a lone 80 as €, Shift_JIS without A0
      or FD-FF;
    - dotnet: .NET and PowerShell 5.1, the lead always takes the next byte, `?` per
      bad pair (`・` for cp932);
    - saved: decoded like replace, then saved in the wrong codec, so U+FFFD became `?`.

    With `browser=False`, whatwg keeps the error rules but reads with Python's table
    for `codec`, as `mojifix.lattice.Reader` models each table.

    >>> garble_lossy("中文字符", "gbk", "replace")
    '涓\ufffd鏂囧瓧绗\ufffd'
    >>> garble_lossy("Performance.” Based", "gbk", "dotnet")
    'Performance.鈥?Based'
    """
    data = text.encode("utf-8")
    if pattern == "replace":
        return data.decode(codec, "replace")
    if pattern == "ignore":
        return data.decode(codec, "ignore")
    if pattern == "saved":
        return data.decode(codec, "replace").replace("\ufffd", "?")
    if pattern == "whatwg":
        return read_pairs(data, codec, "reread", "both", "\ufffd", browser=browser)
    if pattern == "dotnet":
        return read_pairs(data, codec, "swallow", "both", "・" if codec == "cp932" else "?")
    raise ValueError(pattern)


def lossy_cases(codec: str, pattern: str, scripts: str) -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for paragraphs the pattern damages.

    `scripts` is "latin" for Latin-script languages or "cjk" for zh, ja and ko.
    """
    for lang, text in load():
        if (lang in CJK) != (scripts == "cjk"):
            continue
        if scripts == "latin" and lang in NON_LATIN:
            continue
        bad = garble_lossy(text, codec, pattern)
        strict = garble(text, [("utf-8", codec)])
        if bad != text and strict is None:
            yield lang, text, bad


NON_LATIN = {"ru", "uk", "bg", "el", "ar", "he", "hi", "fa", "sr", "th", "ka", "hy", "mk", "be"}
CJK = {"zh-Hans", "zh-Hant", "ja", "ko"}


def latin_script(lang: str) -> bool:
    """Whether the corpus language `lang` is written in the Latin script."""
    return lang not in NON_LATIN and lang not in CJK


# Single-byte code pages that have no character for some bytes; Python's decoder
# writes U+FFFD for each of them with errors="replace".
STRICT_CODECS = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257")


def strict_cases(
    codec: str, source: str = "utf-8", errors: str = "replace"
) -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for paragraphs whose bytes in `source`, read
    by the strict single-byte `codec` with errors="replace", hold at least one U+FFFD
    (with errors="ignore", the same paragraphs with those bytes dropped instead).

    >>> "\\ufffd" in "こんにちは".encode("utf-8").decode("cp1252", "replace")
    True
    """
    for lang, text in load():
        try:
            data = text.encode(source)
        except UnicodeEncodeError:
            continue
        bad = data.decode(codec, "replace")
        if "\ufffd" in bad:
            yield lang, text, bad if errors == "replace" else data.decode(codec, errors)


# Decoders that write U+FFFD for every byte of a character they cannot read at all:
# ASCII for each non-ASCII one; Big5, EUC-KR and EUC-JP for General Punctuation (E2 80
# xx), whose first two bytes cp949 loses too, reading the third with the next letter.
WHOLE_LOSERS = ("ascii", "big5", "euc_kr", "euc_jp", "cp949")


def whole_loss_cases(codec: str) -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for Latin-script paragraphs whose UTF-8, read
    by `codec` with errors="replace", holds U+FFFD.

    >>> next(whole_loss_cases("ascii"))[2].count("\ufffd") > 1
    True
    """
    for lang, text in load():
        if not latin_script(lang):
            continue
        bad = text.encode("utf-8").decode(codec, "replace")
        if "\ufffd" in bad:
            yield lang, text, bad


def unencodable_cases(page: str = "ascii") -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for Latin-script paragraphs encoded to the
    code page `page` with errors="replace": one `?` for each character it lacks.

    >>> next(unencodable_cases())[2].isascii()
    True
    """
    for lang, text in load():
        if not latin_script(lang):
            continue
        bad = text.encode(page, "replace").decode(page)
        if bad != text:
            yield lang, text, bad


def replaced_cases() -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for paragraphs in cp1252 read as UTF-8 with
    errors="replace": one U+FFFD for each non-ASCII character, mostly.

    >>> "\ufffd" in next(replaced_cases())[2]
    True
    """
    for lang, text in load():
        try:
            bad = text.encode("cp1252").decode("utf-8", "replace")
        except UnicodeEncodeError:
            continue
        if bad != text:
            yield lang, text, bad


# Legacy single-byte pages and the corpus languages written in each.
LEGACY_PAGES = {
    "cp1251": ("ru", "uk", "bg"),
    "koi8_u": ("ru", "uk"),
    "cp1253": ("el",),
    "cp1255": ("he",),
    "cp1256": ("ar",),
    "cp1250": ("pl", "cs", "hu", "ro"),
    "cp1254": ("tr",),
}


def legacy_cases(codec: str) -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for paragraphs of the page's languages, in
    the page, read as cp1252 the way browsers read it (C1 controls for 81 8D 8F 90 9D),
    where that changes them.

    >>> next(legacy_cases("cp1251"))[2][:6] != next(legacy_cases("cp1251"))[1][:6]
    True
    """
    for lang, text in load():
        if lang not in LEGACY_PAGES[codec]:
            continue
        try:
            bad = text.encode(codec).decode("sloppy-windows-1252")
        except UnicodeEncodeError:
            continue
        if bad != text:
            yield lang, text, bad


def spaced_cases() -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for paragraphs whose UTF-8 read as cp1252
    shows byte A0 as a no-break space, with every no-break space then made a plain
    space, as scraped text often is (`ä½ å¥½` for 你好)."""
    for lang, text, bad in cases("utf-8>cp1252"):
        if "\xa0" in bad:
            yield lang, text, bad.replace("\xa0", " ")
