"""Users, roles and lock-out: permissions are enforced in the services, not by hiding buttons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.access.auth import AccountLocked, LoginFailed
from app.access.permissions import Role
from app.core.errors import InvalidInput, PermissionDenied
from app.desk.context import AppContext
from local_db.models import Customer, User


class Clock:
    """A clock the test moves by hand (lock-out lasts fifteen minutes)."""

    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now


@pytest.fixture
def ctx(seeded_home):
    from local_db.types import utcnow

    clock = Clock(utcnow())
    c = AppContext.open(seeded_home, clock=clock)
    c.test_clock = clock
    admin = c.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    c.users.add_user(admin, "sup", "super-pass-1", Role.SUPERVISOR, "主管")
    c.users.add_user(admin, "clerk", "clerk-pass-1", Role.CLERK, "出单员")
    yield c
    c.close()


def test_first_run_needs_an_admin_and_only_once(seeded_home):
    with AppContext.open(seeded_home) as c:
        assert c.auth.needs_first_admin()
        user = c.auth.create_first_admin("boss", "boss-pass-1", "Boss")
        assert user.role == Role.ADMIN
        assert not c.auth.needs_first_admin()
        with pytest.raises(InvalidInput):
            c.auth.create_first_admin("again", "again-pass-1", "x")


class TestWithTheDesksOwnHashing:
    """The rest of the suite hashes with cheap argon2 parameters (tests/conftest.py); here the
    desk hashes as it does in production."""

    @pytest.fixture
    def _cheap_password_hashing(self):
        """Overrides the suite's autouse fixture of this name: no cheap parameters in this class."""

    def test_passwords_are_hashed_with_the_production_parameters(self, seeded_home):
        with AppContext.open(seeded_home) as c:
            c.auth.create_first_admin("boss", "boss-pass-1", "Boss")
            with c.store.read() as s:
                h = s.execute(
                    select(User.password_hash).where(User.username == "boss")
                ).scalar_one()
            assert c.auth.login("boss", "boss-pass-1").username == "boss"
        assert h.startswith(
            "$argon2id$v=19$m=65536,t=3,p=4$"
        )  # argon2-cffi's defaults, RFC 9106 low memory


def test_passwords_are_stored_as_argon2_hashes(ctx):
    with ctx.store.read() as s:
        h = s.execute(select(User.password_hash).where(User.username == "clerk")).scalar_one()
    assert h.startswith("$argon2") and "clerk-pass-1" not in h


def test_short_password_is_refused_with_what_to_do(ctx):
    admin = ctx.auth.login("admin", "admin-pass-1")
    with pytest.raises(InvalidInput, match="at least 8"):
        ctx.users.add_user(admin, "x", "short", Role.CLERK)


def test_clerk_cannot_manage_users(ctx):
    clerk = ctx.auth.login("clerk", "clerk-pass-1")
    with pytest.raises(PermissionDenied):
        ctx.users.list_users(clerk)
    with pytest.raises(PermissionDenied):
        ctx.users.add_user(clerk, "x2", "whatever-1", Role.CLERK)
    with pytest.raises(PermissionDenied):
        ctx.users.unlock(clerk, "sup")


def test_supervisor_manages_clerks_but_not_admins(ctx):
    sup = ctx.auth.login("sup", "super-pass-1")
    ctx.users.add_user(sup, "clerk2", "clerk-pass-2", Role.CLERK)
    with pytest.raises(PermissionDenied):
        ctx.users.add_user(sup, "admin2", "admin-pass-2", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        ctx.users.set_disabled(sup, "admin", True)


def test_everyone_may_change_their_own_password_knowing_the_current_one(ctx):
    clerk = ctx.auth.login("clerk", "clerk-pass-1")
    with pytest.raises(InvalidInput, match="current password is wrong"):
        ctx.users.change_password(clerk, "guessed-pass", "new-clerk-pass")
    assert ctx.auth.login("clerk", "clerk-pass-1").username == "clerk"  # unchanged
    ctx.users.change_password(clerk, "clerk-pass-1", "new-clerk-pass")
    assert ctx.auth.login("clerk", "new-clerk-pass").username == "clerk"
    with pytest.raises(PermissionDenied):
        ctx.users.reset_password(clerk, "sup", "taken-over-1")
    with pytest.raises(InvalidInput, match="your own account"):  # a reset is for someone else
        ctx.users.reset_password(clerk, "clerk", "no-old-needed")


def test_wrong_password_says_how_many_tries_are_left(ctx):
    with pytest.raises(LoginFailed) as err:
        ctx.auth.login("clerk", "nope")
    assert "4 tries left" in str(err.value)
    assert "4" in err.value.zh


def test_five_failed_logins_lock_for_fifteen_minutes(ctx):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            ctx.auth.login("clerk", "wrong")
    with pytest.raises(AccountLocked):
        ctx.auth.login("clerk", "wrong")
    with pytest.raises(AccountLocked, match="locked until"):
        ctx.auth.login("clerk", "clerk-pass-1")  # even the right password
    ctx.test_clock.now += timedelta(minutes=14, seconds=59)
    with pytest.raises(AccountLocked):
        ctx.auth.login("clerk", "clerk-pass-1")
    ctx.test_clock.now += timedelta(seconds=2)
    assert ctx.auth.login("clerk", "clerk-pass-1").role == Role.CLERK


def test_admin_can_unlock_at_once(ctx):
    for _ in range(5):
        with pytest.raises(LoginFailed):
            ctx.auth.login("clerk", "wrong")
    admin = ctx.auth.login("admin", "admin-pass-1")
    ctx.users.unlock(admin, "clerk")
    assert ctx.auth.login("clerk", "clerk-pass-1").username == "clerk"


def test_disabled_account_cannot_log_in(ctx):
    admin = ctx.auth.login("admin", "admin-pass-1")
    ctx.users.set_disabled(admin, "clerk", True)
    with pytest.raises(LoginFailed, match="disabled"):
        ctx.auth.login("clerk", "clerk-pass-1")
    with pytest.raises(InvalidInput):
        ctx.users.set_disabled(admin, "admin", True)


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(ctx):
    with pytest.raises(LoginFailed) as err:
        ctx.auth.login("ghost", "whatever")
    assert "Wrong user name or password" in str(err.value)


def test_reveal_is_a_permission_and_an_audited_event(ctx):
    with ctx.store.write() as s:
        c = Customer(
            kind="person", name="张伟", id_type="resident_id", id_number="110105198507231238"
        )
        s.add(c)
        s.flush()
        cid = c.id
    clerk = ctx.auth.login("clerk", "clerk-pass-1")
    with pytest.raises(PermissionDenied):
        ctx.personal_data.reveal(clerk, cid, "id_number")
    sup = ctx.auth.login("sup", "super-pass-1")
    assert ctx.personal_data.reveal(sup, cid, "id_number", "customer asked") == "110105198507231238"
    last = ctx.audit.recent(1)[0]
    assert (last.actor, last.action, last.object_id) == ("sup", "personal_data.reveal", str(cid))
    assert "110105198507231238" not in last.summary


def test_login_logout_failures_and_user_changes_are_audited(ctx):
    with pytest.raises(LoginFailed):
        ctx.auth.login("clerk", "bad")
    u = ctx.auth.login("clerk", "clerk-pass-1")
    ctx.auth.logout(u)
    actions = [e.action for e in reversed(ctx.audit.recent(20))]
    assert actions[:3] == ["user.create", "auth.login", "user.create"]
    assert actions[-3:] == ["auth.login_failed", "auth.login", "auth.logout"]
    assert ctx.audit.verify().ok
