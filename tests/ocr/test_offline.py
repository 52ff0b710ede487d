"""No data leaves the machine: OCR loads its shipped models and reads with every network
connection refused, and onnxruntime writes no telemetry files to the home folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO

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
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}  # the app must set it itself
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    image = REPO / "tests" / "fixtures" / "specimens" / "images" / "id-front-101.jpg"
    truth = json.loads((image.parent / "truth.json").read_text(encoding="utf-8"))[image.name]["fields"]["id_number"]
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(image), truth], cwd=REPO, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    kind_line, attempts_line = r.stdout.strip().splitlines()
    assert kind_line == "id-front id_number read"
    assert attempts_line == "attempts []"
    assert not (home / ".cache" / "Microsoft").exists()
    assert not list(home.rglob("*")), f"files written to the home folder: {list(home.rglob('*'))}"
