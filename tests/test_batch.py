"""End to end: the installed command on trees of every format, safety and resumption."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import signal
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
import zstandard
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from test_cli import run

GARBLED = "China鈥檚 “plan” for ÖÐÎÄÎÄ±¾ºÍ´úÂë"
FIXED = "China’s “plan” for 中文文本和代码"


def _zip_with_gbk_name(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip as Windows tools write it: a GBK member name, no UTF-8 flag."""

    def legacy(self: zipfile.ZipInfo) -> tuple[bytes, int]:
        try:
            return self.filename.encode("ascii"), self.flag_bits
        except UnicodeEncodeError:
            return self.filename.encode("gbk"), self.flag_bits & ~0x800

    with monkeypatch.context() as m:
        m.setattr(zipfile.ZipInfo, "_encodeFilenameFlags", legacy)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("notes.txt", GARBLED)
            z.writestr("报告.txt", GARBLED)
            z.writestr("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")


def _warc(path: Path) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        body = f"<html><body><p>{GARBLED}</p></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                "http://example.com/", "response", payload=io.BytesIO(body), http_headers=http
            )
        )
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                "http://example.com/a.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=img
            )
        )


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GARBLED + "\n", encoding="utf-8")
    (root / "b.md").write_text(f"# Title\n\n{GARBLED}\n", encoding="utf-8")
    (root / "page.html").write_text(
        f'<html><head><script>var s = "鈥檚";</script></head><body title="{GARBLED}"><p>{GARBLED}</p>'
        "<!-- 鈥檚 --></body></html>",
        encoding="utf-8",
    )
    (root / "data.json").write_text(
        json.dumps({"鈥檚key": GARBLED, "n": [1, GARBLED]}, ensure_ascii=False, indent=2)
    )
    (root / "rows.jsonl").write_text(
        "\n".join(json.dumps({"t": GARBLED}, ensure_ascii=False) for _ in range(3)) + "\n"
    )
    (root / "table.csv").write_text(f'id;text\r\n1;"{GARBLED}"\r\n2;clean\r\n', encoding="utf-8")
    (root / "table.tsv").write_text(f"id\ttext\n1\t{GARBLED}\n", encoding="utf-8")
    (root / "legacy.txt").write_bytes(("这是一段用 GB18030 保存的中文文本，" + GARBLED).encode("gb18030"))
    (root / "sub" / "c.txt.gz").write_bytes(gzip.compress(GARBLED.encode()))
    (root / "sub" / "c.txt.bz2").write_bytes(bz2.compress(GARBLED.encode()))
    (root / "sub" / "c.txt.xz").write_bytes(lzma.compress(GARBLED.encode()))
    (root / "sub" / "c.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(GARBLED.encode()))
    _zip_with_gbk_name(root / "archive.zip", monkeypatch)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        data = GARBLED.encode()
        info = tarfile.TarInfo("inner/d.txt")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    (root / "bundle.tar.gz").write_bytes(buf.getvalue())
    _warc(root / "crawl.warc.gz")
    (root / "blob.bin").write_bytes(b"\x00\x01\x02\x03binary")
    return root


def test_every_format(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run("repair", str(tree), "-o", str(out), "--json", "--report", str(tmp_path / "r.html"))
    assert res.returncode == 0, res.stderr
    rows = {Path(r["file"]).name: r for r in json.loads(res.stdout)}
    assert rows["blob.bin"]["status"] == "skipped"
    assert (out / "a.txt").read_text(encoding="utf-8") == FIXED + "\n"
    assert (out / "b.md").read_text(encoding="utf-8") == f"# Title\n\n{FIXED}\n"
    page = (out / "page.html").read_text(encoding="utf-8")
    assert f'title="{FIXED}"' in page and f"<p>{FIXED}</p>" in page
    assert 'var s = "鈥檚";' in page and "<!-- 鈥檚 -->" in page  # script and comments untouched
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    assert data == {"鈥檚key": FIXED, "n": [1, FIXED]}  # keys untouched unless --json-keys
    assert all(json.loads(line)["t"] == FIXED for line in (out / "rows.jsonl").read_text().splitlines())
    assert (out / "table.csv").read_bytes() == f'id;text\r\n1;"{FIXED}"\r\n2;clean\r\n'.encode()
    assert (out / "table.tsv").read_text(encoding="utf-8") == f"id\ttext\n1\t{FIXED}\n"
    assert (out / "legacy.txt").read_text(encoding="utf-8") == "这是一段用 GB18030 保存的中文文本，" + FIXED
    assert "gb18030" in " ".join(rows["legacy.txt"]["notes"]).lower()
    assert gzip.decompress((out / "sub" / "c.txt.gz").read_bytes()).decode() == FIXED
    assert bz2.decompress((out / "sub" / "c.txt.bz2").read_bytes()).decode() == FIXED
    assert lzma.decompress((out / "sub" / "c.txt.xz").read_bytes()).decode() == FIXED
    assert zstandard.ZstdDecompressor().decompress((out / "sub" / "c.txt.zst").read_bytes()).decode() == FIXED
    with zipfile.ZipFile(out / "archive.zip") as z:
        assert sorted(z.namelist()) == ["logo.png", "notes.txt", "报告.txt"]
        assert z.read("报告.txt").decode() == FIXED
        assert z.read("logo.png").startswith(b"\x89PNG")
    with tarfile.open(out / "bundle.tar.gz") as t:
        member = t.extractfile("inner/d.txt")
        assert member is not None and member.read().decode() == FIXED
    with open(out / "crawl.warc.gz", "rb") as fh:
        records = list(
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(fh, check_digests="raise")
        )
    assert FIXED.encode() in records[0][1] and records[1][1] == b"\x89PNG"
    # A second run over the repaired tree changes nothing.
    again = run("repair", str(out), "--in-place", "--json")
    assert all(r["status"] in ("clean", "skipped") for r in json.loads(again.stdout)), again.stdout


def test_originals_untouched_and_in_place_with_backup(tree: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    run("repair", str(tree), "-o", str(tmp_path / "out"), "-q")
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    target = tree / "a.txt"
    assert run("repair", "--in-place", "--backup", ".orig", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == FIXED + "\n"
    assert (tree / "a.txt.orig").read_text(encoding="utf-8") == GARBLED + "\n"


def test_dry_run_prints_a_diff_and_writes_nothing(tree: Path) -> None:
    res = run("repair", "--dry-run", str(tree / "a.txt"))
    assert f"-{GARBLED}" in res.stdout and f"+{FIXED}" in res.stdout
    assert (tree / "a.txt").read_text(encoding="utf-8") == GARBLED + "\n"


def test_workers_give_the_same_result_in_the_same_order(tree: Path, tmp_path: Path) -> None:
    one = run("repair", str(tree), "-o", str(tmp_path / "o1"), "--workers", "1", "--json")
    two = run("repair", str(tree), "-o", str(tmp_path / "o2"), "--workers", "2", "--json")
    assert [r["file"] for r in json.loads(one.stdout)] == [r["file"] for r in json.loads(two.stdout)]
    for p in (tmp_path / "o1").rglob("*"):
        if p.is_file() and not p.name.endswith((".gz", ".zip", ".xz", ".bz2", ".zst")):
            assert p.read_bytes() == (tmp_path / "o2" / p.relative_to(tmp_path / "o1")).read_bytes()


def test_zip_slip_bomb_broken_symlinks_reported(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    with zipfile.ZipFile(root / "slip.zip", "w") as z:
        z.writestr("../../evil.txt", GARBLED)
    with zipfile.ZipFile(root / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.txt", b"0" * (50 << 20))
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b"0" * (50 << 20)))
    (root / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text(GARBLED, encoding="utf-8")
    (root / "link.txt").symlink_to(outside)
    res = run("scan", str(root), "--json", "--max-ratio", "50")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    rows = {Path(r["file"]).name: r for r in json.loads(res.stdout)}
    assert "zip slip" in rows["slip.zip"]["reason"]
    assert "bomb" in rows["bomb.zip"]["reason"] and "bomb" in rows["bomb.txt.gz"]["reason"]
    assert "broken zip" in rows["broken.zip"]["reason"]
    assert rows["dangling.txt"]["status"] == "error"
    assert rows["link.txt"]["status"] == "skipped" and "symlink" in rows["link.txt"]["reason"]
    followed = run("scan", str(root / "link.txt"), "--json")
    assert json.loads(followed.stdout)[0]["status"] == "changed"


def test_sigkill_midway_then_rerun_finishes_the_job(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    text = (GARBLED + " " + "Lifelong learning 鈥淐LC鈥 groups. " * 40 + "\n\n") * 30
    for i in range(120):
        (src / f"f{i:03}.txt").write_text(text, encoding="utf-8")
    reference = tmp_path / "reference"
    assert run("repair", str(src), "-o", str(reference), "-q").returncode == 0
    out = tmp_path / "out"
    exe = run.__globals__["shutil"].which("mojifix")
    proc = subprocess.Popen(
        [exe, "repair", str(src), "-o", str(out), "-q", "--workers", "2"], start_new_session=True
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.txt"))) < 10:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = list(out.glob("*.txt"))
    assert 0 < len(done) < 120, "the kill should land midway"
    for p in done:  # every output present is complete
        assert p.read_bytes() == (reference / p.name).read_bytes()
    res = run("repair", str(src), "-o", str(out), "--json", "-q")
    statuses = [r["status"] for r in json.loads(res.stdout)]
    assert statuses.count("done before") >= len(done) - 2
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in reference.iterdir())
    for p in reference.iterdir():
        assert (out / p.name).read_bytes() == p.read_bytes()


def test_html_report_renders_in_headless_chromium(tree: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    run("repair", str(tree), "-o", str(tmp_path / "out"), "--report", str(report), "-q")
    chromium = run.__globals__["shutil"].which("chromium") or run.__globals__["shutil"].which(
        "chromium-browser"
    )
    assert chromium, "headless Chromium is needed for this test (.ci/run installs it)"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    shot = tmp_path / "report.png"
    subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", "--window-size=1200,900", report.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    assert "spans repaired" in dom and "<del>鈥檚</del>" in dom.replace("&nbsp;", " ")
    assert "utf-8 &gt; gbk" in dom or "utf-8 > gbk" in dom


def test_partial_writes_of_a_killed_worker_are_removed(tmp_path: Path) -> None:
    from mojifix.batch import TMP_SUFFIX, remove_partial

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GARBLED, encoding="utf-8")
    single = tmp_path / "one.txt"
    single.write_text(GARBLED, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    partial = [
        out / f".a.txt.x1{TMP_SUFFIX}",
        src / f".a.txt.x2{TMP_SUFFIX}",
        tmp_path / f".one.txt.x3{TMP_SUFFIX}",
    ]
    keep = tmp_path / f".other.txt.x4{TMP_SUFFIX}"  # not ours: another file's write
    for p in [*partial, keep]:
        p.write_text("half", encoding="utf-8")
    remove_partial([str(src), str(single)], str(out))
    assert not any(p.exists() for p in partial)
    assert keep.exists()
    res = run("repair", str(src), "-o", str(out), "--json", "-q")
    assert [r["status"] for r in json.loads(res.stdout)] == ["changed"]
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]
