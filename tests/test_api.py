"""The public API: repair, explain, detect and their typed results."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mojifix


def test_clean_text_identical() -> None:
    for text in ["", "plain ASCII", "Café “quotes” — dash", "中文文本，没有问题。"]:
        assert mojifix.repair(text) == text
        assert not mojifix.explain(text).changed


def test_explain_is_immutable_and_printable() -> None:
    result = mojifix.explain("China鈥檚 growth")
    assert result.text == "China’s growth"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    shown = str(result)
    assert "鈥檚" in shown and "utf-8 > gbk" in shown and "confidence" in shown


def test_detect_agrees_with_explain() -> None:
    det = mojifix.detect("China鈥檚 growth")
    assert det and det.is_mojibake
    assert det.chains == (("utf-8", "gbk"),)
    assert det.spans[0].start == 5 and det.spans[0].end == 7
    assert not mojifix.detect("中文文本")


def test_bytes_rejected_with_clear_error() -> None:
    with pytest.raises(TypeError, match="decode bytes first"):
        mojifix.repair(b"abc")  # type: ignore[arg-type]


def test_replacement_hole_inferred_and_reported_or_marked() -> None:
    # UTF-8 "中文字符" read by Python's gbk codec with errors="replace".
    bad = "中文字符".encode().decode("gbk", "replace")
    result = mojifix.explain(bad)
    assert result.text == "中文字符"
    guesses = [lost for c in result.changes for lost in c.lost]
    assert [g.restored for g in guesses] == ["中", "符"]
    assert all(g.inferred and 0.5 <= g.confidence < 1 and "wordfreq" in g.method for g in guesses)
    marked = mojifix.explain(bad, lossy="mark")
    assert marked.text == "\ufffd文字\ufffd"
    assert len(marked.unrecovered) == 2


def test_a_cache_folder_follows_the_source_and_replaces_stale_ones(tmp_path: Path, monkeypatch) -> None:
    from mojifix import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("MOJIFIX_NO_CACHE", raising=False)
    folder = cache._folder()
    assert cache._source_digest() in folder.name
    version = folder.name.split("-", 1)[0]
    stale = folder.parent / f"{version}-000000000000-rest"
    other_version = folder.parent / "9.9.9-000000000000-rest"
    for path in (stale, other_version):
        path.mkdir(parents=True)
    assert cache.cached("probe", lambda: [1, 2]) == [1, 2]
    assert (folder / "probe.pickle").exists()
    assert not stale.exists() and other_version.exists()
    assert cache.cached("probe", lambda: [3]) == [1, 2]  # read back, not rebuilt


def test_derived_tables_cached_on_disk_give_the_same_results(tmp_path: Path) -> None:
    code = "import mojifix; print(mojifix.repair('China鈥檚 ÖÐÎÄ 涓�鏂囧瓧绗�'))"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert list(tmp_path.glob("mojifix/*/tables.pickle")) and list(tmp_path.glob("mojifix/*/cjk-zh.pickle"))
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    fresh = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "MOJIFIX_NO_CACHE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert first.stdout == second.stdout == fresh.stdout == "China’s 中文 中文字符\n"


def test_a_rival_reading_that_lost_lends_no_evidence_to_the_next_layer() -> None:
    # Pass one reads `Ã¤Ã¶Ã¼ÃŸ` as UTF-8 (ftfy's own case); EUC-KR's reading of the
    # same bytes lost, and must not then make `äöüß` the hanja `隘廻` in pass two.
    assert mojifix.repair("Ã¤Ã¶Ã¼ÃŸ") == "äöüß"
    # C1 controls shown as cp1252 keep every byte: the layer under them still counts.
    garbled = "--no-warc-digests \x95s\x8cv\x8eZ SHA1 \x93E\x97v"
    assert mojifix.repair(garbled) == "--no-warc-digests 不計算 SHA1 摘要"
