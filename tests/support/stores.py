"""Desk stores for tests: the session's migrated template copied into a data directory."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_store(template: Path, home: Path) -> None:
    """Copy the store in `template` (database, key, write-ahead log) into the data dir `home`."""
    from local_db import DB_FILENAME

    for name in (DB_FILENAME, DB_FILENAME + ".key", DB_FILENAME + "-wal"):
        if (template / name).exists():
            shutil.copy2(template / name, home / name)
