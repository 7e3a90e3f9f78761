"""Shared fixtures: the bundled corpus, read from the repository."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(CORPUS))
sys.path.insert(0, str(ROOT))  # the benchmarks package

# CI draws the same examples on every run, so that a red build can be reproduced; a
# local run explores new ones (set CI=1 to draw CI's).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
