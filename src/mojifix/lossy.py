"""Lost bytes: complete UTF-8 sequences that the wrong decoder cut short.

When UTF-8 is read as a CJK codec, the last byte of a sequence often pairs with a
byte that cannot follow it (a space, a full stop), and the decoder drops it
(`errors="ignore"`) or writes one U+FFFD per lost byte (Python's `errors="replace"`).
UTF-8's structure says where the byte was and what range it had; context says which
value it most likely was.

For General Punctuation (E2 80 xx) the candidates are few and context is strong:

>>> complete_punctuation("“Lifelong Learning", ".")
('”', 0.9, 'closes the open “')
>>> complete_punctuation("People", "s")[0]
'’'
"""

from __future__ import annotations

import bisect
import codecs as _codec_registry
import heapq
import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .chardata import is_cjk_letter, is_kana
from .sloppy import char_class, utf8_length

REPLACEMENT = "\ufffd"
# What lossy decoders leave for bytes they could not read: U+FFFD, `?` (.NET, or
# U+FFFD saved in a legacy codec) and `・` (Japanese Windows).
HOLE_MARKS = "\ufffd?・"
NBSP = "\xa0"


@dataclass(frozen=True)
class Reconstruction:
    """How the characters of a cut-short sequence were restored."""

    text: str  # the repaired text of the whole candidate span
    inferred: str  # the character restored from partial bytes (U+FFFD when only marked)
    known: bytes  # the bytes that survived
    pattern: str  # "dropped" (errors="ignore") or "replaced" (one U+FFFD per lost byte)
    method: str  # how the missing bytes were chosen
    confidence: float
    consumed: int  # U+FFFD characters after the span that the repair absorbs
    scored_as: str = ""  # the text to judge the repair by, when the guess itself is withheld
    guessed: bool = True  # whether a character was chosen (even if lossy='mark' withheld it)
    leading: int = 0  # a mark before the span that the repair absorbs (judged out, like `consumed`)
    inside: int = 0  # U+FFFD inside the span that the repair fills (judged out too)
    read_on: bool = False  # `consumed` is text read on across holes (its marks judged out)


# What a wrong decoder leaves where it lost bytes, and the software that does it.
PATTERNS = {
    "dropped": "bytes dropped without a trace (errors='ignore')",
    "replaced": "one U+FFFD per lost byte (Python) or per lost pair (browsers)",
    "swallowed": "`?` or `・` for the pair and the byte after it (.NET, PowerShell 5.1, Windows)",
    "saved": "U+FFFD saved in a legacy codec, so it became `?`",
    "spaced": "byte A0 shown as a no-break space, then turned into a plain space",
    "unencodable": "a character the code page it was saved in lacks, written as `?`",
}

# How each language quotes where it differs from English (“…”, ‘…’): its double and
# single opening marks and the marks that close them, as its style guides give them.
_ENGLISH_QUOTES = ("“", "”", "‘", "’")
_QUOTES = {
    **dict.fromkeys(("de", "cs", "sk", "sl", "da", "is", "lt", "lv"), ("„", "“", "‚", "‘")),
    **dict.fromkeys(("pl", "hu", "ro", "sh"), ("„", "”", "‚", "’")),
    **dict.fromkeys(("fi", "sv"), ("”", "”", "’", "’")),
}
# Dutch quotes “…” but closes a low „ with ”, as Polish does.
_LOW_CLOSING = {"nl": ("”", "’")}
# The marks that may close each opening mark, whatever the language.
_CLOSES = {"„": "“”", "“": "”", "”": "”", "‚": "‘’", "‘": "’", "’": "’"}
# Quotation marks, but not `’` between letters: an apostrophe.
_QUOTE_MARK = re.compile("[“”„‘‚]|(?<!\\w)’|’(?!\\w)")
_PRIOR = {"’": 2.0, "”": 1.5, "“": 1.0, "–": 1.0, "—": 1.0, "…": 1.0, "‘": 0.5, "•": 0.3, "„": 0.0}
# French sets a narrow no-break space (U+202F, E2 80 AF) inside « » and before ; : ! ?
_PUNCT = [*(chr(cp) for cp in range(0x2010, 0x2027)), "\u202f"]
_PUNCT_RUN = re.compile("[\u2010-\u2026\u202f]")
_BASE = {ch: _PRIOR.get(ch, -1.0) for ch in _PUNCT}


def _quotes(lang: str) -> tuple[str, str, str, str]:
    """(double opening, double closing, single opening, single closing) in `lang`."""
    return _QUOTES.get(lang, _ENGLISH_QUOTES)


class _Language:
    """The language of a window of text (`frequency.words_language`), found on first
    use: most lost marks are decided without it."""

    def __init__(self, window: str) -> None:
        self._window = window
        self._lang: str | None = None

    def __call__(self) -> str:
        if self._lang is None:
            from .frequency import words_language

            self._lang = words_language(self._window)
        return self._lang


def _closing(opening: str, lang: Callable[[], str], seen: Mapping[str, str]) -> str:
    """The mark that closes `opening`: as the text closed it before, else as `lang` does."""
    if opening in seen:
        return seen[opening]
    if opening in "„‚":
        double_open, double_close, _, single_close = _quotes(lang())
        low = _LOW_CLOSING.get(lang()) or ((double_close, single_close) if double_open == "„" else ("“", "‘"))
        return low[0] if opening == "„" else low[1]
    return "”" if opening in "“”" else "’"


def _quote_stack(para: str, lang: Callable[[], str]) -> tuple[list[str], dict[str, str], Counter[str]]:
    """The opening marks of `para` still open at its end, how it closed each kind, and
    how often it opened each.

    A mark closes the innermost open one if it can (`“` closes `„`, `”` closes `“`);
    else it opens, but `”` and `’` open only in languages that open with them
    (Finnish ”…”); `’` between letters is an apostrophe.
    """
    stack: list[str] = []
    seen: dict[str, str] = {}
    opened: Counter[str] = Counter()
    for m in _QUOTE_MARK.finditer(para):
        ch = m.group()
        if stack and ch in _CLOSES[stack[-1]]:
            seen.setdefault(stack.pop(), ch)
        elif ch in "“„‘‚" or ch in _quotes(lang())[::2]:
            stack.append(ch)
            opened[ch] += 1
    return stack, seen, opened


def _open_quote(before: str, lang: Callable[[], str]) -> tuple[str, str] | None:
    """(the innermost quote the last paragraph of `before` leaves open, the mark that
    closes it), if one is open."""
    para = before[before.rfind("\n\n", -1000) + 1 :][-1000:]
    stack, seen, _ = _quote_stack(para, lang)
    if not stack:
        return None
    return stack[-1], _closing(stack[-1], lang, seen)


def _opening(after: str, window: str, lang: Callable[[], str], allowed: frozenset[int] | None = None) -> str:
    """The opening quote that fits the first closing quote ahead, or the text's habit,
    or the language's. `allowed`: the bytes the decoder could lose here."""
    for i, ch in enumerate(after[:200]):
        if ch in "”’":
            double_open, double_close, single_open, single_close = _quotes(lang())
            if ch == "”":
                return double_open if double_close == "”" else "“"
            return single_open if single_close == "’" else "‘"
        if ch in "“‘":
            if i and after[i - 1].isspace():
                break  # it opens a quote of its own: the closing mark of this one was lost
            return {"“": "„", "‘": "‚"}[ch]
        if ch == "\n":
            break
    if _code_token(after) and lang() in _SINGLE_FOR_CODE and (allowed is None or _CLOSINGS <= allowed):
        # Only where the decoder loses either closing quote alike: a strict cp1253
        # reads ’ (99) but not ” (9D), so a closing it lost was ”, and so was the pair.
        return "‘"
    opened = _quote_stack(window, lang)[2]
    if opened:
        return max(opened, key=lambda k: (opened[k], k in "“„”"))
    if lang() in _SINGLE_QUOTING and (allowed is None or _CLOSINGS <= allowed):
        return "‘"
    return _quotes(lang())[0]


# ” opening a word (Finnish, Swedish: ”…”).
_OPENING_CLOSER = re.compile(r"(?:^|[\s(])”\w")
# Languages whose programs quote options ‘so’: GNU's English, kept by Dutch
# translators; Vietnamese ones, among others, write “so”.
_SINGLE_FOR_CODE = frozenset(("en", "nl"))
# Languages that quote ‘so’ by default: Dutch translations of GNU and GNOME alike.
_SINGLE_QUOTING = frozenset(("nl",))
# The last bytes of ’ and ”.
_CLOSINGS = frozenset((0x99, 0x9D))
_ASCII_TOKEN = re.compile("[!-~]{1,40}")


def _code_token(after: str) -> bool:
    """Whether `after` starts with a command-line option: GNU's programs quote those
    ‘so’; other code (`“%s”`, `“/”`) is quoted as often “so” (GNOME's style), as
    prose is."""
    token = _ASCII_TOKEN.match(after)
    return token is not None and token.group()[0] == "-"


def complete_punctuation(
    before: str, after: str, allowed: frozenset[int] | None = None, ahead: str = ""
) -> tuple[str, float, str]:
    """Choose the General Punctuation character (E2 80 xx) that fits the context.

    `before` is the repaired text up to the hole, `after` what follows it. Quote
    pairing decides first; then each candidate is scored by how common it is, how
    well it fits the characters around it, and whether the text uses it elsewhere.

    >>> complete_punctuation("“Lifelong Learning", ".")
    ('”', 0.9, 'closes the open “')
    >>> complete_punctuation("People", "s")[0]
    '’'
    >>> complete_punctuation("with ", "-o’ and")[0]
    '‘'

    `allowed` holds the last bytes the wrong decoder could have lost here (see
    `lost_bytes`): before a letter, GBK loses `…` (A6) but never `’` (99, which it
    reads with the letter as a hanzi). `ahead`: the marks `after` still holds garbled
    and whole (`_marks_ahead`), which show the text's habits as the repaired ones do.
    """
    prev = before[-1:] if before else ""
    nxt = after[:1]
    window = before[-1000:] + after[:1000] + (" " + ahead if ahead else "")
    lang = _Language(window)
    still_open = _open_quote(before, lang)
    if still_open and (not nxt or not nxt.isalnum()) and _fits(still_open[1], allowed):
        return still_open[1], 0.9, f"closes the open {still_open[0]}"
    used = dict.fromkeys(_PUNCT, 0)  # a plain dict: a Counter's missing keys cost a call each
    fits = [ch for ch in _BASE if _fits(ch, allowed)]
    if not fits:
        return REPLACEMENT, 0.0, "no punctuation fits the bytes the decoder could have lost"
    if len(fits) == 1:
        return fits[0], 0.8, "the only punctuation the decoder could have lost here"
    scores = dict(_BASE)
    for ch, n in Counter(_PUNCT_RUN.findall(window)).items():
        used[ch] = n
        scores[ch] += 1.5 * min(n, 4)
    starts = not prev or prev.isspace() or prev in "([{<"
    # A mark glued to the word after it starts a token (`.loc`, `-o`), it ends nothing.
    ends = not nxt or nxt.isspace() or (nxt in ",.;:!?)]}>" and not after[1:2].isalnum())
    if prev.isalpha() and nxt.isalpha():
        scores["’"] += 6.0
        scores["‐"] += 2.0 if used["‐"] else 0.0
    if (prev.isdigit() or prev in "%°") and nxt.isdigit():
        scores["–"] += 6.0  # a range: 2020–2021, 5%–10%
    if (prev == "«" or (nxt and nxt in ";:!?»" and prev.isalnum())) and lang() == "fr":
        scores["\u202f"] += 8.0  # French closes quotes with », not ’ or ”
    if starts and not ends:
        scores[_opening(after, window, lang, allowed)] += 6.0
    if (prev.isspace() or prev in "([{") and after.lstrip(" ")[:1] in ("", "\n", ")", "]", "}"):
        # Nothing after it but a line's end or a bracket's: no dash, which joins two
        # things; an ellipsis, for what is left out (`[…]`, `NAME …`, `[ … ]`).
        scores["…"] += 6.0
    elif prev.isspace() and ends:
        scores["–"] += 4.0
        scores["—"] += 2.0
    if not starts and ends and still_open is None and not _OPENING_CLOSER.search(window):
        # Nothing is open for a closing quote to close: that the text closes quotes
        # elsewhere is no evidence for one here (`“test” – really鈥�` ends in …),
        # unless it opens with ” too (Finnish `”Content-Length鈥�`).
        scores["”"] -= 1.5 * min(used["”"], 4)
    if not starts and ends and prev in ".!?,;:":
        # After a sentence's own mark a quote closes (`Performance.” Based`); an
        # ellipsis seldom follows a period.
        scores["”"] += 2.0
        scores["’"] += 1.0
    elif not starts and ends:
        if not nxt or nxt.isspace() or nxt in ")]}>":
            scores["…"] += 2.0 + (1.0 if not nxt or nxt == "\n" or prev in ")]" else 0.0)
        scores["’"] += 1.0 if prev.isalpha() and nxt == " " else 0.0
        scores["”"] += 1.0
    best, second = heapq.nlargest(2, fits, key=scores.__getitem__)
    margin = scores[best] - scores[second]
    if margin < 0.5:
        return REPLACEMENT, 0.0, "no context to decide"
    conf = round(min(0.85, 0.5 + margin / 10), 2)
    return best, conf, "fits its neighbours" + (", as elsewhere in the text" if used[best] else "")


# Where a no-break space stands after a letter: before French high punctuation.
_NBSP_BEFORE = frozenset(":;!?»%\u202f")


