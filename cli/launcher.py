"""`chudan`: with no arguments it opens the GUI; with a sub-command it runs headless.

The launcher is the one place allowed to assemble every layer
(app, sync and the GUI); it imports Qt only when the window is wanted."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from app import __version__
from app.core.build_flavour import is_release
from app.core.errors import ChudanError

# Only development builds have `chudan demo` (app/core/build_flavour.py).
DEVELOPMENT_ONLY = {"cli.demo"}

# Each module adds its sub-command(s) with register(subparsers).
COMMAND_MODULES = [
    "cli.demo",
    "cli.db",
    "cli.users",
    "cli.audit",
    "cli.validate",
    "cli.ocr",
    "cli.rates",
    "cli.quote",
    "cli.policy",
    "cli.sync",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chudan",
        description="Chudan 出单台: motor-insurance issuance desk. Without a command, opens the window.",
    )
    flavour = "" if is_release() else " (development build)"
    parser.add_argument("--version", action="version", version=f"chudan {__version__}{flavour}")
    parser.add_argument(
        "--run-or-demo",
        action="store_true",
        help=argparse.SUPPRESS,  # used by `make run`: the window when there is a display
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if name in DEVELOPMENT_ONLY and is_release():
            continue
        importlib.import_module(name).register(sub)
    return parser


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # Windows' chudan.exe: no console
        from cli.no_console import run_without_console

        return run_without_console(_main, argv)
    return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if args.run_or_demo and not has_display() and not is_release():
            print("No display found: running `chudan demo` instead of opening the window.")
            return _main(["demo"])
        from ui.app_main import run_gui

        return run_gui()
    try:
        return int(args.func(args) or 0)
    except ChudanError as exc:
        sys.stderr.write(f"chudan: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `chudan ... | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
