"""Throughput on clean and garbled text, against ftfy and one codec round trip, in one run.

    python -m benchmarks.speed [--size MB] [--json FILE]

For each kind of text (built from the bundled corpus, paragraphs repeated up to
`--size` MB of UTF-8) it times `mojifix.repair`, `mojifix.detect`, `ftfy.fix_text`,
`ftfy.fix_encoding` and the physical reference, one codec round trip
(`text.encode("gb18030").decode("utf-8", "surrogateescape")`), and prints MB/s and
ratios to the reference and to ftfy, all measured in the same run. Pathological
inputs follow, as per-byte cost relative to ordinary text of their kind.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus"))

import ftfy

import garble
import mojifix


def _reference(text: str) -> str:
    return text.encode("gb18030").decode("utf-8", "surrogateescape")


REPAIRERS: dict[str, Callable[[str], object]] = {
    "codec round trip": _reference,
    "mojifix.repair": mojifix.repair,
    "mojifix.detect": mojifix.detect,
    "ftfy.fix_text": ftfy.fix_text,
    "ftfy.fix_encoding": ftfy.fix_encoding,
}


def _fill(paragraphs: list[str], size: float) -> str:
    """Paragraphs repeated until the text holds `size` MB of UTF-8."""
    target = int(size * 1_000_000)
    out: list[str] = []
    total = 0
    i = 0
    while total < target and paragraphs:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        total += len(p.encode("utf-8", "surrogatepass")) + 2
        i += 1
    return "\n\n".join(out)


def _paragraphs(langs: tuple[str, ...]) -> list[str]:
    return [text for lang, text in garble.load() if lang in langs]


def kinds(size: float) -> dict[str, str]:
    """The texts to time, by name."""
    en = _paragraphs(("en",))
    zh = _paragraphs(("zh-Hans", "zh-Hant"))
    mixed = [
        p for pair in zip(en, zh, _paragraphs(("ja",)), _paragraphs(("ru",)), strict=False) for p in pair
    ]
    mixed[::7] = [garble.garble_lossy(p, "gbk", "ignore") for p in mixed[::7]]
    return {
        "clean English": _fill(en, size),
        "clean Chinese": _fill(zh, size),
        "clean Japanese": _fill(_paragraphs(("ja",)), size),
        "clean Korean": _fill(_paragraphs(("ko",)), size),
        "clean Russian": _fill(_paragraphs(("ru",)), size),
        "mixed document": _fill(mixed, size),
        "garbled English (seed-like)": _fill([garble.garble_lossy(p, "gbk", "ignore") for p in en], size),
        "garbled Chinese, lossless": _fill(
            [g for p in zh if (g := garble.garble(p, [("utf-8", "gb18030")]))], size
        ),
        "garbled Chinese, lossy": _fill([garble.garble_lossy(p, "gbk", "replace") for p in zh], size),
    }


def pathological(size: float) -> dict[str, tuple[str, str]]:
    """Inputs that could blow up a regex, with the ordinary kind each is compared to."""
    n = int(size * 1_000_000)
    garbled = garble.garble("中文字符" * (n // 12 + 1), [("utf-8", "gb18030")]) or ""
    return {
        "one line of mojibake": (garbled[: n // 3], "garbled Chinese, lossless"),
        "U+FFFD only": ("\ufffd" * (n // 3), "garbled Chinese, lossy"),
        "question marks only": ("?" * n, "clean English"),
        "garbled and clean alternating": ("鈥a" * (n // 4), "garbled English (seed-like)"),
    }


def languages(size: float = 0.25) -> dict[str, dict[str, float]]:
    """Clean text of every corpus language: repair against the round trip and ftfy.fix_text."""
    by_lang: dict[str, list[str]] = {}
    for lang, text in garble.load():
        by_lang.setdefault(lang, []).append(text)
    out: dict[str, dict[str, float]] = {}
    for lang in sorted(by_lang):
        text = _fill(by_lang[lang], size)
        mb = len(text.encode("utf-8", "surrogatepass")) / 1e6
        fns = {k: REPAIRERS[k] for k in ("codec round trip", "mojifix.repair", "ftfy.fix_text")}
        out[lang] = {"MB": mb, **{name: mb / _time(fn, text, 0.3) for name, fn in fns.items()}}
    return out


def _time(fn: Callable[[str], object], text: str, budget: float = 1.0) -> float:
    """Best seconds per call over a few runs, within about `budget` seconds."""
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < 3 and (runs == 0 or spent < budget):
        start = time.perf_counter()
        fn(text)
        took = time.perf_counter() - start
        best = min(best, took)
        spent += took
        runs += 1
    return best


def scaling(sizes: tuple[float, ...] = (1, 10, 100)) -> dict[str, float]:
    """Seconds to repair 1, 10 and 100 MB of clean English and of a mixed document."""
    out: dict[str, float] = {}
    for kind in ("clean English", "mixed document"):
        for size in sizes if kind == "clean English" else sizes[:2]:
            text = kinds(size)[kind]
            start = time.perf_counter()
            mojifix.repair(text)
            out[f"{kind}, {size:g} MB"] = time.perf_counter() - start
    return out


def memory(size: float = 100) -> dict[str, float]:
    """Extra peak memory of `repair` on a string of `size` MB, measured in a fresh process.

    Building the test string itself peaks higher than the repair, so on Linux the
    peak RSS is reset (`/proc/self/clear_refs`) once the string exists; elsewhere the
    process's lifetime peak is all there is, and the figure is an upper bound.
    """
    probe = (
        "import resource, sys; sys.path[:0] = sys.argv[2:]; from benchmarks import speed; import mojifix; "
        "text = speed._fill(speed._paragraphs(('en',)), float(sys.argv[1])); mojifix.repair('China鈥檚'); "
        "base, peak = speed._rss_mb(reset=True), 0.0; mojifix.repair(text); peak = speed._rss_mb(); "
        "print(len(text.encode()) / 1e6, base, peak)"
    )
    root = str(Path(__file__).resolve().parent.parent)
    res = subprocess.run(
        [sys.executable, "-c", probe, str(size), root], check=True, capture_output=True, text=True
    )
    mb, base, peak = (float(v) for v in res.stdout.split())
    return {
        "input MB": mb,
        "RSS before repair MB": base,
        "peak RSS MB": peak,
        "extra / input": (peak - base) / mb,
    }


def _rss_mb(reset: bool = False) -> float:
    """Peak RSS so far in MB; with `reset`, the current RSS after resetting the peak (Linux)."""
    status = Path("/proc/self/status")
    if status.exists():
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size: float) -> dict[str, object]:
    mojifix.repair("warm up: China鈥檚 ÖÐÎÄ")  # build the tables once, outside the timings
    rows: dict[str, dict[str, float]] = {}
    texts = kinds(size)
    for name, text in texts.items():
        mb = len(text.encode("utf-8", "surrogatepass")) / 1e6
        rows[name] = {"MB": mb, **{r: mb / _time(fn, text) for r, fn in REPAIRERS.items()}}
    patho: dict[str, dict[str, float]] = {}
    holes: dict[str, int] = {}
    for name, (text, kind) in pathological(size).items():
        mb = len(text.encode("utf-8", "surrogatepass")) / 1e6
        speed = mb / _time(mojifix.repair, text)
        patho[name] = {
            "MB": mb,
            "MB/s": speed,
            "per-byte cost vs " + kind: rows[kind]["mojifix.repair"] / speed,
        }
        # Lossy input costs by the holes rebuilt, not by the byte: the same per hole
        # is linear cost, however densely the holes stand.
        mine = _holes(text)
        if mine and kind not in holes:
            holes[kind] = _holes(texts[kind])
        if mine and holes.get(kind):
            seconds_per_hole = mb / speed / mine
            ordinary = rows[kind]["MB"] / rows[kind]["mojifix.repair"] / holes[kind]
            patho[name]["holes"] = mine
            patho[name]["per-hole cost"] = seconds_per_hole / ordinary
    return {
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "size MB": size,
        "kinds": rows,
        "pathological": patho,
    }


def _holes(text: str) -> int:
    """How many lost bytes' characters `explain` reports rebuilt or marked in `text`."""
    return sum(len(change.lost) for change in mojifix.explain(text).changes)


