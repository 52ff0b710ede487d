"""Reading a file a person named (a request, a rate table, a key, a photo): only a regular file,
and only up to a size. A FIFO named `.jpg` would block a reader for ever and a link to /dev/zero
would be read until memory runs out; a directory or an unreadable file gets its own one-line
reason instead of a traceback."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.errors import ChudanError, InvalidInput
from app.core.limits import escaped

# Opening a FIFO for reading waits for a writer unless O_NONBLOCK is given (POSIX only; Windows
# has no FIFOs in the file system).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_user_file(
    path: str | Path,
    *,
    what: str,
    max_bytes: int,
    error: type[ChudanError] = InvalidInput,
) -> bytes:
    """The whole content of the regular file `path`, at most `max_bytes`. `what` names the file
    in the message ("the request", "the signing key"); `error` is the class raised."""
    shown = escaped(str(path), 200)  # a file name may hold a line break or a bidi control
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        raise error(
            f"There is no file {shown} ({what}); check the path.",
            zh=f"找不到文件 {shown}（{what}），请检查路径。",
        ) from exc
    except IsADirectoryError as exc:  # Windows; POSIX opens a directory and fstat says so
        raise error(
            f"{shown} is a folder, not {what}; give the file's path.",
            zh=f"{shown} 是文件夹，请给出文件路径。",
        ) from exc
    except OSError as exc:
        raise error(
            f"Cannot read {shown} ({what}): {exc.strerror}.",
            zh=f"无法读取 {shown}（{what}）：{exc.strerror}。",
        ) from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(
                f"{shown} is a folder, not {what}; give the file's path.",
                zh=f"{shown} 是文件夹，请给出文件路径。",
            )
        if not stat.S_ISREG(st.st_mode):
            raise error(
                f"{shown} is not a regular file (a device, pipe or socket); give {what} as a file.",
                zh=f"{shown} 不是普通文件（设备、管道或套接字），请提供文件。",
            )
        if st.st_size > max_bytes:
            raise error(
                f"{shown} is {_size_text(st.st_size)}, too large for {what} (at most {_size_text(max_bytes)}).",
                zh=f"{shown} 大小为 {_size_text(st.st_size)}，超过上限 {_size_text(max_bytes)}。",
            )
        if _OPEN_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # a regular file: plain reads from here on
        chunks: list[bytes] = []
        total = 0
        while True:  # the file may grow while it is read: never past the cap
            chunk = os.read(fd, min(1024 * 1024, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise error(
                    f"{shown} grew past {_size_text(max_bytes)} while it was read; give {what} as a finished file.",
                    zh=f"{shown} 在读取时超过上限 {_size_text(max_bytes)}，请提供完整的文件。",
                )
        return b"".join(chunks)
    except OSError as exc:
        raise error(
            f"Cannot read {shown} ({what}): {exc.strerror}.",
            zh=f"无法读取 {shown}（{what}）：{exc.strerror}。",
        ) from exc
    finally:
        os.close(fd)
