"""The repair engine: scan -> candidate spans -> score -> repair -> explain.

One pass peels one layer of mojibake wherever the evidence is strong enough:

1. complete candidates for UTF-8 read as a CJK codec and for CJK bytes read as
   Latin-1 / cp1252 (`spans`), scored against the original (`score`);
   UTF-8 read as a single-byte codec competes on equal terms, and so does ftfy's
   `fix_encoding` on each line its badness test flags (none of ftfy's cosmetic
   fixes), so that the best-supported reading of each span wins;
2. sequences cut short by a lossy decoder, completed from context (`lossy`), on
   the text that step 1 repaired, so that an opening quote is already back.

Passes repeat until nothing changes, which undoes layered mojibake one layer at a time.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import ftfy
from ftfy.badness import is_bad

from . import (
    bom,
    codepages,
    context,
    frequency,
    lattice,
    lossy,
    normalization,
    scan,
    score,
    spans,
    unencodable,
    vanished,
    whole,
)
from .chardata import ASCII_LETTER, CJK_LETTERS, CYRILLIC, GREEK, HAN, HANGUL, KANA, LANGS, LATIN, NEUTRAL
from .lossy import MODES
from .result import Change, Explanation, LostBytes, Normalization
from .sloppy import FAMILIES
from .spans import FTFY

MAX_PASSES = 4

# Evidence thresholds, in bits of cost saved (see `score`). A single span must save
# SINGLE bits; weaker spans are taken only when several of the same chain in one
# text together save GROUP bits and each saves at least MINIMUM.
SINGLE = 10.0
GROUP = 20.0
MINIMUM = 3.0
# When the dominant layer's spans in a text together save this much, every whole run
# of that layer is taken unless it is clearly worse than the original (NEAR_TIE):
# the one-letter words and lone quotes of a garbled text.
OVERWHELMING = 60.0
NEAR_TIE = 4.0
# Bits of evidence per UTF-8 sequence a candidate decodes, by its length: random
# text rarely re-encodes to valid UTF-8, and almost never to three- or four-byte
# sequences.
STRUCTURE = (0.0, 0.0, 1.0, 3.0, 4.0)
# A stretch cut out of a longer run of suspect characters (the rest of the run
# being clean CJK) must save this much more than SINGLE.
PART = 10.0
# Bits of evidence per character of the codec's common tier that a reading of Latin-1
# characters as legacy CJK bytes gives (`_strong`): random Latin-1 pairs seldom land there.
COMMON_PAIR = 3.0
# Bits a legacy-CJK reading pays per closing quote that nothing opened (`_unopened`).
UNOPENED = 3.0
# The share of Latin-1 characters that a CJK-codec reading must pair up (`_paired`).
PAIRED = 0.9
# The most bits per non-ASCII character a repair may cost (see `_sane`).
PLAUSIBLE = 11.5
PLAUSIBLE_CJK = 11.0
# ftfy's own badness test has already judged a line it fixes; its fix gets this credit
# when the test finds the fixed line good.
FTFY_TRUST = 10.0
_LATIN_OR_CJK = frozenset({ASCII_LETTER, LATIN, HAN, KANA, HANGUL})
# Scripts whose lone letters are common in mixed text (`10 μm`), and the base cost
# (see `chardata`) from which a letter's script counts as rare.
_WRITTEN_WIDELY = _LATIN_OR_CJK | {GREEK, CYRILLIC}
RARE_LETTER = 11.0
# This many CJK characters outside every suspect span show the text is really CJK.
CJK_OUTSIDE = 3
_CJK_CHARS = re.compile(f"[{CJK_LETTERS}]")
# CJK letters, and the CJK symbols and full-width forms only CJK text uses (`〓`, `，`).
_CJK_WRITING = re.compile(f"[{CJK_LETTERS}\u3000-\u303f\uff00-\uffef]")
_KANA = re.compile("[\u3041-\u30ff]")
# Deletes the marks lossy decoders leave for what they could not read.
_NO_MARKS = str.maketrans(dict.fromkeys(lossy.HOLE_MARKS))
# Bonus for the layer that dominates a text, when choosing again.
CONSISTENCY = 3.0


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str
    layer: tuple[str, str]
    confidence: float
    lost: tuple[LostBytes, ...] = ()


@dataclass
class _Tracked:
    in_start: int
    in_end: int
    cur_start: int
    cur_end: int
    layers: list[tuple[str, str]]
    confidence: float
    lost: list[LostBytes] = field(default_factory=list)


def _confidence(saved: float) -> float:
    """Map bits saved to a confidence in [0, 1): 10 bits -> 0.9, 20 bits -> 0.99."""
    return round(1.0 - float(0.1 ** (saved / SINGLE)), 4)


def _scored(text: str, cands: Iterable[spans.Candidate]) -> list[tuple[float, spans.Candidate]]:
    """Bits saved by each candidate, with one character of context on each side."""
    out = []
    cands = list(cands)
    # CJK is foreign to a text whose letters are ASCII both with and without the
    # suspect spans: a lone hanzi in an Italian sentence, not `<源>` in a Chinese one,
    # and not `が` in `INTEGER1 が INTEGER2 に等しい`, where real CJK stands outside.
    outside = _outside(text, cands)
    foreign = min(score.foreign_cjk_cost(text), score.foreign_cjk_cost(outside))
    if len(_CJK_CHARS.findall(outside)) >= CJK_OUTSIDE:
        foreign = 0.0
    for c in cands:
        if _unassigned(c.replacement):
            continue
        inner = None
        if not c.lost and c.layer[0] == "utf-8":
            inner = context.inner_layer(c.replacement, context.single_byte(c.layer))
        if c.layer[1] != FTFY and not (_sane(c) or (inner and _sane(replace(c, replacement=inner)))):
            continue
        # A mark absorbed before the span is judged out, as those after it are (`lossy`).
        lead = c.lost[0].leading if c.lost else 0
        left = text[max(0, c.start + lead - 1) : c.start + lead]
        right = text[c.end : c.end + 1]
        if _stray_accent(left + c.replacement) or _latin_among_cjk(left, c.replacement, right):
            continue
        langs = context.NATIVE.get(c.layer[0], LANGS)
        if c.layer[0] == "euc_kr" and _KANA.search(c.replacement):
            langs = (*langs, "ja")  # KS X 1001 has the kana: Japanese text stored as EUC-KR
        judged = (
            c.lost[0].scored_as if c.lost and (c.lost[0].scored_as or c.lost[0].inside) else c.replacement
        )
        # The U+FFFD or `?` a lossy decoder left are judged out: real text has them too.
        marks = c.lost[0].consumed if c.lost else 0
        if c.layer[0] in context.NATIVE:
            # A CJK word in a text of ASCII words is foreign once, not once per character:
            # legacy CJK text read as Latin-1 often sits among identifiers and options.
            repaired = score.cost(judged, left, right, 0.0, langs)
            repaired += foreign if _CJK_WRITING.search(judged) else 0.0
        else:
            repaired = score.cost(judged, left, right, foreign, langs)
        if inner:
            repaired = min(repaired, score.cost(inner, left, right, foreign, langs))
        original = text[c.start + lead : c.end - marks]
        if c.lost and c.lost[0].read_on:
            # The text read on across holes is judged with the rest; its marks are not.
            original = text[c.start + lead : c.end].translate(_NO_MARKS)
        if c.lost and c.lost[0].inside:
            original = original.replace("\ufffd", "")  # real text has U+FFFD of its own
        saved = score.cost(original, left, right, foreign) - repaired
        if c.layer[1] == FTFY:
            # No credit for a fix that keeps a hole or stops at one: ftfy cannot fill a
            # U+FFFD, and drops the bytes before it (`â€�` for `”`).
            hole = "\ufffd" in c.replacement + text[c.end : c.end + 1] + text[c.start - 1 : c.start]
            trusted = c.trusted and not hole and not _lone_rare_letter(text, c) and not _split_run(text, c)
            saved += FTFY_TRUST if trusted else 0.0
        elif c.layer[0] == "utf-8":
            saved += _structure(c.replacement)
        if c.layer[0] in context.NATIVE:
            saved -= UNOPENED * _unopened(text, c, cands)
        if _worth_keeping(saved, c):
            out.append((saved, c))
    return _paired(text, _fluent(out))


def _structure(text: str) -> float:
    """Bits UTF-8's structure gives a reading: its multi-byte sequences all fit."""
    return sum(STRUCTURE[len(ch.encode())] for ch in text)


