"""Compressed files and archives, repaired member by member within size limits.

- single compressed files (.gz, .bz2, .xz, .zst): decompressed with a byte budget,
  the inner document repaired by its own format, compressed again the same way;
- .zip and .tar (plain or .tar.gz, .tar.bz2, .tar.xz, .tgz): every member repaired
  by its format, binary members copied; member names that a tool decoded as cp437
  (GBK or Shift_JIS names in a zip without the UTF-8 flag) are decoded again;
- WARC (.warc, .warc.gz): the payloads of text responses and resources repaired,
  HTTP headers and WARC digests updated, every other record copied.

Nothing here writes to disk: archives are read and rebuilt in memory or in streams,
so a member called `../../etc/passwd` cannot escape; such members are refused anyway,
and so is any archive that would expand beyond `Limits`.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any, cast

from .formats import DocumentReport, NotText, Options, likeliest_reading, repair_document
from .score import cost


class Refused(ValueError):
    """An archive or member that is not processed, for safety."""


@dataclass(frozen=True)
class Limits:
    """Decompression bounds: total bytes out, and bytes out per byte in."""

    max_total: int = 4 << 30
    max_ratio: float = 200.0


def _bounded(stream: IO[bytes], budget: int, what: str) -> bytes:
    """Read a stream to its end, refusing to go past `budget` bytes."""
    out = io.BytesIO()
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            return out.getvalue()
        out.write(chunk)
        if out.tell() > budget:
            raise Refused(f"{what} expands beyond the limit of {budget} bytes (a decompression bomb?)")


def _budget(compressed: int, limits: Limits) -> int:
    return int(min(limits.max_total, max(1 << 20, compressed * limits.max_ratio)))


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError as err:  # pragma: no cover - zstandard is a dependency
        raise Refused("zstandard is not installed") from err
    return zstandard


def _compressors() -> dict[str, tuple[Callable[[IO[bytes]], IO[bytes]], Callable[[bytes], bytes]]]:
    def zst_open(fh: IO[bytes]) -> IO[bytes]:
        reader: IO[bytes] = _zstd().ZstdDecompressor().stream_reader(fh)
        return reader

    def zst_pack(data: bytes) -> bytes:
        packed: bytes = _zstd().ZstdCompressor().compress(data)
        return packed

    return {
        ".gz": (lambda fh: cast(IO[bytes], gzip.GzipFile(fileobj=fh)), lambda d: gzip.compress(d, mtime=0)),
        ".bz2": (lambda fh: cast(IO[bytes], bz2.BZ2File(fh)), bz2.compress),
        ".xz": (lambda fh: cast(IO[bytes], lzma.LZMAFile(fh)), lzma.compress),
        ".zst": (zst_open, zst_pack),
    }


def kind(name: str) -> str | None:
    """ "zip", "tar", "warc", "compressed", or None for a plain document."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
        return "tar"
    if lower.endswith((".warc", ".warc.gz")):
        return "warc"
    if lower.endswith(tuple(_compressors())):
        return "compressed"
    return None


def repair_file(data: bytes, name: str, options: Options, limits: Limits) -> tuple[bytes, DocumentReport]:
    """Repair any supported file's bytes: an archive, a compressed file or a document."""
    handlers = {"zip": repair_zip, "tar": repair_tar, "warc": repair_warc, "compressed": repair_compressed}
    k = kind(name)
    if k is None:
        return repair_document(data, name, options)
    fixed, report = handlers[k](data, name, options, limits)
    if not report.spans and not report.notes:
        return data, report  # rebuilt but unchanged: keep the original bytes
    return fixed, report


def repair_compressed(
    data: bytes, name: str, options: Options, limits: Limits
) -> tuple[bytes, DocumentReport]:
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    opener, packer = _compressors()[suffix]
    try:
        inner = _bounded(opener(io.BytesIO(data)), _budget(len(data), limits), name)
    except (OSError, EOFError, lzma.LZMAError) as err:
        raise Refused(f"broken {suffix} data: {err}") from err
    except Exception as err:
        if type(err).__name__ == "ZstdError":
            raise Refused(f"broken .zst data: {err}") from err
        raise
    fixed, report = repair_document(inner, name[: -len(suffix)], options)
    return (data if fixed is inner else packer(fixed)), report


