"""The repair engine: scan -> candidate spans -> score -> repair -> explain.

One pass peels one layer of mojibake wherever the evidence is strong enough:

1. complete candidates for UTF-8 read as a CJK codec and for CJK bytes read as
   Latin-1 / cp1252 (`spans`), scored against the original (`score`);
2. sequences cut short by a lossy decoder, completed from context (`lossy`), on
   the text that step 1 repaired, so that an opening quote is already back;
3. ftfy's `fix_encoding` on the lines it finds bad, for UTF-8 read as a single-byte
   codec (cp1252, Latin-1, cp1251, ...), with none of ftfy's cosmetic fixes.

Passes repeat until nothing changes, which undoes layered mojibake one layer at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import ftfy
from ftfy.badness import is_bad

from . import score, spans
from .lossy import REPLACEMENT
from .result import Change, Explanation, LostBytes

MAX_PASSES = 4

# Evidence thresholds, in bits of cost saved (see `score`). A single span must save
# SINGLE bits; weaker spans are taken only when several of the same chain in one
# text together save GROUP bits and each saves at least MINIMUM.
SINGLE = 10.0
GROUP = 20.0
MINIMUM = 3.0


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str
    layer: tuple[str, str]
    confidence: float
    lost: tuple[LostBytes, ...] = ()


@dataclass
class _Tracked:
    in_start: int
    in_end: int
    cur_start: int
    cur_end: int
    layers: list[tuple[str, str]]
    confidence: float
    lost: list[LostBytes] = field(default_factory=list)


def _confidence(saved: float) -> float:
    """Map bits saved to a confidence in [0, 1): 10 bits -> 0.9, 20 bits -> 0.99."""
    return round(1.0 - 0.1 ** (saved / SINGLE), 4)


def _scored(text: str, cands: Iterable[spans.Candidate]) -> list[tuple[float, spans.Candidate]]:
    out = []
    for c in cands:
        left = text[max(0, c.start - 1) : c.start]
        right = text[c.end : c.end + 1]
        saved = score.cost(text[c.start : c.end], left, right) - score.cost(c.replacement, left, right)
        if saved > 0:
            out.append((saved, c))
    return out


def _choose(text: str, cands: Iterable[spans.Candidate]) -> list[_Edit]:
    """Pick the best non-overlapping candidates whose evidence is strong enough."""
    scored = sorted(_scored(text, cands), key=lambda sc: (-sc[0], sc[1].start))
    taken: list[tuple[float, spans.Candidate]] = []
    for saved, c in scored:
        if all(c.end <= t.start or c.start >= t.end for _, t in taken):
            taken.append((saved, c))
    group: dict[tuple[str, str], float] = {}
    for saved, c in taken:
        if saved >= MINIMUM:
            group[c.layer] = group.get(c.layer, 0.0) + saved
    edits = []
    for saved, c in taken:
        strong = saved >= SINGLE or (saved >= MINIMUM and group[c.layer] >= GROUP)
        if not strong:
            continue
        conf = _confidence(max(saved, group[c.layer] / 2))
        lost = tuple(
            LostBytes(r.known, r.inferred, r.pattern, r.method, r.confidence) for r in c.lost
        )
        if lost:
            conf = min([conf] + [x.confidence for x in lost if x.inferred])
        edits.append(_Edit(c.start, c.end, c.replacement, c.layer, conf, lost))
    return sorted(edits, key=lambda e: e.start)


def _ftfy_layer(plan: list[tuple[str, str]]) -> tuple[str, str]:
    encodings = [name for step, name in plan if step == "encode"]
    if encodings:
        wrong = encodings[-1].removeprefix("sloppy-")
        return ("utf-8", wrong)
    if any(name == "fix_c1_controls" for _, name in plan):
        return ("windows-1252", "latin-1")
    return ("utf-8", "windows-1252")


def _ftfy_edits(text: str) -> list[_Edit]:
    """ftfy's encoding fixes, line by line, as edits trimmed to what changed."""
    edits = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        if line.isascii() or not is_bad(line):
            continue
        fixed, plan = ftfy.fix_encoding_and_explain(line)
        if fixed == line or plan is None:
            continue
        i = 0
        while i < min(len(line), len(fixed)) and line[i] == fixed[i]:
            i += 1
        j = 0
        while j < min(len(line), len(fixed)) - i and line[-1 - j] == fixed[-1 - j]:
            j += 1
        steps = [(step.action, step.parameter) for step in plan]
        edits.append(_Edit(start + i, start + len(line) - j, fixed[i : len(fixed) - j], _ftfy_layer(steps), 0.9))
    return edits


