"""`chudan-hq`: runs and administers the head-office service."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn


def _db_url(args: argparse.Namespace) -> str:
    """`--db`, checked before anything is opened or created, or the data dir's SQLite file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.core.errors import InvalidInput
    from hq.home import default_db_url

    if not args.db:
        return default_db_url()
    try:
        url = make_url(args.db)
    except ArgumentError as exc:
        raise InvalidInput(
            "--db is not a database URL; give sqlite:///PATH or postgresql+psycopg://USER@HOST/DB.",
            zh="--db 不是数据库地址，请使用 sqlite:///路径 或 postgresql+psycopg://用户@主机/库名。",
        ) from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise InvalidInput(
            f"--db names a {url.get_backend_name()} database; head office runs on SQLite or "
            "PostgreSQL.",
            zh="总部仅支持 SQLite 或 PostgreSQL 数据库。",
        )
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or url.database == ":memory:" or path.is_dir():
            raise InvalidInput(
                "--db sqlite:///PATH must name a database file (not a folder, not in memory).",
                zh="--db 须指向数据库文件（不能是目录或内存数据库）。",
            )
        if not path.parent.is_dir():
            raise InvalidInput(
                f"--db: the folder {path.parent} does not exist; create it first.",
                zh=f"--db 所在目录 {path.parent} 不存在，请先创建。",
            )
    return str(args.db)


def _engine(args: argparse.Namespace, *, migrate: bool = True) -> Any:
    """The database, brought to the newest schema first (a no-op when already current), or
    with migrate=False checked to be current already (hq/release.py)."""
    from hq.migrate import upgrade
    from hq.models import make_engine

    engine = make_engine(_db_url(args))
    if migrate:
        upgrade(engine)
    else:
        from hq.release import require_current_schema

        require_current_schema(engine)
    return engine


def _data_key(engine: Any) -> Any:
    from hq.personal_data import data_key

    return data_key(engine)


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def _fail(message: str, code: int = 1) -> int:
    print(f"chudan-hq: {message}", file=sys.stderr)
    return code


def _read_optional(path: str | None) -> str:
    if not path:
        return ""
    from app.core.errors import InvalidInput

    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} is not a PEM text file.", zh=f"{path} 不是 PEM 文本文件。"
        ) from exc


# Worker processes `serve` starts unless told: on PostgreSQL two, the count the intake figure
# (≥ 1,000 policies/s, docs/hq.md) is measured and deployed with; SQLite has one writer at a
# time, so more processes would only queue for its lock.
POSTGRES_WORKERS = 2


def default_workers(db: str) -> int:
    """`db` is a URL or a dialect name."""
    return POSTGRES_WORKERS if db.startswith("postgresql") else 1


def server_implementation() -> dict[str, str]:
    """uvicorn's HTTP parser and event loop for `serve`: httptools (llhttp, in C) and uvloop
    (libuv) where they are installed, which the `hq` extra does everywhere but uvloop on Windows
    (it has no build there); else uvicorn's pure-Python h11 and asyncio's own loop. Reading a
    batch of 50 policies and answering it takes them about a fifth of the CPU h11 and asyncio
    take (docs/hq.md, "HTTP server")."""
    from importlib.util import find_spec

    return {
        "http": "httptools" if find_spec("httptools") is not None else "h11",
        "loop": "uvloop"
        if sys.platform != "win32" and find_spec("uvloop") is not None
        else "asyncio",
    }


