"""Probes for a process supervisor or a load balancer, outside the protocol's own paths.

/livez   the process answers (no database call): restart it when this fails.
/readyz  the database answers and its schema is the one this version expects: send traffic
         only while this is 200. During a release, between deploying new code and running
         `chudan-hq db upgrade`, new instances say 503 "schema behind" instead of failing calls.
The protocol's /api/v1/health (outlets' online check) stays as it is."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from hq.migrate import current_revision, head_revision

LIVE = "/livez"
READY = "/readyz"


def add_probes(app: FastAPI, engine: Engine) -> None:
    head = head_revision()

    @app.get(LIVE, include_in_schema=False)
    def livez() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get(READY, include_in_schema=False)
    def readyz() -> JSONResponse:
        try:
            current = current_revision(engine)
        except SQLAlchemyError as exc:
            return JSONResponse(
                {"status": "database unreachable", "detail": type(exc).__name__}, status_code=503
            )
        if current != head:
            return JSONResponse(
                {"status": "schema behind", "schema": current, "expected": head}, status_code=503
            )
        return JSONResponse({"status": "ready", "schema": current})
