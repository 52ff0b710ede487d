"""`chudan-hq claims import FILE.csv`: the claims register (hq/claims.py). Its own module, so
hq/cli.py only registers it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any


def register(
    sub: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    engine: Callable[[argparse.Namespace], Any],
) -> None:
    claims = sub.add_parser("claims", help="the claims register renewals' NCD comes from")
    csub = claims.add_subparsers(dest="claims_command", required=True)
    imp = csub.add_parser(
        "import",
        parents=[common],
        help="import claims from a CSV file (all or nothing; a re-import adds nothing twice)",
    )
    imp.add_argument("file")
    imp.set_defaults(func=lambda a: _import(a, engine))


def _import(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from sqlalchemy.orm import Session

    from app.core.errors import InvalidInput
    from hq.claims import MAX_FILE_BYTES, OUTLET_TZ, import_csv
    from hq.personal_data import data_key

    path = Path(args.file)
    # A file, and not an endless one, before the database is opened.
    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(
            f"{str(path)[:80]} is not a file of at most {MAX_FILE_BYTES:,} bytes.",
            zh="请给出不超过上限的 CSV 文件路径。",
        )
    eng = engine(args)
    key = data_key(eng)
    with Session(eng) as s:
        done = import_csv(s, path, key, today=datetime.now(OUTLET_TZ).date())
        if not done.refused:
            s.commit()
    data = {
        "added": done.added if not done.refused else 0,
        "already": done.already,
        "refused": [{"line": r.line, "reason": r.reason} for r in done.refused],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    elif done.refused:
        for r in done.refused:
            print(f"line {r.line}: {r.reason}")
        print(
            f"{len(done.refused)} row(s) refused; nothing was imported. Correct them and import again."
        )
    else:
        print(f"{done.added} claim(s) added, {done.already} already in the register.")
    return 1 if done.refused else 0
