"""Log-in and log-out. Passwords are hashed with argon2; five failed log-ins lock an account
for fifteen minutes (an admin or supervisor can unlock it sooner)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.passwords import PasswordHashing
from app.access.permissions import CurrentUser, Role
from app.access.user_names import check_new_username, normalise_username
from app.core.errors import ChudanError, InvalidInput
from app.core.limits import MAX_DISPLAY_NAME, MAX_USERNAME, escaped, text_problem
from local_db.models import Setting, User
from local_db.store import Store
from local_db.types import utcnow

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


class LoginFailed(ChudanError):
    pass


class _Attempts:
    """Failed log-ins and the lock, for an account or for a name that has none."""

    failed_logins: int
    locked_until: datetime | None

    def record(self, failed: int, locked_until: datetime | None) -> None:
        raise NotImplementedError


class _AccountAttempts(_Attempts):
    def __init__(self, user: User) -> None:
        self._user = user
        self.failed_logins = user.failed_logins or 0
        self.locked_until = user.locked_until

    def record(self, failed: int, locked_until: datetime | None) -> None:
        self._user.failed_logins = failed
        if locked_until is not None:
            self._user.locked_until = locked_until


class _NameAttempts(_Attempts):
    """A name with no account counts its failures too (in the encrypted settings, under a hash
    of the name), so that it locks after the same number of tries as an account would: otherwise
    five tries would tell which names exist."""

    def __init__(self, session: Session, name: str) -> None:
        self._session = session
        self._key = "login-failures:" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]
        row = session.get(Setting, self._key)
        value = row.value if row is not None and isinstance(row.value, dict) else {}
        self.failed_logins = int(value.get("failed", 0))
        until = value.get("locked_until")
        self.locked_until = datetime.fromisoformat(until) if until else None

    def record(self, failed: int, locked_until: datetime | None) -> None:
        if locked_until is not None:
            self.locked_until = locked_until
        value = {
            "failed": failed,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
        }
        row = self._session.get(Setting, self._key)
        if row is None:
            self._session.add(Setting(key=self._key, value=value))
        else:
            row.value = value


class AccountLocked(LoginFailed):
    pass


def to_current_user(user: User) -> CurrentUser:
    return CurrentUser(user.id, user.username, user.display_name, Role(user.role))


def _local_time(ts: datetime) -> str:
    return ts.astimezone().strftime("%H:%M")


class AuthService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        passwords: PasswordHashing,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._passwords = passwords
        self._clock = clock

    def needs_first_admin(self) -> bool:
        with self._store.read() as s:
            return s.execute(select(func.count()).select_from(User)).scalar_one() == 0

    def create_first_admin(self, username: str, password: str, display_name: str) -> CurrentUser:
        """Only on a store with no users: the first account is an admin, and it is logged in."""
        username = check_new_username(username, ())
        display_name = display_name.strip() or username
        problem = text_problem(display_name, MAX_DISPLAY_NAME)
        if problem is not None:
            raise InvalidInput(f"The display name {problem[0]}.", zh=f"显示名称{problem[1]}。")
        pw_hash = self._passwords.hash(password)
        with self._store.write() as s:
            if s.execute(select(func.count()).select_from(User)).scalar_one() != 0:
                raise InvalidInput(
                    "Users already exist; log in and ask an administrator to add accounts.",
                    zh="已有用户，请登录后由管理员添加账号。",
                )
            user = User(
                username=username,
                display_name=display_name,
                role=Role.ADMIN,
                password_hash=pw_hash,
                last_login_at=self._clock(),
            )
            s.add(user)
            s.flush()
            self._audit.record(
                s, username, "user.create", "user", user.id, f"first administrator {username}"
            )
            self._audit.record(s, username, "auth.login", "user", user.id, "")
            return to_current_user(user)

    def login(self, username: str, password: str, *, channel: str = "") -> CurrentUser:
        """The account for these credentials. An unknown name answers exactly as a known one with
        a wrong password does: the same message, the same count of tries left and lock-out, and
        the same time (a password hash is checked either way). Whether an account is disabled is
        said only to whoever gives its password. `channel` goes into the audit event ("command
        line")."""
        now = self._clock()
        name = normalise_username(username)
        # Failures are decided inside the transaction but raised after it commits: the failed
        # attempt, the lock and their audit events must be stored, not rolled back.
        error: LoginFailed | None = None
        with self._store.write() as s:
            user = (
                s.execute(select(User).where(User.username == name)).scalar_one_or_none()
                if len(name) <= MAX_USERNAME
                else None
            )
            attempts: _Attempts = (
                _AccountAttempts(user) if user is not None else _NameAttempts(s, name)
            )
            # Verified before anything else is looked at, for every name, so that the time
            # taken says nothing about whether the account exists.
            right = self._passwords.verify(
                user.password_hash if user is not None else self._passwords.dummy_hash(),
                password,
            )
            who = escaped(name, MAX_USERNAME) or "?"
            object_id = user.id if user is not None else ""
            why = "unknown user name" if user is None else "wrong password"
            locked_until = attempts.locked_until
            if locked_until is not None and locked_until > now:
                self._audit.record(
                    s,
                    who,
                    "auth.login_failed",
                    "user",
                    object_id,
                    "account locked" if user is not None else f"locked ({why})",
                )
                until = _local_time(locked_until)
                error = AccountLocked(
                    f"Too many wrong passwords: the account is locked until {until}. "
                    "Wait, or ask a supervisor or administrator to unlock it.",
                    zh=f"密码错误次数过多，账号已锁定至 {until}。请稍后再试，或联系主管或管理员解锁。",
                )
            elif user is None or not right:
                failed = attempts.failed_logins + 1
                if failed >= MAX_FAILED_LOGINS:
                    attempts.record(0, now + LOCKOUT)
                    self._audit.record(
                        s,
                        who,
                        "auth.locked",
                        "user",
                        object_id,
                        f"locked after {MAX_FAILED_LOGINS} failed log-ins"
                        + (" (no such account)" if user is None else ""),
                    )
                    until = _local_time(now + LOCKOUT)
                    error = AccountLocked(
                        f"Wrong password {MAX_FAILED_LOGINS} times: the account is locked until {until}. "
                        "Ask a supervisor or administrator to unlock it.",
                        zh=f"密码连续错误 {MAX_FAILED_LOGINS} 次，账号已锁定至 {until}，请联系主管或管理员解锁。",
                    )
                else:
                    attempts.record(failed, None)
                    left = MAX_FAILED_LOGINS - failed
                    self._audit.record(s, who, "auth.login_failed", "user", object_id, why)
                    error = LoginFailed(
                        f"Wrong user name or password ({left} tries left before the account locks).",
                        zh=f"用户名或密码错误（再错 {left} 次账号将被锁定）。",
                    )
            elif user.disabled:
                self._audit.record(s, who, "auth.login_failed", "user", user.id, "account disabled")
                error = LoginFailed(
                    "This account is disabled. Ask a supervisor or administrator to enable it.",
                    zh="该账号已停用，请联系主管或管理员启用。",
                )
            else:
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = now
                self._audit.record(s, user.username, "auth.login", "user", user.id, channel)
                current = to_current_user(user)
        if error is not None:
            raise error
        return current

    def verify_password(self, username: str, password: str) -> CurrentUser:
        """A second person's credentials for one action (a supervisor deciding a referral at
        the clerk's desk): the same checks and lockout as a log-in."""
        return self.login(username, password)

    def logout(self, user: CurrentUser) -> None:
        self._audit.log(user.audit_name, "auth.logout", "user", user.user_id, "")