# Closing quotes and the opening quote each needs before it.
_OPENER = {"’": "‘", "”": "“"}


def _unopened(text: str, c: spans.Candidate, cands: list[spans.Candidate]) -> int:
    """Closing quotes in a legacy-CJK reading that no other quote in the text pairs with.

    EUC-KR's A1 A6 is `…` and Big5's is `’`: `beheren¡¦` ends with the ellipsis, not
    with a quote that no `‘` opened (an apostrophe between letters needs no opener).
    """
    count = 0
    for i, ch in enumerate(c.replacement):
        opener = _OPENER.get(ch)
        if opener is None:
            continue
        before = c.replacement[i - 1] if i else text[c.start - 1 : c.start]
        after = c.replacement[i + 1] if i + 1 < len(c.replacement) else text[c.end : c.end + 1]
        if before.isalpha() and after.isalpha():
            continue
        # Finnish and Swedish quote with `”` on both sides: the same mark pairs too.
        pair = (opener, ch)
        if any(q in text[: c.start] or q in text[c.end :] for q in pair):
            continue
        if any(q in c.replacement[:i] + c.replacement[i + 1 :] for q in pair):
            continue
        if any(o.layer == c.layer and o is not c and any(q in o.replacement for q in pair) for o in cands):
            continue
        count += 1
    return count


def _fluent(scored: list[tuple[float, spans.Candidate]]) -> list[tuple[float, spans.Candidate]]:
    """Rank rival legacy-CJK readings of the same bytes by how real text uses their characters.

    Big5 `未啟用` read as Latin-1 is `¥¼±Ò¥Î`, which EUC-JP reads as `ゼ衛ノ`: every
    character in its codec's first tier, so the tiers cannot tell them apart, but
    wordfreq's character and pair frequencies can. Each reading loses the bits of
    probability by which it falls short of the likeliest one; whether the bytes are
    mojibake at all is left to the tiers.
    """
    rivals: dict[tuple[int, int], list[int]] = {}
    for i, (_, c) in enumerate(scored):
        if c.layer[0] in context.NATIVE:
            rivals.setdefault((c.start, c.end), []).append(i)
    out = list(scored)
    for group in rivals.values():
        # Readings with as many CJK letters as the most: one with symbols in their place
        # (EUC-KR `ⅱ귐` beside Big5 `失敗`) is left to the tiers.
        letters = {i: len(_CJK_CHARS.findall(scored[i][1].replacement)) for i in group}
        most = max(letters.values())
        indexes = [i for i in group if letters[i] == most]
        if len(indexes) < 2 or not most:
            continue
        likelihood = {}
        for i in indexes:
            c = scored[i][1]
            models = {frequency.WORDFREQ_LANGUAGE[lang] for lang in context.NATIVE[c.layer[0]]}
            likelihood[i] = max(frequency.log_likelihood(c.replacement, m) for m in models)
        best = max(likelihood.values())
        for i in indexes:
            saved, c = scored[i]
            out[i] = (saved - (best - likelihood[i]), c)
    return [(saved, c) for saved, c in out if _worth_keeping(saved, c)]


def _worth_keeping(saved: float, c: spans.Candidate) -> bool:
    """Whether a scored candidate stays in the running: it saves bits, or it is a whole
    run that is nearly as good; a whole run of legacy CJK bytes is kept whatever it
    saves, for the text's own codec to claim (`_strong`)."""
    return saved > 0 or (c.whole_run and (saved > -NEAR_TIE or c.layer[0] in context.NATIVE))


def _lone_rare_letter(text: str, c: spans.Candidate) -> bool:
    """Whether the repair is one letter of a script few texts are written in, and the
    text has no other letter of it (`Ž¸` is UTF-8 Thaana `ޏ` through cp1257, and
    Shift_JIS for 失). ftfy's badness test passes it, but it needs company."""
    letters = [ch for ch in c.replacement if ch.isalpha()]
    if len(letters) != 1:
        return False
    base, script = score.base_cost(letters[0]), score.script_of(letters[0])
    if script in _WRITTEN_WIDELY or base < RARE_LETTER:
        return False
    outside = text[: c.start] + text[c.end :]
    return not any(score.script_of(ch) == script for ch in outside if ch.isalpha())


