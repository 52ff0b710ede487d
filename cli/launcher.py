"""`chudan`: with no arguments it opens the GUI; with a sub-command it runs headless.

The launcher is the one place allowed to assemble every layer
(app, sync and the GUI); it imports Qt only when the window is wanted."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

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
    "cli.renewals",
    "cli.sync",
    "cli.training",
]


# What a command that stopped on an error we did not foresee prints instead of a traceback (which
# could carry a request's contents); the traceback goes to the log, masked.
UNEXPECTED_EXIT = 70  # EX_SOFTWARE


class OneLineParser(argparse.ArgumentParser):
    """Usage errors in one line (argparse prints the whole usage first), exit 2. Sub-parsers
    are made with the same class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
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


def open_window(run_or_demo: bool) -> int:
    if run_or_demo and not has_display() and not is_release():
        print("No display found: running `chudan demo` instead of opening the window.")
        return _main(["demo"])
    from ui.app_main import run_gui

    return run_gui()


def main(argv: list[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # Windows' chudan.exe: no console
        from cli.no_console import run_without_console

        return run_without_console(_main, argv)
    return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in ([], ["--run-or-demo"]):
        # The window without the sub-commands' parser: building it imports every command module,
        # which is a good part of a cold start and nothing the log-in window needs.
        return open_window(bool(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return open_window(args.run_or_demo)
    from app.core.paths import data_dir
    from app.core.print_folder import clear_print_folder

    home = data_dir(create=False)
    # Plain PDFs live in <data>/print only while something shows or prints them: a command
    # empties it before it starts (a window or command that did not finish) and when it ends,
    # but never takes away a file it was given to read.
    named = _named_files(argv)
    clear_print_folder(home, keep=named)
    try:
        return int(args.func(args) or 0)
    except ChudanError as exc:
        sys.stderr.write(f"chudan: {one_line(str(exc))}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `chudan ... | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last boundary: one line for the person, the trace for support
        from app.core.logging_setup import configure_logging

        configure_logging(home)  # to the masked log file, never to the terminal
        logging.getLogger("chudan").exception("unexpected error in `chudan %s`", args.command)
        sys.stderr.write(
            f"chudan: unexpected error ({type(exc).__name__}); the command stopped. The details "
            f"are in {home / 'logs' / 'chudan.log'}: report it to support.\n"
        )
        return UNEXPECTED_EXIT
    finally:
        clear_print_folder(home, keep=named)


def _named_files(argv: list[str]) -> frozenset[Path]:
    """The existing files named on the command line, resolved."""
    named = set()
    for arg in argv:
        if arg.startswith("-") or len(arg) > 4096:
            continue
        try:
            path = Path(arg)
            if path.is_file():
                named.add(path.resolve())
        except (OSError, ValueError):  # not a path at all (a token, a NUL byte)
            continue
    return frozenset(named)


def one_line(message: str) -> str:
    """A message as one line on the terminal: line breaks folded, length bounded."""
    flat = " ".join(message.split())
    return flat if len(flat) <= 2000 else flat[:2000] + "…"


if __name__ == "__main__":
    sys.exit(main())