def _latin1_sign(before: str, after: str, allowed: frozenset[int] | None) -> tuple[str, float, str] | None:
    """The sign (C2 A0-BF) whose last byte was lost after C2, where its place shows one.

    A `»` closes the `«` the line opened. C2 A0, the no-break space web pages write
    between words and before French punctuation, is what decoders that read A0 as
    nothing (browsers' Shift_JIS, Big5, EUC-KR) leave as `ﾂ�`; C2's letters (ª µ º)
    stand inside words, not after a space or a digit, nor after a word of one letter
    (Czech, Slovak and Polish tie it to the next: `v\xa0archivu`). Between two words
    only where the decoder could have lost no other byte after C2.

    >>> _latin1_sign("Prix", ": 5 €", None)[0]
    '\\xa0'
    >>> _latin1_sign("balise « extends ", " n’a", None)[0]
    '»'
    >>> _latin1_sign("ADRES", ", v", None) is None
    True
    """
    line = before[before.rfind("\n") + 1 :]
    if _fits("»", allowed) and line.count("«") > line.count("»"):
        return "»", 0.85, "closes the « the line opened"
    if not _fits(NBSP, allowed):
        return None
    # Browsers' Shift_JIS reads A1-BF after C2 as katakana: only A0 can have been lost.
    only = allowed is not None and allowed.isdisjoint(range(0xA1, 0xC0))
    left, right = before[-1:], after[:1]
    # Czech, Slovak and Polish tie a one-letter word to the next (`v\xa0archivu`).
    alone = left.isalpha() and not before[-2:-1].isalpha()
    if left.isalpha() and not alone and not (right in _NBSP_BEFORE or (only and right.isalpha())):
        return None
    return NBSP, 0.85, "the no-break space: C2's letters stand inside words, not beside a space or digit"


def _fits(ch: str, allowed: frozenset[int] | None) -> bool:
    """Whether the last byte of `ch`'s UTF-8 is one the decoder could have lost."""
    return allowed is None or ch.encode("utf-8")[-1] in allowed


@cache
def lost_bytes(codecs: tuple[str, ...], nxt: int) -> frozenset[int]:
    """The continuation bytes one of `codecs` cannot read before the byte `nxt`.

    A decoder that lost a byte and went on from the byte after it (Python's U+FFFD,
    `errors="ignore"`, browsers) lost it because it could not pair the two: GBK
    reads A1-A7 before an ASCII letter as nothing, but 98 with it as a hanzi, and
    Shift_JIS reads A1-BF as half-width katakana anywhere.

    >>> sorted(lost_bytes(("gbk",), ord("y")))
    [128, 161, 162, 163, 164, 165, 166, 167]
    """
    found = set()
    for b in range(0x80, 0xC0):
        for codec in codecs:
            if bytes((b, nxt)).decode(codec, "replace")[:1] == REPLACEMENT:
                found.add(b)
                break
    return frozenset(found)


@cache
def _unreadable(codecs: tuple[str, ...]) -> frozenset[int]:
    """Continuation bytes the decoder reads before no byte at all (GBK: 80)."""
    return frozenset.intersection(*(lost_bytes(codecs, nxt) for nxt in range(0x100)))


def _mark_of_unreadable(text: str, stop: int, codecs: tuple[str, ...]) -> bool:
    """Whether the `?` glued after a hole, before a character that starts with a lead
    byte, could be the mark of a lost byte rather than the text's own: text saved
    with `?` for U+FFFD shows a byte the decoder reads nowhere so (GBK's 80, as in
    `闇?瑕` for 需要); `complete_truncated` keeps that reading if the byte it infers
    is one."""
    if text[stop : stop + 1] != "?" or not codecs:
        return False
    nxt = _next_bytes(codecs, text[stop + 1 : stop + 2])
    return bool(nxt) and all(n >= 0xC2 for n in nxt)


def _last_byte(ch: str) -> int:
    return ch.encode("utf-8", "surrogatepass")[-1]


def _next_bytes(codecs: tuple[str, ...], after: str) -> set[int]:
    """The bytes the wrong decoder may have gone on from: the first of the character
    after the hole, as it reads now (garbled by one of `codecs`) or as UTF-8 (repaired
    already, earlier in the pass); empty when nothing follows, or another mark."""
    if not after or after[0] == REPLACEMENT:
        return set()  # nothing, or bytes lost too
    if after[0].isascii():
        return {ord(after[0])}
    return {after[0].encode("utf-8", "surrogatepass")[0]} | {data[0] for data in _encodings(codecs, after[0])}


def _encodings(codecs: tuple[str, ...], ch: str) -> Iterator[bytes]:
    """`ch`'s bytes in each of `codecs` that has it."""
    for codec in codecs:
        try:
            yield ch.encode(codec)
        except UnicodeEncodeError:
            continue


@cache
def _letter_options(tail: bytes) -> tuple[str, ...]:
    """The letters whose UTF-8 is `tail` and one more byte, but for the long s (ſ) and
    ŉ, which no modern text writes: casefolded, ſ is an s and wins on its pairs
    (`átrendezhet?` would end in ſ, not ő)."""
    found = []
    for cont in range(0x80, 0xC0):
        ch = (tail + bytes((cont,))).decode("utf-8", "replace")
        if len(ch) == 1 and ch.isalpha() and ch not in _ARCHAIC:
            found.append(ch)
    return tuple(found)


_ARCHAIC = frozenset("ſŉ")


def complete_letter(
    tail: bytes, before: str, after: str, allowed: frozenset[int] | None = None, codecs: tuple[str, ...] = ()
) -> tuple[str, float, str]:
    """Choose the letter whose last byte was lost.

    The bytes that survived fix a block of 64 characters. A candidate that makes a
    word found elsewhere in the text wins; then one that makes a common word in the
    language the text's letters point to (wordfreq), a Vietnamese syllable also by the
    compound it makes with its neighbours (`compounds`, the next one still read in
    `codecs` if garbled), not by the text's other words: most letters of a block make
    some syllable; else the one the text uses most.

    >>> complete_letter(b"\\xc4", "Vybraný den je aktuáln", " a pěkný")[0]
    'ě'
    >>> complete_letter(b"\\xe1\\xbb", "Tải xuống các gói cần thiết đ", " cập nhật")[0]
    'ể'
    """
    from .compounds import rank_syllables
    from .frequency import languages_of_letters, latin_languages, rank_spellings, word_frequency

    context = before[-3000:] + after[:3000]
    every = tuple(ch for ch in _letter_options(tail) if _fits(ch, allowed))
    if not every:
        return REPLACEMENT, 0.0, "no letter fits the bytes the decoder could have lost"
    if len(every) == 1:
        return every[0], 0.8, "the only letter the decoder could have lost here"
    head = re.search(f"(?:{_word_run().pattern})?$", before[-40:])
    rest = re.match(f"(?:{_word_run().pattern})?", after[:40])
    stem = (head.group() if head else "", rest.group() if rest else "")
    both = every
    every = _in_case(every, stem, before)
    options = [ch for ch in every if ch in context]
    langs = _word_languages(stem[0] + stem[1], context) or latin_languages(context, by_words=True)
    words = [ch for ch in options if re.search(r"\b" + re.escape(stem[0] + ch + stem[1]) + r"\b", context)]
    # A Vietnamese syllable found elsewhere says little: most of a block's letters make
    # one (`chỉ` and `chủ`); the compounds around it say more.
    if any(stem) and len(words) == 1 and langs[0] != "vi":
        return words[0], 0.9, "makes a word found elsewhere in the text"
    spellings = [stem[0] + ch + stem[1] for ch in every]
    # A letter alone is a word too (Italian `? stato`, È), of the likeliest language
    # only: French `à` is as common as Italian `è`.
    # Where the rest of the word is still garbled, with a hole of its own perhaps
    # (`ko?cﾃｳwkﾄ?`, końcówkę), each letter is weighed with the word's likeliest end.
    ends = (_garbled_rest(after, codecs) if not stem[1].isascii() else ()) or (stem[1],)
    ranked = _rank_letters(every, stem[0], ends, langs if any(stem) else langs[:1])
    if not ranked and not stem[0] and stem[1] and len(every) < len(both):
        # A word's first letter of the case its place asks for makes no word, one of
        # the other case may: a capital stands anywhere in German nouns and in names
        # (`so dass ?nderungen`, where cp932 could not have lost ä: Änderungen).
        other = tuple(ch for ch in both if ch not in every)
        if ranked := _rank_letters(other, stem[0], ends, langs):
            every = other
            spellings = [stem[0] + ch + stem[1] for ch in every]
    if langs[0] == "vi" and any(stem):
        # Vietnamese syllables are words of their own: which one stands with the
        # syllables around it says more than frequency (`Toàn b?` is bộ, not bị).
        prev = _words_before(before[: len(before) - len(stem[0])])
        ranked = rank_syllables(spellings, prev, _next_words(after[len(stem[1]) :], codecs)) or ranked
    if _restorable(ranked):
        index, share = ranked[0]
        return every[index], round(0.5 + 0.4 * share, 2), f"makes the likeliest {'/'.join(langs)} word"
    if not ranked and len(stem[0]) + len(stem[1]) >= _OWN_STEM:
        # No language the text's words point to knows any spelling: a letter of the
        # block may point to its own (`képerny?`, whose lost ő is Hungarian's).
        own = [lang for lang in languages_of_letters(every) if lang not in langs]
        mine = _rank_letters(every, stem[0], ends, own)
        if len(mine) == 1:
            index, _ = mine[0]
            word = stem[0] + every[index]
            lang = next(lang for lang in own for end in ends if word_frequency(word + end, lang, rare=True))
            return every[index], 0.8, f"makes a {lang} word, the language of its letter"
    if len(stem[0]) + len(stem[1]) >= 2:
        # A word too rare for the lists: its letter pairs (Hungarian `visszaléptet?`
        # ends in ő, the one letter of its block Hungarian writes).
        spelled = rank_spellings(spellings, [len(stem[0])], langs[:1])
        if spelled and spelled[0][1] >= _SPELLED:
            index, share = spelled[0]
            return every[index], round(0.4 + 0.4 * share, 2), f"spells the likeliest {langs[0]} letter pairs"
    if not options:
        return REPLACEMENT, 0.0, "no character of its block elsewhere in the text"
    counts = {ch: context.count(ch) for ch in options}
    best = max(counts, key=lambda k: counts[k])
    share = counts[best] / sum(counts.values())
    if share < 0.7:
        return REPLACEMENT, 0.0, "several characters of its block fit"
    return best, round(0.4 + 0.4 * share, 2), "the character of its block the text uses most"


_PREV_WORDS = re.compile(r"(?:([^\W\d_]+) )?([^\W\d_]+)[ _]\Z")
_NEXT_WORD = re.compile(r" (\S{1,20})")
_HOLE_MARK = re.compile("[\ufffd?・]")
_LETTERS = re.compile(r"[^\W\d_]+")


_QUOTE_BYTES = frozenset(ch.encode()[-1] for ch in "‘“„")
# Every opening quote, the low single one too, and their last bytes.
_OPENING_QUOTES = "‘“„‚"
_OPENING_BYTES = frozenset(ch.encode()[-1] for ch in _OPENING_QUOTES)


def _glued_word(tail: bytes, before: str, after: str, codecs: tuple[str, ...]) -> bool:
    """Whether the letters before and after a `?` that stands for `tail`'s lost byte
    are likelier one word (`c峄?a`, của) than two with a space swallowed between
    them (`b峄?sung`, bổ sung), by the words' frequencies; an opening quote is glued
    to its word if the decoder could lose it before that word's letter."""
    from .frequency import word_frequency

    letters = _letter_options(tail)
    follow = after[:1]
    if tail == b"\xe2\x80" and follow.isascii() and follow.isalpha() and codecs:
        # A quote glued to the word it opens (cp932 loses ‘, 98, before s-z).
        return bool(lost_bytes(codecs, ord(follow)) & _QUOTE_BYTES)
    head = _WORD_TAIL.search(before)
    # The rest of the word may be garbled up to a hole of its own (`rozwiﾄ?zaﾄ?`, whose
    # `zaﾄ` is any of zaā…zać…).
    rests = [r for r in _spellings(_HOLE_MARK.split(after[:20])[0].split(" ")[0], codecs)[:_MAX_RESTS] if r]
    if not letters or not rests:
        return False
    stem = head.group() if head else ""
    lang = _language_around(before, after)
    glued = max(word_frequency(stem + ch + rest, lang, rare=True) for ch in letters for rest in rests)
    first = max(word_frequency(stem + ch, lang, rare=True) for ch in letters)
    return glued > first * max(word_frequency(rest, lang, rare=True) for rest in rests)


def _language_around(before: str, after: str) -> str:
    """The language the words on both sides of a hole point to (`frequency`)."""
    from .frequency import latin_languages

    return latin_languages(before[-300:] + after[:300], by_words=True)[0]


# How much commoner a word must be with a taken letter than the commonest without.
_TAKEN_LETTER = 10.0


def _takeable(letters: Sequence[str], codecs: tuple[str, ...], upper: bool) -> list[tuple[str, str]]:
    """(letter, ASCII letter) for each ASCII letter, of the case asked for, that the
    decoder cannot pair with the letter's lost last byte, so may have taken with it."""
    ends = [ch.encode()[-1] for ch in letters]
    return [
        (ch, x)
        for x in (string.ascii_uppercase if upper else string.ascii_lowercase)
        if (lost := lost_bytes(codecs, ord(x)))
        for ch, end in zip(letters, ends, strict=True)
        if end in lost
    ]


