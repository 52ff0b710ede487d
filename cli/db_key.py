"""`chudan db export-key FILE` and `chudan db import-key FILE`: the store key in a file protected
by a passphrase (app/desk/store_key.py), so backups outlive this PC."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cli.common import acting_user, add_account, add_json_flag, opened_context, operator
from cli.output import print_json


def register(dsub: argparse._SubParsersAction) -> None:
    e = dsub.add_parser(
        "export-key",
        help="write the store key to FILE, encrypted with a passphrase (keep it apart from backups)",
    )
    e.add_argument("file", type=Path)
    e.add_argument("--force", action="store_true", help="replace FILE if it exists")
    e.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from stdin (scripts; after the --as password's line)",
    )
    add_account(e)
    add_json_flag(e)
    e.set_defaults(func=_export)
    i = dsub.add_parser(
        "import-key",
        help="make the key in FILE this desk's store key (then `db restore` opens its backups)",
    )
    i.add_argument("file", type=Path)
    i.add_argument(
        "--passphrase-stdin", action="store_true", help="read the passphrase from stdin (scripts)"
    )
    add_json_flag(i)
    i.set_defaults(func=_import)


def _passphrase(from_stdin: bool, *, twice: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passphrase / 口令: ")
    if twice:
        from app.desk.store_key import check_passphrase

        check_passphrase(first)  # before asking again
        if getpass.getpass("Repeat it / 再输入一次: ") != first:
            from app.core.errors import InvalidInput

            raise InvalidInput(
                "The two passphrases differ; run the command again.",
                zh="两次输入的口令不一致，请重新运行。",
            )
    return first


def _export(args: argparse.Namespace) -> int:
    from app.desk.store_key import export_key

    with opened_context() as ctx:
        # The key opens every backup: only an administrator takes it off the desk.
        actor = acting_user(ctx, args)
        passphrase = _passphrase(args.passphrase_stdin, twice=True)
        path = export_key(ctx.store, actor, args.file.resolve(), passphrase, replace=args.force)
        ctx.audit.log(actor.audit_name, "db.export_key", "store", "", str(path))
    if args.json:
        print_json({"key_file": str(path)})
    else:
        print(
            f"store key written to {path}, encrypted with the passphrase. Keep the file and the "
            "passphrase apart from the backups; `chudan db import-key FILE` restores it."
        )
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.desk.store_key import import_key

    passphrase = _passphrase(args.passphrase_stdin, twice=False)
    # Not through opened_context: with no key recorded it would create a store with a new one.
    result = import_key(data_dir(), args.file.resolve(), passphrase)
    with opened_context() as ctx:
        note = f"from {args.file}" + (
            f"; the store it did not open is kept at {result.previous_store}"
            if result.previous_store
            else ""
        )
        ctx.audit.log(operator().audit_name, "db.import_key", "store", "", note)
    out = {
        "recorded_in": result.location,
        "already_current": result.already_current,
        "previous_store": str(result.previous_store) if result.previous_store else None,
        "seal_key_recorded": result.seal_key_recorded,
    }
    if args.json:
        print_json(out)
        return 0
    if result.already_current:
        print(f"this store already uses that key; it is recorded in {result.location}")
    else:
        print(f"key imported into {result.location}")
    if result.previous_store:
        print(
            f"the store that was here uses another key; it is kept at {result.previous_store} "
            "with its key file beside it"
        )
    if result.seal_key_recorded:
        print("the audit log's seal key came with it and is recorded too")
    print("restore a backup made with this key: chudan db restore BACKUP")
    return 0
