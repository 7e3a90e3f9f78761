"""Characters an encoder could not write, saved as `?`: `caf?` for café.

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

>>> [(f.start, f.replacement) for f in fill("The caf? serves a na?ve dish.")]
[(7, 'é'), (20, 'ï')]
>>> fill("Is the cafe open? Yes.")
[]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .lossy import CONFIDENT

# A `?` beside a letter, and the run of letters and `?` around it (found from the
# first, so that no regex backtracks through a long run of `?`).
_ANCHOR = re.compile(r"[^\W\d_]\?|\?[^\W\d_]")
# English contractions whose apostrophe an ASCII encoder wrote as `?`.
_CONTRACTION = re.compile(r"([A-Za-z]+)\?(s|t|ll|re|ve|d|m)", re.IGNORECASE)
# French words elided before a vowel (`l?homme`, `n?a`), which wordfreq lists apart.
_ELIDED = {"fr": frozenset(("l", "d", "n", "s", "j", "m", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"))}
# A word completed before a sentence's end must be this much commoner than the word
# without its last `?`, which is a question mark there (`resume?`, not resumé).
_OVER_QUESTION = 10.0
# A word left whole by taking the `?` out must be this much commoner than the word the
# `?` completes for the `?` to count as put in (`nave`, 1.3e-6, stays below `naïve`'s
# 1.2e-6 times this; `type` does not).
_PUT_IN = 3.0
# Longer runs of letters and `?` are no words.
_LONGEST_WORD = 40


def _tokens(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of letters and `?` that holds a `?` beside a letter."""
    end = 0
    for m in _ANCHOR.finditer(text):
        if m.start() < end:
            continue
        start = m.start()
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "?"):
            start -= 1
        end = m.end()
        while end < len(text) and (text[end].isalpha() or text[end] == "?"):
            end += 1
        yield start, end


@dataclass(frozen=True)
class Filled:
    """One `?` and the character put in its place."""

    start: int
    end: int
    replacement: str
    method: str
    confidence: float


def _languages(text: str) -> list[str]:
    """The Latin-script languages to look the text's words up in, likeliest first: the
    four whose lists know most of its whole words, ordered by how many of its words
    with a `?` have a shape their lists know."""
    from .frequency import _shapes, char_shape, words_languages

    whole = " ".join(w for w in re.findall(r"[^\W\d_?]+(?:\?+[^\W\d_?]+)*", text) if "?" not in w)
    shortlist = words_languages(whole)[:4]
    shapes = [
        char_shape(text[a:b].strip("?").replace("?", "\x80")) for a, b in itertools.islice(_tokens(text), 60)
    ]
    hits = {lang: sum(bool(_shapes(lang, True).get(s)) for s in shapes) for lang in shortlist}
    return sorted(shortlist, key=lambda lang: -hits[lang])


@lru_cache(maxsize=4096)
def _word(word: str, langs: tuple[str, ...], page: str) -> tuple[tuple[str, ...], str, float, str] | None:
    """The letters each `?` of `word` stood for (characters the code page `page` lacks),
    the word they make, their share of the words of that shape, and the language: the
    likeliest that has any."""
    from .frequency import char_shape, words_of_shape

    shape = char_shape(word.replace("?", "\x80"))
    holes = [i for i, ch in enumerate(word) if ch == "?"]
    kept = [(i, ch.lower()) for i, ch in enumerate(word) if ch != "?" and not ch.isascii()]
    for lang in langs:
        words = [
            (w, f)
            for w, f in words_of_shape(shape, [lang], per_char=True)
            if len(w) == len(word)
            and all(w[i] == ch for i, ch in kept)
            and not any(_in_page(w[i], page) for i in holes)
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
def _in_page(ch: str, page: str) -> bool:
    """Whether the code page has `ch`, so that it was never written as `?`."""
    try:
        ch.encode(page)
    except UnicodeEncodeError:
        return False
    return True


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


def _cased(letter: str, word: str, at: int, text: str, start: int) -> str:
    known = [ch for ch in word if ch.isalpha()]
    if len(known) >= 2 and all(ch.isupper() for ch in known):
        return letter.upper()
    if at == 0:
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?\n":
            return letter.upper()
    return letter


@lru_cache(maxsize=4096)
def _frequency(word: str, lang: str) -> float:
    from .frequency import word_frequency

    return word_frequency(word, lang, rare=True)


@lru_cache(maxsize=4096)
def _apostrophe(word: str, langs: tuple[str, ...]) -> int | None:
    """The offset of the `?` in `word` that stands for an apostrophe: an English
    contraction (`it?s`) or a French elision (`l?homme`)."""
    from .frequency import word_frequency

    short = _CONTRACTION.fullmatch(word)
    if short and word_frequency(f"{short.group(1)}'{short.group(2)}", langs[0]):
        return short.end(1)
    head, _, rest = word.partition("?")
    if head.lower() in _ELIDED.get(langs[0], ()) and rest.isalpha():
        # `n?a` is n’a, but `d?e` is `de` with a `?` put in: the word without it is the
        # likelier where it is common against the word after the apostrophe.
        after, bare = word_frequency(rest, langs[0]), word_frequency(head + rest, langs[0])
        if after and _PUT_IN * bare < after:
            return len(head)
    return None


def fill(text: str) -> list[Filled]:
    """Each `?` of a pure-ASCII text that stood for a letter (or an apostrophe) with it,
    where the text shows enough of them (see the module's note); else nothing."""
    page = _page(text) if "?" in text else None
    if page is None:
        return []
    langs: tuple[str, ...] = ()
    found: list[Filled] = []
    for token_start, token_end in _tokens(text):
        if token_end - token_start > _LONGEST_WORD:
            continue
        langs = langs or tuple(_languages(text))
        token = text[token_start:token_end]
        stem = token.rstrip("?")
        after = text[token_end : token_end + 2]
        # Mid-sentence, a `?` that ends a word is no question's (`caf? serves`).
        mid = after[:1] in (",", ";", ":") or (after[:1] == " " and after[1:2].islower())
        # An apostrophe of the text's language first (`don?t` is no Hungarian `donát`).
        at = _apostrophe(token.strip("?"), langs)
        if at is not None:
            pos = token_end - len(token.lstrip("?")) + at
            found.append(Filled(pos, pos + 1, "’", "an apostrophe", 0.8))
            continue
        # The `?` before a word may be a letter (`?t?`, été) or a quote's (`?hello`).
        result, word = None, token
        for word in dict.fromkeys((token, token.lstrip("?"))):
            result = _word(word, langs, page)
            if result:
                break
        start = token_end - len(word)
        if token.endswith("?") and "?" not in stem.lstrip("?") and not mid:
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
        bare = word.replace("?", "")
        plain = _frequency(bare, lang) if bare else 0.0
        if plain and _PUT_IN * _frequency(made_word, lang) < plain:
            continue
        holes = [i for i, ch in enumerate(word) if ch == "?"]
        for i, letter in zip(holes, letters, strict=True):
            cased = _cased(letter, word, i, text, start)
            found.append(Filled(start + i, start + i + 1, cased, f"makes the word {made_word!r}", share))
    return found if len(found) >= 2 else []
