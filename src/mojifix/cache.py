"""A small on-disk cache for tables derived at first use, so each process starts fast.

The tables (character costs per code point, character and pair frequencies from
wordfreq) are always derivable; the cache only saves rebuilding them in every new
process. It lives under `$XDG_CACHE_HOME/mojifix` (or `~/.cache/mojifix`), keyed by
the versions that shape the tables, and is written atomically; when the folder is
not writable the tables are simply rebuilt. `MOJIFIX_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = "-".join(
        (
            _version("mojifix"),
            _version("wordfreq"),
            f"py{sys.version_info[0]}.{sys.version_info[1]}",
            f"ucd{unicodedata.unidata_version}",
        )
    )
    return Path(base) / "mojifix" / key


def cached(name: str, build: Callable[[], T]) -> T:
    """The value `build()` returns, from the cache when an earlier process left it there."""
    if os.environ.get("MOJIFIX_NO_CACHE"):
        return build()
    path = _folder() / f"{name}.pickle"
    try:
        with open(path, "rb") as fh:
            value: T = pickle.load(fh)
        return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
