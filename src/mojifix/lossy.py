"""Lost bytes: complete UTF-8 sequences that the wrong decoder cut short.

When UTF-8 is read as a CJK codec, the last byte of a sequence often pairs with a
byte that cannot follow it (a space, a full stop), and the decoder drops it
(`errors="ignore"`) or writes one U+FFFD per lost byte (Python's `errors="replace"`).
UTF-8's structure says where the byte was and what range it had; context says which
value it most likely was.

For General Punctuation (E2 80 xx) the candidates are few and context is strong:

>>> complete_punctuation("“Lifelong Learning", ".")
('”', 0.9, 'closes the open “')
>>> complete_punctuation("People", "s")[0]
'’'
"""

from __future__ import annotations

from dataclasses import dataclass

REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Reconstruction:
    """How the characters of a cut-short sequence were restored."""

    text: str  # the repaired text of the whole candidate span
    inferred: str  # the character restored from partial bytes (U+FFFD when only marked)
    known: bytes  # the bytes that survived
    pattern: str  # "dropped" (errors="ignore") or "replaced" (one U+FFFD per lost byte)
    method: str  # how the missing bytes were chosen
    confidence: float
    consumed: int  # U+FFFD characters after the span that the repair absorbs


def _open_quote(before: str, opening: str, closing: str) -> bool:
    """Whether the last paragraph of `before` leaves `opening` unclosed."""
    para = before[before.rfind("\n\n") + 1 :]
    return para.count(opening) > para.count(closing)


def complete_punctuation(before: str, after: str) -> tuple[str, float, str]:
    """Choose the General Punctuation character (E2 80 xx) that fits the context.

    `before` is the repaired text up to the hole, `after` what follows it.
    """
    prev = before[-1:] if before else ""
    nxt = after[:1]
    if _open_quote(before, "“", "”") and (not nxt or not nxt.isalnum()):
        return "”", 0.9, "closes the open “"
    if _open_quote(before, "‘", "’") and (not nxt or not nxt.isalnum()):
        return "’", 0.8, "closes the open ‘"
    if prev.isdigit() and nxt.isdigit():
        return "–", 0.7, "range between numbers"
    if prev.isspace() and (nxt.isspace() or not nxt):
        return "–", 0.5, "spaced dash"
    if prev.isalpha() and (nxt.isalpha() or nxt in " ,.;:!?)" or not nxt):
        return "’", 0.6, "apostrophe after a letter"
    if prev in ".!?" and nxt in " \n" + "":
        return "”", 0.5, "closing quote after a sentence"
    return REPLACEMENT, 0.0, "no context to decide"


def complete_truncated(data: bytes, text: str, start: int, stop: int, family: str) -> Reconstruction | None:
    """Repair text[start:stop], whose bytes `data` end in a cut-short UTF-8 sequence."""
    cut = len(data) - 1
    while cut > 0 and 0x80 <= data[cut] <= 0xBF:
        cut -= 1
    head, tail = data[:cut], data[cut:]
    try:
        prefix = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    consumed = 0
    while stop + consumed < len(text) and text[stop + consumed] == REPLACEMENT and consumed < 3:
        consumed += 1
    pattern = "replaced" if consumed else "dropped"
    after = text[stop + consumed :]
    if tail[:2] == b"\xe2\x80" and len(tail) == 2:
        ch, conf, method = complete_punctuation(text[:start] + prefix, after)
    else:
        ch, conf, method = REPLACEMENT, 0.0, "too many candidates to choose from"
    if ch == REPLACEMENT and not prefix and not consumed:
        return None  # a lone hole with no trace of loss after it is no evidence
    return Reconstruction(prefix + ch, ch, tail, pattern, method, conf, consumed)
