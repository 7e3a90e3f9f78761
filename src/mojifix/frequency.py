"""Character frequencies for CJK text, from wordfreq's word lists, to rank lost characters.

When a lossy decoder dropped a byte of a Chinese, Japanese or Korean character, UTF-8's
structure leaves 16 to 64 candidates (`E4 B8 ??` is one of 一…丿). wordfreq's word
frequencies, summed over the characters and the character pairs of each word, say
which candidate is common and which one fits next to its neighbours. The same
frequencies choose between two codecs' readings of the same bytes (`log_likelihood`).

>>> rank("中", "文", "zh", [chr(0x4E00 + i) for i in range(0x40)])[0][0]
'中'
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from . import chardata as cd
from .cache import cached

# Words rarer than this are left out: they add memory, not evidence.
_MIN_FREQUENCY = 3e-7
# How much a pair seen inside words counts against the characters' own frequency.
_PAIR_WEIGHT = 0.7


Model = tuple[dict[str, float], dict[str, float], dict[str, float]]

# wordfreq's language for each language CJK text is costed in (`chardata.LANGS`);
# "zh-Hant" is wordfreq's "zh" with Traditional characters looked up as Simplified.
WORDFREQ_LANGUAGE = {"zh-Hans": "zh", "zh-Hant": "zh-Hant", "ja": "ja", "ko": "ko"}


@cache
def _model(lang: str) -> Model:
    """(character, pair, triple frequency) for a wordfreq language code."""
    lang = "zh" if lang == "zh-Hant" else lang
    return cached(f"cjk-{lang}", lambda: _build_model(lang))


def _build_model(lang: str) -> Model:
    chars: defaultdict[str, float] = defaultdict(float)
    pairs: defaultdict[str, float] = defaultdict(float)
    triples: defaultdict[str, float] = defaultdict(float)
    for word, freq in _word_list(lang, _MIN_FREQUENCY).items():
        for i, ch in enumerate(word):
            chars[ch] += freq
            if i:
                pairs[word[i - 1 : i + 1]] += freq
            if i > 1:
                triples[word[i - 2 : i + 1]] += freq
    return dict(chars), dict(pairs), dict(triples)


def _word_list(lang: str, floor: float) -> dict[str, float]:
    """wordfreq's words of a language at or above `floor`, without keeping its full list in memory."""
    import wordfreq

    words = {w: f for w, f in wordfreq.get_frequency_dict(lang).items() if f >= floor}
    for name in ("get_frequency_list", "get_frequency_dict"):
        clear = getattr(getattr(wordfreq, name, None), "cache_clear", None)
        if clear:
            clear()
    return words


def language_of(context: str) -> str:
    """The wordfreq language whose model fits the context: Japanese if it has kana,
    Korean if Hangul, else Chinese, "zh-Hant" where more of its characters are
    Traditional forms than Simplified ones."""
    if any(cd.is_kana(ch) for ch in context):
        return "ja"
    if any("\uac00" <= ch <= "\ud7a3" for ch in context):
        return "ko"
    table = _simplified()
    traditional = sum(ord(ch) in table for ch in context)
    simplified = sum(ch in _simplified_forms() for ch in context)
    return "zh-Hant" if traditional > simplified else "zh"


def language_of_candidates(candidates: Iterable[str]) -> str:
    """The CJK language in which the commonest of `candidates` is commonest: with no
    text around a hole, the letter that fits tells (`안` in Korean over `效` in Chinese).

    >>> language_of_candidates("效안핈"), language_of_candidates("我숑툑")
    ('ko', 'zh')
    """
    options = "".join(candidates)
    looked_up = {"zh": options.translate(_simplified()), "ja": options, "ko": options}
    best = {}
    for lang, chars in looked_up.items():
        best[lang] = max((_model(lang)[0].get(ch, 0.0) for ch in chars), default=0.0)
    return max(best, key=lambda lang: best[lang])


