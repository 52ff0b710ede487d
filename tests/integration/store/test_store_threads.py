"""The store serves many threads over a long session: the window's worker threads come and go
(Qt retires idle ones), the sync runs on its own, the store opens behind the log-in. A connection
in use by one thread is never closed because other threads came along (with SQLCipher's default
pool it was, once a sixth thread used the store: a quote in the wizard then failed with "Cannot
operate on a closed database")."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from local_db.models import AuditEvent


def _in_thread(fn) -> BaseException | None:
    failure: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # handed back to the test, which fails on it
            failure.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=60)
    assert not t.is_alive(), "a thread did not finish within 60 s"
    return failure[0] if failure else None


def test_a_session_in_use_survives_a_dozen_other_threads_using_the_store(app_ctx):
    store = app_ctx.store
    with store.read() as held:  # a worker in the middle of a quote
        before = held.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        for i in range(12):  # each a new thread identity, as Qt's pool makes after idle ones retire
            error = _in_thread(lambda i=i: app_ctx.audit.log("tester", "thread.check", "t", i))
            assert error is None, error
        after = held.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    assert after >= before  # the held session still answers (WAL: it may see its own snapshot)
    assert app_ctx.audit.verify().ok
    assert sum(1 for e in app_ctx.audit.recent(50) if e.action == "thread.check") == 12
