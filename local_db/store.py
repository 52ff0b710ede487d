"""Opening the encrypted outlet store: SQLCipher, WAL, foreign keys, a busy timeout, and one
writer at a time (SQLite allows one; a lock here makes writers queue instead of failing)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from local_db import DB_FILENAME
from local_db.keystore import StoreKey, StoreKeyError, create_key, load_key

BUSY_TIMEOUT_MS = 5000
# SQLCipher writes its own lines to the process's stderr when a page does not decrypt (a wrong
# key, a file that is not a store). The StoreError below says what happened and what to do; those
# lines would only follow it, unasked, on the terminal.
QUIET_CIPHER_LOG = "PRAGMA cipher_log_level = NONE"


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


def _make_engine(path: Path, key: StoreKey) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex}'", database=str(path))
    # QueuePool, not the SQLCipher dialect's default SingletonThreadPool: that one keeps a
    # connection per thread and, once more than five threads have used the store, closes other
    # threads' connections even while they are in use ("Cannot operate on a closed database").
    # The window's worker threads come and go (Qt retires idle ones), so a long session got
    # there. A file database's connections may move between threads (the dialect turns
    # check_same_thread off); each is used by one thread at a time.
    # hide_parameters: a database error's message never carries the values of a statement (a
    # customer's name, a request's contents), wherever it ends up.
    engine = create_engine(url, pool_pre_ping=False, poolclass=QueuePool, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # runs after the dialect's PRAGMA key
        cur = dbapi_conn.cursor()
        cur.execute(QUIET_CIPHER_LOG)
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across app crashes
        cur.close()

    return engine


class Store:
    def __init__(self, path: Path, key: StoreKey) -> None:
        self.path = path
        self.key = key
        self.engine = _make_engine(path, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.RLock()
        self._check_key()

    def _check_key(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        except DatabaseError as exc:
            self.engine.dispose()
            raise StoreError(
                f"The store {self.path} cannot be opened with the key from {self.key.location}: "
                "the key is wrong or the file is damaged. Restore the key or a backup "
                "(`chudan db restore PATH`)."
            ) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one unit of work: committed at the end, rolled back on error."""
        with self._write_lock, self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(data_dir: Path, *, create: bool = True) -> Store:
    """Open (or create) `<data_dir>/chudan.db` with its key from the keyring or key file."""
    path = data_dir / DB_FILENAME
    try:
        key = load_key(path)
    except StoreKeyError as exc:
        raise StoreError(str(exc)) from exc
    if key is None:
        if path.exists() and path.stat().st_size > 0:
            raise StoreError(
                f"No key found for the store {path} (looked in the OS keyring and "
                f"{path.name}.key beside it). Put the key file back, or restore a backup "
                "together with its key."
            )
        if not create:
            raise StoreError(f"There is no store at {path}. Start Chudan once to create it.")
        key = create_key(path)
    return Store(path, key)