@cache
def _simplified_forms() -> frozenset[str]:
    """The Simplified characters that stand for a different Traditional one (个, 数)."""
    table = _simplified()
    return frozenset(v for v in table.values() if len(v) == 1 and ord(v) not in table)


@cache
def _simplified() -> dict[int, str]:
    """wordfreq's own map from Traditional to Simplified characters, for lookups in its list."""
    import gzip

    import msgpack
    from wordfreq.util import data_path

    with gzip.open(data_path("_chinese_mapping.msgpack.gz")) as fh:
        table: dict[int, str] = msgpack.load(fh, raw=False, strict_map_key=False)
    return table


# The probability given to a character the word lists never use.
_UNSEEN = 1e-7


def log_likelihood(text: str, lang: str) -> float:
    """log2 of the probability of the CJK letters of `text`, each given the one before it.

    `lang` is a wordfreq language ("zh", "ja", "ko"); Traditional characters are
    looked up as their Simplified forms, as wordfreq itself does.

    >>> log_likelihood("未啟用", "zh") > log_likelihood("ゼ衛ノ", "ja")
    True
    """
    chars, pairs, _ = _model(lang)
    if lang in ("zh", "zh-Hant"):
        text = text.translate(_simplified())
    total = 0.0
    prev = ""
    for ch in text:
        if not cd.is_cjk_letter(ch):
            prev = ""
            continue
        alone = max(chars.get(ch, 0.0), _UNSEEN)
        after = pairs.get(prev + ch, 0.0) / chars[prev] if prev in chars else alone
        total += math.log2(_PAIR_WEIGHT * after + (1 - _PAIR_WEIGHT) * alone)
        prev = ch
    return total


# Candidates scored in full: the most common by themselves, and any that pairs with a
# neighbour inside some word; the rest cannot win.
_TOP = 48


