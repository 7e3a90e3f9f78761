"""The `mojifix` command: repair, scan and explain text files.

mojifix repair corpus/seed/unesco-tianjin-2023.garbled.txt
mojifix scan docs/
mojifix explain "China鈥檚"
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import explain, repair
from .archives import Limits
from .batch import FileResult, Job, Settings, default_workers, plan, progress, remove_partial, run
from .formats import Options, stream_text
from .lossy import MODES
from .normalization import PRESETS
from .report import render

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def _settings(
    args: argparse.Namespace, in_place: bool = False, dry_run: bool = False, to_stdout: bool = False
) -> Settings:
    options = Options(getattr(args, "lossy", "infer"), getattr(args, "normalize", None), args.json_keys)
    limits = Limits(args.max_size, args.max_ratio)
    return Settings(options, limits, in_place=in_place, dry_run=dry_run, to_stdout=to_stdout)


def _batch(args: argparse.Namespace, settings: Settings) -> list[FileResult]:
    items = list(plan(args.paths, getattr(args, "output", None), args.follow_symlinks))
    jobs = [i for i in items if isinstance(i, Job)]
    total = sum(_size(j.source) for j in jobs)
    show = None if args.quiet else progress(total, len(items))
    if args.dask_scheduler:
        from .dask import run_on_cluster

        absolute = [
            Job(i.source.absolute(), i.target.absolute() if i.target else None, i.display)
            if isinstance(i, Job)
            else i
            for i in items
        ]
        results = []
        for res in run_on_cluster(absolute, settings, args.dask_scheduler):
            results.append(res)
            if show:
                show(res)
    else:
        results = run(items, settings, args.workers or default_workers(), show)
    remove_partial(args.paths, getattr(args, "output", None))
    return results


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _summary(results: list[FileResult], verb: str) -> str:
    count: dict[str, int] = {}
    for r in results:
        count[r.status] = count.get(r.status, 0) + 1
    spans = sum(r.report.spans for r in results)
    parts = [f"{count.get(k, 0)} {label}" for k, label in ((("changed", verb)), ("clean", "clean"))]
    for k in ("done before", "skipped", "error"):
        if count.get(k):
            parts.append(f"{count[k]} {k if k != 'error' else 'errors'}")
    return f"mojifix: {len(results)} file(s): {', '.join(parts)}; {spans} span(s) repaired"


def _rows(results: list[FileResult]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for r in results:
        row: dict[str, object] = {"file": r.file, "status": r.status}
        if r.reason:
            row["reason"] = r.reason
        if r.status not in ("skipped", "error"):
            row.update(
                spans=r.report.spans,
                chains=dict(sorted(r.report.chains.items())),
                confidence=r.report.confidence,
                encoding=r.report.encoding,
                examples=[
                    [before.replace("\x00", "").replace("\x01", ""), after]
                    for before, after in r.report.examples[:3]
                ],
                notes=r.report.notes,
            )
        rows.append(row)
    return rows


def _finish(args: argparse.Namespace, results: list[FileResult], verb: str) -> None:
    if args.report:
        Path(args.report).write_text(render(results), encoding="utf-8")
    if args.json:
        print(json.dumps(_rows(results), ensure_ascii=False, indent=2))
    for r in results:
        if r.status in ("skipped", "error"):
            print(f"mojifix: {r.status} {r.file}: {r.reason}", file=sys.stderr)
    if not args.quiet:
        print(_summary(results, verb), file=sys.stderr)


def _stdin_to_stdout(args: argparse.Namespace) -> int:
    def fix(text: str) -> str:
        return repair(text, args.lossy, args.normalize)

    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape", newline="")
    chunks = iter(lambda: stdin.read(1 << 20), "")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="surrogateescape", newline="")
    for piece in stream_text(chunks, fix):
        out.write(piece)
    out.flush()
    return EXIT_CLEAN


def _cmd_repair(args: argparse.Namespace) -> int:
    if not args.paths or args.paths == ["-"]:
        return _stdin_to_stdout(args)
    to_stdout = not (args.output or args.in_place or args.dry_run)
    settings = _settings(args, in_place=args.in_place, dry_run=args.dry_run, to_stdout=to_stdout)
    if args.backup and not args.in_place:
        print("mojifix: --backup goes with --in-place", file=sys.stderr)
        return EXIT_ERROR
    settings = replace(settings, backup=args.backup)
    results = _batch(args, settings)
    for r in results:
        if r.output is not None:
            sys.stdout.write(r.output)
        if r.diff:
            sys.stdout.write(r.diff)
    _finish(args, results, "would change" if args.dry_run else "changed")
    return EXIT_ERROR if any(r.status == "error" for r in results) else EXIT_CLEAN


def _cmd_scan(args: argparse.Namespace) -> int:
    results = _batch(args, _settings(args, dry_run=True))
    if not args.json:
        for r in results:
            if r.status == "changed":
                chains = ", ".join(f"{c} ({n})" for c, n in sorted(r.report.chains.items()))
                print(f"{r.file}: {r.report.spans} span(s), {chains}, confidence {r.report.confidence:.2f}")
                for before, after in r.report.examples[:3]:
                    _, _, rest = before.partition("\x00")
                    original, _, _ = rest.partition("\x01")
                    print(f"    {original!r} -> {after!r}")
    _finish(args, results, "with mojibake")
    if any(r.status == "error" for r in results):
        return EXIT_ERROR
    return EXIT_FOUND if any(r.status == "changed" for r in results) else EXIT_CLEAN


def _cmd_explain(args: argparse.Namespace) -> int:
    text = args.text if args.text is not None else sys.stdin.read()
    result = explain(text, args.lossy, args.normalize)
    if args.json:
        print(
            json.dumps(
                {
                    "text": result.text,
                    "changes": [
                        {
                            "input": [c.input_start, c.input_end],
                            "output": [c.output_start, c.output_end],
                            "original": c.original,
                            "repaired": c.repaired,
                            "chain": list(c.chain),
                            "confidence": c.confidence,
                            "lost": [
                                {"restored": lost.restored, "method": lost.method, "pattern": lost.pattern}
                                for lost in c.lost
                            ],
                        }
                        for c in result.changes
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(result)
        if result.changed:
            print(result.text)
    return EXIT_FOUND if result.changed else EXIT_CLEAN


def _repair_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lossy",
        choices=MODES,
        default="infer",
        help="where bytes were lost: infer the likeliest character (default), mark it U+FFFD, or keep it",
    )
    parser.add_argument(
        "--normalize",
        choices=sorted(PRESETS),
        default=None,
        metavar="PRESET",
        help=f"normalise after repairing, with a preset: {', '.join(sorted(PRESETS))} (default: none)",
    )


def _batch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=0, help="processes (default: all cores)")
    parser.add_argument(
        "--dask-scheduler",
        metavar="tcp://HOST:PORT",
        help="run the files on this Dask cluster instead of local processes (paths must be shared)",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument("--report", metavar="FILE.html", help="write an HTML report of the run")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary")
    parser.add_argument("--follow-symlinks", action="store_true", help="follow links out of the tree")
    parser.add_argument("--json-keys", action="store_true", help="repair JSON keys too, not only values")
    parser.add_argument(
        "--max-size", type=int, default=Limits.max_total, help="most bytes an archive may expand to"
    )
    parser.add_argument(
        "--max-ratio", type=float, default=Limits.max_ratio, help="most bytes out per byte in, unpacking"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `mojifix` command."""
    parser = argparse.ArgumentParser(prog="mojifix", description="Find and repair mojibake.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("repair", help="repair files, folders, archives (or stdin) and print or write them")
    rep.add_argument("paths", nargs="*", help="files or folders; none or - for stdin")
    where = rep.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", help="write here (a folder for several inputs or a folder)")
    where.add_argument("--in-place", action="store_true", help="replace each file atomically")
    where.add_argument("--dry-run", action="store_true", help="print a unified diff of what would change")
    rep.add_argument("--backup", metavar="SUFFIX", help="with --in-place, keep the original as FILE+SUFFIX")
    _repair_options(rep)
    _batch_options(rep)
    rep.set_defaults(func=_cmd_repair)
    scan = sub.add_parser("scan", help="report mojibake; exit 0 clean, 1 found, 2 errors")
    scan.add_argument("paths", nargs="+")
    _batch_options(scan)
    scan.set_defaults(func=_cmd_scan)
    exp = sub.add_parser("explain", help="explain the repair of one string (or stdin)")
    exp.add_argument("text", nargs="?")
    exp.add_argument("--json", action="store_true")
    _repair_options(exp)
    exp.set_defaults(func=_cmd_explain)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `mojifix` command."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        print(f"mojifix: {err}", file=sys.stderr)
        return EXIT_ERROR
    return code


if __name__ == "__main__":
    sys.exit(main())
