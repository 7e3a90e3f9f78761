"""The HTML report of a batch run: counts per chain and per file, examples highlighted."""

from __future__ import annotations

import html
import time
from collections import Counter
from collections.abc import Sequence

from .batch import FileResult

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ddd; padding: .3em .6em;
text-align: left; vertical-align: top; } th { background: #f4f4f4; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.changed { color: #0a6; } .error { color: #c00; } .skipped { color: #a60; }
del { background: #fdd; text-decoration: line-through; } ins { background: #cfc; text-decoration: none; }
.cards { display: flex; gap: 1em; } .card { border: 1px solid #ddd; border-radius: 6px; padding: .6em 1em; }
.card b { display: block; font-size: 1.6em; }
"""


NONE = "<tr><td colspan=2>none</td></tr>"


def _example(before: str, repaired: str) -> str:
    head, _, rest = before.partition("\x00")
    original, _, tail = rest.partition("\x01")
    e = html.escape
    return f"{e(head)}<del>{e(original)}</del><ins>{e(repaired)}</ins>{e(tail)}"


def render(results: Sequence[FileResult], title: str = "mojifix report") -> str:
    """The report as a standalone HTML page."""
    status = Counter(r.status for r in results)
    chains: Counter[str] = Counter()
    for r in results:
        chains.update(r.report.chains)
    spans = sum(r.report.spans for r in results)
    e = html.escape
    cards = "".join(
        f'<div class="card"><b>{n}</b>{e(label)}</div>'
        for label, n in (
            ("files", len(results)),
            ("changed", status["changed"]),
            ("clean", status["clean"] + status["done before"]),
            ("skipped", status["skipped"]),
            ("errors", status["error"]),
            ("spans repaired", spans),
        )
    )
    chain_rows = "".join(f"<tr><td>{e(c)}</td><td class=n>{n}</td></tr>" for c, n in chains.most_common())
    file_rows = []
    for r in results:
        why = e(r.reason or "; ".join(r.report.notes))
        file_rows.append(
            f'<tr><td>{e(r.file)}</td><td class="{e(r.status.replace(" ", "-"))}">{e(r.status)}</td>'
            f"<td class=n>{r.report.spans}</td><td>{e(', '.join(sorted(r.report.chains)))}</td>"
            f"<td>{why}</td></tr>"
        )
    examples = []
    for r in results:
        for before, repaired in r.report.examples[:3]:
            examples.append(f"<tr><td>{e(r.file)}</td><td>{_example(before, repaired)}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{e(title)}</h1>
<p>{time.strftime("%Y-%m-%d %H:%M")}</p>
<div class="cards">{cards}</div>
<h2>Spans per chain</h2>
<table><tr><th>chain</th><th>spans</th></tr>{chain_rows or NONE}</table>
<h2>Files</h2>
<table><tr><th>file</th><th>status</th><th>spans</th><th>chains</th><th>notes</th></tr>{"".join(file_rows)}</table>
<h2>Examples</h2>
<table><tr><th>file</th><th>before → after</th></tr>{"".join(examples) or NONE}</table>
</body></html>
"""
