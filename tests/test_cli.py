"""The command line: help, version, and `validate` listing every error, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cartguide import __version__
from cartguide.cli import main


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cartguide", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def test_version_and_help() -> None:
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"cartguide {__version__}"
    done = run_cli("--help")
    assert done.returncode == 0
    for option in ("--lang", "--content", "--kiosk", "validate"):
        assert option in done.stdout


def test_validate_bundled_content_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("Content OK: en (8 steps")


def test_validate_prints_every_error_and_exits_1(content_copy: Path) -> None:
    home = content_copy / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "app_title:", "colour: blue\napp_title:", 1), encoding="utf-8")
    glossary = content_copy / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nterms: []\n", encoding="utf-8")
    done = run_cli("validate", str(content_copy.parent), cwd=content_copy.parent.parent)
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert any(line.startswith("content/en/home.yaml:") and "colour: unknown key" in line
               for line in lines), done.stdout
    assert any(line.startswith("content/en/glossary.yaml:") and "terms: duplicate key" in line
               for line in lines), done.stdout
    assert lines[-1] == "2 errors in 2 files."
    assert "Traceback" not in done.stdout + done.stderr


def test_validate_one_language_folder_and_a_missing_folder(content_copy: Path,
                                                          tmp_path: Path) -> None:
    assert run_cli("validate", str(content_copy)).returncode == 0
    done = run_cli("validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert "no content found" in done.stdout
    assert "Traceback" not in done.stderr


def test_broken_svg_is_reported(content_copy: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    from cartguide import resources

    drawings = tmp_path / "illustrations"
    drawings.mkdir()
    for svg in resources.illustrations_dir().glob("*.svg"):
        (drawings / svg.name).write_bytes(svg.read_bytes())
    (drawings / "step-infusion.svg").write_text("<svg><g></svg>", encoding="utf-8")
    monkeypatch.setattr(resources, "illustrations_dir", lambda: drawings)
    assert main(["validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert "step-infusion.svg:1: is not valid SVG" in out


def test_schema_and_lint_commands(tmp_path: Path) -> None:
    done = run_cli("schema", "-o", str(tmp_path / "schemas"))
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "schemas").glob("*.schema.json"))) == 9  # + sections, topic
    done = run_cli("lint")
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith(("0 errors", "Lint OK")), last  # shipped content lints clean
    assert "Traceback" not in done.stderr