def _swallowed_letter(tail: bytes, before: str, after: str, codecs: tuple[str, ...]) -> str:
    """The letter a decoder that takes the byte after a lost one (.NET) took with
    `tail`'s lost byte, where the word is far likelier with it than without it
    (`đầ` is no word, `đầu` is); "" if none. `after`, the text after the mark,
    starts with no letter: the word ended there.

    Only letters the decoder cannot pair with the lost byte count (GBK reads A1-A7
    before a letter as nothing: ầ, E1 BA A7, before `u`). Words are weighed as
    `complete_letter` weighs them: Vietnamese syllables with their neighbours."""
    from .compounds import rank_syllables
    from .frequency import latin_languages, word_frequency

    if after[:1].isalnum():
        return ""
    letters = _letter_options(tail)
    head = _WORD_TAIL.search(before)
    if not letters or not head:
        return ""
    stem = head.group()
    taken = _takeable(letters, codecs, stem.isupper())
    words = [stem + ch for ch in letters] + [stem + ch + x for ch, x in taken]
    lang = latin_languages(before[-300:], by_words=True)[0]
    if lang == "vi":
        prev = _words_before(before[: len(before) - len(stem)])
        weights = dict(rank_syllables(words, prev, _next_words(after, codecs)))
    else:
        weights = {i: word_frequency(w, lang, rare=True) for i, w in enumerate(words)}
    plain = max((weights.get(i, 0.0) for i in range(len(letters))), default=0.0)
    best, best_weight = "", plain * _TAKEN_LETTER
    for i, (_, x) in enumerate(taken, len(letters)):
        if weights.get(i, 0.0) > best_weight:
            best, best_weight = x, weights[i]
    return best


def _swallowed_inside(tail: bytes, before: str, after: str, codecs: tuple[str, ...]) -> str:
    """The letter a decoder that takes the byte after a lost one (.NET) took from inside
    the word, where the word with it is far likelier than the two words a taken space
    would leave (`d岷?g`: dạng, not dạ and g); "" if none. `after`, the text after the
    mark, starts with a letter. Weighed as `_swallowed_letter` weighs."""
    from .frequency import word_frequency

    letters = _letter_options(tail)
    head = _WORD_TAIL.search(before)
    rest = _LETTERS.match(after)
    if not letters or not rest:
        return ""
    stem = head.group() if head else ""
    lang = _language_around(before, after)
    first = max(word_frequency(stem + ch, lang, rare=True) for ch in letters)
    best, best_weight = "", first * word_frequency(rest.group(), lang, rare=True) * _TAKEN_LETTER
    for ch, x in _takeable(letters, codecs, rest.group().isupper()):
        weight = word_frequency(stem + ch + x + rest.group(), lang, rare=True)
        if weight > best_weight:
            best, best_weight = x, weight
    return best


_RAW_WORD = re.compile(r"[^\s.,;:!?()\[\]{}\"'“”‘’„«»/]{1,30}")
# How many spellings of a word's garbled rest are weighed with a hole before it.
_MAX_RESTS = 64


def _rank_letters(
    letters: Sequence[str], head: str, ends: Sequence[str], langs: Sequence[str]
) -> list[tuple[int, float]]:
    """(index, probability) of each letter, best first, by the frequencies of the
    words it makes between `head` and each of `ends` (see `frequency.rank_words`)."""
    from .frequency import rank_words

    if len(ends) == 1:
        return rank_words([head + ch + ends[0] for ch in letters], langs, rare=True)
    combos = [(i, head + ch + end) for i, ch in enumerate(letters) for end in ends]
    shares: dict[int, float] = {}
    for j, share in rank_words([word for _, word in combos], langs, rare=True):
        shares[combos[j][0]] = shares.get(combos[j][0], 0.0) + share
    return sorted(shares.items(), key=lambda kv: -kv[1])


def _write_as_utf8(error: UnicodeError) -> tuple[bytes, int]:
    """An encoding error handler: what the codec cannot write is written in UTF-8."""
    assert isinstance(error, UnicodeEncodeError)
    return error.object[error.start : error.end].encode("utf-8", "surrogatepass"), error.end


_codec_registry.register_error("mojifix-as-utf8", _write_as_utf8)


def _garbled_rest(after: str, codecs: tuple[str, ...]) -> tuple[str, ...]:
    """The spellings the rest of a word may have where it is still garbled after a
    hole, if it is and they are few enough; else ()."""
    raw = _RAW_WORD.match(after)
    if not codecs or not raw:
        return ()
    rests = _hole_spellings(raw.group(), codecs)
    if len(rests) > _MAX_RESTS or rests == (raw.group(),):
        return ()
    return rests


_ASCII_WORD = re.compile("[A-Za-z]+")


def _line(after: str, bound: int) -> str:
    r"""The rest of `after`'s first line, `bound` characters at most.

    >>> _line("ab\ncd", 10), _line("abcdef", 3)
    ('ab', 'abc')
    """
    end = after.find("\n")
    return after[: bound if end < 0 else min(end, bound)]


def _word_starts(before: str) -> bool:
    """Whether a word may start after `before`: at the start, after a space or an
    opening bracket, where a quote opens."""
    return not before or before[-1].isspace() or before[-1] in "([{"


def _opened_letter(before: str, after: str, codecs: tuple[str, ...], mark: str) -> str:
    """The letter a decoder that takes the byte after a lost one (.NET) took with the
    last byte of a quote that opens a word, where the word is far likelier with it
    than without (Shift_JIS pairs ‘'s 98 with no letter from s: `窶・tart` is ‘start,
    not – tart); "" if none. `after`, the text after the garbled `mark`, starts with
    a letter."""
    from .frequency import word_frequency

    rest = _ASCII_WORD.match(after)
    if not rest or not _word_starts(before):
        return ""
    word = rest.group()
    lang = _language_around(before, after)
    # The same mark glued to the end of a word further on closes the quote: then the
    # word only has to be likelier with the letter than without it (`窶・rue窶・`, true).
    line = _line(after, 200)
    closed = re.search(r"\w" + re.escape(mark), line) is not None
    best, best_weight = "", word_frequency(word, lang, rare=True) * (1.0 if closed else _TAKEN_LETTER)
    for x in dict.fromkeys(x for _, x in _takeable(_OPENING_QUOTES, codecs, word.isupper())):
        weight = word_frequency(x + word, lang, rare=True)
        if weight > best_weight:
            best, best_weight = x, weight
    return best


_QUOTE_SIGNS = frozenset('“”‘’„‚«»"')
# printf's conversions: a quoted `s` after a lost sign was `%s`.
_PRINTF = frozenset(("s", "d", "i", "u", "x", "ld", "lu", "zu", "p", "c"))
# The sign each start of a quoted piece of code most likely lost: an option's
# second dash (`--output`), a printf format's `%` (`%.*s`), a variable's `$` (`$(unit)`);
# before a letter, an option's dash (`-o`), but for a printf conversion (`%s`).
_CODE_SIGN = {"-": "-", ".": "%", "*": "%", "(": "$"}


def _opened_token(before: str, after: str, codecs: tuple[str, ...], mark: str) -> str:
    """The sign a decoder that takes the byte after a lost one (.NET) took with the
    last byte of a quote that opens a piece of code, where the same mark closes it
    glued to the code's end further on the line, and no other mark stands between
    (`鈥?o鈥?and` is ‘-o’ and, not – o– and); "" if none. `mark` is the garbled quote
    and its mark, `after` the text after them."""
    if not _word_starts(before):
        return ""
    first = after[:1]
    if not first or not first.isascii() or not (first.isalnum() or first in _CODE_SIGN):
        return ""
    line = _line(after, 60)
    end = line.find(mark[0])
    if end < 1 or line[end : end + len(mark)] != mark or line[end - 1].isspace():
        return ""
    if any(ch in _QUOTE_SIGNS for ch in line[:end]):
        return ""  # the mark closes a quote opened after this one
    word = _ASCII_WORD.match(after)
    if word and word.group() in _PRINTF:
        sign = "%"  # `%s`, the placeholder translated messages are full of
    else:
        sign = _CODE_SIGN.get(first, "-")
    return sign if lost_bytes(codecs, ord(sign)) & _OPENING_BYTES else ""


def _words_before(before: str) -> tuple[str, ...]:
    """The one or two words that end `before`, each followed by one space (the last
    may be joined by `_`: `ĐẶC_TẢ`, đặc tả)."""
    found = _PREV_WORDS.search(before[-60:])
    return tuple(w for w in found.groups() if w) if found else ()


def _next_words(after: str, codecs: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The spellings the two words after a hole may have: as they read, or, still
    garbled, their bytes in the wrong decoder's codec read as UTF-8, with each letter
    a last byte lost at the next hole allows (`t峄�` is tề…tự).

    >>> spellings = _next_words(" t峄� OID", ("gbk",))
    >>> "tự" in spellings[0], spellings[1]
    (True, ('OID',))
    """
    found: list[tuple[str, ...]] = []
    pos = 0
    while len(found) < 2 and (word := _NEXT_WORD.match(after, pos)):
        options = _hole_spellings(word.group(1), codecs)
        if not options:
            break
        found.append(options)
        pos = word.end()
    return tuple(found)


# How many spellings a word with holes may have before the holes after the first are
# left out.
_MAX_SPELLINGS = 400


def _hole_spellings(word: str, codecs: tuple[str, ...]) -> tuple[str, ...]:
    """The words `word` may stand for with a letter at each hole, the letters after a
    hole kept (`c岷�nh` is cạnh…cảnh, not only cạ…cả).

    >>> "cảnh" in _hole_spellings("c岷\ufffdnh", ("gbk",))
    True
    """
    head, *rest = _HOLE_MARK.split(word, maxsplit=1)
    heads = _spellings(head, codecs)
    if not rest or not rest[0] or len(heads) < 2:  # one spelling: the head lost no byte
        return heads
    tails = _hole_spellings(rest[0], codecs)
    if not tails or len(heads) * len(tails) > _MAX_SPELLINGS:
        return heads
    return tuple(dict.fromkeys(h + t for h in heads for t in tails))


@cache
def _punctuation_lead(codec: str) -> str:
    """What `codec` reads E2 80, the first two bytes of a quote or dash, as ("" if nothing)."""
    try:
        return b"\xe2\x80".decode(codec)
    except UnicodeDecodeError:
        return ""


@lru_cache(maxsize=4)
def _marks_in(text: str, codec: str) -> tuple[tuple[int, ...], str]:
    """Where `text` holds a quote or dash still garbled and whole, and which: the
    decoder read each one's last byte with the next byte (`鈥渁bc` is “abc). Found
    once per text: every lost mark in it asks for those ahead of it."""
    lead = _punctuation_lead(codec)
    at, found = [], []
    for m in re.finditer(re.escape(lead) + "(?=(.))", text, re.DOTALL) if lead else ():
        try:
            data = m.group(1).encode(codec)
        except UnicodeEncodeError:
            continue
        if len(data) == 2 and 0x80 <= data[0] <= 0xBF:
            at.append(m.start())
            found.append(chr(0x2000 + data[0] - 0x80))
    return tuple(at), "".join(found)


def _marks_ahead(text: str, start: int, end: int, codecs: tuple[str, ...]) -> str:
    """The quotes and dashes garbled and whole (`_marks_in`) that start in text[start:end].

    >>> _marks_ahead("鈥�1.0 of 鈥渁bc鈥� hier", 1, 1000, ("gbk",))
    '“'
    """
    if not codecs:
        return ""
    at, found = _marks_in(text, _garbling_codec(codecs))
    return found[bisect.bisect_left(at, start) : bisect.bisect_left(at, end)]


def _garbling_codec(codecs: tuple[str, ...]) -> str:
    """The codec that turns garbled text back into its bytes: GB18030 encodes every
    character, repaired ones too, so the legacy codec beside it."""
    return next((c for c in codecs if c != "gb18030"), codecs[0])


def _spellings(word: str, codecs: tuple[str, ...]) -> tuple[str, ...]:
    """The words `word` may stand for (see `_next_words`). Shift_JIS reads a Latin
    letter's lead byte as half-width katakana (`ﾃｳ` is ó)."""
    if codecs and any(is_cjk_letter(ch) or "\uff61" <= ch <= "\uff9f" for ch in word):
        # Letters repaired already are written back as UTF-8 (`cówkﾄ`).
        data = word.encode(_garbling_codec(codecs), "mojifix-as-utf8")
        cut = cut_start(data)
        try:
            options: tuple[str, ...] = (data.decode("utf-8"),)
        except UnicodeDecodeError:
            try:
                head = data[:cut].decode("utf-8")
            except UnicodeDecodeError:
                return ()
            if len(data) - cut != utf8_length(data[cut]) - 1:
                return ()
            options = tuple(head + ch for ch in _letter_options(data[cut:]))
    else:
        options = (word,)
    found = (_LETTERS.match(option) for option in options)
    return tuple(dict.fromkeys(m.group() for m in found if m))


# How much of the candidates' weight the likeliest word needs, and how far ahead of
# the next it must be, to be restored: (share, lead) pairs, either will do. Against a
# single 0.5 and 2×, the first turns 29 marks into guesses in the corpus's Vietnamese
# through GBK, 22 of them right; the second 56 more through GBK, GB18030 and cp932,
# 41 of them right. A share under 0.5 with a lead under 1.5 was right 1 time in 5.
_WORD_BOUNDS = ((0.4, 1.5), (0.5, 1.3))


def _restorable(ranked: Sequence[tuple[int, float]]) -> bool:
    """Whether the likeliest of `ranked` (index, share) words is sure enough to restore."""
    if not ranked:
        return False
    share = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return any(share >= least and share >= lead * second for least, lead in _WORD_BOUNDS)


# The letters around a hole a word needs to be looked up in its letter's language.
_OWN_STEM = 4
# How sure the letter pairs around a hole must be of one letter to restore it.
_SPELLED = 0.8
# Where a sentence starts: a word's first letter there is a capital.
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)\s*[“‘„«\"'(\[]?$")


