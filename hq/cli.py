"""`chudan-hq`: runs and administers the head-office service (issue: sync and head office).

Until that lands this only explains itself."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chudan-hq",
        description=(
            "Chudan head office: publishes signed rate tables, provisions devices, receives "
            "and confirms policies. The service itself is not built yet; see the sync issue."
        ),
    )
    parser.parse_args(argv)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
