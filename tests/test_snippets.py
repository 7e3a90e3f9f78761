"""Short garbles of the kinds people paste when they ask what happened to their text:
one word or one line, with no paragraph around it to lean on."""

from __future__ import annotations

import pytest

import mojifix

SNIPPETS = [
    # UTF-8 read as cp1252 or Latin-1 (ftfy's own ground).
    ("Ã©tÃ© Ã  Paris", "été à Paris"),
    ("donâ€™t", "don’t"),
    ("Ã¤Ã¶Ã¼ÃŸ", "äöüß"),
    ("ä¸­æ–‡", "中文"),
    ("æ—¥æœ¬èªž", "日本語"),
    ("ì•ˆë…•í•˜ì„¸ìš”", "안녕하세요"),
    ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
    ("Tiáº¿ng Viá»‡t", "Tiếng Việt"),
    # ... with its no-break spaces made plain spaces.
    ("ä½ å¥½ï¼Œä¸–ç•Œ", "你好，世界"),
    ('{"name": "å¼ ä¸‰"}', '{"name": "张三"}'),
    # UTF-8 read as a CJK codec.
    ("鍙傛暟閿欒", "参数错误"),
    ("浣犲ソ", "你好"),
    ("縺薙ｓ縺ｫ縺｡縺ｯ", "こんにちは"),
    ("It鈥檚 done", "It’s done"),
    ("鈥淗ello鈥� he said", "“Hello” he said"),
    ("Performance.鈥?Based", "Performance.” Based"),
    # Legacy CJK bytes read as Latin-1 or cp1252.
    ("ÖÐÎÄ", "中文"),
    ("ÎÄ¼þ", "文件"),
    ("µÇÂ¼Ê§°Ü", "登录失败"),
    ("¤¤¤å¦r²Å", "中文字符"),
    ("ƒeƒXƒg", "テスト"),
    ("ÆüËÜ¸ì", "日本語"),
    ("¾È³çÇÏ¼¼¿ä", "안녕하세요"),
    # ... with loss: Korean Windows (cp949) drops the lead byte of most characters.
    ("\ufffd븞\ufffd뀞\ufffd븯\ufffd꽭\ufffd슂", "안녕하세요"),
    ("\ufffd븳援\ufffd\ufffd뼱 \ufffd뀓\ufffd뒪\ufffd듃", "한국어 텍스트"),
    ("\ufffd걪\ufffd굯\ufffd겓\ufffd걾\ufffd겘", "こんにちは"),
    ("\ufffd쑍楹사퍨", "本系统"),
    # ... one Latin-1 sign alone, in its place.
    ("Copyright 漏 2023 Acme Inc.", "Copyright © 2023 Acme Inc."),
    ("Reverse landscape (270掳)", "Reverse landscape (270°)"),
    ("Index card 4脳6", "Index card 4×6"),
    ("Tickets from 拢5", "Tickets from £5"),
    ("i file che iniziano con 芦.禄 sono nascosti", "i file che iniziano con «.» sono nascosti"),
    # A legacy single-byte page read as cp1252.
    ("Ïðèâåò", "Привет"),
    # A UTF-8 file's byte order mark read with a multi-byte codec, whole or with a
    # byte lost: GBK takes the next byte with its last (`縃` is BF 48).
    ("锘縃ello world", "\ufeffHello world"),
    ('锘縶"key": 1}', '\ufeff{"key": 1}'),
    ("\ufffdｻｿHello world", "\ufeffHello world"),
    ("\ufffdｻｿ荳ｭ譁\ufffd", "\ufeff中文"),
    ("鏤\ufffdHello world", "\ufeffHello world"),
    # ... and as strict cp1252, which lost the closing quote's last byte (9D).
    ("ï»¿Hello â€œworldâ€\ufffd", "\ufeffHello “world”"),
]


@pytest.mark.parametrize(("garbled", "original"), SNIPPETS)
def test_a_short_snippet_is_repaired(garbled: str, original: str) -> None:
    assert mojifix.repair(garbled) == original


CLEAN = ["Straße", "ÄÖÜ äöü ß", "São Paulo", "中文字符", "こんにちは", "Привет", "½ × ¾"]
# A byte order mark that is one, and a text that starts with 锘 (nobelium).
CLEAN += ["\ufeffHello", "锘元素"]
# A hanzi that reads as a sign, among other CJK (漏 is leak).
CLEAN += ["漏水了", "这里漏 2 个", "屋顶漏 2023"]


@pytest.mark.parametrize("text", CLEAN)
def test_a_short_clean_snippet_is_left_alone(text: str) -> None:
    assert mojifix.repair(text) == text


def test_a_byte_order_mark_rebuilt_from_what_is_left_is_reported_and_follows_the_policy() -> None:
    garbled = "\ufffdｻｿHello"
    change = mojifix.explain(garbled).changes[0]
    assert (change.original, change.repaired, change.chain) == ("\ufffdｻｿ", "\ufeff", ("utf-8", "cp932"))
    assert change.lost[0].known == b"\xbb\xbf" and change.lost[0].pattern == "replaced"
    assert mojifix.repair(garbled, lossy="mark") == "\ufffdHello"
    assert mojifix.repair(garbled, lossy="keep") == garbled
