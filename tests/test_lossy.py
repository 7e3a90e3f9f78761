"""Lossy mojibake: each decoder's loss pattern, markers of earlier U+FFFD, the `lossy` knob."""

from __future__ import annotations

import pytest
from benchmarks.accuracy import edits
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import garble
import mojifix
from conftest import CORPUS
from mojifix import lossy, spans
from mojifix.sloppy import FAMILIES

SENTENCE = "The “Lifelong Learning” network. China’s plan – and more."
SEED = (CORPUS / "seed" / "unesco-tianjin-2023.expected.txt").read_text(encoding="utf-8")
CJK_PARAGRAPHS = [text for lang, text in garble.load() if lang in garble.CJK]
PARAGRAPHS = [text for _, text in garble.load()]


@pytest.mark.parametrize("text", [SENTENCE, SEED], ids=["sentence", "seed"])
@pytest.mark.parametrize("codec", ["gbk", "gb18030", "cp932"])
@pytest.mark.parametrize("pattern", garble.LOSS_PATTERNS)
def test_curly_punctuation_restored_under_every_loss_pattern(text: str, codec: str, pattern: str) -> None:
    # The seed article too: PowerShell 5.1 (.NET) takes the full stop after
    # `Groups”` with the quote's lost byte (`Groups鈥? The`).
    bad = garble.garble_lossy(text, codec, pattern)
    assert bad != text
    assert mojifix.repair(bad) == text


def _browser_shift_jis(text: str) -> str:
    """UTF-8 read by a browser's Shift_JIS decoder: cp932's pairs, but no A0 or FD-FF
    (cp932 reads them as U+F8F0-F8F3; a browser marks each as an error)."""
    bad = garble.garble_lossy(text, "cp932", "whatwg")
    return bad.translate(dict.fromkeys(range(0xF8F0, 0xF8F4), "\ufffd"))


def test_the_seed_comes_back_from_a_browsers_shift_jis() -> None:
    # The article's no-break spaces (C2 A0) become `ﾂ�`: browsers read A0 as nothing.
    bad = _browser_shift_jis(SEED)
    assert "ﾂ\ufffd" in bad
    assert mojifix.repair(bad) == SEED


@pytest.mark.parametrize(
    "text",
    ["Prix\xa0: 5\xa0€, voilà.", "the meeting,\xa0 were \xa0Mr. Smith", "Il mesure 5\xa0m et 3\xa0µm."],
)
def test_a_no_break_space_lost_after_its_lead_comes_back(text: str) -> None:
    for bad in (_browser_shift_jis(text), text.encode("utf-8").decode("shift_jis", "replace")):
        assert mojifix.repair(bad) == text


def test_a_hole_after_c2_is_a_no_break_space_where_its_place_shows_one() -> None:
    codecs = FAMILIES["shift_jis"].codecs

    def inferred(text: str) -> str | None:
        at = text.index("ﾂ")
        rec = lossy.complete_truncated(b"\xc2", text, at, at + 1, text[:at], codecs=codecs)
        return rec.inferred if rec is not None else None

    assert inferred("a ﾂ\ufffd b") == "\xa0"
    assert inferred("3ﾂ\ufffdm") == "\xa0"
    assert inferred("kleineﾂ\ufffdletters") == "\xa0"  # Shift_JIS kept ª µ º as ｪ ｵ ｺ
    assert inferred("vﾂ\ufffdarchivu") == "\xa0"
    # After a word, before a comma, a space is no likelier than a letter.
    assert inferred("ADRESﾂ\ufffd, v") != "\xa0"


@pytest.mark.parametrize(
    "original", ["-W, --word-regexp=SÄÄNNLAUS    käytä SÄÄNNLAUSetta", "MÄÄRÄ, käytä määrää"]
)
def test_a_letter_whose_lead_went_with_the_letter_before_comes_back(original: str) -> None:
    # Shift_JIS cannot pair Ä's 84 with the next Ä's lead C3: one mark for both, and
    # the second Ä's 84 is read on with `N` as Н (84 4E). The lead is the one of the
    # alphabet the text writes.
    bad = garble.garble_lossy(original, "cp932", "whatwg")
    assert "\ufffd" in bad
    assert mojifix.repair(bad) == original


def test_a_question_mark_before_cyrillic_is_no_lost_lead() -> None:
    assert mojifix.repair("Что?Нет, käytä") == "Что?Нет, käytä"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        # GBK reads `…` (E2 80 A6) cut before a letter as 鈥 and a lost A6: before a
        # letter it could not have lost `’` (99), which it would have read as a hanzi.
        ("Hello…world, and “quoted” text", "gbk"),
        # Shift_JIS never loses A1-BF (half-width katakana) and pairs most leads with
        # the next character's first byte: few of the 64 candidates are left.
        ("-I, --no-inherit          角色不继承权限", "cp932"),
        ("Bộ tải ảnh PNM ngờ tìm một số nguyên, nhưng không tìm thấy", "cp932"),
    ],
)
def test_only_bytes_the_decoder_could_not_pair_are_candidates(text: str, codec: str) -> None:
    bad = garble.garble_lossy(text, codec, "replace")
    assert bad != text
    assert mojifix.repair(bad) == text


