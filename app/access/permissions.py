"""Who may do what. Checked in the services (not by hiding buttons): `require()` raises
PermissionDenied for a user whose role lacks the permission."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    # The command line without a log-in: whoever has a shell on the machine. No account has this
    # role; it issues headless, reads masked data and runs sync and checks, and changes nothing
    # about users or settings (for those the command line asks for an account: `--as NAME`).
    OPERATOR = "operator"


ACCOUNT_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)  # what a user account can be
ROLE_NAMES_ZH = {
    Role.CLERK: "出单员",
    Role.SUPERVISOR: "主管",
    Role.ADMIN: "管理员",
    Role.OPERATOR: "命令行操作员",
}


class Permission(StrEnum):
    ISSUE_POLICY = "issue_policy"
    MANAGE_CLERKS = "manage_clerks"  # add, disable, unlock, reset passwords of clerks
    MANAGE_ALL_USERS = "manage_all_users"  # the same for supervisors and admins
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    DECIDE_REFERRAL = "decide_referral"
    VIEW_ALL_EXCEPTIONS = "view_all_exceptions"
    EXPORT = "export"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_STORE = "manage_store"  # backup, restore, check
    VIEW_OUTLET_REPORTS = "view_outlet_reports"  # every clerk's figures, not only one's own
    MANAGE_COMPLAINTS = "manage_complaints"  # record and resolve complaints
    VIEW_ID_IMAGES = "view_id_images"  # ID-card scans in the archive (sensitive, audited)
    # The outlet's book: import policies from another system, hand renewals to clerks, reopen
    # one marked lost.
    MANAGE_BOOK = "manage_book"
    RECORD_HQ_ANSWER = (
        "record_hq_answer"  # head office's confirm/reject, applied by the sync worker
    )


_CLERK = {Permission.ISSUE_POLICY}
_SUPERVISOR = _CLERK | {
    Permission.MANAGE_CLERKS,
    Permission.REVEAL_PERSONAL_DATA,
    Permission.DECIDE_REFERRAL,
    Permission.VIEW_ALL_EXCEPTIONS,
    Permission.EXPORT,
    Permission.VIEW_OUTLET_REPORTS,
    Permission.MANAGE_COMPLAINTS,
    Permission.VIEW_ID_IMAGES,
    Permission.MANAGE_BOOK,
}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(Permission),
    # Sees what a supervisor sees (masked), issues as a clerk does; decides, reveals and manages
    # nothing.
    Role.OPERATOR: frozenset(_CLERK | {Permission.VIEW_ALL_EXCEPTIONS}),
}


@dataclass(frozen=True)
class CurrentUser:
    """Who is acting. Services take it as their first argument and check it."""

    user_id: int
    username: str
    display_name: str
    role: Role

    @property
    def audit_name(self) -> str:
        return self.username

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


def require(user: CurrentUser, permission: Permission) -> None:
    if not user.can(permission):
        raise PermissionDenied(
            f"{user.username} ({user.role}) may not {permission.value.replace('_', ' ')}; "
            "ask a supervisor or administrator.",
            zh=f"{user.display_name}（{ROLE_NAMES_ZH[user.role]}）无权执行此操作（{permission.value}），请联系主管或管理员。",
        )


def system_actor(name: str) -> CurrentUser:
    """The application itself acting (the sync worker, e-policy delivery, the demo set-up): no
    person, so no account to check. Audited under `name`."""
    return CurrentUser(user_id=0, username=name, display_name=name, role=Role.ADMIN)


def command_line_operator(os_user: str) -> CurrentUser:
    """`chudan` run without `--as`: the machine's operator, audited as `cli:<os user>`."""
    return CurrentUser(
        user_id=0, username=f"cli:{os_user}", display_name=f"cli:{os_user}", role=Role.OPERATOR
    )
