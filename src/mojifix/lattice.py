"""Korean read as Shift_JIS (or GBK) with loss, rebuilt a whole line at a time.

Hangul's UTF-8 (a lead EA-ED, then two bytes 80-BF) meets Shift_JIS badly: EB and EC
lead no pair, a last byte 81-9F pairs with the next syllable's lead, and a byte A1-BF
reads alone as half-width katakana. Each lossy decoder then marks or drops what it
could not pair in its own way, and the damage runs on from one syllable into the
next, so one hole at a time leaves hundreds of candidates. The run as a whole leaves
few: `rebuild` guesses the original byte by byte, runs the decoder on each guess
(`Reader`), keeps the guesses whose reading is exactly the garbled text, and ranks
them by Korean syllable frequencies (wordfreq): a beam search over the lattice of
readings. GBK reads Hangul's bytes as pairs of hanzi and loses fewer, but a loss there
runs on the same way.

>>> rebuild("��罹ｲ��ｰ\x80 �ｧ誤豆�牟�｡護慣�笈�共", "cp932", "replace").text
'서버가 만들어졌습니다'

.NET's `・` stands for a lead and the byte after it: two bytes of three lost, and 서
and 졌 are only the likeliest of many, not likely enough, so they are marked:

>>> rebuild("・罹ｲ・ｰ\x80 ・誤豆・ｴ・護慣・壱共", "cp932", "dotnet").text
'�버가 만들어�습니다'
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .chardata import decode_grid, is_hangul
from .lossy import CONFIDENT, REPLACEMENT

# What each decoder leaves for a pair it cannot read (`lossy.PATTERNS`):
# replace: Python, one U+FFFD per lost byte, the trail read again;
# ignore: Python with errors="ignore", lost bytes dropped;
# whatwg: browsers, one U+FFFD for the pair, an ASCII trail read again;
# dotnet: .NET and PowerShell 5.1, the lead always takes the next byte;
# saved: read like replace, then saved in the wrong codec, U+FFFD become `?`.
MARKS = {"replace": REPLACEMENT, "ignore": "", "whatwg": REPLACEMENT, "dotnet": "?", "saved": "?"}
# Japanese Windows marks with `・` what other code pages mark with `?`.
_DOTNET_JAPANESE = frozenset({"cp932", "shift_jis"})
# `Reconstruction.pattern` / `LostBytes.pattern` for each decoder.
PATTERN_NAMES = {
    "replace": "replaced",
    "ignore": "dropped",
    "whatwg": "replaced",
    "dotnet": "swallowed",
    "saved": "saved",
}

_NONE = -1  # no lead byte waiting for its trail

# Beam width: the paths kept at each position of the garbled text; when none reaches
# the end, the search is run again four times as wide, once.
BEAM = 12
_WIDEST = 48
# Characters a path may add in a row without reading any of the garbled text (a lead
# dropped whole, or a byte waiting for its trail).
_SILENT = 2


@dataclass(frozen=True)
class _Tables:
    leads: frozenset[int]
    singles: dict[int, str]  # bytes read alone
    pairs: dict[int, str]  # (lead << 8) | trail -> character
    leads_of: dict[str, frozenset[int]]  # character -> the leads of the pairs that read as it


@cache
def _tables(codec: str) -> _Tables:
    """The codec's own tables: a lead is a byte it reads as an incomplete sequence."""
    leads: set[int] = set()
    singles: dict[int, str] = {}
    for b in range(256):
        try:
            singles[b] = bytes((b,)).decode(codec)
        except UnicodeDecodeError as e:
            if "incomplete" in e.reason:
                leads.add(b)
    pairs: dict[int, str] = {}
    leads_of: dict[str, set[int]] = {}
    for lead in leads:
        for trail in range(256):
            try:
                ch = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                pairs[lead << 8 | trail] = ch
                leads_of.setdefault(ch, set()).add(lead)
    return _Tables(frozenset(leads), singles, pairs, {ch: frozenset(ls) for ch, ls in leads_of.items()})