@cache
def _known(lang: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    """The candidates the word lists use, most common first."""
    chars = _model(lang)[0]
    return tuple(sorted((c for c in candidates if c in chars), key=lambda c: -chars[c]))


def rank(prev: str, nxt: str, lang: str, candidates: Sequence[str]) -> list[tuple[str, float]]:
    """Candidates with their probability of standing between `prev` and `nxt`, best first.

    `prev` and `nxt` are up to two characters on each side: a candidate is scored by
    how often it follows the one before (and the two before) and precedes the one
    after (and the two after) inside wordfreq's words, so `テ` wins before `キス`
    though `ッ` is the commoner character. Candidates the word lists never use share
    what little probability is left. Before what no word holds (a space, punctuation,
    ASCII), the candidate ends a word, and is weighed by how often it does.

    >>> hiragana = [chr(c) for c in range(0x3041, 0x3097)]
    >>> rank("だ", "", "ja", hiragana)[0][0], rank("だ", ".", "ja", hiragana)[0][0]
    ('っ', 'け')
    """
    if lang == "zh-Hant":
        # wordfreq lists Chinese in Simplified characters: Traditional ones (個, 數) are
        # looked up as theirs (个, 数), as wordfreq itself does.
        table = _simplified()
        simple = {c: c.translate(table) for c in candidates}
        forms = Counter(simple.values())
        share = dict(rank(prev.translate(table), nxt.translate(table), "zh", list(forms)))
        # Candidates that share one Simplified form share its probability.
        ranked = ((c, share[simple[c]] / forms[simple[c]]) for c in candidates if simple[c] in share)
        return sorted(ranked, key=lambda cw: -cw[1])
    chars, pairs, triples = _model(lang)
    known = _known(lang, tuple(candidates))
    if not known:
        return [(c, 1.0 / len(candidates)) for c in candidates]
    p2, p1 = prev[-2:-1], prev[-1:]
    n1, n2 = nxt[:1], nxt[1:2]
    # Before a space, punctuation, ASCII or the line's end, the candidate ends a word:
    # 을 and 를 end Korean words, ます Japanese ones, whatever the letters before them.
    ending = bool(n1) and (n1.isascii() or not n1.isalpha())
    ends, pair_ends = _ends(lang) if ending else ({}, {})
    scored = set(known[:_TOP])
    scored.update(c for c in known[_TOP:] if p1 + c in pairs or c + n1 in pairs)
    # What the characters after the candidate contribute without it, to be replaced.
    n2_alone = _conditional(chars, pairs, n1, n2) if n1 in chars and n2 in chars else 0.0
    scores = []
    for c in scored:
        u = chars[c]
        s = math.log(u)
        if p1 in chars:
            left = _with_triple(triples, pairs, p2 + p1, c, _conditional(chars, pairs, p1, c))
            s += math.log(left) - math.log(u)
        if n1 in chars:
            s += math.log(_with_triple(triples, pairs, p1 + c, n1, _conditional(chars, pairs, c, n1)))
            if n2_alone:
                s += math.log(_with_triple(triples, pairs, c + n1, n2, n2_alone)) - math.log(n2_alone)
        if ending:
            pair = p1 + c
            final = pair_ends.get(pair, 0.0) / pairs[pair] if pair in pairs else ends.get(c, 0.0) / u
            s += math.log(max(final, _END_FLOOR))
        scores.append((c, s))
    top = max(s for _, s in scores)
    weights = [(c, math.exp(s - top)) for c, s in scores]
    # The unknown candidates together weigh as much as one at the floor of the known.
    total = sum(w for _, w in weights) + min(w for _, w in weights) * (len(candidates) > len(known))
    return sorted(((c, w / total) for c, w in weights), key=lambda cw: -cw[1])


# The least share of a character's (or pair's) use that ends a word, so that a
# character the lists never end a word with is unlikely there, not impossible.
_END_FLOOR = 0.02


@cache
def _ends(lang: str) -> tuple[dict[str, float], dict[str, float]]:
    """How often words end in each character and each pair of characters (their summed
    frequencies), for a wordfreq language code."""
    lang = "zh" if lang == "zh-Hant" else lang
    return cached(f"cjk-ends-{lang}", lambda: _build_ends(lang))


def _build_ends(lang: str) -> tuple[dict[str, float], dict[str, float]]:
    ends: defaultdict[str, float] = defaultdict(float)
    pair_ends: defaultdict[str, float] = defaultdict(float)
    for word, freq in _word_list(lang, _MIN_FREQUENCY).items():
        ends[word[-1:]] += freq
        if len(word) > 1:
            pair_ends[word[-2:]] += freq
    return dict(ends), dict(pair_ends)


# How much a triple seen inside words counts against the pair estimate.
_TRIPLE_WEIGHT = 0.5


def _with_triple(
    triples: dict[str, float], pairs: dict[str, float], pair: str, nxt: str, estimate: float
) -> float:
    """The chance of `nxt` after `pair`: the triple inside words, smoothed by `estimate`
    (the chance after `pair`'s last character alone), or `estimate` if no word has `pair`."""
    if len(pair) < 2 or pair not in pairs:
        return estimate
    return _TRIPLE_WEIGHT * triples.get(pair + nxt, 0.0) / pairs[pair] + (1 - _TRIPLE_WEIGHT) * estimate


def _conditional(chars: dict[str, float], pairs: dict[str, float], a: str, b: str) -> float:
    """The chance of `b` after `a`: their pair inside words, smoothed by `b`'s own frequency."""
    return _PAIR_WEIGHT * pairs.get(a + b, 0.0) / chars[a] + (1 - _PAIR_WEIGHT) * chars[b]


# Letters that point to a Latin-script language, for choosing which word lists to ask.
_CUES = {
    "vi": "ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ",
    "cs": "řěůťďčšž",
    "sk": "ľĺŕôäťčšž",
    "pl": "ąęłśźżń",
    "hu": "őű",
    "ro": "șțăâî",
    "tr": "ğşı",
    "de": "ßäöü",
    "es": "ñ¿¡",
    "pt": "ãõç",
    "fr": "éèêàçœëî",
    "it": "àèìòù",
    "sv": "åäö",
    "nl": "ĳëï",
    "fi": "äö",
}


def languages_of_letters(letters: Iterable[str]) -> list[str]:
    """The Latin-script languages some of `letters` point to (ő: Hungarian)."""
    found = {ch.lower() for ch in letters}
    return [lang for lang, cues in _CUES.items() if found & set(cues)]


# The letters of listed languages whose words the lost-letter rules do not ask about,
# for `listed`: Baltic and South Slavic words spelled in cp1252 or cp1250 letters.
_OTHER_ALPHABETS = {
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
    "sl": "čšž",
    "sh": "čćđšž",
}


def listed(word: str) -> bool:
    """Whether a language that `word`'s non-ASCII letters belong to lists it as it
    stands (Lithuanian `ŠEŠI`, six).

    >>> listed("ŠEŠI"), listed("Šuša")
    (True, False)
    """
    found = {ch.lower() for ch in word if not ch.isascii()}
    langs = languages_of_letters(found) + [lang for lang, abc in _OTHER_ALPHABETS.items() if found & set(abc)]
    return any(word_frequency(word, lang) > 0 for lang in langs)


def every_latin_language() -> list[str]:
    """Every Latin-script language the word lists are asked about, English first."""
    return ["en", *_CUES]


def latin_languages(context: str, by_words: bool = False) -> list[str]:
    """Up to three wordfreq languages for the context (English if nothing points elsewhere).

    The letters shortlist languages; the share of the context's words each one's word
    list knows orders them. With `by_words`, the language whose words fit best
    (`words_language`) is asked too: Finnish `tilaan TYHJ?` has no telling letter
    left, and Hungarian's (ő, ű) may be the ones lost. Without it, a word stands in a
    language its letters point to (the repair of one letter relies on that).
    """
    lower = context.lower()
    counts = {lang: sum(lower.count(ch) for ch in cues) for lang, cues in _CUES.items()}
    shortlist = [lang for lang, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n][:5]
    if by_words:
        best = words_language(context)
        shortlist = list(dict.fromkeys((*shortlist, best) if shortlist else (best, "en")))
    if not shortlist:
        return ["en"]
    words = _WORDS.findall(lower)[:60]
    if not words:
        return shortlist[:3]
    known = {lang: sum(w in _words(lang) for w in words) for lang in shortlist}
    return sorted(shortlist, key=lambda lang: -known[lang])[:3]


_WORDS = re.compile(r"[^\W\d_]{2,}")


# The Latin-script languages wordfreq has lists for.
_LISTED_LATIN = (
    "en", "ca", "cs", "da", "de", "es", "fi", "fr", "hu", "id", "is", "it", "lt", "lv",
    "ms", "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi",
)  # fmt: skip


def words_language(context: str) -> str:
    """The Latin-script language whose word list knows most of the context's words
    (English unless another knows more): for habits no letter shows, such as quotes.

    >>> words_language("Port w adresie URI jest poza zakresem")
    'pl'
    >>> words_language("virheellinen tai tukematon koodaus kohteessa")
    'fi'
    """
    return words_languages(context)[0]


def words_languages(context: str) -> list[str]:
    """The Latin-script languages with word lists, those that know most of the
    context's words first (see `words_language`)."""
    words = _WORDS.findall(context.lower())[:60]
    if not words:
        return ["en", *(lang for lang in _LISTED_LATIN if lang != "en")]
    # Each known word counts by how common it is (1 at the lists' floor, 4 for `the`):
    # `jest` is in the Polish and the Serbo-Croatian lists, but common only in Polish.
    fit = {}
    for lang in _LISTED_LATIN:
        table = _words(lang)
        fit[lang] = sum(math.log10(table[w] / _MIN_WORD) + 1 for w in words if w in table)
    return sorted(_LISTED_LATIN, key=lambda lang: (-fit[lang], lang != "en"))


# Words rarer than this are left out of the Latin-script lists: a lost letter is
# rebuilt only in a word common enough to be sure of.
_MIN_WORD = 1e-6


# A word to rebuild may be rarer: inflected languages spell most forms of a word
# more rarely than that (Polish `wyświetlić`, to display, is at 6.9e-7; `powielić`, to
# duplicate, at 1.1e-7). These are looked up only to rebuild a lost letter, in the
# languages a hole asks for: a page or a lone letter is judged on the common words.
_RARE_WORD = 1e-7


@cache
def _words(lang: str) -> dict[str, float]:
    return cached(f"words-{lang}", lambda: _word_list(lang, _MIN_WORD))


@cache
def _all_words(lang: str) -> dict[str, float]:
    return cached(f"all-words-{lang}", lambda: _word_list(lang, _RARE_WORD))


def _normalized(word: str, lang: str) -> str:
    from langcodes import Language
    from wordfreq.preprocess import preprocess_text

    return preprocess_text(word, Language.get(lang))


@cache
def _letter_pairs(lang: str) -> dict[str, float]:
    """How often each pair of adjacent letters stands in the language's words, weighted by
    the words' frequencies (`^` and `$` mark a word's edges)."""
    return cached(f"letter-pairs-{lang}", lambda: _count_pairs(_words(lang)))


def _count_pairs(words: dict[str, float]) -> dict[str, float]:
    counts: dict[str, float] = defaultdict(float)
    for word, freq in words.items():
        padded = f"^{word}$"
        for i in range(len(padded) - 1):
            counts[padded[i : i + 2]] += freq
    total = sum(counts.values()) or 1.0
    return {pair: n / total for pair, n in counts.items()}


def rank_spellings(
    words: Sequence[str], positions: Sequence[int], langs: Sequence[str]
) -> list[tuple[int, float]]:
    """(index, probability) of each spelling of one word by the letter pairs around the
    characters at `positions`, in the likeliest of `langs`, best first.

    For words the word lists are too short to hold (`фатальная`, `сериализации`): the
    letters around a hole still say which letter it was.
    """
    best: list[tuple[int, float]] = []
    best_mass = -math.inf
    for lang in langs:
        pairs = _letter_pairs(lang)
        logs = []
        for word in words:
            padded = "^" + word.casefold() + "$"
            total = 0.0
            for pos in {p + 1 for p in positions}:
                for pair in (padded[pos - 1 : pos + 1], padded[pos : pos + 2]):
                    total += math.log(pairs.get(pair, 0.0) + _UNSEEN_PAIR)
            logs.append(total)
        top = max(logs)
        weights = [math.exp(v - top) for v in logs]
        mass = top + math.log(sum(weights))
        if mass > best_mass:
            best_mass = mass
            norm = sum(weights)
            best = sorted(((i, w / norm) for i, w in enumerate(weights)), key=lambda iw: -iw[1])
    return best


# The chance given to a letter pair no word of the language has.
_UNSEEN_PAIR = 1e-7


def in_a_word(prev: str, ch: str, nxt: str, lang: str) -> bool:
    """Whether `ch` forms a pair inside some word with the character before or after it."""
    if lang == "zh-Hant":
        prev, ch, nxt = (c.translate(_simplified()) for c in (prev, ch, nxt))
    pairs = _model(lang)[1]
    return (bool(prev) and prev + ch in pairs) or (bool(nxt) and ch + nxt in pairs)


def intact(word: str, lang: str) -> bool:
    """Whether the word lists would look `word` up as it is, not stripped of marks."""
    return _normalized(word, lang) == word.casefold()


def word_frequency(word: str, lang: str, rare: bool = False) -> float:
    """`word`'s frequency in the language's list, 0 if it is too rare to be listed;
    `rare`: in the longer list a lost letter is rebuilt from (`_RARE_WORD`)."""
    # The lists hold words as wordfreq normalises them (casefolded, Romanian ş as ș).
    return (_all_words if rare else _words)(lang).get(_normalized(word, lang), 0.0)


def rank_words(words: Sequence[str], langs: Sequence[str], rare: bool = False) -> list[tuple[int, float]]:
    """(index, probability) of each candidate word by its frequency in the languages, best first.

    Words no list knows get nothing; an empty result means none is known.
    """
    freqs = [max((word_frequency(w, lang, rare) for lang in langs), default=0.0) for w in words]
    total = sum(freqs)
    if not total:
        return []
    return sorted(((i, f / total) for i, f in enumerate(freqs) if f), key=lambda kv: -kv[1])


def byte_shape(word: str) -> str:
    """`word` in lower case, each non-ASCII character written as one NUL per UTF-8 byte:
    what is left of it where a decoder lost every byte of those characters.

    >>> byte_shape("Café") == "caf" + "\\0" * 2
    True
    """
    return "".join(ch if ch < "\x80" else "\0" * len(ch.encode()) for ch in word.lower())


def char_shape(word: str) -> str:
    """`word` in lower case, each non-ASCII character written as one SOH: what is left of
    it where an encoder wrote `?` for each character its code page lacks (`caf?`).

    >>> char_shape("Café") == "caf\x01"
    True
    """
    return "".join(ch if ch < "\x80" else "\x01" for ch in word.lower())


@cache
def _shapes(lang: str, per_char: bool = False) -> dict[str, tuple[tuple[str, float], ...]]:
    """The language's words with a non-ASCII letter (from the longer list), by
    `byte_shape`, or with `per_char` by `char_shape`."""
    shape = char_shape if per_char else byte_shape
    index: defaultdict[str, list[tuple[str, float]]] = defaultdict(list)
    for word, freq in _all_words(lang).items():
        if not word.isascii():
            index[shape(word)].append((word, freq))
        if lang == "de" and "ss" in word:
            # wordfreq writes German ß as ss (`größe` is listed as `grösse`): a word
            # whose ß was lost has the shape of the ß spelling.
            index[shape(word.replace("ss", "ß"))].append((word.replace("ss", "ß"), freq))
    return {key: tuple(words) for key, words in index.items()}


def words_of_shape(shape: str, langs: Sequence[str], per_char: bool = False) -> list[tuple[str, float]]:
    """(word, frequency) of the words of `langs` with this `byte_shape` (or with
    `per_char`, `char_shape`), commonest first; a word in several languages counts at
    its highest frequency.

    >>> words_of_shape("na" + "\\0" * 2 + "ve", ["en"])[0][0]
    'naïve'
    """
    found: dict[str, float] = {}
    for lang in langs:
        for word, freq in _shapes(lang, per_char).get(shape, ()):
            found[word] = max(found.get(word, 0.0), freq)
    return sorted(found.items(), key=lambda wf: -wf[1])


def languages_by_shapes(whole: str, shapes: Sequence[str], per_char: bool = False) -> list[str]:
    """Four languages for words that lost letters, likeliest first: the four whose
    lists know most of the `whole` words (`words_languages`), ordered by how many of
    the `shapes` of the damaged ones (`byte_shape`, or `char_shape` with `per_char`)
    their lists hold (`Po��et bit��`: Czech's počet, bitů)."""
    shortlist = words_languages(whole)[:4]
    hits = {
        lang: sum(bool(_shapes(lang, per_char).get(shape)) for shape in shapes[:60]) for lang in shortlist
    }
    return sorted(shortlist, key=lambda lang: -hits[lang])
