"""A real desktop for tests: Xvfb, optionally Openbox, optionally a D-Bus session with the AT-SPI
accessibility bus, and the guide started as its own process on it, the way a clinic runs it.

Offscreen Qt cannot show what a window manager or a screen reader does with the guide; these
tests need the real parts. Each desktop picks a free display number itself (``-displayfd``), so
tests may run side by side. Tests that need a part this machine lacks are skipped with the
package to install (``.ci/run`` installs all of them, so CI never skips).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def require(*programs: str) -> None:
    """Skip the calling test when a program is missing (CI installs them all)."""
    missing = [p for p in programs if shutil.which(p) is None and not Path(p).exists()]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (see .ci/run for the Debian packages)")


def wait_until(predicate, what: str, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Desktop:
    """A running X display (and what else was asked for). ``env`` is ready for child processes."""

    display: str
    env: dict[str, str]
    home: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def run(self, *args: str, check: bool = True, timeout: float = 10) -> str:
        """Run a command on this desktop (xdotool, wmctrl, xprop, ...) and return its output."""
        done = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
        return done.stdout

    def start_guide(self, *args: str, log_dir: Path | None = None,
                    extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start ``python -m cartguide ARGS`` on this desktop; stopped when the desktop ends.

        What it prints goes to a file (:meth:`guide_output`), as a clinic's service manager
        keeps it: a pipe nobody reads stops the guide mid-write once 64 KB are waiting
        (measured: after a few rebuilds with Orca on, Qt's accessibility warnings filled it,
        the guide hung in write() and seemed dead to Orca and AT-SPI for a minute)."""
        env = dict(self.env)
        env["QT_QPA_PLATFORM"] = "xcb"
        env["CARTGUIDE_LOG_DIR"] = str(log_dir or (self.home / "logs"))
        env.update(extra_env or {})
        with (self.home / "guide-output.txt").open("ab") as output:
            proc = subprocess.Popen([sys.executable, "-m", "cartguide", *args], env=env,
                                    stdout=output, stderr=subprocess.STDOUT)
        self.processes.append(proc)
        return proc

    def guide_output(self) -> str:
        """What the guides started here printed, so far."""
        path = self.home / "guide-output.txt"
        return path.read_text(errors="replace") if path.exists() else ""

    def window_ids(self, name: str) -> list[str]:
        """X window ids whose name contains ``name`` (visible or not)."""
        done = subprocess.run(["xdotool", "search", "--name", name], env=self.env,
                              capture_output=True, text=True, timeout=10, check=False)
        return done.stdout.split()

    def wait_for_window(self, name: str, timeout: float = 30) -> str:
        found: list[str] = []

        def seen() -> bool:
            found[:] = self.window_ids(name)
            return bool(found)

        wait_until(seen, f"a window named {name!r}", timeout)
        return found[-1]

    def active_window(self) -> str:
        return self.run("xdotool", "getactivewindow", check=False).strip()


def _start_xvfb(size: str) -> tuple[subprocess.Popen[bytes], str]:
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp",
         "+extension", "GLX"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as reader:
        number = reader.readline().strip()
    if not number:
        proc.kill()
        raise RuntimeError("Xvfb did not start")
    return proc, f":{number}"


