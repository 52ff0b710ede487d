"""No data leaves the machine: OCR loads its shipped models and reads with every network
connection refused, and onnxruntime writes no telemetry files to the home folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.live  # OCR in a sandboxed process of its own

SCRIPT = textwrap.dedent("""
    import socket, sys
    attempts = []
    def refuse(self, address, *a, **k):
        attempts.append(address)
        raise OSError("network blocked by the test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = lambda address, *a, **k: refuse(None, address)
    from app.ocr import OcrService
    svc = OcrService()
    svc.warm_up()
    r = svc.read(sys.argv[1])
    print(r.kind, "id_number read" if r.fields["id_number"].value == sys.argv[2] else "id_number wrong")
    print("attempts", attempts)
""")


def test_ocr_runs_with_the_network_blocked_and_writes_nothing_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"
    }  # the app must set it itself
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    image = REPO / "tests" / "fixtures" / "specimens" / "images" / "id-front-101.jpg"
    truth = json.loads((image.parent / "truth.json").read_text(encoding="utf-8"))[image.name][
        "fields"
    ]["id_number"]
    r = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(image), truth],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    kind_line, attempts_line = r.stdout.strip().splitlines()
    assert kind_line == "id-front id_number read"
    assert attempts_line == "attempts []"
    assert not (home / ".cache" / "Microsoft").exists()
    assert not list(home.rglob("*")), f"files written to the home folder: {list(home.rglob('*'))}"


# The test above patches Python's socket, which cannot see onnxruntime's C++ telemetry. This one
# runs the real OCR in a process whose network namespace has no interfaces (`unshare -n`), so
# nothing can leave whatever the language, and, where strace is installed, records every
# connect() the process and its threads make. An inherited ORT_DISABLE_TELEMETRY=0 must not
# turn telemetry back on.
SANDBOXED = textwrap.dedent("""
    import json, os, sys
    from app.ocr import OcrService
    svc = OcrService()
    svc.warm_up()
    r = svc.read(sys.argv[1])
    # whether the number matched, never the number: the output can end up in a CI log
    print(json.dumps({"kind": r.kind, "id_matches": r.fields["id_number"].value == sys.argv[2],
                      "telemetry": os.environ.get("ORT_DISABLE_TELEMETRY")}))
""")
PROBE = "import socket; socket.create_connection(('192.0.2.1', 443), timeout=3)"  # TEST-NET-1: never answers


def _network_block() -> list[str] | None:
    """`unshare -n` when it works here and really blocks (the probe cannot connect); else None."""
    import shutil

    if not shutil.which("unshare"):
        return None
    try:
        works = (
            subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30).returncode
            == 0
        )
        blocked = (
            works
            and "Network is unreachable"
            in subprocess.run(
                ["unshare", "-n", sys.executable, "-c", PROBE],
                capture_output=True,
                text=True,
                timeout=30,
            ).stderr
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return ["unshare", "-n"] if blocked else None


def _inet_connects(log) -> list[str]:
    return [
        line
        for line in log.read_text(encoding="utf-8").splitlines()
        if "connect(" in line and ("AF_INET" in line or "AF_INET6" in line)
    ]


def test_real_ocr_under_a_real_network_block_reads_and_leaves_no_telemetry(tmp_path):
    import shutil

    import pytest

    block = _network_block()
    strace = shutil.which("strace")
    if block is None and strace is None:
        reason = "neither `unshare -n` (network namespaces) nor strace is available on this machine"
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"{reason}: CI must run this test (run the job as root or with CAP_SYS_ADMIN, or install strace)"
            )
        pytest.skip(reason)
    home = tmp_path / "home"
    home.mkdir()
    log = tmp_path / "connects.log"
    env = {
        **os.environ,
        "ORT_DISABLE_TELEMETRY": "0",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    image = REPO / "tests" / "fixtures" / "specimens" / "images" / "id-front-101.jpg"
    truth = json.loads((image.parent / "truth.json").read_text(encoding="utf-8"))[image.name][
        "fields"
    ]["id_number"]
    traced = (
        [strace, "--seccomp-bpf", "-f", "-qq", "-e", "trace=connect", "-o", str(log)]
        if strace
        else []
    )
    r = subprocess.run(
        [*(block or []), *traced, sys.executable, "-c", SANDBOXED, str(image), truth],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert (out["kind"], out["id_matches"]) == ("id-front", True)  # the read needs no network
    assert out["telemetry"] == "1"  # forced by app.ocr.engine although the parent said 0
    assert not (home / ".cache" / "Microsoft").exists()
    assert not list(home.rglob("*")), f"files written to the home folder: {list(home.rglob('*'))}"
    if strace:
        assert _inet_connects(log) == [], "the OCR process tried to open network connections"


def test_the_engine_module_forces_telemetry_off_over_an_inherited_zero():
    """In a fresh interpreter (reloading the module here would replace its classes for other tests)."""
    env = {**os.environ, "ORT_DISABLE_TELEMETRY": "0"}
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, app.ocr.engine; print(os.environ['ORT_DISABLE_TELEMETRY'])",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"
