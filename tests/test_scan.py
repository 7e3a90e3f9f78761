"""The scan: clean text is passed over, every repair the engine would make is inside a block."""

from __future__ import annotations

import contextlib
import importlib
import itertools
import string
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import garble
import mojifix
from mojifix import prescan, scan

engine = importlib.import_module("mojifix.repair")
CHAINS = list(garble.CHAINS)
PARAGRAPHS = [text for _, text in garble.load()]


def test_clean_corpus_has_few_blocks() -> None:
    flagged = sum(1 for text in PARAGRAPHS if scan.blocks(text))
    # Clean text must mostly skip the engine; the few blocks are structural lookalikes
    # (Ukrainian `дії` is valid UTF-8 read as cp1251) that the engine then refuses.
    assert flagged < 0.05 * len(PARAGRAPHS)


def test_clean_latin_text_seldom_reaches_the_engine() -> None:
    # Portuguese `ação`, Dutch `één`, Finnish `ää`, French `É\xa0:` and `l’é`, Ukrainian
    # `дії` look like mojibake to one trace or another; each language stays under 5 %.
    by_lang: dict[str, list[str]] = {}
    for lang, text in garble.load():
        by_lang.setdefault(lang, []).append(text)
    for lang, texts in by_lang.items():
        flagged = sum(1 for text in texts if scan.blocks(text))
        assert flagged < 0.05 * len(texts), lang


def test_blocks_are_paragraphs_lines_or_windows() -> None:
    text = "clean first paragraph\n\nChina鈥檚 second\nline two\n\nclean third"
    [(start, end)] = scan.blocks(text)
    assert text[start:end] == "China鈥檚 second\nline two"
    long_line = "word " * 2000 + "China鈥檚" + " word" * 2000
    [(start, end)] = scan.blocks(long_line)
    assert end - start <= scan.BLOCK + 20
    assert "China鈥檚" in long_line[start:end]
    assert long_line[start - 1] == " " and long_line[end] == " "


def test_a_long_line_without_spaces_is_cut_into_windows() -> None:
    line = "鈥a" * 20_000
    found = scan.blocks(line)
    assert len(found) > 1
    assert all(end - start <= 2 * scan.BLOCK for start, end in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))
    assert found[0][0] == 0 and found[-1][1] == len(line)


def test_ascii_and_empty() -> None:
    assert scan.blocks("") == []
    assert scan.blocks("plain ASCII") == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PARAGRAPHS), st.sampled_from(CHAINS))
def test_scan_finds_every_span_the_engine_repairs(text: str, chain: str) -> None:
    bad = garble.garble(text, garble.CHAINS[chain])
    if bad is None:
        return
    whole, _ = engine._explain_block(bad)  # the engine on the whole text, no scan
    assert mojifix.repair(bad) == whole


def _mixed_texts() -> list[str]:
    garbled = [bad for chain in CHAINS for _, _, bad in itertools.islice(garble.cases(chain), 0, 400, 4)]
    singles = PARAGRAPHS + [p.upper() for p in PARAGRAPHS] + garbled
    # Documents of several paragraphs, some with a garbled one among them.
    joined = [
        sep.join(PARAGRAPHS[i : i + 7] + garbled[i % len(garbled) : i % len(garbled) + (i % 2)])
        for i, sep in zip(range(0, len(PARAGRAPHS), 7), itertools.cycle(["\n\n", "\n", " "]))
    ]
    return [t for t in singles + joined if not t.isascii()]


def test_the_regex_runs_only_on_suspect_lines_and_finds_the_same_blocks(monkeypatch) -> None:
    texts = _mixed_texts()
    assert [t for t in texts if scan._prescanned_blocks(t) != scan._scan_blocks(t)] == []
    monkeypatch.setattr(scan, "_PIECE", 300)  # long texts are read piece by piece
    assert [t for t in texts if len(t) > 300 and scan._prescanned_blocks(t) != scan._scan_blocks(t)] == []
    # The pre-scan spares most real text the regex altogether.
    assert sum(scan._suspect_lines(t)[0] == [] for t in PARAGRAPHS) > 0.8 * len(PARAGRAPHS)


_TYPO_AND_TRAILS = st.text(alphabet=st.sampled_from(list("‘’“”–—…«»\xa0éàüçñ Iis.ƒeX@~Ãâ€™\n")), max_size=40)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.tuples(_TYPO_AND_TRAILS, st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30)))
)
def test_suspect_lines_agree_with_the_regex_on_punctuation(pieces: list[tuple[str, str]]) -> None:
    # Quotes, dashes and Latin-1 letters side by side, between ASCII and across lines,
    # where the pre-scan and the regex are most likely to differ.
    text = "".join(noise + ascii_ for noise, ascii_ in pieces)
    assert scan._prescanned_blocks(text) == scan._scan_blocks(text)


