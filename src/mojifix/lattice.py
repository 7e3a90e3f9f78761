"""Korean, Chinese and Japanese read as Shift_JIS or GBK with loss, rebuilt a line at a time.

Hangul's UTF-8 (a lead EA-ED, then two bytes 80-BF) meets Shift_JIS badly: EB and EC
lead no pair, a last byte 81-9F pairs with the next syllable's lead, and a byte A1-BF
reads alone as half-width katakana. Each lossy decoder then marks or drops what it
could not pair in its own way, and the damage runs on from one syllable into the
next, so one hole at a time leaves hundreds of candidates. The run as a whole leaves
few: `rebuild` guesses the original byte by byte, runs the decoder on each guess
(`Reader`), keeps the guesses whose reading is exactly the garbled text, and ranks
them by the language's character frequencies (wordfreq): a beam search over the
lattice of readings. Each character rebuilt from lost bytes is then ranked again
against every other that reads the same between the same neighbours, and marked
where it is not sure enough.

Chinese and Japanese (leads E3-E9) lose the same way where a browser or .NET takes a
character's last byte and the next one's lead as one unreadable pair (`銇�枹` for
に関): hole by hole the next character is left garbled; the line as a whole reads on.

>>> rebuild("��罹ｲ��ｰ\x80 �ｧ誤豆�牟�｡護慣�笈�共", "cp932", "replace").text
'서버가 만들어졌습니다'

.NET's `・` stands for a lead and the byte after it: two bytes of three lost, and 서
and 졌 are only the likeliest of many, not likely enough, so they are marked:

>>> rebuild("・罹ｲ・ｰ\x80 ・誤豆・ｴ・護慣・壱共", "cp932", "dotnet").text
'�버가 만들어�습니다'
>>> rebuild("銉︺兗銈躲亴缈昏ǔ銇�枹銇欍倠", "gbk", "whatwg", lang="ja").text
'ユーザが翻訳に関する'
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from . import chardata as cd
from .chardata import decode_grid, is_hangul
from .lossy import CONFIDENT, REPLACEMENT

# What each decoder leaves for a pair it cannot read (`lossy.PATTERNS`):
# replace: Python, one U+FFFD per lost byte, the trail read again;
# ignore: Python with errors="ignore", lost bytes dropped;
# whatwg: browsers, one U+FFFD for the pair, an ASCII trail read again;
# dotnet: .NET and PowerShell 5.1, the lead always takes the next byte;
# saved: read like replace, then saved in the wrong codec, U+FFFD become `?`.
MARKS = {"replace": REPLACEMENT, "ignore": "", "whatwg": REPLACEMENT, "dotnet": "?", "saved": "?"}
# The browsers' Shift_JIS: cp932's pairs, A0 and FD-FF read as nothing (`_tables`).
_WEB = "shift_jis-web"
# Japanese Windows marks with `・` what other code pages mark with `?`.
_DOTNET_JAPANESE = frozenset({"cp932", "shift_jis", _WEB})
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
# The work the searches of a line may do per character of it (byte prefixes tried,
# groups of characters ranked): real lines take 16 (the median), 350 (one in a
# hundred), at most 490; a line of little but marks would take tens of thousands.
_WORK = 500
# Characters a path may add in a row without reading any of the garbled text (a lead
# dropped whole, or a byte waiting for its trail).
_SILENT = 2


@dataclass(frozen=True)
class _Tables:
    leads: frozenset[int]
    singles: dict[int, str]  # bytes read alone
    pairs: dict[int, str]  # (lead << 8) | trail -> character
    leads_of: dict[str, frozenset[int]]  # character -> the leads of the pairs that read as it


# Browsers' Shift_JIS reads no character from the bytes A0 and FD-FF, which cp932
# reads as U+F8F0-F8F3, and Python's `shift_jis` none from 80 either (nor JIS X 0208's
# Windows extensions). A line that shows none of those characters may have been read
# their way, and a lost A0 rebuilt (だ is E3 81 A0, ム E3 83 A0, 无 E6 97 A0):
# `shift_jis` is read with Python's own tables, `shift_jis-web` with cp932's pairs.
_CP932_ONLY = {0xA0: "\uf8f0", 0xFD: "\uf8f1", 0xFE: "\uf8f2", 0xFF: "\uf8f3"}
# Both readings explain a line that shows none of them, the Shift_JIS one with more
# lost bytes to choose from: it is taken only where its text is this much likelier
# (nats), as 章 is than 竄 in `文章`, not where it merely swaps one common kana for
# another (いけません, だけません).
_SHIFT_JIS_PRIOR = 3.0


@cache
def _tables(codec: str) -> _Tables:
    """The codec's own tables: a lead is a byte it reads as an incomplete sequence."""
    leads: set[int] = set()
    singles: dict[int, str] = {}
    source = "cp932" if codec == _WEB else codec
    for b in range(256):
        if codec == _WEB and b in _CP932_ONLY:
            continue
        try:
            singles[b] = bytes((b,)).decode(source)
        except UnicodeDecodeError as e:
            if "incomplete" in e.reason:
                leads.add(b)
    pairs: dict[int, str] = {}
    leads_of: dict[str, set[int]] = {}
    for lead in leads:
        for trail in range(256):
            try:
                ch = bytes((lead, trail)).decode(source)
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
        self._unpaired: dict[str, frozenset[int]] = {}
        # Per state: the bytes that begin to write each character, with those that write
        # nothing; and those alone.
        self._fitting: dict[int, tuple[dict[str, frozenset[int]], frozenset[int]]] = {}

    def fitting(self, pending: int, shown: str) -> frozenset[int]:
        """The bytes that, read in state `pending`, write nothing or begin to write `shown`."""
        table = self._fitting.get(pending)
        if table is None:
            quiet = frozenset(b for b, (out, _) in enumerate(self.steps[pending]) if not out)
            firsts: dict[str, set[int]] = {}
            for b, (out, _) in enumerate(self.steps[pending]):
                if out:
                    firsts.setdefault(out[0], set()).add(b)
            table = self._fitting[pending] = ({ch: quiet | bs for ch, bs in firsts.items()}, quiet)
        by_first, quiet = table
        return by_first.get(shown, quiet)

    def unpaired_first(self, script: str) -> frozenset[int]:
        """The leads that some non-ASCII first byte of the script's alphabet cannot
        follow as a trail."""
        found = self._unpaired.get(script)
        if found is None:
            firsts = [b for b in _alphabet(script)[0][b""] if b >= 0x80]
            found = self._unpaired[script] = frozenset(
                lead for lead in self.leads if any(lead << 8 | b not in self.pairs for b in firsts)
            )
        return found

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


