"""Writing a file where a person said (a backup, a copy of a PDF): never over something by
accident, never over the store or its key, never into the data directory's own files.

The destination is judged by its real path (symbolic links followed, `..` resolved), so a link
named `backup.db` that points at the store key is the store key. An existing file is replaced only
when the person said so (`--force`); a folder, a device or a pipe never. The content is written to
a temporary file beside the destination and renamed over it at the end, so a failure leaves no
half-written file and nothing else changed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.errors import InvalidInput
from app.core.limits import escaped


def _refuse(en: str, zh: str) -> InvalidInput:
    return InvalidInput(en, zh=zh)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def checked_destination(
    path: Path,
    *,
    home: Path,
    force: bool,
    what: str,
    protected: Iterable[Path] = (),
    allowed_in_home: Iterable[Path] = (),
) -> Path:
    """The real path at which `what` may be written, or InvalidInput saying why not.

    `home` is the data directory: nothing is written inside it except in `allowed_in_home`
    folders. `protected` files (the store, its WAL, its key) are never written, whatever the
    path that leads to them and even with `force`."""
    given = Path(os.path.abspath(path.expanduser()))
    real = given.resolve()
    shown = escaped(str(path), 200)  # a file name may hold a line break or a bidi control
    exists = real.exists() or given.is_symlink()
    guarded = [p for p in protected]
    for p in guarded:
        same = p.resolve() == real
        if not same and real.exists() and p.exists():
            same = os.path.samefile(real, p)  # a hard link is the same file too
        if same:
            raise _refuse(
                f"{shown} is this desk's own {p.name}: {what} is never written over it. Choose "
                "another path, outside the data directory.",
                f"{shown} 是本机数据文件 {p.name}，不能被覆盖。请选择数据目录以外的其他路径。",
            )
    if real.is_dir():
        raise _refuse(
            f"{shown} is a folder: give a file name for {what} inside it, e.g. "
            f"{Path(shown) / 'chudan-backup.db'}.",
            f"{shown} 是文件夹，请给出文件名，例如 {Path(shown) / 'chudan-backup.db'}。",
        )
    if real.exists() and not real.is_file():
        raise _refuse(
            f"{shown} is not a regular file (a device, pipe or socket); choose another path for {what}.",
            f"{shown} 不是普通文件（设备、管道或套接字），请选择其他路径。",
        )
    home_real = home.resolve()
    if _inside(real, home_real) and not any(
        _inside(real.parent, a.resolve()) for a in allowed_in_home
    ):
        raise _refuse(
            f"{shown} is inside the data directory {home}, where Chudan keeps its own files: "
            f"write {what} somewhere else (another disk is best).",
            f"{shown} 位于数据目录 {home} 内，请写到其他位置（最好是另一块磁盘）。",
        )
    if exists and not force:
        raise _refuse(
            f"{shown} exists already: choose a new name, or add --force to replace it.",
            f"{shown} 已存在：请换一个文件名，或加上 --force 覆盖。",
        )
    if not real.parent.is_dir():
        raise _refuse(
            f"The folder {real.parent} does not exist: create it first, or choose another path.",
            f"文件夹 {real.parent} 不存在，请先创建或选择其他路径。",
        )
    return real


@contextmanager
def replacing(dest: Path, what: str) -> Iterator[Path]:
    """A temporary file (mode 0600) beside `dest` to write into; renamed over `dest` when the
    block ends well, removed whatever else happens."""
    try:
        fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".partial")
    except OSError as exc:
        raise _refuse(
            f"Cannot write {what} in {dest.parent}: {exc.strerror}. Choose a folder you may write in.",
            f"无法在 {dest.parent} 中写入：{exc.strerror}。请选择有写入权限的文件夹。",
        ) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, dest)
    except OSError as exc:
        raise _refuse(
            f"Writing {what} to {dest} failed: {exc.strerror}. Check free space and permissions.",
            f"写入 {dest} 失败：{exc.strerror}。请检查磁盘空间和权限。",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_new_file(dest: Path, content: bytes, what: str) -> None:
    """`content` at `dest` (already checked), whole or not at all."""
    with replacing(dest, what) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
