"""Opening the training sandbox (docs/training.md): the same AppContext, services and wizard over
another store, `<data>/training/chudan.db`, marked as a training store (its numbers carry `TR-`)
and holding a training outlet and the trainees' accounts. Nothing here opens or reads the real
store: a training run leaves it byte for byte as it was."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.access.passwords import PasswordHashing
from app.access.permissions import CurrentUser, Role, system_actor
from app.desk.context import AppContext
from app.issuance.policy_numbers import mark_training_store
from app.training.sandbox import training_home
from local_db.models import Device, Outlet, User
from local_db.types import utcnow

# The sandbox's own outlet: its numbers are TR-TRAIN0101…, never the real outlet's range.
TRAINING_OUTLET = ("TRAIN01", "培训网点", "110000")
TRAINING_ACTOR = "training"


def open_training(
    real_home: Path,
    *,
    clock: Callable[[], datetime] = utcnow,
    passwords: PasswordHashing | None = None,
) -> AppContext:
    ctx = AppContext.open(training_home(real_home), clock=clock, passwords=passwords)
    ctx.training = True
    code, name, region = TRAINING_OUTLET
    with ctx.store.write() as s:
        mark_training_store(s)
        if s.execute(select(Outlet.id)).first() is None:
            outlet = Outlet(code=code, name=name, region_code=region)
            s.add(outlet)
            s.flush()
            s.add(Device(outlet_id=outlet.id, device_number=1, name="training desk"))
            ctx.audit.record(s, TRAINING_ACTOR, "outlet.create", "outlet", outlet.id, code)
    return ctx


def real_home(ctx: AppContext) -> Path:
    """The desk's data directory whichever store `ctx` holds: training results and the outlet's
    standard times belong to the desk, not to one store."""
    return ctx.home.parent if getattr(ctx, "training", False) else ctx.home


def trainee(
    ctx: AppContext, username: str, display_name: str = "", role: Role = Role.CLERK
) -> CurrentUser:
    """The clerk (or supervisor) in the sandbox: an account of the training store under the same
    name as the real one, made on first use. Its password is random and never shown: nobody logs
    in to the training store, the real log-in already said who this is."""
    with ctx.store.read() as s:
        row = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if row is None:
        ctx.users.add_user(
            system_actor(TRAINING_ACTOR), username, secrets.token_urlsafe(24), role, display_name
        )
        with ctx.store.read() as s:
            row = s.execute(select(User).where(User.username == username)).scalar_one()
    return CurrentUser(
        user_id=row.id, username=row.username, display_name=row.display_name, role=Role(row.role)
    )
