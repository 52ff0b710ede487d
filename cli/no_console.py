"""The window's executable on Windows has no console (`chudan.exe`, built with console=False):
there sys.stdout and sys.stderr are None, so a sub-command run through it would print nothing
and the first write would crash. Its output and errors are gathered and shown in a message box
instead, with a pointer to `chudan-cli.exe`, the console program in the same folder."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

CLI_HINT = (
    "For the command line use chudan-cli.exe in the same folder (in a Command Prompt).\n"
    "命令行请在命令提示符中使用同一文件夹里的 chudan-cli.exe。"
)

MB_ICONERROR = 0x10
MB_ICONINFORMATION = 0x40


def has_console() -> bool:
    return sys.stdout is not None and sys.stderr is not None


def show_message_box(title: str, text: str, failed: bool) -> None:
    """A native message box on Windows; elsewhere (a desktop launcher with no terminal) the text
    goes to the log folder, the one place left that a supporter can read it from."""
    if sys.platform == "win32":
        import ctypes

        flags = MB_ICONERROR if failed else MB_ICONINFORMATION
        ctypes.windll.user32.MessageBoxW(None, text, title, flags)  # type: ignore[attr-defined]
        return
    from app.core.paths import data_dir

    (data_dir() / "last-command-output.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")


def run_without_console(
    main: Callable[[list[str] | None], int],
    argv: list[str] | None,
    show: Callable[[str, str, bool], None] | None = None,
) -> int:
    """Run `main`, catching what it prints; show it when a command (not the window) ran."""
    show = show or show_message_box
    command = list(sys.argv[1:] if argv is None else argv)
    buffer = io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = buffer
    code = 1
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --help, --version, a mistyped command
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            buffer.write(exc.code + "\n")
    except Exception as exc:  # noqa: BLE001 - the one place left to tell the user anything
        buffer.write(f"chudan: {type(exc).__name__}: {exc}\n")
        code = 1
    finally:
        sys.stdout, sys.stderr = saved
    text = buffer.getvalue().strip()
    if command and text:
        title = "Chudan 出单台" + ("" if code == 0 else f" — failed (exit {code}) / 失败")
        show(title, f"{text}\n\n{CLI_HINT}", code != 0)
    return code
