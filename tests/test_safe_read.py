"""Bounded, safe reads (kiosk red-team B4): a FIFO, a device, a link to /dev/zero or a folder
where the guide expects a file is an error naming the file, never a hang or a memory blow-up.
Every case runs under a time limit, so a regression fails instead of hanging the test run."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cartguide import config, resources, safe_read, ui_strings
from cartguide.cli import main as cli
from cartguide.content import load_guide

KINDS = ["fifo", "dev-zero", "dev-null", "folder"]


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """``call()``'s result, or a test failure if it has not returned after ``seconds``."""
    result: list[Any] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        if kind_fifo_paths:  # unblock a reader stuck on a FIFO so the thread can end
            for fifo in kind_fifo_paths:
                with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "w"):
                    pass
        pytest.fail(f"still running after {seconds} s (it would hang the kiosk)")
    if error:
        raise error[0]
    return result[0]


kind_fifo_paths: list[Path] = []


def make_special(path: Path, kind: str) -> None:
    if path.exists() or path.is_symlink():
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
        kind_fifo_paths.append(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-null":
        path.symlink_to("/dev/null")
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", KINDS)
def test_safe_read_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "steps.yaml"
    make_special(target, kind)
    with pytest.raises(safe_read.SafeReadError) as caught:
        within(5, lambda: safe_read.read(target, "content"))
    assert "not a regular file" in str(caught.value) and caught.value.path == target


def test_safe_read_stops_at_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 1001)
    assert safe_read.read_bytes(big, 1001) == b"a" * 1001
    with pytest.raises(safe_read.SafeReadError, match="the limit is"):
        safe_read.read_bytes(big, 1000)
    link = tmp_path / "link.yaml"
    link.symlink_to(big)  # a link to a regular file is fine
    assert len(safe_read.read_bytes(link, 2000)) == 1001


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("file", ["steps.yaml", "home.yaml", "ui.yaml"])
def test_content_and_catalog_files(content_copy: Path, capsys: pytest.CaptureFixture[str],
                                   file: str, kind: str) -> None:
    make_special(content_copy / file, kind)
    assert within(20, lambda: cli(["validate", str(content_copy)])) == 1
    out = capsys.readouterr().out
    assert f"{file}: cannot be read: it is " in out and "not a regular file" in out
    assert within(20, lambda: cli(["lint", str(content_copy)])) == 1
    assert f"{file}: cannot be read" in capsys.readouterr().out
    # The app's own reading: the rest of the guide loads.
    result = within(20, lambda: load_guide(content_copy))
    if file != "ui.yaml":
        assert any(issue.path.name == file for issue in result.errors)
    else:
        catalog, issues = within(5, lambda: ui_strings.load_catalog(content_copy / file))
        assert catalog == {} and "not a regular file" in issues[0].message


@pytest.mark.parametrize("kind", KINDS)
def test_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    folder = tmp_path / "cfg"
    folder.mkdir(mode=0o700)
    site = folder / "site.yaml"
    make_special(site, kind)
    result = within(10, lambda: config.load_settings(site))
    assert result.settings == config.Settings()
    assert "not a regular file" in result.issues[0].message
    assert within(10, lambda: cli(["check-config", str(site)])) == 1
    assert "site.yaml: cannot be read: it is " in capsys.readouterr().out


@pytest.mark.parametrize("kind", KINDS)
def test_illustrations_and_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 kind: str, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("PySide6.QtSvg")
    from cartguide.ui.widgets.illustration import load_svg

    pictures = tmp_path / "illustrations"
    pictures.mkdir()
    make_special(pictures / "section-home.svg", kind)
    monkeypatch.setattr(resources, "illustrations_dir", lambda: pictures)
    assert within(5, lambda: load_svg("section-home")) is None
    assert "section-home.svg" in caplog.text and "not a regular file" in caplog.text
    font = tmp_path / "Font.ttf"
    make_special(font, kind)
    with pytest.raises(OSError, match="not a regular file"):
        within(5, lambda: resources.font_bytes(font))


def test_validate_checks_the_drawings_it_will_show(content_copy: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    pictures = tmp_path / "illustrations"
    import shutil

    shutil.copytree(resources.illustrations_dir(), pictures)
    make_special(pictures / "section-home.svg", "fifo")
    monkeypatch.setattr(resources, "illustrations_dir", lambda: pictures)
    assert within(20, lambda: cli(["validate", str(content_copy)])) == 1
    assert "section-home.svg: cannot be read" in capsys.readouterr().out


def test_bad_bytes_have_a_line_number(content_copy: Path) -> None:
    home = content_copy / "home.yaml"
    lines = home.read_bytes().split(b"\n")
    lines[3] = lines[3] + b" \xff"
    home.write_bytes(b"\n".join(lines))
    issue = next(i for i in load_guide(content_copy).errors if i.path.name == "home.yaml")
    assert issue.line == 4 and "not UTF-8" in issue.message
    lines[3] = lines[3].replace(b" \xff", b" \x00")
    home.write_bytes(b"\n".join(lines))
    issue = next(i for i in load_guide(content_copy).errors if i.path.name == "home.yaml")
    assert issue.line == 4 and "NUL byte" in issue.message


def test_the_unit_bounds_memory_start_time_and_restarts() -> None:
    unit = (Path(__file__).resolve().parent.parent / "packaging"
            / "cartguide-kiosk.service").read_text(encoding="utf-8")
    settings = dict(line.split("=", 1) for line in unit.splitlines()
                    if "=" in line and not line.startswith("#"))
    assert settings["MemoryMax"] == "1G" and settings["TimeoutStartSec"] == "30"
    assert int(settings["StartLimitBurst"]) >= 5 and int(settings["StartLimitIntervalSec"]) > 0