def test_a_lost_middle_byte_is_rebuilt_from_the_bytes_on_both_sides() -> None:
    # の (E3 81 AE) after 語: Shift_JIS read 語's last byte with E3, could not pair 81
    # with AE, and read AE alone as the half-width ｮ.
    bad = garble.garble_lossy("日本語のテキスト", "cp932", "replace")
    assert "\ufffdｮ" in bad
    result = mojifix.explain(bad)
    assert result.text == "日本語のテキスト"
    lost = [x for change in result.changes for x in change.lost]
    # The bytes kept on both sides leave one character of the alphabet: no doubt.
    assert any(x.restored == "の" and x.known == b"\xe3\xae" and x.confidence > 0.9 for x in lost)


def test_a_c1_control_in_shift_jis_mojibake_is_a_byte_of_it() -> None:
    # Shift_JIS reads 言 (E8 A8 80) as 險 and U+0080, and 。's E3 80 after す as
    # `吶\x80`: neither \x80 is cp1252's €, and the run is open at its end.
    bad = garble.garble_lossy("言語は標準です。", "cp932", "replace")
    assert "\x80" in bad
    assert mojifix.repair(bad) == "言語は標準です。"  # a full stop ends the line


def test_a_lead_byte_lost_alone_takes_its_mark_with_it() -> None:
    # UTF-8 텍 (ED 85 8D) read as cp949: ED cannot pair with 85 (U+FFFD), and 85 8D read
    # as 뀓. The U+FFFD after a whole character stands for that lead byte alone.
    bad = "한국어 텍스트입니다.".encode().decode("cp949", "replace")
    assert bad.endswith("�뀓�뒪�듃�엯�땲�떎.")
    assert mojifix.repair(bad).endswith(" 텍스트입니다.")


def test_explanation_names_the_loss_pattern() -> None:
    result = mojifix.explain(garble.garble_lossy(SENTENCE, "gbk", "dotnet"))
    patterns = {lost.pattern for change in result.changes for lost in change.lost}
    assert patterns == {"swallowed"}
    assert result.text == SENTENCE


def test_question_mark_after_a_complete_quote_stays() -> None:
    text = "He asked “why?” and left."
    bad = garble.garble_lossy(text, "gbk", "replace")
    assert mojifix.repair(bad) == text


@pytest.mark.parametrize(
    ("marker", "codec"),
    [("锟斤拷", "gbk"), ("嚙踝蕭", "big5"), ("占쏙옙", "cp949"), ("閿熸枻鎷", "gbk")],
)
def test_unrecoverable_markers_become_replacement_characters(marker: str, codec: str) -> None:
    text = f"名称：{marker}，完成"
    result = mojifix.explain(text)
    assert result.text == "名称：\ufffd\ufffd，完成"
    [change] = result.changes
    assert change.chain[-1] == codec
    assert change.lost[0].pattern == "unrecoverable"
    kept = mojifix.repair(text, lossy="keep")
    assert "\ufffd" not in kept
    if marker != "閿熸枻鎷":  # the layered marker still loses its outer, lossless layer
        assert kept == text


def test_lossy_modes() -> None:
    bad = "Learning Groups鈥. The"
    assert mojifix.repair(bad) == "Learning Groups”. The"
    assert mojifix.repair(bad, lossy="mark") == "Learning Groups\ufffd. The"
    assert mojifix.repair(bad, lossy="keep") == bad
    with pytest.raises(ValueError, match="lossy must be one of"):
        mojifix.repair(bad, lossy="guess")


def test_lossless_spans_still_repaired_with_keep() -> None:
    assert mojifix.repair("China鈥檚 plan", lossy="keep") == "China’s plan"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PARAGRAPHS),
    st.sampled_from(["gbk", "gb18030", "cp932", "big5", "cp949"]),
    st.sampled_from(garble.LOSS_PATTERNS),
)
# The text's own `?` between quotes whose last bytes were dropped (`鈥?鈥`).
@example("Your selection? (enter ‘?’ for more information):", "gbk", "ignore")
@example("Your selection? (enter ‘?’ for more information):", "cp932", "ignore")
def test_repair_never_moves_further_from_original(text: str, codec: str, pattern: str) -> None:
    bad = garble.garble_lossy(text, codec, pattern)
    assert edits(mojifix.repair(bad), text) <= edits(bad, text)  # character error rate


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CJK_PARAGRAPHS), st.data())
def test_real_cjk_text_with_its_own_marks_unchanged(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    mark = data.draw(st.sampled_from(["?", "・", "\ufffd", "??", "\ufffd\ufffd"]))
    real = text[:pos] + mark + text[pos:]
    assert mojifix.repair(real) == real


@pytest.mark.parametrize(
    "text",
    [
        "こんにちは、世界。日本語のテキストです。",  # `ã�“`: E3 81 93 lost its 81
        "Сегодня хорошая погода, и мы пойдём гулять в парк.",  # `Ñ�`: я
        "El ÁRBOL está aquí",  # `Ã�RBOL`: the word decides between Á Í Ï Ð Ý
        "中文字符测试，这是一个例子。",
        "한국어 텍스트입니다.",
        "தமிழ் மொழி",  # the virama is E0 AF 8D
        "He said “hello” and left.",  # `â€�`: the open quote closes
    ],
)
def test_utf8_read_by_strict_cp1252_holes_filled(text: str) -> None:
    bad = text.encode("utf-8").decode("cp1252", "replace")
    assert "\ufffd" in bad
    assert mojifix.repair(bad) == text


def test_strict_cp1252_holes_are_explained_and_marked_on_request() -> None:
    bad = "こんにちは、世界。".encode().decode("cp1252", "replace")
    change = mojifix.explain(bad).changes[0]
    assert change.lost and change.lost[0].pattern == "replaced"
    assert "81 8D 8F 90 9D" in change.lost[0].method
    marked = mojifix.repair(bad, lossy="mark")
    assert "世界。" in marked and "\ufffd" in marked


@pytest.mark.parametrize(
    "text",
    [
        "не вдалося встав\ufffd\ufffdити запис до таблиці",  # `в��` is no `☘`
        "Č\ufffdsové omezení",  # `Č�` is no cp1250 `Ș`
        "Donn\ufffdes invalides",
    ],
)
def test_clean_text_with_its_own_u_fffd_stays(text: str) -> None:
    assert mojifix.repair(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "ユーザが翻訳に関するフィードバックをあなたに送ることができるように",  # `�[` is ー
        "新しいメッセージカタログにはあなたの",  # `�V` is 新 (90 56), not 〃
        "こんにちは世界",  # `�¢` is 世
    ],
)
def test_shift_jis_read_by_strict_cp1252_holes_filled(text: str) -> None:
    bad = text.encode("shift_jis").decode("cp1252", "replace")
    assert "\ufffd" in bad
    assert mojifix.repair(bad) == text