# The characters a rebuilt run may hold: ASCII and, for Korean ("ko"), Hangul
# syllables and the signs of KS X 1001's first row (quotes, brackets, `·`, `…`); for
# Chinese and Japanese ("cjk"), the hanzi and kanji of the word lists and of the
# common levels of GB2312, Big5 and JIS X 0208, kana, and the signs of CJK text.
_ASCII_PRIOR = {" ": 0.75, ".": 0.06, ",": 0.05, "\n": 0.03}
_ASCII_OTHER = 0.002
_SYMBOL = 1e-4
_FLOOR = 1e-8
# Chinese and Japanese punctuation, against the letters' own frequencies.
_CJK_SIGNS = {"，": 0.03, "。": 0.03, "、": 0.02, "「": 0.004, "」": 0.004, "（": 0.004, "）": 0.004}
# Chinese and Japanese end a sentence with a full-width mark and no space after it: an
# ASCII byte there (one a decoder took with the mark's last) is most likely a line's end.
_SENTENCE_ENDS = frozenset("。！？")
_AFTER_SENTENCE = {"\n": 0.6, " ": 0.2}


def _letters(script: str) -> list[str]:
    """The letters of a script's alphabet, ranked by the language's frequencies."""
    if script == "ko":
        return [chr(c) for c in range(0xAC00, 0xD7A4)]
    from .frequency import _model as cjk_model

    found = cd.gb2312_level1() | cd.big5_common() | cd.jis_level1()
    for lang in ("zh", "ja"):
        found |= {ch for ch in cjk_model(lang)[0] if cd.is_cjk_letter(ch) and not is_hangul(ch)}
    return sorted(found)


def _signs(script: str) -> list[str]:
    """The punctuation a script's text writes in full-width or double-byte forms."""
    if script == "ko":
        return [ch for _, _, ch in decode_grid("cp949", [0xA1], range(0xA1, 0xFF))]
    signs = [chr(c) for c in range(0x3001, 0x3020)] + [chr(c) for c in range(0xFF01, 0xFF5F)]
    return signs + list("“”‘’…—·")