class Reader:
    """A double-byte decoder as a state machine: the state is a lead waiting for its trail.

    >>> r = Reader("cp932", "dotnet")
    >>> r.step(_NONE, 0xEC)
    ('', 236)
    >>> r.step(0xEC, 0xA0)  # EC leads no pair in cp932: one mark for both
    ('・', -1)
    """

    def __init__(self, codec: str, pattern: str) -> None:
        self.codec = codec
        self.pattern = pattern
        self.mark = "・" if pattern == "dotnet" and codec in _DOTNET_JAPANESE else MARKS[pattern]
        t = _tables(codec)
        self.leads, self.singles, self.pairs, self.leads_of = t.leads, t.singles, t.pairs, t.leads_of
        # Every step worked out once: the state -> what each byte writes and leaves.
        self.steps = {p: [self.step(p, b) for b in range(256)] for p in (_NONE, *self.leads)}
        # The leads that some non-ASCII first byte of the alphabet cannot follow as a trail.
        firsts = [b for b in _alphabet()[0][b""] if b >= 0x80]
        self.unpaired_first = frozenset(
            lead for lead in self.leads if any(lead << 8 | b not in self.pairs for b in firsts)
        )

    def step(self, pending: int, byte: int) -> tuple[str, int]:
        """What reading `byte` writes, and the lead left waiting."""
        if pending < 0:
            if byte in self.leads:
                return "", byte
            ch = self.singles.get(byte)
            return (ch, _NONE) if ch is not None else (self.mark, _NONE)
        ch = self.pairs.get(pending << 8 | byte)
        if ch is not None:
            return ch, _NONE
        if self.pattern == "dotnet" or (self.pattern == "whatwg" and byte >= 0x80):
            return self.mark, _NONE
        out, left = self.step(_NONE, byte)
        return self.mark + out, left

    def read(self, data: bytes) -> str:
        """The whole text the decoder makes of `data`."""
        out = []
        pending = _NONE
        for b in data:
            piece, pending = self.step(pending, b)
            out.append(piece)
        if pending >= 0:
            out.append(self.mark)
        return "".join(out)


@cache
def _reader(codec: str, pattern: str) -> Reader:
    """One reader per codec and decoder: its step table takes milliseconds to build."""
    return Reader(codec, pattern)


# The characters a rebuilt run may hold: Hangul syllables, ASCII, and the signs of
# KS X 1001's first row (quotes, brackets, `·`, `…`), Korean's own punctuation.
_ASCII_PRIOR = {" ": 0.75, ".": 0.06, ",": 0.05, "\n": 0.03}
_ASCII_OTHER = 0.002
_SYMBOL = 1e-4
_FLOOR = 1e-8


@cache
def _alphabet() -> tuple[dict[bytes, tuple[int, ...]], dict[bytes, str]]:
    """(the bytes that may follow each prefix, the character each complete sequence is)."""
    chars = [chr(c) for c in range(0xAC00, 0xD7A4)]
    chars += [chr(c) for c in (0x09, 0x0A, *range(0x20, 0x7F))]
    chars += [ch for _, _, ch in decode_grid("cp949", [0xA1], range(0xA1, 0xFF))]
    nexts: dict[bytes, set[int]] = {}
    whole: dict[bytes, str] = {}
    for ch in chars:
        data = ch.encode("utf-8")
        whole[data] = ch
        for i in range(len(data)):
            nexts.setdefault(data[:i], set()).add(data[i])
    return {k: tuple(sorted(v)) for k, v in nexts.items()}, whole


_PAIR_WEIGHT = 0.7


