"""The audit log proves itself beyond the store key: a provisioned desk's log is sealed with a
key the store does not hold, and every sync anchors its head at head office, which refuses a log
that shrank or was rewritten. Administrator recoveries travel with the anchor and head office
counts them. A real head office on loopback (SQLite), the demo desk provisioned with it; the
attacker holds the store key and edits the store with raw SQL."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.access.audit import GENESIS, SEAL_KEY, _seal_mac, event_hash
from cli.launcher import main as chudan
from hq.cli import main as chudan_hq
from hq.models import AnchorRefusal, AuditAnchor, RecoveryReport
from local_db.keystore import load_seal_key, seal_key_file_for
from local_db.models import AuditEvent, Setting
from tests.support.accounts import stdin_lines
from tests.support.outlet import fast_worker


def _events(ctx, n: int, action: str = "test.event") -> None:
    for i in range(n):
        ctx.audit.log("tester", action, "thing", i, f"event {i}")


def _rewrite_from(ctx, first: int, keep: int | None = None) -> None:
    """Edit event `first` (or cut the log after `keep` events) and recompute every later hash,
    as someone holding the store key (but not the seal key) would."""
    with ctx.store.write() as s:
        s.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
        s.execute(text("DROP TRIGGER IF EXISTS audit_event_no_delete"))
        if keep is not None:
            s.execute(text("DELETE FROM audit_event WHERE id > :k"), {"k": keep})
        else:
            s.execute(
                text("UPDATE audit_event SET summary='nothing happened' WHERE id = :i"),
                {"i": first},
            )
        prev = GENESIS
        for ev in s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars():
            if ev.id >= first:
                ev.prev_hash = prev
                ev.hash = event_hash(
                    ev.id, ev.ts, ev.actor, ev.action, ev.object_type, ev.object_id,
                    ev.summary, prev,
                )  # fmt: skip
            prev = ev.hash


def _reseal(ctx, key: bytes) -> None:
    """What someone holding the seal key as well could do: a seal that fits the rewritten log."""
    with ctx.store.write() as s:
        count, head = s.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).one()
        row = s.get(Setting, SEAL_KEY)
        seal = {k: v for k, v in row.value.items() if k != "mac"} | {"count": count, "head": head}
        if seal.get("anchor", {}).get("count", 0) > count:
            del seal["anchor"]  # an acknowledgement of events no longer there: dropped
        if "anchor" in seal:  # and an acknowledgement that fits it too
            seal["anchor"] = seal["anchor"] | {
                "hash": s.execute(
                    select(AuditEvent.hash).where(AuditEvent.id == seal["anchor"]["count"])
                ).scalar_one()
            }
        row.value = seal | {"mac": _seal_mac(key, seal)}


def test_a_provisioned_desk_is_sealed_and_anchored_at_every_sync(desk, link, capsys):
    assert seal_key_file_for(desk.store.path).stat().st_mode & 0o777 == 0o600
    _events(desk, 3)
    result = desk.audit.verify()
    assert result.ok and result.sealed_from is not None and result.anchor is None
    summary = fast_worker(desk).run_once()
    assert summary.ok, summary.error
    count, head = desk.audit.head()
    assert summary.anchor.count == count
    with Session(link.engine) as s:
        kept = s.execute(select(AuditAnchor.count, AuditAnchor.head_hash)).all()
    assert kept == [(count, head)]
    assert chudan(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert f"head office acknowledged the first {count} events on" in out


def test_a_rewrite_with_the_store_key_alone_is_found_between_syncs(desk, link):
    _events(desk, 5)
    _rewrite_from(desk, 3)
    result = desk.audit.verify()  # every hash recomputed: only the seal can tell
    assert not result.ok and "without the desk's seal key" in result.reason


def test_deleting_the_last_events_and_the_seal_is_found(desk, link):
    _events(desk, 5)
    count, _ = desk.audit.head()
    _rewrite_from(desk, count + 1, keep=count - 2)
    assert not desk.audit.verify().ok
    with desk.store.write() as s:
        s.delete(s.get(Setting, SEAL_KEY))
    result = desk.audit.verify()
    assert not result.ok and "seal is missing" in result.reason


def test_head_office_refuses_a_log_that_shrank(desk, link, tmp_path, capsys):
    _events(desk, 4)
    worker = fast_worker(desk)
    assert worker.run_once().ok
    anchored, _ = desk.audit.head()
    key = load_seal_key(desk.store.path)
    _rewrite_from(desk, anchored + 1, keep=anchored - 3)
    _reseal(desk, key)  # even with the seal key, the desk cannot hide it from head office
    summary = worker.run_once()
    assert not summary.ok and "refused" in summary.error and "deleted" in summary.error
    with Session(link.engine) as s:
        assert s.scalars(select(AnchorRefusal.reason_code)).all() == ["chain_shrank"]
    db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    assert chudan_hq(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["audit_anchors_refused"] == 1


def test_head_office_refuses_a_rewritten_log_and_verify_names_the_anchor(desk, link):
    _events(desk, 4)
    worker = fast_worker(desk)
    assert worker.run_once().ok
    _events(desk, 2)
    _rewrite_from(desk, 2)  # below the anchor, every later hash recomputed
    result = desk.audit.verify()
    assert not result.ok  # the seal (no key) says so; with the seal key too:
    _reseal(desk, load_seal_key(desk.store.path))
    assert desk.audit.verify().ok  # everything on the desk agrees, but head office does not
    summary = worker.run_once()
    assert not summary.ok and "rewritten" in summary.error
    with Session(link.engine) as s:
        assert s.scalars(select(AnchorRefusal.reason_code)).all() == ["chain_forked"]


def test_recoveries_are_reported_once_and_counted_at_head_office(desk, link, tmp_path, capsys):
    _events(desk, 1)
    _events(desk, 2, action="user.recovery")
    worker = fast_worker(desk)
    assert worker.run_once().anchor.recoveries == 2
    _events(desk, 1, action="user.recovery")
    assert worker.run_once().anchor.recoveries == 1  # only those since the last anchor
    assert worker.run_once().anchor.recoveries == 0
    with Session(link.engine) as s:
        assert s.scalar(select(func.count()).select_from(RecoveryReport)) == 3
        sealed = s.scalars(select(RecoveryReport.summary)).all()
    assert all("event" not in text_ for text_ in sealed)  # kept sealed at head office
    db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    assert chudan_hq(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["admin_recoveries_reported"] == 3


def test_a_desk_never_provisioned_is_not_sealed_and_says_so(app_ctx, capsys):
    _events(app_ctx, 2)
    result = app_ctx.audit.verify()
    assert result.ok and result.sealed_from is None
    assert chudan(["audit", "verify"]) == 0
    assert "not sealed" in capsys.readouterr().out


def test_a_recovery_with_the_recovery_command_reaches_head_office(
    desk, link, tmp_path, monkeypatch, capsys
):
    stdin_lines(monkeypatch, "recovered-pass-1")
    key_file = desk.home / "chudan.db.key"
    args = ["user", "recover-admin", "admin", "--key-file", str(key_file), "--password-stdin"]
    assert chudan(args) == 0
    capsys.readouterr()
    summary = fast_worker(desk).run_once()
    assert summary.ok and summary.anchor.recoveries == 1, summary.error
    with Session(link.engine) as s:
        (actor,) = s.scalars(select(RecoveryReport.actor)).all()
    assert actor  # who ran it, as the desk recorded it
    db = f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    assert chudan_hq(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["admin_recoveries_reported"] == 1


def test_a_removed_seal_is_not_sealed_afresh_by_the_next_sync(desk, link):
    _events(desk, 3)
    with desk.store.write() as s:
        s.delete(s.get(Setting, SEAL_KEY))
    summary = fast_worker(desk).run_once()
    assert not summary.ok and "seal is missing" in summary.error
    result = desk.audit.verify()
    assert not result.ok and "seal is missing" in result.reason


def test_a_log_sealed_anew_after_its_seal_and_key_were_removed_is_refused(desk, link):
    _events(desk, 3)
    worker = fast_worker(desk)
    assert worker.run_once().ok
    _events(desk, 2)
    seal_key_file_for(desk.store.path).unlink()  # the seal key and the seal, both gone
    with desk.store.write() as s:
        s.delete(s.get(Setting, SEAL_KEY))
    summary = worker.run_once()  # the sync seals the log anew from now on, but head office
    assert not summary.ok and "sealed from event" in summary.error
    with Session(link.engine) as s:
        assert s.scalars(select(AnchorRefusal.reason_code)).all() == ["chain_resealed"]
