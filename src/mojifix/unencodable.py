"""Characters a code page could not carry, one mark each: `caf?` and `caf�` for café.

Text encoded to ASCII, or to cp1252 (what databases call latin1), with
`errors="replace"` keeps one `?` for each character the code page lacks: a database
column, a console, an export (`Gr??e`, Polish `Pozna?` for Poznań). Nothing of the
letter survives but its place, so the word decides: a `?` inside a word, or ending
one, that the word lists complete with one letter the page lacks (`na?ve`, `caf?`) is
that letter, and `?s`, `?t` after a word that the lists know with an apostrophe is one
(`it?s`, `don?t`), as is the `?` of a French elision (`l?homme`).

A `?` is a question mark far more often, so a text is read so only where all of it is
in the page (what such an encoder leaves), nothing else was repaired in it, and two of
its `?` at least are completed; a word the lists know without its last `?` (`resume?`)
keeps it, and so does one whose `?` stands beside letters that make a commoner word
without it (`typ?e`: a `?` put in, not a letter lost).

The same holds for the other direction: cp1252 text read as UTF-8 with
`errors="replace"` keeps one U+FFFD (`REPLACED`) for each character from byte 80 up
(`caf� na�ve`). Its marks are filled by the characters cp1252 writes there; a mark
alone between spaces by a common word of one letter (Italian `è`), and, once two are
filled, a mark outside words by punctuation.

>>> [(f.start, f.replacement) for f in fill("The caf? serves a na?ve dish.")]
[(7, 'é'), (20, 'ï')]
>>> fill("Is the cafe open? Yes.")
[]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from .lossy import CONFIDENT
from .vanished import Filled, cased

# English contractions whose apostrophe an ASCII encoder wrote as `?`.
_CONTRACTION = {
    mark: re.compile(f"([A-Za-z]+){re.escape(mark)}(s|t|ll|re|ve|d|m)", re.IGNORECASE) for mark in "?\ufffd"
}
# cp1252 text read as UTF-8 leaves one U+FFFD for each of its non-ASCII characters:
# what each can have been (the characters cp1252 writes in one byte from 80 up).
REPLACED = "\ufffd"
# French words elided before a vowel (`l?homme`, `n?a`), which wordfreq lists apart.
_ELIDED = {"fr": frozenset(("l", "d", "n", "s", "j", "m", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"))}
# A word completed before a sentence's end must be this much commoner than the word
# without its last `?`, which is a question mark there (`resume?`, not resumé).
_OVER_QUESTION = 10.0
# A word left whole by taking the `?` out must be this much commoner than the word the
# `?` completes for the `?` to count as put in (`nave`, 1.3e-6, stays below `naïve`'s
# 1.2e-6 times this; `type` does not).
_PUT_IN = 3.0
# The stretch of a text its language is told from.
_SAMPLE = 5000
_LETTERS_AND_MARK = re.compile(r"(?:[^\W\d_]|\?)+")
# How common a word of one letter must be to fill a mark alone (Italian è: 1e-2).
_ONE_LETTER = 1e-4
# Longer runs of letters and `?` are no words.
_LONGEST_WORD = 40


# A run of marks, written to start with a literal one: `re` then looks for it at memory
# speed (`\?+` tries every position).
_RUNS = {mark: re.compile(re.escape(mark) * 2 + "*") for mark in "?\ufffd"}


def _tokens(text: str, mark: str, suspect_only: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of letters and `mark` that holds one beside a letter;
    with `suspect_only`, of those whose marks no question put there (`_suspect`)."""
    end = 0
    for m in _RUNS[mark].finditer(text):
        at, stop = m.span()
        if at < end or not (text[at - 1 : at].isalpha() or text[stop : stop + 1].isalpha()):
            continue
        if suspect_only and not (text[stop : stop + 1].isalpha() or _mid_sentence(text, stop, mark)):
            continue
        start = at
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] == mark):
            start -= 1
        end = stop
        while end < len(text) and (text[end].isalpha() or text[end] == mark):
            end += 1
        yield start, end


def _languages(text: str, mark: str) -> list[str]:
    """The languages to look the text's words up in (`frequency.languages_by_shapes`)."""
    from .frequency import char_shape, languages_by_shapes

    # The lists are asked for the first 60 words: the text's start, and its tokens.
    tokens = _LETTERS_AND_MARK.findall(text[:_SAMPLE].replace(mark, "?"))
    shapes = [
        char_shape(text[a:b].strip(mark).replace(mark, "\x80"))
        for a, b in itertools.islice(_tokens(text, mark), 60)
    ]
    return languages_by_shapes(" ".join(w for w in tokens if "?" not in w), shapes, per_char=True)


