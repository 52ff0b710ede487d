"""The audit log is append-only and hash-chained; `chudan audit verify` proves it whole and
names the first broken event when someone edits a row with raw SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from cli.launcher import main as chudan


def _events(ctx, n=5):
    for i in range(n):
        ctx.audit.log("tester", "test.event", "thing", i, f"event {i}, phone 13812345678")


def test_chain_verifies_and_summaries_are_masked(app_ctx):
    _events(app_ctx)
    assert app_ctx.audit.verify().ok
    assert all(
        "13812345678" not in e.summary and "138****5678" in e.summary
        for e in app_ctx.audit.recent(5)
    )


def test_the_database_refuses_update_and_delete_of_audit_rows(app_ctx):
    _events(app_ctx)
    with pytest.raises(DatabaseError, match="append-only"):
        with app_ctx.store.write() as s:
            s.execute(text("UPDATE audit_event SET summary='x' WHERE id=2"))
    with pytest.raises(DatabaseError, match="append-only"):
        with app_ctx.store.write() as s:
            s.execute(text("DELETE FROM audit_event WHERE id=2"))


def test_raw_sql_edit_is_found_by_audit_verify(app_ctx, capsys):
    _events(app_ctx)
    # Someone with the key drops the guard and edits event 3.
    with app_ctx.store.write() as s:
        s.execute(text("DROP TRIGGER audit_event_no_update"))
        s.execute(text("UPDATE audit_event SET summary='nothing happened' WHERE id=3"))
    result = app_ctx.audit.verify()
    assert not result.ok and result.broken_event_id == 3 and result.checked == 2
    app_ctx.close()

    assert chudan(["audit", "verify", "--json"]) == 1
    out = capsys.readouterr().out
    assert '"broken_event_id": 3' in out and '"ok": false' in out


def test_deleting_a_row_breaks_the_chain_at_the_gap(app_ctx):
    _events(app_ctx)
    with app_ctx.store.write() as s:
        s.execute(text("DROP TRIGGER audit_event_no_delete"))
        s.execute(text("DELETE FROM audit_event WHERE id=2"))
    result = app_ctx.audit.verify()
    assert not result.ok and result.broken_event_id == 3


def test_audit_verify_cli_ok(app_ctx, capsys):
    _events(app_ctx, 3)
    app_ctx.close()
    assert chudan(["audit", "verify"]) == 0
    assert "ok" in capsys.readouterr().out
