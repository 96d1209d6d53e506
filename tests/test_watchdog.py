"""The systemd notifier sends real sd_notify datagrams, stays silent outside systemd, never
raises, and the Qt timer keeps the watchdog fed from the GUI thread."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from cartguide.watchdog import SystemdNotifier, start_watchdog

SYSTEMD_VARS = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


@pytest.fixture(autouse=True)
def _no_systemd(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start each test outside systemd, even when pytest itself runs under a service."""
    for name in SYSTEMD_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A bound datagram socket standing in for systemd's, named by ``$NOTIFY_SOCKET``."""
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        sock.setblocking(False)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        yield sock


def received(sock: socket.socket) -> list[str]:
    """Every datagram waiting on ``sock`` now, without blocking."""
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096).decode())
        except BlockingIOError:
            return messages


def test_messages_arrive_on_a_filesystem_socket(notify_socket: socket.socket) -> None:
    notifier = SystemdNotifier()
    assert notifier.enabled
    assert notifier.ready() and notifier.ping() and notifier.stopping()
    assert notifier.status("Showing the guide\nin kiosk mode")
    assert received(notify_socket) == [
        "READY=1",
        "WATCHDOG=1",
        "STOPPING=1",
        "STATUS=Showing the guide in kiosk mode",
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux-only")
def test_messages_arrive_on_an_abstract_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"cartguide-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(b"\0" + name.encode())
        sock.setblocking(False)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        notifier = SystemdNotifier()
        assert notifier.ready() and notifier.ping()
        assert received(sock) == ["READY=1", "WATCHDOG=1"]


def test_explicit_environment_overrides_the_process_one(notify_socket: socket.socket) -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    assert not notifier.ready()
    assert received(notify_socket) == []


@pytest.mark.parametrize(
    ("usec", "expected"),
    [
        ("30000000", 15000),
        ("200000", 100),
        ("1000", 1),
        ("1", 1),
        (None, None),
        ("", None),
        ("0", None),
        ("-5", None),
        ("soon", None),
    ],
)
def test_ping_interval_is_half_the_watchdog_timeout(
    notify_socket: socket.socket,
    monkeypatch: pytest.MonkeyPatch,
    usec: str | None,
    expected: int | None,
) -> None:
    if usec is not None:
        monkeypatch.setenv("WATCHDOG_USEC", usec)
    assert SystemdNotifier().watchdog_interval_ms() == expected


def test_watchdog_pid_of_this_process_enables(
    notify_socket: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    notifier = SystemdNotifier()
    assert notifier.enabled and notifier.watchdog_interval_ms() == 15000
    assert notifier.ping()
    assert received(notify_socket) == ["WATCHDOG=1"]


def test_watchdog_pid_of_another_process_disables(
    notify_socket: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))
    notifier = SystemdNotifier()
    assert not notifier.enabled
    assert notifier.watchdog_interval_ms() is None
    assert not notifier.ready() and not notifier.ping()
    assert received(notify_socket) == []


def test_outside_systemd_everything_is_a_quiet_no_op(caplog: pytest.LogCaptureFixture) -> None:
    notifier = SystemdNotifier()
    assert not notifier.enabled
    assert notifier.watchdog_interval_ms() is None
    assert not any((notifier.ready(), notifier.ping(), notifier.stopping(), notifier.status("x")))
    assert caplog.records == []


def test_unreachable_socket_logs_one_warning_and_never_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone.sock"))
    notifier = SystemdNotifier()
    with caplog.at_level(logging.WARNING, logger="cartguide.watchdog"):
        for _ in range(5):
            assert not notifier.ping()
        assert not notifier.ready()
    warnings = [r for r in caplog.records if r.name == "cartguide.watchdog"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


def test_unsupported_socket_address_is_a_no_op_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", "vsock:2:1234")
    with caplog.at_level(logging.WARNING, logger="cartguide.watchdog"):
        notifier = SystemdNotifier()
        assert not notifier.enabled and not notifier.ping()
    assert len([r for r in caplog.records if r.name == "cartguide.watchdog"]) == 1


def test_notifier_imports_without_qt() -> None:
    code = (
        "import sys, cartguide.watchdog as w\n"
        "w.SystemdNotifier().ping()\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in SYSTEMD_VARS}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stdout


def test_timer_sends_ready_then_keeps_pinging(
    qtbot: QtBot,
    notify_socket: socket.socket,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # ping every 100 ms
    parent = QObject()
    timer = start_watchdog(parent)
    assert isinstance(timer, QTimer)
    assert timer.parent() is parent and timer.isActive() and timer.interval() == 100
    messages: list[str] = []

    def two_pings() -> bool:
        messages.extend(received(notify_socket))
        return messages.count("WATCHDOG=1") >= 2

    qtbot.waitUntil(two_pings, timeout=1500)
    assert messages[0] == "READY=1"
    assert messages.count("READY=1") == 1
    timer.stop()
    parent.deleteLater()


def test_timer_is_not_started_outside_systemd(qtbot: QtBot) -> None:
    parent = QObject()
    assert start_watchdog(parent) is None
    assert parent.findChildren(QTimer) == []


def test_ready_without_watchdog_needs_no_timer(qtbot: QtBot, notify_socket: socket.socket) -> None:
    parent = QObject()
    assert start_watchdog(parent) is None
    assert received(notify_socket) == ["READY=1"]
    assert parent.findChildren(QTimer) == []