def _safe_member(name: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        raise Refused(f"member {name!r} would land outside the archive's folder (zip slip)")


def member_name(raw: bytes) -> str:
    """Decode a member name stored without an encoding flag: the likeliest reading.

    >>> member_name("报告.txt".encode("gbk"))
    '报告.txt'
    >>> member_name("レポート.txt".encode("shift_jis"))
    'レポート.txt'
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # In order of how often each turns up in zip files; a later reading must be more
    # plausible by a bit a character for each place further down.
    reading = likeliest_reading(raw, ("gbk", "shift_jis", "big5", "cp949"), step=1.0)
    return reading[0] if reading else raw.decode("cp437")


def _reread_name(name: str) -> str:
    """A member name read as cp437 (no UTF-8 flag, or mojibake kept since) read again."""
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    again = member_name(raw)
    return again if cost(again) / len(again) < cost(name) / len(name) else name


def _member(data: bytes, name: str, options: Options, report: DocumentReport) -> bytes:
    try:
        fixed, sub = repair_document(data, name, options)
    except (NotText, ValueError):
        return data
    report.merge(sub)
    return fixed


def repair_zip(data: bytes, name: str, options: Options, limits: Limits) -> tuple[bytes, DocumentReport]:
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise Refused(f"broken zip: {err}") from err
    for info in infos:
        _safe_member(info.filename)
    budget = _budget(len(data), limits)
    if sum(info.file_size for info in infos) > budget:
        raise Refused(f"{name} declares more than {budget} bytes uncompressed (a zip bomb?)")
    report = DocumentReport()
    out = io.BytesIO()
    spent = 0
    with zipfile.ZipFile(out, "w") as zout:
        for info in infos:
            new_name = info.filename
            if not new_name.isascii():
                new_name = _reread_name(new_name)
                if new_name != info.filename:
                    report.notes.append(f"member name {info.filename!r} read again as {new_name!r}")
            _safe_member(new_name)
            target = zipfile.ZipInfo(new_name, info.date_time)
            target.compress_type = info.compress_type
            target.external_attr = info.external_attr
            if info.is_dir():
                zout.writestr(target, b"")
                continue
            try:
                with zin.open(info) as fh:
                    raw = _bounded(fh, budget - spent, f"{name}:{info.filename}")
            except zipfile.BadZipFile as err:
                raise Refused(f"broken member {info.filename!r}: {err}") from err
            spent += len(raw)
            zout.writestr(target, _member(raw, new_name, options, report))
    return out.getvalue(), report


def _tar_mode(name: str) -> str:
    lower = name.lower()
    if lower.endswith((".gz", ".tgz")):
        return "gz"
    if lower.endswith(".bz2"):
        return "bz2"
    if lower.endswith(".xz"):
        return "xz"
    return ""


def repair_tar(data: bytes, name: str, options: Options, limits: Limits) -> tuple[bytes, DocumentReport]:
    mode = _tar_mode(name)
    budget = _budget(len(data), limits)
    raw_stream: IO[bytes] = io.BytesIO(data)
    if mode:
        # Decompress with a budget first, so that a bomb is refused, not expanded.
        opener, _ = _compressors()["." + {"gz": "gz", "bz2": "bz2", "xz": "xz"}[mode]]
        try:
            raw_stream = io.BytesIO(_bounded(opener(raw_stream), budget, name))
        except (OSError, EOFError, lzma.LZMAError) as err:
            raise Refused(f"broken compressed tar: {err}") from err
    try:
        tin = tarfile.open(fileobj=raw_stream, mode="r:")
        members = tin.getmembers()
    except tarfile.TarError as err:
        raise Refused(f"broken tar: {err}") from err
    for m in members:
        _safe_member(m.name)
        if (m.issym() or m.islnk()) and (
            m.linkname.startswith("/") or ".." in PurePosixPath(m.linkname).parts
        ):
            raise Refused(f"link {m.name!r} points outside the archive ({m.linkname!r})")
    report = DocumentReport()
    out = io.BytesIO()
    open_tar = cast(Any, tarfile.open)
    with open_tar(fileobj=out, mode=f"w:{mode}" if mode else "w", format=tin.format) as tout:
        for m in members:
            if not m.isfile():
                tout.addfile(m)
                continue
            fh = tin.extractfile(m)
            raw = fh.read() if fh else b""
            fixed = _member(raw, m.name, options, report)
            m.size = len(fixed)
            tout.addfile(m, io.BytesIO(fixed))
    return out.getvalue(), report


_TEXT_TYPES = ("text/", "application/json", "application/xhtml", "application/xml", "application/javascript")


def repair_warc(data: bytes, name: str, options: Options, limits: Limits) -> tuple[bytes, DocumentReport]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError as err:  # pragma: no cover - warcio is a dependency
        raise Refused("warcio is not installed") from err
    report = DocumentReport()
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=name.lower().endswith(".gz"))
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            http = record.http_headers
            ctype = (
                http.get_header("Content-Type") if http else record.rec_headers.get_header("Content-Type")
            ) or ""
            is_text = record.rec_type in ("response", "resource") and ctype.lower().startswith(_TEXT_TYPES)
            if is_text:
                body = record.content_stream().read()  # transfer and content codings undone
                ext = ".html" if "html" in ctype.lower() else ".json" if "json" in ctype.lower() else ".txt"
                body = _member(body, "payload" + ext, options, report)
                if http is not None:
                    drop = ("content-length", "content-encoding", "transfer-encoding", "content-type")
                    headers = [(k, v) for k, v in http.headers if k.lower() not in drop]
                    mime = ctype.split(";")[0].strip() or "text/plain"
                    headers += [
                        ("Content-Type", f"{mime}; charset=utf-8"),
                        ("Content-Length", str(len(body))),
                    ]
                    http = StatusAndHeaders(http.statusline, headers, protocol=http.protocol)
            else:
                body = record.raw_stream.read()
            writer.write_record(
                writer.create_warc_record(
                    record.rec_headers.get_header("WARC-Target-URI"),
                    record.rec_type,
                    payload=io.BytesIO(body),
                    warc_headers=_fresh(record.rec_headers),
                    http_headers=http,
                )
            )
    except Exception as err:
        if isinstance(err, Refused):
            raise
        raise Refused(f"broken WARC: {err}") from err
    return out.getvalue(), report


def _fresh(headers: Any) -> Any:
    """WARC headers without the length and digests, which the writer computes again."""
    from warcio.statusandheaders import StatusAndHeaders

    keep = [
        (k, v)
        for k, v in headers.headers
        if k.lower() not in ("content-length", "warc-block-digest", "warc-payload-digest")
    ]
    return StatusAndHeaders(headers.statusline, keep, protocol=headers.protocol)