def _mbs(value: float) -> str:
    """MB/s with one decimal, or two significant digits under 1 (0.023, not 0.0)."""
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


def markdown(result: dict[str, object]) -> str:
    rows = result["kinds"]
    assert isinstance(rows, dict)
    lines = [
        f"Machine: {result['machine']}; {result['date']}; about {result['size MB']} MB per kind.",
        "",
        "| text | MB | round trip MB/s | mojifix.repair MB/s | mojifix.detect MB/s | ftfy.fix_text MB/s "
        "| ftfy.fix_encoding MB/s | repair / round trip | repair vs fix_text |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['MB']:.2f} | {r['codec round trip']:.0f} | {_mbs(r['mojifix.repair'])} "
            f"| {_mbs(r['mojifix.detect'])} | {r['ftfy.fix_text']:.2f} | {r['ftfy.fix_encoding']:.2f} "
            f"| {r['mojifix.repair'] / r['codec round trip']:.3f} "
            f"| {r['mojifix.repair'] / r['ftfy.fix_text']:.1f}× |"
        )
    patho = result["pathological"]
    assert isinstance(patho, dict)
    lines += [
        "",
        "| pathological input | MB | mojifix.repair MB/s | per-byte cost vs ordinary text "
        "| holes | per-hole cost vs the same |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for name, r in patho.items():
        (label, ratio) = next((k, v) for k, v in r.items() if k.startswith("per-byte"))
        kind = label.removeprefix("per-byte cost vs ")
        hole = f"{r['holes']:.0f} | {r['per-hole cost']:.2f}×" if "holes" in r else "– | –"
        lines.append(f"| {name} | {r['MB']:.2f} | {_mbs(r['MB/s'])} | {ratio:.2f}× ({kind}) | {hole} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed")
    parser.add_argument("--size", type=float, default=1.0, help="MB of UTF-8 per kind of text (default 1)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--scaling", action="store_true", help="also 1/10/100 MB timings and memory on 100 MB"
    )
    parser.add_argument(
        "--languages", action="store_true", help="also clean text of every corpus language (0.25 MB each)"
    )
    args = parser.parse_args(argv)
    result = run(args.size)
    print(markdown(result))
    if args.languages:
        langs = languages()
        result["languages"] = langs
        print(
            "\n| clean text | MB | round trip MB/s | mojifix.repair MB/s | repair / round trip "
            "| repair vs fix_text |\n|---|---:|---:|---:|---:|---:|"
        )
        for lang, r in langs.items():
            print(
                f"| {lang} | {r['MB']:.2f} | {r['codec round trip']:.0f} | {r['mojifix.repair']:.1f} "
                f"| {r['mojifix.repair'] / r['codec round trip']:.2f} "
                f"| {r['mojifix.repair'] / r['ftfy.fix_text']:.1f}× |"
            )
    if args.scaling:
        times = scaling()
        result["scaling"] = times
        base = times["clean English, 1 MB"]
        print("\n| text | seconds | × the 1 MB time |\n|---|---:|---:|")
        for name, seconds in times.items():
            ref = base if name.startswith("clean") else times["mixed document, 1 MB"]
            print(f"| {name} | {seconds:.2f} | {seconds / ref:.1f}× |")
        mem = memory()
        result["memory"] = mem
        print(
            f"\nrepair on {mem['input MB']:.0f} MB of text: RSS {mem['RSS before repair MB']:.0f} MB before, "
            f"peak {mem['peak RSS MB']:.0f} MB; extra memory {mem['extra / input']:.2f}× the input"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
