"""The .deb on a machine of the kiosks' kind: install, start the kiosk on a real X display, see
its first screen, validate from the installed binary, remove cleanly.

It installs into the system (/opt, /usr), so it runs only when asked, as root:
    python packaging/build.py && CARTGUIDE_DEB=dist/cartguide_<version>_amd64.deb \\
        .venv/bin/python -m pytest tests/test_deb_install.py
(.ci/run does this after the test suite.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.realdesk import desktop

DEB = os.environ.get("CARTGUIDE_DEB", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DEB, reason="set CARTGUIDE_DEB to a built .deb (packaging/build.py)"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0,
                       reason="installs a .deb: needs root (CI runs it)"),
]

INSTALLED = [Path("/opt/cartguide/cartguide"), Path("/usr/bin/cartguide"),
             Path("/usr/lib/systemd/user/cartguide-kiosk.service"),
             Path("/usr/share/cartguide/cartguide-kiosk.desktop"),
             Path("/usr/share/doc/cartguide/README.kiosk.md"),
             Path("/usr/share/doc/cartguide/copyright")]


def run(*args: str, check: bool = True, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env,
                          check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({done.returncode}):\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


def install(deb: Path) -> None:
    """apt-get resolves the Depends: line (a bare machine lacks some); dpkg -i if no apt."""
    if shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = run("apt-get", "install", "-y", "-qq", "--no-install-recommends", str(deb),
                   check=False, env=env)
        if done.returncode == 0:
            return
    run("dpkg", "-i", str(deb))


def test_the_deb_installs_starts_the_kiosk_validates_and_uninstalls_cleanly(
        tmp_path: Path) -> None:
    deb = Path(DEB).resolve()
    assert deb.exists(), deb
    run("dpkg", "-r", "cartguide", check=False)  # a leftover from an earlier run
    install(deb)
    try:
        for path in INSTALLED:
            assert path.exists(), path
        assert Path("/usr/bin/cartguide").resolve() == Path("/opt/cartguide/cartguide")
        unit = Path("/usr/lib/systemd/user/cartguide-kiosk.service").read_text(encoding="utf-8")
        assert "ExecStart=/usr/bin/cartguide --kiosk" in unit
        version = run("/usr/bin/cartguide", "--version").stdout
        assert version.startswith("cartguide ")
        home = tmp_path / "home"
        home.mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
               "CARTGUIDE_LOG_DIR": str(tmp_path / "logs")}
        validate = run("/usr/bin/cartguide", "validate", env=env)  # from anywhere, no Python
        assert validate.stdout.startswith("Content OK: en (8 steps"), validate.stdout

        with desktop(window_manager=True) as desk:
            kiosk_env = {**desk.env, "CARTGUIDE_LOG_DIR": str(tmp_path / "logs"),
                         "PATH": "/usr/bin:/bin"}
            kiosk_env.pop("PYTHONPATH", None)
            kiosk_env.pop("VIRTUAL_ENV", None)
            proc = subprocess.Popen(["/usr/bin/cartguide", "--kiosk"], env=kiosk_env,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            desk.processes.append(proc)
            desk.wait_for_window("CAR-T Guide", timeout=90)
            # Qt also makes small helper windows with the app's name: wait for the one that
            # covers the screen (the kiosk window, full screen).
            window, end = "", time.monotonic() + 60
            while not window and time.monotonic() < end:
                for candidate in desk.window_ids("CAR-T Guide"):
                    geometry = desk.run("xdotool", "getwindowgeometry", candidate, check=False)
                    if "1920x1080" in geometry:
                        window = candidate
                time.sleep(0.5)
            assert window, "no full-screen window named CAR-T Guide"
            time.sleep(2)  # let it paint
            shot = Path(os.environ.get("CARTGUIDE_DEB_SHOT", tmp_path / "first-screen.png"))
            desk.run("import", "-window", "root", str(shot), timeout=30)
            assert shot.stat().st_size > 10_000
            # The first screen is the guide's home, not an error: its words are in the log-free
            # window title and the process is still running.
            assert "CAR-T Guide" in desk.run("xdotool", "getwindowname", window)
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
    finally:
        run("dpkg", "-r", "cartguide")
    for path in INSTALLED:
        assert not path.exists() and not path.is_symlink(), f"{path} left behind"
    assert not Path("/opt/cartguide").exists(), "nothing may be left in /opt/cartguide"
    run("dpkg", "-P", "cartguide")
    status = run("dpkg-query", "-W", "-f=${Status}", "cartguide", check=False)
    assert "installed" not in status.stdout or "not-installed" in status.stdout
