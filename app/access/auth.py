"""Log-in and log-out. Passwords are hashed with argon2; five failed log-ins lock an account
for fifteen minutes (an admin or supervisor can unlock it sooner)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.access.audit import AuditLog
from app.access.passwords import PasswordHashing
from app.access.permissions import CurrentUser, Role
from app.core.errors import ChudanError, InvalidInput
from local_db.models import User
from local_db.store import Store
from local_db.types import utcnow

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


class LoginFailed(ChudanError):
    pass


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
        username = username.strip()
        if not username:
            raise InvalidInput("Enter a user name.", zh="请输入用户名。")
        pw_hash = self._passwords.hash(password)
        with self._store.write() as s:
            if s.execute(select(func.count()).select_from(User)).scalar_one() != 0:
                raise InvalidInput(
                    "Users already exist; log in and ask an administrator to add accounts.",
                    zh="已有用户，请登录后由管理员添加账号。",
                )
            user = User(
                username=username,
                display_name=display_name.strip() or username,
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

    def login(self, username: str, password: str) -> CurrentUser:
        now = self._clock()
        username = username.strip()
        # Failures are decided inside the transaction but raised after it commits: the failed
        # attempt, the lock and their audit events must be stored, not rolled back.
        error: LoginFailed | None = None
        with self._store.write() as s:
            user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if user is None:
                self._audit.record(
                    s, username or "?", "auth.login_failed", "user", "", "unknown user name"
                )
                error = LoginFailed(
                    "Wrong user name or password. Check both and try again.",
                    zh="用户名或密码错误，请检查后重试。",
                )
            elif user.disabled:
                self._audit.record(
                    s, username, "auth.login_failed", "user", user.id, "account disabled"
                )
                error = LoginFailed(
                    "This account is disabled. Ask a supervisor or administrator to enable it.",
                    zh="该账号已停用，请联系主管或管理员启用。",
                )
            elif user.locked_until is not None and user.locked_until > now:
                self._audit.record(
                    s, username, "auth.login_failed", "user", user.id, "account locked"
                )
                until = _local_time(user.locked_until)
                error = AccountLocked(
                    f"Too many wrong passwords: the account is locked until {until}. "
                    "Wait, or ask a supervisor or administrator to unlock it.",
                    zh=f"密码错误次数过多，账号已锁定至 {until}。请稍后再试，或联系主管或管理员解锁。",
                )
            elif not self._passwords.verify(user.password_hash, password):
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILED_LOGINS:
                    user.locked_until = now + LOCKOUT
                    user.failed_logins = 0
                    self._audit.record(
                        s,
                        username,
                        "auth.locked",
                        "user",
                        user.id,
                        f"locked after {MAX_FAILED_LOGINS} failed log-ins",
                    )
                    until = _local_time(user.locked_until)
                    error = AccountLocked(
                        f"Wrong password {MAX_FAILED_LOGINS} times: the account is locked until {until}. "
                        "Ask a supervisor or administrator to unlock it.",
                        zh=f"密码连续错误 {MAX_FAILED_LOGINS} 次，账号已锁定至 {until}，请联系主管或管理员解锁。",
                    )
                else:
                    left = MAX_FAILED_LOGINS - user.failed_logins
                    self._audit.record(
                        s, username, "auth.login_failed", "user", user.id, "wrong password"
                    )
                    error = LoginFailed(
                        f"Wrong user name or password ({left} tries left before the account locks).",
                        zh=f"用户名或密码错误（再错 {left} 次账号将被锁定）。",
                    )
            else:
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = now
                self._audit.record(s, username, "auth.login", "user", user.id, "")
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
