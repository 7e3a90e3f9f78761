"""A small on-disk cache for tables derived at first use, so each process starts fast.

The tables (character costs per code point, character and pair frequencies from
wordfreq) are always derivable; the cache only saves rebuilding them in every new
process. It lives under `$XDG_CACHE_HOME/mojifix` (or `~/.cache/mojifix`), keyed by
the versions and the source code that shape the tables, and is written atomically;
when the folder is not writable the tables are simply rebuilt. A folder left by other
source code of the same version is removed when a new one is written.
`MOJIFIX_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
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


@functools.cache
def _source_digest() -> str:
    """A digest of this package's source: a table built by other code is another table."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = "-".join(
        (
            _version("mojifix"),
            _source_digest(),
            _version("wordfreq"),
            f"py{sys.version_info[0]}.{sys.version_info[1]}",
            f"ucd{unicodedata.unidata_version}",
        )
    )
    return Path(base) / "mojifix" / key


def _remove_stale(folder: Path) -> None:
    """Remove the folders that other source code of this version left beside `folder`."""
    prefix = folder.name.split("-", 1)[0] + "-"
    if not folder.parent.is_dir():
        return
    for other in folder.parent.iterdir():
        if other.is_dir() and other.name.startswith(prefix) and other.name != folder.name:
            shutil.rmtree(other, ignore_errors=True)


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
        if not path.parent.exists():
            _remove_stale(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