def _apply(text: str, edits: list[_Edit]) -> str:
    out = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _to_input(p: int, tracked: list[_Tracked]) -> int:
    shift = 0
    for t in tracked:
        if t.cur_end <= p:
            shift += (t.cur_end - t.cur_start) - (t.in_end - t.in_start)
    return p - shift


def _track(tracked: list[_Tracked], edits: list[_Edit]) -> list[_Tracked]:
    """Fold one pass's edits into the spans tracked in input coordinates."""
    result: list[_Tracked] = []
    used: set[int] = set()
    for e in edits:
        over = [i for i, t in enumerate(tracked) if t.cur_start < e.end and t.cur_end > e.start]
        s = min([e.start] + [tracked[i].cur_start for i in over])
        end = max([e.end] + [tracked[i].cur_end for i in over])
        layers = [e.layer]
        lost = list(e.lost)
        conf = e.confidence
        for i in over:
            used.add(i)
            layers += [x for x in tracked[i].layers if x not in layers]
            lost += tracked[i].lost
            conf = min(conf, tracked[i].confidence)
        result.append(
            _Tracked(_to_input(s, tracked), _to_input(end, tracked), s, end, layers, conf, lost)
        )
    result += [t for i, t in enumerate(tracked) if i not in used]
    # Move current coordinates to the text after this pass.
    for t in result:
        shift_start = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= t.cur_start)
        inside = sum(
            len(e.replacement) - (e.end - e.start) for e in edits if e.start >= t.cur_start and e.end <= t.cur_end
        )
        t.cur_start += shift_start
        t.cur_end += shift_start + inside
    return sorted(result, key=lambda t: t.in_start)


def _one_pass(text: str) -> list[list[_Edit]]:
    """The edits of one pass, in three steps, each on the text the last one left."""
    steps: list[list[_Edit]] = []
    for find in (
        lambda t: _choose(t, [*spans.utf8_read_as_cjk(t), *spans.cjk_read_as_latin1(t)]),
        lambda t: _choose(t, spans.utf8_read_as_cjk(t, cut_short=True)),
        _ftfy_edits,
    ):
        edits = find(text)
        if edits:
            steps.append(edits)
            text = _apply(text, edits)
    return steps


def explain(text: str) -> Explanation:
    """Repair `text` and say, span by span, what was changed and why."""
    if not isinstance(text, str):
        raise TypeError(f"mojifix works on str, not {type(text).__name__}; decode bytes first")
    original = text
    if text.isascii():
        return Explanation(original, text, ())
    tracked: list[_Tracked] = []
    for _ in range(MAX_PASSES):
        steps = _one_pass(text)
        if not steps:
            break
        for edits in steps:
            text = _apply(text, edits)
            tracked = _track(tracked, edits)
    changes = tuple(
        Change(
            t.in_start,
            t.in_end,
            t.cur_start,
            t.cur_end,
            original[t.in_start : t.in_end],
            text[t.cur_start : t.cur_end],
            tuple(t.layers),
            t.confidence,
            tuple(t.lost),
        )
        for t in tracked
        if original[t.in_start : t.in_end] != text[t.cur_start : t.cur_end]
    )
    return Explanation(original, text, changes)


def repair(text: str) -> str:
    """The repaired text; clean text comes back identical."""
    return explain(text).text


__all__ = ["explain", "repair", "REPLACEMENT"]
