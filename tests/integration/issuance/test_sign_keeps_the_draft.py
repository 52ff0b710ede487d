"""Going from review to payment signs the schedule and keeps the draft in one write (the step the
clerk waits for): the draft then holds the very strokes and ticks the signature was stored with.
A refused signature keeps nothing of either, and nobody signs on another clerk's draft."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from app.access.permissions import Role
from app.core.errors import InvalidInput, NotFound
from app.desk.demo import set_up_demo
from app.issuance.signing import SIGNATURE_KIND
from local_db.models import Document
from tests.support.paths import REPO

EXAMPLE = json.loads((REPO / "resources" / "examples" / "policy-request.json").read_text("utf-8"))
STROKES = [[[0.1, 0.6], [0.3, 0.2], [0.5, 0.7], [0.8, 0.3]]]


@pytest.fixture
def desk(app_ctx):
    set_up_demo(app_ctx)
    return app_ctx, app_ctx.auth.login("clerk", "demo-clerk-2026")


def _at_review(ctx, clerk):
    """A draft saved at the review step, as the wizard leaves it, and the request it signs."""
    draft_id = ctx.drafts.create(clerk)
    ctx.drafts.save(clerk, draft_id, "review", {"review": {"signature": [], "checked": []}})
    request = copy.deepcopy(EXAMPLE) | {"draft_id": draft_id, "payments": [], "signature": STROKES}
    return draft_id, request


def _signatures(ctx, draft_id) -> int:
    with ctx.store.read() as s:
        return s.execute(
            select(func.count())
            .select_from(Document)
            .where(Document.draft_id == draft_id, Document.kind == SIGNATURE_KIND)
        ).scalar_one()


def test_the_draft_is_kept_with_the_signature_in_the_same_write(desk):
    ctx, clerk = desk
    draft_id, request = _at_review(ctx, clerk)
    review = {"review": {"signature": STROKES, "checked": [True] * 5}, "phone": "13812345678"}
    signed = ctx.issuance.sign(clerk, request, draft_data=review)
    step, kept = ctx.drafts.load(clerk, draft_id)
    assert (step, kept) == ("review", review)  # still at review until the wizard moves on
    assert _signatures(ctx, draft_id) == 1
    assert signed.total == f"{ctx.issuance.preview(request).quote.total:.2f}"  # what was shown


def test_a_refused_signature_keeps_neither_the_draft_nor_a_signature(desk):
    ctx, clerk = desk
    draft_id, request = _at_review(ctx, clerk)
    ctx.drafts.abandon(clerk, draft_id, "the customer left")
    with pytest.raises(InvalidInput, match="already issued or abandoned"):
        ctx.issuance.sign(clerk, request, draft_data={"review": {"signature": STROKES}})
    assert ctx.drafts.load(clerk, draft_id)[1] == {"review": {"signature": [], "checked": []}}
    assert _signatures(ctx, draft_id) == 0


def test_nobody_signs_on_another_clerks_draft(desk):
    ctx, clerk = desk
    admin = ctx.auth.login("admin", "demo-admin-2026")
    ctx.users.add_user(admin, "clerk2", "another-clerk-2026", Role.CLERK, "第二出单员")
    other = ctx.auth.login("clerk2", "another-clerk-2026")
    draft_id, request = _at_review(ctx, clerk)
    with pytest.raises(NotFound):
        ctx.issuance.sign(other, request, draft_data={"review": {"signature": STROKES}})
    assert _signatures(ctx, draft_id) == 0
    assert ctx.drafts.load(clerk, draft_id)[1] == {"review": {"signature": [], "checked": []}}