def test_english_with_nested_quotes_needs_no_regex() -> None:
    line = "He said that “she had told him ‘no’.” — and then he left the room quietly… «Fine»\xa0!\n"
    text = line * 200
    assert scan._suspect_lines(text)[0] == []
    assert scan.blocks(text) == [] == scan._scan_blocks(text)
    garbled = text + "China鈥檚 plan\n" + text
    assert scan.blocks(garbled) == scan._scan_blocks(garbled) != []
    # Without the nested quotes, the one garbled line is all the regex reads.
    plain = "He said that “she had told him no” — and then he left… «Fine» !\n" * 200
    garbled = plain + "China鈥檚 plan\n" + plain
    assert scan._suspect_lines(garbled)[0] == [(len(plain), len(plain) + len("China鈥檚 plan\n"))]


def _every_line() -> contextlib.ExitStack:
    """The pre-scan's lines go to the regex however many there are (short texts)."""
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(scan, "_PER_LINE", 0))
    stack.enter_context(mock.patch.object(scan, "_SUSPECT", 1.0))
    return stack


def _alphabet() -> list[str]:
    """Characters of every class the scan's traces are made of."""
    chars = set(string.ascii_letters[::5] + " .,:@[~\n\t1") | scan.big5_marks()
    chars |= set("éàüçñÄÖÅÉÈÂÃ¡¿«»\xa0©®°±µ·×÷ßþðæø³¹¯")  # Latin-1
    chars |= set("‘’“”–—…•€™ƒŠšŽžŒœŸ")  # cp1252's own
    chars |= set("ÐÑРСдіїєГЁЃВαβΆΈΌ")  # Cyrillic and Greek through cp1251 and cp1253
    chars |= set("鈥檚涓枃茅矇弄中文的是锟斤拷占쏙옙\ufffd\x81\x9d")  # CJK whole pairs, common, rare, markers
    chars |= set("ｱﾝ\ue000테스트가떄")  # Hangul, common and rare
    return sorted(chars)


# ASCII of every class the pre-scan tells apart: letters, trail bytes, space, line break.
_ASCII = "abcdeXYZ .,:;!?()[]{}@_~-'\"\n019"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_alphabet()), max_size=60))
def test_the_prescan_finds_every_hit_of_the_regex(text: str) -> None:
    _prescan_covers_the_regex(text)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from(_ASCII), min_size=3, max_size=8), st.sampled_from(_alphabet())
        ),
        max_size=12,
    )
)
def test_the_prescan_finds_every_hit_of_the_regex_among_ascii(pieces: list[tuple[str, str]]) -> None:
    # Mostly ASCII, as Latin-script text is: the pre-scan looks at the few non-ASCII
    # characters only, and drops those with ASCII before them early (`_among_ascii`).
    _prescan_covers_the_regex("".join(a + b for a, b in pieces))


def test_code_points_are_16_bit_unless_a_character_is_astral() -> None:
    assert prescan.code_points("aé’\ud800").tolist() == [0x61, 0xE9, 0x2019, 0xD800]
    assert prescan.code_points("aé").dtype == np.uint16
    assert prescan.code_points("a\U0001f600\ud800").tolist() == [0x61, 0x1F600, 0xD800]


def _prescan_covers_the_regex(text: str) -> None:
    # Its candidates are a superset of the regex's stops, but for the Latin digraphs
    # (`ää`, `ção`) that the scan passes over, and a stop at an ASCII letter is
    # represented by the CJK character beside it.
    found = prescan.candidates(prescan.code_points(text), scan._prescan_tables())
    latin, at_letters = scan._modes(text)
    kinds = (found.strong, found.spaced, found.syllables, found.rare, found.spelling)
    candidates = set(np.concatenate(kinds).tolist())
    candidates |= set(found.latin.tolist()) if latin else set()
    for m in scan.pattern(latin, at_letters).finditer(text):
        i = m.start()
        if m.lastgroup == "pair" and scan._latin_digraph(text, i):
            continue
        assert i in candidates or (text[i].isascii() and {i - 1, i + 1} & candidates), (text, i)
    with _every_line():
        assert scan._prescanned_blocks(text) == scan._scan_blocks(text)


def test_weak_traces_too_few_for_a_block_send_no_line_to_the_regex() -> None:
    # Big5 hanzi whose lead byte is a Latin-1 letter and whose trail is ASCII (`àa` is
    # 趏): four such traces in a paragraph make a block, three do not.
    big5 = [bytes([0xE0, trail]).decode("latin-1") for trail in range(0x61, 0x67)]
    assert all(len(bytes([0xE0, ord(g[1])]).decode("big5")) == 1 for g in big5)
    filler = ("plain words here. " * 10 + "\n\n") * 20
    four, three = "".join(big5) + " ", "".join(big5[:5]) + " "
    text = filler + "Title " + four + "end\n\n" + filler + "Other " + three + "end\n\n" + filler
    lines, _ = scan._suspect_lines(text)
    start = text.index("Title")
    assert lines == [(start, text.index("\n", start) + 1)]
    assert scan._prescanned_blocks(text) == scan._scan_blocks(text) == [(start, text.index("\n", start))]


