"""Shared fixtures: the bundled corpus, read from the repository."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(CORPUS))
sys.path.insert(0, str(ROOT))  # the benchmarks package
