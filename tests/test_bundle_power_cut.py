"""A power cut in the middle of a content switch, on the real app: the kiosk process is killed
(SIGKILL) at a chosen point of the switch, started again, and must show a valid guide."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from cartguide import bundles, resources
from tests.realdesk import REPO, desktop

# Loaded by every Python started with this folder on PYTHONPATH: SIGKILL at the named point.
SITECUSTOMIZE = '''
import os, signal
stop_at = os.environ.get("CARTGUIDE_TEST_KILL_AT")
if stop_at:
    import cartguide.bundles as bundles

    def checkpoint(name):
        if name == stop_at:
            os.kill(os.getpid(), signal.SIGKILL)

    bundles.checkpoint = checkpoint
'''


def status_of(path: Path, timeout: float = 60) -> dict[str, str]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if "cartguide_content_errors" in text:
                return {m.group(1): m.group(2) for m in
                        re.finditer(r"^(\S+) (\S+)$", text, re.MULTILINE)}
        time.sleep(0.2)
    raise AssertionError("no status file")


@pytest.mark.parametrize("stop_at", ["after-trial", "after-pointer"])
def test_killed_mid_switch_the_kiosk_comes_back_with_a_valid_guide(
        tmp_path: Path, stop_at: str) -> None:
    pem, public = bundles.generate_key()
    key = tmp_path / "k.key"
    key.write_bytes(pem)
    source = tmp_path / "content"
    shutil.copytree(resources.content_root(), source)
    home = source / "en" / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "title: Welcome to the CAR-T Guide", "title: Welcome to edition two", 1), "utf-8")
    share = tmp_path / "share"
    share.mkdir()
    bundles.make_bundle(source, "content", key, share / "two.cgbundle", version="two",
                        now=datetime.datetime(2026, 11, 30, 1, tzinfo=datetime.UTC))
    status = tmp_path / "status" / "cartguide.prom"
    settings = tmp_path / "site.yaml"
    settings.write_text(f"bundle_folder: {share}\nbundle_public_keys: {public}\n"
                        f"status_file: {status}\n", encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(hooks), str(REPO / "src")]),
           "CARTGUIDE_DATA_DIR": str(tmp_path / "data")}

    with desktop() as desk:
        killed = desk.start_guide("--kiosk", "--config", str(settings),
                                  extra_env={**env, "CARTGUIDE_TEST_KILL_AT": stop_at})
        assert killed.wait(timeout=120) == -signal.SIGKILL  # the power went off mid-switch
        assert (tmp_path / "data" / "bundles" / "content.trial").exists()

        again = desk.start_guide("--kiosk", "--config", str(settings), extra_env=env)
        values = status_of(status)
        desk.wait_for_window("CAR-T Guide", timeout=60)
        assert again.poll() is None, "the kiosk runs"
        assert values["cartguide_content_errors"] == "0", values
        # It rolled back at start, then tried the bundle once more (nobody was reading yet).
        assert any(k.startswith('cartguide_bundle_info{kind="content",version="two"')
                   for k in values), values
        assert not (tmp_path / "data" / "bundles" / "content.trial").exists()
