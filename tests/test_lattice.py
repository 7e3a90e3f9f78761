"""Korean, Chinese and Japanese read as Shift_JIS or GBK with loss, rebuilt a line at a
time (`mojifix.lattice`)."""

from __future__ import annotations

import pytest
from benchmarks.accuracy import edits
from hypothesis import example, given, settings
from hypothesis import strategies as st

import garble
import mojifix
from mojifix import lattice

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
KOREAN = st.lists(st.one_of(HANGUL, HANGUL, HANGUL, st.sampled_from(" .,")), min_size=1, max_size=30).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.sampled_from(["cp932", "shift_jis", "gbk", "big5"]))
def test_the_reader_reads_as_python_does(data: bytes, codec: str) -> None:
    assert lattice.Reader(codec, "replace").read(data) == data.decode(codec, "replace")
    assert lattice.Reader(codec, "ignore").read(data) == data.decode(codec, "ignore")
    assert lattice.Reader(codec, "saved").read(data) == data.decode(codec, "replace").replace("\ufffd", "?")


@settings(max_examples=200, deadline=None)
@given(KOREAN, st.sampled_from(garble.LOSS_PATTERNS))
def test_the_reader_reads_as_each_lossy_decoder_does(text: str, pattern: str) -> None:
    reader = lattice.Reader("cp932", pattern)
    assert reader.read(text.encode("utf-8")) == garble.garble_lossy(text, "cp932", pattern, browser=False)


@settings(max_examples=60, deadline=None)
@given(KOREAN, st.sampled_from(garble.LOSS_PATTERNS))
@example("냗", "ignore")
def test_a_rebuilt_line_reads_as_the_garbled_one(text: str, pattern: str) -> None:
    # Whatever it guessed, the rebuilt text is one the decoder reads as the garbled text,
    # and it marks only where it guessed.
    # (A string of random rare syllables can leave the beam without a path; then the
    # line is left to the engine, hole by hole. `냗` with errors="ignore" leaves nothing.)
    garbled = garble.garble_lossy(text, "cp932", pattern, browser=False)
    rebuilt = lattice.rebuild(garbled, "cp932", pattern)
    if rebuilt is None:
        return
    assert lattice.Reader("cp932", pattern).read(rebuilt.guessed.encode("utf-8")) == garbled
    assert len(rebuilt.text) == len(rebuilt.guessed)
    assert all(t in (g, "\ufffd") for t, g in zip(rebuilt.text, rebuilt.guessed, strict=True))


KOREAN_SENTENCE = "이 오류는 일반적으로 공유 메모리를 확보하지 못 했을 때 발생합니다"


@pytest.mark.parametrize("pattern", garble.LOSS_PATTERNS)
def test_a_korean_sentence_comes_back_through_each_decoder(pattern: str) -> None:
    garbled = garble.garble_lossy(KOREAN_SENTENCE, "cp932", pattern, browser=False)
    repaired = mojifix.repair(garbled)
    assert len(repaired) == len(KOREAN_SENTENCE)
    wrong = sum(r != o and r != "\ufffd" for r, o in zip(repaired, KOREAN_SENTENCE, strict=True))
    right = sum(r == o for r, o in zip(repaired, KOREAN_SENTENCE, strict=True))
    # Each decoder loses more or less: Python one byte, WHATWG's rules or .NET two.
    assert right >= 0.7 * len(KOREAN_SENTENCE)
    assert wrong <= 0.1 * len(KOREAN_SENTENCE)


def test_a_korean_sentence_comes_back_from_a_browsers_shift_jis() -> None:
    # A browser's Shift_JIS has no A0 either (cp932 reads it as U+F8F0), one in four
    # of Hangul's continuation bytes: more is lost, so more is marked or guessed
    # wrong, but most of the sentence comes back.
    garbled = garble.garble_lossy(KOREAN_SENTENCE, "cp932", "whatwg")
    repaired = mojifix.repair(garbled)
    assert len(repaired) == len(KOREAN_SENTENCE)
    assert sum(r == o for r, o in zip(repaired, KOREAN_SENTENCE, strict=True)) >= 0.7 * len(KOREAN_SENTENCE)
    assert edits(KOREAN_SENTENCE, repaired) <= 0.25 * edits(KOREAN_SENTENCE, garbled)


