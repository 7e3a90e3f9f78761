"""Make mojibake the way real software does, for tests and benchmarks.

A chain is a list of layers, innermost first; each layer is (encode, decode): the
text is encoded with the first codec and the bytes are read with the second.
`garble` returns None when a strict decoder would fail, that is when the chain is
not lossless for this text.

>>> garble("中文", [("utf-8", "gb18030")])
'涓\\ue15f枃'
>>> garble("中文", [("gbk", "latin-1")])
'ÖÐÎÄ'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-125x)

CLEAN = Path(__file__).parent / "clean"

Layer = tuple[str, str]

# Every lossless chain the engine must reverse, by name.
CHAINS: dict[str, list[Layer]] = {
    # UTF-8 read as a CJK codec
    **{f"utf-8>{c}": [("utf-8", c)] for c in ("gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932")},
    **{f"utf-8>{c}": [("utf-8", c)] for c in ("euc_kr", "cp949", "euc_jp")},
    # legacy CJK bytes read as Latin-1 / cp1252
    **{f"{c}>{w}": [(c, w)] for c in ("gbk", "big5", "shift_jis", "euc_kr") for w in ("latin-1", "cp1252")},
    # the single-byte cases ftfy covers
    **{f"utf-8>{c}": [("utf-8", c)] for c in ("cp1252", "latin-1", "cp1251", "cp1250", "cp1253", "macroman")},
    # layered across families
    "utf-8>gbk>utf-8>cp1252": [("utf-8", "gbk"), ("utf-8", "cp1252")],
    "utf-8>gb18030>utf-8>cp1252": [("utf-8", "gb18030"), ("utf-8", "cp1252")],
    "utf-8>shift_jis>utf-8>latin-1": [("utf-8", "shift_jis"), ("utf-8", "latin-1")],
    "utf-8>cp1252>gbk": [("utf-8", "cp1252"), ("utf-8", "gbk")],
}

# Decoders as real software has them: Windows' cp1252 maps its five undefined bytes
# to C1 controls rather than failing.
_DECODER = {
    "cp1252": "sloppy-windows-1252",
    "cp1251": "sloppy-windows-1251",
    "cp1250": "sloppy-windows-1250",
    "cp1253": "sloppy-windows-1253",
}


def garble(text: str, chain: list[Layer]) -> str | None:
    """Apply `chain` to `text`; None if some layer cannot be done losslessly."""
    for enc, dec in chain:
        try:
            text = text.encode(enc).decode(_DECODER.get(dec, dec))
        except UnicodeError:
            return None
    return text


def load(lang: str | None = None) -> Iterator[tuple[str, str]]:
    """Yield (language, paragraph) from the clean corpus."""
    for path in sorted(CLEAN.glob("*.jsonl")):
        if lang is not None and path.stem != lang:
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                yield path.stem, json.loads(line)["text"]


def cases(chain_name: str) -> Iterator[tuple[str, str, str]]:
    """Yield (language, original, garbled) for every paragraph the chain changes losslessly."""
    chain = CHAINS[chain_name]
    for lang, text in load():
        bad = garble(text, chain)
        if bad is not None and bad != text:
            yield lang, text, bad
