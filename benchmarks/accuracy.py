"""Accuracy on the bundled corpus, for mojifix, ftfy and doing nothing, in one run.

    python -m benchmarks.accuracy [--limit N] [CHAIN ...]

Prints Markdown tables: for every lossless chain, the paragraphs restored exactly
by each repairer; for every lossy pattern (UTF-8 read by a CJK codec the way Python,
browsers, .NET or a save-after-U+FFFD does it), exact restorations and the
character error rate before and after; the same for UTF-8 (and Shift_JIS) read by a
strict single-byte decoder (U+FFFD for each byte it has no character for, or nothing, a
sample per code page); Latin-script UTF-8 read by a decoder that loses whole characters
(ASCII; Big5, EUC-KR, EUC-JP and cp949 for quotes and dashes); UTF-8 read as cp1252 with
its no-break spaces made plain; text in a legacy single-byte page read as cp1252; clean
paragraphs changed,
per language; the ftfy peer cases; the seed article.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus"))

import ftfy

import garble
import mojifix

ROOT = Path(__file__).resolve().parent.parent

REPAIRERS: dict[str, Callable[[str], str]] = {
    "mojifix": mojifix.repair,
    "ftfy.fix_text": ftfy.fix_text,
    "ftfy.fix_encoding": ftfy.fix_encoding,
    "nothing": lambda text: text,
}
LOSSY_CODECS = ("gbk", "gb18030", "cp932", "big5", "cp949")


def edits(a: str, b: str) -> int:
    """Levenshtein distance between a and b: the character edits that turn one into the other.

    Bit-parallel (Hyyrö's form of Myers' algorithm): one pass over b, a's positions
    as the bits of Python integers.

    >>> edits("kitten", "sitting")
    3
    """
    if not a:
        return len(b)
    positions: dict[str, int] = {}
    for i, ch in enumerate(a):
        positions[ch] = positions.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    top = 1 << (len(a) - 1)
    plus, minus, score = full, 0, len(a)
    for ch in b:
        eq = positions.get(ch, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        up = minus | (~(xh | plus) & full)
        down = plus & xh
        if up & top:
            score += 1
        elif down & top:
            score -= 1
        up = ((up << 1) | 1) & full
        down = (down << 1) & full
        plus = down | (~(xv | up) & full)
        minus = up & xv
    return score


def _pct(n: int, d: int) -> str:
    return f"{100 * n / max(1, d):.2f} %"


def lossless(chains: list[str], limit: int | None) -> list[str]:
    lines = ["| chain | cases | " + " | ".join(REPAIRERS) + " |", "|---|---:|" + "---:|" * len(REPAIRERS)]
    for name in chains:
        cases = list(garble.cases(name))[:limit]
        row = [
            _pct(sum(fix(bad) == text for _, text, bad in cases), len(cases)) for fix in REPAIRERS.values()
        ]
        lines.append(f"| {name} | {len(cases)} | " + " | ".join(row) + " |")
    return lines


def lossy(limit: int | None) -> list[str]:
    lines = [
        "| codec | loss pattern | script | cases | mojifix exact | CER garbled | CER mojifix "
        "| CER drop | CER ftfy.fix_encoding |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for codec in LOSSY_CODECS:
        for pattern in garble.LOSS_PATTERNS:
            for scripts in ("latin", "cjk"):
                cases = list(garble.lossy_cases(codec, pattern, scripts))[:limit]
                if not cases:
                    continue
                chars = sum(len(text) for _, text, _ in cases)
                exact = bad_e = fix_e = ftfy_e = 0
                for _, text, bad in cases:
                    fixed = mojifix.repair(bad)
                    exact += fixed == text
                    bad_e += edits(bad, text)
                    fix_e += edits(fixed, text)
                    ftfy_e += edits(ftfy.fix_encoding(bad), text)
                lines.append(
                    f"| {codec} | {pattern} | {scripts} | {len(cases)} | {_pct(exact, len(cases))} "
                    f"| {_pct(bad_e, chars)} | {_pct(fix_e, chars)} | {_pct(bad_e - fix_e, bad_e)} "
                    f"| {_pct(ftfy_e, chars)} |"
                )
    return lines


# Strict single-byte cases per code page, by default: a sample keeps the run short.
STRICT_SAMPLE = 600


def _spread(found: Iterable[tuple[str, str, str]], limit: int | None) -> list[tuple[str, str, str]]:
    """At most `limit` (or `STRICT_SAMPLE`) of the cases, taken evenly through them, so
    that every language the corpus lists in turn has its share."""
    cases = list(found)
    step = max(1, len(cases) // (limit or STRICT_SAMPLE))
    return cases[::step][: limit or STRICT_SAMPLE]


def _row(name: str, cases: list[tuple[str, str, str]]) -> str:
    """A table row: exact restorations and character error rates, mojifix against
    ftfy.fix_encoding, over (language, original, garbled) cases."""
    chars = sum(len(text) for _, text, _ in cases)
    exact = ftfy_exact = bad_e = fix_e = ftfy_e = 0
    for _, text, bad in cases:
        fixed, by_ftfy = mojifix.repair(bad), ftfy.fix_encoding(bad)
        exact += fixed == text
        ftfy_exact += by_ftfy == text
        bad_e += edits(bad, text)
        fix_e += edits(fixed, text)
        ftfy_e += edits(by_ftfy, text)
    return (
        f"| {name} | {len(cases)} | {_pct(exact, len(cases))} | {_pct(ftfy_exact, len(cases))} "
        f"| {_pct(bad_e, chars)} | {_pct(fix_e, chars)} | {_pct(ftfy_e, chars)} |"
    )


def strict(limit: int | None, errors: str = "replace") -> list[str]:
    """UTF-8 (and Shift_JIS) read by a strict single-byte decoder: U+FFFD for each byte
    it cannot read (errors="replace"), or nothing (errors="ignore")."""
    lines = [
        "| chain | cases | mojifix exact | ftfy.fix_encoding exact | CER garbled | CER mojifix "
        "| CER ftfy.fix_encoding |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    chains = [("utf-8", codec) for codec in garble.STRICT_CODECS] + [("shift_jis", "cp1252")]
    for source, codec in chains:
        lines.append(_row(f"{source}>{codec}", _spread(garble.strict_cases(codec, source, errors), limit)))
    return lines


def whole(limit: int | None) -> list[str]:
    """Latin-script UTF-8 read by a decoder that loses whole characters: U+FFFD for each
    of their bytes (ASCII; Big5, EUC-KR, EUC-JP and cp949 for quotes and dashes); and
    text encoded as ASCII or cp1252 with `?` for each character the page lacks; and
    cp1252 read as UTF-8, one U+FFFD for each non-ASCII character."""
    lines = [
        "| chain | cases | mojifix exact | ftfy.fix_encoding exact | CER garbled | CER mojifix "
        "| CER ftfy.fix_encoding |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for codec in garble.WHOLE_LOSERS:
        lines.append(_row(f"utf-8>{codec}", _spread(garble.whole_loss_cases(codec), limit)))
    for page in ("ascii", "cp1252"):
        name = f"encoded as {page}, `?` for each character it lacks"
        lines.append(_row(name, _spread(garble.unencodable_cases(page), limit)))
    lines.append(_row("cp1252>utf-8, U+FFFD for each character", _spread(garble.replaced_cases(), limit)))
    return lines


def legacy(limit: int | None) -> list[str]:
    """Text in a legacy single-byte page (Cyrillic, Greek, Hebrew, Arabic, Central
    European, Turkish) read as cp1252: `Ïðèâåò` for Привет."""
    lines = [
        "| page read as cp1252 | cases | mojifix exact | ftfy.fix_encoding exact | CER garbled | CER mojifix "
        "| CER ftfy.fix_encoding |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for codec in garble.LEGACY_PAGES:
        cases = list(garble.legacy_cases(codec))[:limit]
        lines.append(_row(f"{codec} ({', '.join(garble.LEGACY_PAGES[codec])})", cases))
    return lines


def spaced(limit: int | None) -> list[str]:
    """UTF-8 read as cp1252 whose no-break spaces (byte A0) became plain spaces."""
    cases = list(garble.spaced_cases())[:limit]
    row = [_pct(sum(fix(bad) == text for _, text, bad in cases), len(cases)) for fix in REPAIRERS.values()]
    return [
        "| chain | cases | " + " | ".join(REPAIRERS) + " |",
        "|---|---:|" + "---:|" * len(REPAIRERS),
        f"| utf-8>cp1252, A0 as a space | {len(cases)} | " + " | ".join(row) + " |",
    ]


def clean(limit: int | None) -> list[str]:
    by_lang: dict[str, list[str]] = {}
    for lang, text in garble.load():
        by_lang.setdefault(lang, []).append(text)
    lines = [
        "| language | paragraphs | " + " | ".join(REPAIRERS) + " |",
        "|---|---:|" + "---:|" * len(REPAIRERS),
    ]
    totals = dict.fromkeys(REPAIRERS, 0)
    count = 0
    for lang, texts in sorted(by_lang.items()):
        texts = texts[:limit]
        count += len(texts)
        row = []
        for name, fix in REPAIRERS.items():
            changed = sum(fix(t) != t for t in texts)
            totals[name] += changed
            row.append(str(changed))
        lines.append(f"| {lang} | {len(texts)} | " + " | ".join(row) + " |")
    lines.append(
        f"| all (changed, lower is better) | {count} | " + " | ".join(str(v) for v in totals.values()) + " |"
    )
    return lines


def peers_and_seed() -> list[str]:
    cases = []
    for path in sorted((ROOT / "corpus" / "peer" / "ftfy").glob("*.json")):
        cases += json.loads(path.read_text(encoding="utf-8"))
    passed_by_ftfy = mojifix_too = filled = 0
    for case in cases:
        want = case.get("fixed-encoding", case.get("fixed"))
        if want is None or ftfy.fix_encoding(case["original"]) != want:
            continue
        passed_by_ftfy += 1
        got = mojifix.repair(case["original"])
        # Where ftfy keeps a U+FFFD for a byte it cannot restore, mojifix may fill it.
        pattern = "".join("." if ch == "\ufffd" else re.escape(ch) for ch in want)
        if got == want or re.fullmatch(pattern, got, re.DOTALL):
            mojifix_too += 1
            filled += got != want
    seed = ROOT / "corpus" / "seed"
    garbled = next(seed.glob("*.garbled.txt")).read_text(encoding="utf-8")
    expected = next(seed.glob("*.expected.txt")).read_text(encoding="utf-8")
    return [
        f"- ftfy peer cases that ftfy's `fix_encoding` passes: mojifix passes {mojifix_too} "
        f"of {passed_by_ftfy} ({filled} with a U+FFFD that ftfy keeps filled in).",
        f"- Seed article: mojifix {'exact' if mojifix.repair(garbled) == expected else 'NOT exact'}; "
        f"ftfy.fix_text {'exact' if ftfy.fix_text(garbled) == expected else 'not exact'}.",
    ]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.accuracy")
    parser.add_argument("chains", nargs="*", help="lossless chains to run (default: all, plus the rest)")
    parser.add_argument("--limit", type=int, default=None, help="at most N cases per table row")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    print("### Lossless chains: paragraphs restored exactly\n")
    print("\n".join(lossless(args.chains or list(garble.CHAINS), args.limit)))
    if not args.chains:
        print("\n### Lossy: UTF-8 read by a CJK codec, each loss pattern\n")
        print("\n".join(lossy(args.limit)))
        print("\n### Lossy: read by a strict single-byte decoder (U+FFFD per unreadable byte)\n")
        print("\n".join(strict(args.limit)))
        print("\n### Lossy: read by a strict single-byte decoder that drops what it cannot read\n")
        print("\n".join(strict(args.limit, "ignore")))
        print("\n### Lossy: Latin-script characters lost whole (U+FFFD per byte, `?` per character)\n")
        print("\n".join(whole(args.limit)))
        print("\n### UTF-8 read as cp1252, no-break spaces made plain spaces\n")
        print("\n".join(spaced(args.limit)))
        print("\n### Legacy single-byte pages read as cp1252\n")
        print("\n".join(legacy(args.limit)))
        print("\n### Clean paragraphs changed, per language\n")
        print("\n".join(clean(args.limit)))
        print("\n### ftfy's own cases and the seed\n")
        print("\n".join(peers_and_seed()))
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
