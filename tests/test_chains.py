"""One example per chain, written the way the wrong decoder writes it."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import garble
import mojifix
from mojifix.sloppy import FAMILIES

ZH = "城市社区学习中心的能力建设项目由中国成人教育协会牵头"
ZH_HANT = "我們的研究表明，城市社區學習中心在推動終身學習方面發揮著重要作用。"
JA = "会議は天津で開かれ、多くの専門家が参加した"
KO = "이번 회의에서는 평생 학습의 발전에 대해 많은 의견이 오갔습니다."
RU = "Участники встречи обсудили развитие обучения на протяжении всей жизни."
EN = "The “Lifelong Learning” project’s results — shown below — were discussed."
FR = "Le comité a présenté les résultats de l’étude à la réunion régionale."


# Share of corpus paragraphs each chain restores exactly, measured on a sample of
# SAMPLE; these floors guard against regressions (full figures: benchmarks/accuracy.py).
SAMPLE = 60
FLOORS = {
    "utf-8>gbk": 0.98,
    "utf-8>gb18030": 0.98,
    "utf-8>big5": 0.98,
    "utf-8>cp932": 0.98,
    "utf-8>shift_jis": 0.98,
    "utf-8>euc_kr": 0.98,
    "utf-8>cp949": 0.98,
    "utf-8>euc_jp": 0.98,
    "gbk>latin-1": 0.95,
    "gbk>cp1252": 0.95,
    "big5>latin-1": 0.9,
    "shift_jis>cp1252": 0.95,
    "euc_kr>latin-1": 0.95,
    "utf-8>cp1252": 0.95,
    "utf-8>latin-1": 0.95,
    "utf-8>cp1251": 0.95,
    "utf-8>cp1250": 0.95,
    "utf-8>cp1253": 0.95,
    "utf-8>macroman": 0.95,
    "utf-8>gbk>utf-8>cp1252": 0.95,
    "utf-8>shift_jis>utf-8>latin-1": 0.95,
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_chain_reversed_on_corpus(name: str) -> None:
    cases = list(itertools.islice(garble.cases(name), 0, None, 7))[:SAMPLE]
    assert len(cases) >= 20
    ok = sum(mojifix.repair(bad) == text for _, text, bad in cases)
    assert ok / len(cases) >= FLOORS[name]


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        (ZH, [("utf-8", "gb18030")]),
        (JA, [("utf-8", "cp932")]),
        (ZH, [("gbk", "latin-1")]),
        (ZH, [("gbk", "cp1252")]),
        (ZH_HANT, [("big5", "latin-1")]),
        (JA, [("shift_jis", "latin-1")]),
        (KO, [("euc_kr", "latin-1")]),
        (FR, [("utf-8", "cp1252")]),
        (RU, [("utf-8", "cp1252")]),
        (ZH, [("utf-8", "cp1252")]),
        (ZH, [("utf-8", "gb18030"), ("utf-8", "cp1252")]),
    ],
)
def test_chain_reversed(text: str, chain: list[tuple[str, str]]) -> None:
    bad = garble.garble(text, chain)
    assert bad is not None and bad != text
    result = mojifix.explain(bad)
    assert result.text == text
    assert result.changes


def test_chain_is_reported_as_data() -> None:
    result = mojifix.explain(garble.garble(ZH, [("utf-8", "gb18030")]) or "")
    assert result.changes[0].chain == ("utf-8", "gbk")
    assert result.changes[0].layers == (("utf-8", "gbk"),)


def test_layered_chain_lists_both_layers() -> None:
    bad = garble.garble(ZH, [("utf-8", "gb18030"), ("utf-8", "cp1252")]) or ""
    layers = {c.layers for c in mojifix.explain(bad).changes}
    assert (("utf-8", "gbk"), ("utf-8", "windows-1252")) in layers


def test_legacy_bytes_as_latin1_classic_examples() -> None:
    assert mojifix.repair("ÖÐÎÄ ÄÚÈÝ") == "中文 内容"
    assert mojifix.repair("¾È³çÇÏ¼¼¿ä, ¹Ý°©½À´Ï´Ù") == "안녕하세요, 반갑습니다"


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        # Every character in its codec's first tier either way (EUC-JP reads `ゼ衛ノ`):
        # character frequencies choose.
        ("|audit-log-result|未啟用", "big5>latin-1"),
        # `ï¶µ` is UTF-8 for an Arabic presentation form, `Îª` for Greek `Ϊ`.
        ("用法: @GPG@-connect-agent [選項] (或用 -h 求助)", "big5>latin-1"),
        # Japanese among identifiers; `ð‘—\x90` is UTF-8 for a Siddham letter too.
        ("backup_manifest.tmp の名前を backup_manifest に変更しています", "shift_jis>cp1252"),
        ("--post-data=STRING          POST メソッドを用いて STRING を送信する", "shift_jis>cp1252"),
        # Chinese stored as EUC-KR (KS X 1001 hanja) and as Shift_JIS.
        ("只保存比 DATE-OR-FILE 更新的文件", "euc_kr>latin-1"),
        ("失敗: 該主機沒有 IPv4/IPv6 地址。", "shift_jis>latin-1"),
        # `—p–@` reads as punctuation, but the rest of the line proves Shift_JIS.
        ("用法: @GPG@-connect-agent [選項] (或用 -h 求助)", "shift_jis>cp1252"),
        # One Big5 punctuation mark in Latin text: `¡` and an ASCII letter (`tty¡K)`).
        ("la liste des terminaux (pty, tty…) doit suivre -t", "big5>latin-1"),
        ("Ga verder met beheren — gebruik in plaats daarvan", "big5>cp1252"),
        # Python's Big5 table reads A1 45 as `•` where cp950 has `‧`.
        ("The values are: • none: no caret tracking", "big5>latin-1"),
        # EUC-KR's `…` is Big5's `’`, a quote that nothing in the text opens.
        ("Aangepaste groottes beheren…", "euc_kr>latin-1"),
        # A syllable outside KS X 1001, spelled in eight bytes (`¤Ô¤¨¤Â¤Ô`).
        ("덤프를 처리할 떄 증가합니다", "euc_kr>latin-1"),
        # One run strong alone makes the paragraph's code page: `»ò` is 或, not Mac
        # Roman's `Ș`; `’†“I` is 中的 beside 或者.
        ("--target <架構>        i386-cygwin32 或 i386-mingw32", "gbk>cp1252"),
        ("NAME=VALUE [NAME=VALUE] psql ...\n  或者 psql 中的 \\setenv NAME [VALUE]", "shift_jis>cp1252"),
        # `Ê§` is UTF-8 for IPA `ʧ` too; EUC-JP's `ア英` ranks below Big5's 失敗.
        ("'git multi-pack-index expire' 失敗", "gbk>cp1252"),
        ("'git multi-pack-index expire' 失敗", "big5>latin-1"),
        # ... and `Ž¸` is not UTF-8 Thaana `ޏ` through cp1257: a lone letter of a rare script.
        ("'git multi-pack-index expire' 失敗", "shift_jis>cp1252"),
        # Big5 A1 A6 between letters is the apostrophe, EUC-KR's `…` is no letter's neighbour.
        ("lijst met ID’s van toepassingen", "big5>latin-1"),
    ],
)
def test_legacy_bytes_as_latin1_in_short_technical_strings(text: str, chain: str) -> None:
    bad = garble.garble(text, garble.CHAINS[chain])
    assert bad is not None and bad != text
    assert mojifix.repair(bad) == text


@pytest.mark.parametrize(
    "text",
    [
        "¡Bienvenido! ¡A comer! ¡Y tú también! ¡O sea, E-mail!",
        "¡E-mail gratis! ¡Hola amigos!",
        "Finnish quotes: ”.personality”-direktiivi, ’x’",
    ],
)
def test_spanish_marks_and_finnish_quotes_stay(text: str) -> None:
    assert mojifix.repair(text) == text


def test_mixed_text_only_garbled_spans_change() -> None:
    clean = "中文内容保持不变。"
    bad = garble.garble(ZH, [("utf-8", "gb18030")]) or ""
    text = f"{clean}\n{bad}\n{clean}"
    assert mojifix.repair(text) == f"{clean}\n{ZH}\n{clean}"


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("ignorer les objets empaquetГ©s", "ignorer les objets empaquetés"),  # cp1251
        ("ramificaciΓ³n a un desplazamiento impar", "ramificación a un desplazamiento impar"),  # cp1253
        ("la tua directory di lavoro ГЁ pulita", "la tua directory di lavoro è pulita"),
        ("sockety budou vytvoЕ™eny", "sockety budou vytvořeny"),
    ],
)
def test_one_accented_letter_through_a_code_page(bad: str, good: str) -> None:
    assert mojifix.repair(bad) == good


def test_one_code_page_throughout() -> None:
    # The Arabic comma is 8C in cp1250's reading and would be A6 (ئ) in ISO 8859-2's.
    text = "الكاميرون (AZERTY ، عالمي) والمجرية (QWERTZ، مفاتيح ميتة)"
    bad = garble.garble(text, [("utf-8", "cp1250")])
    assert bad is not None and "ŘŚ" in bad
    assert mojifix.repair(bad) == text


def test_decomposed_accents_compose_again() -> None:
    text = "cafe\u0301 de\u0301ja\u0300 vu, Vie\u0323\u0302t Nam"
    assert mojifix.repair(text.encode().decode("latin-1")) == text


def test_legacy_pairs_that_are_utf8_too_follow_the_text() -> None:
    # `Ã¢` and `Å°` are UTF-8 â and Ű, and EUC-KR 창 and 키: the rest of the text decides.
    assert mojifix.repair("Ã¢ ORDER BY¸¦ ±¸ÇöÇÒ ¼ö ¾øÀ½") == "창 ORDER BY를 구현할 수 없음"
    assert mojifix.repair("Çë°¡¸®¾î (QWERTY, 101Å°, Á¡, µ¥µåÅ°)") == "헝가리어 (QWERTY, 101키, 점, 데드키)"
    assert mojifix.repair("Le café est prêt: Ã© and Ã¢") == "Le café est prêt: é and â"


def test_two_layers_in_one_latin_word() -> None:
    # ó read as GBK (贸), saved as UTF-8, read as cp1252: è´¸ in the middle of a word.
    assert mojifix.repair("ramificaciè´¸n a un desplazamiento") == "ramificación a un desplazamiento"
    assert mojifix.repair("Sè‰‚owacki (rozszerzony backslash)") == "Słowacki (rozszerzony backslash)"


def test_euro_sign_is_byte_80_as_windows_cp936_and_browsers_read_it() -> None:
    # 一 is E4 B8 80: GBK pairs E4 B8 (涓), and Windows code page 936 and browsers read
    # the lone 80 as €; the ideographic space E3 80 80 is 銆€.
    assert mojifix.repair("杩欐槸涓€涓\ue045祴璇") == "这是一个测试"
    assert mojifix.repair("銆€銆€鏂囩珷鍐呭") == "\u3000\u3000文章内容"
    # Browsers read A2 E3 as € too: 関 (E9 96 A2) and す (E3 81 99) make 闁€仚, where
    # the character after € opens with a continuation byte.
    garbled = "銉︺兗銈躲兗銇岀炕瑷炽伀闁€仚銈嬫儏鍫便倰鍏ュ姏"
    assert mojifix.repair(garbled) == "ユーザーが翻訳に関する情報を入力"
    # A lone 80 that goes on the sequence before it, though the character after
    # opens with a continuation byte: 者 is E8 80 85, after 理's last byte (嗚 is 86 E8).
    assert mojifix.repair("鐞嗚€呫亴銇傘仾銇熴伀") == "理者があなたに"
    # A euro sign of its own beside CJK text stays.
    assert mojifix.repair("售价：99€起") == "售价：99€起"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("€涓仚闁銆鈥淟侀ㄣ嗚呫a \ufffd\ue15f")), max_size=16))
def test_euro_bytes_agree_between_encode_and_lengths(text: str) -> None:
    # Each € is 80 or A2 E3 by its neighbours; the boundaries must match the bytes.
    family = FAMILIES["gbk"]
    data = family.encode(text)
    if data is not None:
        assert sum(family.lengths(text)) == len(data)