def test_python_loses_only_leads_and_the_line_comes_back_whole() -> None:
    original = "제거한 파일 목록을 표시하지 않습니다"
    garbled = garble.garble_lossy(original, "cp932", "replace")
    assert garbled.startswith("\ufffd\uf8f0懋ｱｰ")
    explained = mojifix.explain(garbled)
    assert explained.text.endswith("파일 목록을 표시하지 않습니다")
    assert all(c.layers == (("utf-8", "cp932"),) for c in explained.changes)


def test_what_stays_in_doubt_is_marked_and_reported() -> None:
    # .NET's `・` took a lead and the byte after it: 제 keeps only its last byte (9C).
    explained = mojifix.explain("・懋ｱｰ﨑・甯護攵")
    assert explained.text.endswith("파일")
    holes = [lost for c in explained.changes for lost in c.lost]
    assert holes and all(lost.pattern == "swallowed" for lost in holes)
    first = holes[0]
    assert first.known == b"\x9c"
    assert (first.restored == "\ufffd") == (first.confidence < 0.5)


def test_mark_mode_marks_every_guess() -> None:
    garbled = garble.garble_lossy("데이터베이스 시스템 서비스를 중지합니다", "cp932", "dotnet")
    marked = mojifix.repair(garbled, lossy="mark")
    inferred = mojifix.repair(garbled)
    assert marked.count("\ufffd") >= inferred.count("\ufffd")
    assert all(m in (i, "\ufffd") for m, i in zip(marked, inferred, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "ｶﾀｶﾅのﾃｽﾄです・ﾃﾞｰﾀ?",  # half-width katakana, Japanese's own marks
        "ｰ    ｩ 1Ki = 1024ｻ,",  # stray half-width signs in ASCII
        "｢git config fetch.showForcedUpdates true｣",
        "ﾃﾞｰﾀﾍﾞｰｽ�の設定を確認してください",
    ],
)
def test_japanese_with_half_width_katakana_is_not_read_as_korean(text: str) -> None:
    assert not list(lattice.korean_lines(text))
    assert mojifix.repair(text) == text


@pytest.mark.parametrize("pattern", ["ignore", "whatwg", "dotnet"])
def test_korean_read_as_gbk_with_loss_is_rebuilt_too(pattern: str) -> None:
    original = "이 오류는 일반적으로 공유 메모리를 확보하지 못 했을 때 발생합니다"
    garbled = garble.garble_lossy(original, "gbk", pattern)
    assert garbled != original
    explained = mojifix.explain(garbled)
    repaired = explained.text
    assert len(repaired) == len(original)
    right = sum(r == o for r, o in zip(repaired, original, strict=True))
    wrong = sum(r != o and r != "\ufffd" for r, o in zip(repaired, original, strict=True))
    assert right >= 0.8 * len(original)
    assert wrong <= 0.1 * len(original)


@pytest.mark.parametrize("text", ["霟韷肟", "敫 瓴飒", "歆杲旰韯?", "阕阖阗阙阚"])
def test_rare_hanzi_from_hangul_leads_are_no_korean(text: str) -> None:
    # GBK reads EA-ED and a byte 80-BF as rare hanzi: a few of them are a name.
    assert not list(lattice.korean_lines(text))


@pytest.mark.parametrize("pattern", garble.LOSS_PATTERNS)
def test_real_korean_lines_always_find_a_reading(pattern: str) -> None:
    lines = [t for lang, t in garble.load("ko") if "\n" not in t][:24]
    for line in lines:
        garbled = garble.garble_lossy(line, "cp932", pattern, browser=False)
        if garbled:
            rebuilt = lattice.rebuild(garbled, "cp932", pattern)
            assert rebuilt is not None, line
            assert lattice.Reader("cp932", pattern).read(rebuilt.guessed.encode("utf-8")) == garbled


