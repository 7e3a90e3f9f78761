"""Accuracy per chain on the bundled corpus, for mojifix, ftfy and doing nothing.

    python -m benchmarks.accuracy [CHAIN ...]

Prints a Markdown table: paragraphs restored exactly per chain and repairer, and
clean paragraphs changed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus"))

import ftfy

import garble
import mojifix

REPAIRERS: dict[str, Callable[[str], str]] = {
    "mojifix": mojifix.repair,
    "ftfy.fix_encoding": ftfy.fix_encoding,
    "nothing": lambda text: text,
}


def main(argv: list[str]) -> None:
    chains = argv or list(garble.CHAINS)
    start = time.perf_counter()
    print("| chain | cases | " + " | ".join(REPAIRERS) + " |")
    print("|---|---:|" + "---:|" * len(REPAIRERS))
    for name in chains:
        cases = list(garble.cases(name))
        row = []
        for fix in REPAIRERS.values():
            ok = sum(fix(bad) == text for _, text, bad in cases)
            row.append(f"{100 * ok / max(1, len(cases)):.2f} %")
        print(f"| {name} | {len(cases)} | " + " | ".join(row) + " |")
    clean = list(garble.load())
    changed = {n: sum(fix(t) != t for _, t in clean) for n, fix in REPAIRERS.items()}
    print(
        f"| clean (changed, lower is better) | {len(clean)} | "
        + " | ".join(str(v) for v in changed.values())
        + " |"
    )
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
