"""Speech behind a small interface: the app talks to a :class:`Speaker`; the real one uses
QtTextToSpeech, tests use a fake.

Read-aloud is a help, never a requirement: where there is no speech engine or no voice for the
language, :meth:`Speaker.unavailable_reason` says why (in plain words, for the button's
accessible description) and nothing is spoken — never an error.

The real engine never runs on the GUI thread (red-team B9, UX review D1): creating
QTextToSpeech("speechd") talks to speech-dispatcher synchronously, and a wedged daemon froze the
screen for minutes. :class:`QtSpeaker` creates and drives QTextToSpeech in a worker thread (Qt
objects belong to the thread that made them, so every call goes there as a queued signal). If
the engine has not answered within :data:`ANSWER_TIMEOUT_MS`, read-aloud is "not available"
for the rest of the run and, remembered in a state file, for the rest of the day: the next
visitor does not wait again.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QLocale, QObject, QThread, QTimer, Signal, Slot

from cartguide.i18n import tr

log = logging.getLogger(__name__)


#: :meth:`Speaker.prepare`'s answer while the engine is still being asked.
PENDING = "\x00pending"
#: How long the engine may take to start and answer before read-aloud counts as unavailable.
ANSWER_TIMEOUT_MS = 3000
#: Remembers a speech engine that did not answer (its content: the day, ISO format).
STUCK_FILE = "speech-unavailable"


class SpeechState(Enum):
    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


class Speaker(QObject):
    """What read-aloud needs from a speech engine."""

    state_changed = Signal(object)  # SpeechState
    finished = Signal()  # the last thing said has been said completely
    #: An answer :meth:`prepare` said was :data:`PENDING` is known now (ask again).
    availability_changed = Signal()

    def unavailable_reason(self, language: str) -> str | None:
        """None if this language can (as far as is known yet) be spoken, else why not, for the
        reader. Cheap: never starts an engine."""
        raise NotImplementedError

    def prepare(self, language: str) -> str | None:
        """Get ready to speak ``language``: None (ready), why not, or :data:`PENDING` (the
        engine is being asked; :attr:`availability_changed` follows). Never blocks."""
        return self.unavailable_reason(language)

    def say(self, text: str, language: str) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def resume(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


def preferred_engine() -> str | None:
    """speech-dispatcher on Linux, by name (Qt might otherwise pick its silent 'mock' engine);
    elsewhere the platform's own engine (None lets Qt choose it)."""
    return "speechd" if sys.platform.startswith("linux") else None


def no_engine_reason() -> str:
    return tr("Read aloud is not available on this computer.")


def no_voice_reason() -> str:
    return tr("Read aloud has no voice for this language on this computer.")


def _stuck_file() -> Path:
    from cartguide.logs import state_dir

    return state_dir() / STUCK_FILE


def remembered_stuck(today: datetime.date | None = None) -> bool:
    """True if the speech engine did not answer earlier today (in this run or an earlier one)."""
    today = today or datetime.date.today()
    try:
        from cartguide import safe_read

        return safe_read.read_bytes(_stuck_file(), 64).decode("ascii").strip() == today.isoformat()
    except (OSError, UnicodeDecodeError):
        return False


def _remember_stuck() -> None:
    try:
        path = _stuck_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(datetime.date.today().isoformat() + "\n", encoding="ascii")
    except OSError as exc:
        log.warning("could not remember that speech is unavailable: %s", exc)


#: The whole speech-dispatcher check (spawn, connect, one question) must fit in this.
PROBE_TIMEOUT_S = 2.5


def speechd_socket(environ: dict[str, str] | None = None) -> str | None:
    """The unix socket libspeechd will use (``$SPEECHD_ADDRESS`` or its default), or None when
    it is not a unix socket (then there is nothing to check here)."""
    env = dict(os.environ) if environ is None else environ
    address = env.get("SPEECHD_ADDRESS", "")
    if address:
        kind, _, rest = address.partition(":")
        return rest if kind == "unix_socket" and rest else None
    runtime = env.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return str(Path(runtime) / "speech-dispatcher" / "speechd.sock")