_JOINED = re.compile(r"([^\W\d_]{2,})_\Z")


def _in_case(letters: tuple[str, ...], stem: tuple[str, str], before: str) -> tuple[str, ...]:
    """The letters of the case the hole's place asks for, if any has it.

    Inside a word a letter takes the case of the letter after it, or at the end, of
    the letters before it (`đ?` wants ể, not Ể; `ŠPATN?` Ý; `B?` Bộ, a capital alone
    starts a word, unless capitals joined to it by `_` show a name in capitals:
    `ĐẶC_T?`); a word's first letter is a capital before capitals, and before small
    ones where a sentence starts (`?lä`, Älä).
    """
    if stem[1][:1].isupper() or (stem[0] and stem[1]):
        upper = stem[1][:1].isupper()
    elif stem[0]:
        # A capital alone after capitals and `_` is of one name (`ĐẶC_T?`, ĐẶC_TẢ).
        joined = _JOINED.search(before, 0, len(before) - len(stem[0]))
        upper = stem[0].isupper() and (len(stem[0]) > 1 or (joined is not None and joined.group(1).isupper()))
    else:
        upper = _SENTENCE_START.search(before[-40:]) is not None
    return tuple(ch for ch in letters if ch.isupper() == upper) or letters


@cache
def _cjk_options(tail: bytes) -> tuple[str, ...]:
    """The kana, hanzi and Hangul whose UTF-8 begins with `tail` (one or two bytes lost)."""
    conts = [bytes((b,)) for b in range(0x80, 0xC0)]
    endings = conts if len(tail) == 2 else [a + b for a in conts for b in conts]
    found = []
    for ending in endings:
        try:
            ch = (tail + ending).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if is_cjk_letter(ch):
            found.append(ch)
    return tuple(found)


def complete_cjk(
    tail: bytes,
    before: str,
    after: str,
    allowed: frozenset[int] | None = None,
    pairs: frozenset[bytes] | None = None,
) -> tuple[str, float, str]:
    """Choose the CJK character (three-byte UTF-8) whose last byte or bytes were lost.

    The surviving bytes leave 64 (one lost) or up to 4,096 (two lost) candidates; the
    CJK ones are ranked by how common they are and how well they follow the character
    before and precede the one after (word frequencies from wordfreq).

    >>> complete_cjk(b"\\xe4\\xb8", "这是", "文的文本")[0]
    '中'
    """
    candidates = _cjk_options(tail)
    if len(tail) == 2:
        candidates = tuple(ch for ch in candidates if _fits(ch, allowed))
    elif pairs is not None:
        candidates = tuple(ch for ch in candidates if ch.encode("utf-8")[1:] in pairs)
    return _katakana_word(candidates, before, after) or _likeliest_fit(candidates, before, after)


@cache
def lost_pairs(codecs: tuple[str, ...]) -> frozenset[bytes]:
    """The pairs of continuation bytes one of `codecs` cannot read as a character.

    A browser loses such a pair with one U+FFFD: after E5 it is one of these, not
    any of 4,096 (GBK reads 80 as nothing, A1-A7 only before A1-FE, AA-AF only
    before 40-A0).

    >>> len(lost_pairs(("gbk",)))
    533
    """
    found = set()
    for pair in itertools.product(range(0x80, 0xC0), repeat=2):
        data = bytes(pair)
        if any(data.decode(codec, "replace") != data.decode(codec, "ignore") for codec in codecs):
            found.add(data)
    return frozenset(found)


_KATAKANA_TAIL = re.compile("[\u30a1-\u30fc]{1,20}\\Z")
_KATAKANA_HEAD = re.compile("[\u30a1-\u30fc]{1,20}")


def _katakana_word(candidates: Sequence[str], before: str, after: str) -> tuple[str, float, str] | None:
    """The katakana candidate that makes a word the Japanese lists know with the katakana
    around it (`�キスト` is テキスト): a katakana run is one loanword, where character
    pairs alone leave テ at 39 %."""
    from .frequency import rank_words

    kana = [ch for ch in candidates if "\u30a1" <= ch <= "\u30fc"]
    left = _KATAKANA_TAIL.search(before)
    right = _KATAKANA_HEAD.match(after)
    if not kana or not (left or right):
        return None
    stem = (left.group() if left else "", right.group() if right else "")
    ranked = rank_words([stem[0] + ch + stem[1] for ch in kana], ["ja"])
    if not ranked or ranked[0][1] < _CLEAR_SPELLING:
        return None
    index, share = ranked[0]
    return kana[index], round(share, 2), f"makes the katakana word {stem[0] + kana[index] + stem[1]}"


# CJK punctuation (E3 80 xx) and the full-width forms (EF BC xx, EF BD xx) Chinese
# and Japanese text writes most.
_CJK_PUNCT = "、。「」『』【】〈〉《》〔〕〜，：；（）？！＂［］｛｝～"
# Opening brackets and the closing one each waits for.
_CJK_BRACKETS = dict(zip("「『【〈《〔（［｛", "」』】〉》〕）］｝", strict=True))


def cjk_punctuation_options(
    tail: bytes, allowed: frozenset[int] | None = None, pairs: frozenset[bytes] | None = None
) -> list[str]:
    """The CJK punctuation whose UTF-8 starts with `tail` and ends in bytes the decoder
    could have lost: one (`allowed`) or two together (`pairs`)."""
    options = []
    for ch in _CJK_PUNCT:
        data = ch.encode("utf-8")
        if not data.startswith(tail):
            continue
        lost = data[len(tail) :]
        if (len(lost) == 1 and _fits(ch, allowed)) or (len(lost) == 2 and (pairs is None or lost in pairs)):
            options.append(ch)
    return options


# Where a Chinese or Japanese sentence ends, and the words that make one a question.
_CJK_SENTENCE = re.compile("[。！？!?]")
_CJK_QUESTION = re.compile("[吗嗎呢谁誰哪怎]|什么|什麼|多少|(?<!任)何|どう|いつ|どこ|か$")


def complete_cjk_punctuation(
    before: str, after: str, allowed: frozenset[int] | None = None, options: Sequence[str] | None = None
) -> tuple[str, float, str]:
    """Choose the CJK punctuation (by default E3 80 xx) whose last bytes were lost.

    A full stop ends a paragraph or a line; a bracket closes the one the paragraph
    left open; elsewhere the mark the text uses most, among those the decoder could
    have lost.

    >>> complete_cjk_punctuation("以下のパッケージがあります", "")[0]
    '。'
    >>> complete_cjk_punctuation("备份控制（none", "\\n", options="，：）")[0]
    '）'
    >>> complete_cjk_punctuation("确定要删除吗", "", options="！，．？")[0]
    '？'
    """
    if options is None:
        options = cjk_punctuation_options(b"\xe3\x80", allowed)
    if not options:
        return REPLACEMENT, 0.0, "no CJK punctuation fits the bytes the decoder could have lost"
    last = before[-1:]
    # After a CJK letter, or a word of ASCII in a CJK sentence (`password。`).
    if (
        "。" in options
        and (not after or after[0] in "\r\n")
        and last
        and (is_cjk_letter(last) or (last.isalnum() and sum(map(is_cjk_letter, before[-60:])) >= 2))
    ):
        return "。", 0.8, "a full stop ends the line"
    para = before[before.rfind("\n") + 1 :][-200:]
    for opening, closing in _CJK_BRACKETS.items():
        if closing in options and para.count(opening) > para.count(closing):
            return closing, 0.8, f"closes the open {opening}"
    if (not after or after[0] in "\r\n") and last and is_cjk_letter(last):
        # The line ends, and no 。 fits (the full-width forms, EF BC xx, hold ！ and ？):
        # a question where a question word stands in the sentence, else an exclamation.
        sentence = _CJK_SENTENCE.split(para)[-1]
        if "？" in options and _CJK_QUESTION.search(sentence):
            return "？", 0.8, "a question mark ends the question"
        if "！" in options:
            return "！", 0.6, "no full stop fits the line's end; an exclamation mark does"
    context = before[-1000:] + after[:1000]
    counts = {ch: context.count(ch) for ch in options}
    best = max(counts, key=lambda k: counts[k])
    total = sum(counts.values())
    if not total or counts[best] < 0.7 * total:
        return REPLACEMENT, 0.0, "several CJK punctuation marks fit"
    return best, round(0.4 + 0.4 * counts[best] / total, 2), "the CJK punctuation the text uses most"


def _continuation(codecs: tuple[str, ...], ch: str) -> int | None:
    """The byte `ch` stands for, if the wrong decoder read a lone continuation byte as it."""
    if not ch or ch.isascii():
        return None
    data = next(_encodings(codecs, ch), b"")
    return data[0] if len(data) == 1 and 0x80 <= data[0] <= 0xBF else None


def complete_middle(
    lead: bytes, last: int, before: str, after: str, allowed: frozenset[int]
) -> tuple[str, float, str]:
    """Choose the CJK character whose middle byte was lost between `lead` and `last`.

    >>> complete_middle(b"\\xe3", 0xAE, "日本語", "テキスト", frozenset(range(0x80, 0xC0)))[0]
    'の'
    """
    candidates = []
    for middle in sorted(allowed):
        try:
            ch = (lead + bytes((middle, last))).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if is_cjk_letter(ch):
            candidates.append(ch)
    return _likeliest_fit(candidates, before, after, f"the middle byte lost before {last:02x}, read alone; ")


def _likeliest_fit(
    candidates: Sequence[str], before: str, after: str, how: str = ""
) -> tuple[str, float, str]:
    """The likeliest CJK candidate between `before` and `after`, its probability and why."""
    if not candidates:
        return REPLACEMENT, 0.0, "no CJK character fits the bytes left"
    best, conf, lang = _likeliest_cjk(candidates, before[-2:], after[:2], before[-200:] + after[:200])
    return (
        best,
        conf,
        f"{how}the likeliest of {len(candidates)} candidates by {lang} character frequencies (wordfreq)",
    )


def _likeliest_cjk(candidates: Sequence[str], prev: str, nxt: str, context: str) -> tuple[str, float, str]:
    """The candidate likeliest between `prev` and `nxt`, its probability, and the language used."""
    from .frequency import language_of, language_of_candidates, rank

    if all(is_kana(ch) for ch in candidates):
        lang = "ja"
    elif all("\uac00" <= ch <= "\ud7a3" for ch in candidates):
        lang = "ko"
    elif any(is_cjk_letter(ch) for ch in context):
        lang = language_of(context)
    else:
        lang = language_of_candidates(candidates)
    best, share = rank(prev, nxt, lang, candidates)[0]
    return best, round(share, 2), lang


def lead_options(leads: Iterable[int], conts: bytes) -> list[str]:
    """The CJK letters whose UTF-8 is one of `leads` and then `conts`."""
    return [ch for ch in _lead_readings(leads, conts) if is_cjk_letter(ch)]


def _lead_readings(leads: Iterable[int], conts: bytes) -> list[str]:
    """Every character whose UTF-8 is one of `leads` and then `conts`."""
    return [ch for lead in leads if len(ch := (bytes((lead,)) + conts).decode("utf-8", "replace")) == 1]


def complete_lead(leads: bytes, conts: bytes, before: str, after: str) -> tuple[str, float, str]:
    """Choose the character whose lead byte a decoder dropped without a trace, among
    `leads` (the ones it drops) before its two surviving bytes `conts`; U+FFFD when
    none is likely enough.

    Between Chinese or Japanese letters, a full-width mark (EF BC xx) beats the Hangul
    syllable the same bytes make after EB or EC:

    >>> complete_lead(b"\\xeb\\xec\\xef", b"\\xbc\\x8c", "否则", "使用")[0]
    '，'
    """
    readings = _lead_readings(leads, conts)
    letters = [ch for ch in readings if is_cjk_letter(ch)]
    if not _hangul_near(before, after):
        marks = [ch for ch in readings if ch in _CJK_PUNCT]
        letters = [ch for ch in letters if not _HANGUL.match(ch)]
        if marks and not letters:
            return marks[0], 0.8, "lead byte dropped; a full-width mark between CJK letters"
    if not letters:
        return REPLACEMENT, 0.0, "no letter fits the bytes left"
    best, conf, lang = _likeliest_cjk(letters, before[-2:], after[:2], before[-200:] + after[:200])
    if conf < CONFIDENT:
        return REPLACEMENT, 0.0, "several letters fit the bytes left"
    return best, conf, f"lead byte dropped; the likeliest of {len(letters)} by {lang} frequencies"


def _hangul_near(before: str, after: str) -> bool:
    """Whether Hangul stands among the CJK letters next to a hole, or none stands there
    (a full-width mark needs Chinese or Japanese around it)."""
    near = [ch for ch in before[-20:] + after[:20] if is_cjk_letter(ch)]
    return not near or any(_HANGUL.match(ch) for ch in near)


def lone_full_width_mark(
    cont: int, codecs: tuple[str, ...], nxt: int | None, before: str, after: str
) -> tuple[str, float, str] | None:
    """A full-width mark (EF BC xx, EF BD xx) whose lead and last byte a decoder dropped,
    leaving only its middle byte (`ｼ` for `）` before a line's end), between Chinese or
    Japanese letters; None where it cannot be one."""
    if cont not in (0xBC, 0xBD) or _hangul_near(before, after):
        return None
    lost = lost_bytes(codecs, nxt) if nxt is not None else frozenset(range(0x80, 0xC0))
    options = [
        ch for ch in _CJK_PUNCT if (data := ch.encode("utf-8"))[:2] == bytes((0xEF, cont)) and data[2] in lost
    ]
    if not options:
        return None
    ch, conf, how = complete_cjk_punctuation(before, after, options=options)
    return (ch, conf, f"lead and last byte dropped; {how}") if ch != REPLACEMENT else None


