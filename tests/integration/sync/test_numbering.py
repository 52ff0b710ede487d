"""Policy numbers never repeat across desks or restores (outlet side, against a real head office
on loopback): each desk issues in the device number head office gave it, and a desk restored from
an older backup issues nothing until a sync has told it the last number head office holds, then
draws after that one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.errors import ChudanError
from app.core.policy_number import parse
from app.desk.context import AppContext
from app.issuance.policy_numbers import NUMBERING_KEY, next_printable
from cli.launcher import main as chudan
from local_db.models import AuditEvent, Device, Policy, Setting
from tests.support.accounts import stdin_lines
from tests.support.outlet import demo_clerk as clerk
from tests.support.outlet import fast_worker, issue_real, provision, request_for
from tests.support.stores import copy_store


def _numbers(ctx) -> list[int]:
    with ctx.store.read() as s:
        return [d.device_number for d in s.execute(select(Device)).scalars()]


def test_two_desks_of_one_outlet_issue_in_their_own_ranges(desk, link, store_template, tmp_path):
    home = tmp_path / "second-desk"
    home.mkdir()
    copy_store(store_template, home)
    second = AppContext.open(home)
    try:
        provision(second, link.proxy.url, link.engine)  # the same outlet, DEMO01
        assert _numbers(desk) == [1] and _numbers(second) == [2]
        first_id = issue_real(desk, 1)[0]
        second_id = issue_real(second, 1, start=1)[0]
        numbers = []
        for ctx, pid in ((desk, first_id), (second, second_id)):
            summary = fast_worker(ctx).run_once()
            assert summary.ok and summary.upload.accepted == 1, summary.error
            with ctx.store.read() as s:
                numbers.append(s.get(Policy, pid).policy_number)
        parts = [parse(n) for n in numbers]
        # Each desk's first number of the day (or the next one, when the first would end in the
        # check character O or I, which reads as a digit on paper).
        first = [parse(next_printable("DEMO01", d, parts[0].day, 1)) for d in (1, 2)]
        assert [(p.outlet, p.device, p.seq) for p in parts] == [
            ("DEMO01", 1, first[0].seq),
            ("DEMO01", 2, first[1].seq),
        ]
    finally:
        second.close()


def test_a_restored_desk_issues_only_after_learning_the_last_number(
    desk, link, tmp_path, monkeypatch
):
    worker = fast_worker(desk)
    issue_real(desk, 2)
    assert worker.run_once().upload.accepted == 2
    backup = tmp_path / "before.db"
    stdin_lines(monkeypatch, "demo-admin-2026")
    assert chudan(["db", "backup", str(backup), "--as", "admin"]) == 0
    issue_real(desk, 3, start=2)  # numbers 3, 4 and 5, then head office has them
    assert worker.run_once().upload.accepted == 3
    with desk.store.read() as s:
        held = [parse(n) for n in s.scalars(select(Policy.policy_number))]
    last = max(held, key=lambda n: n.seq)  # the fifth number, which head office holds
    home = desk.home
    desk.close()
    stdin_lines(monkeypatch, "demo-admin-2026")
    assert chudan(["db", "restore", str(backup), "--as", "admin"]) == 0
    restored = AppContext.open(home)
    try:
        user = clerk(restored)
        with pytest.raises(ChudanError, match="last policy number from head office"):
            restored.issuance.issue(user, request_for(10))
        summary = fast_worker(restored).run_once()
        assert summary.online
        issued = restored.issuance.issue(user, request_for(11))
        after = parse(next_printable(last.outlet, last.device, last.day, last.seq + 1))
        # after the five head office holds, not after the two the backup knew of
        assert parse(issued.policy_number).seq == after.seq
        again = fast_worker(restored).run_once()
        assert again.upload.accepted == 1 and again.upload.rejected == 0
    finally:
        restored.close()


def test_a_desk_provisioned_before_device_numbers_learns_its_number_first(desk, link):
    # As a desk provisioned by an earlier version: local device 1, nothing known from head
    # office, while head office assigned this device number 1 and another desk 2.
    with desk.store.write() as s:
        s.delete(s.get(Setting, NUMBERING_KEY))
        device = s.execute(select(Device)).scalar_one()
        device.device_number = 7  # what the desk believed; head office's word wins
    user = clerk(desk)
    with pytest.raises(ChudanError, match="before head office assigned device numbers"):
        desk.issuance.issue(user, request_for(1))
    assert fast_worker(desk).run_once().online
    assert _numbers(desk) == [1]
    issued = desk.issuance.issue(user, request_for(2))
    assert parse(issued.policy_number).device == 1
    with desk.store.read() as s:
        changed = s.execute(
            select(AuditEvent.summary).where(AuditEvent.action == "device.number")
        ).scalar_one()
    assert "01 (was 07)" in changed
