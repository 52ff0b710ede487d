"""The phone pages' files and the headers they are served with, in one place for head office
(`/m/`) and the desk's LAN server (yard/). Each page is one self-contained file: it may run
exactly its own inline script and style (their SHA-256 in the Content-Security-Policy, so
nothing injected would run), talk only to the origin that served it, and be framed by nobody."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

MOBILE_DIR = Path(__file__).resolve().parents[1] / "resources" / "mobile"
PAGE_FILE = MOBILE_DIR / "index.html"  # the customer's self-fill page
YARD_PAGE_FILE = MOBILE_DIR / "yard.html"  # the staff page, served by the desk only


def page_headers(page: bytes) -> dict[str, str]:
    def hashes(tag: str) -> str:
        found = re.findall(rf"<{tag}>(.*?)</{tag}>".encode(), page, flags=re.S)
        return " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'" for body in found
        )

    return {
        "Content-Security-Policy": f"default-src 'none'; script-src {hashes('script')}; "
        f"style-src {hashes('style')}; img-src data: blob:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-cache",
    }