@lru_cache(maxsize=4096)
def _word(
    word: str, langs: tuple[str, ...], page: str, mark: str = "?"
) -> tuple[tuple[str, ...], str, float, str] | None:
    """The letters each `?` of `word` stood for (characters the code page `page` lacks),
    the word they make, their share of the words of that shape, and the language: the
    likeliest that has any."""
    from .frequency import char_shape, words_of_shape

    shape = char_shape(word.replace(mark, "\x80"))
    holes = [i for i, ch in enumerate(word) if ch == mark]
    kept = [(i, ch.lower()) for i, ch in enumerate(word) if ch != mark and not ch.isascii()]
    for lang in langs:
        words = [
            (w, f)
            for w, f in words_of_shape(shape, [lang], per_char=True)
            if len(w) == len(word)
            and all(w[i] == ch for i, ch in kept)
            and all(_lacked(w[i], page) for i in holes)
        ]
        if not words:
            continue
        total = sum(f for _, f in words)
        letters = []
        share = 1.0
        for i in holes:
            shares: dict[str, float] = {}
            for w, f in words:
                shares[w[i]] = shares.get(w[i], 0.0) + f
            best = max(shares, key=lambda ch: shares[ch])
            letters.append(best)
            share = min(share, shares[best] / total)
        return tuple(letters), words[0][0], round(share, 2), lang
    return None


@lru_cache(maxsize=1024)
def _lacked(ch: str, page: str) -> bool:
    """Whether `ch` can be what the mark stands for: a character the code page `page`
    lacks (`?`), or for `REPLACED`, one cp1252 writes in one byte from 80 up."""
    try:
        data = ch.encode("cp1252" if page == REPLACED else page)
    except UnicodeEncodeError:
        return page != REPLACED
    return page == REPLACED and len(data) == 1 and data[0] >= 0x80


def _page(text: str) -> str | None:
    """The code page a text with `?` may have been saved in: ASCII, or cp1252 (what
    databases call latin1), where every character of it is one of the page's."""
    if text.isascii():
        return "ascii"
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return "cp1252"


@lru_cache(maxsize=4096)
def _frequency(word: str, lang: str) -> float:
    from .frequency import word_frequency

    return word_frequency(word, lang, rare=True)


@lru_cache(maxsize=4096)
def _apostrophe(word: str, langs: tuple[str, ...], mark: str = "?") -> int | None:
    """The offset of the `?` in `word` that stands for an apostrophe: an English
    contraction (`it?s`) or a French elision (`l?homme`)."""
    from .frequency import word_frequency

    short = _CONTRACTION[mark].fullmatch(word)
    if short and word_frequency(f"{short.group(1)}'{short.group(2)}", langs[0]):
        return short.end(1)
    head, _, rest = word.partition(mark)
    if head.lower() in _ELIDED.get(langs[0], ()) and rest.isalpha():
        # `n?a` is n’a, but `d?e` is `de` with a `?` put in: the word without it is the
        # likelier where it is common against the word after the apostrophe.
        after, bare = word_frequency(rest, langs[0]), word_frequency(head + rest, langs[0])
        if after and _PUT_IN * bare < after:
            return len(head)
    return None


# The punctuation cp1252 writes from 80 up, all of it General Punctuation (E2 80 xx):
# the last bytes `lossy.complete_punctuation` may choose from.
_CP1252_MARKS = frozenset(ch.encode()[-1] for ch in "‚„…†‡‰‹‘’“”•–—›")


def _marks(text: str, found: list[Filled], lang: str, punctuation: bool) -> list[Filled]:
    """`found`, and the `REPLACED` left outside words: a word of one letter of the
    language (Italian `è`, French `à`), or with `punctuation`, a mark by quote pairing
    and the text's habits (`lossy.complete_punctuation`)."""
    from .frequency import words_of_shape
    from .lossy import complete_punctuation

    alone = [(w, f) for w, f in words_of_shape("\x01", [lang], per_char=True) if _lacked(w, REPLACED)]
    total = sum(f for _, f in alone)

    taken = {f.start: f for f in found}
    out: list[Filled] = []
    work = []
    pos = 0
    for i, ch in enumerate(text):
        if ch != REPLACED:
            continue
        work.append(text[pos:i])
        pos = i + 1
        if i in taken:
            out.append(taken[i])
            work.append(taken[i].replacement)
            continue
        if alone and text[i - 1 : i] in (" ", "\n", "") and text[i + 1 : i + 2] in (" ", ",", ".", ""):
            word, freq = alone[0]
            if freq >= _ONE_LETTER and freq / total >= CONFIDENT:
                out.append(
                    Filled(
                        i, i + 1, cased(word, word, 0, text, i), f"the word {word!r}", round(freq / total, 2)
                    )
                )
                work.append(out[-1].replacement)
                continue
        mark, conf, how = (
            complete_punctuation("".join(work), text[i + 1 :], _CP1252_MARKS)
            if punctuation
            else (REPLACED, 0.0, "")
        )
        if mark != REPLACED and conf >= CONFIDENT:
            out.append(Filled(i, i + 1, mark, how, conf))
            work.append(mark)
        else:
            work.append(REPLACED)
    return out


