"""Keeping Python's full garbage collections short while the window is in use.

A full (oldest-generation) collection walks every object the process tracks, with the
interpreter lock held: with the store, the rating engine, the pages and the wizard loaded that
is some 200,000 objects, and one collection took 150–600 ms. Whichever thread's allocation set it
off (a worker parsing the PDF font, the OCR's imports), the GUI thread waited for it: these were
the largest pauses of a whole issuance (docs/benchmarks.md, "What paused the GUI thread").

What was loaded to show the window (modules, classes, the pages) lives as long as the window, so
it is moved out of the collector's sight once built (`gc.freeze()`): later full collections walk
only what was made since. Young objects are collected first (cheap). A frozen object freed by its
reference count is freed as always; only reference cycles among frozen objects wait, until
`thaw()` when the window closes (a log-out and log-in keeps nothing of the old window).

So nothing is frozen that comes and goes with each policy, except once: the first issuance's
warm-up (the OCR engine, the rating engine, the PDF font, all kept for the window's life) is
frozen with that first wizard in it (`freeze_once`), a bounded cost; later wizards are not."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def freeze(*, collect: bool = True) -> None:
    """Everything alive now is left out of later collections. `collect`: the young generations
    are collected first (a few milliseconds), which may free widgets' wrappers, so only on the
    GUI thread; a worker freezes without (its young garbage waits for `thaw()`)."""
    if collect:
        gc.collect(1)
    gc.freeze()


_done: set[str] = set()
_lock = threading.Lock()


def freeze_once(what: str, *, collect: bool = True) -> None:
    """`freeze()` the first time `what` is loaded in this window, not again."""
    with _lock:
        if what in _done:
            return
        _done.add(what)
    freeze(collect=collect)


_paused = 0


@contextmanager
def collections_paused() -> Iterator[None]:
    """No automatic collection while a worker loads something large that stays (the OCR
    engine: ~90,000 objects, 25,000 of them its own short-lived cycles). Each allocation could
    otherwise set off a full collection over what the window holds, every thread waiting; a
    `freeze(collect=False)` at the end then keeps what was loaded out of later ones (its
    garbage too, a few MB, until `thaw()`)."""
    global _paused
    with _lock:
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0:
                gc.enable()


def thaw() -> None:
    """Everything frozen is collected as usual again (the window is closing; the next window
    freezes what it loads)."""
    _done.clear()
    gc.unfreeze()
