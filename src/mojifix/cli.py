"""The `mojifix` command: repair, scan and explain text files.

mojifix repair corpus/seed/unesco-tianjin-2023.garbled.txt
mojifix scan docs/
mojifix explain "China鈥檚"
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from charset_normalizer import from_bytes

from . import explain, repair
from .lossy import MODES
from .normalization import PRESETS

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def _read(path: Path) -> tuple[str | None, str]:
    """The text of a file and a note on how it was decoded, or None and the reason."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, f"unreadable: {err.strerror or err}"
    if b"\x00" in data[:8192]:
        return None, "binary file"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            return None, "not text in any encoding charset-normalizer knows"
        return str(best), f"decoded as {best.encoding} (not UTF-8)"


def _files(paths: Sequence[str]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file() and not f.is_symlink())
        else:
            yield path


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, flushed, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _cmd_repair(args: argparse.Namespace) -> int:
    if not args.paths or args.paths == ["-"]:
        sys.stdout.write(repair(sys.stdin.read(), args.lossy, args.normalize))
        return EXIT_CLEAN
    status = EXIT_CLEAN
    for path in _files(args.paths):
        text, how = _read(path)
        if text is None:
            print(f"mojifix: skipped {path}: {how}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        fixed = repair(text, args.lossy, args.normalize)
        if args.output:
            target = (
                Path(args.output) / path.name
                if len(args.paths) > 1 or Path(args.paths[0]).is_dir()
                else Path(args.output)
            )
            _write_atomic(target, fixed)
        elif args.in_place:
            if fixed != text:
                _write_atomic(path, fixed)
        else:
            sys.stdout.write(fixed)
    return status


def _cmd_scan(args: argparse.Namespace) -> int:
    status = EXIT_CLEAN
    report: list[dict[str, object]] = []
    for path in _files(args.paths):
        text, how = _read(path)
        if text is None:
            report.append({"file": str(path), "skipped": how})
            status = EXIT_ERROR
            continue
        result = explain(text)
        if result.changes and status == EXIT_CLEAN:
            status = EXIT_FOUND
        report.append(
            {
                "file": str(path),
                "spans": len(result.changes),
                "chains": sorted({" > ".join(c.chain) for c in result.changes}),
                "examples": [[c.original, c.repaired] for c in result.changes[:3]],
            }
        )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for row in report:
            if "skipped" in row:
                print(f"{row['file']}: skipped ({row['skipped']})")
            elif row["spans"]:
                chains = row["chains"]
                assert isinstance(chains, list)
                print(f"{row['file']}: {row['spans']} span(s), {', '.join(chains)}")
    return status


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `mojifix` command."""
    parser = argparse.ArgumentParser(prog="mojifix", description="Find and repair mojibake.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("repair", help="repair files (or stdin) and print or write the result")
    rep.add_argument("paths", nargs="*", help="files or folders; none or - for stdin")
    where = rep.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", help="write here instead of printing (a folder for several inputs)")
    where.add_argument("--in-place", action="store_true", help="replace each file atomically")
    _repair_options(rep)
    rep.set_defaults(func=_cmd_repair)
    scan = sub.add_parser("scan", help="report mojibake; exit 0 clean, 1 found, 2 errors")
    scan.add_argument("paths", nargs="+")
    scan.add_argument("--json", action="store_true")
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