def _serve(args: argparse.Namespace) -> int:
    from hq.home import is_loopback

    if bool(args.tls_cert) != bool(args.tls_key):
        return _fail("give both --tls-cert and --tls-key, or neither (loopback only).", 2)
    if not is_loopback(args.host) and not args.tls_cert:
        return _fail(
            f"refusing plain HTTP on {args.host}: give --tls-cert and --tls-key, "
            "or bind to 127.0.0.1 for development.",
            2,
        )
    from app.core.errors import ChudanError
    from hq.keys import KeyMissing, load_key, public_raw_b64

    try:
        key = load_key()
    except KeyMissing as exc:
        return _fail(exc.message, 2)
    import os

    import uvicorn

    from hq.server import SERVE_ENV, LookupSource, create_app

    public_key_b64, ca_cert_pem, hq_url = (
        public_raw_b64(key.public_key()),
        _read_optional(args.ca_cert),
        args.url or "",
    )
    settings = {
        "db": _db_url(args),
        "public_key_b64": public_key_b64,
        "ca_cert_pem": ca_cert_pem,
        "hq_url": hq_url,
        "lookup_source": {"delay_ms": args.lookup_delay_ms, "outage": args.lookup_outage},
    }
    workers = args.workers if args.workers is not None else default_workers(str(settings["db"]))
    from hq.release import serve_migrates

    try:  # migrates once, before any worker starts, or only checks (several instances)
        engine = _engine(args, migrate=serve_migrates(args.migrate, workers))
    except ChudanError as exc:
        return _fail(exc.message, 2)
    from hq.personal_data import DataKeyError

    try:
        data_key = _data_key(engine)  # made on first use; refused if lost or not this database's
    except DataKeyError as exc:
        return _fail(exc.message, 2)
    # Stopping waits at most this long for open connections: an outlet whose answer is cut off
    # resends, and intake answers the resend as duplicates.
    from hq.access_log import log_config

    options: dict[str, Any] = {
        # VINs and plates in look-ups' query strings never reach the access log (hq/access_log.py).
        "log_config": log_config(),
        "ssl_certfile": args.tls_cert,
        "ssl_keyfile": args.tls_key,
        "timeout_graceful_shutdown": 5,
        **server_implementation(),
    }
    access_log = not args.no_access_log
    if workers > 1:
        engine.dispose()
        os.environ[SERVE_ENV] = json.dumps(settings)
        uvicorn.run(
            "hq.server:app_from_environment",
            factory=True,
            workers=workers,
            host=args.host,
            port=args.port,
            log_level="info",
            access_log=access_log,
            **options,
        )
        return 0
    app = create_app(
        engine,
        public_key_b64=public_key_b64,
        ca_cert_pem=ca_cert_pem,
        hq_url=hq_url,
        lookup_source=LookupSource(delay_ms=args.lookup_delay_ms, outage=args.lookup_outage),
        data_key=data_key,
    )
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="info", access_log=access_log, **options
    )
    return 0


def _keys_init(args: argparse.Namespace) -> int:
    from hq.keys import fingerprint, init_key, public_raw_b64
    from hq.personal_data import ensure_key_file

    path, key = init_key(force=args.force)
    data_key_path = ensure_key_file()  # never replaced, even with --force: it opens the data
    pub = key.public_key()
    _print(
        args,
        {
            "path": str(path),
            "key_id": fingerprint(pub),
            "public_key": public_raw_b64(pub),
            "data_key_path": str(data_key_path),
        },
        f"Signing key written to {path} (key id {fingerprint(pub)}); personal data is sealed with "
        f"{data_key_path}. Back both up, apart from the database.",
    )
    return 0


def _keys_show(args: argparse.Namespace) -> int:
    from app.core.errors import ChudanError
    from hq.keys import fingerprint, key_path, load_key, public_pem, public_raw_b64

    try:
        pub = load_key().public_key()
    except ChudanError as exc:
        return _fail(exc.message)
    _print(
        args,
        {
            "path": str(key_path()),
            "key_id": fingerprint(pub),
            "public_key": public_raw_b64(pub),
            "public_key_pem": public_pem(pub).decode("ascii"),
        },
        f"key id {fingerprint(pub)}\npublic key (base64) {public_raw_b64(pub)}\n{public_pem(pub).decode('ascii')}",
    )
    return 0


