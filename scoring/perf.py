"""Keeping large batches fast."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is classified.

    The engine builds millions of small tuples and dicts and never a reference cycle, yet each
    allocation burst triggers collections that rescan the whole input batch: measured, this
    halves the time of a 100,000-person batch. The previous state is always restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
