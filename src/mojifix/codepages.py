"""Text in a legacy single-byte code page read as cp1252 or Latin-1: `Ïðèâåò` for Привет.

A page in Windows-1251 (Cyrillic), 1253 (Greek), 1255 (Hebrew), 1256 (Arabic), 1250
(Central European), 1254 (Turkish), 1257 (Baltic) or KOI8, read as cp1252,
keeps its bytes: each letter becomes one character of À-ÿ or a cp1252 sign, and its
words turn into runs that no Latin language spells (`Ïðèâåò`, `mo¿na`, `deðiþtir`).
Read in the right code page they are words again. ftfy leaves these alone (it undoes
UTF-8 only), and a CJK reading of the same bytes (`厥外奄`) is worse than leaving them.

A block is read in a code page when at least half of the words the page changes are
words of one of its languages (wordfreq's lists, in the case real text writes them)
that no Latin-1 language spells; every word the page turns into letters is then read
in it. Thai (874) is left out: wordfreq has no Thai list, and Thai spelling rules
alone take Chinese or Korean read as Latin-1 for Thai.

>>> [(w.replacement, w.code_page) for w in swaps("Ïðèâåò, ìèð! Ýòî òåñò.")]
[('Привет', 'windows-1251'), ('мир', 'windows-1251'), ('Это', 'windows-1251'), ('тест', 'windows-1251')]
>>> swaps("Le café est à côté, señor.")
[]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from . import frequency
from .sloppy import CP1252_SPECIALS, FAMILIES, byte_table

# Each code page, Python's codec for it, and the wordfreq languages written in it.
CODE_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "windows-1251": ("cp1251", ("ru", "uk", "bg", "mk")),
    "koi8-u": ("koi8_u", ("ru", "uk")),
    "windows-1253": ("cp1253", ("el",)),
    "windows-1255": ("cp1255", ("he",)),
    "windows-1256": ("cp1256", ("ar", "fa", "ur")),
    "windows-1250": ("cp1250", ("pl", "cs", "sk", "hu", "ro", "sl", "sh")),
    "windows-1254": ("cp1254", ("tr",)),
    "windows-1257": ("cp1257", ("lt", "lv")),
}
# Languages written in Latin-1 or cp1252: a word one of them spells is left alone.
LATIN1_LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl", "ca", "sv", "da", "nb", "fi", "is")

_WRONG = FAMILIES["windows-1252"]
# The pages for Latin scripts: their words keep ASCII letters (`można`).
LATIN_PAGES = frozenset({"windows-1250", "windows-1254", "windows-1257"})


# The letters of known words a page needs to be proven: `Привет` alone is enough.
_LEAST_LETTERS = 6


@dataclass(frozen=True)
class Swap:
    """One word read in another code page."""

    start: int
    end: int
    replacement: str
    code_page: str
    confidence: float


def _letterish(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch) == "Mn"


@cache
def _word_pattern() -> re.Pattern[str]:
    """Runs of ASCII letters and of the cp1252 or Latin-1 characters whose byte is a
    letter in one of the code pages (or in cp1252 itself)."""
    chars = set()
    for byte in range(0x80, 0x100):
        shown = {bytes([byte]).decode("latin-1")}
        try:
            shown.add(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            pass
        readings = []
        for codec, _ in CODE_PAGES.values():
            try:
                readings.append(bytes([byte]).decode(codec))
            except UnicodeDecodeError:
                continue
        if any(_letterish(ch) for ch in readings) or any(ch.isalpha() for ch in shown):
            chars |= shown
    chars -= {"\xa0", "\xad"}
    escaped = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"[A-Za-z{escaped}]+")


def _bytes(word: str) -> bytes | None:
    """`word`'s bytes as cp1252 (or Latin-1) shows them; None if it holds a character
    they have no byte for."""
    data = _WRONG.encode(word)
    return data if data is not None and len(data) == len(word) else None


def _reading(data: bytes | None, codec: str) -> str | None:
    """A word's bytes (`_bytes`) read in `codec`; None if there are none, or the code
    page has no character for one of them."""
    if data is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _cased(word: str) -> bool:
    """Lower case, capitalised, or upper case if longer than three letters (`УРО` is as
    likely a legacy CJK pair and a half as a word)."""
    tail = word[1:]
    if word == word.upper() and word != word.lower():
        return _letters(word) > 3
    return word == word.lower() or (word[0] == word[0].upper() and tail == tail.lower())


@cache
def signs_as_letters() -> frozenset[str]:
    """The cp1252 characters that are no letter, but whose byte is one in a page for a
    Latin script: `mo¿na` is można read as cp1252 (cp1250 BF is ż, B3 is ł, B9 is ą)."""
    found = set()
    for byte in range(0x80, 0x100):
        try:
            shown = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        if shown.isalpha():
            continue
        for page in LATIN_PAGES:
            if bytes([byte]).decode(CODE_PAGES[page][0], "replace").isalpha():
                found.add(shown)
    return frozenset(found)


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _known(word: str, langs: Sequence[str]) -> bool:
    return _letters(word) > 1 and _cased(word) and bool(frequency.rank_words([word], langs))


def _one_char(chars: str) -> bool:
    """Whether one character makes up all of four or more `chars`, or all but one of five."""
    return len(chars) >= 4 and max(map(chars.count, set(chars))) >= len(chars) - (len(chars) >= 5)


def _spelled(word: str, read: str, latin: bool) -> bool:
    """Whether the page turns `word` into a word of its own: a letter first, every
    character it changed a letter, mark or punctuation (Hebrew `׳`, Arabic `،`, which
    may also stand alone), and, for a page of another script, no ASCII letter left
    (`ovִ` is no Hebrew word). A word whose every other character is one and the same
    (`ÇÖÇ×ÇÕ`) is a row of a double-byte alphabet (Big5's Cyrillic), not letters."""
    if not latin and any(ch.isascii() for ch in read):
        return False
    if len(word) >= 6 and any(_one_char(word[i::2]) for i in (0, 1)):
        return False
    if len(read) == 1 and unicodedata.category(read) == "Po":
        return True
    changed = [new for old, new in zip(word, read, strict=True) if old != new]
    return _letterish(read[0]) and all(_letterish(ch) or unicodedata.category(ch) == "Po" for ch in changed)


# Valid UTF-8 sequences of two to four bytes.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# A text whose high bytes stand in UTF-8 sequences this often is UTF-8 read as cp1252
# (ftfy's case, and `spans`'), whatever its pieces read as in another page: in UTF-8
# read as cp1252 they all do, in a legacy page seldom half of them (Thai the most).
_UTF8_SHARE = 0.9


_HIGH_RUN = re.compile(f"[\\x80-\\xff{re.escape(CP1252_SPECIALS)}]+")
# The share of a text's non-ASCII characters that must be ones a decoder writes for it
# to have read the text.
_READ_AS_CP1252 = 0.9


def _mostly_utf8(text: str) -> bool:
    """Whether the text's high bytes, as a single-byte decoder of `sloppy` that wrote
    most of its characters read them, mostly stand in UTF-8 sequences."""
    wide = [ch for ch in text if not ch.isascii()]
    for family in FAMILIES.values():
        if family.multibyte:
            continue
        table = byte_table(family.name)
        high = sum(ch in table for ch in wide)  # each one high byte of this decoder's
        if high < _READ_AS_CP1252 * len(wide):
            continue  # most of the text is nothing this decoder writes
        data = b"".join(table.get(ch, b" ") for ch in wide)
        if high and sum(len(m) for m in _UTF8_SEQUENCE.findall(data)) >= _UTF8_SHARE * high:
            return True
    return False


def _utf8(word: str, after: str) -> bool:
    """Whether the word's bytes are UTF-8 (`Ã©` is é, ftfy's case), or would be with
    the no-break space that became the space after it (`å¼ ` is 张 and A0; a single
    letter before a space is too short to tell)."""
    data = _WRONG.encode(word)
    if data is None:
        return False
    for candidate in (data, data + b"\xa0" if after == " " and len(word) > 1 else b""):
        try:
            candidate.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if candidate:
            return True
    return False


def _pieces(word: str, read: str) -> list[tuple[str, str]]:
    """The runs of letters (and marks) in `read`, each with the characters it was read
    from, that the page changed: the words judged (`مقدار·تحريك` is two)."""
    out = []
    start = None
    for i, ch in enumerate(read + " "):
        if i < len(read) and _letterish(ch):
            start = i if start is None else start
        elif start is not None:
            if read[start:i] != word[start:i]:
                out.append((word[start:i], read[start:i]))
            start = None
    return out


def swaps(text: str) -> list[Swap]:
    """The words of `text` to read in the legacy code page that proves itself, if any.

    Only words holding a non-ASCII character are looked at; a word some Latin-1
    language spells (`café`, `señor`) counts against the page.
    """
    if not _HIGH_RUN.search(text):
        return []  # no character a cp1252 decoder writes for a high byte (most garbles)
    words = [
        m
        for m in _word_pattern().finditer(text)
        if not m.group().isascii() and not _utf8(m.group(), text[m.end() : m.end() + 1])
    ]
    if not any(len(m.group()) > 1 for m in words) or _mostly_utf8(text):
        return []
    # Text with many characters no cp1252 decoder writes was read by another one.
    wide = sum(not ch.isascii() for ch in text)
    if sum(len(run) for run in _HIGH_RUN.findall(text)) < _READ_AS_CP1252 * wide:
        return []
    best: tuple[int, str, list[tuple[re.Match[str], str]], int] | None = None
    data = [_bytes(m.group()) for m in words]  # each word's bytes, read in every page
    for page, (codec, langs) in CODE_PAGES.items():
        readings = [(m, _reading(d, codec)) for m, d in zip(words, data, strict=True)]
        changed = [(m, read) for m, read in readings if read is not None and read != m.group()]
        spelled = [(m, read) for m, read in changed if _spelled(m.group(), read, page in LATIN_PAGES)]
        # One letter proves nothing, but is read in the page once the page is proven;
        # a word the page does not turn into letters counts against it.
        ok = {m.start() for m, _ in spelled}
        judged = [
            (m.start() in ok, *piece)
            for m, read in changed
            for piece in _pieces(m.group(), read)
            if len(piece[1]) > 1
        ]
        if 2 * sum(usable for usable, _, _ in judged) < len(judged):
            continue  # fewer than half can be words: no need to look them up
        known_letters = [_letters(read) for usable, _, read in judged if usable and _known(read, langs)]
        # Words some Latin-1 language spells count against the page; known words of
        # six letters in all, one of four or more, are needed, and for half the words.
        latin = sum(_known(word, LATIN1_LANGUAGES) for _, word, _ in judged)
        known = len(known_letters) - latin
        if sum(known_letters) < _LEAST_LETTERS or max(known_letters, default=0) < 4:
            continue
        if 2 * known >= len(judged) and (best is None or known > best[0]):
            best = (known, page, spelled, len(judged))
    if best is None:
        return []
    known, page, spelled, judged_count = best
    confidence = round(min(0.95, 0.5 + 0.5 * known / judged_count), 2)
    return [Swap(m.start(), m.end(), read, page, confidence) for m, read in spelled]