def test_filled_holes_alone_prove_no_legacy_codec() -> None:
    text = "«a\ufffdf» має\ufffdбути використан\ufffd окремо"
    assert mojifix.repair(text) == text


def test_a_katakana_word_decides_a_lost_byte() -> None:
    # `繝�` before `キスト`: character pairs leave テ at 39 %, the word テキスト settles it.
    bad = "日本語のテキストです。".encode().decode("cp932", "replace")
    assert mojifix.repair(bad) == "日本語のテキストです。"


def test_a_quote_before_a_token_that_starts_with_a_period_opens_it() -> None:
    # `”.personality”`: both quotes lost; a period glued to a word ends nothing.
    garbled = "Vai yksi 鈥\ufffd.compiler鈥\ufffd-näennäiskäsky?"
    assert mojifix.repair(garbled) in (
        "Vai yksi “.compiler”-näennäiskäsky?",
        "Vai yksi ”.compiler”-näennäiskäsky?",
    )
    assert mojifix.repair("The end鈥\ufffd. Next") == "The end”. Next"


def test_a_korean_syllable_cut_short_before_a_glued_question_mark_had_a_space_after_it() -> None:
    # .NET reads UTF-8 `할 수` as GBK `頃?수`: the lost byte took the space with it.
    garbled = garble.garble_lossy("설정할 수 없습니다: 파일", "gbk", "dotnet")
    assert "?" in garbled
    repaired = mojifix.repair(garbled)
    assert repaired.startswith("설정") and " 수" in repaired and repaired.endswith(": 파일")
    assert "?" not in repaired


def test_a_question_mark_that_took_the_next_lead_byte_is_marked_when_unsure() -> None:
    # `銇?` is の cut short, its `?` the decoder's: the character after it lost its lead
    # byte. An unsure guess is marked rather than the garble left in place.
    garbled = garble.garble_lossy("実際のテキストの代わりに表示", "gbk", "dotnet")
    repaired = mojifix.repair(garbled)
    assert repaired.endswith("の代わりに表示")
    assert "銇" not in repaired


def test_a_hole_before_a_character_repaired_in_the_same_pass_is_filled() -> None:
    # Shift_JIS dropped 的's last byte (84) before 整; once 謨ｴ reads as 整, its
    # Shift_JIS bytes must not complete the hole's 逧 into another character.
    garbled = garble.garble_lossy('连接选项"%2$s"的整数值"%1$s"无效', "cp932", "ignore")
    assert "逧謨ｴ" in garbled
    assert "的整数值" in mojifix.repair(garbled)


def test_a_hole_left_unfilled_does_not_keep_the_run_before_it_garbled() -> None:
    # Japanese Windows: ・ for each pair it could not read. The last hole (す, its 99
    # taken with the full stop) is too unsure to fill, and the text before it reads.
    garbled = garble.garble_lossy("標準で言語は入力ファイルの拡張子で識別されます.", "cp932", "dotnet")
    assert garbled.endswith("縺・")
    assert "入力ファイルの拡張子で識別されま" in mojifix.repair(garbled)


def test_lead_bytes_dropped_without_a_trace_are_put_back_where_the_layer_shows() -> None:
    # cp932 has no lead EB or EC: errors="ignore" drops them, and each syllable of
    # 없습니다 is left as two continuation bytes that read as a kanji (`螺慣笈共`).
    garbled = garble.garble_lossy("디렉터리를 사용할 수 없습니다", "cp932", "ignore")
    assert "螺慣笈共" in garbled
    assert mojifix.repair(garbled).endswith("없습니다")
    # Two continuation bytes alone are a common kanji (茅 is 8A 9D): with no other sign
    # of UTF-8 read as Shift_JIS, they are left alone.
    assert mojifix.repair("茅屋") == "茅屋"


