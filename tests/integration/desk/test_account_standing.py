"""A log-in does not outlive the account: once an account is disabled (or its role lowered), its
open session can no longer issue, sign, take money, decide or manage. And the log-in itself says
nothing about which names exist: an unknown name answers as a known one with a wrong password, in
words, count, lock-out and time."""

from __future__ import annotations

import copy
import statistics
import time

import pytest
from sqlalchemy import func, select

from app.access.auth import AccountLocked, LoginFailed
from app.access.passwords import PasswordHashing
from app.access.permissions import Role
from app.core.errors import PermissionDenied
from app.desk.context import AppContext
from app.desk.demo import set_up_demo
from local_db.models import Customer, Payment, Policy, User
from tests.support.bad_input import EXAMPLE


@pytest.fixture
def desk(app_ctx):
    set_up_demo(app_ctx)
    return app_ctx


def _set(ctx, username: str, **values) -> None:
    with ctx.store.write() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        for k, v in values.items():
            setattr(user, k, v)


def _counts(ctx) -> tuple[int, ...]:
    with ctx.store.read() as s:
        return tuple(
            s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Policy, Customer, Payment)
        )


def test_a_disabled_clerks_open_session_can_no_longer_issue_sign_or_take_money(desk):
    clerk = desk.auth.login("clerk", "demo-clerk-2026")
    draft = desk.drafts.create(clerk)
    wizard = copy.deepcopy(EXAMPLE) | {"draft_id": draft, "payments": []}
    admin = desk.auth.login("admin", "demo-admin-2026")
    desk.users.set_disabled(admin, "clerk", True)  # while the clerk is still signed in
    before = _counts(desk)
    with pytest.raises(PermissionDenied, match="disabled since it logged in"):
        desk.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
    with pytest.raises(PermissionDenied, match="disabled since it logged in"):
        desk.issuance.sign(clerk, wizard)
    with pytest.raises(PermissionDenied, match="disabled since it logged in"):
        desk.issuance.record_draft_payment(clerk, wizard, {"method": "cash", "amount": "100.00"})
    assert _counts(desk) == before
    desk.users.set_disabled(admin, "clerk", False)  # enabled again: the same session goes on
    assert desk.issuance.issue(clerk, copy.deepcopy(EXAMPLE)).state == "bound"


def test_a_supervisor_disabled_or_made_a_clerk_decides_nothing_any_more(desk):
    clerk = desk.auth.login("clerk", "demo-clerk-2026")
    supervisor = desk.auth.login("supervisor", "demo-super-2026")
    draft = desk.drafts.create(clerk)
    item = desk.referrals.submit(clerk, draft, "fp", "高价值车辆")
    _set(desk, "supervisor", role=Role.CLERK.value)
    with pytest.raises(PermissionDenied, match="may not decide referral"):
        desk.referrals.decide(supervisor, item, True, "ok")
    _set(desk, "supervisor", role=Role.SUPERVISOR.value, disabled=True)
    with pytest.raises(PermissionDenied, match="disabled since it logged in"):
        desk.referrals.decide(supervisor, item, True, "ok")
    with pytest.raises(PermissionDenied, match="disabled since it logged in"):
        desk.users.unlock(supervisor, "clerk")
    assert desk.referrals.status(draft, "fp").status == "pending"


def test_an_admin_disabled_meanwhile_changes_no_settings(desk):
    admin = desk.auth.login("admin", "demo-admin-2026")
    _set(desk, "admin", disabled=True)
    with pytest.raises(PermissionDenied):
        desk.secure_settings.set(admin, "sms", {"url": "https://x.cn"})
    with pytest.raises(PermissionDenied):
        desk.users.add_user(admin, "lihua", "lihua-pass-1", Role.ADMIN)


def _refusal(ctx, name: str, password: str) -> LoginFailed:
    with pytest.raises(LoginFailed) as err:
        ctx.auth.login(name, password)
    return err.value


def test_an_unknown_name_answers_as_a_known_one_with_a_wrong_password(desk):
    for attempt in range(4):
        known = _refusal(desk, "clerk", "wrong-pass")
        unknown = _refusal(desk, "nosuchuser", "wrong-pass")
        assert (str(known), known.zh) == (str(unknown), unknown.zh)
        assert f"{4 - attempt} tries left" in str(unknown)
    known, unknown = _refusal(desk, "clerk", "x"), _refusal(desk, "nosuchuser", "x")
    assert isinstance(known, AccountLocked) and isinstance(unknown, AccountLocked)
    assert str(known) == str(unknown)
    # Locked alike afterwards, even with a right password for the real account.
    assert str(_refusal(desk, "clerk", "demo-clerk-2026")) == str(_refusal(desk, "nosuchuser", "y"))
    # The audit log, for the administrator's eyes, keeps the difference.
    summaries = {e.summary for e in desk.audit.recent(30) if e.actor == "nosuchuser"}
    assert "unknown user name" in summaries


def test_disabled_is_said_only_to_whoever_knows_the_password(desk):
    _set(desk, "clerk", disabled=True)
    assert "tries left" in str(_refusal(desk, "clerk", "guess"))
    assert "disabled" in str(_refusal(desk, "clerk", "demo-clerk-2026"))


@pytest.mark.slow
def test_an_unknown_name_takes_as_long_as_a_wrong_password(seeded_home):
    """With the desk's production argon2 parameters: without the dummy hash, an unknown name
    would answer in a millisecond and a known one in about 0.4 s."""
    with AppContext.open(seeded_home, passwords=PasswordHashing.production()) as ctx:
        ctx.auth.create_first_admin("boss", "boss-pass-1", "老板")
        known, unknown = [], []
        for i in range(4):  # interleaved, so that a busy machine slows both alike (4: no lock)
            for name, times in (("boss", known), (f"ghost{i}", unknown)):
                t0 = time.perf_counter()
                with pytest.raises(LoginFailed):
                    ctx.auth.login(name, "wrong-password")
                times.append(time.perf_counter() - t0)
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, (known, unknown)