class _Korean:
    """Korean syllables' chances from wordfreq: each alone, after the one before inside
    a word, and at a word's start."""

    def __init__(self) -> None:
        from .frequency import _MIN_FREQUENCY, _word_list
        from .frequency import _model as cjk_model

        self.chars, self.pairs, _ = cjk_model("ko")
        self.starts: dict[str, float] = {}
        for word, freq in _word_list("ko", _MIN_FREQUENCY).items():
            if word and is_hangul(word[0]):
                self.starts[word[0]] = self.starts.get(word[0], 0.0) + freq
        self.total = sum(self.chars.values())
        self.start_total = sum(self.starts.values())
        followers: dict[str, set[str]] = {}
        for pair in self.pairs:
            followers.setdefault(pair[0], set()).add(pair[1])
        self.followers = {k: frozenset(v) for k, v in followers.items()}
        self._unpaired: dict[str, float] = {}
        self._first: dict[str, float] = {}

    def unpaired(self, ch: str) -> float:
        """-log of the chance of `ch` after a syllable it follows in no word."""
        cost = self._unpaired.get(ch)
        if cost is None:
            if is_hangul(ch):
                cost = -math.log(max((1 - _PAIR_WEIGHT) * self.chars.get(ch, 0.0) / self.total, _FLOOR))
            else:
                cost = self.cost("", ch)
            self._unpaired[ch] = cost
        return cost

    def first(self, ch: str) -> float:
        """-log of the chance of `ch` at a word's start (or after anything but a syllable)."""
        cost = self._first.get(ch)
        if cost is None:
            cost = self._first[ch] = self.cost("", ch)
        return cost

    def cost(self, prev: str, ch: str) -> float:
        """-log of the chance of `ch` after `prev` (one character, or "" at the start)."""
        if not is_hangul(ch):
            return -math.log(_ASCII_PRIOR.get(ch, _ASCII_OTHER) if ord(ch) < 0x80 else _SYMBOL)
        alone = self.chars.get(ch, 0.0) / self.total
        if prev in self.chars:
            after = self.pairs.get(prev + ch, 0.0) / self.chars[prev]
        else:
            after = self.starts.get(ch, 0.0) / self.start_total
        return -math.log(max(_PAIR_WEIGHT * after + (1 - _PAIR_WEIGHT) * alone, _FLOOR))


@cache
def _korean() -> _Korean:
    return _Korean()


class _Group:
    """The characters that lead from one state to the same next one, ranked once both
    ways a path can reach them: after a syllable they do not follow in any word (by
    their own frequency), and at a word's start."""

    def __init__(self, found: list[tuple[str, bytes]], model: _Korean) -> None:
        self.data = dict(found)
        self.chars = tuple(self.data)
        self.set = frozenset(self.chars)
        self.alone = sorted(self.chars, key=model.unpaired)
        self.first = sorted(self.chars, key=model.first)

    def best(self, prev: str, beam: int, model: _Korean) -> list[tuple[float, str]]:
        """The `beam` likeliest characters after `prev`, with their cost."""
        if prev in model.chars:
            cands = set(self.alone[:beam]) | (model.followers.get(prev, frozenset()) & self.set)
        else:
            cands = set(self.first[:beam])
        # Sorted, ties by the character: a set's order changes from one process to the next.
        return heapq.nsmallest(beam, [(model.cost(prev, ch), ch) for ch in cands])


@dataclass(frozen=True, slots=True)
class _Node:
    """One character of a path, linked to the one before."""

    ch: str
    data: bytes
    parent: _Node | None
    j: int  # where in the garbled text its reading began
    pending: int  # the lead waiting before it
    end: int  # where its reading ended
    left: int  # the lead it leaves waiting


@dataclass(frozen=True)
class Lost:
    """A character rebuilt from bytes the decoder did not show."""

    known: bytes  # the bytes every candidate shares
    guess: str  # the likeliest candidate
    restored: str  # the guess, or U+FFFD where it was not sure enough (or not wanted)
    candidates: int
    confidence: float


# (start, end, replacement, its lost characters) in the garbled text
Piece = tuple[int, int, str, tuple[Lost, ...]]


@dataclass(frozen=True)
class Rebuilt:
    """A garbled run read back: the text and the stretches that changed."""

    text: str
    guessed: str  # the text with every guess in place, however unsure
    pattern: str
    cost: float  # -log likelihood of the path
    hangul: int
    pieces: tuple[Piece, ...]


Groups = dict[tuple[int, int], list[tuple[str, bytes]]]
# A path: (cost, characters added without reading, its last node)
_State = tuple[float, int, "_Node | None"]
Ready = dict[tuple[int, int], _Group]


