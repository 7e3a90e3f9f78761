"""Draw the speed figures as an SVG bar chart (no plotting library needed).

    python -m benchmarks.chart SPEED.json OUT.svg

Bars per text kind, on a log scale of MB/s: the codec round trip (the physical
reference), mojifix.repair, and ftfy.fix_text, all from the same run.
"""

from __future__ import annotations

import html
import json
import math
import sys
from pathlib import Path

SERIES = (("codec round trip", "#999999"), ("mojifix.repair", "#1f77b4"), ("ftfy.fix_text", "#ff7f0e"))


def svg(result: dict[str, object]) -> str:
    kinds = result["kinds"]
    assert isinstance(kinds, dict)
    names = list(kinds)
    width, left, top, row = 900, 230, 40, 54
    height = top + row * len(names) + 50
    lo, hi = 0.01, 1000.0

    def x(v: float) -> float:
        v = min(max(v, lo), hi)
        return left + (width - left - 70) * (math.log10(v) - math.log10(lo)) / (
            math.log10(hi) - math.log10(lo)
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="14">Throughput, MB/s of UTF-8 (log scale); '
        f"{html.escape(str(result['machine']))}, {html.escape(str(result['date']))}</text>",
    ]
    for tick in (0.01, 0.1, 1, 10, 100, 1000):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 5}" x2="{x(tick):.1f}" y2="{height - 45}" stroke="#eee"/>'
        )
        parts.append(f'<text x="{x(tick):.1f}" y="{height - 30}" text-anchor="middle">{tick:g}</text>')
    for i, name in enumerate(names):
        y0 = top + i * row
        parts.append(f'<text x="{left - 8}" y="{y0 + 24}" text-anchor="end">{html.escape(name)}</text>')
        for j, (series, colour) in enumerate(SERIES):
            value = float(kinds[name][series])
            y = y0 + 4 + j * 15
            parts.append(
                f'<rect x="{left}" y="{y}" width="{x(value) - left:.1f}" height="13" fill="{colour}"/>'
                f'<text x="{x(value) + 4:.1f}" y="{y + 11}">{value:.3g}</text>'
            )
    for j, (series, colour) in enumerate(SERIES):
        lx = left + j * 200
        parts.append(f'<rect x="{lx}" y="{height - 20}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{height - 10}">{html.escape(series)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    Path(target).write_text(svg(json.loads(source.read_text(encoding="utf-8"))), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
