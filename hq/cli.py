"""`chudan-hq`: runs and administers the head-office service."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _engine(args: argparse.Namespace) -> Any:
    from hq.home import default_db_url
    from hq.models import make_engine

    return make_engine(args.db or default_db_url())


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


def _serve(args: argparse.Namespace) -> int:
    from hq.home import is_loopback

    if not is_loopback(args.host) and not (args.tls_cert and args.tls_key):
        print(f"chudan-hq: refusing plain HTTP on {args.host}: give --tls-cert and --tls-key, "
              "or bind to 127.0.0.1 for development.", file=sys.stderr)
        return 2
    import uvicorn

    from hq.server import create_app

    uvicorn.run(create_app(_engine(args)), host=args.host, port=args.port,
                ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key, log_level="info")
    return 0


def _provision(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import devices

    if args.file:
        print("chudan-hq: signed provisioning files are not built yet; use the online code.", file=sys.stderr)
        return 2
    with Session(_engine(args)) as s:
        device_id, code = devices.create_enrolment(s, args.outlet)
        s.commit()
    _print(args, {"device_id": device_id, "outlet": args.outlet, "code": code},
           f"Device {device_id} for outlet {args.outlet}: enrolment code {code} (shown once).")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from hq import devices

    with Session(_engine(args)) as s:
        found = devices.revoke(s, args.device_id)
        s.commit()
    if not found:
        print(f"chudan-hq: no device {args.device_id}; list devices with `chudan-hq stats`.", file=sys.stderr)
        return 1
    _print(args, {"device_id": args.device_id, "revoked": True}, f"Device {args.device_id} revoked.")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from hq.stats import collect

    data = collect(_engine(args))
    _print(args, data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chudan-hq", description="Chudan head office: provisions "
                                     "devices and receives and confirms policies.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="SQLAlchemy URL (default: SQLite in CHUDAN_HQ_HOME)")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--tls-cert")
    serve.add_argument("--tls-key")
    serve.set_defaults(func=_serve)

    device = sub.add_parser("device", help="provision or revoke outlet devices")
    dsub = device.add_subparsers(dest="device_command", required=True)
    prov = dsub.add_parser("provision", parents=[common], help="create a one-time enrolment code")
    prov.add_argument("--outlet", required=True)
    prov.add_argument("--file")
    prov.set_defaults(func=_provision)
    rev = dsub.add_parser("revoke", parents=[common], help="revoke a device (its token stops working)")
    rev.add_argument("device_id")
    rev.set_defaults(func=_revoke)

    stats = sub.add_parser("stats", parents=[common], help="devices and intake counts")
    stats.set_defaults(func=_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
