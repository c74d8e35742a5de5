"""Work spread over the cores: one helper for every stage that does many posts at once."""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")


def start_method() -> str:
    """'fork' where it is safe and fastest (Linux, one thread: the workers inherit what is
    loaded); else 'forkserver' or 'spawn', as macOS, Windows and Python 3.14 default to.
    Each worker then imports what it needs, so every function given must be importable."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def map_in_processes(
    function: Callable[..., Result],
    calls: Sequence[tuple[Any, ...]],
    workers: int,
    warm_up: Callable[[], object] | None = None,
) -> list[Result]:
    """``[function(*call) for call in calls]``, in ``workers`` processes, in order.

    With fork, ``warm_up`` first loads what every call needs (modules, compiled templates),
    so that the workers share it instead of each loading it again, and the collector is
    told to leave those objects alone in the workers (walking them would copy the memory
    pages they are on: 4 % of a site build).
    """
    from concurrent.futures import ProcessPoolExecutor

    method = start_method()
    if method == "fork":
        if warm_up:
            warm_up()
        gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))
    try:
        chunk = max(1, len(calls) // (workers * 16))
        return list(pool.map(function, *zip(*calls, strict=True), chunksize=chunk))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # the workers exit meanwhile
        if method == "fork":
            gc.unfreeze()