def test_a_question_mark_for_a_byte_gbk_reads_nowhere_is_that_byte() -> None:
    # 需 is E9 9C 80, and GBK reads 80 nowhere: decoded with U+FFFD and saved as GBK,
    # 需要 is `闇?瑕`, the `?` its lost byte.
    garbled = garble.garble_lossy("设置需要的操作系统", "gbk", "saved")
    assert "闇?瑕" in garbled
    assert mojifix.repair(garbled) == "设置需要的操作系统"


def test_a_no_break_space_turned_into_a_space_is_byte_a0() -> None:
    # 你 is E4 BD A0; read as cp1252 the A0 is a no-break space, which scraped text
    # often turns into a plain one (ftfy's `restore_byte_a0`).
    result = mojifix.explain("ä½ å¥½ï¼Œä¸–ç•Œ")
    assert result.text == "你好，世界"
    assert result.changes[0].lost[0].pattern == "spaced"
    assert mojifix.repair('{"name": "å¼ ä¸‰"}') == '{"name": "张三"}'
    # Beside no other UTF-8 sequence, a Latin letter and a quote before a space stay.
    assert mojifix.repair("Il a dit “café” hier, à… voilà") == "Il a dit “café” hier, à… voilà"


def test_a_lost_mark_after_a_period_closes_a_quote() -> None:
    # The issue's own .NET example, without the rest of its article: after a
    # sentence's own period a closing quote is far likelier than an ellipsis.
    assert mojifix.repair("Performance.鈥?Based") == "Performance.” Based"


def test_bytes_a_strict_single_byte_decoder_dropped_are_put_back() -> None:
    # Python's cp1252 with errors="ignore" drops 81 8D 8F 90 9D: け (E3 81 91) is `ã‘`,
    # я (D1 8F) is `Ñ`; UTF-8's structure says a byte is missing, the decoder's gaps
    # which ones it can be, the context which one it was.
    result = mojifix.explain("æ–‡å\xad—åŒ–ã‘")
    assert result.text == "文字化け"
    assert result.changes[0].lost[0].pattern == "dropped"
    for text in ["こんにちは、世界。ありがとうございます", "Сегодня хорошая погода"]:
        garbled = text.encode("utf-8").decode("cp1252", "ignore")
        assert garbled != text and mojifix.repair(garbled) == text
    # A decoder that wrote U+FFFD for what it could not read dropped nothing.
    assert list(spans.single_byte_dropped("ã‘ æ–‡ \ufffd")) == []


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Hitelesítés szükséges: „$(unit)”.", "gbk"),  # Hungarian closes „ with ”
        ("Port „%.*s” w adresie URI jest poza zakresem", "gbk"),  # Polish, no telling letter
        ("virheellinen tai tukematon koodaus kohteessa ”.cfi_personality”", "gbk"),  # Finnish ”…”
        ("Die Datei „%s“ ist nicht lesbar", "cp932"),  # German „…“
        ("Le jeton n’est plus valide\u202f; un nouveau jeton est requis", "gbk"),  # French ; after U+202F
    ],
)
def test_lost_quotes_follow_the_language_of_the_words_around_them(text: str, codec: str) -> None:
    garbled = garble.garble_lossy(text, codec, "replace")
    assert garbled != text
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "Try ‘--help’ for more information.",  # an option: quoted ‘so’ by GNU's programs
        "A file named “%s” already exists.",  # other code as English quotes (GNOME's)
        "The report, “2024 in review”, came out on Monday.",  # prose keeps “…”
        "Kan het bestand ‘%s’ niet openen",  # Dutch quotes ‘so’
    ],
)
def test_options_are_quoted_singly_and_the_rest_as_the_language_quotes(text: str) -> None:
    garbled = garble.garble_lossy(text, "gbk", "replace")
    assert garbled.count("\ufffd") >= 2
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("Älä kopioi linkkejä, jotka on mainittu", "replace"),  # a capital where the sentence starts
        ("Il colore selezionato. È possibile trascinarlo", "replace"),  # a letter that is a word alone
        ("Asetetaan liukuhihna tilaan TYHJÄ...", "replace"),  # Finnish known by its words, not its letters
        ("A programnév, ahogy az ablakkezelő használja", "replace"),  # ő: the letter pairs Hungarian writes
        # ě is C4 9B: cp932 cannot pair 9B with a space; Japanese Windows writes `・` and
        # takes the space with it, so the mark is glued to the next letter (`kromﾄ・ﾄ溝su`).
        ("zobrazuje se na hodinách kromě času i den v týdnu.", "dotnet"),
    ],
)
def test_a_lost_letter_takes_the_case_and_language_of_its_place(text: str, pattern: str) -> None:
    garbled = garble.garble_lossy(text, "cp932", pattern)
    assert "\ufffd" in garbled or "ﾄ・ﾄ" in garbled
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "Toàn bộ tập tin này",  # toàn bộ: bộ, not the commoner bị
        "Thành phố đã công bố kế hoạch mới.",  # thành phố; công bố
        "Đã xảy ra lỗi khi đọc tập tin",  # xảy ra
        "Các gói cần thiết để cập nhật",  # cập nhật binds cập: not đề cập
        "Tên và địa chỉ thư điện tử của tôi",  # thư điện tử, longer than điện từ
        "Không hiểu ngữ cảnh của phần",  # ngữ cảnh, whose next syllable lost a byte too
        "Địa chỉ của máy chủ không đúng",  # máy chủ, though chỉ stands elsewhere
    ],
)
def test_a_vietnamese_syllable_is_chosen_by_the_compound_it_makes(text: str) -> None:
    garbled = garble.garble_lossy(text, "gbk", "replace")
    assert "\ufffd" in garbled
    assert mojifix.repair(garbled) == text


