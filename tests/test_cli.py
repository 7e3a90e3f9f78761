"""End to end: the installed `mojifix` command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS

SEED = CORPUS / "seed" / "unesco-tianjin-2023.garbled.txt"
EXPECTED = (CORPUS / "seed" / "unesco-tianjin-2023.expected.txt").read_text(encoding="utf-8")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("mojifix")
    cmd = [exe] if exe else [sys.executable, "-m", "mojifix"]
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True, encoding="utf-8")


def test_repair_file_to_stdout() -> None:
    out = run("repair", str(SEED))
    assert out.returncode == 0
    assert out.stdout == EXPECTED


def test_repair_stdin() -> None:
    out = run("repair", stdin="China鈥檚 ÖÐÎÄ")
    assert out.stdout == "China’s 中文"


def test_in_place_is_atomic_and_complete(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("repair", "--in-place", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == EXPECTED
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_scan_exit_codes_and_json(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("中文文本", encoding="utf-8")
    assert run("scan", str(tmp_path)).returncode == 0
    (tmp_path / "bad.txt").write_text("China鈥檚", encoding="utf-8")
    out = run("scan", "--json", str(tmp_path))
    assert out.returncode == 1
    rows = {Path(r["file"]).name: r for r in json.loads(out.stdout)}
    assert rows["bad.txt"]["spans"] == 1 and rows["clean.txt"]["spans"] == 0


def test_binary_and_missing_files_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02garbage")
    out = run("scan", str(tmp_path), str(tmp_path / "missing.txt"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "binary" in out.stderr and "no such file" in out.stderr


def test_explain_command() -> None:
    out = run("explain", "--json", "China鈥檚")
    data = json.loads(out.stdout)
    assert out.returncode == 1
    assert data["text"] == "China’s"
    assert data["changes"][0]["chain"] == ["utf-8", "gbk"]


def test_normalize_and_lossy_options() -> None:
    out = run("repair", "--normalize", "web", stdin="China鈥檚 ＡＢＣ，&amp;")
    assert out.stdout == "China’s ABC，&"
    out = run("repair", "--lossy", "mark", stdin="Learning Groups鈥. The")
    assert out.stdout == "Learning Groups\ufffd. The"
    out = run("repair", "--normalize", "shiny", stdin="x")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr
