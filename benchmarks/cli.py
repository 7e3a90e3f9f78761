"""The command on many files with 1 and 2 workers, and its peak memory on one big file.

    python -m benchmarks.cli [--files N] [--big-mb MB]

Builds a temporary tree of N files (corpus paragraphs, one in ten garbled), times
`mojifix repair TREE -o OUT` with one worker and with two, then writes a JSON Lines
file of about MB megabytes (one paragraph in a hundred garbled) and reports the
command's peak RSS on it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus"))

import garble


def _command() -> list[str]:
    exe = shutil.which("mojifix")
    return [exe] if exe else [sys.executable, "-m", "mojifix"]


def _paragraphs(every: int) -> list[str]:
    """Corpus paragraphs, one in `every` garbled (UTF-8 read as GBK, bytes dropped)."""
    out = []
    for i, (_, text) in enumerate(garble.load()):
        out.append(garble.garble_lossy(text, "gbk", "ignore") if i % every == 0 else text)
    return out


def make_tree(root: Path, files: int, per_file: int = 500) -> int:
    paras = _paragraphs(10)
    total = 0
    for i in range(files):
        chunk = [paras[(i * per_file + k) % len(paras)] for k in range(per_file)]
        data = "\n\n".join(chunk).encode("utf-8")
        (root / f"doc{i:04}.txt").write_bytes(data)
        total += len(data)
    return total


def make_big(path: Path, megabytes: float) -> int:
    paras = _paragraphs(100)
    target = int(megabytes * 1_000_000)
    written = 0
    i = 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < target:
            line = json.dumps({"id": i, "text": paras[i % len(paras)]}, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    return written


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*_command(), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _peak(args: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one command, measured from a fresh parent process.

    RUSAGE_CHILDREN keeps the largest child ever waited for, so the earlier runs and
    the Dask workers of this process must not count.
    """
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *_command(), *args], check=True, capture_output=True, text=True
    )
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib)


def _dask_run(tree: Path, out: Path) -> float:
    """The same run spread over a Dask LocalCluster of two worker processes (real TCP)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        return _run(
            ["repair", str(tree), "-o", str(out), "-q", "--dask-scheduler", cluster.scheduler_address]
        )


def run(files: int, big_mb: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        tree = root / "tree"
        tree.mkdir()
        size = make_tree(tree, files)
        one = _run(["repair", str(tree), "-o", str(root / "out1"), "-q", "--workers", "1"])
        two = _run(["repair", str(tree), "-o", str(root / "out2"), "-q", "--workers", "2"])
        on_dask = _dask_run(tree, root / "out3")
        big = root / "big.jsonl"
        big_size = make_big(big, big_mb)
        took, peak = _peak(["repair", str(big), "-o", str(root / "big-out.jsonl"), "-q", "--workers", "1"])
    return {
        "files": files,
        "tree MB": size / 1e6,
        "1 worker s": one,
        "2 workers s": two,
        "speed-up": one / two,
        "dask s": on_dask,
        "cores": float(os.cpu_count() or 1),
        "big file MB": big_size / 1e6,
        "big file s": took,
        "big file peak RSS MB": peak / 1024,
    }


def markdown(r: dict[str, float]) -> str:
    return "\n".join(
        [
            "| measure | value |",
            "|---|---:|",
            f"| files in the tree | {int(r['files'])} ({r['tree MB']:.1f} MB) |",
            f"| 1 worker | {r['1 worker s']:.1f} s ({r['tree MB'] / r['1 worker s']:.2f} MB/s) |",
            f"| 2 workers | {r['2 workers s']:.1f} s ({r['tree MB'] / r['2 workers s']:.2f} MB/s) |",
            f"| speed-up, 2 workers over 1 | {r['speed-up']:.2f}× ({int(r['cores'])} cores) |",
            f"| Dask LocalCluster, 2 worker processes | {r['dask s']:.1f} s "
            f"({r['tree MB'] / r['dask s']:.2f} MB/s) |",
            f"| big JSON Lines file | {r['big file MB']:.0f} MB in {r['big file s']:.0f} s |",
            f"| peak RSS of the command on it | {r['big file peak RSS MB']:.0f} MB |",
        ]
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cli")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--big-mb", type=float, default=1000.0)
    args = parser.parse_args(argv)
    print(markdown(run(args.files, args.big_mb)))


if __name__ == "__main__":
    main(sys.argv[1:])
