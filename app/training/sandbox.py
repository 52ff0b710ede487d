"""Where the training sandbox lives and how its numbers look. The sandbox is the same desk with
another store, `<data>/training/chudan.db` (same migrations, its own key: the key store keys by
the database's path), marked as a training store so that every policy number it draws carries
`TR-` (`app.core.policy_number.TRAINING_PREFIX`), which no validator and no head office accepts
as a policy number."""

from __future__ import annotations

from pathlib import Path

from app.core.policy_number import TRAINING_WATERMARK as WATERMARK

TRAINING_DIR = "training"
__all__ = ["TRAINING_DIR", "WATERMARK", "is_training_home", "training_home"]


def training_home(real_home: Path) -> Path:
    return real_home / TRAINING_DIR


def is_training_home(home: Path) -> bool:
    return home.name == TRAINING_DIR
