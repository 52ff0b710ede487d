"""The window's handle on the desk's LAN server (yard.desk.LanService): made on first use, so
the window starts without the server's modules, and stopped when the window closes."""

from __future__ import annotations

import threading
from typing import Any


class LanHolder:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.service: Any = None  # a yard.desk.LanService once made
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self.service is None:
                from yard.desk import LanService

                self.service = LanService(self.ctx)
            return self.service

    @property
    def server(self) -> Any:
        """The running server, or None."""
        service = self.service
        return service.server if service is not None else None

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()
