"""Tell systemd the app is up and still responsive, so an unattended kiosk restarts it if it
crashes or freezes.

``SystemdNotifier`` speaks the sd_notify protocol (one AF_UNIX datagram per message to
``$NOTIFY_SOCKET``) without Qt and without python-systemd. ``start_watchdog`` adds the Qt part:
a timer on the GUI thread that pings systemd. Outside systemd both do nothing.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported only inside start_watchdog(): this module stays Qt-free.
    from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

# A datagram to systemd's own socket never waits long; a bound stops a stuck one from freezing
# the GUI thread, which is where pings are sent from.
_SEND_TIMEOUT_S = 1.0


def _socket_address(value: str) -> str | bytes | None:
    """``$NOTIFY_SOCKET`` as a socket address: a path, or ``@name`` for the abstract namespace."""
    if value.startswith("/"):
        return value
    if value.startswith("@") and len(value) > 1:
        return b"\0" + value[1:].encode()
    return None


def _watchdog_usec(value: str | None) -> int | None:
    try:
        usec = int(value or "")
    except ValueError:
        return None
    return usec if usec > 0 else None


class SystemdNotifier:
    """Sends sd_notify messages (``READY=1``, ``WATCHDOG=1``, ...) to systemd.

    Reads ``NOTIFY_SOCKET``, ``WATCHDOG_USEC`` and ``WATCHDOG_PID`` from ``environ`` (default:
    the process environment) once, when created. Never raises: without ``NOTIFY_SOCKET`` every
    method does nothing, and a failed send is logged as one warning.
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        raw = env.get("NOTIFY_SOCKET", "")
        self._address = _socket_address(raw) if hasattr(socket, "AF_UNIX") else None
        self._warned = False
        if raw and self._address is None:
            self._warn("unsupported NOTIFY_SOCKET %r; not notifying systemd", raw)
        # WATCHDOG_PID names the process systemd watches; a child that inherited the
        # environment (a helper we started) must stay silent.
        watched_pid = env.get("WATCHDOG_PID")
        if watched_pid and watched_pid != str(os.getpid()):
            self._address = None
        self._watchdog_usec = _watchdog_usec(env.get("WATCHDOG_USEC"))

    @property
    def enabled(self) -> bool:
        """True when running under systemd with a notify socket meant for this process."""
        return self._address is not None

    def watchdog_interval_ms(self) -> int | None:
        """How often to ping: half of ``WATCHDOG_USEC``, in ms; None when there is no watchdog."""
        if not self.enabled or self._watchdog_usec is None:
            return None
        return max(1, self._watchdog_usec // 2000)

    def ready(self) -> bool:
        """Start-up finished (``READY=1``). Returns whether the message was sent."""
        return self._send("READY=1")

    def ping(self) -> bool:
        """Still alive and responsive (``WATCHDOG=1``). Returns whether the message was sent."""
        return self._send("WATCHDOG=1")

    def stopping(self) -> bool:
        """Shutting down on purpose (``STOPPING=1``). Returns whether the message was sent."""
        return self._send("STOPPING=1")

    def status(self, text: str) -> bool:
        """A one-line status shown by ``systemctl status``. Returns whether it was sent."""
        # The protocol is one assignment per line: a newline would start a new one.
        return self._send("STATUS=" + " ".join(text.splitlines()))

    def _send(self, message: str) -> bool:
        if self._address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.settimeout(_SEND_TIMEOUT_S)
                sock.sendto(message.encode(), self._address)
        except OSError as exc:
            self._warn("could not notify systemd (%s): %s", message, exc)
            return False
        return True

    def _warn(self, text: str, *args: object) -> None:
        # Pings repeat every few seconds for weeks: one line in the log is enough.
        if not self._warned:
            self._warned = True
            log.warning(text, *args)


def start_watchdog(parent: QObject, notifier: SystemdNotifier | None = None) -> QTimer | None:
    """Tell systemd the app is ready and keep pinging its watchdog from the GUI thread.

    Call on the GUI thread once the window is shown, just before ``exec()``. Sends
    ``READY=1`` once; if systemd set a watchdog, returns the started ping timer (a child of
    ``parent``, so it stops with it). Returns None outside systemd or without a watchdog.
    """
    notifier = SystemdNotifier() if notifier is None else notifier
    if not notifier.enabled:
        return None
    notifier.ready()
    interval = notifier.watchdog_interval_ms()
    if interval is None:
        return None

    from PySide6.QtCore import QTimer

    # The timer lives on the GUI thread on purpose: its pings are proof the event loop still
    # runs. If the UI freezes (a deadlock, an endless loop), the pings stop, WatchdogSec runs
    # out and systemd kills and restarts the app. Do not move this to a worker thread.
    timer = QTimer(parent)
    timer.setObjectName("systemdWatchdog")
    timer.setInterval(interval)
    # PySide holds a bound method only weakly, so connecting notifier.ping would stop pinging
    # once this function returns; the closure keeps the notifier alive as long as the timer.
    timer.timeout.connect(lambda: notifier.ping())
    timer.start()
    log.info("systemd watchdog: pinging every %d ms", interval)
    return timer