def _korean_around(before: str, rest: str) -> bool:
    """Whether the letters next to a hole leave Korean possible: Hangul or nothing
    after it, and Hangul as the last CJK letter before it, if any stands near."""
    if any(not _HANGUL.match(ch) for ch in rest):
        return False
    near = [ch for ch in before[-10:] if is_cjk_letter(ch)]
    return not near or _HANGUL.match(near[-1]) is not None


@cache
def _unread_pair_options(codecs: tuple[str, ...], last: int) -> tuple[str, ...]:
    """The CJK letters whose UTF-8 ends in `last` after a lead and a byte that one of
    `codecs` cannot read as a pair."""
    found = []
    for lead in range(0xE0, 0xF0):
        for mid in range(0x80, 0xC0):
            pair = bytes((lead, mid))
            if not any(pair.decode(codec, "replace")[:1] == REPLACEMENT for codec in codecs):
                continue
            ch = (pair + bytes((last,))).decode("utf-8", "replace")
            if len(ch) == 1 and is_cjk_letter(ch):
                found.append(ch)
    return tuple(found)


def complete_headless(
    conts: bytes,
    rest: str,
    text: str,
    start: int,
    stop: int,
    before: str,
    mark: str,
    mode: str = "infer",
    codecs: tuple[str, ...] = (),
) -> Reconstruction | None:
    """Repair text[start:stop], whose bytes begin with the continuation bytes `conts` of a
    character whose lead byte the decoder lost, and go on as `rest`.

    `before` is the text before the mark the decoder left, holes before it filled.
    """
    if codecs and not _read_whole(text[start], codecs):
        # What follows the mark is nothing the decoder read from a byte or a pair (a
        # letter a pass before repaired, `ź`; GB18030's four-byte `ﾅ`): its bytes are
        # no lost lead's.
        return None
    if len(conts) == 1 and codecs and mark != "?" and _korean_around(before, rest):
        # One mark for the lead and the byte after it, a pair the decoder cannot read
        # (browsers, .NET): through Shift_JIS that leaves Korean mostly (EB and EC
        # lead no pair), ranked beside the syllables rebuilt before it.
        options = _unread_pair_options(codecs, conts[0])
    elif len(conts) == 1 and codecs and mark != "?" and not text[start - 2 : start - 1].isascii():
        # A letter of two bytes whose lead went with the letter before it, in one
        # pair the decoder could not read (Shift_JIS: Ä's 84 and the next Ä's C3 in
        # `Sﾃ�НNLAUS`, SÄÄNNLAUS): the lead that makes the likeliest word.
        return _headless_letter(conts, rest, before, mark, mode)
    elif len(conts) != 2:
        return None  # one continuation byte leaves a thousand candidates: too many
    else:
        options = tuple(lead_options(range(0xE0, 0xF0), conts))
    if not options:
        return None
    prev = before[-2:] if before and before[-1] not in HOLE_MARKS else ""
    best, conf, lang = _likeliest_cjk(options, prev, rest[:2], before[-200:] + rest[:200])
    if conf < CONFIDENT and len(conts) == 1:
        # The mark and the byte after it are one lost letter: marked as one.
        how = f"marked: the best guess ({best}, of {len(options)} by {lang} frequencies) was not sure enough"
        pattern = "replaced" if mark == "\ufffd" else "swallowed"
        return Reconstruction(REPLACEMENT + rest, REPLACEMENT, conts, pattern, how, 0.0, 0, rest, False)
    if conf < CONFIDENT:
        return None  # a mark before a run that reads well is no hole to fill
    pattern = "replaced" if mark == "\ufffd" else "swallowed"
    method = f"lead byte lost with the pair before it; the likeliest of {len(options)} by {lang} frequencies"
    scored_as = best + rest
    if mode == "mark":
        best, conf, method = REPLACEMENT, 0.0, "marked, not guessed (lossy='mark')"
    return Reconstruction(best + rest, best, conts, pattern, method, conf, 0, scored_as)


def _read_whole(ch: str, codecs: tuple[str, ...]) -> bool:
    """Whether the first of `codecs` reads `ch` from one byte or a pair."""
    try:
        return bool(codecs) and len(ch.encode(codecs[0])) <= 2
    except UnicodeEncodeError:
        return False


def _headless_letter(conts: bytes, rest: str, before: str, mark: str, mode: str) -> Reconstruction | None:
    """The two-byte letter whose lead byte was lost, its second byte `conts` read on as
    `rest`: the one that makes the likeliest word with the letters around it, else the
    one whose alphabet (its lead byte) the text writes most."""
    from .frequency import latin_languages

    every = (bytes((lead, conts[0])).decode("utf-8") for lead in range(0xC2, 0xE0))
    head = _WORD_TAIL.search(before)
    tail = _LETTERS.match(rest)
    if not (head or tail):
        return None
    stem = (head.group() if head else "", tail.group() if tail else "")
    letters = _in_case(tuple(ch for ch in every if ch.isalpha() and ch not in _ARCHAIC), stem, before)
    if not letters:
        return None
    context = before[-3000:] + rest[:3000]
    ranked = _rank_letters(letters, stem[0], (stem[1],), latin_languages(context, by_words=True))
    if _restorable(ranked):
        best, conf, method = letters[ranked[0][0]], 0.8, "makes the likeliest word"
    else:
        # The alphabet the text writes: the letters sharing each one's lead byte.
        leads = Counter(ch.encode("utf-8")[0] for ch in context if "\x80" <= ch <= "\u07ff" and ch.isalpha())
        counts = sorted(((leads[ch.encode("utf-8")[0]], ch) for ch in letters), reverse=True)
        wide = sum(ch >= "\u2e80" and ch.isalpha() for ch in context)
        if not counts[0][0] or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]) or wide > leads.total():
            return None  # no alphabet the text writes most, or a text of CJK
        best, conf, method = counts[0][1], 0.7, "the letter of the alphabet the text writes"
    pattern = "replaced" if mark == REPLACEMENT else "swallowed"
    method = f"lead byte lost with the pair before it; {method}"
    if mode == "mark":
        return Reconstruction(
            REPLACEMENT + rest,
            REPLACEMENT,
            conts,
            pattern,
            "marked, not guessed (lossy='mark')",
            0.0,
            0,
            best + rest,
            False,
        )
    return Reconstruction(best + rest, best, conts, pattern, method, conf, 0, best + rest)


def _marks_after(
    text: str, stop: int, codecs: tuple[str, ...] = (), letter: bool = False, mark: bool = False
) -> tuple[int, str, str]:
    """How many characters after the hole stand for lost bytes, the pattern, and a
    swallowed byte. `letter`: the hole is a two-byte letter's second byte; `mark`: a
    quote's or dash's third (E2 80 read)."""
    nxt = text[stop : stop + 1]
    if nxt == REPLACEMENT:
        n = 0
        while n < 3 and text[stop + n : stop + n + 1] == REPLACEMENT:
            n += 1
        return n, "replaced", ""
    if nxt in ("?", "・"):
        follow = text[stop + 1 : stop + 2]
        if not follow.isascii():
            # A character no codec reads from two bytes is one repaired already (GB18030
            # writes Hangul in four): as UTF-8 it starts with a lead byte.
            if letter and (nxt == "・" or _swallowing(text, codecs)):
                # A letter's second byte is lost only before a byte that is no trail
                # (a space, a digit, punctuation); a decoder that takes that byte with
                # it (.NET; Japanese Windows marks with `・`) leaves the mark glued to
                # the next letter: `kromﾄ・ﾄ溝su`, kromě času.
                return 1, "swallowed", " "
            if mark and follow.isalpha() and follow != text[stop - 1] and _swallowing(text, codecs):
                # So is a mark's before a word, whose lead byte the lost one would have
                # paired with: the byte taken was a space (`„package鈥?茅s`, ” és).
                return 1, "swallowed", " "
            pairs = [data for data in _encodings(codecs, follow) if len(data) <= 2]
            leads = [data[0] >= 0xC2 for data in pairs] or [bool(codecs)]
            if leads and all(leads):
                # What follows starts with a UTF-8 lead byte (`鈥?鈥`): nothing was
                # swallowed, so the `?` is the text's own.
                return 0, "dropped", ""
            # The pair took the next character's lead byte with it (see `_headless`).
            return 1, "swallowed", ""
        # Japanese Windows marks with `・` the pair it could not read, and took the
        # next byte with it; a `?` may be U+FFFD saved, which took nothing.
        taking = nxt == "・" or (bool(codecs) and _swallowing(text, codecs))
        glued = follow.isalnum() or (follow == "(" and (not letter or taking))
        if glued or (taking and letter and follow in _OPENING):
            # The lead byte took the next one with it: a space, glued text tells (a
            # word, or after punctuation an opening bracket: `鈥?(`, ” (, where a `?`
            # saved for U+FFFD keeps the space; a letter may touch one, `ă(`, unless the
            # text shows the decoder takes the byte after each mark). After a word,
            # what opens a token was after a space too (`adresářﾅ・-C`, adresář -C).
            return 1, "swallowed", " "
        if nxt == "・" and follow not in ("", " ", "\n"):
            return 1, "swallowed", ""
        if follow == " " and text[stop + 2 : stop + 3] == " " and text[stop + 3 : stop + 4].isupper():
            # Two spaces before a capital end a sentence: the byte taken was its full
            # stop (`鈥?  See`, ’.  See); a byte lost before a space keeps it (`?.  See`).
            return 1, "swallowed", "."
        closer = _bracket_open(text, stop) if codecs and follow in ("", " ", "\n", ".", ",", ";", ":") else ""
        if (
            closer
            and closer not in _line(text[stop + 1 :], 200)
            and (follow != " " or text[stop - 2 : stop - 1] in ("(", "[") or _swallowing(text, codecs))
        ):
            # A bracket the line leaves open, before punctuation or the line's end, or
            # right before the mark, or where the decoder takes a byte with each: the
            # byte taken was its closing one (`(enter “yes鈥?`, “yes”); `[鈥? ifeq`,
            # […]; `(“cat pages鈥?.`). A decoder that takes none (U+FFFD saved) keeps it.
            return 1, "swallowed", closer
        if follow in (" ", "\n") and codecs and _swallowing(text, codecs):
            return 1, "swallowed", _taken_before_space(text, stop)
        if not follow and taking and _last_sentence(text, stop):
            # At the end of prose whose other sentences end in a full stop, the byte the
            # decoder took with the last word's was the last one's (`eșuează.`).
            return 1, "swallowed", "."
        return 1, "saved", ""
    return 0, "dropped", ""


_SENTENCE_END = re.compile(r"[^\W\d_][.!?] +[^\W\d_]")


def _last_sentence(text: str, stop: int) -> bool:
    """Whether the hole (the one character before text[stop]) ends a word of Latin
    letters that ends a line of prose: one that starts with a capital and ends a
    sentence before (after an English `.”`, the full stop stands before the quote)."""
    line = text[text.rfind("\n", 0, stop) + 1 : stop].lstrip()
    last = line[-2:-1]
    return (
        line[:1].isupper()
        and last.isalpha()
        and last < "\u02b0"  # a Latin letter, not a garbled character before the hole
        and any(m.group()[-1].isupper() for m in _SENTENCE_END.finditer(line))
    )


def _taken_before_space(text: str, stop: int) -> str:
    """The byte a decoder that takes the byte after a lost one (.NET) took before the
    space or line end after text[stop], a mark: one that pairs with no lead, most
    likely a full stop before a capital and a comma elsewhere; before a line's end, a
    full stop, or a bracket the line left open."""
    if text[stop + 1 : stop + 2] == "\n":
        return _bracket_open(text, stop) or "."
    word = text[stop + 1 : stop + 40].lstrip()
    return "." if word[:1].isupper() else ","


_CLOSING_QUOTES = frozenset("”’»")
# Languages that join a word to a quoted one with a colon (a case ending, Finnish
# `”MULS”:n`) or a hyphen (a compound, `”fg”-komennon`). Dutch writes the hyphen where
# an article before the quote is the compound's (`de ‘connect’-opdracht`); after a
# quote with none, a verb or a noun follows a space as often (`“path” regelt`).
_JOINS = {"fi": ":-", "nl": "-"}
_ARTICLES = {"nl": frozenset(("de", "het", "een"))}
# A word after a quote and a space is most often a function word or a common verb (on,
# ei, käytetty); a compound's head, a noun, is rarer.
_COMPOUND_HEAD = 1e-4
# A case ending is a few letters that are no common word (n, lla, ssa; ei is one).
_CASE_ENDING = (3, 1e-3)
_BEFORE_QUOTE = re.compile(r"([^\W\d_]+)\s+[‘“„”][^‘“„”]*\Z")


def _joined_to_quote(before: str, after: str) -> str:
    """The byte a decoder that takes the byte after a lost one (.NET) took between a
    closing quote and the lowercase word `after` starts with: a space, or where the
    language joins words to quoted ones, a colon before a case ending or a hyphen
    before a compound's head."""
    from .frequency import word_frequency

    lang = _language_around(before, after)
    joins = _JOINS.get(lang, "")
    word = _LETTERS.match(after)
    if not joins or not word:
        return " "
    freq = word_frequency(word.group(), lang, rare=True)
    if ":" in joins and len(word.group()) <= _CASE_ENDING[0] and freq < _CASE_ENDING[1]:
        return ":"
    if lang in _ARTICLES:
        article = _BEFORE_QUOTE.search(before[-200:])
        if not article or article.group(1).lower() not in _ARTICLES[lang]:
            return " "
    return "-" if freq < _COMPOUND_HEAD else " "


