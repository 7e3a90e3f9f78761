"""Many strings at once: iterables, pandas Series and pyarrow string arrays, nulls kept.

pandas and pyarrow are optional (`pip install mojifix[dataframe]`); each helper imports
what it needs when called and returns the type it was given.

>>> repair_many(["China鈥檚", None, "ÖÐÎÄ"])
['China’s', None, '中文']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .repair import repair


def repair_many(
    texts: Iterable[str | None], lossy: str = "infer", normalize: str | None = None
) -> list[str | None]:
    """Repair each string; None (a null) stays None, anything else that is not a str is refused."""
    out: list[str | None] = []
    for text in texts:
        if text is None:
            out.append(None)
        elif isinstance(text, str):
            out.append(repair(text, lossy, normalize))
        else:
            raise TypeError(f"repair_many takes str or None, not {type(text).__name__}")
    return out


def repair_series(series: Any, lossy: str = "infer", normalize: str | None = None) -> Any:
    """A pandas Series of strings repaired, with its index, name and dtype; nulls kept."""
    import pandas as pd

    def one(value: Any) -> Any:
        return value if not isinstance(value, str) else repair(value, lossy, normalize)

    if not (pd.api.types.is_string_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype)):
        raise TypeError(f"repair_series takes a Series of strings, not of {series.dtype}")
    return series.map(one, na_action="ignore").astype(series.dtype)


def repair_arrow(array: Any, lossy: str = "infer", normalize: str | None = None) -> Any:
    """A pyarrow string array (plain, large or chunked) repaired, of the same type; nulls kept."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        return pa.chunked_array(
            [repair_arrow(chunk, lossy, normalize) for chunk in array.chunks], type=array.type
        )
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        raise TypeError(f"repair_arrow takes a string array, not {array.type}")
    return pa.array(repair_many(array.to_pylist(), lossy, normalize), type=array.type)
