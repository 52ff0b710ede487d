"""The window opens on a real X server (Xvfb), not only offscreen: the xcb plugin and its
libraries are installed by the setup script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.support.paths import REPO

pytestmark = [pytest.mark.live, pytest.mark.slow]  # Xvfb and the desk as processes


@pytest.fixture
def xvfb():
    if not shutil.which("Xvfb"):
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: scripts/install_system_deps.sh should have installed it")
        pytest.skip("Xvfb not installed (run scripts/install_system_deps.sh)")
    # -displayfd: Xvfb picks a free display and writes its number once it accepts clients, so
    # the read below waits for readiness without polling.
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        n = ready.readline().strip()
    if not n:
        proc.kill()
        pytest.fail("Xvfb did not start")
    yield f":{n}"
    proc.terminate()
    proc.wait(timeout=10)


def test_login_window_shows_on_a_real_x_server(xvfb, seeded_home):
    env = {
        **os.environ,
        "DISPLAY": xvfb,
        "CHUDAN_HOME": str(seeded_home),
        "CHUDAN_KEYRING": "off",
        "CHUDAN_STARTUP_PROBE": "1",
    }
    env.pop("QT_QPA_PLATFORM", None)
    subprocess.run(
        [sys.executable, "-m", "cli.launcher", "demo"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    r = subprocess.run(
        [sys.executable, "-m", "cli.launcher"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("login-shown")
