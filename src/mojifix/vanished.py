"""Characters whose every byte the decoder lost: runs of U+FFFD in Latin-script text.

A decoder that cannot read a byte writes U+FFFD for it. ASCII with
`errors="replace"` does so for every byte of UTF-8's non-ASCII characters (`caf��`,
`���hello���`); Big5, EUC-KR and EUC-JP do so for General Punctuation, whose E2 80
they cannot pair, while they read most accented letters as a pair (`caf矇`). A run's
length is the character's byte count: three for a quote or a dash, two for an
accented letter, four for an emoji. Nothing of the character survives, so only its
place says what it was: quote pairing and the text's habits for three
(`lossy.complete_punctuation`), the word lists for two.

Runs of U+FFFD are read so only where the text shows this damage and nothing else:
two runs at least in the whole text (`several`), and in the block repaired every one
of two to nine, each between Latin-script text (`whole_losses`). A single U+FFFD is a
byte lost alone, and a block that holds one was damaged otherwise.

>>> [e.replacement for e in edits("caf\\ufffd\\ufffd said \\ufffd\\ufffd\\ufffdhello\\ufffd\\ufffd\\ufffd")]
['é', '“', '”']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .lossy import _NBSP_BEFORE, CONFIDENT, REPLACEMENT, complete_punctuation

_RUN = re.compile("\ufffd+")
# The longest run read as lost characters: three letters of three bytes (Vietnamese).
_LONGEST = 9
# At most one letter in this many of a block may be of another script (a name, a
# character the repair left), or its U+FFFD are not read as lost Latin-script ones.
_FOREIGN = 20


@dataclass(frozen=True)
class Filled:
    """One mark of a lost character (a run of U+FFFD, a `?`) and what was put in its place."""

    start: int
    end: int
    replacement: str  # U+FFFD where no guess clears the bar
    method: str
    confidence: float


def _latin(ch: str) -> bool:
    """Whether `ch` (or the text's edge, "") may stand beside a lost Latin-script character."""
    return not ch or ch < "\u0250" or "\u1e00" <= ch < "\u2070" or ch == REPLACEMENT


def several(text: str) -> bool:
    """Whether the text holds at least two runs of two to nine U+FFFD, or one beside a
    word's letter, or one or two before a syllable cp949 read from a byte and a letter."""
    if REPLACEMENT not in text:
        return False
    count = 0
    for m in _RUN.finditer(text):
        size = m.end() - m.start()
        if size <= 2 and _cp949_tail(text[m.end() : m.end() + 1]):
            return True
        if 2 <= size <= _LONGEST:
            count += 1
            if text[m.start() - 1 : m.start()].isalpha() or text[m.end() : m.end() + 1].isalpha():
                return True
    return count >= 2


def _cp949_tail(ch: str) -> bytes:
    """`ch`'s two bytes in cp949 where they are a lost character's last byte (80-BF)
    and the ASCII letter after it, which cp949 reads as one Hangul syllable: UTF-8's
    “ before `h` is E2 80 9C 68, read `��쐆`; ț before `i`, C8 9B 69, `�쌻`."""
    try:
        data = ch.encode("cp949")
    except UnicodeEncodeError:
        return b""
    return data if len(data) == 2 and 0x80 <= data[0] <= 0xBF and data[1] < 0x80 else b""


@dataclass(frozen=True)
class _Unit:
    """One character lost whole in a block: text[start:end] stands for it."""

    start: int
    end: int
    size: int  # its UTF-8 byte count
    last: int | None = None  # its last byte, where cp949 read it with the next letter
    follow: str = ""  # that letter


def _units(text: str) -> list[_Unit] | None:
    """The lost characters of a block, if its U+FFFD all stand for whole characters
    lost in Latin-script text: a block of Latin letters, its runs of two to nine U+FFFD
    between Latin-script characters, or one or two before a cp949 pair that holds the
    character's last byte; else None."""
    units = []
    for m in _RUN.finditer(text):
        start, end = m.span()
        tail = _cp949_tail(text[end : end + 1]) if end - start <= 2 else b""
        if tail:
            unit = _Unit(start, end + 1, end - start + 1, tail[0], chr(tail[1]))
        elif 2 <= end - start <= _LONGEST:
            unit = _Unit(start, end, end - start)
        else:
            return None
        if not (_latin(text[start - 1 : start]) and _latin(text[unit.end : unit.end + 1])):
            return None
        units.append(unit)
    # The cp949 pairs read from a lost byte and a letter are no letters of the block's.
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(not _latin(ch) for ch in letters) - sum(bool(u.follow) for u in units)
    if foreign * _FOREIGN > len(letters):
        return None  # a block of another script, whose own U+FFFD are none of this
    return units


def _normalized(text: str, units: list[_Unit]) -> tuple[str, list[_Unit]]:
    """The block with each character cp949 read with the next letter written as its lost
    bytes and that letter (`�쌻` as `��i`), and the units in it."""
    pieces = []
    moved = []
    pos = shift = 0
    for u in units:
        pieces.append(text[pos : u.start])
        pieces.append(REPLACEMENT * u.size + u.follow)
        moved.append(_Unit(u.start + shift, u.start + shift + u.size, u.size, u.last))
        shift += u.size + len(u.follow) - (u.end - u.start)
        pos = u.end
    pieces.append(text[pos:])
    return "".join(pieces), moved


def whole_losses(text: str) -> bool:
    """Whether the U+FFFD of a block (one at least) all stand for whole characters lost
    in Latin-script text (see `_units`).

    >>> whole_losses("it\\ufffd\\ufffd\\ufffds na\\ufffd\\ufffdve")
    True
    >>> whole_losses("caf\\ufffd na\\ufffd\\ufffdve")  # a byte lost alone: another decoder
    False
    """
    return bool(_units(text))


# A token of letters and U+FFFD: a word whose lost letters are runs.
_TOKEN = re.compile("(?:[^\\W\\d_]|\ufffd)+")
# The least summed frequency of the words a token of runs alone may be (Vietnamese `ở`):
# English lists hold a few CJK words of three bytes, too rare to count.
_RUNS_ONLY = 1e-4


def _shape(word: str) -> str:
    """`frequency.byte_shape` of a word whose runs of U+FFFD are its lost bytes."""
    from .frequency import byte_shape

    return "".join(
        "\0" * len(m.group()) if m.group()[0] == REPLACEMENT else byte_shape(m.group())
        for m in re.finditer("\ufffd+|[^\ufffd]+", word)
    )


def _align(word: str, candidate: str, lasts: Sequence[int | None] = ()) -> list[str] | None:
    """What `candidate` puts in each run of `word`, if it agrees with the letters that
    survived (those not lost keep their place) and with each run's known last byte."""
    out: list[str] = []
    i = 0
    for m in re.finditer("\ufffd+|[^\ufffd]+", word):
        piece = m.group()
        if piece[0] == REPLACEMENT:
            need, taken = len(piece), ""
            while need > 0 and i < len(candidate):
                taken += candidate[i]
                need -= len(candidate[i].encode())
                i += 1
            last = lasts[len(out)] if len(out) < len(lasts) else None
            if need or (last is not None and taken.encode()[-1] != last):
                return None
            out.append(taken)
        else:
            if candidate[i : i + len(piece)] != piece.lower():
                return None
            i += len(piece)
    return out if i == len(candidate) else None


def cased(letters: str, word: str, at: int, text: str, lo: int) -> str:
    """The lost letters `letters` (lower case) at offset `at` of `word`, which starts at
    text[lo], in the case the word shows: upper in a word of capitals, and first at a
    sentence's start."""
    known = [ch for ch in word if ch.isalpha()]
    if len(known) >= 2 and all(ch.isupper() for ch in known):
        return letters.upper()
    if at == 0 and _starts_sentence(text, lo):
        return letters[:1].upper() + letters[1:]
    return letters


def _languages(text: str) -> list[str]:
    """The languages to look the block's words up in (`frequency.languages_by_shapes`)."""
    from .frequency import languages_by_shapes

    tokens = _TOKEN.findall(text)
    whole = " ".join(t for t in tokens if REPLACEMENT not in t)
    return languages_by_shapes(
        whole, [_shape(t) for t in tokens if REPLACEMENT in t and t.strip(REPLACEMENT)]
    )


@cache
def _letters(lang: str, size: int) -> tuple[str, ...]:
    """The Latin letters that UTF-8 writes in `size` bytes (é, ß, ł: two; Vietnamese ệ:
    three) and that `lang`'s words use commonly enough to spell an unknown word with:
    the words that hold one sum to `_COMMON_LETTER` at least."""
    from .frequency import _all_words

    mass: dict[str, float] = {}
    for word, freq in _all_words(lang).items():
        for ch in set(word):
            if ch >= "\x80" and len(ch.encode()) == size and ch.isalpha():
                mass[ch] = mass.get(ch, 0.0) + freq
    latin = (
        ch for ch, m in mass.items() if m >= _COMMON_LETTER and (ch < "\u0250" or "\u1e00" <= ch < "\u1f00")
    )
    return tuple(sorted(latin))


# English words with é sum to 6e-5, with í to 9e-6; the letters of Czech to 4e-2 and more.
_COMMON_LETTER = 1e-5


def _spelled(
    text: str, lo: int, hi: int, run: re.Match[str], langs: list[str], last: int | None = None
) -> tuple[str, str, float] | None:
    """The letters a run inside a word no list knows stood for, by the letter pairs
    around it in the likeliest language (`frequency.rank_spellings`): one letter of two
    bytes or of three, or two of two. Only a clear winner counts."""
    from .frequency import rank_spellings

    n = run.end() - run.start()
    lang = langs[0]
    if n == 4:
        options = [a + b for a in _letters(lang, 2) for b in _letters(lang, 2)]
    else:
        options = list(_letters(lang, n)) if n in (2, 3) else []
    if last is not None:
        options = [option for option in options if option.encode()[-1] == last]
    if len(options) == 1:
        return options[0], "the only letter of the language that ends in the byte read", 0.8
    if len(options) < 2:
        return None
    head, tail = text[lo : run.start()], text[run.end() : hi]
    at = len(head)
    spellings = [head + option + tail for option in options]
    ranked = rank_spellings(spellings, list(range(at, at + len(options[0]))), [lang])
    best, share = ranked[0]
    if share < _CLEAR_SPELLING:
        return None
    word = text[lo:hi]
    letters = cased(options[best], word, run.start() - lo, text, lo)
    return letters, "the likeliest letters by the letter pairs of its words", round(share, 2)


# A spelling by letter pairs must stand out this much (as `lossy` asks of one).
_CLEAR_SPELLING = 0.8


def _words(text: str, units: list[_Unit], langs: list[str]) -> dict[int, tuple[str, str, float]]:
    """The runs that stand inside words, filled by the words of their shape the lists
    know (`frequency.words_of_shape`): each run takes the letters with most of those
    words' frequency. A run at the token's edge that no word takes is left for
    punctuation (`���hello`)."""
    from .frequency import words_of_shape

    at = {u.start: k for k, u in enumerate(units)}
    found: dict[int, tuple[str, str, float]] = {}
    for token in _TOKEN.finditer(text):
        lo, hi = token.span()
        runs = list(_RUN.finditer(text, lo, hi))
        if not runs or any(m.start() not in at for m in runs):
            continue
        # The token, then without a run at either edge (punctuation: `���hello`), or
        # without a one-letter word and the run after it (a no-break space: Czech
        # `k��zad��n��`, k\xa0zadání).
        starts = [lo]
        first = runs[0]
        if first.start() == lo or (first.start() == lo + 1 and first.end() - first.start() == 2):
            starts.append(first.end())
        ends = [hi, runs[-1].start()] if runs[-1].end() == hi else [hi]
        spans = [(a, b) for a in starts for b in ends if a < b]
        for a, b in spans:
            word = text[a:b]
            if REPLACEMENT not in word:
                continue
            aligned: list[tuple[list[str], str, float]] = []
            # The likeliest language that has such words; a token of runs alone only in
            # the likeliest (an English ` ��� ` is a dash, not Vietnamese `ở`).
            shape = _shape(word)
            lasts = [units[at[m.start()]].last for m in runs if a <= m.start() < b]
            for lang in langs if word.strip(REPLACEMENT) else langs[:1]:
                words = words_of_shape(shape, [lang])
                aligned = [(fill, w, f) for w, f in words if (fill := _align(word, w, lasts)) is not None]
                if aligned:
                    break
            total = sum(f for _, _, f in aligned)
            if not aligned or (not word.strip(REPLACEMENT) and total < _RUNS_ONLY):
                continue
            within = [m for m in runs if a <= m.start() and m.end() <= b]
            best_word = aligned[0][1]
            for k, m in enumerate(within):
                shares: dict[str, float] = {}
                for fill, _, f in aligned:
                    shares[fill[k]] = shares.get(fill[k], 0.0) + f
                letters = max(shares, key=lambda key: shares[key])
                share = round(shares[letters] / total, 2)
                put = cased(letters, word, m.start() - a, text, a)
                found[at[m.start()]] = (put, f"makes the word {best_word!r}", share)
            break
        else:
            for m in runs:
                # Inside the word, or at its end after two letters at least; a `»` that
                # closes the line's `«`, or the no-break space before French `:;!?`, is
                # left to `_fill`.
                inside = lo < m.start() and m.end() < hi
                ending = (
                    m.end() == hi
                    and m.start() - lo >= 2
                    and text[hi : hi + 1] not in _NBSP_BEFORE
                    and not _guillemet_open(text, m.start())
                )
                if (inside or ending) and langs:
                    spelled = _spelled(text, lo, hi, m, langs, units[at[m.start()]].last)
                    if spelled:
                        found[at[m.start()]] = spelled
    return found


def _guillemet_open(text: str, at: int) -> bool:
    """Whether the line up to text[at] leaves a `«` open."""
    line = text[text.rfind("\n", 0, at) + 1 : at]
    return line.count("«") > line.count("»")


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?\n"


def _fill(text: str, start: int, end: int, last: int | None = None) -> tuple[str, str, float]:
    """(character, how, confidence) for a run no word took, text[start:end], whose
    earlier runs are filled; `last`: its last byte, where cp949 read it."""
    from .frequency import word_frequency, words_language
    from .lossy import _latin1_sign

    n = end - start
    before, after = text[:start], text[end:]
    prev, nxt = before[-1:], after[:1]
    if n == 3:
        number = _NUMBER.match(after)
        quoted = number is not None and after[number.end() : number.end() + 1] == REPLACEMENT
        if number and not quoted and not prev.isalnum() and last in (None, 0xAC):
            return "€", "a three-byte sign before a number: the euro sign", 0.6
        ch, conf, how = complete_punctuation(before, after, None if last is None else frozenset((last,)))
        return ch, how, conf
    if last is not None:
        return REPLACEMENT, "no word ends its letter so", 0.0
    if n == 2:
        # A run no word takes is a sign (C2 A0-BF): the no-break space or a `»` where
        # its place shows one (`lossy._latin1_sign`); before a letter, only the
        # no-break space after a one-letter word (Czech `v��archivu`, v\xa0archivu).
        if not nxt.isalpha():
            sign = _latin1_sign(before, after, None)
            return (sign[0], sign[2], sign[1]) if sign else (REPLACEMENT, "no sign fits its place", 0.0)
        left = _WORD_TAIL.search(before)
        if left and len(left.group()) == 1:
            lang = words_language(before[-300:] + " " + after[:300])
            if lang in _TIED and word_frequency(left.group().lower(), lang) >= _ONE_LETTER_WORD:
                return "\xa0", "a no-break space after a one-letter word", 0.6
    return REPLACEMENT, "nothing of the character survives", 0.0


# Languages whose typesetting ties a one-letter word to the next with a no-break space,
# and how common the letter must be as a word of its own (Czech v, k, s, z; Polish w).
_TIED = frozenset(("cs", "sk", "pl"))
_ONE_LETTER_WORD = 1e-4
# A number after a lost sign (`���5`, €5); one a lost mark closes is quoted (`���0���`).
_NUMBER = re.compile("[0-9][0-9.,]*")
_WORD_TAIL = re.compile("[^\\W\\d_]+\\Z")


def _fill_units(text: str, units: list[_Unit], mode: str, shown: bool) -> list[Filled]:
    """Each lost character of a block (`_units`), with what it stood for;
    with `mode` "mark", or where no guess is sure enough, one U+FFFD for it. Runs are
    marked, and filled by letter pairs or punctuation, only where two guesses at least
    are sure, or one where the block `shown` mojibake that was repaired: a run or two
    of U+FFFD alone may be the text's own, and is left as it is unless it makes a word
    the lists know."""
    norm, moved = _normalized(text, units)
    langs = _languages(norm)
    if not shown and _one_a_character(text, langs):
        return []  # cp1252 read as UTF-8: `unencodable` reads it
    in_words = _words(norm, moved, langs)
    work = norm
    shift = 0
    out = []
    sure = 0
    for k, (unit, at) in enumerate(zip(units, moved, strict=True)):
        start, end = at.start + shift, at.end + shift
        ch, how, conf = in_words[k] if k in in_words else _fill(work, start, end, unit.last)
        if ch != REPLACEMENT and conf >= CONFIDENT:
            sure += 1
        if ch != REPLACEMENT and (mode != "infer" or conf < CONFIDENT):
            ch, how = (
                REPLACEMENT,
                f"marked: the likeliest ({how}) is a guess" if mode == "infer" else "marked",
            )
        out.append(Filled(unit.start, unit.end, ch + unit.follow, how, conf if ch != REPLACEMENT else 0.0))
        work = work[:start] + ch + work[end:]
        shift += len(ch) - (end - start)
    if sure >= (1 if shown else _SURE):
        return out
    # With less evidence, only a word the lists know is taken: letter pairs and quote
    # pairing fill runs put into a text as readily as runs lost from it.
    return [f for f in out if f.method.startswith("makes the word")] if mode == "infer" else []


def _one_a_character(text: str, langs: list[str]) -> bool:
    """Whether a block of ASCII and U+FFFD reads better with one U+FFFD for each
    character (cp1252 read as UTF-8: Dutch `��n` is één) than with one for each byte
    (UTF-8 read as ASCII: `én`), by the frequencies of the words each reading makes."""
    from .frequency import char_shape, words_of_shape

    if not text.replace(REPLACEMENT, "").isascii() or not langs:
        return False
    lang = langs[0]
    by_byte = by_char = 0.0
    for token in _TOKEN.finditer(text):
        word = token.group()
        if REPLACEMENT not in word or not word.strip(REPLACEMENT):
            continue
        bytes_best = words_of_shape(_shape(word), [lang])
        chars_best = words_of_shape(char_shape(word.replace(REPLACEMENT, "\x80")), [lang], per_char=True)
        by_byte += bytes_best[0][1] if bytes_best else 0.0
        by_char += chars_best[0][1] if chars_best else 0.0
    return by_char > by_byte


# Sure guesses a block must hold before any of its runs is read as lost characters.
_SURE = 2


def edits(text: str, mode: str = "infer", shown: bool = False) -> list[Filled]:
    """Each lost character of a block that `whole_losses` accepts, with what it stood
    for (`_fill_units`); nothing for any other block."""
    units = _units(text)
    return _fill_units(text, units, mode, shown) if units else []