def _mid_sentence(text: str, end: int, mark: str) -> bool:
    """Whether a word's last `mark`, before text[end], stands mid-sentence: then a `?`
    is no question's (`caf? serves`)."""
    after = text[end : end + 2]
    return mark != "?" or after[:1] in (",", ";", ":") or (after[:1] == " " and after[1:2].islower())


def _suspect(text: str, start: int, end: int, mark: str) -> int:
    """How many marks of a token no question put there: between letters, before a
    letter, or ending a word mid-sentence."""
    token = text[start:end]
    inner = token.rstrip(mark).count(mark)
    return inner + (len(token) - len(token.rstrip(mark)) if _mid_sentence(text, end, mark) else 0)


def _enough(text: str, mark: str) -> bool:
    """Whether the text holds two marks at least that no question put there: every
    U+FFFD is a lost character, a `?` only between letters, before one or ending a
    word mid-sentence."""
    if mark == REPLACED:
        return text.count(REPLACED) >= 2
    suspects = 0
    for a, b in _tokens(text, mark, suspect_only=True):
        suspects += _suspect(text, a, b, mark) if b - a <= _LONGEST_WORD else 0
        if suspects >= 2:
            return True
    return False


def fill(text: str) -> list[Filled]:
    """Each `?` (or `REPLACED`) of a text in one code page that stood for a letter, or
    an apostrophe, with it, where the text shows enough of them (see the module's
    note); else nothing."""
    mark = REPLACED if REPLACED in text else "?"
    # A question's own `?` ends a word before a sentence ends: clean text holds little
    # else, and is let go before its code page is tried or any word list is read.
    if not _enough(text, mark):
        return []
    if mark == REPLACED:
        page = REPLACED if text.replace(REPLACED, "").isascii() else ""
    else:
        page = _page(text) or ""
    if not page:
        return []
    tokens = [(a, b) for a, b in _tokens(text, mark) if b - a <= _LONGEST_WORD]
    langs = tuple(_languages(text, mark))
    found: list[Filled] = []
    for token_start, token_end in tokens:
        token = text[token_start:token_end]
        stem = token.rstrip(mark)
        mid = _mid_sentence(text, token_end, mark)
        # An apostrophe of the text's language first (`don?t` is no Hungarian `donát`).
        at = _apostrophe(token.strip(mark), langs, mark)
        if at is not None:
            pos = token_end - len(token.lstrip(mark)) + at
            found.append(Filled(pos, pos + 1, "’", "an apostrophe", 0.8))
            continue
        # The `?` before a word may be a letter (`?t?`, été) or a quote's (`?hello`).
        result, word = None, token
        for word in dict.fromkeys((token, token.lstrip(mark), token.rstrip(mark), token.strip(mark))):
            result = _word(word, langs, page, mark) if mark in word else None
            if result:
                break
        start = token_start if token.startswith(word) else token_start + len(token) - len(token.lstrip(mark))
        if token.endswith("?") and mark == "?" and "?" not in stem.lstrip("?") and not mid:
            # Before a sentence's end the last `?` may be the sentence's own.
            known = max(_frequency(stem.lstrip("?"), lang) for lang in langs)
            made = _frequency(result[1], result[3]) if result else 0.0
            if known and made < _OVER_QUESTION * known:
                result = None
        if result is None:
            continue
        letters, made_word, share, lang = result
        if share < CONFIDENT:
            continue
        # A `?` put into a word, not in a letter's place, leaves a word without it
        # (`typ?e`): that word must not be clearly the commoner one.
        bare = word.replace(mark, "")
        plain = _frequency(bare, lang) if bare else 0.0
        if plain and _PUT_IN * _frequency(made_word, lang) < plain:
            continue
        holes = [i for i, ch in enumerate(word) if ch == mark]
        for i, letter in zip(holes, letters, strict=True):
            put = cased(letter, word, i, text, start)
            found.append(Filled(start + i, start + i + 1, put, f"makes the word {made_word!r}", share))
    if mark == REPLACED and langs:
        # Words of one letter count with the words; punctuation only once they are enough.
        found = _marks(text, found, langs[0], punctuation=False)
        if len(found) >= 2:
            found = _marks(text, found, langs[0], punctuation=True)
    return found if len(found) >= 2 else []
