"""Telling head office this desk's document-signing public key (app/issuance/device_key.py), so
head office can check the QR token on the policies this desk prints. Offered at provisioning when
online, and at every sync until head office has acknowledged it."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from app.issuance.device_key import current_key, mark_registered
from sync.client import HqClient, HqRefused

log = logging.getLogger(__name__)


def register_signing_key(ctx: Any, client: HqClient, now: datetime) -> bool:
    """True once head office holds this desk's current key. A refusal (another key registered
    for this device id) is logged and retried next time, never fatal to a sync: documents still
    print and verify at the desk."""
    with ctx.store.write() as s:  # the key is made here if the desk has none for its identity
        key = current_key(s)
    if key.registered_at or not key.provisioned:
        return bool(key.registered_at)
    try:
        client.register_signing_key(key.public_b64)
    except HqRefused as exc:
        log.warning("head office refused the document-signing key: %s", exc)
        return False
    with ctx.store.write() as s:
        mark_registered(s, key.public_b64, now)
    log.info("document-signing key %s registered with head office", key.fingerprint[:16])
    return True