def _extend(reader: Reader, garbled: str, j: int, pending: int) -> Groups:
    """Every character whose bytes the decoder, in state (j, pending), reads as the
    garbled text from j on, grouped by the state it leaves (where its reading ends,
    the lead left waiting)."""
    nexts, whole = _alphabet()
    n = len(garbled)
    mark = reader.mark
    groups: Groups = {}
    stack: list[tuple[bytes, int, int]] = [(b"", j, pending)]
    while stack:
        prefix, at, pend = stack.pop()
        options = nexts[prefix]
        if not prefix and pend < 0 and at < n and garbled[at] < "\x80":
            # ASCII reads as itself: only the garbled character can be one.
            options = tuple(b for b in options if b >= 0x80 or b == ord(garbled[at]))
        steps = reader.steps[pend]
        for byte in options:
            out, left = steps[byte]
            end = at
            if out:
                if not garbled.startswith(out, at):
                    continue
                end = at + len(out)
            if (
                left >= 0
                and end < n
                and garbled[end] != mark
                and left not in reader.leads_of.get(garbled[end], ())
            ):
                # The lead must pair with the next byte into the character shown next,
                # unless the decoder drops it, which it does only before a byte it
                # cannot pair with: one no character of the alphabet begins with, or ASCII.
                if mark or (left not in reader.unpaired_first and not ("\x00" <= garbled[end] < "\x40")):
                    continue
            data = prefix + bytes((byte,))
            ch = whole.get(data)
            if ch is not None:
                groups.setdefault((end, left), []).append((ch, data))
            elif data in nexts:
                stack.append((data, end, left))
    return groups


def rebuild(garbled: str, codec: str, pattern: str, mark: bool = False, beam: int = BEAM) -> Rebuilt | None:
    """The likeliest text whose UTF-8, read by `codec` the `pattern` way, is `garbled`
    exactly; None if no text of the alphabet reads so. A character the bytes leave in
    doubt is U+FFFD where it is not sure enough, or everywhere if `mark`."""
    reader = _reader(codec, pattern)
    n = len(garbled)
    # A path's state: (cost, characters added without reading, its last node), kept
    # per position in the garbled text and (lead waiting, last character).
    Key = tuple[int, str]
    layers: dict[int, dict[Key, _State]] = {0: {(_NONE, ""): (0.0, 0, None)}}
    model = _korean()
    finals: list[tuple[float, _Node]] = []
    tie = itertools.count()
    for j in range(n + 1):
        layer = layers.pop(j, None)
        if not layer:
            continue
        # The characters readable from each state here, found once for all the paths
        # in it (a line's states are not kept: memory stays that of the beam).
        expansions: dict[int, Ready] = {}
        heap = [(st[0], next(tie), key, st) for key, st in _kept(layer, beam)]
        limit = len(heap) + beam
        heapq.heapify(heap)
        done: set[Key] = set()
        # Best first; paths that add characters here without reading any of the
        # garbled text join the same beam.
        while heap and len(done) < limit:
            _, _, key, (cost, silent, node) = heapq.heappop(heap)
            if key in done:
                continue
            done.add(key)
            pending, prev = key
            if node is not None and (
                (j == n and (pending < 0 or reader.mark == ""))
                or (j == n - 1 and pending >= 0 and garbled[j] == reader.mark)
            ):
                finals.append((cost, node))
            if j == n:
                continue
            groups = expansions.get(pending)
            if groups is None:
                found = _extend(reader, garbled, j, pending)
                groups = expansions[pending] = {k: _Group(v, model) for k, v in found.items()}
            for (end, left), group in groups.items():
                if end == j and silent >= _SILENT:
                    continue
                target = layers.setdefault(end, {}) if end > j else None
                for step, ch in group.best(prev, beam, model):
                    total = cost + step
                    child = _Node(ch, group.data[ch], node, j, pending, end, left)
                    new_key = (left, ch)
                    new = (total, silent + 1 if end == j else 0, child)
                    if target is None:
                        if new_key not in done:
                            heapq.heappush(heap, (total, next(tie), new_key, new))
                        continue
                    old = target.get(new_key)
                    if old is None or total < old[0]:
                        target[new_key] = new
    if not finals:
        # Rare syllables can fall out of a narrow beam before the text shows them right.
        return rebuild(garbled, codec, pattern, mark, _WIDEST) if beam < _WIDEST else None
    cost, last = min(finals, key=lambda cn: cn[0])
    return _result(reader, garbled, cost, last, mark)


