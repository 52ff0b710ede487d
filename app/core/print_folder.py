"""`<data>/print`: the one folder where plain PDFs exist, because a viewer or a printer needs a
plain file. The store keeps every PDF, encrypted with it; the files here are written on demand,
readable by the user alone, and emptied when the window starts and closes and before and after
every `chudan` command, so a lost machine does not carry a folder of schedules."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

PRINT_FOLDER = "print"
_LEGACY_FOLDER = "policies"  # where earlier versions kept them for good


def write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    tmp.replace(path)


def clear_print_folder(home: Path, keep: frozenset[Path] = frozenset()) -> int:
    """Remove the PDFs written out for viewing or printing (they are all in the store). A file a
    viewer still holds open (Windows) stays until the next time, and so does a file in `keep`
    (resolved paths): the one a command was asked to read, e.g. `chudan policy verify` on the
    cover note the window has open. Returns how many went."""
    removed = 0
    for folder in (home / PRINT_FOLDER, home / _LEGACY_FOLDER):
        if not folder.is_dir():
            continue
        for path in [*folder.glob("*.pdf"), *folder.glob("*.partial")]:
            if path.resolve() in keep:
                continue
            try:
                path.unlink()
                removed += 1
            except OSError as exc:
                log.info("print folder: %s stays for now (%s)", path.name, exc.strerror)
    return removed
