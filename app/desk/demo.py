"""The demo outlet: what `chudan demo` (and `make run` without a display) sets up, through the
same services the window uses. Demo passwords are printed, so this is for trying Chudan only."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.access.permissions import Role, system_actor
from app.desk.context import AppContext
from local_db.models import Device, Outlet, User

DEMO_OUTLET = ("DEMO01", "演示网点（北京）", "110000")
DEMO_USERS = (
    ("admin", "demo-admin-2026", Role.ADMIN, "演示管理员"),
    ("supervisor", "demo-super-2026", Role.SUPERVISOR, "演示主管"),
    ("clerk", "demo-clerk-2026", Role.CLERK, "演示出单员"),
)


@dataclass
class DemoReport:
    store: str
    schema: str
    steps: list[str] = field(default_factory=list)


def ensure_demo_outlet(ctx: AppContext, report: DemoReport | None = None) -> None:
    """The demo outlet DEMO01 (Beijing) with device 1: what provisioning would give a real desk."""
    report = report or DemoReport(str(ctx.store.path), ctx.upgrade_result.to_revision)
    code, name, region = DEMO_OUTLET
    with ctx.store.write() as s:
        outlet = s.execute(select(Outlet).where(Outlet.code == code)).scalar_one_or_none()
        if outlet is None:
            outlet = Outlet(code=code, name=name, region_code=region)
            s.add(outlet)
            s.flush()
            s.add(Device(outlet_id=outlet.id, device_number=1, name="demo desk"))
            ctx.audit.record(s, "demo", "outlet.create", "outlet", outlet.id, f"{code} {name}")
            report.steps.append(f"created outlet {code} {name} (region {region}) with device 1")
        else:
            report.steps.append(f"outlet {code} already exists")


def set_up_demo(ctx: AppContext) -> DemoReport:
    report = DemoReport(str(ctx.store.path), ctx.upgrade_result.to_revision)
    ensure_demo_outlet(ctx, report)
    with ctx.store.read() as s:
        existing = set(s.execute(select(User.username)).scalars())
    others = existing - {u[0] for u in DEMO_USERS}
    if others:
        # Accounts with printed passwords on a desk that has real users would be a way in for
        # anyone with a shell: the demo users are only made on a desk of their own.
        report.steps.append(
            f"this store has other accounts ({len(others)}): no demo users were added"
        )
        return _finish(ctx, report)
    actor = system_actor("demo")
    for username, password, role, display in DEMO_USERS:
        if username in existing:
            report.steps.append(f"user {username} ({role.value}) already exists")
            continue
        if ctx.auth.needs_first_admin():
            ctx.auth.create_first_admin(username, password, display)
        else:
            ctx.users.add_user(actor, username, password, role, display)
        report.steps.append(f"created user {username} ({role.value}), password {password}")
    current = ctx.auth.login("clerk", "demo-clerk-2026")
    ctx.auth.logout(current)
    report.steps.append("logged in and out as clerk")
    return _finish(ctx, report)


def _finish(ctx: AppContext, report: DemoReport) -> DemoReport:
    verify = ctx.audit.verify()
    report.steps.append(f"audit chain {'ok' if verify.ok else 'BROKEN'} ({verify.checked} events)")
    return report