def _kept(layer: dict[tuple[int, str], _State], beam: int) -> list[tuple[tuple[int, str], _State]]:
    """The `beam` cheapest paths, and the cheapest for each lead left waiting: a lead's
    trail is still unread, so a rare syllable that leaves the right one must not be
    crowded out before the next character shows it right."""
    kept = dict(heapq.nsmallest(beam, layer.items(), key=lambda kv: (kv[1][0], kv[0])))
    waiting: dict[int, tuple[tuple[int, str], _State]] = {}
    for key, state in layer.items():
        if key[0] >= 0 and (key[0] not in waiting or state[0] < waiting[key[0]][1][0]):
            waiting[key[0]] = (key, state)
    kept.update(waiting.values())
    return list(kept.items())


def _path(last: _Node) -> list[_Node]:
    nodes = []
    node: _Node | None = last
    while node is not None:
        nodes.append(node)
        node = node.parent
    return nodes[::-1]


def _result(
    reader: Reader,
    garbled: str,
    cost: float,
    last: _Node,
    mark: bool,
) -> Rebuilt:
    nodes = _path(last)
    chars = [nd.ch for nd in nodes]
    lost: dict[int, Lost] = {}
    for i, nd in enumerate(nodes):
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        if reader.mark and reader.mark not in garbled[nd.j : (nxt.end if nxt else len(garbled)) + 1]:
            continue  # every byte of it was read into what the text shows
        others = _alternatives(reader, garbled, nd, nxt)
        if len(others) > 1:
            lost[i] = _lost(
                nd, others, "".join(chars[max(0, i - 2) : i]), "".join(chars[i + 1 : i + 3]), mark
            )
    out = [lost[i].restored if i in lost else nd.ch for i, nd in enumerate(nodes)]
    pieces: list[Piece] = []
    unit: list[int] = []
    for i, nd in enumerate(nodes):
        unit.append(i)
        if nd.left >= 0 and i < len(nodes) - 1:
            continue  # its last byte is read with the next character's first
        start = nodes[unit[0]].j
        end = nd.end if nd.left < 0 else len(garbled)  # a lead left at the end is the last mark
        text = "".join(out[k] for k in unit)
        holes = tuple(lost[k] for k in unit if k in lost)
        if garbled[start:end] != text:
            if pieces and pieces[-1][1] == start:
                s0, _, t0, h0 = pieces[-1]
                pieces[-1] = (s0, end, t0 + text, h0 + holes)
            else:
                pieces.append((start, end, text, holes))
        unit = []
    return Rebuilt(
        "".join(out), "".join(chars), reader.pattern, cost, sum(map(is_hangul, chars)), tuple(pieces)
    )


def _alternatives(reader: Reader, garbled: str, nd: _Node, nxt: _Node | None) -> dict[str, bytes]:
    """The characters that could stand in `nd`'s place with the path around it unchanged:
    the decoder reads them, and the next character after them, as the same text."""
    found: dict[str, bytes] = {}
    for (end, left), group in _extend(reader, garbled, nd.j, nd.pending).items():
        if (end, left) == (nd.end, nd.left):
            found.update(group)
            continue
        if nxt is None:
            continue
        # Read the next character's bytes from the state this one leaves.
        at, pend = end, left
        for b in nxt.data:
            out, pend = reader.steps[pend][b]
            if not garbled.startswith(out, at):
                break
            at += len(out)
        else:
            if (at, pend) == (nxt.end, nxt.left):
                found.update(group)
    return found