def test_a_capital_joined_to_capitals_by_an_underscore_is_one() -> None:
    garbled = garble.garble_lossy("Đưa ra ĐẶC_TẢ thì xuất giá trị", "gbk", "replace")
    assert "ĐẶC_TẢ" in mojifix.repair(garbled)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        # `nh岷?t`, `c峄?a`: one word each (nhất, của), not nhẹ and t, củ and a.
        ("Kiểm tra tính nhất quán của bộ nhớ", "gbk"),
        ("Tên của tập tin không hợp lệ", "gbk"),
        # Shift_JIS loses ‘ (98) before s-z: `窶?sysv` is ‘sysv, not a dash and a space.
        ("The default is ‘sysv’ or ‘posix’.", "cp932"),
    ],
)
def test_a_question_mark_saved_for_a_lost_byte_is_glued_to_the_rest_of_its_word(
    text: str, codec: str
) -> None:
    garbled = garble.garble_lossy(text, codec, "saved")
    assert "?" in garbled
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "A synonym for ‘declare’.  See the manual.",  # two spaces and a capital: a full stop
        "Type “help” for a list (or “info”)\nand press Enter to go on.",  # a bracket left open
        "Really reset? (enter “yes”)",  # the text's end: the bracket left open, if any
    ],
)
def test_the_byte_net_took_before_a_sentence_or_line_end_is_put_back(text: str) -> None:
    garbled = garble.garble_lossy(text, "gbk", "dotnet")
    assert "鈥?  " in garbled or "鈥?\n" in garbled or garbled.endswith("鈥?")
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "Jelenleg csak a „package” és a „flatpak” ismerhető fel.",  # a space before á
        "Sama kuin ”fg”-komennon TYÖ, ”bg” ei ole ”MULS”:n kanssa.",  # fi: -, space, :
        "Een pakket met de “noawait”-opdracht; “path” regelt het.",  # nl: an article's compound
    ],
)
@pytest.mark.parametrize("codec", ["gbk", "cp932"])
def test_the_byte_net_took_after_a_closing_quote_is_the_one_the_next_word_needs(
    text: str, codec: str
) -> None:
    garbled = garble.garble_lossy(text, codec, "dotnet")
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "Aufruf: apt-mark [Optionen] paket1 [paket2 …]",  # the text's end: the bracket
        "Die Befehle […] und [NAME …]\nweiter",  # after an opening bracket, its closing one
        "Het maakt pagina’s (“cat pages”). Daarna niet.",  # before a full stop: the bracket
    ],
)
@pytest.mark.parametrize("pattern", ["dotnet", "saved", "replace"])
def test_the_bracket_a_line_leaves_open_is_closed_after_a_lost_mark(text: str, pattern: str) -> None:
    garbled = garble.garble_lossy(text, "gbk", pattern)
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Nu se mai folosește. Procesul eșuează.", "cp932"),  # `・` takes a byte always
        ("Nu se mai folosește. Trimite „zombie”.", "cp932"),
        ("procesul eșuează", "cp932"),  # no prose: the byte lost was the text's last
    ],
)
def test_the_full_stop_of_prose_is_the_byte_taken_at_its_end(text: str, codec: str) -> None:
    garbled = garble.garble_lossy(text, codec, "dotnet")
    assert garbled.endswith("・")
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "Use the “1.0” mode or “abc” here.",  # “ ahead opens a quote: no German „…“
        "Gebruik de “1.0” versie of “abc” hier.",  # Dutch quotes ‘so’ unless the text shows
    ],
)
@pytest.mark.parametrize("codec", ["gbk", "cp932"])
def test_quotes_still_garbled_ahead_show_the_text_s_habit(text: str, codec: str) -> None:
    garbled = garble.garble_lossy(text, codec, "replace")
    assert mojifix.repair(garbled) == text


def test_a_word_s_first_letter_is_a_capital_where_only_a_capital_makes_a_word() -> None:
    # cp932 reads ä's last byte (A4) as a katakana sign: before `n` only Ä's (84) is
    # lost, and German capitalises its nouns mid-sentence.
    garbled = garble.garble_lossy("Es erlaubt so dass Änderungen möglich sind.", "cp932", "replace")
    assert "ﾃ\ufffdnderungen" in garbled
    assert mojifix.repair(garbled) == "Es erlaubt so dass Änderungen möglich sind."


def test_a_quote_far_from_its_line_end_still_sees_its_closing_mark() -> None:
    # `窶・witch窶・` is ‘switch’ where the same mark closes the quote: `switch` is only 3×
    # commoner than `witch`. The line runs on 201 characters after the opening mark,
    # past the 200 looked at, and the closing mark within them still counts.
    text = "Press ‘switch’ to toggle. " + "x" * 183 + "\nNext line."
    garbled = garble.garble_lossy(text, "cp932", "dotnet")
    after = garbled[garbled.index("窶・") + 2 :]
    assert after.startswith("witch窶・") and after.find("\n") == 201
    assert mojifix.repair(garbled).startswith("Press ‘switch’ to toggle.")