def _bracket_open(text: str, stop: int) -> str:
    """The closing bracket of the last round or square one the line up to text[stop]
    leaves open; "" if none."""
    line = text[text.rfind("\n", 0, stop) + 1 : stop]
    opened = []
    for ch in line:
        if ch in "([":
            opened.append(")" if ch == "(" else "]")
        elif ch in ")]" and ch in opened:
            del opened[len(opened) - 1 - opened[::-1].index(ch) :]
    return opened[-1] if opened else ""


# What opens a token after a space: brackets, quotes, an option's dash, a variable.
_OPENING = frozenset("([{<\"'“‘„«-$#@")


@cache
def _punctuation_starts(codecs: tuple[str, ...]) -> re.Pattern[str]:
    """The characters whose bytes are E2 80, the first two of General Punctuation's
    (`鈥`), then a mark glued to an ASCII letter that no lost quote or dash precedes."""
    starts = {ch for ch in map(chr, range(0x80, 0x10000)) if b"\xe2\x80" in _encodings(codecs, ch)}
    # Letters before which the decoder loses no quote or dash (Shift_JIS loses ‘, 98,
    # before s-z: its row 98 ends at 72).
    marks = {ch.encode()[-1] for ch in "–—‘’“”"}
    letters = {ch for ch in string.ascii_letters if not lost_bytes(codecs, ord(ch)) & marks}
    return re.compile(char_class(starts) + "[?・]" + char_class(letters))


@lru_cache(maxsize=4)
def _swallowing(text: str, codecs: tuple[str, ...]) -> bool:
    """Whether the decoder took the byte after each pair it could not read (.NET).

    A quote's or dash's last byte pairs with most ASCII letters (`’s` is GBK's 檚):
    only `…` and bullets, which seldom touch a word, are lost before them. A mark
    glued to a letter after E2 80 (`鈥?Based`) shows the letter came after a byte
    the decoder took with the lost one.
    """
    return _punctuation_starts(codecs).search(text) is not None


def _hangul_prefix(tail: bytes) -> bool:
    """Whether the cut-short UTF-8 `tail` begins a Hangul syllable (EA B0 80 to ED 9E A3)."""
    if not 0xEA <= tail[0] <= 0xED:
        return False
    if len(tail) == 1:
        return True
    return (tail[0], tail[1]) >= (0xEA, 0xB0) and (tail[0], tail[1]) <= (0xED, 0x9E)


_HANGUL = re.compile("[\uac00-\ud7a3]")


def _space_swallowed(tail: bytes, text: str, start: int, stop: int, pattern: str) -> bool:
    """Whether the `?` after a Hangul syllable cut short stands for its lost byte and a
    space the decoder took with it (.NET: `頃?수` for `할 수`).

    A byte lost before the next one is lost because the two make no pair, and a
    Korean syllable's is mostly lost before an ASCII byte, a space between words;
    the `?` glued to what follows (Hangul, `%`, `(`) is none of Korean's own, which
    stands before a space or the end.
    """
    if pattern not in ("dropped", "saved") or text[stop : stop + 1] != "?" or not _hangul_prefix(tail):
        return False
    follow = text[stop + 1 : stop + 2]
    if not follow or follow.isspace() or follow in "?!.,;:)]}\"'":
        return False
    # Text saved with `?` for each lost byte keeps the space after it (`鞚? `), and
    # loses a byte before a Hangul lead too where the pair is unassigned; .NET's
    # swallow most of them.
    spaced = text.count("? ") + text.count("?\n")
    if spaced * 2 >= text.count("?") - spaced:
        return False
    return len(_HANGUL.findall(text, max(0, start - 40), start + 40)) >= 2


MODES = ("infer", "mark", "keep")


@cache
def _markers() -> dict[str, tuple[str, int]]:
    """Unrecoverable markers: U+FFFD's UTF-8 (EF BF BD) read as each CJK codec, also twice.

    Text that went through U+FFFD before it was garbled holds these (`锟斤拷` for two
    U+FFFD read as GBK); no repair can bring back what the U+FFFD replaced. Maps each
    marker to (codec, how many U+FFFD it stands for).
    """
    found: dict[str, tuple[str, int]] = {}
    pair = "\ufffd\ufffd".encode()
    for codec in ("gbk", "big5", "cp949", "cp932", "euc_jp"):
        once = pair.decode(codec, "replace")
        if "\ufffd" not in once:
            found[once] = (codec, 2)
        twice = once.encode().decode(codec, "replace").rstrip("\ufffd")
        if len(twice) >= 4 and "\ufffd" not in twice:
            found[twice] = (codec, 2)
    return found


def markers_list() -> list[str]:
    """The unrecoverable markers themselves."""
    return list(_markers())


@cache
def _marker_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(m) for m in sorted(_markers(), key=len, reverse=True)))


def markers(text: str) -> Iterator[tuple[int, int, str, int]]:
    """Yield (start, end, codec, U+FFFD count) for each unrecoverable marker.

    >>> [(s, e, c) for s, e, c, _ in markers("名称：锟斤拷锟斤拷")]
    [(3, 6, 'gbk'), (6, 9, 'gbk')]
    """
    for m in _marker_pattern().finditer(text):
        codec, count = _markers()[m.group()]
        yield m.start(), m.end(), codec, count


def cut_start(data: bytes) -> int:
    """Where the last UTF-8 sequence of `data`, cut short at its end, begins: after its
    trailing continuation bytes, at its lead (never before the first byte)."""
    cut = len(data) - 1
    while cut > 0 and 0x80 <= data[cut] <= 0xBF:
        cut -= 1
    return cut


# A guess less sure than this is marked with U+FFFD instead.
CONFIDENT = 0.5


def _read_ahead(after: str, codecs: tuple[str, ...]) -> str:
    """`after` with the CJK characters it starts with, if still garbled, read back
    as UTF-8 in front: the neighbour a lost character is ranked beside (`銇?瑭崇窗`
    is の before 詳細, not before 瑭崇)."""
    if not codecs or not after or after[0].isascii() or after[0] in HOLE_MARKS:
        return after
    codec = _garbling_codec(codecs)
    data = bytearray()
    for ch in after[:12]:
        if ch.isascii() or ch in HOLE_MARKS:
            break
        try:
            data += ch.encode(codec)
        except UnicodeEncodeError:
            break
    read = bytes(data).decode("utf-8", "replace").split(REPLACEMENT)[0]
    if len(read) < 2 or not all(_plain_cjk(ch) for ch in read):
        return after
    return read + after


def marked_before(data: bytes) -> Reconstruction | None:
    """`data`, UTF-8 cut short in a CJK character, marked with U+FFFD where no guess
    held and nothing before it showed the loss; the mark after it is kept."""
    cut = cut_start(data)
    if data[cut] < 0xE3:
        return None  # a letter's hole is left to the passes that read its word whole
    try:
        prefix = data[:cut].decode("utf-8")
    except UnicodeDecodeError:
        return None
    how = "marked: cut short before a mark that may be the text's own"
    return Reconstruction(
        prefix + REPLACEMENT, REPLACEMENT, data[cut:], "dropped", how, 0.0, 0, prefix, False
    )


def complete_truncated(
    data: bytes,
    text: str,
    start: int,
    stop: int,
    before: str,
    mode: str = "infer",
    codecs: tuple[str, ...] = (),
    as_mark: bool = False,
) -> Reconstruction | None:
    """Repair text[start:stop], whose bytes `data` end in a cut-short UTF-8 sequence.

    `before` is text[:start] with the holes before it already filled. With mode
    "mark", the lost character is marked with U+FFFD instead of guessed. `codecs` are
    the wrong decoder's: where it kept the byte after the hole, only the bytes it
    could not pair with that one can have been lost (`lost_bytes`). `as_mark` reads a
    `?` after the hole as the mark of the lost byte (`_mark_of_unreadable`).
    """
    cut = cut_start(data)
    head, tail = data[:cut], data[cut:]
    try:
        prefix = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(tail) == 1 and utf8_length(tail[0]) == 3 and codecs and not as_mark:
        rejoined = _rejoin(tail, text, stop, before + prefix, codecs)
        if rejoined is not None:
            mark = text[stop : stop + 1]
            return _rejoined_reconstruction(rejoined, prefix, tail, mark if mark in HOLE_MARKS else "", mode)
    consumed, pattern, swallowed = _marks_after(
        text, stop, codecs, len(tail) == 1 and utf8_length(tail[0]) == 2, tail == b"\xe2\x80"
    )
    # A lead left alone before a mark glued to a whole character: two bytes went
    # with one mark, a pair the decoder could not read (.NET: `這�?動作` is 這個動作).
    pair_mark = (
        pattern == "dropped"
        and text[stop : stop + 1] in ("?", "・")
        and len(tail) == 1
        and utf8_length(tail[0]) == 3
        and bool(codecs)
        and not text[stop + 1 : stop + 2].isascii()
    )
    if pair_mark:
        consumed, pattern = 1, "swallowed"
    if (
        pattern == "dropped"
        and tail == b"\xe2\x80"
        and text[stop : stop + 1] in ("?", "・")
        and text[stop + 1 : stop + 2] == text[stop - 1 : stop]
        and (before + prefix)[-1:].isalnum()
    ):
        # A mark that ends a word, glued to the next mark (`communities鈥?鈥?not`, ” —
        # not): the decoder took the space between them; a question mark stands
        # after a closing quote seldom, and never glued to the next one.
        consumed, pattern, swallowed = 1, "swallowed", " "
    if pattern == "replaced":
        # One mark per lost byte at most (Python; browsers mark a pair with one): a
        # mark beyond those stands for a character lost whole (`鍙��` is 可 and 选).
        consumed = min(consumed, utf8_length(tail[0]) - len(tail))
    if pattern == "dropped" and not as_mark and _mark_of_unreadable(text, stop, codecs):
        # Read as the mark of a byte the decoder reads nowhere, if that reading holds.
        saved = complete_truncated(data, text, start, stop, before, mode, codecs, as_mark=True)
        # A CJK character cut short before the `?` (`绔?瀛` for 端字) takes it as its
        # lost byte's mark too: Chinese and Japanese write their own question mark
        # full-width, and the guess held only with a byte the decoder lost there.
        # A sign nobody writes is no reading to prefer over the text's own `?`
        # (`窶?窶` through cp932 is ‘?’, not † for E2 80 A0 and a quote).
        if (
            saved is not None
            and saved.guessed
            and (_last_byte(saved.inferred) in _unreadable(codecs) or 0xE3 <= tail[0] <= 0xEF)
            and (tail[:2] != b"\xe2\x80" or _PRIOR.get(saved.inferred, -1.0) > 0)
        ):
            return saved
    if as_mark:
        consumed, pattern = 1, "saved"
    spaced = _space_swallowed(tail, text, start, stop, pattern)
    if spaced:
        consumed, pattern, swallowed = 1, "swallowed", " "
    if (
        pattern == "swallowed"
        and swallowed == " "
        and text[stop : stop + 1] == "?"
        and tail[0] < 0xE3  # a letter of an alphabet or punctuation, not CJK
        and len(tail) == utf8_length(tail[0]) - 1
        and text[stop + 1 : stop + 2].isalnum()
        and not _swallowing(text, codecs)
        and _glued_word(tail, before + prefix, text[stop + 1 :], codecs)
    ):
        # The letters on both sides of the `?` make a commoner word than the two
        # words a swallowed space would leave: the `?` stood for the lost byte alone.
        consumed, pattern, swallowed = 1, "saved", ""
    inside = ""
    if pattern == "swallowed" and swallowed == " " and text[stop + 1 : stop + 2].isalpha() and codecs:
        if tail == b"\xe2\x80":
            # Or the first letter of the word a quote opens (`窶・tart`, ‘start).
            inside = _opened_letter(before + prefix, text[stop + 1 :], codecs, text[start : stop + 1])
        elif tail[0] < 0xE3 and len(tail) == utf8_length(tail[0]) - 1:
            # Or the byte taken was a letter of the same word (`d岷?g`, dạng).
            inside = _swallowed_inside(tail, before + prefix, text[stop + 1 :], codecs)
        swallowed = inside or swallowed
    if (
        tail == b"\xe2\x80"
        and not inside
        and codecs
        and text[stop : stop + 1] in ("?", "・")
        and (
            (pattern == "swallowed" and swallowed == " ")
            or (pattern == "saved" and text[stop + 1 : stop + 2] in _CODE_SIGN and _swallowing(text, codecs))
        )
    ):
        # Or the sign a quote around code opened with (`鈥?o鈥?and`, ‘-o’ and).
        inside = _opened_token(before + prefix, text[stop + 1 :], codecs, text[start : stop + 1])
        if inside:
            pattern, swallowed = "swallowed", inside
    if pattern == "saved" and tail[0] < 0xE3 and len(tail) == utf8_length(tail[0]) - 1 and codecs:
        taken = _swallowed_letter(tail, before + prefix, text[stop + 1 :], codecs)
        if taken:
            # .NET took the word's last letter with the lost byte (`膽岷? v脿o`, đầu vào).
            pattern, swallowed = "swallowed", taken
    if (
        pattern == "saved"
        and text[stop : stop + 1] == "・"
        and text[stop + 1 : stop + 2] in (" ", "\n")
        and len(tail) == utf8_length(tail[0]) - 1
    ):
        # Japanese Windows took a byte with the letter's lost one, and no letter was
        # likely: the punctuation before the space (`pluralﾄ・ dar`, plurală, dar).
        pattern, swallowed = "swallowed", _taken_before_space(text, stop)
    if (
        pattern == "saved"
        and tail == b"\xe2\x80"
        and text[stop : stop + 2] == "? "
        and text[stop + 2 : stop + 3].isupper()
        and (before + prefix)[-1:].isalnum()
    ):
        # A mark after a word, before a sentence's capital (`Groups鈥? The`): the byte
        # .NET took was the full stop; saved as it reads, the sentence would end in
        # no punctuation at all.
        pattern, swallowed = "swallowed", "."
    if pattern == "saved" and "?" in text[start:stop]:
        return None
    before = before + prefix
    after = swallowed + text[stop + consumed :]
    allowed = None
    nxt = (
        _next_bytes(codecs, after)
        if pattern in ("replaced", "dropped", "saved") or spaced or inside
        else set()
    )
    if nxt:
        allowed = frozenset().union(*(lost_bytes(codecs, n) for n in nxt))
    last = _continuation(codecs, after[:1]) if pattern == "replaced" and consumed == 1 else None
    # One mark for the two bytes after a lead: a pair the decoder could not read (a
    # browser's U+FFFD, .NET's `?`); Python marks each byte it loses.
    pairs = (
        lost_pairs(codecs)
        if len(tail) == 1 and consumed == 1 and (pattern == "replaced" or pair_mark)
        else None
    )
    if last is not None and len(tail) == 1 and utf8_length(tail[0]) == 3:
        # E3 [lost] AE: the byte after the lost one was read as a character of its own
        # (Shift_JIS half-width katakana), so only the middle byte is missing.
        ch, conf, method = complete_middle(tail, last, before, after[1:], lost_bytes(codecs, last))
        consumed += 1
    elif tail[:2] == b"\xe2\x80" and len(tail) == 2:
        # `after` holds text[stop + consumed :] after the byte taken: its first 1,000 characters.
        base = stop + consumed
        ahead = _marks_ahead(text, base, base + 1000 - len(swallowed), codecs)
        ch, conf, method = complete_punctuation(before, after, allowed, ahead)
    elif tail == b"\xe3\x80":
        ch, conf, method = complete_cjk_punctuation(before, after, allowed)
    elif tail[0] == 0xEF and len(tail) in (1, 2):
        # Full-width forms (`，` is EF BC 8C).
        options = cjk_punctuation_options(tail, allowed, pairs)
        ch, conf, method = complete_cjk_punctuation(before, after, allowed, options)
    elif 0xE3 <= tail[0] <= 0xED and len(tail) in (1, 2):
        ch, conf, method = REPLACEMENT, 0.0, ""
        if tail == b"\xe3" and (pattern != "dropped" or len(prefix) >= _DROPPED_PREFIX):
            # Two bytes lost after E3, where a mark or a long run shows they were: a
            # full stop or a bracket first, where context says so.
            options = cjk_punctuation_options(tail, allowed, pairs)
            ch, conf, method = complete_cjk_punctuation(before, after, allowed, options)
            if conf < 0.8:
                ch = REPLACEMENT
        if ch == REPLACEMENT:
            ch, conf, method = complete_cjk(tail, before, _read_ahead(after, codecs), allowed, pairs)
    elif tail == b"\xc2" and (sign := _latin1_sign(before, after, allowed)):
        ch, conf, method = sign
    elif len(tail) == utf8_length(tail[0]) - 1:
        ch, conf, method = complete_letter(tail, before, after, allowed, codecs)
    else:
        ch, conf, method = REPLACEMENT, 0.0, "too many candidates to choose from"
    if swallowed == " " and ch in _CLOSING_QUOTES and not inside and text[stop + 1 : stop + 2].islower():
        swallowed = _joined_to_quote(before, text[stop + 1 :])
    if conf < CONFIDENT and ch != REPLACEMENT:
        ch, conf, method = REPLACEMENT, 0.0, f"marked: the best guess ({ch}, {method}) was not sure enough"
    # The next character, cut short by the swallowed lead byte, shows that the `?` is
    # the decoder's: an unsure character is marked. Elsewhere a question mark with
    # nothing to show it stands for lost bytes stays, but after a CJK character.
    headless = pattern == "swallowed" and not text[stop + 1 : stop + 2].isascii()
    if pattern in ("saved", "swallowed") and ch == REPLACEMENT and not (spaced or headless or pair_mark):
        if not 0xE3 <= tail[0] <= 0xEF or len(tail) < 2:
            return None
        # Unsure, a CJK character cut short before a `?` is marked, and the `?` taken
        # for its lost byte: Chinese and Japanese write their own question mark
        # full-width (`ませ銈?` is ませ�, for ません). The rarity of what stands before
        # it, or the text's other repairs, must still show the loss (`spans`). A `・`
        # may be the text's own: it stays.
        if text[stop : stop + 1] != "?":
            consumed, pattern, swallowed = 0, "dropped", ""
    if ch == REPLACEMENT and not prefix and not consumed:
        return None  # a lone hole with no trace of loss after it is no evidence
    if pattern == "saved":
        method += "; the `?` after it taken for the lost byte, though it may be a real question mark"
        conf = min(conf, 0.6)
    # A mark that stands for the marks it absorbs is not charged: they are judged out too.
    scored_as = prefix + (ch if ch != REPLACEMENT or not consumed else "") + swallowed
    guessed = ch != REPLACEMENT
    if mode == "mark" and ch != REPLACEMENT:
        ch, conf, method = REPLACEMENT, 0.0, "marked, not guessed (lossy='mark')"
    return Reconstruction(
        prefix + ch + swallowed, ch, tail, pattern, method, conf, consumed, scored_as, guessed
    )