def _lost(nd: _Node, others: dict[str, bytes], prev: str, nxt: str, mark: bool) -> Lost:
    """The character of a node that others could have been, and how sure it is."""
    from .frequency import rank

    if is_hangul(nd.ch):
        share = dict(rank(prev, nxt, "ko", [c for c in others if is_hangul(c)])).get(nd.ch, 0.0)
    else:
        weights = {c: _ASCII_PRIOR.get(c, _ASCII_OTHER) if c < "\x80" else _SYMBOL for c in others}
        share = weights[nd.ch] / sum(weights.values())
    # The bytes every candidate shares are the ones the text still shows.
    known = bytes(
        b for k, b in enumerate(nd.data) if all(len(e) == len(nd.data) and e[k] == b for e in others.values())
    )
    restored = nd.ch if share >= CONFIDENT and not mark else REPLACEMENT
    return Lost(known, nd.ch, restored, len(others), round(share, 2))


_HALFWIDTH = re.compile("[\uff61-\uff7f]")
_LINE = re.compile("[^\n]+")


def _patterns(line: str, codec: str) -> tuple[str, ...]:
    """The decoders whose marks the line holds (or none: bytes dropped)."""
    found = []
    if REPLACEMENT in line:
        found += ["replace", "whatwg"]
    if "・" in line and codec in _DOTNET_JAPANESE:
        found.append("dotnet")
    if "?" in line:
        found += ["saved"] if codec in _DOTNET_JAPANESE else ["saved", "dotnet"]
    return tuple(found) or ("ignore",)


@cache
def _gbk_syllable_pairs() -> re.Pattern[str]:
    """The hanzi GBK reads from a Hangul lead (EA-ED) and a continuation byte: the
    first half of a syllable misread."""
    found = sorted({ch for _, _, ch in decode_grid("gbk", range(0xEA, 0xEE), range(0x80, 0xC0))})
    return re.compile("[" + "".join(map(re.escape, found)) + "]")


def _codec(line: str) -> str | None:
    """The codec a line of Korean may have been read with: Shift_JIS where half-width
    katakana (the continuation bytes A1-BF) show it, GBK where hanzi read from Hangul
    leads do; None for neither."""
    if len(_HALFWIDTH.findall(line)) >= 2:
        return "cp932"
    if len(_gbk_syllable_pairs().findall(line)) >= _MIN_SYLLABLES:
        return "gbk"
    return None


# A rebuilt line is Korean when it has this many syllables at least, and most of them
# stand in words of two or more (a dropped lead can make a lone syllable of any stray
# half-width katakana; Korean words seldom have one syllable).
_MIN_SYLLABLES = 3
# Through GBK nothing like Shift_JIS's half-width katakana marks Korean: a rebuilt line
# must hold more syllables (a few rare hanzi read from Hangul leads are a name).
_MIN_SYLLABLES_GBK = 6
_IN_WORDS = 0.5
_WORDS = re.compile("[\uac00-\ud7a3]{2,}")


def _reads_korean(r: Rebuilt, codec: str) -> bool:
    syllables = _MIN_SYLLABLES if codec in _DOTNET_JAPANESE else _MIN_SYLLABLES_GBK
    if r.hangul < syllables:
        return False
    in_words: int = sum(len(w) for w in _WORDS.findall(r.guessed))
    return in_words >= _IN_WORDS * r.hangul


def _lossless(line: str, codec: str) -> bool:
    """Whether the line reads back as UTF-8 with no byte lost: a case for the engine."""
    try:
        line.encode(codec).decode("utf-8")
    except UnicodeError:
        return False
    return True


# Lines longer than this are left to the engine, hole by hole: the search keeps every
# state of a line until its end.
_LONGEST = 20_000


def korean_lines(text: str, mark: bool = False) -> Iterator[tuple[int, str, Rebuilt]]:
    """Each line of `text` that reads back as Korean whose UTF-8 Shift_JIS (cp932) or
    GBK read with loss: (where the line starts, the codec, rebuilt); `mark` as for
    `rebuild`."""
    for m in _LINE.finditer(text):
        line = m.group()
        codec = _codec(line) if len(line) <= _LONGEST else None
        if codec is None or _lossless(line, codec):
            continue
        best = None
        for pattern in _patterns(line, codec):
            r = rebuild(line, codec, pattern, mark)
            if r is not None and (best is None or r.cost < best.cost):
                best = r
        if best is not None and _reads_korean(best, codec):
            yield m.start(), codec, best