def _rates_publish(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm import Session

    from app.rating.signing import load_document
    from hq.keys import load_key
    from hq.rates import publish

    key = load_key()
    doc = load_document(_read_limited(Path(args.file), MAX_TABLE_BYTES))
    try:
        with Session(_engine(args), expire_on_commit=False) as s:
            row = publish(s, doc, key, args.version)
            s.commit()
    except IntegrityError:
        return _fail(
            "another publish took that version number at the same moment; run the command again."
        )
    _print(
        args,
        {"version": row.version, "sha256": row.sha256, "key_id": row.key_id},
        f"Published rate table version {row.version} (signed with key {row.key_id}).",
    )
    return 0


# A rate table is tens of kilobytes; a look-up extract may be large, not unbounded.
MAX_TABLE_BYTES = 8 * 1024 * 1024
MAX_CSV_BYTES = 512 * 1024 * 1024


def _read_limited(path: Path, limit: int) -> bytes:
    from app.core.errors import InvalidInput

    if not path.is_file():
        raise InvalidInput(
            f"{path} is not a file; give the path of one.", zh=f"{path} 不是文件，请给出文件路径。"
        )
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(
            f"{path} is larger than {limit:,} bytes; it is not what this command reads.",
            zh=f"{path} 超过 {limit:,} 字节，不是本命令可读取的文件。",
        )
    return data


def _provision(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from app.core.errors import ChudanError
    from app.core.policy_number import check_outlet_code
    from hq import devices
    from hq.models import Device

    try:
        check_outlet_code(args.outlet)
        if args.file:
            from hq import provisioning_file
            from hq.home import own_files
            from hq.keys import load_key

            key = load_key()
            with Session(_engine(args)) as s:
                device_id, token = devices.create_with_token(s, args.outlet, replaces=args.replaces)
                device = s.get(Device, device_id)
                assert device is not None
                doc = provisioning_file.build(
                    key,
                    device_id,
                    args.outlet,
                    token,
                    device_number=device.device_number,
                    ca_cert_pem=_read_optional(args.ca_cert),
                    hq_url=args.url or "",
                )
                # Written before the commit: a file that cannot be written enrols no device.
                path = provisioning_file.write(Path(args.file), doc, reserved=own_files(args.db))
                s.commit()
                number = device.device_number
            _print(
                args,
                {
                    "device_id": device_id,
                    "outlet": args.outlet,
                    "device_number": number,
                    "file": str(path),
                },
                str(path),
            )
            return 0
        with Session(_engine(args)) as s:
            device_id, code = devices.create_enrolment(s, args.outlet, replaces=args.replaces)
            device = s.get(Device, device_id)
            assert device is not None
            number = device.device_number
            s.commit()
    except ChudanError as exc:
        return _fail(exc.message)
    _print(
        args,
        {"device_id": device_id, "outlet": args.outlet, "device_number": number, "code": code},
        f"Device {device_id} for outlet {args.outlet} (device number {number:02d}): enrolment "
        f"code {code} (shown once).",
    )
    return 0


def _policy_verify(args: argparse.Namespace) -> int:
    """Exit 0 only for a genuine token (received or not yet received)."""
    from sqlalchemy.orm import Session

    from app.core.errors import InvalidInput
    from hq.verification import verify_token

    engine = _engine(args)
    key = _data_key(engine)
    with Session(engine) as s:
        try:
            result = verify_token(s, key, args.token)
        except InvalidInput as exc:
            return _fail(exc.message)
    _print(args, result.to_json(), result.message)
    return 0 if result.ok else 1


def _revoke(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import devices

    with Session(_engine(args)) as s:
        found = devices.revoke(s, args.device_id)
        s.commit()
    if not found:
        return _fail(f"no device {args.device_id}; list devices with `chudan-hq stats`.")
    _print(
        args, {"device_id": args.device_id, "revoked": True}, f"Device {args.device_id} revoked."
    )
    return 0


def _stats(args: argparse.Namespace) -> int:
    from hq.stats import collect

    data = collect(_engine(args))
    _print(args, data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0


def _report(args: argparse.Namespace) -> int:
    """Every outlet's figures for a month, as XLSX and/or CSV (the same sections the desk
    exports), and the headline figures printed."""
    from app.core.errors import InvalidInput
    from app.figures.labels import label
    from app.figures.period import Grain, Period
    from app.figures.sheets import write_csv, write_xlsx
    from hq.reports import by_outlet, headline, report

    try:
        period = Period.parse_month(args.month, Grain(args.by))
    except InvalidInput as exc:
        return _fail(exc.message)
    targets = [
        (Path(p), kind)
        for p, kind in ((args.xlsx, "xlsx"), (args.csv, "csv"), (args.pdf, "pdf"))
        if p
    ]
    for path, kind in targets:
        if path.suffix.lower() != f".{kind}":
            return _fail(f"--{kind} needs a file ending in .{kind}, not {path.name[:60]!r}")
        if not path.parent.is_dir():
            return _fail(f"the folder {str(path.parent)[:80]!r} does not exist; create it first")
        # Never over something by accident, and never through a link (a link named .xlsx may
        # point at the database or a key): only a regular file, and only with --force.
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return _fail(f"{str(path)[:80]!r} is a link or not a regular file; choose another path")
        if path.exists() and not args.force:
            return _fail(f"{str(path)[:80]!r} exists; pass --force to replace it")
    rep = report(_engine(args), period)
    sections = rep.sections(args.lang)
    for path, kind in targets:
        partial = path.with_name(f".{path.name}.partial")  # no half-written report if it fails
        try:
            if kind == "xlsx":
                write_xlsx(
                    sections,
                    partial,
                    args.lang,
                    title=f"{label('report_title', args.lang)} {period.label()}",
                )
            elif kind == "pdf":
                from app.figures.report_pdf import write_pdf

                write_pdf(rep, partial, args.lang)
            else:
                write_csv(sections, partial, args.lang)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    outlets = by_outlet(rep)
    files = [str(p) for p, _ in targets]
    data: dict[str, Any] = headline(rep)
    lines = [f"{k}: {v}" for k, v in data.items()]
    lines += [f"  {o}: {v['policies']} policies, {v['premium']}" for o, v in outlets.items()]
    lines += [f"written: {p}" for p in files]
    data.update(by_outlet=outlets, files=files)
    _print(args, data, "\n".join(lines))
    return 0


def _lookups_load(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq.lookups import load_csv

    path = Path(args.file)
    _read_limited(path, MAX_CSV_BYTES)  # a file, and not an endless one, before anything opens
    engine = _engine(args)
    key = _data_key(engine)
    with Session(engine) as s:
        loaded = load_csv(s, path, key, args.kind)
        s.commit()
    _print(
        args,
        {"kind": loaded.kind, "rows": loaded.rows},
        f"Loaded {loaded.rows} {loaded.kind} row(s); the previous {loaded.kind} table was replaced.",
    )
    return 0


def _phone_minutes(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq.lookups import set_setting
    from hq.phone_relay import TOKEN_MINUTES_KEY

    with Session(_engine(args)) as s:
        set_setting(s, TOKEN_MINUTES_KEY, str(args.minutes))
        s.commit()
    _print(
        args,
        {TOKEN_MINUTES_KEY: args.minutes},
        f"QR codes for the customer's phone opened from now on stay usable {args.minutes} minute(s).",
    )
    return 0


def _lookups_setting(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq.lookups import DELAY_KEY, OUTAGE_KEY, set_setting

    key, value = (
        (OUTAGE_KEY, args.state) if args.lookups_command == "outage" else (DELAY_KEY, str(args.ms))
    )
    with Session(_engine(args)) as s:
        set_setting(s, key, value)
        s.commit()
    _print(
        args,
        {key: value},
        f"Look-ups: {key.removeprefix('lookup_')} set to {value} (takes effect at once).",
    )
    return 0


def _decide(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import referrals
    from hq.checks import check_text

    check_text(args.note, "--note", 1000)
    with Session(_engine(args), expire_on_commit=False) as s:
        row = referrals.decide(s, args.referral_id, args.approve, args.note)
        s.commit()
        status = referrals.status_of(row)
    _print(args, status.model_dump(mode="json"), f"Referral {args.referral_id} {status.status}.")
    return 0


def _payment_confirm(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from app.core.policy_number import check_outlet_code
    from hq import qr_payments
    from hq.checks import check_text

    check_outlet_code(args.outlet)
    check_text(args.reference, "the reference", 64)
    amount = qr_payments.parse_amount(args.amount)
    with Session(_engine(args)) as s:
        row = qr_payments.confirm(s, args.reference, amount, args.outlet)
        s.commit()
        data = {"reference": row.reference, "amount": row.amount, "outlet": row.outlet_code}
    _print(
        args,
        data,
        f"QR payment {data['reference']} of {data['amount']} recorded as paid for outlet {data['outlet']}.",
    )
    return 0


def _referrals_list(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import referrals

    engine = _engine(args)
    key = _data_key(engine)
    with Session(engine) as s:
        rows = referrals.listing(s, key, args.status)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(
                f"{r['referral_id']}  {r['status']:<8}  {r['outlet_code']}  {'; '.join(r['reasons'])}"
            )
        if not rows:
            print("No referrals.")
    return 0


def _policies_find(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq.checks import check_text
    from hq.policies import by_holder

    check_text(args.id_number, "--id-number", 32)
    engine = _engine(args)
    key = _data_key(engine)
    with Session(engine) as s:
        found = by_holder(s, key, args.id_type, args.id_number)
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
    else:
        for p in found:
            print(
                f"{p['policy_number']}  {p['outlet_code']}  {p['start']}–{p['end']}  {p['vin']}  "
                f"{p['holder']} {p['id_number']}"
            )
        if not found:
            print("No policy of that policyholder.")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from hq.migrate import upgrade
    from hq.models import make_engine

    before, after = upgrade(make_engine(_db_url(args)))
    _print(
        args,
        {"from": before, "to": after},
        f"Database at revision {after}"
        + (f" (was {before or 'empty'})." if before != after else " (already current)."),
    )
    return 0


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one line saying what is wrong, exit 2 (argparse prints its usage too)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _Version(argparse.Action):
    """--version, computed only when asked (it reads the migrations folder)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from hq.release import version_text

        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from hq.checks import int_in
    from hq.lookups import MAX_LOOKUP_DELAY_MS

    parser = _Parser(
        prog="chudan-hq",
        description="Chudan head office: provisions "
        "devices, publishes rate tables, receives and confirms policies.",
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version and the schema it needs"
    )
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        help="SQLAlchemy URL, for development: argv is visible to every user, so in production "
        "set CHUDAN_HQ_DB_URL or the 0600 file CHUDAN_HQ_CONFIG (default: SQLite in CHUDAN_HQ_HOME)",
    )
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int_in(1, 65535, "--port"), default=8443)
    serve.add_argument("--tls-cert", help="server certificate chain (PEM)")
    serve.add_argument("--tls-key", help="server private key (PEM)")
    serve.add_argument("--ca-cert", help="CA certificate handed to outlets at provisioning (PEM)")
    serve.add_argument("--url", help="the URL outlets use, handed out at provisioning")
    serve.add_argument(
        "--lookup-delay-ms",
        type=int_in(0, MAX_LOOKUP_DELAY_MS, "--lookup-delay-ms"),
        default=0,
        help="delay every look-up answer",
    )
    serve.add_argument("--lookup-outage", action="store_true", help="answer every look-up 503")
    serve.add_argument(
        "--workers",
        type=int_in(1, 64, "--workers"),
        default=None,
        help=f"worker processes (default {POSTGRES_WORKERS} on PostgreSQL, 1 on SQLite)",
    )
    serve.add_argument("--no-access-log", action="store_true", help="do not log every request")
    serve.add_argument(
        "--migrate",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="migrate the database before serving (default: only with one worker; with several, "
        "or several instances, run `chudan-hq db upgrade` as a release step and serve --no-migrate)",
    )
    serve.set_defaults(func=_serve)

    keys = sub.add_parser("keys", help="head office's signing key")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    kinit = ksub.add_parser("init", parents=[common], help="create the Ed25519 signing key")
    kinit.add_argument("--force", action="store_true", help="replace an existing key")
    kinit.set_defaults(func=_keys_init)
    kshow = ksub.add_parser(
        "show",
        parents=[common],
        help="print the public key and its id (to check a provisioning file out of band)",
    )
    kshow.set_defaults(func=_keys_show)

    rates = sub.add_parser("rates", help="rate tables")
    rsub = rates.add_subparsers(dest="rates_command", required=True)
    pub = rsub.add_parser(
        "publish", parents=[common], help="validate, sign and publish a rate table"
    )
    pub.add_argument("file")
    pub.add_argument(
        "--version",
        type=int_in(1, 1_000_000, "--version"),
        help="version to publish as (default: last + 1)",
    )
    pub.set_defaults(func=_rates_publish)

    device = sub.add_parser("device", help="provision or revoke outlet devices")
    dsub = device.add_subparsers(dest="device_command", required=True)
    prov = dsub.add_parser(
        "provision",
        parents=[common],
        help="create a one-time enrolment code, or with --file a signed provisioning file",
    )
    prov.add_argument("--outlet", required=True)
    prov.add_argument(
        "--file", help="write a signed provisioning file here instead of printing a code"
    )
    prov.add_argument("--url", help="head office URL to put in the file")
    prov.add_argument("--ca-cert", help="CA certificate (PEM) to put in the file")
    prov.add_argument(
        "--replaces",
        metavar="DEVICE_ID",
        help="the device this one replaces (a rebuilt or restored desk): it may still upload the "
        "policy numbers the old one drew",
    )
    prov.set_defaults(func=_provision)
    rev = dsub.add_parser(
        "revoke", parents=[common], help="revoke a device (its token stops working)"
    )
    rev.add_argument("device_id")
    rev.set_defaults(func=_revoke)

    policy = sub.add_parser("policy", help="printed policies")
    polsub = policy.add_subparsers(dest="policy_command", required=True)
    pver = polsub.add_parser(
        "verify",
        parents=[common],
        help="check the token a printed policy's QR code carries (offline, with the device's key)",
    )
    pver.add_argument("token", help="the QR code's text (CD1.…)")
    pver.set_defaults(func=_policy_verify)

    stats = sub.add_parser(
        "stats", parents=[common], help="devices, intake counts, rate-table versions"
    )
    stats.set_defaults(func=_stats)

    rep = sub.add_parser(
        "report", parents=[common], help="every outlet's figures for a month (XLSX, CSV, PDF)"
    )
    rep.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
    rep.add_argument("--xlsx", help="write the report to this .xlsx file")
    rep.add_argument("--csv", help="write the report to this .csv file")
    rep.add_argument("--pdf", help="write the report, with its charts, to this .pdf file")
    rep.add_argument("--by", choices=["day", "week", "month"], default="day")
    rep.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN")
    rep.add_argument("--force", action="store_true", help="replace report files that exist")
    rep.set_defaults(func=_report)

    lk = sub.add_parser("lookups", help="the look-up tables and how the source behaves")
    lsub = lk.add_subparsers(dest="lookups_command", required=True)
    load = lsub.add_parser("load", parents=[common], help="replace a look-up table from a CSV file")
    load.add_argument("file")
    load.add_argument(
        "--kind",
        choices=["vehicles", "violations", "policies"],
        help="default: recognised from the header",
    )
    load.set_defaults(func=_lookups_load)
    outage = lsub.add_parser(
        "outage", parents=[common], help="switch the simulated outage on or off"
    )
    outage.add_argument("state", choices=["on", "off"])
    outage.set_defaults(func=_lookups_setting)
    delay = lsub.add_parser(
        "delay", parents=[common], help="delay every look-up answer by MS milliseconds"
    )
    delay.add_argument("ms", type=int_in(0, MAX_LOOKUP_DELAY_MS, "the delay"))
    delay.set_defaults(func=_lookups_setting)

    phone = sub.add_parser("phone", help="the customer's phone (docs/phone.md)")
    psub = phone.add_subparsers(dest="phone_command", required=True)
    minutes = psub.add_parser(
        "token-minutes",
        parents=[common],
        help="how long a desk's QR code for the customer's phone stays usable",
    )
    minutes.add_argument("minutes", type=int_in(1, 24 * 60, "the minutes"))
    minutes.set_defaults(func=_phone_minutes)

    decide = sub.add_parser("decide", parents=[common], help="approve or decline a referral")
    decide.add_argument("referral_id")
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true")
    choice.add_argument("--decline", action="store_true")
    decide.add_argument("--note", required=True, help="the reason, shown to the outlet")
    decide.set_defaults(func=_decide)

    # Endorsements and cancellations: their own module (hq/change_cli.py).
    from hq.change_cli import register as register_changes

    register_changes(sub, common, _engine)
    # Head-office staff accounts: their own module (hq/staff_cli.py).
    from hq.staff_cli import register as register_staff

    register_staff(sub, common, _engine)
    # The claims register: its own module (hq/claims_cli.py).
    from hq.claims_cli import register as register_claims

    register_claims(sub, common, _engine)

    refs = sub.add_parser("referrals", help="referrals from outlets")
    refsub = refs.add_subparsers(dest="referrals_command", required=True)
    rlist = refsub.add_parser("list", parents=[common], help="list referrals")
    rlist.add_argument("--status", choices=["pending", "approved", "declined"])
    rlist.set_defaults(func=_referrals_list)

    payments = sub.add_parser("payments", help="payment QRs the gateway reports paid")
    psub = payments.add_subparsers(dest="payments_command", required=True)
    pconf = psub.add_parser(
        "confirm",
        parents=[common],
        help="record a QR reference as paid (stands in for the payment gateway's callback)",
    )
    pconf.add_argument("reference")
    pconf.add_argument("--amount", required=True)
    pconf.add_argument("--outlet", required=True)
    pconf.set_defaults(func=_payment_confirm)

    pol = sub.add_parser("policies", help="accepted policies")
    polsub = pol.add_subparsers(dest="policies_command", required=True)
    find = polsub.add_parser(
        "find",
        parents=[common],
        help="the policies of a policyholder, by ID number (searched by its keyed blind index)",
    )
    find.add_argument("--id-number", required=True)
    find.add_argument(
        "--id-type",
        default="resident_id",
        choices=["resident_id", "uscc", "hmt_permit", "foreign_pr", "passport"],
    )
    find.set_defaults(func=_policies_find)

    db = sub.add_parser("db", help="database schema")
    dbsub = db.add_subparsers(dest="db_command", required=True)
    up = dbsub.add_parser("upgrade", parents=[common], help="apply the migrations")
    up.set_defaults(func=_db_upgrade)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # bad arguments (one line already printed), --help or --version
        return exc.code if isinstance(exc.code, int) else 2
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from app.core.errors import ChudanError

    # Whatever the operator typed, a one-line reason and a non-zero exit, never a traceback;
    # every command writes in one transaction, so a refusal leaves nothing half done.
    try:
        return int(args.func(args))
    except ChudanError as exc:
        return _fail(exc.message)
    except (ArgumentError, NoSuchModuleError):
        return _fail("--db is not a database URL head office can open.")
    except DBAPIError as exc:
        what = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
        return _fail(
            f"the database cannot be used ({what}); check --db, that the server runs and that "
            "this user may write to it."
        )
    except RecursionError:
        return _fail("the input is nested too deeply to be a file this command reads.")
    except OSError as exc:
        name = f" {exc.filename}" if exc.filename else ""
        return _fail(f"cannot use{name}: {exc.strerror or exc}; check the path and permissions.")


if __name__ == "__main__":
    sys.exit(main())
