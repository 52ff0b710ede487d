"""`chudan-hq`: runs and administers the head-office service."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _engine(args: argparse.Namespace, *, migrate: bool = True) -> Any:
    """The database, brought to the newest schema first (a no-op when already current), or
    with migrate=False checked to be current already (hq/release.py)."""
    from hq.home import default_db_url
    from hq.migrate import upgrade
    from hq.models import make_engine

    engine = make_engine(args.db or default_db_url())
    if migrate:
        upgrade(engine)
    else:
        from hq.release import require_current_schema

        require_current_schema(engine)
    return engine


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def _fail(message: str, code: int = 1) -> int:
    print(f"chudan-hq: {message}", file=sys.stderr)
    return code


def _read_optional(path: str | None) -> str:
    return Path(path).read_text(encoding="utf-8") if path else ""


# Worker processes `serve` starts unless told: on PostgreSQL two, the count the intake figure
# (≥ 1,000 policies/s, docs/hq.md) is measured and deployed with; SQLite has one writer at a
# time, so more processes would only queue for its lock.
POSTGRES_WORKERS = 2


def default_workers(db: str) -> int:
    """`db` is a URL or a dialect name."""
    return POSTGRES_WORKERS if db.startswith("postgresql") else 1


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

    from hq.home import default_db_url
    from hq.server import SERVE_ENV, LookupSource, create_app

    public_key_b64, ca_cert_pem, hq_url = (
        public_raw_b64(key.public_key()),
        _read_optional(args.ca_cert),
        args.url or "",
    )
    settings = {
        "db": args.db or default_db_url(),
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
    # Stopping waits at most this long for open connections: an outlet whose answer is cut off
    # resends, and intake answers the resend as duplicates.
    options: dict[str, Any] = {
        "ssl_certfile": args.tls_cert,
        "ssl_keyfile": args.tls_key,
        "timeout_graceful_shutdown": 5,
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
    )
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="info", access_log=access_log, **options
    )
    return 0


def _keys_init(args: argparse.Namespace) -> int:
    from app.core.errors import ChudanError
    from hq.keys import fingerprint, init_key, public_raw_b64

    try:
        path, key = init_key(force=args.force)
    except ChudanError as exc:
        return _fail(exc.message)
    pub = key.public_key()
    _print(
        args,
        {"path": str(path), "key_id": fingerprint(pub), "public_key": public_raw_b64(pub)},
        f"Signing key written to {path} (key id {fingerprint(pub)}).",
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

    from app.core.errors import ChudanError
    from app.rating.signing import load_document
    from hq.keys import load_key
    from hq.rates import publish

    try:
        key = load_key()
        doc = load_document(Path(args.file).read_bytes())
        with Session(_engine(args), expire_on_commit=False) as s:
            row = publish(s, doc, key, args.version)
            s.commit()
    except ChudanError as exc:
        return _fail(exc.message)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}; check the path.")
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


def _provision(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import devices

    if args.file:
        from app.core.errors import ChudanError
        from hq import provisioning_file
        from hq.keys import load_key

        try:
            key = load_key()
        except ChudanError as exc:
            return _fail(exc.message)
        with Session(_engine(args)) as s:
            device_id, token = devices.create_with_token(s, args.outlet)
            doc = provisioning_file.build(
                key,
                device_id,
                args.outlet,
                token,
                ca_cert_pem=_read_optional(args.ca_cert),
                hq_url=args.url or "",
            )
            provisioning_file.write(Path(args.file), doc)
            s.commit()
        path = str(Path(args.file).resolve())
        _print(args, {"device_id": device_id, "outlet": args.outlet, "file": path}, path)
        return 0
    with Session(_engine(args)) as s:
        device_id, code = devices.create_enrolment(s, args.outlet)
        s.commit()
    _print(
        args,
        {"device_id": device_id, "outlet": args.outlet, "code": code},
        f"Device {device_id} for outlet {args.outlet}: enrolment code {code} (shown once).",
    )
    return 0


def _policy_verify(args: argparse.Namespace) -> int:
    """Exit 0 only for a genuine token (received or not yet received)."""
    from sqlalchemy.orm import Session

    from app.core.errors import InvalidInput
    from hq.verification import verify_token

    with Session(_engine(args)) as s:
        try:
            result = verify_token(s, args.token)
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


def _lookups_load(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from app.core.errors import ChudanError
    from hq.lookups import load_csv

    try:
        with Session(_engine(args)) as s:
            loaded = load_csv(s, Path(args.file), args.kind)
            s.commit()
    except ChudanError as exc:
        return _fail(exc.message)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}; check the path.")
    _print(
        args,
        {"kind": loaded.kind, "rows": loaded.rows},
        f"Loaded {loaded.rows} {loaded.kind} row(s); the previous {loaded.kind} table was replaced.",
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

    from app.core.errors import ChudanError
    from hq import referrals

    try:
        with Session(_engine(args), expire_on_commit=False) as s:
            row = referrals.decide(s, args.referral_id, args.approve, args.note)
            s.commit()
            status = referrals.status_of(row)
    except ChudanError as exc:
        return _fail(exc.message)
    _print(args, status.model_dump(mode="json"), f"Referral {args.referral_id} {status.status}.")
    return 0


def _payment_confirm(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from app.core.errors import ChudanError
    from hq import qr_payments

    try:
        with Session(_engine(args)) as s:
            row = qr_payments.confirm(s, args.reference, args.amount, args.outlet)
            s.commit()
            data = {"reference": row.reference, "amount": row.amount, "outlet": row.outlet_code}
    except ChudanError as exc:
        return _fail(exc.message)
    _print(
        args,
        data,
        f"QR payment {data['reference']} of {data['amount']} recorded as paid for outlet {data['outlet']}.",
    )
    return 0


def _referrals_list(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import referrals

    with Session(_engine(args)) as s:
        rows = referrals.listing(s, args.status)
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


def _db_upgrade(args: argparse.Namespace) -> int:
    from hq.home import default_db_url
    from hq.migrate import upgrade
    from hq.models import make_engine

    before, after = upgrade(make_engine(args.db or default_db_url()))
    _print(
        args,
        {"from": before, "to": after},
        f"Database at revision {after}"
        + (f" (was {before or 'empty'})." if before != after else " (already current)."),
    )
    return 0


class _Version(argparse.Action):
    """--version, computed only when asked (it reads the migrations folder)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from hq.release import version_text

        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chudan-hq",
        description="Chudan head office: provisions "
        "devices, publishes rate tables, receives and confirms policies.",
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version and the schema it needs"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        help="SQLAlchemy URL, for development: argv is visible to every user, so in production "
        "set CHUDAN_HQ_DB_URL or the 0600 file CHUDAN_HQ_CONFIG (default: SQLite in CHUDAN_HQ_HOME)",
    )
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--tls-cert", help="server certificate chain (PEM)")
    serve.add_argument("--tls-key", help="server private key (PEM)")
    serve.add_argument("--ca-cert", help="CA certificate handed to outlets at provisioning (PEM)")
    serve.add_argument("--url", help="the URL outlets use, handed out at provisioning")
    serve.add_argument("--lookup-delay-ms", type=int, default=0, help="delay every look-up answer")
    serve.add_argument("--lookup-outage", action="store_true", help="answer every look-up 503")
    serve.add_argument(
        "--workers",
        type=int,
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
    pub.add_argument("--version", type=int, help="version to publish as (default: last + 1)")
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
    delay.add_argument("ms", type=int)
    delay.set_defaults(func=_lookups_setting)

    decide = sub.add_parser("decide", parents=[common], help="approve or decline a referral")
    decide.add_argument("referral_id")
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true")
    choice.add_argument("--decline", action="store_true")
    decide.add_argument("--note", required=True, help="the reason, shown to the outlet")
    decide.set_defaults(func=_decide)

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

    db = sub.add_parser("db", help="database schema")
    dbsub = db.add_subparsers(dest="db_command", required=True)
    up = dbsub.add_parser("upgrade", parents=[common], help="apply the migrations")
    up.set_defaults(func=_db_upgrade)
    return parser


def main(argv: list[str] | None = None) -> int:
    from app.core.errors import ChudanError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ChudanError as exc:  # e.g. a configuration file others can read
        return _fail(exc.message)


if __name__ == "__main__":
    sys.exit(main())