def complete_dropped_middle(
    data: bytes, text: str, start: int, stop: int, before: str, mode: str, codecs: tuple[str, ...]
) -> Reconstruction | None:
    """Repair text[start:stop], whose bytes `data` end in a lead (`E5`), where the
    decoder dropped the byte after it and read on from the next one (`_rejoin`)."""
    cut = cut_start(data)
    head, tail = data[:cut], data[cut:]
    if len(tail) != 1 or utf8_length(tail[0]) != 3:
        return None
    try:
        prefix = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    rejoined = _rejoin(tail, text, stop, before + prefix, codecs)
    if rejoined is None:
        return None
    return _rejoined_reconstruction(rejoined, prefix, tail, "", mode)


# Characters a run must decode to before a lead left alone at its end, with no mark
# after it, is taken for a character whose bytes were dropped (not a stray hanzi).
_DROPPED_PREFIX = 3
# How many characters after a hole are read again from the byte after the lost one.
_REJOINED = 40


@dataclass(frozen=True)
class _Rejoined:
    text: str  # the lost characters with the UTF-8 read after each
    inferred: str  # the characters whose middle byte was lost (U+FFFD where unsure)
    places: tuple[int, ...]  # where each of them stands in `text`
    used: int  # the characters of the text after the first mark that the repair takes
    confidence: float
    method: str


def _rejoin(tail: bytes, text: str, stop: int, before: str, codecs: tuple[str, ...]) -> _Rejoined | None:
    """Read on across holes where the decoder lost a sequence's middle byte and went
    on from the byte after it (Python's U+FFFD; `?` once saved), pairing that byte
    with the next character's lead.

    `鐨勫�㈡埛` is 的 then E5 [lost] A2 E6 88 B7: `㈡` is A2 E6, and from E6 the run is
    UTF-8 again (户); the lost byte is one GBK cannot pair with A2 (客). A run that
    ends in a lead before the next hole goes on the same way (进行备份 is `杩涜�屽�囦唤`).
    A decoder that drops the byte (errors="ignore") leaves no mark: `鐨勫㈡埛`.
    """
    mark = text[stop : stop + 1]
    if mark not in HOLE_MARKS:
        mark = ""
    width = len(mark)
    out: list[str] = []
    inferred: list[str] = []
    places: list[int] = []
    methods: list[str] = []
    used = 0
    confidence = 1.0
    pos = stop
    while tail:
        found = _read_on(codecs, text, pos + width, dropped=not mark)
        if found is None:
            break
        first, rest, n, open_lead = found
        allowed = lost_bytes(codecs, first)
        ch, conf, method = complete_middle(tail, first, before + "".join(out), rest, allowed)
        if conf < CONFIDENT or not _plain_cjk(ch):
            ch, conf = REPLACEMENT, 0.0
        places.append(sum(map(len, out)))
        out.append(ch + rest)
        inferred.append(ch)
        methods.append(method)
        confidence = min(confidence, conf)
        used += width + n
        pos += width + n
        tail = open_lead if not mark or text[pos : pos + 1] == mark else b""
    if not out or not any(ch != REPLACEMENT for ch in inferred):
        return None
    methods_text = "; ".join(dict.fromkeys(methods))
    return _Rejoined("".join(out), "".join(inferred), tuple(places), used, confidence, methods_text)


def _read_on(
    codecs: tuple[str, ...], text: str, pos: int, dropped: bool = False
) -> tuple[int, str, int, bytes] | None:
    """The byte after a lost one, read by the decoder with the next character's lead:
    that byte, the UTF-8 the run decodes to from there, how many characters of `text`
    from `pos` that takes, and the lead byte that ends them, if the run ends in one
    before the next hole (`dropped`: before a character that begins with a
    continuation byte, the next byte lost without a trace).

    The run is read up to its last character boundary that is also one of UTF-8, and
    at least one character further than the byte itself.
    """
    data = bytearray()
    ends = []
    for ch in text[pos : pos + _REJOINED]:
        if ch.isascii() or ch in HOLE_MARKS:
            break
        encoded = next(_encodings(codecs, ch), None)
        if not encoded:
            break
        data += encoded
        ends.append(len(data))
    if not data or not 0x80 <= data[0] <= 0xBF:
        return None
    best = None
    for n, end in enumerate(ends, 1):
        piece = bytes(data[1:end])
        try:
            best = (data[0], piece.decode("utf-8"), n, b"")
        except UnicodeDecodeError:
            # A run that ends where the next hole is may end in a lead cut short.
            at_hole = n == len(ends) or (dropped and 0x80 <= data[end] <= 0xBF)
            if at_hole and piece[-1:] and 0xE0 <= piece[-1] <= 0xEF:
                try:
                    best = (data[0], piece[:-1].decode("utf-8"), n, piece[-1:])
                except UnicodeDecodeError:
                    pass
    if best is None or not (best[1] or best[3]):
        return None
    # Bytes read out of step make UTF-8 by chance now and then; real text they do not
    # (a rare hanzi, or ASCII from a Shift_JIS trail byte, shows the step is wrong).
    if not all(_plain_cjk(ch) for ch in best[1]):
        return None
    return best


def _plain_cjk(ch: str) -> bool:
    """A CJK letter or punctuation mark that real text often holds."""
    from .scan import rare

    if ch in rare():
        return False
    return is_cjk_letter(ch) or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e"


def _rejoined_reconstruction(
    found: _Rejoined, prefix: str, tail: bytes, mark: str, mode: str
) -> Reconstruction:
    pattern = "replaced" if mark == REPLACEMENT else "saved" if mark else "dropped"
    text = found.text
    if mode == "mark":
        chars = list(text)
        for place in found.places:
            chars[place] = REPLACEMENT
        text = "".join(chars)
    method = f"the middle byte lost, the run read on from the byte after it ({found.method})"
    return Reconstruction(
        prefix + text,
        found.inferred,
        tail,
        pattern,
        method,
        found.confidence,
        found.used,
        prefix + found.text,
        guessed=True,
        read_on=True,
    )


@cache
def _word_run() -> re.Pattern[str]:
    """Letters of a word with their combining marks (Tamil `தமிழ்` ends in a virama)."""
    marks = {chr(cp) for cp in range(0x300, 0x10000) if unicodedata.category(chr(cp)).startswith("M")}
    return re.compile(f"(?:[^\\W\\d_]|{char_class(marks)})+")


# The share of the probability a spelling needs to be taken on letter pairs alone.
_CLEAR_SPELLING = 0.8
# Holes in one word whose byte choices are tried together, at most.
_JOINT = 3
# wordfreq languages by the script word of a letter's Unicode name (Latin: by context).
_SCRIPT_LANGS = {
    "CYRILLIC": ["ru", "uk", "bg", "mk"],
    "GREEK": ["el"],
    "TAMIL": ["ta"],
    "DEVANAGARI": ["hi"],
    "BENGALI": ["bn"],
    "ARABIC": ["ar", "fa", "ur"],
    "HEBREW": ["he"],
}


def _word_languages(word: str, context: str) -> list[str]:
    """wordfreq languages for `word`, by the script of its first letter."""
    from .frequency import latin_languages

    letter = next((ch for ch in word if ch.isalpha()), None)
    if letter is None:
        return []
    script = unicodedata.name(letter, "?").split()[0]
    if script == "LATIN":
        return latin_languages(context, by_words=True)
    return _SCRIPT_LANGS.get(script, [])


