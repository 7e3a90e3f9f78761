"""Batch runs over files, folders and archives: planned, parallel, atomic, resumable.

Every input file becomes one `Job`; workers (processes) repair jobs independently and
write each output through a temporary file in the target's folder that is flushed
and renamed into place, so a run killed at any moment leaves every output complete
or absent. Running the same command again skips outputs that are already newer than
their input. Results come back in input order whatever the number of workers.
"""

from __future__ import annotations

import codecs
import difflib
import glob
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .archives import Limits, Refused, kind, repair_file
from .formats import BLOCK, DocumentReport, NotText, Options, decode, fixer, jsonl_lines, stream_text
from .repair import explain

TMP_SUFFIX = ".mojifix-tmp"
# Plain text and JSON Lines bigger than this are streamed, never read whole.
STREAM_ABOVE = 32 << 20


@dataclass(frozen=True)
class Job:
    """One input file and where its repair goes (None: standard output or nowhere)."""

    source: Path
    target: Path | None
    display: str


@dataclass
class FileResult:
    """What happened to one file."""

    file: str
    status: str  # "changed", "clean", "skipped", "error", "done before"
    reason: str = ""
    size: int = 0
    report: DocumentReport = field(default_factory=DocumentReport)
    diff: str = ""
    output: str | None = None  # the repaired text, when printing to standard output


@dataclass(frozen=True)
class Settings:
    """How a batch runs."""

    options: Options = field(default_factory=Options)
    limits: Limits = field(default_factory=Limits)
    in_place: bool = False
    backup: str | None = None
    dry_run: bool = False
    to_stdout: bool = False


def plan(
    paths: Sequence[str], output: str | None, follow_symlinks: bool = False
) -> Iterator[Job | FileResult]:
    """Jobs for every file under `paths`, or results for what cannot be a job."""
    several = len(paths) > 1 or any(Path(p).is_dir() for p in paths)
    one_folder = len(paths) == 1 and Path(paths[0]).is_dir()
    out = Path(output) if output else None
    remove_partial(paths, output)
    for p in paths:
        root = Path(p)
        if root.is_dir():
            top = root.resolve()
            for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
                dirnames.sort()
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    if name.startswith(".") and name.endswith(TMP_SUFFIX):
                        continue  # a partial output, removed by `remove_partial`
                    rel = path.relative_to(root)
                    if path.is_symlink() and not follow_symlinks:
                        target = path.resolve()
                        if not target.is_relative_to(top):
                            yield FileResult(
                                str(path), "skipped", "symlink out of the tree (--follow-symlinks)"
                            )
                            continue
                    if out is not None and _inside(path, out):
                        continue  # never read our own output folder
                    mirrored = (out / rel if one_folder else out / root.name / rel) if out else None
                    yield Job(path, mirrored, str(path))
        elif root.exists() or root.is_symlink():
            single = (out / root.name if several else out) if out else None
            yield Job(root, single, str(root))
        else:
            yield FileResult(str(root), "error", "no such file")


