"""The README starts with the two commands, and CI runs exactly the second one."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_install_run_and_install_test_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# CAR-T Guide"
    block_start = lines.index("```sh")
    assert block_start <= 3, "the commands come first"
    run_cmd, test_cmd, fence = lines[block_start + 1 : block_start + 4]
    assert fence == "```"
    assert run_cmd.endswith("&& .venv/bin/cartguide") and "pip install ." in run_cmd
    assert "pip install -e \".[test]\"" in test_cmd and test_cmd.endswith("-m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_cmd in ci
