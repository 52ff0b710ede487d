"""The window opens on a real X server (Xvfb), not only offscreen: the xcb plugin and its
libraries are installed by the setup script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO


@pytest.fixture
def xvfb():
    if not shutil.which("Xvfb"):
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: scripts/install_system_deps.sh should have installed it")
        pytest.skip("Xvfb not installed (run scripts/install_system_deps.sh)")
    for n in range(120, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            break
    proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{n}"):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{n}"
    proc.terminate()
    proc.wait(timeout=10)


def test_login_window_shows_on_a_real_x_server(xvfb, chudan_home):
    env = {**os.environ, "DISPLAY": xvfb, "CHUDAN_HOME": str(chudan_home), "CHUDAN_KEYRING": "off",
           "CHUDAN_STARTUP_PROBE": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    subprocess.run([sys.executable, "-m", "ui.launcher", "demo"], env=env, cwd=REPO, check=True, capture_output=True)
    r = subprocess.run([sys.executable, "-m", "ui.launcher"], env=env, cwd=REPO, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("login-shown")