def complete_undecodable(
    data: bytes,
    holes: Sequence[int],
    lost: bytes,
    before: str = "",
    after: str = "",
    mode: str = "infer",
) -> Reconstruction | None:
    """Choose the byte behind each U+FFFD of UTF-8 read by a strict single-byte decoder.

    Python's cp1252 has no character for 81, 8D, 8F, 90 and 9D and writes U+FFFD for
    each (`ã�“` is E3 ?? 93): the lost byte is one of those (`lost`), at the offsets
    `holes` of `data`; `before` and `after` are the text around it. Holes in one
    word are chosen together, by the word the languages of its script know
    (`Ð�Ð»ÐµÐºÑ�Ð°Ð½Ð´Ñ€`, Александр); CJK characters by their frequency between
    their neighbours; CJK punctuation as `complete_cjk_punctuation` does; anything
    else by the cheapest character. A choice not sure enough is marked with U+FFFD.

    >>> complete_undecodable(bytes.fromhex("e3 81 93"), [1], bytes.fromhex("81 8d 8f 90 9d")).text
    'こ'
    """
    buf = bytearray(data)
    try:
        first = bytes(buf).decode("utf-8")
    except UnicodeDecodeError:
        return None
    index = {h: sum(1 for b in buf[: h + 1] if not 0x80 <= b <= 0xBF) - 1 for h in holes}
    lead = _WORD_TAIL.search(before)
    trail = _WORD_HEAD.match(after)
    left, right = (lead.group() if lead else ""), (trail.group() if trail else "")
    # Words found with each hole taken for a letter: its stand-in byte may make none.
    probe = list(first)
    for h in holes:
        if _can_be_letter(buf, h, lost):
            probe[index[h]] = "a"
    words = [(m.start(), m.end()) for m in _word_run().finditer("".join(probe))]
    groups: dict[tuple[int, int], list[int]] = {}
    for h in holes:
        span = next((w for w in words if w[0] <= index[h] < w[1]), None)
        if span is None or any(is_cjk_letter(ch) for ch in first[span[0] : span[1]]):
            span = (index[h], index[h] + 1)  # CJK is chosen character by character
        groups.setdefault(span, []).append(h)
    # Two rounds where there are several holes: in text where most characters lost a
    # byte (Japanese through cp1250), the first round chooses each hole with the holes
    # after it still unread; the second chooses again with every neighbour as the first
    # left it.
    for _ in range(1 if len(groups) < 2 else 2):
        confidences: list[float] = []
        methods = set()
        marked: set[int] = set()
        for (lo, hi), members in groups.items():
            # A word cut by the chunk's edge goes on in the text around it (`Ã�RBOL`).
            outer = (left if lo == 0 else "", right if hi == len(first) else "")
            if not any(_can_be_letter(buf, h, lost) for h in members):
                outer = ("", "")  # a sign, not a letter of the word beside it (`hello”`)
            choice = _choose_bytes(buf, members, lost, index, (lo, hi), outer, before, after)
            if choice is None or choice[1] < CONFIDENT:
                marked.update(members)
                methods.add("marked: " + (choice[2] if choice else "no byte makes valid UTF-8"))
                continue
            picked, conf, how = choice
            for h, b in zip(members, picked, strict=True):
                buf[h] = b
            confidences.append(conf)
            methods.add(how)
    if not confidences:
        return None  # nothing chosen: the readings around the holes say as much
    for h in marked:
        buf[h] = lost[0]
    chars = list(bytes(buf).decode("utf-8"))
    for h in marked:
        chars[index[h]] = REPLACEMENT
    text = "".join(chars)
    inferred = "".join(text[index[h]] for h in holes)
    known = _survivors(data, holes)
    # Judged without the characters the holes were in, as the U+FFFD are (see `inside`).
    hole_chars = set(index.values())
    scored_as = "".join(ch for i, ch in enumerate(text) if i not in hole_chars)
    conf = round(min(confidences), 2)
    method = "a byte the decoder could not read (" + " ".join(f"{b:02X}" for b in lost) + "): "
    method += "; ".join(sorted(methods))
    if mode == "mark":
        chars = list(text)
        for h in holes:
            chars[index[h]] = REPLACEMENT
        why = "marked, not guessed (lossy='mark')"
        marked_text = "".join(chars)
        return Reconstruction(
            marked_text, REPLACEMENT, known, "replaced", why, 0.0, 0, scored_as, inside=len(holes)
        )
    return Reconstruction(text, inferred, known, "replaced", method, conf, 0, scored_as, inside=len(holes))


def _char_bounds(data: bytes | bytearray, h: int) -> tuple[int, int]:
    """The byte range of the UTF-8 character that byte `h` belongs to."""
    start = h
    while start > 0 and 0x80 <= data[start] <= 0xBF:
        start -= 1
    end = h + 1
    while end < len(data) and 0x80 <= data[end] <= 0xBF:
        end += 1
    return start, end


def _can_be_letter(buf: bytearray, h: int, lost: bytes) -> bool:
    """Whether some byte of `lost` at `h` makes the character there a letter or a mark."""
    start, end = _char_bounds(buf, h)
    trial = bytearray(buf[start:end])
    for byte in lost:
        trial[h - start] = byte
        try:
            ch = bytes(trial).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if ch.isalpha() or unicodedata.category(ch).startswith("M"):
            return True
    return False


# Enclosed and squared CJK compatibility forms (`㈦`, `㏂`): no part of running text.
_SQUARED = frozenset(chr(cp) for cp in range(0x3200, 0x3400))


def _survivors(data: bytes, holes: Sequence[int]) -> bytes:
    """The bytes that survived of the characters the holes were in."""
    keep = bytearray()
    seen: set[int] = set()
    for h in holes:
        start, end = _char_bounds(data, h)
        keep += bytes(data[i] for i in range(start, end) if i not in holes and i not in seen)
        seen.update(range(start, end))
    return bytes(keep)


_WORD_TAIL = re.compile("[^\\W\\d_]{1,40}\\Z")
_WORD_HEAD = re.compile("[^\\W\\d_]{1,40}")


def _choose_bytes(
    buf: bytearray,
    members: list[int],
    lost: bytes,
    index: Mapping[int, int],
    word: tuple[int, int],
    outer: tuple[str, str],
    before: str,
    after: str,
) -> tuple[tuple[int, ...], float, str] | None:
    """The bytes for the holes of one word (or one character): (bytes, confidence, how)."""
    from . import score
    from .frequency import every_latin_language, intact, language_of, rank, rank_spellings, rank_words

    trials: list[tuple[tuple[int, ...], str]] = []
    combos = itertools.product(lost, repeat=len(members)) if len(members) <= _JOINT else None
    for combo in combos or ():
        trial = bytearray(buf)
        for h, b in zip(members, combo, strict=True):
            trial[h] = b
        try:
            trials.append((combo, bytes(trial).decode("utf-8")))
        except UnicodeDecodeError:
            continue
    if not trials:
        return None
    if len(trials) == 1:
        return trials[0][0], 0.9, "the only byte that makes valid UTF-8"
    lo, hi = word
    spellings = [outer[0] + text[lo:hi] + outer[1] for _, text in trials]
    langs = _word_languages(spellings[0], before + after) if any(ch.isalpha() for ch in spellings[0]) else []
    if langs:
        # A word the lists know only once a mark is stripped (Arabic `المٍتاح` is
        # looked up as `المتاح`) does not count.
        words = [w if intact(w, langs[0]) else "" for w in spellings]
        ranked = rank_words(words, langs)
        if not ranked and langs not in _SCRIPT_LANGS.values():
            ranked = rank_words(words, every_latin_language())  # the context is garbled too
        if ranked:
            best, share = ranked[0]
            return trials[best][0], share, "makes a known word"
        if all(any(ch.isalpha() for ch in w) for w in words if w):
            # Too rare a word for the lists: the letter pairs around each hole decide.
            positions = [len(outer[0]) + index[h] - lo for h in members]
            spelled = rank_spellings(spellings, positions, langs)
            best, share = spelled[0]
            # Letter pairs are a weaker witness than a whole word: only a clear winner counts.
            conf = round(share, 2) if share >= _CLEAR_SPELLING else 0.0
            return trials[best][0], conf, "the likeliest spelling by the letter pairs of its words"
    if len({index[h] for h in members}) == 1:  # one character (`き` is E3 81 8D: two holes)
        i = index[members[0]]
        options = {text[i]: combo for combo, text in trials}
        text = trials[0][1]
        prev = (before + text[:i])[-2:]
        nxt = (text[i + 1 :] + after)[:2]
        letters = [ch for ch in options if is_cjk_letter(ch)]
        if letters and all(is_cjk_letter(ch) or ch in _SQUARED for ch in options):
            context = before[-200:] + text + after[:200]
            lang = "ja" if all(is_kana(ch) for ch in letters) else language_of(context)
            likeliest, share = rank(prev, nxt, lang, letters)[0]
            how = f"the likeliest by {lang} character frequencies (wordfreq)"
            return options[likeliest], round(share, 2), how
        if all("\u2000" <= ch <= "\u206f" for ch in options):
            allowed = frozenset(combo[0] for combo in options.values())
            ch, conf, how = complete_punctuation(before + text[:i], text[i + 1 :] + after, allowed)
            return (options[ch], conf, how) if ch in options else None
        if all("\u3000" <= ch <= "\u303f" for ch in options):
            allowed = frozenset(combo[0] for combo in options.values())
            ch, conf, how = complete_cjk_punctuation(before + text[:i], text[i + 1 :] + after, allowed)
            if ch in options:
                return options[ch], conf, how
            if "、" in options and is_cjk_letter(prev[-1:] or " "):
                return options["、"], 0.6, "the comma, the commonest mark the decoder could have lost"
            return None
    costs = []
    for combo, text in trials:
        bits = 0.0
        for i in sorted({index[h] for h in members}):
            bits += score.cost(text[i], text[i - 1 : i], text[i + 1 : i + 2])
        costs.append((bits, combo))
    costs.sort(key=lambda bc: bc[0])
    margin = costs[1][0] - costs[0][0]
    return costs[0][1], round(1.0 - 0.5 ** (margin / 2), 2), "the likeliest character"


# Punctuation that text in these codecs writes often enough to win a hole on its own:
# commas and stops, the long vowel mark, the middle dot, brackets, ASCII-like signs.
_COMMON_MARKS = frozenset("、。，．・ー「」『』（）：？！～…")


def complete_legacy_holes(
    data: bytes, holes: Sequence[int], lost: bytes, family: str, before: str, after: str, mode: str = "infer"
) -> Reconstruction | None:
    """Choose the byte behind each U+FFFD of legacy CJK bytes read by a strict code page.

    Python's cp1252 has no character for 81, 8D, 8F, 90 and 9D, all of them Shift_JIS
    lead and trail bytes: `ƒ†�[ƒU` is ユーザ with the 81 of ー lost, `�V‚µ‚¢` is 新しい
    with the 90 of 新 lost. `data` holds pairs only (a stand-in byte at each hole);
    each hole takes the byte that makes the likeliest character between its
    neighbours: a letter that forms a word with one of them, else a common mark.

    >>> complete_legacy_holes(bytes.fromhex("83 86 81 5b 83 55"), [2], bytes.fromhex("81 8d 8f 90 9d"),
    ...                       "shift_jis", "", "").text
    'ユーザ'
    """
    from .context import NATIVE
    from .frequency import WORDFREQ_LANGUAGE, in_a_word, rank
    from .sloppy import decode_cjk

    buf = bytearray(data)
    lang = WORDFREQ_LANGUAGE[NATIVE[family][0]]
    chosen: list[str] = []
    confidences: list[float] = []
    marked: list[int] = []
    methods = set()
    for h in holes:
        pos = h // 2  # pairs only: the character the hole is in
        options: dict[str, int] = {}
        for byte in lost:
            buf[h] = byte
            text = decode_cjk(bytes(buf), family)
            if text is not None and len(text) == len(buf) // 2:
                options.setdefault(text[pos], byte)
        if not options:
            return None
        buf[h] = lost[0]
        text = decode_cjk(bytes(buf), family) or ""
        prev = (before + text[:pos])[-2:]
        nxt = (text[pos + 1 :] + after)[:2]
        letters = [ch for ch in options if is_cjk_letter(ch)]
        marks = [ch for ch in options if ch in _COMMON_MARKS]
        pick, conf, how = "", 0.0, ""
        if letters:
            best, share = rank(prev, nxt, lang, letters)[0]
            if in_a_word(prev[-1:], best, nxt[:1], lang) or (not marks and share >= CONFIDENT):
                pick, conf, how = best, max(share, 0.6), f"forms a word with its neighbours ({lang} wordfreq)"
        if not pick and marks:
            mark = "ー" if "ー" in marks and prev[-1:] and is_kana(prev[-1]) else marks[0]
            if mark == "。" and nxt[:1] not in ("", "\n", "\r") and "、" in marks:
                mark = "、"
            pick, conf, how = mark, 0.6, "a common mark where no letter forms a word"
        if not pick:
            marked.append(pos)
            continue
        buf[h] = options[pick]
        chosen.append(pick)
        confidences.append(conf)
        methods.add(how)
    if not confidences:
        return None
    chars = list(decode_cjk(bytes(buf), family) or "")
    if not chars:
        return None
    for pos in marked:
        chars[pos] = REPLACEMENT
    text = "".join(chars)
    hole_chars = {h // 2 for h in holes}
    scored_as = "".join(ch for i, ch in enumerate(text) if i not in hole_chars)
    known = bytes(b for i, b in enumerate(data) if i not in holes)
    method = "a byte the code page could not read (" + " ".join(f"{b:02X}" for b in lost) + "): "
    method += "; ".join(sorted(methods))
    if mode == "mark":
        for pos in hole_chars:
            chars[pos] = REPLACEMENT
        why = "marked, not guessed (lossy='mark')"
        return Reconstruction(
            "".join(chars), REPLACEMENT, known, "replaced", why, 0.0, 0, scored_as, inside=len(holes)
        )
    conf = round(min(confidences), 2)
    return Reconstruction(
        text, "".join(chosen), known, "replaced", method, conf, 0, scored_as, inside=len(holes)
    )