CJK_LANGS = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "ja": "ja"}


def _cjk_lines(count: int) -> list[tuple[str, str]]:
    found = []
    for lang in CJK_LANGS:
        found += [(lang, t) for _, t in garble.load(lang) if "\n" not in t][:count]
    return found


@pytest.mark.parametrize("codec", ["gbk", "cp932"])
@pytest.mark.parametrize("pattern", garble.LOSS_PATTERNS)
def test_real_chinese_and_japanese_lines_read_back_as_the_garbled_ones(codec: str, pattern: str) -> None:
    # Whatever it guessed, the decoder reads the rebuilt line as the garbled one, and
    # it marks only where it guessed.
    found = 0
    for lang, line in _cjk_lines(8):
        garbled = garble.garble_lossy(line, codec, pattern, browser=False)
        rebuilt = lattice.rebuild(garbled, codec, pattern, lang=lang)
        if rebuilt is None:
            continue
        found += 1
        assert lattice.Reader(codec, pattern).read(rebuilt.guessed.encode("utf-8")) == garbled
        assert all(t in (g, "\ufffd") for t, g in zip(rebuilt.text, rebuilt.guessed, strict=True))
    assert found >= 20


@pytest.mark.parametrize(
    ("codec", "pattern"), [("gbk", "whatwg"), ("gbk", "dotnet"), ("cp932", "whatwg"), ("cp932", "dotnet")]
)
def test_where_a_pair_takes_the_next_characters_lead_the_line_still_reads_on(
    codec: str, pattern: str
) -> None:
    # A browser or .NET reads a character's last byte and the next one's lead as one
    # pair it cannot read, and marks both: hole by hole, the next character was left
    # garbled (`銇�枹` for に関). Rebuilt with its line, nothing garbled is left.
    original = "ユーザが翻訳に関するフィードバックをあなたに送ることができるように"
    garbled = garble.garble_lossy(original, codec, pattern)
    repaired = mojifix.repair(garbled)
    assert len(repaired) == len(original)
    right = sum(r == o for r, o in zip(repaired, original, strict=True))
    wrong = sum(r != o and r != "\ufffd" for r, o in zip(repaired, original, strict=True))
    assert right >= 0.8 * len(original)
    assert wrong <= 0.1 * len(original)


def test_each_rebuilt_chinese_character_is_reported_with_the_bytes_kept() -> None:
    # (WHATWG's rules with GBK's table: a browser, reading GB18030, keeps 。's 80 as €.)
    garbled = garble.garble_lossy("这个命令用于转移文件的帮助。", "gbk", "whatwg", browser=False)
    explained = mojifix.explain(garbled)
    assert explained.text == "这个命令用于转移文件的帮助。"
    lost = [x for c in explained.changes for x in c.lost]
    assert lost and all(x.pattern == "replaced" and x.inferred for x in lost)
    # 。 is E3 80 82: GBK read E3 with 助's last byte (`┿`) and marked 80 82 at the
    # line's end; a full stop is the reading there.
    assert explained.changes[-1].original.endswith("┿\ufffd")
    assert lost[-1].restored == "。" and lost[-1].known == b"\xe3" and "ends the line" in lost[-1].method


@pytest.mark.parametrize(
    "text",
    [
        "她说：“你好吗？”我说：“很好。”",
        "データベース・サーバ?に接続できません�",
    ],
)
def test_lines_that_are_not_lossy_chinese_or_japanese_are_not_rebuilt(text: str) -> None:
    assert not list(lattice.lines(text))
    assert mojifix.repair(text) == text


