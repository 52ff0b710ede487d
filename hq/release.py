"""Running head office as a deployed service: the version, and the rule that with several
workers or instances the schema is migrated once, as a release step (`chudan-hq db upgrade`),
never by each `serve` racing the others."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from app import __version__
from app.core.errors import ChudanError
from hq.migrate import current_revision, head_revision


def version_text() -> str:
    return f"chudan-hq {__version__} (database schema {head_revision()})"


def serve_migrates(requested: bool | None, workers: int) -> bool:
    """--migrate/--no-migrate when given; else migrate only a single worker (development)."""
    return requested if requested is not None else workers == 1


def require_current_schema(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise ChudanError(
            f"The database schema is {current or 'empty'}, this version needs {head}: run "
            "`chudan-hq db upgrade` once (a release step), then start the workers.",
            zh=f"数据库结构版本为 {current or '空'}，本版本需要 {head}：请先运行一次 chudan-hq db upgrade，再启动服务。",
        )
