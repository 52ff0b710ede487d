"""The head-office route for endorsement and cancellation uploads (its own router, so the policy
intake's routes stay as they are): POST /api/v1/changes/batch, answered by hq.changes."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from hq.changes import receive_changes
from hq.personal_data import DataKey
from hq.rates import TableCache
from sync.change_protocol import CHANGES_PATH, ChangeBatch, ChangeBatchResult


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

    return router
