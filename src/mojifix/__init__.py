"""mojifix: find and repair mojibake, CJK codecs included.

>>> import mojifix
>>> mojifix.repair("China鈥檚 “best” ÖÐÎÄ")
'China’s “best” 中文'
"""

from __future__ import annotations

from .columns import repair_arrow, repair_many, repair_series
from .formats import repair_bytes
from .normalization import PRESETS, normalize
from .repair import explain, repair
from .result import Change, Detection, Explanation, LostBytes, Normalization, Span


def detect(text: str) -> Detection:
    """Judge whether `text` holds mojibake, without keeping the repair."""
    result = explain(text)
    spans = tuple(Span(c.input_start, c.input_end, c.chain, c.confidence) for c in result.changes)
    chains = tuple(dict.fromkeys(s.chain for s in spans))
    confidence = max((s.confidence for s in spans), default=0.0)
    return Detection(bool(spans), confidence, chains, spans)


__all__ = [
    "PRESETS",
    "Change",
    "Detection",
    "Explanation",
    "LostBytes",
    "Normalization",
    "Span",
    "detect",
    "explain",
    "normalize",
    "repair",
    "repair_arrow",
    "repair_bytes",
    "repair_many",
    "repair_series",
]
__version__ = "0.1.0"
