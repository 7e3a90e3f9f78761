"""Vietnamese compound words, to choose a syllable whose last byte was lost.

Vietnamese writes a word as syllables apart (`bộ nhớ`, memory), most of them ending in
a three-byte letter whose tone is in the last byte (ạ…ỹ are E1 BA/BB xx). A decoder
that cannot pair that byte with the space after it loses the tone: `b?` is any of
bề, bể, bệ, bị, bộ, bỏ, bố… wordfreq knows each syllable's frequency, not which
syllables stand together. A dictionary of compounds does: a candidate that makes one
with the syllable before or after it is far likelier than its frequency alone says.

The dictionary is pyvi's (MIT licence, see `data/README.md`): its 25,415 entries of two
syllables or more, lowercased.

>>> rank_syllables(["bị", "bộ", "bỏ"], ("toàn",), [("tập",)])[0][0]
1
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .frequency import word_frequency

# How much likelier a syllable is when it makes a compound with a neighbour.
_COMPOUND = 100.0
# Vietnamese tone marks (grave, acute, tilde, hook, dot below); the other marks
# (circumflex, breve, horn) make letters of their own.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def toneless(syllable: str) -> str:
    """A syllable's key, whichever vowel its tone mark sits on: dictionaries write
    the older `khoá` and text the newer `khóa`.

    >>> toneless("khoá") == toneless("khóa")
    True
    """
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES)) + tones


@cache
def _compounds() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "vi_compounds.txt").read_text("utf-8")
    return frozenset(" ".join(map(toneless, line.split())) for line in text.splitlines() if line)


def _partner_weights(spellings: Sequence[str]) -> dict[str, float]:
    """How likely each spelling of a next syllable still garbled is, against its
    likeliest: a compound with a rare spelling is little evidence."""
    if len(spellings) < 2:
        return {}
    freqs: dict[str, float] = {}
    for word in spellings:
        key = toneless(word)
        freqs[key] = max(freqs.get(key, 0.0), word_frequency(word, "vi"))
    top = max(freqs.values())
    return {k: f / top for k, f in freqs.items()} if top else {}


def rank_syllables(
    words: Sequence[str], before: Sequence[str], after: Sequence[Sequence[str]]
) -> list[tuple[int, float]]:
    """(index, probability) of each candidate syllable, best first, by its wordfreq
    frequency, raised where it makes a compound with the one or two syllables
    `before` it, or with a spelling the syllable after it may have (`after` holds
    those of the next two). A neighbour that makes a compound on its other side is
    taken by it (`cần thiết để cập nhật`: thiết đồ and đề cập are words, but cần
    thiết binds thiết and cập nhật binds cập).

    Syllables wordfreq does not know get nothing; an empty result means none is known.
    """
    compounds = _compounds()
    prev = [toneless(w) for w in before[-2:]]
    first = [toneless(w) for w in after[0]] if after else []
    nxt = first
    taken: set[str] = set()
    if len(after) > 1:
        taken = {toneless(w) for w in after[1]}
        nxt = [n for n in nxt if not any(f"{n} {t}" in compounds for t in taken)]
    bound = len(prev) > 1 and f"{prev[0]} {prev[1]}" in compounds
    weight = _partner_weights(after[0]) if after else {}
    scores = []
    for word in words:
        key = toneless(word)
        # (compound, the next syllable in it, if any)
        grams = [(f"{key} {n}", n) for n in nxt]
        grams += [(f"{key} {n} {t}", n) for n in first for t in taken]
        if prev and not bound:
            grams.append((f"{prev[-1]} {key}", ""))
            grams += [(f"{prev[-1]} {key} {n}", n) for n in nxt]
        if len(prev) > 1:
            grams.append((f"{prev[-2]} {prev[-1]} {key}", ""))
        # The longer the compound a candidate completes, the surer it is (`thư điện
        # tử`, e-mail, over `điện từ`, electromagnetic); a compound with a rare
        # spelling of a garbled next syllable says little (`th? t?`: thứ tự, not thị tứ).
        found = [_COMPOUND ** g.count(" ") * weight.get(n, 1.0) for g, n in grams if g in compounds]
        factor = max([1.0, *found])
        scores.append(word_frequency(word, "vi") * factor)
    total = sum(scores)
    if not total:
        return []
    return sorted(((i, s / total) for i, s in enumerate(scores) if s), key=lambda kv: -kv[1])
