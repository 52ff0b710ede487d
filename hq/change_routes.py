"""The head-office route for endorsement and cancellation uploads (its own router, so the policy
intake's routes stay as they are): POST /api/v1/changes/batch, answered by hq.changes, and POST /api/v1/changes/refunds, which of an
outlet's requested refunds head office has paid."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from hq.changes import paid_refunds, receive_changes
from hq.personal_data import DataKey
from hq.rates import TableCache
from sync.change_protocol import (
    CHANGES_PATH,
    REFUNDS_PATH,
    ChangeBatch,
    ChangeBatchResult,
    RefundQuery,
)


def change_router(
    engine: Engine, tables: TableCache, device: Callable[[Request], object], key: DataKey
) -> APIRouter:
    router = APIRouter()

    @router.post(CHANGES_PATH)
    def upload_changes(batch: ChangeBatch, request: Request) -> Response:
        dev = device(request)
        result = ChangeBatchResult(
            results=receive_changes(engine, tables, dev.id, batch, key)  # type: ignore[attr-defined]
        )
        return Response(result.model_dump_json(), media_type="application/json")

    @router.post(REFUNDS_PATH)
    def refunds(query: RefundQuery, request: Request) -> Response:
        # The device's token, as for uploads: an outlet asks only of its own changes.
        dev = device(request)
        answer = paid_refunds(engine, dev.id, query)  # type: ignore[attr-defined]
        return Response(answer.model_dump_json(), media_type="application/json")

    return router