_SPELLING = st.text(alphabet=st.sampled_from(list("aKz éüçÄáíšÉÔ’”–©°_@~:\xa0\\\n")), max_size=12)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_SPELLING, min_size=1, max_size=12))
@example(["žád ©_ ©_ ©_ ©_ ©_ ©_ ©_"])  # a Latin spelling among symbols the scan takes as pairs
@example(["Küçük", "çöz ší", "d’émulation"])
@example(["ÉTÉ\xa0: É\xa0: É\xa0: É\xa0:"])  # four weak traces of a rare lead make a block
def test_the_prescan_passes_over_quiet_paragraphs_as_the_regex_does(paragraphs: list[str]) -> None:
    # Paragraphs of Latin-1 letters beside ASCII ones, quotes and symbols: those the
    # pre-scan passes over as Latin spelling (`prescan.quiet`) hold no block.
    text = "\n\n".join(paragraphs)
    with _every_line():
        assert scan._prescanned_blocks(text) == scan._scan_blocks(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_alphabet(), "\ud800", "𠀀", "é"]), max_size=40))
def test_the_prescan_counts_give_the_scan_modes_the_encoders_give(text: str) -> None:
    counts = prescan.candidates(prescan.code_points(text), scan._prescan_tables()).counts
    assert scan._modes(text, counts) == scan._modes(text)


def test_czech_letters_around_an_ascii_one_are_no_shift_jis_trace() -> None:
    # `žiš` inside a Latin word (`úložiště`) has the shape of Shift_JIS kana read as
    # cp1252 (`ƒeƒX`); it is weak there, while real kana still make a block.
    assert scan.blocks("-D, --pgdata=ADRESÁŘ   umístění úložiště databáze") == []
    assert scan.blocks("ƒeƒXƒg ƒf[ƒ^") != []


def test_cyrillic_letter_pairs_in_a_cyrillic_paragraph_make_no_block() -> None:
    # Ukrainian `дії` and `ДІЯ` are cp1251 lead-and-continuation pairs; among many more
    # Cyrillic letters they are the language, while real mojibake is traces throughout.
    assert scan.blocks("%F%P: дії PE для файла, який не є PE-файлом") == []
    assert scan.blocks("Il file ГЁ stato salvato") != []
    assert mojifix.repair("РџСЂРёРІРµС‚, РјРёСЂ") == "Привет, мир"


_NATIVE = st.text(alphabet=st.sampled_from(list("дійїєДІЯМЗРОаБ’«»… .,-é©a\n")), max_size=50)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_NATIVE, min_size=1, max_size=8))
@example(["ОЗМІР дії їх Їжак і є ДІЄЮ Ії"])
@example(["дії" + "аааааааа" * 3 + " ääy дії"])  # a Latin digraph is a hit the block test sees
def test_the_prescan_passes_over_cyrillic_paragraphs_as_the_regex_does(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    with _every_line():
        assert scan._prescanned_blocks(text) == scan._scan_blocks(text)


def test_a_long_ukrainian_text_sends_no_line_to_the_regex() -> None:
    ukrainian = [p for lang, p in garble.load() if lang == "uk"]
    text = "\n\n".join(ukrainian)
    assert sum(scan._scan_blocks(p) != [] for p in ukrainian) == 0
    assert scan._suspect_lines(text)[0] == []
    garbled = text + "\n\nРџСЂРёРІРµС‚, РјРёСЂ\n\n" + text
    assert scan.blocks(garbled) == scan._scan_blocks(garbled) != []


def test_a_rare_syllable_among_common_ones_is_korean_spelling() -> None:
    # `떄` (for 때) is outside KS X 1001; cp949 reads UTF-8's continuation bytes as such
    # syllables, but among hanja and U+FFFD, not between Korean words.
    assert scan.blocks("그것을 할 떄 증명서가 필요합니다.") == []
    assert scan.blocks("안녕하세요떄문에 좋아요") == []
    garbled = "안녕하세요".encode().decode("cp949", "replace")
    assert scan.blocks(garbled) != []
    assert scan.blocks("Der Stra횩enname") != []  # `ß` read as cp949, beside a Latin letter


def test_a_sign_inside_an_ascii_word_is_a_latin_page_read_as_cp1252() -> None:
    # cp1250's ż, ł and ą are `¿`, `³` and `¹` in cp1252; Latin-1 text puts no sign
    # between two letters of a word.
    assert scan.blocks("nie mo¿na zapisaæ pliku, poniewa¿ dysk jest pe³ny") != []
    assert scan.blocks("¿Qué? 3³ = 27, H²O, col·lecció, año") == []
