"""The kiosk's status file: Prometheus textfile format, written atomically, updated on start,
each reset and periodically; nothing about any visitor in it."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

from cartguide import __version__
from cartguide.config import Settings, load_settings
from cartguide.status import KioskStatus, ProblemCounter, render, write_status

# One sample per line: name{labels} value (the exposition format node-exporter reads).
SAMPLE = re.compile(r'^[a-z_]+(\{([a-z_]+="(?:[^"\\]|\\.)*",?)*\})? -?[0-9.e+]+$')


def samples(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.match(r"^# (HELP|TYPE) [a-z_]+ ", line), line
            continue
        assert SAMPLE.match(line), line
        name, value = line.rsplit(" ", 1)
        found[name] = value
    return found


def test_the_status_says_versions_signoff_uptime_reset_and_problems() -> None:
    counter = ProblemCounter()
    status = KioskStatus(content_version="1.1", language="zh_CN", signoff=True,
                         started=1000.0, last_reset=1500.0, resets=3,
                         bundles={"content": {"id": "content-x", "version": 'v"2"'}})
    counter.warnings, counter.errors = 4, 1
    values = samples(render(status, counter, now=2000.0))
    assert values[f'cartguide_info{{app_version="{__version__}",content_version="1.1",'
                  'language="zh_CN"}'] == "1"
    assert values["cartguide_signoff_present"] == "1"
    assert values["cartguide_uptime_seconds"] == "1000"
    assert values["cartguide_last_reset_time_seconds"] == "1500"
    assert values["cartguide_resets_total"] == "3"
    assert values["cartguide_log_warnings_total"] == "4"
    assert values["cartguide_log_errors_total"] == "1"
    assert values['cartguide_bundle_info{kind="content",version="v\\"2\\"",id="content-x"}'] == "1"


def test_warnings_and_errors_since_start_are_counted() -> None:
    counter = ProblemCounter.install()
    assert ProblemCounter.install() is counter, "one counter per process"
    before = (counter.warnings, counter.errors)
    logging.getLogger("cartguide.test").warning("a warning")
    logging.getLogger("cartguide.test").error("an error")
    logging.getLogger("cartguide.test").info("not counted")
    assert (counter.warnings, counter.errors) == (before[0] + 1, before[1] + 1)


def test_written_atomically_readable_by_monitoring(tmp_path: Path) -> None:
    target = tmp_path / "textfile" / "cartguide.prom"
    assert write_status(target, KioskStatus(content_version="1.1"))
    first = target.read_text(encoding="utf-8")
    assert "cartguide_uptime_seconds" in first and first.endswith("\n")
    assert (target.stat().st_mode & 0o777) == 0o644
    assert write_status(target, KioskStatus(content_version="1.2"))
    assert 'content_version="1.2"' in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["cartguide.prom"], "no temp left"


def test_an_unwritable_status_file_is_logged_not_fatal(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert not write_status(blocked / "cartguide.prom", KioskStatus())


@pytest.mark.parametrize("text, problem", [
    ("status_file: relative/cartguide.prom\n", "not a full path"),
    ("status_file: /var/lib/node/cartguide.txt\n", "must end in .prom"),
    ("bundle_folder: share\n", "not a full path"),
    ("bundle_public_keys: ssh-ed25519 AAAA\n", "not a public key"),
    ("site_content: ./site\n", "not a full path"),
])
def test_rollout_settings_are_checked(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_settings(path)
    assert len(result.issues) == 1 and problem in result.issues[0].message
    assert result.issues[0].line == 1
    assert result.settings == Settings()


def test_rollout_settings_are_read(tmp_path: Path) -> None:
    from cartguide.bundles import generate_key

    _, public = generate_key()
    path = tmp_path / "site.yaml"
    path.write_text(f"site_content: ~/site\nbundle_folder: /srv/bundles\n"
                    f"bundle_public_keys: {public}\n"
                    "status_file: /var/lib/prometheus/node-exporter/cartguide.prom\n",
                    encoding="utf-8")
    result = load_settings(path)
    assert not result.issues
    assert result.settings.bundle_public_keys == public
    assert result.settings.site_content == "~/site"


def test_a_kiosk_writes_its_status_on_start_and_after_each_reset(
        tmp_path: Path, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cartguide.app import open_guide
    from cartguide.bundles import BundleStore
    from tests.conftest import click, dispose, finish_visit
    from tests.fakes import FakeSpeaker

    target = tmp_path / "cartguide.prom"
    settings = Settings(status_file=str(target))
    from PySide6.QtWidgets import QApplication

    window = open_guide(QApplication.instance(), kiosk=True, settings=settings,  # type: ignore[arg-type]
                        bundle_store=BundleStore(tmp_path / "state"), speaker=FakeSpeaker())
    try:
        window.show()
        values = samples(target.read_text(encoding="utf-8"))
        assert values["cartguide_resets_total"] == "0"
        assert values["cartguide_last_reset_time_seconds"] == "0"
        assert values["cartguide_content_errors"] == "0"
        click(qtbot, window, "How CAR-T treatment works")
        finish_visit(qtbot, window)  # Finish, and yes: the guide starts over
        values = samples(target.read_text(encoding="utf-8"))
        assert values["cartguide_resets_total"] == "1"
        assert int(values["cartguide_last_reset_time_seconds"]) > 0
        text = target.read_text(encoding="utf-8")
        assert "step" not in text.lower(), "nothing about what the visitor read"
    finally:
        dispose(window)
    assert os.path.exists(target)