@cache
def _alphabet(script: str) -> tuple[dict[bytes, tuple[int, ...]], dict[bytes, str]]:
    """(the bytes that may follow each prefix, the character each complete sequence is)."""
    chars = _letters(script)
    chars += [chr(c) for c in (0x09, 0x0A, *range(0x20, 0x7F))]
    chars += _signs(script)
    nexts: dict[bytes, set[int]] = {}
    whole: dict[bytes, str] = {}
    for ch in chars:
        data = ch.encode("utf-8")
        whole[data] = ch
        for i in range(len(data)):
            nexts.setdefault(data[:i], set()).add(data[i])
    return {k: tuple(sorted(v)) for k, v in nexts.items()}, whole


_PAIR_WEIGHT = 0.7


class _Model:
    """A language's letters' chances from wordfreq: each alone, after the one before
    inside a word, and at a word's start. Chinese in Traditional characters is looked
    up as wordfreq's own map turns them (`frequency.rank`)."""

    def __init__(self, lang: str) -> None:
        from .frequency import _MIN_FREQUENCY, WORDFREQ_LANGUAGE, _simplified, _word_list
        from .frequency import _model as cjk_model

        self.lang = lang  # "ko", "ja", "zh-Hans" or "zh-Hant"
        self.script = "ko" if lang == "ko" else "cjk"
        self.rank_lang = WORDFREQ_LANGUAGE[lang]  # `frequency.rank`'s name for it
        self.table = _simplified() if lang == "zh-Hant" else {}
        # wordfreq's own list: Chinese has one, in Simplified characters.
        listed = self.rank_lang.replace("zh-Hant", "zh")
        self.chars, self.pairs, _ = cjk_model(listed)
        self.starts: dict[str, float] = {}
        for word, freq in _word_list(listed, _MIN_FREQUENCY).items():
            if word and self.letter(word[0]):
                self.starts[word[0]] = self.starts.get(word[0], 0.0) + freq
        self.total = sum(self.chars.values())
        self.start_total = sum(self.starts.values())
        followers: dict[str, set[str]] = {}
        for pair in self.pairs:
            followers.setdefault(pair[0], set()).add(pair[1])
        self.followers = {k: frozenset(v) for k, v in followers.items()}
        self._unpaired: dict[str, float] = {}
        self._first: dict[str, float] = {}

    def letter(self, ch: str) -> bool:
        """Whether the word lists' frequencies rank `ch` (else a sign's prior does)."""
        return is_hangul(ch) if self.lang == "ko" else cd.is_cjk_letter(ch) and not is_hangul(ch)

    def key(self, ch: str) -> str:
        """`ch` as the word lists write it."""
        return ch.translate(self.table) if self.table else ch

    def unpaired(self, ch: str) -> float:
        """-log of the chance of `ch` after a letter it follows in no word."""
        cost = self._unpaired.get(ch)
        if cost is None:
            if self.letter(ch):
                alone = self.chars.get(self.key(ch), 0.0)
                cost = -math.log(max((1 - _PAIR_WEIGHT) * alone / self.total, _FLOOR))
            else:
                cost = self.cost("", ch)
            self._unpaired[ch] = cost
        return cost

    def first(self, ch: str) -> float:
        """-log of the chance of `ch` at a word's start (or after anything but a letter)."""
        cost = self._first.get(ch)
        if cost is None:
            cost = self._first[ch] = self.cost("", ch)
        return cost

    def cost(self, prev: str, ch: str) -> float:
        """-log of the chance of `ch` after `prev` (one character, or "" at the start)."""
        if not self.letter(ch):
            if ord(ch) < 0x80:
                if self.script == "cjk" and prev in _SENTENCE_ENDS:
                    return -math.log(_AFTER_SENTENCE.get(ch, _ASCII_OTHER))
                return -math.log(_ASCII_PRIOR.get(ch, _ASCII_OTHER))
            return -math.log(_CJK_SIGNS.get(ch, _SYMBOL) if self.script == "cjk" else _SYMBOL)
        ch, prev = self.key(ch), self.key(prev)
        alone = self.chars.get(ch, 0.0) / self.total
        if prev in self.chars:
            after = self.pairs.get(prev + ch, 0.0) / self.chars[prev]
        else:
            after = self.starts.get(ch, 0.0) / self.start_total
        return -math.log(max(_PAIR_WEIGHT * after + (1 - _PAIR_WEIGHT) * alone, _FLOOR))

    def follows(self, prev: str) -> frozenset[str]:
        """The letters that follow `prev` inside some word, as the word lists write them."""
        return self.followers.get(self.key(prev), frozenset())


