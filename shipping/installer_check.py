"""installer-check: the frozen bundles run as a user would run them, from another directory,
in an empty environment (`env -i`, only CHUDAN_HOME so the check never touches real data).

    python -m shipping.installer_check [--dev dist/chudan-dev] [--release dist/chudan]
                                       [--shots DIR] [--no-window]

Development bundle: --version, demo, ocr on a generated specimen of each kind (fields compared
with the generator's truth), quote, policy issue and its PDF read back with pdftotext, db check,
audit verify, the log-in window under Xvfb with a screenshot. Release bundle: --version, no
`demo`, no demo key, refuses a demo-signed table, OCR. Both: LICENSE and THIRD-PARTY-NOTICES.txt
beside the program, no test or head-office package inside. Prints one line per check and ends
with "N passed, M failed"; exits non-zero if any failed.

Run with a Python that has Pillow (the specimen generator's), from the repository: the build's
runtime venv does (`make installer-check`)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
KINDS = ("id-front", "id-back", "vehicle-licence", "vehicle-licence-back", "business-licence")
# The field of each kind that must come back exactly (the rest may need review).
KEY_FIELD = {
    "id-front": "id_number",
    "id-back": "valid_until",
    "vehicle-licence": "vin",
    "vehicle-licence-back": "plate",
    "business-licence": "uscc",
}
NOT_IN_BUNDLE = (
    "hypothesis",
    "mypy",
    "_pytest",
    "pytest",
    "psycopg",
    "psycopg_binary",
    "hq",
    "fastapi",
    "uvicorn",
)


class Check:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def __call__(self, name: str, fn: Callable[[], str | None]) -> None:
        t0 = time.perf_counter()
        try:
            note = fn() or ""
        except Exception as exc:  # noqa: BLE001 - every check reports, the others still run
            self.failed.append(name)
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
            return
        self.passed += 1
        print(
            f"ok   {name} ({time.perf_counter() - t0:.1f} s){' ' + note if note else ''}",
            flush=True,
        )


WINDOWS = sys.platform == "win32"


def program(bundle: Path) -> Path:
    """The command line's executable: on Windows the console one (chudan.exe has no console, its
    output would go to a message box), elsewhere `chudan`."""
    return bundle / ("chudan-cli.exe" if WINDOWS else "chudan")


def run(
    binary: Path,
    home: Path,
    *args: str,
    extra_env: dict[str, str] | None = None,
    stdin: str = "",
    timeout: int = 300,
) -> subprocess.CompletedProcess:
    """The frozen program in an empty environment, from a directory that is not the bundle's."""
    variables = {"CHUDAN_HOME": str(home), **(extra_env or {})}
    cwd = home.parent / "elsewhere"
    cwd.mkdir(exist_ok=True)
    if WINDOWS:  # no `env -i` there; Windows' own SYSTEMROOT is all a process cannot do without
        return subprocess.run(
            [str(binary), *args],
            env={"SYSTEMROOT": os.environ.get("SYSTEMROOT", r"C:\Windows"), **variables},
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    return subprocess.run(
        ["env", "-i", *(f"{k}={v}" for k, v in variables.items()), str(binary), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ok(r: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if r.returncode != 0:
        raise AssertionError(f"{what}: exit {r.returncode}: {(r.stderr or r.stdout)[-800:]}")
    if "Traceback" in r.stderr:
        raise AssertionError(f"{what}: traceback: {r.stderr[-800:]}")
    return r


def specimens(out: Path) -> dict[str, dict]:
    sys.path.insert(0, str(ROOT))
    from app.training.specimens import make

    truth = {}
    for i, kind in enumerate(KINDS):
        spec = make(kind, 900 + i)
        path = out / f"{kind}.jpg"
        spec.image.save(path, "JPEG", quality=92)
        truth[kind] = {"path": path, "fields": spec.fields}
    return truth


def bundle_contents(bundle: Path, check: Check, *, release: bool) -> None:
    internal = bundle / "_internal"

    def files() -> str:
        for name in ("LICENSE", "THIRD-PARTY-NOTICES.txt"):
            assert (bundle / name).is_file(), f"{name} missing beside the program"
        notices = (bundle / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
        for component in (
            "PySide6",
            "onnxruntime",
            "opencv-python-headless",
            "sqlcipher3",
        ):
            assert component in notices, f"{component} missing from the notices"
        leaked = [p for p in NOT_IN_BUNDLE if (internal / p).exists()]
        assert not leaked, f"dev or head-office packages in the bundle: {leaked}"
        demo_key = internal / "resources" / "keys" / "hq_demo_public.pem"
        assert demo_key.exists() != release, "the demo key must be in development builds only"
        return ""

    check(f"{bundle.name}: licence, notices, nothing from dev or head office", files)


def check_development(
    bundle: Path, work: Path, check: Check, shots: Path | None, window: bool
) -> None:
    exe = program(bundle)
    home = work / "dev" / "home"
    home.mkdir(parents=True)
    version = __import__("shipping.version_info", fromlist=["app_version"]).app_version()

    check(
        "dev: --version",
        lambda: _expect(
            ok(run(exe, home, "--version"), "--version").stdout.strip(),
            f"chudan {version} (development build)",
        ),
    )

    def demo() -> str:
        out = json.loads(ok(run(exe, home, "demo", "--json"), "demo").stdout)
        assert out["steps"], out
        return f"schema {out['schema']}"

    check("dev: demo", demo)
    truth = specimens(work)
    for kind in KINDS:

        def read(kind: str = kind) -> str:
            r = ok(
                run(exe, home, "ocr", "--kind", kind, "--json", str(truth[kind]["path"])),
                f"ocr {kind}",
            )
            out = json.loads(r.stdout)
            field = KEY_FIELD[kind]
            got = (out.get("fields", {}).get(field) or {}).get("value")
            want = truth[kind]["fields"][field]
            assert got == want, f"{field}: read {got!r}, printed {want!r}"
            return f"{field} {got}"

        check(f"dev: ocr {kind}", read)

    def quote() -> str:
        out = json.loads(
            ok(
                run(exe, home, "quote", str(EXAMPLES / "quote-request.json"), "--json"), "quote"
            ).stdout
        )
        return f"total {out.get('total_premium') or out.get('total') or '?'}"

    check("dev: quote", quote)

    def issue() -> str:
        r = ok(
            # The print folder is emptied when a command ends: the cover note is asked for.
            run(
                exe,
                home,
                "policy",
                "issue",
                str(EXAMPLES / "policy-request.json"),
                "--json",
                "--pdf",
                str(work / "dev" / "cover-note.pdf"),
            ),
            "policy issue",
        )
        out = json.loads(r.stdout)
        pdf = next((Path(v) for v in _walk(out) if isinstance(v, str) and v.endswith(".pdf")), None)
        assert pdf is not None and pdf.exists(), f"no PDF in {out}"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        number = out.get("policy_number") or out.get("number") or ""
        assert number and number in text, f"policy number {number!r} not in the PDF text"
        return f"{number}, {pdf.name} read back"

    check("dev: policy issue + PDF", issue)

    def db_check() -> str:
        r = ok(run(exe, home, "db", "check"), "db check")
        assert r.stdout.strip().endswith("ok"), r.stdout
        return ""

    check("dev: db check", db_check)
    check(
        "dev: audit verify",
        lambda: ok(run(exe, home, "audit", "verify"), "audit verify").stdout.strip()[:60],
    )
    if window:
        check("dev: log-in window under Xvfb", lambda: login_window(exe, home, shots))


def check_release(bundle: Path, work: Path, check: Check) -> None:
    exe = program(bundle)
    home = work / "release" / "home"
    home.mkdir(parents=True)
    version = __import__("shipping.version_info", fromlist=["app_version"]).app_version()
    check(
        "release: --version",
        lambda: _expect(
            ok(run(exe, home, "--version"), "--version").stdout.strip(), f"chudan {version}"
        ),
    )

    def no_demo() -> str:
        r = run(exe, home, "demo")
        assert r.returncode == 2 and "invalid choice: 'demo'" in r.stderr, r.stderr
        return ""

    check("release: has no demo", no_demo)

    def unprovisioned() -> str:
        r = run(exe, home, "quote", str(EXAMPLES / "quote-request.json"))
        assert (
            r.returncode == 1 and "not provisioned" in r.stderr and "Traceback" not in r.stderr
        ), r.stderr
        return ""

    check("release: no table before provisioning", unprovisioned)

    def demo_signed() -> str:
        (home / "keys").mkdir(exist_ok=True)
        shutil.copy(
            ROOT / "resources" / "keys" / "hq_demo_public.pem", home / "keys" / "hq_public.pem"
        )
        r = run(exe, home, "rates", "install", str(ROOT / "resources" / "rates" / "default.json"))
        assert r.returncode == 1 and "public demo key" in r.stderr, r.stdout + r.stderr
        return ""

    check("release: refuses a demo-signed table", demo_signed)

    def ocr() -> str:
        truth = specimens(work / "release")
        r = ok(run(exe, home, "ocr", "--json", str(truth["id-front"]["path"])), "ocr")
        got = json.loads(r.stdout)["fields"]["id_number"]["value"]
        assert got == truth["id-front"]["fields"]["id_number"], got
        return ""

    (work / "release").mkdir(exist_ok=True)
    check("release: ocr id-front", ocr)


def login_window(exe: Path, home: Path, shots: Path | None) -> str:
    """The window on a real X server: wait for the log-in dialog, screenshot the screen."""
    display = f":{90 + os.getpid() % 100}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = None
    try:
        _wait(
            lambda: (
                subprocess.run(
                    ["xwininfo", "-root", "-display", display], capture_output=True
                ).returncode
                == 0
            ),
            20,
            "Xvfb",
        )
        t0 = time.perf_counter()
        app = subprocess.Popen(
            ["env", "-i", f"CHUDAN_HOME={home}", f"DISPLAY={display}", str(exe)],
            cwd=home.parent / "elsewhere",
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

        def titled() -> bool:
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree", "-display", display], capture_output=True, text=True
            ).stdout
            assert app is not None and app.poll() is None, (
                app.stderr.read() if app and app.stderr else ""
            )
            return "出单台" in tree or "Chudan" in tree

        _wait(titled, 60, "the log-in window")
        shown = time.perf_counter() - t0
        time.sleep(0.5)  # paint settles; the screenshot is for a person to look at
        note = f"shown after {shown:.2f} s"
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            png = shots / "installer-check-login.png"
            subprocess.run(["import", "-display", display, "-window", "root", str(png)], check=True)
            note += f", screenshot {png}"
        return note
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
        xvfb.wait(timeout=10)


def _wait(cond: Callable[[], bool], seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not appear within {seconds:.0f} s")


def _expect(got: str, want: str) -> str:
    assert got == want, f"{got!r} != {want!r}"
    return got


def _walk(value: object):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the frozen bundles as a user would.")
    parser.add_argument("--dev", type=Path, default=ROOT / "dist" / "chudan-dev")
    parser.add_argument("--release", type=Path, default=ROOT / "dist" / "chudan")
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "shots")
    parser.add_argument("--no-window", action="store_true", help="skip the Xvfb window check")
    args = parser.parse_args(argv)
    check = Check()
    with tempfile.TemporaryDirectory(prefix="chudan-installer-check-") as tmp:
        work = Path(tmp)
        for bundle, release in ((args.dev, False), (args.release, True)):
            if not program(bundle).exists():
                print(f"FAIL {bundle}: no bundle here (run `make installer` first)")
                check.failed.append(str(bundle))
                continue
            bundle_contents(bundle, check, release=release)
            if release:
                check_release(bundle, work, check)
            else:
                check_development(bundle, work, check, args.shots, not args.no_window)
    print(f"installer-check: {check.passed} passed, {len(check.failed)} failed")
    return 1 if check.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