@contextlib.contextmanager
def desktop(*, size: str = "1920x1080", window_manager: bool = False,
            accessibility: bool = False, extra_env: dict[str, str] | None = None
            ) -> Iterator[Desktop]:
    """Xvfb (+ Openbox) (+ a D-Bus session bus with the AT-SPI bus), torn down afterwards."""
    require("Xvfb", "xdotool")
    if window_manager:
        require("openbox")
    if accessibility:
        require("dbus-daemon", "/usr/libexec/at-spi-bus-launcher")
    home = Path(tempfile.mkdtemp(prefix="cartguide-desk-"))
    xvfb, display = _start_xvfb(size)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "DBUS_", "AT_SPI", "WAYLAND", "XDG_RUNTIME"))}
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env.update({"DISPLAY": display, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime),
                "XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home / "state"),
                "XDG_CACHE_HOME": str(home / "cache"), "NO_AT_BRIDGE": "0"})
    env.update(extra_env or {})
    desk = Desktop(display=display, env=env, home=home, processes=[xvfb])
    try:
        if accessibility:
            bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1",
                                  "--print-pid=1"], env=env, capture_output=True, text=True,
                                 timeout=10, check=True)
            address, pid = bus.stdout.split()[:2]
            env["DBUS_SESSION_BUS_ADDRESS"] = address
            desk.processes.append(_Pid(int(pid)))  # type: ignore[arg-type]
            launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher",
                                         "--launch-immediately"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            desk.processes.append(launcher)
            env["QT_ACCESSIBILITY"] = "1"
            env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
            time.sleep(0.5)
        if window_manager:
            wm = subprocess.Popen(["openbox", "--sm-disable"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            desk.processes.append(wm)
            wait_until(lambda: "Openbox" in desk.run("wmctrl", "-m", check=False),
                       "Openbox to manage the screen", 40)
        yield desk
    finally:
        for proc in reversed(desk.processes):
            _stop(proc)
        shutil.rmtree(home, ignore_errors=True)


class _Pid:
    """A process we did not start as a child (the forked D-Bus daemon)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def terminate(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def _stop(proc: subprocess.Popen[bytes] | _Pid) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()


def system_python(script: str, args: Sequence[str], env: dict[str, str],
                  timeout: float = 30) -> str:
    """Run a script with Debian's python3, which has pyatspi (python3-pyatspi)."""
    require("/usr/bin/python3")
    done = subprocess.run(["/usr/bin/python3", script, *args], env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def quiet_speech(desk: Desktop) -> None:
    """speech-dispatcher for this desktop's user: espeak-ng, its sound sent to ALSA's ``null``
    device (a real voice is made, nobody hears it). Started by the first client that asks."""
    require("speech-dispatcher", "/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
    folder = Path(desk.env["XDG_CONFIG_HOME"]) / "speech-dispatcher"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "speechd.conf").write_text(
        'AudioOutputMethod "alsa"\nAudioALSADevice "null"\n'
        'AddModule "espeak-ng" "sd_espeak-ng" "/etc/speech-dispatcher/modules/espeak-ng.conf"\n'
        'DefaultModule espeak-ng\nTimeout 5\n', encoding="utf-8")


#: Orca's log line for one utterance; key echo has a space before the voice ('tab ' {...}).
_SPEECH = re.compile(r"SPEECH OUTPUT: '(.*)'( ?)(?:voice=\w+)?\{")


class Orca:
    """Orca 43 on a desktop, started with a debug log; what it says is read back from the log's
    ``SPEECH OUTPUT`` lines.

    Speech stays on: with ``-d speech`` Orca still logs what it speaks on focus, but drops its
    messages (a changed description of the focused control, "checked", ...), which is half of
    what a visitor hears. It speaks through speech-dispatcher and espeak-ng, configured for this
    desktop's own user folder to write to ALSA's ``null`` device: no sound card, nothing heard
    (``quiet_speech``). Never ``--replace``: Orca 43 then kills every Orca of this user, other
    desktops' too. Each start kills other Orcas anyway, so every command that starts one runs
    under ``flock /tmp/cartguide-orca.lock``. Run through tests/orca_flushed.py, so that each
    log line is there as soon as Orca says it.
    """

    def __init__(self, desk: Desktop, log: Path) -> None:
        self.desk = desk
        self.log = log
        require("orca", "/usr/bin/python3")
        quiet_speech(desk)
        launcher = str(REPO / "tests" / "orca_flushed.py")
        self.process = subprocess.Popen(["/usr/bin/python3", launcher, "--debug-file", str(log)],
                                        env=desk.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        desk.processes.append(self.process)

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def started(self) -> bool:
        """Orca 43 logs "ATSPI registry initialized." once it listens."""
        text = self.text()
        return "ATSPI registry initialized" in text or "Starting ATSPI registry" in text

    def wait_started(self, timeout: float = 45) -> None:
        """Wait for Orca to listen; skip (with the reason) if it never does. On a busy machine
        Orca may stall while reading the first window: that is Orca, not the guide."""
        require("orca")
        try:
            wait_until(self.started, "Orca to start", timeout)
        except AssertionError:
            pytest.skip(f"Orca did not finish starting within {timeout:.0f} s (a busy machine, "
                        "or another Orca of this user running)")

    def mark(self) -> int:
        """A place in the log: ``said(since=mark)`` is what Orca said after it."""
        return len(self.text())

    def said(self, since: int = 0) -> list[str]:
        """Orca's utterances after ``since``, without its echo of the keys typed."""
        found = []
        for line in self.text()[since:].splitlines():
            said = _SPEECH.search(line)
            if said is not None and not said.group(2):  # key echo: "'tab ' {...}"
                found.append(said.group(1))
        return found

    def wait_said(self, *parts: str, since: int, timeout: float = 30) -> list[str]:
        """Wait until one utterance after ``since`` holds every one of ``parts``; return all
        said since then (for the failure message, the whole transcript)."""
        def heard() -> bool:
            return any(all(p in u for p in parts) for u in self.said(since))

        try:
            wait_until(heard, f"Orca to say {parts!r}", timeout)
        except AssertionError as error:
            raise AssertionError(f"{error}; Orca said: {self.said(since)!r}") from None
        return self.said(since)

    def stop(self) -> None:
        self.process.kill()  # it takes its time over SIGTERM
        self.process.wait(5)
