"""`chudan rates show | verify FILE | install FILE | sign FILE --key KEYFILE`."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from cli.common import add_json_flag
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rates", help="show, verify, install or sign rate tables")
    rsub = p.add_subparsers(dest="rates_command", metavar="ACTION", required=True)
    s = rsub.add_parser("show", help="the installed tables")
    add_json_flag(s)
    s.set_defaults(func=_show)
    v = rsub.add_parser(
        "verify", help="check a table's signature (head office's key) and its contents"
    )
    v.add_argument("file", type=Path)
    add_json_flag(v)
    v.set_defaults(func=_verify)
    i = rsub.add_parser("install", help="verify and install a newer table")
    i.add_argument("file", type=Path)
    add_json_flag(i)
    i.set_defaults(func=_install)
    g = rsub.add_parser("sign", help="sign a table with an Ed25519 private key (development tool)")
    g.add_argument("file", type=Path)
    g.add_argument("--key", type=Path, required=True, help="PEM private key")
    g.add_argument("--out", type=Path, help="where to write the signed table (default: stdout)")
    add_json_flag(g)
    g.set_defaults(func=_sign)


def _summary(t) -> dict:
    return {
        "version": t.version,
        "issuer": t.issuer,
        "effective_from": t.effective_from.isoformat(),
        "effective_to": t.effective_to.isoformat() if t.effective_to else None,
        "illustrative": t.illustrative,
    }


def _show(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.rating.installed import InstalledTables

    tables = InstalledTables(data_dir())
    tables.ensure_bundled()
    rows = tables.describe()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        note = " (illustrative: commercial premiums differ by insurer)" if r["illustrative"] else ""
        print(
            f"version {r['version']}: {r['issuer']}, {r['effective_from']} – {r['effective_to'] or '…'}{note}"
        )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.rating.installed import read_signed_file, trusted_public_key
    from app.rating.signing import verify_table

    t = verify_table(read_signed_file(args.file), trusted_public_key(data_dir()))
    if args.json:
        print_json({"valid": True, **_summary(t)})
    else:
        print(f"valid: version {t.version} from {t.issuer}, signed by head office's key")
    return 0


def _install(args: argparse.Namespace) -> int:
    from app.core.input_files import read_user_file
    from app.core.limits import MAX_JSON_BYTES
    from app.core.paths import data_dir
    from app.rating.installed import InstalledTables
    from app.rating.signing import RateTableError

    raw = read_user_file(
        args.file, what="a rate table", max_bytes=MAX_JSON_BYTES, error=RateTableError
    )
    from cli.common import opened_context, operator
    from sync.rates import Highest, highest_seen, record_highest

    tables = InstalledTables(data_dir())
    with opened_context() as ctx:  # a new table changes every price the desk quotes: on the record
        # Never below the highest version this desk ever installed (kept in its store): deleting
        # newer table files does not make an older table installable again.
        t = tables.install_bytes(raw, floor=highest_seen(ctx.store, tables).version)
        record_highest(ctx.store, Highest(t.version, hashlib.sha256(raw).hexdigest()))
        ctx.audit.log(
            operator().audit_name,
            "rates.install",
            "rate_table",
            t.version,
            f"from {args.file.name}",
        )
    if args.json:
        print_json({"installed": True, **_summary(t)})
    else:
        print(f"installed version {t.version}")
    return 0


def _sign(args: argparse.Namespace) -> int:
    from app.core.input_files import read_user_file
    from app.core.limits import MAX_KEY_FILE_BYTES
    from app.rating.installed import read_signed_file
    from app.rating.signing import RateTableError, load_private_key, sign_table

    pem = read_user_file(
        args.key, what="the signing key", max_bytes=MAX_KEY_FILE_BYTES, error=RateTableError
    )
    signed = sign_table(read_signed_file(args.file), load_private_key(pem))
    text = json.dumps(signed, ensure_ascii=False, indent=1) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        if args.json:
            print_json(
                {
                    "signed": str(args.out),
                    "version": signed["version"],
                    "key_id": signed["signature"]["key_id"],
                }
            )
        else:
            print(f"signed version {signed['version']} -> {args.out}")
    else:
        sys.stdout.write(text)
    return 0
