"""The sync's retries use the one backoff helper (app/core/backoff.py): capped exponential backoff
with full jitter, reset after a success, for the whole link (the worker's timer) and each outbox
row."""

from app.core.backoff import Backoff

__all__ = ["Backoff"]