@cache
def _language_model(lang: str) -> _Model:
    """One model per language: it reads wordfreq's list once."""
    return _Model(lang)


class _Group:
    """The characters that lead from one state to the same next one, ranked once both
    ways a path can reach them: after a letter they do not follow in any word (by
    their own frequency), and at a word's start."""

    def __init__(self, found: list[tuple[str, bytes]], model: _Model) -> None:
        self.data = dict(found)
        self.chars = tuple(self.data)
        if len(self.chars) == 1:
            return
        self.by_key: dict[str, list[str]] = {}
        for ch in self.chars:
            self.by_key.setdefault(model.key(ch), []).append(ch)
        self.keys = frozenset(self.by_key)
        self.alone = sorted(self.chars, key=model.unpaired)
        self.first = sorted(self.chars, key=model.first)

    def best(self, prev: str, beam: int, model: _Model) -> list[tuple[float, str]]:
        """The `beam` likeliest characters after `prev`, with their cost."""
        if len(self.chars) == 1:  # most places: the text shows the character
            return [(model.cost(prev, self.chars[0]), self.chars[0])]
        if model.key(prev) in model.chars:
            cands = set(self.alone[:beam])
            for k in model.follows(prev) & self.keys:
                cands.update(self.by_key[k])
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

    known: bytes  # its bytes the decoder did not lose
    guess: str  # the likeliest candidate
    restored: str  # the guess, or U+FFFD where it was not sure enough (or not wanted)
    candidates: int
    confidence: float
    how: str  # what ranked the candidates


# (start, end, replacement, its lost characters) in the garbled text
Piece = tuple[int, int, str, tuple[Lost, ...]]


@dataclass(frozen=True)
class Rebuilt:
    """A garbled run read back: the text and the stretches that changed."""

    text: str
    guessed: str  # the text with every guess in place, however unsure
    pattern: str
    lang: str
    cost: float  # -log likelihood of the path
    letters: int  # of the language's script
    pieces: tuple[Piece, ...]


Groups = dict[tuple[int, int], list[tuple[str, bytes]]]
# A path: (cost, characters added without reading, its last node)
_State = tuple[float, int, "_Node | None"]
Ready = dict[tuple[int, int], _Group]


def _extend(
    reader: Reader, garbled: str, j: int, pending: int, script: str, work: list[int] | None = None
) -> Groups:
    """Every character whose bytes the decoder, in state (j, pending), reads as the
    garbled text from j on, grouped by the state it leaves (where its reading ends,
    the lead left waiting)."""
    nexts, whole = _alphabet(script)
    unpaired = reader.unpaired_first(script)
    n = len(garbled)
    mark = reader.mark
    groups: Groups = {}
    stack: list[tuple[bytes, int, int]] = [(b"", j, pending)]
    while stack:
        prefix, at, pend = stack.pop()
        if work is not None:
            work[0] -= 1
            if work[0] < 0:
                break  # over budget: the search gives up (`rebuild`)
        options = nexts[prefix]
        if not prefix and pend < 0 and at < n and garbled[at] < "\x80":
            # ASCII reads as itself: only the garbled character can be one.
            options = tuple(b for b in options if b >= 0x80 or b == ord(garbled[at]))
        steps = reader.steps[pend]
        # Only bytes that write nothing or the character shown next can be read here.
        for byte in sorted(reader.fitting(pend, garbled[at : at + 1]).intersection(options)):
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
                # cannot pair with: ASCII it has no pair with, or a first byte of the
                # alphabet's it cannot take.
                shown = garbled[end]
                if mark:
                    continue
                if shown < "\x80" and reader.pairs.get(left << 8 | ord(shown)) is not None:
                    continue
                if shown >= "\x80" and left not in unpaired:
                    continue
            data = prefix + bytes((byte,))
            ch = whole.get(data)
            if ch is not None:
                groups.setdefault((end, left), []).append((ch, data))
            elif data in nexts:
                stack.append((data, end, left))
    return groups


