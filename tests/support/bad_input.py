"""The bad-input battery: desk commands × hostile inputs. A probe *holds* when the command exits
non-zero with exactly one line on stderr, no traceback and no "unexpected error" (the launcher's
last boundary: a bug it caught, not a refusal), and nothing was stored: the store's rows (less
the audit log, which records refusals, and the failure counters of log-ins), the data directory's
files and any file the probe named as a destination are as they were.

The tests run a sample (tests/integration/desk/test_bad_input_battery.py); `make bench` runs
every probe (benchmarks/bench_bad_input.py) and prints probes tried / held."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.examples import POLICY_REQUEST as EXAMPLE
from tests.support.examples import QUOTE_REQUEST_FILE
from tests.support.paths import REPO

QUOTE = json.loads(QUOTE_REQUEST_FILE.read_text(encoding="utf-8"))
ADMIN = ("admin", "demo-admin-2026")  # the demo's administrator

# Tables whose rows a refused command must not change.
TABLES = (
    "outlet",
    "device",
    "user",
    "customer",
    "vehicle",
    "draft",
    "policy",
    "coverage_line",
    "payment",
    "document",
    "exception_item",
    "outbox_item",
    "rate_table",
    "delivery",
    "setting",
)


@dataclass(frozen=True)
class Probe:
    """One command with one hostile input. `make(work)` writes the probe's files into the
    folder `work` and returns argv; `watch(home, work)` names files that must be unchanged."""

    command: str  # the desk command probed, e.g. "policy issue"
    what: str  # the hostile input, in words
    make: Callable[[Path, Path], list[str]]
    stdin: str = ""
    watch: Callable[[Path, Path], list[Path]] = field(default=lambda home, work: [])
    subprocess: bool = False  # also run as a real process in the quick sample

    @property
    def name(self) -> str:
        return f"{self.command}: {self.what}"


@dataclass(frozen=True)
class Outcome:
    probe: Probe
    held: bool
    code: int
    stderr: str
    why: str = ""


# -- the hostile inputs -------------------------------------------------------------------------


def _write(work: Path, name: str, content: str | bytes) -> Path:
    path = work / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _request(**changes: Any) -> dict[str, Any]:
    """The example request with `changes` applied (dotted keys reach into it)."""
    req = json.loads(json.dumps(EXAMPLE))
    for dotted, value in changes.items():
        target = req
        *path, last = dotted.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    return req


def _quote(**changes: Any) -> dict[str, Any]:
    req = json.loads(json.dumps(QUOTE))
    for dotted, value in changes.items():
        target = req
        *path, last = dotted.split(".")
        for part in path:
            target = target[part]
        target[last] = value
    return req


def _file(name: str, content: Callable[[], str | bytes]) -> Callable[[Path], Path]:
    return lambda work: _write(work, name, content())


def _nested(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def _fifo(work: Path, name: str) -> Path:
    path = work / name
    os.mkfifo(path)
    return path


def _link(work: Path, name: str, to: str) -> Path:
    path = work / name
    path.symlink_to(to)
    return path


def _policy_issue(content: Callable[[], str | bytes], what: str, **kw: Any) -> Probe:
    return Probe(
        "policy issue",
        what,
        lambda home, work: ["policy", "issue", str(_write(work, "req.json", content()))],
        **kw,
    )


def _request_text(**changes: Any) -> Callable[[], str]:
    return lambda: json.dumps(_request(**changes), ensure_ascii=False)


def _quote_text(**changes: Any) -> Callable[[], str]:
    return lambda: json.dumps(_quote(**changes), ensure_ascii=False)


def _big_signature() -> str:
    return json.dumps(_request(signature=[[[0.5, 0.5]] * 200_001]))


def _huge_org_name() -> str:
    holder = {"kind": "organisation", "name": "某" * 5_000_000, "id_type": "uscc"}
    return json.dumps(
        _request(policyholder=dict(EXAMPLE["policyholder"], **holder)), ensure_ascii=False
    )


def policy_issue_probes() -> list[Probe]:
    return [
        _policy_issue(lambda: _nested(), "JSON nested 100,000 deep", subprocess=True),
        _policy_issue(
            _request_text(**{"payments.2.amount": "1e999999"}), "amount 1e999999 (string)"
        ),
        _policy_issue(_request_text(**{"payments.2.amount": "1e308"}), "amount 1e308"),
        _policy_issue(
            lambda: _request_text()().replace('"amount": "rest"', '"amount": 1e999999'),
            "amount 1e999999 (number)",
        ),
        _policy_issue(
            lambda: _request_text()().replace('"amount": "rest"', '"amount": NaN'),
            "amount NaN",
        ),
        _policy_issue(_request_text(**{"payments.2.amount": "-1"}), "negative amount"),
        _policy_issue(
            lambda: json.dumps(_request(signature=[[[0.5, 0.5], [0.6, 0.6]]])).replace(
                "0.6, 0.6", "1e999999, 0.6"
            ),
            "signature point 1e999999",
        ),
        _policy_issue(_request_text(signature=[[["NaN", 0.5], [0.6, 0.6]]]), "signature point NaN"),
        _policy_issue(_big_signature, "signature of 200,001 points"),
        _policy_issue(_request_text(draft_id="no-such-draft"), "unknown draft_id"),
        _policy_issue(
            _request_text(
                prior_policies=[{"coverage": "ctpl", "start": "2026-01-01", "end": "2027-06-01"}]
            ),
            "a prior policy without its number",
        ),
        _policy_issue(
            _request_text(history={"ctpl_claim_free_years": 10**30}), "claim-free years 10^30"
        ),
        _policy_issue(
            _request_text(**{"vehicle.displacement_l": "1e999999"}), "displacement 1e999999"
        ),
        _policy_issue(_request_text(**{"vehicle.tonnage": "1e999999"}), "tonnage 1e999999"),
        _policy_issue(_request_text(**{"vehicle.seats": 10**30}), "seats 10^30"),
        _policy_issue(
            _request_text(**{"vehicle.purchase_price": "1e999999"}), "purchase price 1e999999"
        ),
        _policy_issue(_request_text(pricing_coefficient="1e999999"), "coefficient 1e999999"),
        _policy_issue(_request_text(start_date="9999-12-31"), "start date 9999-12-31"),
        _policy_issue(_request_text(start_date="0001-01-01"), "start date 0001-01-01"),
        _policy_issue(
            _request_text(**{"policyholder.address": "北京市\u202e路88号"}), "address with U+202E"
        ),
        _policy_issue(
            _request_text(**{"policyholder.address": "北京市\x00路88号"}), "address with NUL"
        ),
        _policy_issue(  # escaped in the file (\ud800): a lone surrogate is not UTF-8
            lambda: json.dumps(_request(**{"policyholder.name": "张\ud800伟"})),
            "name with a lone surrogate",
        ),
        _policy_issue(
            _request_text(**{"policyholder.address": "北" * 10_000_000}), "10 MB address"
        ),
        _policy_issue(_huge_org_name, "5,000,000-character organisation name"),
        _policy_issue(
            _request_text(**{"policyholder.email": "a" * 100_000 + "@example.com"}),
            "e-mail with a 100,000-character local part",
        ),
        _policy_issue(_request_text(payments=[{"method": "cash"}] * 10_000), "10,000 payments"),
        _policy_issue(lambda: "1" * 5000, "an integer of 5,000 digits"),
        _policy_issue(lambda: "[]", "an array, not an object"),
        _policy_issue(lambda: b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "a binary file"),
        _policy_issue(lambda: "", "an empty file"),
        Probe(
            "policy issue",
            "a FIFO named .json",
            lambda home, work: ["policy", "issue", str(_fifo(work, "req.json"))],
            subprocess=True,
        ),
        Probe(
            "policy issue",
            "a link to /dev/zero",
            lambda home, work: ["policy", "issue", str(_link(work, "req.json", "/dev/zero"))],
        ),
        Probe("policy issue", "a directory", lambda home, work: ["policy", "issue", str(work)]),
        Probe(
            "policy issue",
            "a missing file",
            lambda home, work: ["policy", "issue", str(work / "nope.json")],
        ),
        Probe(
            "policy issue",
            "--pdf over the store key",
            lambda home, work: [
                "policy",
                "issue",
                str(_write(work, "req.json", _request_text()())),
                "--pdf",
                str(home / "chudan.db.key"),
                "--force",
            ],
            watch=lambda home, work: [home / "chudan.db.key"],
        ),
        Probe(
            "policy issue",
            "--as with a wrong password",
            lambda home, work: [
                "policy",
                "issue",
                str(_write(work, "req.json", _request_text()())),
                "--as",
                "clerk",
            ],
            stdin="wrong-password\n",
        ),
    ]


def quote_probes() -> list[Probe]:
    def q(content: Callable[[], str | bytes], what: str) -> Probe:
        return Probe(
            "quote", what, lambda home, work: ["quote", str(_write(work, "q.json", content()))]
        )

    return [
        q(lambda: _nested(), "JSON nested 100,000 deep"),
        q(_quote_text(history={"ctpl_claim_free_years": 10**30}), "claim-free years 10^30"),
        q(
            _quote_text(**{"vehicle.displacement_l": "1e999999"}),
            "displacement 1e999999",
        ),
        q(_quote_text(**{"vehicle.tonnage": "1e999999"}), "tonnage 1e999999"),
        q(_quote_text(end_date="9999-12-31"), "end date 9999-12-31"),
        q(_quote_text(**{"vehicle.purchase_price": "1e999999"}), "purchase price 1e999999"),
        q(_quote_text(**{"vehicle.purchase_price": "NaN"}), "purchase price NaN"),
        q(_quote_text(region="../../etc"), "region ../../etc"),
        q(_quote_text(coverages=[{"code": "ctpl"}] * 10_000), "10,000 covers"),
        Probe("quote", "a FIFO", lambda home, work: ["quote", str(_fifo(work, "q.json"))]),
    ]


def _signed_table() -> dict[str, Any]:
    return json.loads((REPO / "resources" / "rates" / "default.json").read_text(encoding="utf-8"))


def rates_probes() -> list[Probe]:
    probes: list[Probe] = []
    for action in ("verify", "install"):
        probes += [
            Probe(
                f"rates {action}",
                "JSON nested 100,000 deep",
                lambda home, work, a=action: ["rates", a, str(_write(work, "t.json", _nested()))],
            ),
            Probe(
                f"rates {action}",
                "a binary file",
                lambda home, work, a=action: [
                    "rates",
                    a,
                    str(_write(work, "t.json", b"\x00\xff" * 64)),
                ],
            ),
            Probe(
                f"rates {action}",
                "a number 1e999999 in the table",
                lambda home, work, a=action: [
                    "rates",
                    a,
                    str(
                        _write(
                            work,
                            "t.json",
                            json.dumps(_signed_table()).replace(
                                '"version": 1', '"version": 1e999999'
                            ),
                        )
                    ),
                ],
            ),
            Probe(
                f"rates {action}",
                "a link to /dev/zero",
                lambda home, work, a=action: ["rates", a, str(_link(work, "t.json", "/dev/zero"))],
            ),
            Probe(
                f"rates {action}",
                "a directory",
                lambda home, work, a=action: ["rates", a, str(work)],
            ),
        ]
    table = lambda work: str(_write(work, "t.json", json.dumps(_signed_table())))  # noqa: E731
    probes += [
        Probe(
            "rates sign",
            "a missing key",
            lambda home, work: ["rates", "sign", table(work), "--key", str(work / "none.pem")],
        ),
        Probe(
            "rates sign",
            "a key that is not a key",
            lambda home, work: [
                "rates",
                "sign",
                table(work),
                "--key",
                str(_write(work, "k.pem", "not a key\n")),
            ],
        ),
        Probe(
            "rates sign",
            "a directory as the key",
            lambda home, work: ["rates", "sign", table(work), "--key", str(work)],
            subprocess=True,
        ),
        Probe(
            "rates sign",
            "a FIFO as the key",
            lambda home, work: ["rates", "sign", table(work), "--key", str(_fifo(work, "k.pem"))],
        ),
    ]
    return probes


def _as_admin(argv: list[str]) -> list[str]:
    return [*argv, "--as", ADMIN[0]]


def store_probes() -> list[Probe]:
    admin_pw = f"{ADMIN[1]}\n"

    def backup(what: str, dest: Callable[[Path, Path], Path], *extra: str, **kw: Any) -> Probe:
        return Probe(
            "db backup",
            what,
            lambda home, work: _as_admin(["db", "backup", str(dest(home, work)), *extra]),
            stdin=admin_pw,
            watch=lambda home, work: [dest(home, work)],
            **kw,
        )

    def existing(home: Path, work: Path) -> Path:
        path = work / "old.db"
        if not path.exists():
            path.write_bytes(b"keep me")
        return path

    def key_link(home: Path, work: Path) -> Path:
        path = work / "backup.db"
        if not path.is_symlink():
            path.symlink_to(home / "chudan.db.key")
        return path

    def restore(what: str, source: Callable[[Path, Path], Path]) -> Probe:
        return Probe(
            "db restore",
            what,
            lambda home, work: _as_admin(["db", "restore", str(source(home, work))]),
            stdin=admin_pw,
        )

    def plain_sqlite(home: Path, work: Path) -> Path:
        path = work / "plain.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('0004')")
        conn.commit()
        conn.close()
        return path

    return [
        backup("over the store key", lambda home, work: home / "chudan.db.key", "--force"),
        backup(
            "over the store key, through a link",
            key_link,
            "--force",
            subprocess=True,
        ),
        Probe(  # the store itself is judged by the fingerprint (the log-in is audited in it)
            "db backup",
            "over the store",
            lambda home, work: _as_admin(["db", "backup", str(home / "chudan.db"), "--force"]),
            stdin=admin_pw,
        ),
        backup("into the data directory", lambda home, work: home / "mine.db"),
        backup("over an existing file, without --force", existing),
        backup("a directory", lambda home, work: work),
        backup("an unwritable place", lambda home, work: Path("/proc/chudan-backup.db")),
        backup("a folder that does not exist", lambda home, work: work / "no" / "b.db"),
        backup("a device, with --force", lambda home, work: Path("/dev/null"), "--force"),
        Probe(
            "db backup",
            "without --as",
            lambda home, work: ["db", "backup", str(work / "b.db")],
            watch=lambda home, work: [work / "b.db"],
        ),
        restore("a 0-byte file", lambda home, work: _write(work, "empty.db", b"")),
        restore("a foreign file", lambda home, work: _write(work, "junk.db", os.urandom(8192))),
        restore("a plain SQLite file", plain_sqlite),
        restore("the store itself", lambda home, work: home / "chudan.db"),
        restore("a FIFO", lambda home, work: _fifo(work, "b.db")),
        restore("a directory", lambda home, work: work),
    ]


def account_probes() -> list[Probe]:
    admin_pw = f"{ADMIN[1]}\n"
    return [
        Probe(
            "user add",
            "no terminal and no --password-stdin",
            lambda home, work: _as_admin(["user", "add", "newclerk"]),
            stdin=admin_pw,
            subprocess=True,
        ),
        Probe(
            "user add",
            "without --as",
            lambda home, work: ["user", "add", "x2", "--role", "admin", "--password-stdin"],
            stdin="a-new-password\n",
        ),
        Probe(
            "user add",
            "--as with a wrong password",
            lambda home, work: _as_admin(["user", "add", "x3", "--password-stdin"]),
            stdin="wrong\nclerk-pass-9\n",
        ),
        Probe(
            "user add",
            "a Cyrillic look-alike of admin",
            lambda home, work: _as_admin(["user", "add", "аdmin", "--password-stdin"]),
            stdin=admin_pw + "clerk-pass-9\n",
        ),
        Probe(
            "user add",
            "a name with U+202E",
            lambda home, work: _as_admin(["user", "add", "ab\u202ecd", "--password-stdin"]),
            stdin=admin_pw + "clerk-pass-9\n",
        ),
        Probe(
            "user add",
            "a 100,000-character name",
            lambda home, work: _as_admin(["user", "add", "a" * 100_000, "--password-stdin"]),
            stdin=admin_pw + "clerk-pass-9\n",
        ),
        Probe(
            "user add",
            "a display name with a control character",
            lambda home, work: _as_admin(
                ["user", "add", "zhao", "--display-name", "赵\x1b[2J", "--password-stdin"]
            ),
            stdin=admin_pw + "clerk-pass-9\n",
        ),
        Probe("user unlock", "without --as", lambda home, work: ["user", "unlock", "clerk"]),
        Probe("user disable", "without --as", lambda home, work: ["user", "disable", "admin"]),
        Probe(
            "user passwd",
            "someone else's, without --as",
            lambda home, work: ["user", "passwd", "admin", "--password-stdin"],
            stdin="guess\nnew-admin-pass\n",
        ),
        Probe(
            "user recover-admin",
            "a key file that is not the key",
            lambda home, work: [
                "user",
                "recover-admin",
                "admin",
                "--key-file",
                str(_write(work, "k", "0" * 64)),
                "--password-stdin",
            ],
            stdin="new-admin-pass\n",
        ),
        Probe(
            "user recover-admin",
            "/dev/zero as the key file",
            lambda home, work: [
                "user",
                "recover-admin",
                "admin",
                "--key-file",
                "/dev/zero",
                "--password-stdin",
            ],
            stdin="new-admin-pass\n",
        ),
        Probe(
            "audit show",
            "--limit 10**30",
            lambda home, work: ["audit", "show", "--limit", str(10**30)],
        ),
        Probe("audit show", "--limit -1", lambda home, work: ["audit", "show", "--limit", "-1"]),
        Probe(
            "epolicy sms-gateway",
            "timeout -5",
            lambda home, work: _as_admin(
                [
                    "epolicy",
                    "sms-gateway",
                    "--url",
                    "https://sms.example.cn/send",
                    "--token-stdin",
                    "--timeout",
                    "-5",
                ]
            ),
            stdin=admin_pw + "token\n",
        ),
        Probe(
            "epolicy sms-gateway",
            "timeout NaN",
            lambda home, work: _as_admin(
                [
                    "epolicy",
                    "sms-gateway",
                    "--url",
                    "https://sms.example.cn/send",
                    "--token-stdin",
                    "--timeout",
                    "nan",
                ]
            ),
            stdin=admin_pw + "token\n",
        ),
        Probe(
            "epolicy sms-gateway",
            "an address with a bracket left open",
            lambda home, work: _as_admin(
                ["epolicy", "sms-gateway", "--url", "https://[::1/send", "--token-stdin"]
            ),
            stdin=admin_pw + "token\n",
        ),
        Probe(
            "epolicy sms-gateway",
            "without --as",
            lambda home, work: [
                "epolicy",
                "sms-gateway",
                "--url",
                "https://sms.example.cn/send",
                "--token-stdin",
            ],
            stdin="token\n",
        ),
    ]


def sync_probes() -> list[Probe]:
    admin_pw = f"{ADMIN[1]}\n"

    def provision(what: str, argv: Callable[[Path], list[str]]) -> Probe:
        return Probe(
            "sync provision",
            what,
            lambda home, work: _as_admin(["sync", "provision", *argv(work), "--region", "110000"]),
            stdin=admin_pw,
        )

    return [
        provision(
            "a provisioning file nested 100,000 deep",
            lambda work: ["--file", str(_write(work, "p.json", _nested()))],
        ),
        provision(
            "a binary provisioning file",
            lambda work: ["--file", str(_write(work, "p.json", b"\xff\x00" * 100))],
        ),
        provision("a missing provisioning file", lambda work: ["--file", str(work / "none")]),
        provision(
            "a code of the wrong length",
            lambda work: ["--url", "http://127.0.0.1:9", "--code", "abc"],
        ),
        provision(
            "a code of 10,000 characters",
            lambda work: ["--url", "http://127.0.0.1:9", "--code", "A" * 10_000],
        ),
        Probe(
            "sync provision",
            "without --as",
            lambda home, work: [
                "sync",
                "provision",
                "--url",
                "http://127.0.0.1:9",
                "--code",
                "ABCDEFGHJKLMNPQR",
            ],
        ),
    ]


def misc_probes() -> list[Probe]:
    return [
        Probe(
            "validate",
            "a 100,000-character value",
            lambda home, work: ["validate", "name", "张" * 100_000],
        ),
        Probe("policy show", "an unknown number", lambda home, work: ["policy", "show", "NOPE"]),
        Probe(
            "policy show",
            "a 100,000-character number",
            lambda home, work: ["policy", "show", "9" * 100_000],
        ),
        Probe(
            "policy list",
            "an unknown state",
            lambda home, work: ["policy", "list", "--state", "\u202e" * 10],
        ),
    ]


def ocr_probes() -> list[Probe]:
    """Loading the OCR engine takes a second or two: few probes, all in one run each."""
    return [
        Probe("ocr", "a FIFO named .jpg", lambda home, work: ["ocr", str(_fifo(work, "id.jpg"))]),
        Probe(
            "ocr",
            "a link to /dev/zero",
            lambda home, work: ["ocr", str(_link(work, "id.jpg", "/dev/zero"))],
        ),
        Probe(
            "ocr", "a 0-byte photo", lambda home, work: ["ocr", str(_write(work, "id.jpg", b""))]
        ),
    ]


def all_probes(with_ocr: bool = True) -> list[Probe]:
    return [
        *policy_issue_probes(),
        *quote_probes(),
        *rates_probes(),
        *store_probes(),
        *account_probes(),
        *sync_probes(),
        *misc_probes(),
        *(ocr_probes() if with_ocr else []),
    ]


# -- running them -------------------------------------------------------------------------------


def make_desk(home: Path) -> None:
    """The demo desk every probe starts from (its users: admin, supervisor, clerk)."""
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo

    home.mkdir(parents=True, exist_ok=True)
    with AppContext.open(home) as ctx:
        set_up_demo(ctx)
        ctx.issuance.tables.ensure_bundled()


def copy_desk(template: Path, home: Path) -> None:
    shutil.copytree(template, home, ignore=shutil.ignore_patterns("logs", "print"))


def fingerprint(home: Path) -> dict[str, Any]:
    """What a refused command must leave as it was."""
    from local_db.store import open_store

    store = open_store(home, create=False)
    try:
        with store.engine.connect() as conn:
            from sqlalchemy import text

            rows = {
                t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in TABLES
            }
            rows["setting"] -= conn.execute(
                text("SELECT count(*) FROM setting WHERE key LIKE 'login-failures:%'")
            ).scalar_one()
            # What the rows say, not only how many: a changed password or role counts.
            rows["user_state"] = conn.execute(
                text(
                    "SELECT group_concat(username || role || disabled || password_hash, ';') FROM user"
                )
            ).scalar_one()
    finally:
        store.close()
    files = sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if p.is_file()
        and p.parts[len(home.parts)] not in ("logs",)
        and not p.name.endswith(("-wal", "-shm"))
    )
    return {"rows": rows, "files": files}


def _watched(paths: list[Path]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in paths:
        try:
            out[str(p)] = (p.is_symlink(), p.read_bytes() if p.is_file() else p.exists())
        except OSError:
            out[str(p)] = "unreadable"
    return out


def judge(probe: Probe, code: int, stderr: str, before: dict, after: dict) -> Outcome:
    lines = stderr.splitlines()
    why = ""
    if code == 0:
        why = "exit 0"
    elif len(lines) != 1:
        why = f"{len(lines)} lines on stderr"
    elif "Traceback" in stderr:
        why = "a traceback"
    elif "unexpected error" in stderr:
        why = "the last boundary caught it: " + lines[0][:160]
    elif before != after:
        changed = [k for k in before if before[k] != after.get(k)]
        why = f"something changed: {changed}"
    return Outcome(probe, not why, code, stderr, why)


@contextlib.contextmanager
def _environment(home: Path, stdin: str):
    saved = (sys.stdin, sys.stdout, sys.stderr, os.environ.get("CHUDAN_HOME"))
    os.environ["CHUDAN_HOME"] = str(home)
    out, err = io.StringIO(), io.StringIO()
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        if saved[3] is None:
            os.environ.pop("CHUDAN_HOME", None)
        else:
            os.environ["CHUDAN_HOME"] = saved[3]


def run_in_process(probe: Probe, home: Path, work: Path) -> Outcome:
    """Through cli.launcher.main, as `chudan` runs it."""
    from cli.launcher import main

    work.mkdir(parents=True, exist_ok=True)
    argv = probe.make(home, work)
    before = {"store": fingerprint(home), "watched": _watched(probe.watch(home, work))}
    with _environment(home, probe.stdin) as (_out, err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:  # noqa: BLE001  (what escapes is what is judged)
            import traceback

            err.write("".join(traceback.format_exception(exc)))
            code = 99
    after = {"store": fingerprint(home), "watched": _watched(probe.watch(home, work))}
    return judge(probe, code, err.getvalue(), before, after)


def run_as_process(probe: Probe, home: Path, work: Path, timeout: float = 120) -> Outcome:
    """A real `python -m cli.launcher` with no terminal (stdin is the probe's, or empty)."""
    work.mkdir(parents=True, exist_ok=True)
    argv = probe.make(home, work)
    before = {"store": fingerprint(home), "watched": _watched(probe.watch(home, work))}
    env = {
        **os.environ,
        "CHUDAN_HOME": str(home),
        "CHUDAN_KEYRING": "off",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cli.launcher", *argv],
        input=probe.stdin.encode(),
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
    )
    after = {"store": fingerprint(home), "watched": _watched(probe.watch(home, work))}
    return judge(probe, done.returncode, done.stderr.decode(errors="replace"), before, after)