def test_a_letter_taken_with_a_lost_byte_is_put_back_where_the_word_needs_it() -> None:
    # .NET reads ầ's last byte (A7) and the `u` after it as one pair it cannot read:
    # `膽岷? v脿o`. `đầ` is no word, `đầu vào` is.
    garbled = garble.garble_lossy("Tập tin đầu vào không hợp lệ", "gbk", "dotnet")
    assert "膽岷? v脿o" in garbled
    assert "đầu vào" in mojifix.repair(garbled)


def test_a_hole_in_a_text_whose_layer_is_proven_is_marked_not_left_garbled() -> None:
    # `b岷�n` (Vietnamese bạn): too unsure to fill, but the text's other sequences prove
    # UTF-8 read as GBK, so the hole is marked instead of kept as a hanzi.
    garbled = garble.garble_lossy("địa chỉ thư của bạn được cấu hình", "gbk", "replace")
    assert "岷" in garbled
    assert "岷" not in mojifix.repair(garbled)


def test_no_letter_fits_the_lost_byte() -> None:
    assert lossy.complete_letter(b"\xc3", "abc", " def", frozenset()) == (
        "\ufffd",
        0.0,
        "no letter fits the bytes the decoder could have lost",
    )


def test_a_net_decoder_took_the_punctuation_before_a_space() -> None:
    # .NET takes the byte after a pair it cannot read: `”, ` is `鈥? `. A mark glued
    # to a letter elsewhere (`鈥?builtin`) shows the text was read so; the byte before a
    # space is a full stop before a capital, else a comma.
    text = "A synonym for the “test” builtin, but it must be a literal ‘]’, then ‘[’. Next"
    garbled = garble.garble_lossy(text, "gbk", "dotnet")
    assert "鈥?builtin" in garbled and "鈥? then" in garbled
    assert mojifix.repair(garbled) == text
    # Without such a mark the `?` before a space is the lost byte alone (text saved
    # with `?` for U+FFFD keeps the space).
    saved = garble.garble_lossy("the “test” command", "gbk", "saved")
    assert mojifix.repair(saved) == "the “test” command"


@pytest.mark.parametrize("pattern", ["replace", "saved", "ignore"])
def test_the_run_after_a_lost_middle_byte_is_read_on_from_the_byte_after_it(pattern: str) -> None:
    # 客 is E5 AE A2: GBK cannot pair AE with A2, marks AE and pairs A2 with 户's lead
    # (`㈡`); from there the run is UTF-8 again. 进行备份 loses two middle bytes in a row.
    # Dropped without a mark (errors="ignore"), the same bytes read on the same way.
    for text in ["当前的客户端字符集编码", "用带有数字编号的备份文件进行备份"]:
        garbled = garble.garble_lossy(text, "gbk", pattern)
        assert mojifix.repair(garbled) == text
    result = mojifix.explain(garble.garble_lossy("当前的客户端字符集编码", "gbk", "replace"))
    first = result.changes[0].lost[0]
    assert first.restored == "客" and first.known == b"\xe5\xa2"  # its middle byte lost


def test_lost_cjk_punctuation_ends_the_line_or_closes_the_bracket() -> None:
    # 。 is E3 80 82 and ） is EF BC 89; a browser loses the two bytes after the lead
    # together. A full stop ends a line; a bracket closes the one left open.
    # (WHATWG's rules with GBK's table: a browser, reading GB18030, keeps both whole.)
    garbled = garble.garble_lossy("这个命令用于转移文件的帮助。", "gbk", "whatwg", browser=False)
    assert garbled.endswith("\ufffd")
    assert mojifix.repair(garbled) == "这个命令用于转移文件的帮助。"
    garbled = garble.garble_lossy("选项备（可选）", "gbk", "whatwg", browser=False)
    assert garbled.endswith("锛\ufffd")
    repaired = mojifix.repair(garbled)
    assert repaired.startswith("选项备（") and repaired.endswith("）")
    # 可选 lost three bytes to two marks: what is not restored stays marked, none dropped.
    assert len(repaired) == len("选项备（可选）")


@pytest.mark.parametrize("pattern", ["replace", "saved"])
def test_a_traditional_character_is_ranked_by_its_simplified_form(pattern: str) -> None:
    # wordfreq lists 个, not 個: without the lookup 一個 lost to rarer characters.
    text = "您可以一次只套用一個 修補檔"
    garbled = garble.garble_lossy(text, "gbk", pattern)
    assert mojifix.repair(garbled) == text


def test_mark_mode_marks_the_rebuilt_characters_not_their_namesakes() -> None:
    # The run read on after a lost middle byte (値, then に数値を) holds 値 again: only
    # the first was rebuilt.
    found = lossy._Rejoined("値に数値を", "値", (0,), 5, 0.9, "test")
    rec = lossy._rejoined_reconstruction(found, "数", b"\xe5", "\ufffd", "mark")
    assert rec.text == "数\ufffdに数値を"


