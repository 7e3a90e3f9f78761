"""Beyond one machine: repair dask DataFrame columns, and run the command's files on a cluster.

Needs the `dask` extra (`pip install "mojifix[dask]"`). Every worker must have mojifix
installed (the same version), and for the command, the input and output paths must be
visible at the same place on every machine (a shared file system): workers read and
write the files themselves, with the same atomic writes as a local run.

>>> import pandas as pd, dask.dataframe as dd
>>> frame = dd.from_pandas(pd.DataFrame({"t": ["China鈥檚", None, "ok"], "n": [1, 2, 3]}), npartitions=2)
>>> fixed = repair_columns(frame).compute()["t"]
>>> fixed[0], bool(fixed.isna()[1]), fixed[2]
('China’s', True, 'ok')
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from .batch import FileResult, Job, Settings, process
from .columns import repair_series


def repair_column(frame: Any, column: str, lossy: str = "infer", normalize: str | None = None) -> Any:
    """`frame` with one string column repaired, partition by partition."""
    meta = frame[column]._meta
    fixed = frame[column].map_partitions(repair_series, lossy, normalize, meta=meta)
    return frame.assign(**{column: fixed})


def repair_columns(
    frame: Any, columns: Sequence[str] | None = None, lossy: str = "infer", normalize: str | None = None
) -> Any:
    """`frame` with the given columns repaired (default: every string column)."""
    import pandas as pd

    if columns is None:
        columns = [
            c
            for c, dtype in frame.dtypes.items()
            if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
        ]
    for column in columns:
        frame = repair_column(frame, column, lossy, normalize)
    return frame


def run_on_cluster(
    items: Sequence[Job | FileResult], settings: Settings, address: str
) -> Iterator[FileResult]:
    """Process the jobs on the Dask scheduler at `address`; results in input order.

    A task whose worker dies is run again on another (Dask reschedules it); one that
    cannot be finished is reported as an error naming the input, and a rerun of the
    same command completes it.
    """
    import distributed

    client_class: Any = distributed.Client
    with client_class(address, timeout="30s") as client:
        jobs = [item for item in items if isinstance(item, Job)]
        futures = client.map(process, jobs, [settings] * len(jobs), pure=False, retries=2)
        done = iter(zip(jobs, futures, strict=True))
        for item in items:
            if isinstance(item, FileResult):
                yield item
                continue
            job, future = next(done)
            try:
                yield future.result()
            except Exception as err:  # a worker lost too often, or the cluster went away
                yield FileResult(
                    job.display, "error", f"not done on the cluster: {type(err).__name__}: {err}"
                )
