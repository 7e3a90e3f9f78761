"""Repair inside file formats: only the text a format holds, its structure kept as it was.

Each handler takes the bytes of one document and returns the repaired bytes and a
`DocumentReport`. Text is decoded as UTF-8 or, failing that, with the encoding
charset-normalizer detects (said in the report), and written back as UTF-8.

- plain text and Markdown: streamed in blocks cut at paragraph or line ends, never
  inside a run of non-ASCII characters (`stream_text`);
- HTML: text nodes and attribute values; tags, comments, scripts and styles are
  copied byte for byte;
- JSON and JSONL: string values (keys too, if asked); CSV and TSV: cells, the
  dialect kept.

>>> out, report = repair_document("<p title='China鈥檚'>ÖÐÎÄ</p>".encode(), "page.html")
>>> out.decode()
"<p title='China’s'>中文</p>"
>>> report.spans
2
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from charset_normalizer import from_bytes

from .repair import explain
from .result import Change
from .score import cost


class NotText(ValueError):
    """The bytes are not text in any encoding (a binary file)."""


@dataclass
class DocumentReport:
    """What happened to one document."""

    encoding: str = "utf-8"
    spans: int = 0
    chains: dict[str, int] = field(default_factory=dict)
    examples: list[tuple[str, str]] = field(default_factory=list)  # (before, after) in context
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.0  # the highest confidence of a repaired span

    def add(self, text: str, changes: Iterable[Change]) -> None:
        for c in changes:
            self.spans += 1
            self.confidence = max(self.confidence, c.confidence)
            chain = " > ".join(c.chain)
            self.chains[chain] = self.chains.get(chain, 0) + 1
            if len(self.examples) < 5:
                before = text[max(0, c.input_start - 30) : c.input_start]
                after = text[c.input_end : c.input_end + 30]
                self.examples.append((before + "\x00" + c.original + "\x01" + after, c.repaired))

    def merge(self, other: DocumentReport) -> None:
        self.spans += other.spans
        self.confidence = max(self.confidence, other.confidence)
        for k, v in other.chains.items():
            self.chains[k] = self.chains.get(k, 0) + v
        self.examples += other.examples[: max(0, 5 - len(self.examples))]
        self.notes += other.notes


@dataclass(frozen=True)
class Options:
    """How to repair: the engine's options, and what a format may touch."""

    lossy: str = "infer"
    normalize: str | None = None
    json_keys: bool = False


Fixer = Callable[[str], str]


def fixer(options: Options, report: DocumentReport) -> Fixer:
    """The engine with these options, adding what it changes to `report`."""

    def fix(text: str) -> str:
        result = explain(text, options.lossy, options.normalize)
        report.add(text, result.changes)
        return result.text

    return fix


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; `NotText` for binary data."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotText("binary file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Without a byte order mark, UTF-16/32 guesses on short legacy text are wrong.
    wide = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
    has_bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    best = from_bytes(data, cp_exclusion=None if has_bom else wide).best()
    if best is not None:
        return str(best), best.encoding
    # charset-normalizer gives up on text that mixes a legacy codec with mojibake;
    # the legacy codecs that decode it strictly compete on plausibility instead.
    reading = likeliest_reading(data, ("gb18030", "big5", "cp932", "cp949", "euc_jp", "cp1252"))
    if reading is None:
        raise NotText("not text in any encoding charset-normalizer knows")
    return reading


def likeliest_reading(data: bytes, codecs: Sequence[str], step: float = 0.0) -> tuple[str, str] | None:
    """(text, codec) of the strict decoding that reads most like writing, or None.

    Each codec further down the list must do better by `step` bits a character.
    """
    readings = []
    for rank, codec in enumerate(codecs):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        readings.append((cost(sample) / max(1, len(sample)) + step * rank, codec, text))
    if not readings:
        return None
    _, codec, text = min(readings)
    return text, codec


def repair_bytes(data: bytes, lossy: str = "infer", normalize: str | None = None) -> str:
    """Decode bytes (UTF-8, or the encoding charset-normalizer detects) and repair the text.

    Mojibake inside correctly decoded bytes is repaired too.

    >>> repair_bytes("China鈥檚 plan: 中文文本，编码检测".encode("gb18030"))
    'China’s plan: 中文文本，编码检测'
    """
    text, _ = decode(data)
    return explain(text, lossy, normalize).text


# --- plain text ------------------------------------------------------------------------

BLOCK = 1 << 20  # characters per streamed block


def _cut(text: str) -> int:
    """Where to end a block: after the last blank line, else the last line, else a space."""
    for sep in ("\n\n", "\n", " "):
        pos = text.rfind(sep)
        if pos > len(text) // 2:
            return pos + len(sep)
    return len(text)