def test_mojibake_with_no_byte_lost_is_left_to_the_engine() -> None:
    assert not list(lattice.lines("涓嶈兘鎵撳紑"))
    assert mojifix.repair("涓嶈兘鎵撳紑") == "不能打开"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年锑铱钯镭氦氖？。，�"),
        max_size=30,
    ).map("".join)
)
def test_clean_chinese_with_marks_of_its_own_is_never_rebuilt(text: str) -> None:
    assert not list(lattice.lines(text))
    assert mojifix.repair(text) == text


def test_a_line_of_marks_on_marks_stays_within_its_budget() -> None:
    # Each mark lets many byte sequences read as it: the searches of a line share a
    # budget proportional to its length, and past it the line is left to the engine.
    line = "銇\ufffd\ufffd" * 60
    budget = [lattice._WORK * (len(line) + 1)]
    assert lattice.rebuild(line, "gbk", "whatwg", lang="ja", budget=budget) is None
    assert budget[0] < 0
    # A real line of the same length spends a small part of it.
    garbled = garble.garble_lossy(
        "ユーザが翻訳に関するフィードバックをあなたに送ることができるように", "gbk", "whatwg", browser=False
    )
    budget = [lattice._WORK * (len(garbled) + 1)]
    assert lattice.rebuild(garbled, "gbk", "whatwg", lang="ja", budget=budget) is not None
    assert budget[0] > 0.5 * lattice._WORK * (len(garbled) + 1)


@pytest.mark.parametrize(
    ("garbled", "original"),
    [
        # A browser's Shift_JIS loses A0, which cp932 reads as U+F8F0: だ (E3 81 A0) and
        # ム (E3 83 A0) leave `縺�` and `繝�`, and 无 (E6 97 A0) `譌�`.
        ("繧ｲ繝ｼ繝\ufffd縺ｮ繧ｷ繧ｹ繝\ufffdΒ縺\ufffd縲\ufffd", "ゲームのシステムだ。"),
        ("邇ｰ蝨ｨ譌\ufffd豕墓隼蜿倩ｯ･蛟ｼ縲\ufffd", "现在无法改变该值。"),
        (
            "縺薙ｌ縺ｯ螟ｧ莠九↑繝\ufffd\ufffd繧ｿ縺\ufffd縺ｨ諤昴＞縺ｾ縺吶\x80\ufffd",
            "これは大事なデータだと思います。",
        ),
        # Python's `shift_jis` loses 80 too (ダ is E3 83 80).
        ("繝\ufffd繧ｦ繝ｳ繝ｭ繝ｼ繝峨′螳御ｺ\ufffd縺励∪縺励◆縲\ufffd", "ダウンロードが完了しました。"),
    ],
)
def test_lines_read_by_a_browsers_shift_jis_lose_a0(garbled: str, original: str) -> None:
    result = mojifix.explain(garbled)
    assert result.text == original
    assert ("utf-8", "shift_jis") in result.changes[0].layers


def test_a_line_cp932_explains_as_well_keeps_cp932s_reading() -> None:
    # いけません, not だけません: without U+F8F0 in sight, a lost A0 must make the text
    # far likelier to be read so.
    garbled = "interleave 縺ｯ豁｣縺ｮ謨ｰ蛟､縺ｧ縺ｪ縺代ｌ縺ｰ縺\ufffd縺代∪縺帙ｓ"
    assert mojifix.repair(garbled) == "interleave は正の数値でなければいけません"


def test_a_line_with_gb18030s_private_use_pairs_is_read_by_gb18030() -> None:
    # の (E3 81 AE) before 設 (E8 A8 AD): GB18030 reads AE E8 as U+E1BF, which GBK
    # refuses, so the line is rebuilt with GB18030's tables.
    garbled = "銉囥兗銈裤儥銉笺偣銇\ue1bfō瀹氥倰澶夋洿銇椼仸銇忋仩銇曘亜銆\ufffd"
    result = mojifix.explain(garbled)
    assert result.text == "データベースの設定を変更してください。"
    assert result.changes[0].layers == (("utf-8", "gb18030"),)
