"""The packaging files agree with each other: what the .deb installs, the unit it ships, the
Windows workflow's steps. (The real build and install: tests/test_deb_install.py.)"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cartguide_build", ROOT / "packaging" /
                                                  "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_packaged_unit_starts_the_installed_app() -> None:
    build = build_module()
    unit = build.packaged_unit()
    assert re.findall(r"(?m)^ExecStart=.*$", unit) == ["ExecStart=/usr/bin/cartguide --kiosk"]
    for line in ("Type=notify", "Restart=always", "WatchdogSec=30",
                 "RestartPreventExitStatus=75", "WantedBy=graphical-session.target"):
        assert line in unit, line
    assert "venv" not in unit
    assert "Exec=systemctl --user start cartguide-kiosk.service" in build.packaged_desktop_entry()


def test_the_control_file_is_complete() -> None:
    build = build_module()
    control = build.control_file("1.2.3", "amd64", ["libc6 (>= 2.36)", "libegl1"], 1000)
    fields = dict(line.split(": ", 1) for line in control.splitlines()
                  if line and not line.startswith(" "))
    assert fields["Package"] == "cartguide" and fields["Version"] == "1.2.3"
    assert fields["Depends"] == "libc6 (>= 2.36), libegl1"
    assert "speech-dispatcher" in fields["Recommends"]
    assert control.endswith("\n")
    assert build.version() == __import__("cartguide").__version__


def test_the_windows_workflow_builds_tests_and_packages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "windows.yml").read_text(
        encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    assert workflow["jobs"]["build"]["runs-on"].startswith("windows")
    commands = "\n".join(str(step.get("run", "")) for step in steps)
    assert "packaging\\build.py --no-deb" in commands
    assert "cartguide-cli.exe validate" in commands
    assert "cartguide.iss" in commands
    for test_file in re.findall(r"tests/\S+\.py", commands):
        assert (ROOT / test_file).exists(), test_file
    assert (ROOT / "packaging" / "windows" / "cartguide.iss").exists()


def test_build_outputs_are_never_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for pattern in ("dist/", "build/", "*.deb", "*.cgbundle"):
        assert pattern in ignored, pattern