def _by_chance(text: str, c: spans.Candidate, others: float) -> bool:
    """Whether a legacy-CJK reading that nothing else in the text backs (`others`, its
    layer's other evidence) is likelier Latin text whose bytes pair by chance: two
    characters that make no word in the codec's languages, one of them outside its
    common tier (Serbian `Šuša` is no Shift_JIS 隔啾; a brand, 罗技, is common), or
    a span in a word of Latin letters that a language its letters point to lists as
    it stands (Lithuanian `ŠEŠI`, six, is no 界蟹; Slovak `JEŽIŠA`)."""
    if c.layer[0] not in context.NATIVE or others >= MINIMUM:
        return False
    pair = c.replacement.strip()
    if (
        len(pair) == 2
        and all(score.script_of(ch) in (HAN, KANA, HANGUL) for ch in pair)
        and not set(pair) <= context.common_tier(c.layer[0])
        and not any(
            frequency.in_a_word("", pair[0], pair[1], frequency.WORDFREQ_LANGUAGE[lang])
            for lang in context.NATIVE[c.layer[0]]
        )
    ):
        return True
    start, end = c.start, c.end
    while start and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    word = text[start:end]
    if not word.isalpha() or any(score.script_of(ch) not in (LATIN, ASCII_LETTER) for ch in word):
        return False
    return frequency.listed(word)


def _split_run(text: str, c: spans.Candidate) -> bool:
    """Whether the fix leaves Latin-1 letters or signs glued to it on both sides
    (`ÎÄ¼þ`, GBK 文件, fixed as `Îļþ`): real UTF-8 misreadings run together, and a
    fix in the middle of a run it leaves garbled has found a pair by chance."""
    return _high_char(text, c.start - 1) and _high_char(text, c.end)


def _high_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\xa1" <= text[i] <= "\xff"


def _unassigned(text: str) -> bool:
    """Whether `text` holds unassigned code points or the private-use planes: no real
    text decodes to those (the BMP's private use can be GB18030's own mappings)."""
    return not text.isascii() and any(
        ch >= "\U000f0000" or unicodedata.category(ch) == "Cn" for ch in text if ch > "\x7f"
    )


_BESIDE_HOLE = re.compile("(?<=\ufffd)[\x80-\xff]|[\x80-\xff](?=\ufffd)")


def _paired(text: str, scored: list[tuple[float, spans.Candidate]]) -> list[tuple[float, spans.Candidate]]:
    """Drop readings of Latin-1 text as a CJK codec that leave most of its bytes unpaired.

    In real GBK, Big5, Shift_JIS or EUC-KR text read as Latin-1, nearly every
    non-ASCII character is half of a double-byte character that reads well; in
    Latin-1 text, many are not (`MÄ£ÄM ÌÑÌ`, Estonian `Õun, äär … ÕÄÖÜ`). Only
    readings that score, or pair every byte up to the ASCII around them, count: GBK
    and Big5 pair a Latin-1 letter with the ASCII letter after it (`Õu`), which proves
    nothing, while a lone kanji after a bracket (`(—á:` for `(例:`) may score nothing
    and still be paired.
    """
    # A byte beside a U+FFFD lost its partner with it (cp1252 has no 0x90: Shift_JIS
    # 世 is `�¢`): it could not pair, so it is not counted against the reading.
    high = sum(len(m.group()) for m in spans.HIGH.finditer(text))
    high -= len(_BESIDE_HOLE.findall(text))
    covered: dict[tuple[str, str], int] = {}
    for saved, c in scored:
        if c.layer[0] in context.NATIVE and (saved > 0 or c.whole_run):
            covered[c.layer] = covered.get(c.layer, 0) + sum(
                1 for ch in text[c.start : c.end] if 0x7F < ord(ch) <= 0xFF
            )
    return [
        (saved, c)
        for saved, c in scored
        if c.layer[0] not in context.NATIVE or covered.get(c.layer, 0) >= PAIRED * high
    ]


