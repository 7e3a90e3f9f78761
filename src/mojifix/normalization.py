"""Normalisation that knows CJK text: opt-in, named presets, each step reported.

`repair` only fixes encodings. Pipelines often also want entities decoded, Unicode
normalised, controls and zero-width characters gone, line endings unified. ftfy
offers this, but its defaults fold `，` to `,` and `！` to `!` and widen half-width
katakana (NFKC and its width fixer). Here every step is separate and off unless
asked for, width folding stops at full-width ASCII letters and digits, and CJK
punctuation is never touched except by an explicit NFKC.

>>> normalize("Ｐｙｔｈｏｎ　３，很好！&amp;\\r\\n", "web")
'Python\\u30003，很好！&\\n'
>>> normalize("Ｐｙｔｈｏｎ，很好！\\u200b", "cjk-safe")
'Ｐｙｔｈｏｎ，很好！'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ftfy import fixes

# Full-width ASCII letters and digits only; full-width punctuation (，！：) stays.
_WIDTH = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
# Zero-width space, word joiner, and the byte order mark. ZWNJ and ZWJ are left alone:
# Persian, Indic scripts and emoji sequences need them.
_ZERO_WIDTH = {0x200B: None, 0x2060: None, 0xFEFF: None}
_NBSP = {0xA0: 0x20, 0x202F: 0x20, 0x2007: 0x20}
_C1 = {cp: None for cp in range(0x80, 0xA0)}
# Markup: a tag, a comment or a doctype. Entities inside real markup are its business.
_MARKUP = re.compile(
    r"<(?:[A-Za-z][\w:-]*(?:\s[^<>]*)?/?|/[A-Za-z][\w:-]*\s*|!--.*?--|!DOCTYPE[^<>]*)>", re.S
)


def _entities(text: str) -> str:
    """Decode entities until none are left (`&amp;lt;` was escaped twice), unless markup shows."""
    while not _MARKUP.search(text):
        decoded = fixes.unescape_html(text)
        if decoded == text:
            break
        text = decoded
    return text


@dataclass(frozen=True)
class Step:
    """One normalisation step: its option name, what it does, and the function."""

    name: str
    description: str
    apply: Callable[[str], str]


STEPS: tuple[Step, ...] = (
    Step("terminal_escapes", "remove ANSI terminal escape sequences", fixes.remove_terminal_escapes),
    Step("html_entities", "decode HTML entities, unless the text holds real markup", _entities),
    Step("line_endings", "turn CRLF, CR, U+0085, U+2028 and U+2029 into LF", fixes.fix_line_breaks),
    Step(
        "control_chars",
        "remove C0 controls other than tab, LF, FF and CR, and other invisible format characters",
        fixes.remove_control_chars,
    ),
    Step("c1_controls", "remove C1 controls (U+0080-U+009F)", lambda t: t.translate(_C1)),
    Step(
        "zero_width",
        "remove zero-width spaces, word joiners and byte order marks",
        lambda t: t.translate(_ZERO_WIDTH),
    ),
    Step("nbsp", "turn no-break spaces into spaces (U+3000 stays)", lambda t: t.translate(_NBSP)),
    Step(
        "ideographic_space",
        "turn the ideographic space U+3000 into a space",
        lambda t: t.replace("\u3000", " "),
    ),
    Step("nfc", "compose to Unicode NFC", lambda t: unicodedata.normalize("NFC", t)),
    Step(
        "nfkc",
        "compatibility-compose to NFKC: folds CJK punctuation and half-width katakana too",
        lambda t: unicodedata.normalize("NFKC", t),
    ),
    Step(
        "width",
        "fold full-width ASCII letters and digits; CJK punctuation stays",
        lambda t: t.translate(_WIDTH),
    ),
    Step("ligatures", "split Latin ligatures such as ﬁ into letters", fixes.fix_latin_ligatures),
    Step("curly_quotes", "straighten curly quotes", fixes.uncurl_quotes),
)
OPTIONS = tuple(step.name for step in STEPS)

PRESETS: Mapping[str, frozenset[str]] = {
    "none": frozenset(),
    "cjk-safe": frozenset({"terminal_escapes", "line_endings", "control_chars", "zero_width", "nfc"}),
    "web": frozenset(
        {
            "terminal_escapes",
            "html_entities",
            "line_endings",
            "control_chars",
            "c1_controls",
            "zero_width",
            "nbsp",
            "nfc",
            "width",
            "ligatures",
        }
    ),
}


def resolve(preset: str | None = None, **options: bool) -> frozenset[str]:
    """The set of steps a preset and explicit options turn on."""
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"unknown normalisation preset {preset!r}; choose from {', '.join(PRESETS)}")
    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise ValueError(
            f"unknown normalisation option(s) {', '.join(sorted(unknown))}; choose from {', '.join(OPTIONS)}"
        )
    chosen = set(PRESETS[preset] if preset else ())
    for name, on in options.items():
        (chosen.add if on else chosen.discard)(name)
    return frozenset(chosen)


def apply(text: str, steps: frozenset[str]) -> tuple[str, tuple[Step, ...]]:
    """Apply the chosen steps in their fixed order; return the text and the steps that changed it."""
    applied = []
    for step in STEPS:
        if step.name in steps:
            after = step.apply(text)
            if after != text:
                applied.append(step)
                text = after
    return text, tuple(applied)


def normalize(text: str, preset: str | None = None, **options: bool) -> str:
    """Normalise `text` with a preset ("web", "cjk-safe", "none") and/or single options.

    Options are the names in `OPTIONS`, each True or False; they override the preset.
    """
    if not isinstance(text, str):
        raise TypeError(f"mojifix works on str, not {type(text).__name__}; decode bytes first")
    return apply(text, resolve(preset, **options))[0]