def stream_text(chunks: Iterable[str], fix: Fixer) -> Iterator[str]:
    """Repair text arriving in chunks, in blocks cut where no garbled span can straddle."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        while len(pending) > BLOCK:
            cut = _cut(pending[:BLOCK])
            yield fix(pending[:cut])
            pending = pending[cut:]
    if pending:
        yield fix(pending)


def _text(text: str, fix: Fixer, options: Options) -> str:
    return "".join(stream_text([text], fix))


# --- HTML -------------------------------------------------------------------------------

_ATTR = re.compile(r"""(\s[^\s=/>]+\s*=\s*)("[^"]*"|'[^']*')""")


class _Splitter(HTMLParser):
    """Split HTML into (is_text, piece) in order, keeping every byte of the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.pieces: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.pieces.append(("tag", self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self.pieces.append(("tag", self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.pieces.append(("raw", f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.pieces.append(("raw" if self.cdata_elem else "text", data))  # script/style stay

    def handle_entityref(self, name: str) -> None:
        self.pieces.append(("raw", f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.pieces.append(("raw", f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        self.pieces.append(("raw", f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self.pieces.append(("raw", f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self.pieces.append(("raw", f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self.pieces.append(("raw", f"<![{data}]>"))


def _html(text: str, fix: Fixer, options: Options) -> str:
    splitter = _Splitter()
    splitter.feed(text)
    splitter.close()
    pieces = splitter.pieces
    if "".join(p for _, p in pieces) != text:
        # The parser normalised something it read; repair the text between tags instead.
        return re.sub(r">([^<]+)<", lambda m: ">" + fix(m.group(1)) + "<", text)
    out = []
    for kind, piece in pieces:  # each text node and attribute value on its own
        if kind == "text":
            out.append(fix(piece))
        elif kind == "tag":
            out.append(
                _ATTR.sub(
                    lambda m: m.group(1) + m.group(2)[0] + fix(m.group(2)[1:-1]) + m.group(2)[-1], piece
                )
            )
        else:
            out.append(piece)
    return "".join(out)


# --- JSON, JSONL, CSV ---------------------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"(\s*:)?')


def _json(text: str, fix: Fixer, options: Options) -> str:
    """Repair the string values of JSON in place: every other byte, layout included, stays."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON: {err}") from err
    return _json_strings(text, fix, options)


def _json_strings(text: str, fix: Fixer, options: Options) -> str:
    def one(m: re.Match[str]) -> str:
        literal = m.group(0)[: len(m.group(0)) - len(m.group(1) or "")]
        if m.group(1) and not options.json_keys:
            return m.group(0)
        value = json.loads(literal)
        fixed = fix(value)
        if fixed == value:
            return m.group(0)
        return json.dumps(fixed, ensure_ascii=False) + (m.group(1) or "")

    return _JSON_STRING.sub(one, text)


def jsonl_lines(lines: Iterable[str], fix: Fixer, options: Options) -> Iterator[str]:
    """Repair JSON Lines one line at a time; a line that is not JSON is repaired as text."""
    for line in lines:
        if line.isascii():
            yield line
            continue
        try:
            json.loads(line)
        except json.JSONDecodeError:
            yield fix(line)
            continue
        yield _json_strings(line, fix, options)


def _jsonl(text: str, fix: Fixer, options: Options) -> str:
    return "".join(jsonl_lines(text.splitlines(keepends=True), fix, options))


def _rows(text: str, delimiter: str | None) -> list[list[str]]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:65536], delimiters=delimiter or ",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if delimiter == "\t" else csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _csv(text: str, fix: Fixer, options: Options, delimiter: str | None = None) -> str:
    """Repair CSV as text, so that quoting and the dialect stay byte for byte.

    Repairs never cross ASCII delimiters or quotes; the rows and cells are checked to
    be the same before and after.
    """
    fixed = _text(text, fix, options)
    before, after = _rows(text, delimiter), _rows(fixed, delimiter)
    if [len(r) for r in before] != [len(r) for r in after]:
        raise ValueError("the repair would change the table's shape; left as it was")
    return fixed


def _tsv(text: str, fix: Fixer, options: Options) -> str:
    return _csv(text, fix, options, "\t")


HANDLERS: dict[str, Callable[[str, Fixer, Options], str]] = {
    ".html": _html,
    ".htm": _html,
    ".xhtml": _html,
    ".json": _json,
    ".jsonl": _jsonl,
    ".ndjson": _jsonl,
    ".csv": _csv,
    ".tsv": _tsv,
}


def handler_for(name: str) -> Callable[[str, Fixer, Options], str]:
    """The handler for a file name, by its extension; plain text for anything else."""
    lower = name.lower()
    for ext, handler in HANDLERS.items():
        if lower.endswith(ext):
            return handler
    return _text


def repair_document(data: bytes, name: str, options: Options | None = None) -> tuple[bytes, DocumentReport]:
    """Repair one document's bytes by its format; the result is UTF-8."""
    options = options or Options()
    report = DocumentReport()
    text, report.encoding = decode(data)
    if report.encoding != "utf-8":
        report.notes.append(f"decoded as {report.encoding} (not UTF-8); written as UTF-8")
    fixed = handler_for(name)(text, fixer(options, report), options)
    if fixed == text and report.encoding == "utf-8":
        return data, report
    return fixed.encode("utf-8"), report