def remove_partial(paths: Sequence[str], output: str | None) -> None:
    """Remove the temporary files of writes that never finished under `paths` and `output`.

    A worker killed mid-write (out of memory, a lost cluster node) cannot remove its
    own temporary file; the run calls this before it starts and after it ends.
    """
    for place in [*paths, *([output] if output else [])]:
        root = Path(place)
        if root.is_dir():
            stale = root.rglob(f".*{TMP_SUFFIX}")
        else:
            stale = root.parent.glob(f".{glob.escape(root.name)}.*{TMP_SUFFIX}")
        for path in stale:
            path.unlink(missing_ok=True)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def write_atomic(path: Path, data: bytes | Callable[[Path], None]) -> None:
    """Write via a temporary file in the same folder, flushed, then renamed over `path`.

    `data` is the bytes, or a function that writes the temporary file itself.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        if callable(data):
            os.close(fd)
            data(Path(tmp))
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _streamable(job: Job) -> bool:
    name = job.source.name.lower()
    return kind(name) is None and not name.endswith((".html", ".htm", ".xhtml", ".json", ".csv", ".tsv"))


def _stream(job: Job, settings: Settings, target: Path, report: DocumentReport) -> None:
    """Repair a big plain-text or JSON Lines file in bounded memory, straight to `target`."""
    with open(job.source, "rb") as fh:
        head = fh.read(1 << 20)
    try:  # a sequence cut by the end of the sample is fine
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8"
    except UnicodeDecodeError:
        _, encoding = decode(head)
    if encoding != "utf-8":
        report.notes.append(f"decoded as {encoding} (not UTF-8); written as UTF-8")

    fix = fixer(settings.options, report)

    def chunks() -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        with open(job.source, "rb") as fh:
            while block := fh.read(BLOCK):
                yield decoder.decode(block)
            yield decoder.decode(b"", final=True)

    def lines() -> Iterator[str]:
        pending = ""
        for chunk in chunks():
            pending += chunk
            *complete, pending = pending.split("\n")
            yield from (line + "\n" for line in complete)
        if pending:
            yield pending

    with open(target, "w", encoding="utf-8", newline="") as out:
        if job.source.name.lower().endswith((".jsonl", ".ndjson")):
            for line in jsonl_lines(lines(), fix, settings.options):
                out.write(line)
        else:
            for piece in stream_text(chunks(), fix):
                out.write(piece)


def _keep_original(job: Job, suffix: str) -> None:
    """Copy the original beside itself as FILE+SUFFIX, before it is replaced."""
    shutil.copy2(job.source, job.source.with_name(job.source.name + suffix))


def process(job: Job, settings: Settings) -> FileResult:
    """Repair one file; never raises for bad input, reports it instead."""
    result = FileResult(job.display, "clean")
    try:
        stat = job.source.stat()
        result.size = stat.st_size
        target = job.source if settings.in_place else job.target
        if (
            target is not None
            and not settings.in_place
            and not settings.dry_run
            and target.exists()
            and target.stat().st_mtime >= stat.st_mtime
        ):
            result.status = "done before"
            return result
        if stat.st_size > STREAM_ABOVE and _streamable(job) and target is not None and not settings.dry_run:
            report = result.report
            if settings.in_place and settings.backup:
                _keep_original(job, settings.backup)
            write_atomic(target, lambda tmp: _stream(job, settings, tmp, report))
            result.status = "changed" if report.spans or report.notes else "clean"
            return result
        data = job.source.read_bytes()
        fixed, result.report = repair_file(data, job.source.name, settings.options, settings.limits)
    except NotText as err:
        result.status, result.reason = "skipped", str(err)
        return result
    except Refused as err:
        result.status, result.reason = "error", f"refused: {err}"
        return result
    except (ValueError, UnicodeDecodeError) as err:
        result.status, result.reason = "error", str(err)
        return result
    except OSError as err:
        result.status, result.reason = "error", f"unreadable: {err.strerror or err}"
        return result
    changed = fixed != data
    result.status = "changed" if changed else "clean"
    if settings.dry_run:
        if changed and kind(job.source.name) is None:
            result.diff = "".join(
                difflib.unified_diff(
                    data.decode(result.report.encoding, "replace").splitlines(keepends=True),
                    fixed.decode("utf-8").splitlines(keepends=True),
                    f"a/{job.display}",
                    f"b/{job.display}",
                )
            )
        return result
    try:
        if settings.to_stdout:
            result.output = fixed.decode("utf-8", "replace")
        elif settings.in_place:
            if changed:
                if settings.backup:
                    _keep_original(job, settings.backup)
                write_atomic(job.source, fixed)
        elif job.target is not None:
            write_atomic(job.target, fixed)
    except OSError as err:
        result.status, result.reason = "error", f"cannot write: {err.strerror or err}"
    return result


def _process_star(args: tuple[Job, Settings]) -> FileResult:
    return process(*args)


def run(
    items: Sequence[Job | FileResult],
    settings: Settings,
    workers: int,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Process every job, in order, with `workers` processes (1: in this process)."""
    results: list[FileResult] = []
    jobs = [(item, settings) for item in items if isinstance(item, Job)]
    ready = iter(results_for(items, jobs, workers))
    for item in items:
        res = item if isinstance(item, FileResult) else next(ready)
        results.append(res)
        if on_result:
            on_result(res)
    return results


def results_for(
    items: Sequence[Job | FileResult], jobs: list[tuple[Job, Settings]], workers: int
) -> Iterator[FileResult]:
    if workers <= 1 or len(jobs) <= 1:
        for args in jobs:
            yield _process_star(args)
        return
    # Build the tables and patterns once here: forked workers inherit them.
    explain("China鈥檚 ÖÐÎÄ “x”")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_process_star, jobs, chunksize=1)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def progress(total_bytes: int, files: int) -> Callable[[FileResult], None] | None:
    """A progress bar on standard error when it is a terminal (files, MB/s, ETA)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000, desc=f"0/{files} files")
    done = [0]

    def update(res: FileResult) -> None:
        done[0] += 1
        bar.set_description(f"{done[0]}/{files} files", refresh=False)
        bar.update(res.size)
        if done[0] == files:
            bar.close()

    return update