def test_a_lone_cjk_character_cut_short_before_a_mark_is_marked_where_the_layer_is_proven() -> None:
    # `灏?<大小>`: 将's last byte lost, and .NET took the space after it; 将, 就 and 小
    # all fit, so it is marked, not left a garbled 灏, and the space comes back.
    text = "请使用以下选项来设置。\n      将 <大小> 视为字节数"
    garbled = garble.garble_lossy(text, "gb18030", "dotnet")
    assert "灏?<" in garbled
    repaired = mojifix.repair(garbled)
    assert "灏" not in repaired
    assert "\ufffd <大小>" in repaired
    # The newline taken with 。's last byte, too: a full stop ends a line.
    assert repaired.startswith("请使用以下选项来设置。\n")


def test_the_mark_of_a_lead_cp932_cannot_read_goes_with_the_character_rebuilt_after_it() -> None:
    # 압 is EC 95 95: Python's cp932 marks EC and reads 95 95 as 封. The character
    # rebuilt from 封 takes the mark with it, not leaving `�압`.
    garbled = "gzip 압축 기능을 뺀 파일입니다".encode().decode("cp932", "replace")
    assert garbled.startswith("gzip \ufffd封")
    assert mojifix.repair(garbled).startswith("gzip 압")


def test_korean_a_browser_read_as_shift_jis_is_rebuilt_with_its_line() -> None:
    # A browser's Shift_JIS reads no pair led by EB or EC: each such syllable is one
    # U+FFFD and its last byte (`�ｴ` for 이, EC 9D B4). The line as a whole is read
    # back (`lattice`); what stays in doubt is marked, never guessed wrong here.
    original = "데이터베이스 시스템 서비스를 중지합니다"
    garbled = garble.garble_lossy(original, "cp932", "whatwg")
    assert "\ufffdｴ" in garbled
    repaired = mojifix.repair(garbled)
    assert repaired.startswith("데이터베이스 시스템 서비스")
    assert len(repaired) == len(original)
    assert all(r in (o, "\ufffd") for r, o in zip(repaired, original, strict=True))


def test_no_accented_latin_letter_is_read_into_chinese() -> None:
    # 默 is GBK C4 AC, the UTF-8 of `Ĭ`: beside a hole left marked, a second pass
    # must not take the repaired hanzi for a sequence cut short.
    garbled = garble.garble_lossy("起始偏移量（默认", "gbk", "replace")
    repaired = mojifix.repair(garbled)
    assert repaired.startswith("起始偏移量（")
    assert not any("\u00c0" <= ch <= "\u024f" for ch in repaired)


def test_an_unsure_character_before_a_question_mark_is_marked_in_its_place() -> None:
    # Saved with `?` for U+FFFD, ん (E3 82 93) is `銈?`; the word lists cannot tell
    # ん from る after ませ: the character is marked, the `?` taken for its lost byte
    # (Japanese writes its own question mark full-width).
    garbled = garble.garble_lossy("ないか一致しません", "gb18030", "saved")
    assert garbled.endswith("銈?")
    assert mojifix.repair(garbled) == "ないか一致しませ\ufffd"


def test_a_lead_alone_before_a_glued_mark_lost_a_pair_with_it() -> None:
    # .NET reads 這個動作 through GB18030 as `閫欏?鍕曚綔`: 個's 80 and 8B went with one
    # `?`, and 動 reads whole after it. The `?` is the pair's mark, not the text's own.
    garbled = garble.garble_lossy("這個動作所屬群組目前", "gb18030", "dotnet")
    assert "閫欏?鍕" in garbled
    repaired = mojifix.repair(garbled)
    assert repaired.startswith("這") and "動作" in repaired and "?" not in repaired


def test_full_width_marks_whose_lead_was_dropped_come_back_between_hanzi() -> None:
    # cp932 reads no pair led by EF: with errors="ignore", `，` (EF BC 8C) keeps BC and
    # 8C, which EB would make 뼌; between hanzi the mark is the reading. Before a line's
    # end 8C is dropped too, and BC alone (`ｼ`) is a full-width mark again.
    original = "备份控制（none）\n  numbered，否则使用 simple"
    garbled = garble.garble_lossy(original, "cp932", "ignore")
    assert "ｼ悟" in garbled and "ｼ\n" in garbled
    repaired = mojifix.repair(garbled)
    assert "numbered，否则使用" in repaired
    assert "뼌" not in repaired
    assert repaired.startswith("备份控制")
    assert "\n" in repaired and repaired.split("\n")[0][-1] in "，）"


@pytest.mark.parametrize("pattern", ["dotnet", "saved"])
def test_a_space_dotnet_took_before_an_opening_bracket_comes_back(pattern: str) -> None:
    # .NET took the space after ” with its last byte (`鈥?(`); text saved with `?` for
    # U+FFFD keeps it (`鈥? (`). Both come back the same.
    for original in [
        "Run the “test” (see below) command.",
        "Neplatný vstup. Nápovědu obdržíte napsáním „?“ (otazníku).",
    ]:
        assert mojifix.repair(garble.garble_lossy(original, "gbk", pattern)) == original