def rebuild(
    garbled: str,
    codec: str,
    pattern: str,
    mark: bool = False,
    beam: int = BEAM,
    lang: str = "ko",
    widen: bool = True,
    budget: list[int] | None = None,
) -> Rebuilt | None:
    """The likeliest text in `lang` ("ko", "ja", "zh-Hans" or "zh-Hant") whose UTF-8,
    read by `codec` the `pattern` way, is `garbled` exactly; None if no text of its
    alphabet reads so.
    A character the bytes leave in doubt is U+FFFD where it is not sure enough, or
    everywhere if `mark`. With `widen`, a search that finds no path is run again wider.
    `budget` holds the work the search may still do (byte prefixes tried, characters
    ranked), shared by the searches of one line; past it, the search gives up."""
    reader = _reader(codec, pattern)
    model = _language_model(lang)
    script = model.script
    n = len(garbled)
    # A path's state: (cost, characters added without reading, its last node), kept
    # per position in the garbled text and (lead waiting, last character).
    Key = tuple[int, str]
    layers: dict[int, dict[Key, _State]] = {0: {(_NONE, ""): (0.0, 0, None)}}
    finals: list[tuple[float, _Node]] = []
    tie = itertools.count()
    work = budget if budget is not None else [_WORK * (n + 1)]
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
                found = _extend(reader, garbled, j, pending, script, work)
                groups = expansions[pending] = {k: _Group(v, model) for k, v in found.items()}
            work[0] -= len(groups)
            if work[0] < 0:
                return None  # a line of marks on marks: left to the engine, hole by hole
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
        if beam < _WIDEST and widen:
            return rebuild(garbled, codec, pattern, mark, _WIDEST, lang, budget=work)
        return None
    cost, last = min(finals, key=lambda cn: cn[0])
    return _result(reader, garbled, cost, last, mark, model)


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
    model: _Model,
) -> Rebuilt:
    nodes = _path(last)
    chars = [nd.ch for nd in nodes]
    ats = [
        _lost_bytes(reader, nd, nodes[i + 1] if i + 1 < len(nodes) else None) for i, nd in enumerate(nodes)
    ]
    # The line as far as it is sure: what it showed, and the guesses made sure enough.
    sure = [REPLACEMENT if at else nd.ch for nd, at in zip(nodes, ats, strict=True)]
    lost: dict[int, Lost] = {}
    locked = False  # whether the character before left the decoder otherwise than the path
    for i, nd in enumerate(nodes):
        if not ats[i]:
            locked = False
            continue  # every byte of it was read into what the text shows
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        others, same = _alternatives(reader, garbled, nd, nxt, model.script)
        # Any of them may take its place, but after one that left the decoder otherwise
        # only the path's own: its alternatives were found from the path's state.
        allowed = frozenset((nd.ch,)) if locked else frozenset(others)
        # The line's end ends a word too.
        around = ("".join(chars[max(0, i - 2) : i]), "".join(chars[i + 1 : i + 3]) or "\n")
        sure_around = (
            "".join(sure[max(0, i - 200) : i]),
            "".join(chars[i + 1 : i + 2] + sure[i + 2 : i + 200]),
        )
        lost[i] = _lost(nd, others, allowed, ats[i], around, sure_around, mark, model)
        sure[i] = lost[i].restored
        locked = lost[i].guess not in same
    out = [lost[i].restored if i in lost else nd.ch for i, nd in enumerate(nodes)]
    chars = [lost[i].guess if i in lost else nd.ch for i, nd in enumerate(nodes)]
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
        "".join(out),
        "".join(chars),
        reader.pattern,
        model.lang,
        cost,
        sum(map(model.letter, chars)),
        tuple(pieces),
    )


def _alternatives(
    reader: Reader, garbled: str, nd: _Node, nxt: _Node | None, script: str
) -> tuple[dict[str, bytes], frozenset[str]]:
    """The characters that could stand in `nd`'s place with the path around it unchanged
    (the decoder reads them, and the next character after them, as the same text), and
    those of them that leave the decoder as `nd` does."""
    found: dict[str, bytes] = {}
    same: set[str] = set()
    for (end, left), group in _extend(reader, garbled, nd.j, nd.pending, script).items():
        if (end, left) == (nd.end, nd.left) or (nxt is None and end == nd.end and min(left, nd.left) >= 0):
            # (Any lead left at the end reads as its last mark.)
            found.update(group)
            same.update(ch for ch, _ in group)
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
    return found, frozenset(same)


