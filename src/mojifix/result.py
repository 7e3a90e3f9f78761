"""Typed, immutable results: what changed, by which chain, how sure, what was guessed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LostBytes:
    """Bytes the wrong decoder lost, and how the repair filled the hole."""

    known: bytes  # the bytes of the damaged sequence that survived, in order
    restored: str  # the character put in its place (U+FFFD when only marked)
    pattern: str  # "dropped" or "replaced" (one U+FFFD per lost byte)
    method: str
    confidence: float

    @property
    def inferred(self) -> bool:
        """Whether a real character was guessed, rather than a hole marked."""
        return self.restored != "\ufffd"


@dataclass(frozen=True)
class Change:
    """One repaired span.

    `layers` lists each wrong decoding as (what the bytes really were, what read
    them), innermost first: ("utf-8", "gbk") is UTF-8 read as GBK.
    """

    input_start: int
    input_end: int
    output_start: int
    output_end: int
    original: str
    repaired: str
    layers: tuple[tuple[str, str], ...]
    confidence: float
    lost: tuple[LostBytes, ...] = ()

    @property
    def chain(self) -> tuple[str, ...]:
        """The codec chain as a flat tuple, outermost layer last: ("utf-8", "gbk")."""
        out: list[str] = []
        for enc, dec in self.layers:
            if not out or out[-1] != enc:
                out.append(enc)
            out.append(dec)
        return tuple(out)


@dataclass(frozen=True)
class Normalization:
    """One normalisation step that changed the text (see `mojifix.normalize`)."""

    name: str
    description: str


@dataclass(frozen=True)
class Explanation:
    """The repaired text and every change that produced it.

    When normalisation steps ran after the repair, the changes' output offsets refer
    to `repaired`, the text before normalisation; `text` is the final result.
    """

    input: str
    text: str
    changes: tuple[Change, ...]
    normalized: tuple[Normalization, ...] = ()
    before_normalization: str | None = None

    @property
    def repaired(self) -> str:
        """The text after repair, before any normalisation."""
        return self.text if self.before_normalization is None else self.before_normalization

    @property
    def changed(self) -> bool:
        """Whether anything was repaired."""
        return bool(self.changes)

    @property
    def unrecovered(self) -> tuple[LostBytes, ...]:
        """Holes that could only be marked, not filled."""
        return tuple(lost for c in self.changes for lost in c.lost if not lost.inferred)

    def __str__(self) -> str:
        steps = [f"  normalised: {n.description}" for n in self.normalized]
        if not self.changes:
            return "\n".join(["no mojibake found", *steps])
        lines = [f"{len(self.changes)} span(s) repaired"]
        for c in self.changes:
            chain = " > ".join(c.chain)
            lines.append(
                f"  [{c.input_start}:{c.input_end}] {c.original!r} -> {c.repaired!r}"
                f"  ({chain}, confidence {c.confidence:.2f})"
            )
            for lost in c.lost:
                what = "inferred" if lost.inferred else "marked as lost"
                kept = f"kept {lost.known.hex(' ')}" if lost.known else "none kept"
                lines.append(
                    f"      lost byte(s), {kept}: {what} {lost.restored!r}"
                    f" ({lost.method}; pattern: {lost.pattern}; confidence {lost.confidence:.2f})"
                )
        return "\n".join(lines + steps)


@dataclass(frozen=True)
class Span:
    """A stretch of input judged to be mojibake."""

    start: int
    end: int
    chain: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class Detection:
    """Whether a text holds mojibake, which chains, how sure."""

    is_mojibake: bool
    confidence: float
    chains: tuple[tuple[str, ...], ...]
    spans: tuple[Span, ...]

    def __bool__(self) -> bool:
        return self.is_mojibake
