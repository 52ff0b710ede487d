"""PaddleOCR model folders as PaddleOCR/PaddleX export them: the model's name is in the folder's
`inference.yml`. Read by the settings (to check a folder) and by the engine (to load it)."""

from __future__ import annotations

import re
from pathlib import Path


def model_name(folder: Path) -> str | None:
    """`Global.model_name` from the folder's inference.yml (PaddleX writes it as the first key)."""
    try:
        text = (folder / "inference.yml").read_text(encoding="utf-8")
    except OSError:
        return None
    m = re.search(r"^\s+model_name:\s*['\"]?([A-Za-z0-9_.\-]+)", text, re.MULTILINE)
    return m.group(1) if m else None
