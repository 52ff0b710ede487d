"""What holds the GUI thread and what the window holds: the pause log (ui/pause_watch.py), 新建投保
waiting for the wizard's modules rather than freezing the window, full garbage collections kept
off the window's long-lived objects (ui/heap.py), and PySide6's import hook no longer keeping
every module's source in memory (ui/source_scan.py)."""

from __future__ import annotations

import gc
import linecache
import logging
import sys
import time

import pytest
from PySide6.QtCore import QTimer

from ui import heap, source_scan
from ui.pause_watch import PauseWatch, from_environment


def _hold_the_gui_thread(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        sum(range(1000))


def test_a_callback_that_holds_the_gui_thread_is_reported_with_where(qtbot):
    watch = PauseWatch(threshold_ms=60)
    watch.start()
    qtbot.wait(50)  # the heartbeat runs
    QTimer.singleShot(0, lambda: _hold_the_gui_thread(200))
    qtbot.wait(300)
    pauses = watch.stop()
    assert pauses, "a 200 ms callback was not seen"
    worst = pauses[0]
    assert 190 <= worst.ms < 1000
    assert "_hold_the_gui_thread" in worst.top()
    assert all(p.ms > 60 for p in pauses)


def test_a_gui_thread_left_free_shows_no_pause(qtbot):
    watch = PauseWatch(threshold_ms=150)
    watch.start()
    qtbot.wait(200)
    assert watch.stop() == []


def test_the_window_logs_pauses_only_when_asked(qtbot, monkeypatch, caplog):
    monkeypatch.delenv("CHUDAN_PAUSE_LOG", raising=False)
    assert from_environment() is None
    monkeypatch.setenv("CHUDAN_PAUSE_LOG", "60")
    watch = from_environment()
    assert watch is not None
    with caplog.at_level(logging.WARNING, logger="ui.pause_watch"):
        QTimer.singleShot(0, lambda: _hold_the_gui_thread(150))
        qtbot.wait(250)
        watch.stop()
    logged = [r.getMessage() for r in caplog.records if r.name == "ui.pause_watch"]
    assert any("_hold_the_gui_thread" in m for m in logged), logged


def test_modules_imported_after_qt_leave_no_source_in_memory(tmp_path, monkeypatch):
    # `ui` is imported, so PySide6's hook checks without caching; its answer is unchanged: a
    # module whose source mentions PySide6 is one that may use its features.
    assert source_scan.stop()
    (tmp_path / "chudan_scan_plain.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "chudan_scan_qt.py").write_text(
        "from PySide6.QtCore import QObject\nVALUE = QObject\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        for name in ("chudan_scan_plain", "chudan_scan_qt"):
            __import__(name)  # an import statement's way in, which PySide6's hook wraps
            assert str(tmp_path / f"{name}.py") not in linecache.cache
        features = sys.modules["shibokensupport.feature"].pyside_feature_dict
        assert features["chudan_scan_plain"] == -1
        assert features["chudan_scan_qt"] == 0
    finally:
        for name in ("chudan_scan_plain", "chudan_scan_qt"):
            sys.modules.pop(name, None)


def test_new_policy_waits_for_the_wizards_modules_instead_of_freezing_the_window(
    qtbot, gui_ctx, desk_clerk, monkeypatch
):
    """新建投保 is offered once the wizard's modules are loaded on the worker: clicked before,
    the GUI thread waited on the worker's import (the longest pause of an issuance)."""
    import threading

    import ui.pages.issue_page as issue_page
    from tests.support.desk import main_window

    release = threading.Event()
    real_load = issue_page.load_wizard_modules

    def slow_load() -> None:
        release.wait(10)  # a slow disk, a busy machine
        real_load()

    monkeypatch.setattr(issue_page, "load_wizard_modules", slow_load)
    w = main_window(qtbot, gui_ctx, desk_clerk)
    page = w.pages[0]
    qtbot.waitUntil(lambda: page._has_outlet)  # the outlet is known: only the import is missing
    qtbot.wait(100)
    assert not page.new_button.isEnabled()
    release.set()
    qtbot.waitUntil(page.new_button.isEnabled)
    w.tasks.wait_idle()
    w.close()


def test_what_the_window_holds_is_left_out_of_full_collections_until_it_closes(
    qtbot, gui_ctx, desk_clerk
):
    """The window's own objects are frozen (ui/heap.py): a full collection, on whichever thread
    it runs, does not walk them; closing the window hands them back."""
    from tests.support.desk import main_window

    gc.unfreeze()  # what earlier tests froze (tests/gui/conftest.py freezes again after this one)
    w = main_window(qtbot, gui_ctx, desk_clerk)
    qtbot.waitUntil(w.pages[0].new_button.isEnabled)
    held = w.pages[0].__dict__  # a dict made with the window, alive as long as it
    assert gc.get_freeze_count() > 0
    assert not any(o is held for o in gc.get_objects())
    w.tasks.wait_idle()
    w.close()
    assert any(o is held for o in gc.get_objects())


def test_collections_wait_while_the_ocr_engine_loads_and_resume_after_a_failure():
    """While a worker builds something large that stays (the OCR engine), no automatic
    collection runs over the window's objects; afterwards, and after a failed load, they do."""
    assert gc.isenabled()
    with heap.collections_paused():
        assert not gc.isenabled()
        with heap.collections_paused():  # the warm-ups of two windows at once
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), heap.collections_paused():
        raise RuntimeError("the engine's model is missing")
    assert gc.isenabled()
