"""Columns and clusters: pandas, pyarrow, a dask DataFrame and the command on a real LocalCluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pytest
from distributed import Client, LocalCluster

import mojifix
from mojifix.dask import repair_columns
from test_cli import run

GARBLED = ["China鈥檚 plan", None, "ÖÐÎÄÎÄ±¾", "clean text", "涓�鏂囧瓧绗�"]
FIXED = ["China’s plan", None, "中文文本", "clean text", "中文字符"]


def test_repair_many_keeps_nulls_and_refuses_other_types() -> None:
    assert mojifix.repair_many(GARBLED) == FIXED
    with pytest.raises(TypeError, match="str or None"):
        mojifix.repair_many([b"bytes"])  # type: ignore[list-item]


@pytest.mark.parametrize("dtype", [object, "string"])
def test_repair_series_same_type_index_and_nulls(dtype: object) -> None:
    series = pd.Series(GARBLED, index=list("abcde"), name="text", dtype=dtype)
    fixed = mojifix.repair_series(series)
    assert fixed.dtype == series.dtype and fixed.name == "text" and list(fixed.index) == list("abcde")
    assert fixed.isna().tolist() == [v is None for v in FIXED]
    assert [v for v in fixed if isinstance(v, str)] == [v for v in FIXED if v is not None]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_repair_arrow_same_type_and_nulls(kind: pa.DataType) -> None:
    array = pa.array(GARBLED, type=kind)
    fixed = mojifix.repair_arrow(array)
    assert fixed.type == kind and fixed.to_pylist() == FIXED
    chunked = pa.chunked_array([array[:2], array[2:]])
    assert mojifix.repair_arrow(chunked).to_pylist() == FIXED


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_dataframe_on_a_cluster_equals_local(cluster: LocalCluster) -> None:
    frame = pd.DataFrame({"text": GARBLED * 20, "n": range(100)})
    local = frame.assign(text=mojifix.repair_series(frame["text"]))
    with Client(cluster):
        remote = repair_columns(dd.from_pandas(frame, npartitions=4)).compute()

    # dask stores text as pyarrow strings; compare the values, nulls as None.
    def values(series: pd.Series) -> list[object]:
        return [None if pd.isna(v) else v for v in series]

    assert values(remote["text"]) == values(local["text"])
    assert remote["n"].tolist() == local["n"].tolist()


def _tree(root: Path, files: int) -> Path:
    root.mkdir()
    body = "China鈥檚 “plan” for ÖÐÎÄÎÄ±¾ºÍ´úÂë and more.\n\n" * 60
    for i in range(files):
        (root / f"f{i:03}.txt").write_text(f"{i}\n{body}", encoding="utf-8")
    (root / "rows.jsonl").write_text(
        json.dumps({"t": "China鈥檚"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return root


def test_cli_on_a_cluster_equals_a_local_run(cluster: LocalCluster, tmp_path: Path) -> None:
    src = _tree(tmp_path / "in", 12)
    local = run("repair", str(src), "-o", str(tmp_path / "local"), "--json", "-q")
    remote = run(
        "repair",
        str(src),
        "-o",
        str(tmp_path / "remote"),
        "--json",
        "-q",
        "--dask-scheduler",
        cluster.scheduler_address,
    )
    assert remote.returncode == 0, remote.stderr
    strip = [{k: v for k, v in r.items() if k != "file"} for r in json.loads(local.stdout)]
    assert strip == [{k: v for k, v in r.items() if k != "file"} for r in json.loads(remote.stdout)]
    for p in (tmp_path / "local").iterdir():
        assert (tmp_path / "remote" / p.name).read_bytes() == p.read_bytes()


def test_worker_killed_midway_loses_nothing(tmp_path: Path) -> None:
    src = _tree(tmp_path / "in", 60)
    reference = tmp_path / "reference"
    assert run("repair", str(src), "-o", str(reference), "-q").returncode == 0
    out = tmp_path / "out"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c,
        Client(c) as client,
    ):
        pids = list(client.run(os.getpid).values())
        exe = run.__globals__["shutil"].which("mojifix")
        proc = subprocess.Popen(
            [
                exe,
                "repair",
                str(src),
                "-o",
                str(out),
                "--json",
                "-q",
                "--dask-scheduler",
                c.scheduler_address,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline and len(list(out.glob("*.txt"))) < 5:
            time.sleep(0.05)
        assert proc.poll() is None, "the kill should land while the run goes on"
        os.kill(pids[0], signal.SIGKILL)
        stdout, _ = proc.communicate(timeout=300)
    rows = json.loads(stdout)
    not_done = [r["file"] for r in rows if r["status"] == "error"]
    assert not list(out.glob(".*.mojifix-tmp")), "a killed worker's partial write is removed"
    for p in out.iterdir():  # nothing partial: what is there is complete
        assert p.read_bytes() == (reference / p.name).read_bytes()
    assert all("not done on the cluster" in r["reason"] for r in rows if r["status"] == "error")
    # A rerun (here locally) completes whatever was reported as not done.
    again = json.loads(run("repair", str(src), "-o", str(out), "--json", "-q").stdout)
    assert all(r["status"] in ("done before", "changed", "clean") for r in again)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in reference.iterdir())
    assert len(not_done) < 60
