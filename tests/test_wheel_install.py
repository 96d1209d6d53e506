"""Installed from a wheel (not editable) into a fresh venv, the app and `cartguide validate` find
the same bundled content as a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SMOKE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import cartguide, cartguide.resources as r
from cartguide import app
from cartguide.ui import theme
from cartguide.ui.main_window import MainWindow
qapp = app.create_application()
theme.apply(qapp)
result = app.load()
window = MainWindow(result.guide, issues=result.issues)
window.show()
qapp.processEvents()
print("PACKAGE", cartguide.__file__)
print("DATA", r.data_root())
print("STEPS", len(result.guide.steps.steps), "ISSUES", len(result.issues))
print("VERSION", result.guide.about.content_version, result.guide.about.review_date)
print("PAGES", window.current_key, window.windowTitle())
"""


@pytest.mark.slow
def test_wheel_in_fresh_venv_finds_bundled_content(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("cartguide-*.whl")

    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    # Dependencies (PySide6, PyYAML, qtawesome) come from this test environment's site-packages,
    # added as a plain path: its .pth files (our own editable install among them) are not run.
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print("
                                "sysconfig.get_paths()['purelib'])"], capture_output=True,
                               text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    clean_env["CARTGUIDE_LOG_DIR"] = str(tmp_path / "logs")
    script = env_dir / ("Scripts/cartguide.exe" if os.name == "nt" else "bin/cartguide")
    validate = subprocess.run([str(script), "validate"], capture_output=True, text=True,
                              cwd=elsewhere, env=clean_env, timeout=120)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert validate.stdout.startswith("Content OK: en (8 steps")

    smoke = subprocess.run([str(python), "-c", SMOKE], capture_output=True, text=True,
                           cwd=elsewhere, env=clean_env, timeout=120)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    lines = dict(line.split(" ", 1) for line in smoke.stdout.strip().splitlines())
    assert lines["PACKAGE"].startswith(str(env_dir)), lines["PACKAGE"]
    package_dir = Path(lines["PACKAGE"]).parent
    assert Path(lines["DATA"]) == package_dir / "_data", "content must come from the wheel"
    assert lines["STEPS"] == "8 ISSUES 0"
    assert lines["PAGES"].startswith("home ")
