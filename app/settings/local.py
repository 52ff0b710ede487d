"""Settings kept outside the encrypted store because they are needed before anyone logs in
(the language of the log-in window). No personal data belongs here."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.access.permissions import CurrentUser
from app.core.errors import InvalidInput

if TYPE_CHECKING:  # the log-in window reads the language before the store (and SQLAlchemy) loads
    from app.access.audit import AuditLog

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"


class SettingsService:
    def __init__(self, path: Path, audit: AuditLog | None) -> None:
        self._path = path
        self._audit = audit

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # A damaged settings file must not stop the desk from opening: defaults apply, and
            # the next save rewrites it.
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, Any]) -> None:
        tmp = self._path.with_name(self._path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self._path)

    def language(self) -> str:
        lang = self._load().get("language", DEFAULT_LANGUAGE)
        return lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def set_language(self, lang: str, actor: CurrentUser | None = None) -> None:
        if lang not in LANGUAGES:
            raise InvalidInput(
                f"Unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}.",
                zh=f"不支持的语言 {lang}，可选：{', '.join(LANGUAGES)}。",
            )
        data = self._load()
        data["language"] = lang
        self._save(data)
        if self._audit is not None:  # None only while the store is still opening at start-up
            self._audit.log(
                actor.audit_name if actor else "system", "settings.language", "settings", "", lang
            )
