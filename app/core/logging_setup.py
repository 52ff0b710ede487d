"""Logging to a rotating file in the data directory. Every line passes through the masking
formatter, so an ID number or phone in a message or a traceback is never written in clear."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.core.masking import mask_text

_HANDLER_NAME = "chudan-file"


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))


def configure_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Send logs to `<data_dir>/logs/chudan.log` (5 × 2 MB). Idempotent per process: a second
    call for another directory moves the file handler there."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "chudan.log"
    root = logging.getLogger()
    for h in list(root.handlers):
        if h.get_name() == _HANDLER_NAME:
            if Path(getattr(h, "baseFilename", "")) == path:
                return path
            root.removeHandler(h)
            h.close()
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return path
