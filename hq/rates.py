"""Publishing signed rate tables and reading them back for download and re-pricing."""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.core.errors import ChudanError
from app.rating.signing import key_id, parse_table, sign_table
from app.rating.table import RateTable
from hq.models import RateTableVersion


def latest_version(session: Session) -> int | None:
    return session.scalar(select(func.max(RateTableVersion.version)))


def publish(
    session: Session, doc: dict[str, Any], key: Ed25519PrivateKey, version: int | None = None
) -> RateTableVersion:
    """Validate, number, sign and store a table. It becomes the last published version + 1 (the
    file's own `version` is replaced), or `version` if given and above the last one."""
    last = latest_version(session) or 0
    if version is not None and version <= last:
        raise ChudanError(
            f"Version {version} is not above the last published version {last}; outlets never "
            f"go back. Use --version {last + 1} or leave it out.",
            zh=f"版本 {version} 不高于已发布的第 {last} 版，网点不会回退。请使用 {last + 1} 或省略。",
        )
    number = version or last + 1
    body = {k: v for k, v in doc.items() if k != "signature"} | {"version": number}
    parse_table(body)  # a malformed table is refused naming its JSON path
    signed = sign_table(body, key)
    text = json.dumps(signed, ensure_ascii=False, sort_keys=True)
    row = RateTableVersion(
        version=number,
        signed_json=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        key_id=key_id(key.public_key()),
    )
    session.add(row)
    return row


class TableCache:
    """Parsed tables by version, for re-pricing. A published version never changes, so an entry
    never goes stale; a version not yet published is looked up again next time."""

    def __init__(self) -> None:
        self._tables: dict[int, RateTable] = {}
        self._lock = threading.Lock()

    def get(self, db: Session | Connection, version: int) -> RateTable | None:
        table = self._tables.get(version)
        if table is not None:
            return table
        text = db.execute(
            select(RateTableVersion.signed_json).where(RateTableVersion.version == version)
        ).scalar()
        if text is None:
            return None
        table = parse_table(json.loads(text))
        with self._lock:
            self._tables[version] = table
        return table