def probe_speechd(path: str, timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """None if speech-dispatcher at ``path`` answers a question within ``timeout``, else why
    not (for the log). Starts it first if its socket is not there (as libspeechd would, but
    here with a time limit). Pure Python sockets: the wait never holds Python's lock.

    Why not just create QTextToSpeech in a thread: its constructor talks to the daemon while
    holding the Python interpreter's lock (PySide does not release it there), so a daemon that
    accepts and never replies froze the GUI thread too (measured under Xvfb).
    """
    deadline = time.monotonic() + timeout
    if not os.path.exists(path):
        try:
            subprocess.run(["speech-dispatcher", "--spawn"], timeout=timeout,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"speech-dispatcher could not be started ({exc})"
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.05)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            sock.connect(path)
            sock.sendall(b"SET SELF CLIENT_NAME user:cartguide:probe\r\n")
            answer = b""
            while b"\n" not in answer:
                sock.settimeout(max(0.05, deadline - time.monotonic()))
                chunk = sock.recv(256)
                if not chunk:
                    return "speech-dispatcher closed the connection"
                answer += chunk
            sock.sendall(b"QUIT\r\n")
    except OSError as exc:  # includes the timeout
        return f"speech-dispatcher did not answer ({exc or 'timed out'})"
    if not answer.startswith(b"2"):
        return f"speech-dispatcher answered {answer[:60]!r}"
    return None


def _default_factory(engine: str | None, parent: QObject) -> Any:
    if engine == "speechd":
        path = speechd_socket()
        if path is not None:
            problem = probe_speechd(path)
            if problem is not None:
                log.warning("read-aloud unavailable: %s; not asked again today", problem)
                _remember_stuck()
                return None
    from PySide6.QtTextToSpeech import QTextToSpeech

    return QTextToSpeech(engine, parent) if engine else QTextToSpeech(parent)


class _Engine(QObject):
    """Lives in the speech thread and owns the QTextToSpeech there. Any call may block (a
    wedged speech-dispatcher); only this thread waits."""

    answered = Signal(str, object)  # language, None or the reason it cannot be spoken
    state = Signal(str)  # "speaking", "paused", "ready", "error"

    def __init__(self, engine: str | None, factory: Callable[[str | None, QObject], Any]) -> None:
        super().__init__()
        self._engine_name = engine
        self._factory = factory
        self._tts: Any = None
        self._broken = False
        self._voices: dict[str, Any] = {}

    def _ensure(self) -> Any:
        if self._tts is None and not self._broken:
            try:
                tts = self._factory(self._engine_name, self)
            except Exception:  # this thread must never raise into Qt
                log.exception("read-aloud unavailable: the speech engine failed to start")
                tts = None
            if tts is None:
                self._broken = True
                return None
            if tts.state() == tts.State.Error:
                log.warning("read-aloud unavailable: %s", tts.errorString())
                self._broken = True
                return None
            self._tts = tts
            tts.stateChanged.connect(self._on_state)
        return self._tts

    def _voice_for(self, language: str) -> Any:
        """The engine's best voice for a language, found once and kept."""
        if language not in self._voices:
            wanted = QLocale(language)
            voices = self._all_voices() if self._ensure() is not None else []
            matching = [v for v in voices if v.locale().language() == wanted.language()]
            if not matching:
                # Some engines file voices under a locale Qt cannot name (espeak-ng's Mandarin
                # is "cmn", reported as "C"): fall back to the voice's name, "Chinese (...)".
                name = QLocale.languageToString(wanted.language())
                matching = [v for v in voices if v.name().startswith(name)]
            if language.startswith("zh"):  # Mandarin before Cantonese or Hakka
                matching.sort(key=lambda v: "Mandarin" not in v.name())
            # Plain voices before the engine's "+variant" ones (sort is stable).
            matching.sort(key=lambda v: "+" in v.name())
            self._voices[language] = matching[0] if matching else None
        return self._voices[language]

    def _all_voices(self) -> list[Any]:
        found: list[Any] = []
        current = self._tts.locale()
        for locale in self._tts.availableLocales():
            self._tts.setLocale(locale)
            found += self._tts.availableVoices()
        self._tts.setLocale(current)
        return found

    @Slot(str)
    def check(self, language: str) -> None:
        if self._ensure() is None:
            self.answered.emit(language, no_engine_reason())
        elif self._voice_for(language) is None:
            self.answered.emit(language, no_voice_reason())
        else:
            self.answered.emit(language, None)

    @Slot(str, str)
    def say(self, text: str, language: str) -> None:
        if self._ensure() is None:
            return
        voice = self._voice_for(language)
        if voice is not None:
            self._tts.setVoice(voice)
            self._tts.say(text)

    @Slot()
    def pause(self) -> None:
        if self._tts is not None:
            self._tts.pause()

    @Slot()
    def resume(self) -> None:
        if self._tts is not None:
            self._tts.resume()

    @Slot()
    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def _on_state(self, state: Any) -> None:
        states = type(self._tts).State
        if state == states.Speaking:
            self.state.emit("speaking")
        elif state == states.Paused:
            self.state.emit("paused")
        elif state == states.Error:
            log.warning("speech error: %s", self._tts.errorString())
            self.state.emit("error")
        else:
            self.state.emit("ready")


#: Speech threads of this process and their engines: stopped at exit (see shutdown()), never
#: destroyed while running. The engine lives in its thread: Python must never free it from the
#: GUI thread (a QTextToSpeech deleted from another thread crashes), so it is kept here, and Qt
#: deletes it in its own thread when that thread finishes.
_THREADS: list[tuple[QThread, QObject]] = []


def shutdown(wait_ms: int = 500) -> None:
    """Stop the speech threads. One still stuck in a wedged engine is left to the end of the
    process (destroying a running QThread would abort it, and an exit code matters: 75 is the
    staff's way out)."""
    while _THREADS:
        thread, engine = _THREADS.pop()
        if not shiboken6.isValid(thread):
            continue
        thread.quit()
        if not thread.wait(wait_ms):
            log.warning("speech engine still busy at exit; leaving it")
            for stuck in (thread, engine):  # never destroyed: the process ends around them
                if shiboken6.isValid(stuck):
                    shiboken6.invalidate(stuck)


class QtSpeaker(Speaker):
    """QTextToSpeech with an explicitly chosen engine and a voice per language, in a thread of
    its own (see the module's docstring). The engine is started on first use, not at start-up.

    ``factory`` (tests) makes the engine object in the speech thread."""

    _ask = Signal(str)
    _say = Signal(str, str)
    _pause = Signal()
    _resume = Signal()
    _stop = Signal()

    def __init__(self, engine: str | None = None, parent: QObject | None = None, *,
                 factory: Callable[[str | None, QObject], Any] | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine if engine is not None else preferred_engine()
        self._factory = factory or _default_factory
        self._broken = False
        self._answers: dict[str, str | None] = {}
        self._asking: set[str] = set()
        self._speaking = False
        self._thread: QThread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ANSWER_TIMEOUT_MS)
        self._timer.timeout.connect(self._timed_out)
        if remembered_stuck():
            log.info("read-aloud unavailable: the speech engine did not answer earlier today")
            self._broken = True
            return
        if factory is not None:
            return
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # e.g. libpulse0 or libspeechd2 not installed
            log.warning("read-aloud unavailable: %s", exc)
            self._broken = True
            return
        engines = QTextToSpeech.availableEngines()  # plugin metadata only: never blocks
        if self._engine_name is not None and self._engine_name not in engines:
            log.warning("read-aloud unavailable: speech engine %r not installed (have: %s)",
                        self._engine_name, ", ".join(engines) or "none")
            self._broken = True

    def _worker(self) -> bool:
        """The speech thread, started the first time it is needed; False if broken."""
        if self._broken:
            return False
        if self._thread is None:
            thread = QThread()
            thread.setObjectName("speech")
            engine = _Engine(self._engine_name, self._factory)
            engine.moveToThread(thread)
            thread.finished.connect(engine.deleteLater)
            self._ask.connect(engine.check)
            self._say.connect(engine.say)
            self._pause.connect(engine.pause)
            self._resume.connect(engine.resume)
            self._stop.connect(engine.stop)
            engine.answered.connect(self._on_answer)
            engine.state.connect(self._on_state)
            if not _THREADS:
                import atexit

                atexit.register(shutdown)
            _THREADS.append((thread, engine))
            self._thread = thread
            thread.start()
        return True

    def unavailable_reason(self, language: str) -> str | None:
        if self._broken:
            return no_engine_reason()
        return self._answers.get(language)

    def prepare(self, language: str) -> str | None:
        if self._broken:
            return no_engine_reason()
        if language in self._answers:
            return self._answers[language]
        if language not in self._asking and self._worker():
            self._asking.add(language)
            self._ask.emit(language)
            if not self._timer.isActive():
                self._timer.start()
        return PENDING

    def say(self, text: str, language: str) -> None:
        if not self._worker() or self._answers.get(language, None) is not None:
            return
        self._speaking = True
        self._timer.start()  # it must start speaking within the same time limit
        self._say.emit(text, language)

    def pause(self) -> None:
        if self._thread is not None and not self._broken:
            self._pause.emit()

    def resume(self) -> None:
        if self._thread is not None and not self._broken:
            self._resume.emit()

    def stop(self) -> None:
        self._speaking = False
        if self._thread is not None and not self._broken:
            self._stop.emit()

    @Slot(str, object)
    def _on_answer(self, language: str, reason: str | None) -> None:
        self._asking.discard(language)
        self._answers[language] = reason
        if reason == no_engine_reason():
            self._broken = True
        if not self._asking:
            self._timer.stop()
        self.availability_changed.emit()

    @Slot()
    def _timed_out(self) -> None:
        if self._broken:
            return
        log.warning("read-aloud unavailable: the speech engine did not answer within %d ms; "
                    "not asked again today", ANSWER_TIMEOUT_MS)
        self._broken = True
        self._asking.clear()
        self._speaking = False
        _remember_stuck()
        self.state_changed.emit(SpeechState.IDLE)
        self.availability_changed.emit()

    @Slot(str)
    def _on_state(self, state: str) -> None:
        self._timer.stop()  # it answers
        if state == "speaking":
            self.state_changed.emit(SpeechState.SPEAKING)
        elif state == "paused":
            self.state_changed.emit(SpeechState.PAUSED)
        else:
            self.state_changed.emit(SpeechState.IDLE)
            if self._speaking and state == "ready":
                self._speaking = False
                self.finished.emit()