def _lost_bytes(reader: Reader, nd: _Node, nxt: _Node | None) -> tuple[int, ...]:
    """Where in `nd`'s bytes stand those the decoder lost (marked, dropped or taken)."""
    lost = []
    pend, owner = nd.pending, -1  # the lead waiting, and where in `nd` it stands (-1: before)
    for k, b in enumerate(nd.data):
        if pend >= 0:
            if reader.pairs.get(pend << 8 | b) is not None:
                pend = _NONE
                continue
            if owner >= 0:
                lost.append(owner)
            pend = _NONE
            if reader.pattern == "dotnet" or (reader.pattern == "whatwg" and b >= 0x80):
                lost.append(k)  # taken with the lead before it
                continue
        if b in reader.leads:
            pend, owner = b, k
        elif b not in reader.singles:
            lost.append(k)
    if pend >= 0 and owner >= 0 and (nxt is None or (pend << 8 | nxt.data[0]) not in reader.pairs):
        lost.append(owner)  # its last lead found no trail
    return tuple(lost)


def _lost(
    nd: _Node,
    others: dict[str, bytes],
    allowed: frozenset[str],
    at: tuple[int, ...],
    around: tuple[str, str],
    sure_around: tuple[str, str],
    mark: bool,
    model: _Model,
) -> Lost:
    """The character of a node whose bytes at `at` the decoder lost, which `others`
    could have been (the `allowed` of them may take its place), and how sure it is:
    `around` are the path's two characters on each side, `sure_around` the line's
    characters it is sure of on each side (and the path's next one)."""
    from .frequency import rank
    from .lossy import complete_cjk_punctuation

    if model.letter(nd.ch):
        # Ranked again between its neighbours on both sides, with the triples the
        # search leaves out: the best of the letters that fit the same path.
        letters = [c for c in others if model.letter(c)]
        ranked = rank(around[0], around[1], model.rank_lang, letters)
        guess, share = next((cs for cs in ranked if cs[0] in allowed), (nd.ch, 0.0))
        how = f"{_LANGUAGE_NAMES[model.lang]} character frequencies, wordfreq"
    else:
        guess, share, how = REPLACEMENT, 0.0, ""
        if model.script == "cjk" and not nd.ch.isascii():
            # Chinese and Japanese punctuation by its place first: a full stop ends a
            # line, a bracket closes the one left open.
            signs = [c for c in others if not model.letter(c) and not c.isascii() and c in allowed]
            guess, share, how = complete_cjk_punctuation(*sure_around, options=signs)
        if guess == REPLACEMENT:
            prev = around[0][-1:]
            weights = {c: math.exp(-model.cost(prev, c)) for c in others if not model.letter(c)}
            guess = max((c for c in weights if c in allowed), key=lambda c: (weights[c], c), default=nd.ch)
            share = weights.get(guess, 0.0) / sum(weights.values())
            how = "signs by their own frequency, after what stands before"
    known = bytes(b for k, b in enumerate(nd.data) if k not in at)
    restored = guess if share >= CONFIDENT and not mark else REPLACEMENT
    return Lost(known, guess, restored, len(others), round(min(share, 0.99), 2), how)


_LANGUAGE_NAMES = {"ko": "Korean", "ja": "Japanese", "zh-Hans": "Chinese", "zh-Hant": "Chinese"}
_HALFWIDTH = re.compile("[\uff61-\uff7f]")
_LINE = re.compile("[^\n]+")
_PRIVATE = re.compile("[\ue000-\uf8ff]")


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
def _read_from(codec: str, first: int, last: int) -> re.Pattern[str]:
    """The characters `codec` reads from a UTF-8 lead `first`-`last` and a continuation
    byte: the first half of a character misread (Hangul's leads are EA-ED, Chinese and
    Japanese ones E3-E9)."""
    found = sorted({ch for _, _, ch in decode_grid(codec, range(first, last + 1), range(0x80, 0xC0))})
    return re.compile("[" + "".join(map(re.escape, found)) + "]")


def _codec(line: str) -> str | None:
    """The codec a line of Korean may have been read with: Shift_JIS where half-width
    katakana (the continuation bytes A1-BF) show it, GBK where hanzi read from Hangul
    leads do; None for neither."""
    if len(_HALFWIDTH.findall(line)) >= 2:
        return "cp932"
    if len(_read_from("gbk", 0xEA, 0xED).findall(line)) >= _MIN_SYLLABLES:
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
    if r.letters < syllables:
        return False
    in_words: int = sum(len(w) for w in _WORDS.findall(r.guessed))
    return in_words >= _IN_WORDS * r.letters