def test_a_letter_net_took_from_inside_a_word_is_put_back() -> None:
    # .NET reads ụ's lost byte with the `n` after it as one unreadable pair: `d峄?g` is
    # dụng, not dụ and a word `g`.
    text = "Không thể sử dụng tùy chọn này"
    garbled = garble.garble_lossy(text, "gbk", "dotnet")
    assert "峄?g" in garbled
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    "text",
    [
        "A nézet átrendezhető",  # ő, not the long s ſ that casefolds to an s
        "A képernyő zárolásának letiltása",  # no word points to Hungarian, ő does
    ],
)
def test_a_lost_letter_of_a_language_the_words_do_not_show(text: str) -> None:
    garbled = garble.garble_lossy(text, "cp932", "whatwg")
    assert "\ufffd" in garbled
    assert mojifix.repair(garbled) == text


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Engleză (Marea Britanie)", "ﾄ・(Marea"),  # a space before an opening bracket
        ("Ocupat de la distanță - fișierul video", "・- fi"),  # before a dash
        ("Nu a fost găsită, dar formatul e bun", "ﾄ・ dar"),  # the comma before a space
    ],
)
def test_a_japanese_windows_mark_after_a_letter_took_the_byte_after_it(text: str, taken: str) -> None:
    # Japanese Windows marks with `・` a pair it cannot read and takes the next byte
    # with it: ă (C4 83) before a space or a comma loses 83 and that byte.
    garbled = garble.garble_lossy(text, "cp932", "dotnet")
    assert taken in garbled
    assert mojifix.repair(garbled) == text


def test_a_quote_that_opens_a_word_took_its_first_letter() -> None:
    # Shift_JIS pairs ‘'s last byte (98) with no letter from `s` on: .NET took the `t`
    # of `true` with it. The same mark closing the word shows a quote, not a dash.
    garbled = garble.garble_lossy("Stel dit in op ‘true’ om toetsherhaling aan te zetten", "cp932", "dotnet")
    assert "窶・rue窶・om" in garbled
    assert mojifix.repair(garbled) == "Stel dit in op ‘true’ om toetsherhaling aan te zetten"


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
def test_two_marks_glued_after_a_word_had_a_space_between_them(codec: str) -> None:
    text = "Our mission: to “empower communities” – not to replace them."
    garbled = garble.garble_lossy(text, codec, "dotnet")
    assert mojifix.repair(garbled) == text


def test_a_hole_before_a_garbled_rest_of_its_word_is_spelled_with_that_rest() -> None:
    # ń and ę of końcówkę both lost a byte through Shift_JIS; the first is chosen with
    # the spellings the still garbled rest `cﾃｳwkﾄ?` may have.
    garbled = garble.garble_lossy("dodaj końcówkę Signed-off-by", "cp932", "replace")
    assert garbled.count("\ufffd") == 2
    assert mojifix.repair(garbled) == "dodaj końcówkę Signed-off-by"


def test_an_inflected_word_rarer_than_the_common_list_is_still_spelled() -> None:
    # wyświetlić (to display) is at 7e-7 in wordfreq's Polish list.
    garbled = garble.garble_lossy("Nie można wyświetlić zawartości katalogu", "cp932", "replace")
    assert mojifix.repair(garbled) == "Nie można wyświetlić zawartości katalogu"


def test_a_closing_quote_elsewhere_is_no_evidence_for_one_that_nothing_opened() -> None:
    garbled = garble.garble_lossy("It’s a “test” – really…", "gbk", "replace")
    assert garbled.endswith("really鈥\ufffd")
    assert mojifix.repair(garbled) == "It’s a “test” – really…"


def test_a_dash_between_a_percentage_and_a_number_is_a_range() -> None:
    garbled = garble.garble_lossy("Prices rose 5%–10% in 2020–2021.", "gbk", "replace")
    assert mojifix.repair(garbled) == "Prices rose 5%–10% in 2020–2021."


@pytest.mark.parametrize(
    ("text", "garbled_part"),
    [
        ("Use this together with ‘-o’ and ‘-f’ to get it.", "鈥?o鈥?and"),
        ("The answer is “%.*s” here.", "鈥?.*s鈥?here"),
        ("Cannot read “$(unit)” here", "鈥?(unit)鈥?here"),
        ("A file named “%s” already exists.", "鈥?s鈥?already"),  # printf's %s
    ],
)
def test_a_quote_around_code_took_the_code_s_first_sign(text: str, garbled_part: str) -> None:
    # .NET took the sign after ‘ with the quote's lost last byte; the same mark glued
    # to the code's end closes it. A dash before a word stays a dash where the mark
    # after it closes a quote opened in between.
    garbled = garble.garble_lossy(text, "gbk", "dotnet")
    assert garbled_part in garbled
    assert mojifix.repair(garbled) == text
    prose = "He left – and said “yes” to it."
    assert mojifix.repair(garble.garble_lossy(prose, "gbk", "dotnet")) == prose


@pytest.mark.parametrize(
    ("garbled", "original"),
    [
        ("縺薙ｓ縺ｫ縺｡縺ｯ縲∽ｸ也阜\ufffdｼ\ufffd", "こんにちは、世界！"),
        ("遑ｮ螳夊ｦ∝唖髯､霑吩ｸｪ譁\ufffd莉ｶ蜷暦ｼ\ufffd", "确定要删除这个文件吗？"),
    ],
)
def test_a_full_width_mark_lost_at_the_line_end_ends_the_sentence(garbled: str, original: str) -> None:
    # ！ (EF BC 81) and ？ (EF BC 9F) lose their last byte where the text ends; ， is
    # the commonest mark of the same two first bytes, but no line ends with it.
    assert mojifix.repair(garbled) == original
