"""`chudan`: with no arguments it opens the GUI; with a sub-command it runs headless.

The launcher is the one place allowed to assemble every layer
(app, sync and the GUI); it imports Qt only when the window is wanted."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from app import __version__
from app.core.errors import ChudanError

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
    parser.add_argument("--version", action="version", version=f"chudan {__version__}")
    parser.add_argument(
        "--run-or-demo",
        action="store_true",
        help=argparse.SUPPRESS,  # used by `make run`: the window when there is a display
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_window(run_or_demo: bool) -> int:
    if run_or_demo and not has_display():
        print("No display found: running `chudan demo` instead of opening the window.")
        return main(["demo"])
    from ui.app_main import run_gui

    return run_gui()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in ([], ["--run-or-demo"]):
        # The window without the sub-commands' parser: building it imports every command module,
        # which is a good part of a cold start and nothing the log-in window needs.
        return open_window(bool(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return open_window(args.run_or_demo)
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