def _lossless(line: str, codec: str) -> bool:
    """Whether the line reads back as UTF-8 with no byte lost: a case for the engine."""
    for each in (codec, "gb18030") if codec == "gbk" else (codec,):
        try:
            line.encode(each).decode("utf-8")
        except UnicodeError:
            continue
        return True
    return False


def _readable(line: str, codec: str) -> bool:
    """Whether the decoder could have written the line: it writes its own characters
    and its marks, nothing else (GB18030's four-byte ones, say)."""
    try:
        line.replace(REPLACEMENT, "").encode(codec)
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
    for start, codec, rebuilt in lines(text, mark):
        if rebuilt.lang == "ko":
            yield start, codec, rebuilt


def lines(text: str, mark: bool = False) -> Iterator[tuple[int, str, Rebuilt]]:
    """Each line of `text` that reads back as Korean, Chinese or Japanese whose UTF-8
    Shift_JIS (cp932) or GBK read with loss: (where the line starts, the codec,
    rebuilt); `mark` as for `rebuild`."""
    for m in _LINE.finditer(text):
        line = m.group()
        if len(line) > _LONGEST:
            continue
        found = _cjk_codec(line)
        codec = found or _codec(line)
        if (
            codec == "gbk"
            and not _readable(line, codec)
            and _PRIVATE.search(line)
            and _patterns(line, codec) != ("ignore",)
        ):
            # GB18030's private-use pairs (AE E8 is U+E1BF), which GBK refuses. Only
            # where the decoder marked its losses: bytes dropped unmarked at the end of
            # a line may be a text cut short, which no rebuild of the whole line reads.
            codec = "gb18030"
        if codec is None or _lossless(line, codec) or not _readable(line, codec):
            continue
        lang = _cjk_language(line, codec) if found else "ko"
        best = _best(line, codec, lang, mark)
        if codec == "cp932" and not any(ch in line for ch in _CP932_ONLY.values()):
            # Read the browsers' or Python's Shift_JIS way too (Python's writes no U+0080);
            # taken where it reads far likelier text.
            other = _best(line, _WEB if "\x80" in line else "shift_jis", lang, mark)
            if other is not None and (best is None or other.cost + _SHIFT_JIS_PRIOR < best.cost):
                best, codec = other, "shift_jis"
        if best is not None and (_reads_cjk(best) if found else _reads_korean(best, codec)):
            yield m.start(), codec, best


def _best(line: str, codec: str, lang: str, mark: bool) -> Rebuilt | None:
    """The likeliest reading of a line by any decoder of `codec` whose marks it holds."""
    best = None
    budget = [_WORK * (len(line) + 1)]
    # Each decoder's reading with a narrow search first; wider only where none read.
    for beam in (BEAM, _WIDEST):
        for pattern in _patterns(line, codec):
            r = rebuild(line, codec, pattern, mark, beam, lang, widen=False, budget=budget)
            if r is not None and (best is None or r.cost < best.cost):
                best = r
        if best is not None:
            break
    return best


# Characters read from a Chinese or Japanese character's first bytes that a line must
# hold to be tried as one, garbled.
_MIN_CJK_PAIRS = 3


def _cjk_codec(line: str) -> str | None:
    """The codec a line of Chinese or Japanese may have been read with, where the
    characters it reads from their first bytes show one; None for neither."""
    for codec in ("gbk", "cp932"):
        if len(_read_from(codec, 0xE3, 0xE9).findall(line)) >= _MIN_CJK_PAIRS:
            if codec == "gbk" or len(_HALFWIDTH.findall(line)) >= 2:
                return codec
    return None


def _cjk_language(line: str, codec: str) -> str:
    """Japanese, Simplified or Traditional Chinese, by what the line's bytes that still
    read as UTF-8 say."""
    from .frequency import language_of

    partial = line.encode(codec, "ignore").decode("utf-8", "ignore")
    lang = language_of(partial)
    return lang if lang in ("ja", "zh-Hant") else "zh-Hans"


def _reads_cjk(r: Rebuilt) -> bool:
    return r.letters >= _MIN_CJK_PAIRS