def _sane(c: spans.Candidate) -> bool:
    """Reject candidates that could not be real text whatever the original.

    The repair must read like writing: on average at most PLAUSIBLE bits per
    non-ASCII character (real text of any language costs 6 to 10).
    """
    wide = [ch for ch in c.replacement if ord(ch) > 0x7F]
    if not wide:
        return False
    if c.lost:
        return True
    if c.layer[0] in context.NATIVE:
        # Legacy CJK bytes read as Latin-1: the repair must read as that codec's language,
        # per pair of bytes (EUC-KR spells a syllable outside KS X 1001 in four pairs).
        pairs = max(len(wide), (c.end - c.start) // 2)
        return score.cost("".join(wide)) / pairs <= PLAUSIBLE_CJK
    return score.cost("".join(wide)) / len(wide) <= PLAUSIBLE


# Combining marks for Latin and any script: the diacritical blocks and their supplements.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _latin_among_cjk(left: str, replacement: str, right: str) -> bool:
    """Whether the repair is one accented Latin letter between CJK characters or marks.

    A hanzi's GBK bytes are often a two-byte UTF-8 sequence (默 is C4 AC, `Ĭ`): where
    a hole beside a repaired character leaves it looking cut short, a later pass would
    read it as such. No writing sets one such letter among CJK.
    """
    letters = replacement.rstrip(lossy.HOLE_MARKS)
    if len(letters) != 1 or not "\u00c0" <= letters <= "\u024f":
        return False
    sides = (left, right)
    cjk = [bool(ch) and _CJK_WRITING.match(ch) is not None for ch in sides]
    return any(cjk) and all(
        is_cjk or not ch or ch in lossy.HOLE_MARKS for ch, is_cjk in zip(sides, cjk, strict=True)
    )


def _stray_accent(text: str) -> bool:
    """Whether a combining accent in `text` sits on a Latin letter that cannot take it.

    UTF-8 in decomposed form (`e` + U+0301, from macOS file names) read as a
    single-byte codec repairs to accents that compose with their Latin letters (stress
    marks on Cyrillic vowels, `а̀`, and accents on an emoticon's `'` do not, and are
    real); an accent that a Latin letter cannot take (`PÍŠE` as cp1252: `P` +
    U+034A) is an accident of bytes.
    """
    for m in _ACCENTS.finditer(text, 1):
        before = text[m.start() - 1]
        latin = score.script_of(before) in (LATIN, ASCII_LETTER)
        if latin and len(unicodedata.normalize("NFC", before + m.group())) > 1:
            return True  # decomposed Latin letters compose again; this one does not
    return False


def _outside(text: str, cands: list[spans.Candidate]) -> str:
    """The text with every candidate span cut out: what the document is known to be."""
    pieces = []
    pos = 0
    for start, end in sorted((c.start, c.end) for c in cands):
        if start > pos:
            pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    return " ".join(pieces)


def _cjk_or_neutral(ch: str) -> bool:
    return score.script_of(ch) in NEUTRAL | {HAN, KANA, HANGUL, LATIN}


def _strong(
    saved: float,
    c: spans.Candidate,
    group: dict[tuple[str, str], float],
    dominant: tuple[str, str] | None,
    alone: frozenset[spans.Candidate] = frozenset(),
    proven: frozenset[tuple[str, str]] = frozenset(),
) -> bool:
    """Whether a candidate's evidence, alone or with its layer's, is enough to act on.
    `alone`: the lone letters and signs the text's context vouches for (`context`)."""
    if c.layer[1] == FTFY:
        return True
    evidence = group.get(c.layer, 0.0)
    if c.layer[0] in context.NATIVE and _filled(c) and c.layer not in proven:
        # Holes filled in legacy bytes prove nothing alone: the codec must show itself
        # in a run of its own (a Ukrainian `«a�f»` is no GBK).
        return False
    if c.layer[0] in context.NATIVE:
        # Whether the span is mojibake at all: its characters' landing in the codec's
        # common tier counts too (which codec it is, the scores alone decide).
        common = context.common_tier(c.layer[0])
        saved += COMMON_PAIR * sum(ch in common for ch in c.replacement)
    if not c.whole_run and c.layer[0] == "utf-8" and c.layer[1] != FTFY and saved < SINGLE + PART:
        # ... unless it fills a hole in a text its layer has proven garbled (`繝�` after
        # `日本語の`, among 150 bits of Shift_JIS misreadings).
        if not (c.lost and not _filled(c) and evidence >= GROUP and saved >= MINIMUM):
            return False
    if c.layer[0] == "utf-8" and not FAMILIES[c.layer[1]].multibyte and len(c.replacement.strip()) < 2:
        # One character through a single-byte codec (`¬´` as cp1251 `Т`) needs company,
        # unless it is an accented letter that a Latin word lost (`dГ©but`).
        return (saved >= MINIMUM and evidence >= GROUP) or (saved > 0 and c in alone)
    if (
        c.layer[0] == "utf-8"
        and len(c.replacement) == 1
        and score.script_of(c.replacement) not in NEUTRAL | {HAN, KANA, HANGUL, LATIN, ASCII_LETTER}
    ):
        # One letter of yet another script from a CJK character (`微` as EUC-KR is
        # UTF-8 `ڰ`) needs company: CJK in Latin text is foreign, but so is Arabic.
        return evidence >= GROUP
    if (
        c.layer[0] in context.NATIVE
        and c.end - c.start <= 2
        and score.script_of(c.replacement) in (HAN, KANA, HANGUL)
        and evidence - saved < MINIMUM
    ):
        # One CJK character from two Latin-1 characters and nothing else of the kind
        # (`¹¼`, `¦»`: a table cell of symbols) is left alone.
        return False
    if (
        c.layer[0] == "utf-8"
        and FAMILIES[c.layer[1]].multibyte
        and evidence < GROUP
        and any(ch.isalpha() for ch in c.replacement)
        and not any(score.script_of(ch) in _LATIN_OR_CJK for ch in c.replacement)
    ):
        # A few CJK characters that are UTF-8 for Arabic, Cyrillic or Greek letters
        # (`馗丕` is `ظا`) are as likely a rare name: real mojibake of that kind
        # comes in longer runs, or in more of them.
        return False
    if c.layer[0] in context.NATIVE and len(c.replacement) < 2 and not _cjk_or_neutral(c.replacement):
        # One Cyrillic or Greek letter from two Latin-1 characters (`¬´` as EUC-KR `Т`)
        # needs company too.
        return evidence >= GROUP
    return (
        saved >= SINGLE
        or (saved >= MINIMUM and evidence >= GROUP)
        or (saved > 0 and c in alone)  # a lone sign (`context.lone_signs`)
        or (evidence >= OVERWHELMING and c.whole_run and c.layer == dominant)
        # Legacy CJK bytes read as Latin-1: a paragraph is one file in one codec, so every
        # high character in it is a byte of that codec; once some of its runs prove the
        # codec, the others that pair up whole go with them, even `—p–@` (用法).
        or (evidence >= GROUP and c.whole_run and c.layer == dominant and c.layer[0] in context.NATIVE)
        # ... and so does one run strong enough alone (`或者` proves `’†“I` is 中的),
        # for the others that read better than their Latin-1.
        or (saved > 0 and c.whole_run and c.layer == dominant and c.layer in proven)
    )


def _filled(c: spans.Candidate) -> bool:
    """Whether the candidate fills U+FFFD a strict decoder left inside it."""
    return bool(c.lost) and c.lost[0].inside > 0


def _choose(
    text: str,
    cands: Iterable[spans.Candidate],
    prior: dict[tuple[str, str], float] | None = None,
    proven_before: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[
    list[_Edit], dict[tuple[str, str], float], frozenset[tuple[str, str]], dict[tuple[str, str], float]
]:
    """Pick the best non-overlapping candidates whose evidence is strong enough; with
    them, every layer's evidence, the legacy-CJK layers proven, and the evidence the
    next pass may lean on (`_carried`).

    A text garbled one way is usually garbled the same way throughout, so the layer
    that would explain the most of the text on its own gets a small bonus.
    """
    scored = _scored(text, cands)
    if _KANA_VOICED.search(text):
        scored = [(saved, c) for saved, c in scored if not _halfwidth_read(text, c)]
    if not scored:
        return [], {}, proven_before, {}
    # Each layer's evidence: what it saves if it alone explained the whole text.
    by_layer: dict[tuple[str, str], list[tuple[float, spans.Candidate]]] = {}
    for saved, c in scored:
        if saved >= MINIMUM:
            by_layer.setdefault(c.layer, []).append((saved, c))
    group = {layer: sum(s for s, _ in context.best_set(items, {})) for layer, items in by_layer.items()}
    for layer, evidence in (prior or {}).items():
        if layer in group:  # what the same layer's complete spans showed in this pass
            group[layer] += evidence
    dominant = max(group, key=lambda k: group[k]) if group else None
    # Legacy-CJK layers with a run of their own strong enough alone, in this pass or an
    # earlier one: the paragraph's code page, though the group's bits fall short.
    proven = proven_before | frozenset(
        c.layer
        for saved, c in scored
        if c.layer[0] in context.NATIVE and not c.also_utf8 and not _filled(c) and _strong(saved, c, {}, None)
    )
    page = context.code_page(scored, MINIMUM, GROUP)
    if page is None and proven & group.keys():
        # `架構` proves GBK: `»ò` is 或, not Mac Roman's `Ș`, and `Ê§”¡` 失敗, not `ʧ”¡`.
        page = max(sorted(proven & group.keys()), key=lambda k: group[k])
    scored = [(saved, c) for saved, c in scored if not c.also_utf8 or c.layer == page]
    if page:
        scored = context.one_code_page(scored, page)
    left = [c for _, c in scored]
    alone = context.lone_letters(text, left) | context.lone_signs(text, left)
    eligible = [
        (saved, c)
        for saved, c in scored
        if _strong(saved, c, group, dominant, alone, proven)
        and not _by_chance(text, c, group.get(c.layer, 0.0) - saved)
    ]
    taken = context.best_set(eligible, {dominant: CONSISTENCY} if dominant else {})
    edits = []
    for saved, c in taken:
        evidence = group.get(c.layer, 0.0)
        conf = _confidence(max(saved, evidence / 2))
        lost = tuple(LostBytes(r.known, r.inferred, r.pattern, r.method, r.confidence) for r in c.lost)
        if lost:
            conf = min([conf] + [x.confidence for x in lost if x.inferred])
        layer = c.layer if c.layer[1] != FTFY else c.ftfy_layer
        edits.append(_Edit(c.start, c.end, c.replacement, layer, conf, lost))
    return sorted(edits, key=lambda e: e.start), group, proven, _carried(text, group, [c for _, c in taken])


# A half-width katakana letter and its voicing mark (`ﾃﾞ`, `ﾋﾟ`): Japanese written in
# half-width katakana. Read as UTF-8, DE and DF lead Thaana and N'Ko, so mojibake from
# UTF-8 has them only where those scripts were written.
_KANA_VOICED = re.compile("[\uff66-\uff9d][\uff9e\uff9f]")
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")


def _halfwidth_read(text: str, c: spans.Candidate) -> bool:
    """Whether a candidate reads half-width katakana as UTF-8 bytes (`ﾝｺ` as `ݺ`)."""
    return c.layer[1] == "shift_jis" and _HALFWIDTH_KANA.search(text, c.start, c.end) is not None


def _keeps_bytes(text: str, c: spans.Candidate) -> bool:
    """Whether the repair is the same bytes shown by cp1252 instead of Latin-1 (ftfy's
    fix of C1 controls: nothing else keeps them)."""
    if c.layer[1] != FTFY:
        return False
    cp1252 = FAMILIES["windows-1252"]
    repaired = cp1252.encode(c.replacement)
    return repaired is not None and repaired == cp1252.encode(text[c.start : c.end])


def _carried(
    text: str, group: dict[tuple[str, str], float], taken: list[spans.Candidate]
) -> dict[tuple[str, str], float]:
    """The layers' evidence that the next pass may lean on: only that of the codecs
    that repaired something, since a rival reading that lost (EUC-KR `칟칼` for UTF-8
    `Ã¤Ã¶`) proves nothing about the layer under the winner. A fix that keeps every
    byte (C1 controls shown as cp1252's `“`) is no rival to anything: all is kept."""
    if any(_keeps_bytes(text, c) for c in taken):
        return group
    shown = {c.layer[0] for c in taken} | {context.layer_of(c)[0] for c in taken}
    return {layer: bits for layer, bits in group.items() if layer[0] in shown}


_C1_LAYER = ("windows-1252", "latin-1")


def _ftfy_layer(plan: list[tuple[str, str]]) -> tuple[str, str]:
    encodings = [name for step, name in plan if step == "encode"]
    if encodings:
        wrong = encodings[-1].removeprefix("sloppy-")
        return ("utf-8", wrong)
    if any(name == "decode_inconsistent_utf8" for _, name in plan):
        return ("utf-8", "windows-1252")  # UTF-8 read as sloppy cp1252, fixed piece by piece
    if any(name == "fix_c1_controls" for _, name in plan):
        return _C1_LAYER
    return ("utf-8", "windows-1252")


def _ftfy_candidates(text: str) -> list[spans.Candidate]:
    """ftfy's encoding fixes, line by line, as candidates trimmed to what changed."""
    edits = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        if line.isascii() or not is_bad(line):
            continue
        fixed, plan = ftfy.fix_encoding_and_explain(line)
        if fixed == line or plan is None:
            continue
        i = 0
        while i < min(len(line), len(fixed)) and line[i] == fixed[i]:
            i += 1
        j = 0
        while j < min(len(line), len(fixed)) - i and line[-1 - j] == fixed[-1 - j]:
            j += 1
        layer = _ftfy_layer([(step.action, step.parameter) for step in plan])
        if layer == _C1_LAYER and _CJK_CHARS.search(line, max(0, i - 1), len(line) - j + 1):
            # A C1 control among CJK characters is a byte of a double-byte misreading
            # (Shift_JIS reads 0x80 alone as U+0080 in `險\x80` for 言), not cp1252's €.
            continue
        edits.append(
            spans.Candidate(
                start + i,
                start + len(line) - j,
                fixed[i : len(fixed) - j],
                ("ftfy", FTFY),
                (),
                layer,
                # A fix after which ftfy's own test still finds the line bad may have
                # undone the wrong thing (`<Â·¾¶>`, GBK 路径, loses its Â as UTF-8 `·`).
                trusted=not is_bad(fixed),
            )
        )
    return edits


def _apply(text: str, edits: list[_Edit]) -> str:
    out = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _prefix_sums(values: list[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out


def _track(tracked: list[_Tracked], edits: list[_Edit]) -> list[_Tracked]:
    """Fold one pass's edits into the spans tracked in input coordinates.

    Both lists are sorted and non-overlapping, so every lookup is a bisection.
    """
    tracked = sorted(tracked, key=lambda t: t.cur_start)
    t_starts = [t.cur_start for t in tracked]
    t_ends = [t.cur_end for t in tracked]
    t_growth = _prefix_sums([(t.cur_end - t.cur_start) - (t.in_end - t.in_start) for t in tracked])

    def to_input(p: int) -> int:
        return p - t_growth[bisect.bisect_right(t_ends, p)]

    result: list[_Tracked] = []
    used: set[int] = set()
    for e in edits:
        lo = bisect.bisect_right(t_ends, e.start)
        hi = bisect.bisect_left(t_starts, e.end)
        over = range(lo, hi)
        s = min([e.start] + [tracked[i].cur_start for i in over])
        end = max([e.end] + [tracked[i].cur_end for i in over])
        layers = [e.layer]
        lost = list(e.lost)
        conf = e.confidence
        for i in over:
            used.add(i)
            layers += [x for x in tracked[i].layers if x not in layers]
            lost += tracked[i].lost
            conf = min(conf, tracked[i].confidence)
        result.append(_Tracked(to_input(s), to_input(end), s, end, layers, conf, lost))
    result += [t for i, t in enumerate(tracked) if i not in used]
    # Move current coordinates to the text after this pass.
    e_starts = [e.start for e in edits]
    e_ends = [e.end for e in edits]
    e_growth = _prefix_sums([len(e.replacement) - (e.end - e.start) for e in edits])
    for t in result:
        before = bisect.bisect_right(e_ends, t.cur_start)
        first_inside = bisect.bisect_left(e_starts, t.cur_start)
        last_inside = bisect.bisect_right(e_ends, t.cur_end)
        shift_start = e_growth[before]
        inside = e_growth[last_inside] - e_growth[first_inside] if last_inside > first_inside else 0
        t.cur_start += shift_start
        t.cur_end += shift_start + inside
    return sorted(result, key=lambda t: t.in_start)


def _markers(text: str) -> list[_Edit]:
    """Markers of U+FFFD garbled before (`锟斤拷`), turned back into U+FFFD."""
    return [
        _Edit(
            start,
            end,
            "\ufffd" * count,
            ("utf-8", codec),
            1.0,
            (LostBytes(b"\xef\xbf\xbd" * count, "\ufffd", "unrecoverable", UNRECOVERABLE, 1.0),),
        )
        for start, end, codec, count in lossy.markers(text)
    ]


def _rebuilt_lines(text: str, mode: str) -> list[_Edit]:
    """Lines of Korean, Chinese or Japanese whose UTF-8 Shift_JIS (cp932) or GBK read
    with loss, rebuilt whole."""
    edits = []
    for at, codec, rebuilt in lattice.lines(text, mark=mode == "mark"):
        pattern = lattice.PATTERN_NAMES[rebuilt.pattern]
        for start, end, replacement, holes in rebuilt.pieces:
            lost = tuple(
                LostBytes(
                    h.known,
                    h.restored,
                    pattern,
                    f"rebuilt with its line: the likeliest of {h.candidates} ({h.how})"
                    if h.candidates > 1
                    else "rebuilt with its line: the only character that reads so",
                    h.confidence if h.restored != "\ufffd" else 0.0,
                )
                for h in holes
            )
            confidence = min((h.confidence for h in holes), default=0.99)
            edits.append(_Edit(at + start, at + end, replacement, ("utf-8", codec), confidence, lost))
    return edits


UNRECOVERABLE = "the text held U+FFFD before it was garbled; what it replaced is gone"


def _one_pass(
    text: str,
    mode: str = "infer",
    evidence: dict[tuple[str, str], float] | None = None,
    proven: frozenset[tuple[str, str]] = frozenset(),
    first: bool = True,
) -> tuple[str, list[list[_Edit]], dict[tuple[str, str], float], frozenset[tuple[str, str]]]:
    """The text after one pass, its edits in steps, each on the text the last one left,
    the evidence of the layers that repaired something so far (earlier passes'
    included), and the legacy-CJK layers proven by a run alone."""
    steps: list[list[_Edit]] = []
    if mode != "keep":
        edits = _markers(text)
        if edits:
            steps.append(edits)
            text = _apply(text, edits)
    if mode != "keep" and first:
        # Korean, Chinese and Japanese read as Shift_JIS or GBK with loss are rebuilt a
        # line at a time (`lattice`): hole by hole, damage that runs from one character
        # into the next leaves too many candidates.
        edits = _rebuilt_lines(text, mode)
        if edits:
            steps.append(edits)
            text = _apply(text, edits)
    evidence = dict(evidence or {})
    carried = dict(evidence)  # what the next pass sees (`_carried`)
    repaired: list[tuple[int, int]] = []
    # Words of a legacy single-byte page read as cp1252 (`Ïðèâåò`) are read in their page
    # first: no CJK reading of the same bytes can be better than a word of the language.
    swapped = [
        _Edit(s.start, s.end, s.replacement, (s.code_page, "windows-1252"), s.confidence)
        for s in codepages.swaps(text)
    ]
    if swapped:
        steps.append(swapped)
        text = _apply(text, swapped)
        repaired = _outputs(swapped)
    for cut_short in (False, True):
        if cut_short:
            if mode == "keep":
                break
            # Leads dropped without a trace are looked for where their layer has shown itself.
            shown = {name for (_, name), bits in evidence.items() if bits >= GROUP}
            cands = [
                *spans.utf8_misread(text, cut_short=True, mode=mode, repaired=repaired, shown=shown),
                *spans.dropped_leads(text, mode, shown),
            ]
        else:
            cands = [
                *spans.utf8_misread(text),
                *spans.cjk_read_as_latin1(text, mode),
                *spans.single_byte_holes(text, mode),
                *spans.space_for_nbsp(text),
                *spans.single_byte_dropped(text, mode),
                *_ftfy_candidates(text),
            ]
        edits, found, proven, shown_layers = _choose(text, cands, evidence, proven)
        for layer, bits in found.items():
            evidence[layer] = max(evidence.get(layer, 0.0), bits)
        for layer, bits in shown_layers.items():
            carried[layer] = max(carried.get(layer, 0.0), bits)
        if edits:
            steps.append(edits)
            text = _apply(text, edits)
            repaired = _outputs(edits)
    return text, steps, carried, proven


def _outputs(edits: list[_Edit]) -> list[tuple[int, int]]:
    """Where each edit's replacement stands in the text after `_apply`."""
    out = []
    shift = 0
    for e in edits:
        start = e.start + shift
        out.append((start, start + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
    return out


# How many characters of runs `_read_back` scores: past a few thousand, more text
# changes the confidence no more.
READ_BACK_SAMPLE = 2000


def _read_back(text: str, mode: str = "infer", explained: bool = True) -> Explanation | None:
    """`text` repaired at codec speed where it reads back whole as UTF-8 (`whole`), its
    reading is better text by the bits its first runs save, and any trace the reading
    still holds is none the engine repairs. Each run of non-ASCII characters is one
    change, all with the confidence of that saving; none are listed unless `explained`."""
    found = whole.read_back(text)
    if found is None:
        cut = whole.cut_end(text)
        return None if cut is None else _read_back_cut(text, cut, mode, explained)
    fixed = found.text
    saved = 0.0
    sampled = 0
    for start, end, out_start, out_end in found.runs(each=True):
        garbled, repaired = text[start:end], fixed[out_start:out_end]
        if end - start > READ_BACK_SAMPLE:
            garbled, repaired = whole.head_of_run(garbled, found.codec, READ_BACK_SAMPLE)
        saved += score.cost(garbled) - score.cost(repaired)
        saved += _structure(repaired)
        sampled += len(garbled)
        if sampled >= READ_BACK_SAMPLE:
            break
    if saved < SINGLE:
        return None
    for start, end in scan.blocks(fixed):
        if _engine_block(fixed[start:end], mode)[1]:
            return None  # another layer: the engine sees the block whole
    if not explained:
        return Explanation(text, fixed, ())
    confidence = _confidence(saved)
    layers = (("utf-8", found.family),)
    changes = tuple(
        Change(start, end, out_start, out_end, text[start:end], fixed[out_start:out_end], layers, confidence)
        for start, end, out_start, out_end in found.runs()
    )
    return Explanation(text, fixed, changes)


def _read_back_cut(text: str, cut: int, mode: str, explained: bool) -> Explanation | None:
    """`text` whose only damage is a sequence cut short at its end: read back whole up
    to `cut`, the rest repaired as a text of its own (`whole.cut_end`)."""
    head = _read_back(text[:cut], mode, explained)
    if head is None:
        return None
    tail = _explain(text[cut:], mode, explained)
    changes = head.changes + _moved(tail.changes, cut, len(head.text))
    return Explanation(text, head.text + tail.text, changes)


def _moved(changes: Iterable[Change], by: int, out_by: int) -> tuple[Change, ...]:
    """`changes` of a piece of text, in the coordinates of a text where the piece
    starts `by` characters in, and its output `out_by`."""
    return tuple(
        replace(
            c,
            input_start=c.input_start + by,
            input_end=c.input_end + by,
            output_start=c.output_start + out_by,
            output_end=c.output_end + out_by,
        )
        for c in changes
    )


def _explain_block(text: str, mode: str = "infer", vanished_runs: bool = False) -> tuple[str, list[Change]]:
    """Repair one block: at codec speed if it reads back whole, else by passes; its
    changes, in the block's coordinates. `vanished_runs`: the whole text holds runs of
    U+FFFD that may be characters lost whole (`vanished.several`)."""
    quick = _read_back(text, mode)
    return (quick.text, list(quick.changes)) if quick else _engine_block(text, mode, vanished_runs)


def _vanished(text: str, mode: str, tracked: list[_Tracked]) -> list[_Edit]:
    """Runs of U+FFFD left in a repaired block that stand for characters lost whole,
    filled (`vanished`); the layer is the CJK codec the block's other repairs undid,
    else ASCII, which loses every byte of them."""
    codecs = [codec for t in tracked for first, codec in t.layers if first == "utf-8" and codec != "ascii"]
    layer = ("utf-8", codecs[0] if codecs else "ascii")
    return [
        _Edit(
            f.start,
            f.end,
            f.replacement,
            layer,
            f.confidence,
            (LostBytes(b"", f.replacement, "replaced", f.method, f.confidence),),
        )
        for f in vanished.edits(text, mode, shown=bool(tracked))
    ]


def _engine_block(text: str, mode: str = "infer", vanished_runs: bool = False) -> tuple[str, list[Change]]:
    """Repair one block by passes; its changes, in the block's coordinates."""
    original = text
    tracked: list[_Tracked] = []
    evidence: dict[tuple[str, str], float] = {}
    proven: frozenset[tuple[str, str]] = frozenset()
    for k in range(MAX_PASSES):
        text, steps, evidence, proven = _one_pass(text, mode, evidence, proven, first=k == 0)
        if not steps:
            break
        for edits in steps:
            tracked = _track(tracked, edits)
        if not scan.blocks(text):
            break  # no trace of another layer left
    if tracked and _hopeless(original, text, tracked):
        text, tracked = original, []
    if vanished_runs and mode != "keep":
        edits = _vanished(text, mode, tracked)
        if edits:
            tracked = _track(tracked, edits)
            text = _apply(text, edits)
    changes = [
        Change(
            t.in_start,
            t.in_end,
            t.cur_start,
            t.cur_end,
            original[t.in_start : t.in_end],
            text[t.cur_start : t.cur_end],
            tuple(t.layers),
            t.confidence,
            tuple(t.lost),
        )
        for t in tracked
        if original[t.in_start : t.in_end] != text[t.cur_start : t.cur_end]
    ]
    return text, changes


def _hopeless(original: str, repaired: str, tracked: list[_Tracked]) -> bool:
    """Whether a block is a garble that ftfy rightly leaves whole, and the repair only
    picked at: every change undoes a single-byte code page, ftfy's own fix changes
    nothing, and its badness test still finds the repaired block bad, or the repair
    marks bytes it could not put back (lower-cased layered mojibake, `ã†â€™ãƒâ€
    ã¢â‚¬â„¢`, where `â‚¬` alone reads as `€` and `ãƒ` as a sequence cut short)."""
    single = all(
        context.single_byte((first, context.family_of(codec))) for t in tracked for first, codec in t.layers
    )
    marked = repaired.count("\ufffd") > original.count("\ufffd")
    return single and (is_bad(repaired) or marked) and ftfy.fix_encoding(original) == original


def explain(
    text: str, lossy: str = "infer", normalize: str | Mapping[str, bool] | None = None
) -> Explanation:
    """Repair `text` and say, span by span, what was changed and why.

    `lossy` says what to do where the wrong decoder lost bytes: "infer" the most
    plausible character (a guess below `lossy.CONFIDENT` is marked with U+FFFD),
    "mark" every such character with U+FFFD, or "keep" those spans as they are.
    Markers of U+FFFD garbled before (`锟斤拷`) become U+FFFD unless "keep".
    `normalize` is a preset name ("web", "cjk-safe") or a mapping of options for
    `mojifix.normalize`, applied after the repair; none by default.

    Only the blocks where `scan` finds a trace of mojibake are examined; the rest of
    the text is copied as it is.
    """
    return _run(text, lossy, normalize, explained=True)


def _run(text: str, lossy: str, normalize: str | Mapping[str, bool] | None, explained: bool) -> Explanation:
    """`explain`; with `explained` false, a text read back whole in one round trip
    comes without its changes listed (`repair` needs the text only)."""
    if not isinstance(text, str):
        raise TypeError(f"mojifix works on str, not {type(text).__name__}; decode bytes first")
    if lossy not in MODES:
        raise ValueError(f"lossy must be one of {', '.join(MODES)}, not {lossy!r}")
    steps = _normalization(normalize)
    result = _explain(text, lossy, explained)
    if not steps:
        return result
    final, applied = normalization.apply(result.text, steps)
    return replace(
        result,
        text=final,
        normalized=tuple(Normalization(step.name, step.description) for step in applied),
        before_normalization=result.text,
    )


def _normalization(normalize: str | Mapping[str, bool] | None) -> frozenset[str]:
    if normalize is None:
        return frozenset()
    if isinstance(normalize, str):
        return normalization.resolve(normalize)
    return normalization.resolve(None, **normalize)


def _explain(text: str, lossy: str, explained: bool = True) -> Explanation:
    """`_run` before normalisation."""
    head = bom.start(text)
    if head is not None and not (head[3] and lossy == "keep"):
        return _after_bom(text, head, lossy, explained)
    return _explain_body(text, lossy, explained)


# The pattern a lost lead byte's mark shows (see `lossy.PATTERNS`).
_MARK_PATTERNS = {"\ufffd": "replaced", "?": "saved", "・": "swallowed"}


def _after_bom(text: str, head: tuple[int, str, str, bytes], lossy: str, explained: bool) -> Explanation:
    """`text` whose first `head[0]` characters are a garbled byte order mark
    (`bom.start`), the mark read back and the rest repaired on its own."""
    taken, reading, codec, known = head
    rest = _explain_body(text[taken:], lossy, explained)
    lost: tuple[LostBytes, ...] = ()
    if known:
        how = "a byte order mark: what is left of its bytes at the text's start"
        if lossy == "mark":
            reading, how = "\ufffd", "marked, not guessed (lossy='mark')"
        pattern = next(_MARK_PATTERNS[ch] for ch in text[:taken] if ch in _MARK_PATTERNS)
        lost = (LostBytes(known, reading, pattern, how, 0.95),)
    mark = Change(0, taken, 0, len(reading), text[:taken], reading, (("utf-8", codec),), 0.95, lost)
    return Explanation(text, reading + rest.text, (mark, *_moved(rest.changes, taken, len(reading))))


def _unencodable(text: str, lossy: str) -> Explanation:
    """A text with no wrong decoding in it (pure ASCII, or one the engine left whole),
    with the `?` an encoder wrote for each letter its code page lacks put back, or the
    U+FFFD of cp1252 text read as UTF-8 (`unencodable`)."""
    filled = unencodable.fill(text) if lossy != "keep" else []
    if not filled:
        return Explanation(text, text, ())
    # The `?` of a page that lacks the letter, or the U+FFFD of cp1252 read as UTF-8.
    read = text[filled[0].start] == unencodable.REPLACED
    layer = ("cp1252", "utf-8") if read else ("ascii", "ascii")
    pattern = "replaced" if read else "unencodable"
    edits = []
    for f in filled:
        put, conf = (f.replacement, f.confidence) if lossy == "infer" else ("\ufffd", 0.0)
        edits.append(
            _Edit(f.start, f.end, put, layer, f.confidence, (LostBytes(b"", put, pattern, f.method, conf),))
        )
    fixed = _apply(text, edits)
    changes = tuple(
        Change(
            e.start,
            e.end,
            out_start,
            out_end,
            text[e.start : e.end],
            e.replacement,
            (e.layer,),
            e.confidence,
            e.lost,
        )
        for e, (out_start, out_end) in zip(edits, _outputs(edits), strict=True)
    )
    return Explanation(text, fixed, changes)


def _explain_body(text: str, lossy: str, explained: bool) -> Explanation:
    """`_explain` for a text that starts with no garbled byte order mark."""
    if text.isascii():
        return _unencodable(text, lossy)
    # A whole page read with the wrong codec is read back in one round trip: tried
    # first where the text's start reads back or nearly every line is suspect, else
    # where the scan finds more than one block (a single block is tried on its own).
    tried = False
    if len(text) >= scan.SHORT and whole.probe(text):
        quick = _read_back(text, lossy, explained)
        if quick is not None:
            return quick
        tried = True
    pre = scan.prescanned(text)
    if pre and pre[0] is None and not tried:
        quick = _read_back(text, lossy, explained)
        if quick is not None:
            return quick
        tried = True
    blocks = scan.blocks(text, pre)
    if len(blocks) > 1 and not tried:
        quick = _read_back(text, lossy, explained)
        if quick is not None:
            return quick
    pieces: list[str] = []
    changes: list[Change] = []
    pos = 0
    shift = 0  # output offset minus input offset so far
    vanished_runs = bool(blocks) and vanished.several(text)
    for start, end in blocks:
        fixed, block_changes = _explain_block(text[start:end], lossy, vanished_runs)
        if not block_changes:
            continue
        pieces.append(text[pos:start])
        pieces.append(fixed)
        pos = end
        changes += _moved(block_changes, start, start + shift)
        shift += len(fixed) - (end - start)
    if not changes:
        return _unencodable(text, lossy)
    pieces.append(text[pos:])
    return Explanation(text, "".join(pieces), tuple(changes))


def repair(text: str, lossy: str = "infer", normalize: str | Mapping[str, bool] | None = None) -> str:
    """The repaired text; clean text comes back identical. See `explain` for the options."""
    return _run(text, lossy, normalize, explained=False).text


__all__ = ["explain", "repair"]
