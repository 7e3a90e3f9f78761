"""The benchmark suite runs on a tiny input and produces well-formed output (no timing checks)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import accuracy, speed


def test_speed_benchmark_on_tiny_input(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "speed.json"
    speed.main(["--size", "0.002", "--json", str(out)])
    table = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["kinds"]) == set(speed.kinds(0.001))
    for row in data["kinds"].values():
        assert row["MB"] > 0 and all(v > 0 for v in row.values())
    assert "| clean Chinese |" in table and "| one line of mojibake |" in table
    # The alternating lost quotes are holes rebuilt, compared per hole with seed-like text.
    alternating = data["pathological"]["garbled and clean alternating"]
    assert alternating["holes"] > 0 and alternating["per-hole cost"] > 0
    from benchmarks import chart

    chart.main([str(out), str(tmp_path / "chart.svg")])
    drawing = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert drawing.startswith("<svg") and drawing.count("<rect") >= 3 * len(data["kinds"])


def test_language_table_covers_the_corpus() -> None:
    rows = speed.languages(0.002)
    assert {"en", "fr", "zh-Hans", "uk"} <= set(rows)
    assert all(r["MB"] > 0 and r["mojifix.repair"] > 0 and r["codec round trip"] > 0 for r in rows.values())


def test_accuracy_benchmark_on_one_chain(capsys) -> None:  # type: ignore[no-untyped-def]
    accuracy.main(["--limit", "20", "utf-8>gbk"])
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("| utf-8>gbk |"))
    assert row.count("%") == len(accuracy.REPAIRERS)


def test_strict_single_byte_table_on_a_few_cases() -> None:
    rows = accuracy.strict(5)
    assert len(rows) == 2 + len(accuracy.garble.STRICT_CODECS) + 1
    assert all(row.count("%") == 5 for row in rows[2:])


def test_cli_benchmark_on_tiny_input(capsys) -> None:  # type: ignore[no-untyped-def]
    from benchmarks import cli

    cli.main(["--files", "4", "--big-mb", "0.2"])
    table = capsys.readouterr().out
    assert "| speed-up, 2 workers over 1 |" in table and "| peak RSS of the command on it |" in table
    assert "| Dask LocalCluster, 2 worker processes |" in table


def test_legacy_page_table_on_a_few_cases() -> None:
    rows = accuracy.legacy(5)
    assert len(rows) == 2 + len(accuracy.garble.LEGACY_PAGES)
    assert all(row.count("%") == 5 for row in rows[2:])


def test_whole_loss_table_on_a_few_cases() -> None:
    rows = accuracy.whole(5)
    assert len(rows) == 2 + len(accuracy.garble.WHOLE_LOSERS) + 3
    assert all(row.count("%") == 5 for row in rows[2:])


def test_spaced_table_on_a_few_cases() -> None:
    rows = accuracy.spaced(5)
    assert len(rows) == 3 and rows[2].count("%") == len(accuracy.REPAIRERS)


def test_strict_single_byte_table_with_dropped_bytes() -> None:
    rows = accuracy.strict(3, "ignore")
    assert len(rows) == 2 + len(accuracy.garble.STRICT_CODECS) + 1
    assert all(row.count("%") == 5 for row in rows[2:])


def test_edits_is_the_levenshtein_distance() -> None:
    assert accuracy.edits("kitten", "sitting") == 3
    assert accuracy.edits("", "abc") == 3 and accuracy.edits("abc", "") == 3
    # difflib's alignment counts 27 here, more than the 25 of the garbled text it
    # came from (` 蚳   蚳蚳 `); the true distance is 22.
    assert accuracy.edits(" ר   רר ", "ידמ בכרומ וא לודג ירלוגר יוטיב") == 22
    assert accuracy.edits(" 蚳   蚳蚳 ", "ידמ בכרומ וא לודג ירלוגר יוטיב") == 25
