"""Speech behind a small interface: the app talks to a :class:`Speaker`; the real one uses
QtTextToSpeech, tests use a fake.

Read-aloud is a help, never a requirement: where there is no speech engine or no voice for the
language, :meth:`Speaker.unavailable_reason` says why (in plain words, for the button's
accessible description) and nothing is spoken — never an error.
"""

from __future__ import annotations

import logging
import sys
from enum import Enum
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal

from cartguide.i18n import tr

log = logging.getLogger(__name__)


class SpeechState(Enum):
    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


class Speaker(QObject):
    """What read-aloud needs from a speech engine."""

    state_changed = Signal(object)  # SpeechState
    finished = Signal()  # the last thing said has been said completely

    def unavailable_reason(self, language: str) -> str | None:
        """None if this language can (as far as is known yet) be spoken, else why not, for the
        reader. Cheap: never starts an engine."""
        raise NotImplementedError

    def prepare(self, language: str) -> str | None:
        """Get ready to speak ``language`` (may start the engine); the final answer."""
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


class QtSpeaker(Speaker):
    """QTextToSpeech with an explicitly chosen engine and a voice per language.

    The engine is started on first use, not at start-up: speech-dispatcher may need seconds to
    spawn, and a kiosk must show its first screen at once."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine if engine is not None else preferred_engine()
        self._tts: Any = None
        self._broken = False
        self._voices: dict[str, Any] = {}
        self._speaking = False
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # e.g. libpulse0 or libspeechd2 not installed
            log.warning("read-aloud unavailable: %s", exc)
            self._broken = True
            return
        self._class = QTextToSpeech
        engines = QTextToSpeech.availableEngines()
        if self._engine_name is not None and self._engine_name not in engines:
            log.warning("read-aloud unavailable: speech engine %r not installed (have: %s)",
                        self._engine_name, ", ".join(engines) or "none")
            self._broken = True

    def _engine(self) -> Any:
        """The QTextToSpeech object, started the first time it is needed."""
        if self._tts is None and not self._broken:
            tts = (self._class(self._engine_name, self) if self._engine_name
                   else self._class(self))
            if tts.state() == self._class.State.Error:
                log.warning("read-aloud unavailable: %s", tts.errorString())
                self._broken = True
                return None
            self._tts = tts
            self._states = self._class.State
            tts.stateChanged.connect(self._on_state)
        return self._tts

    def _voice_for(self, language: str) -> Any:
        """The engine's best voice for a language, found once and kept."""
        if language not in self._voices:
            wanted = QLocale(language)
            voices = self._all_voices() if self._engine() is not None else []
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

    def unavailable_reason(self, language: str) -> str | None:
        if self._broken:
            return no_engine_reason()
        if language in self._voices and self._voices[language] is None:
            return no_voice_reason()
        return None  # not known to fail (the engine has not been asked yet)

    def prepare(self, language: str) -> str | None:
        if self._engine() is None:
            return no_engine_reason()
        return no_voice_reason() if self._voice_for(language) is None else None

    def say(self, text: str, language: str) -> None:
        if self._engine() is None:
            return
        voice = self._voice_for(language)
        if voice is None:
            return
        self._tts.setVoice(voice)
        self._speaking = True
        self._tts.say(text)

    def pause(self) -> None:
        if self._tts is not None:
            self._tts.pause()

    def resume(self) -> None:
        if self._tts is not None:
            self._tts.resume()

    def stop(self) -> None:
        self._speaking = False
        if self._tts is not None:
            self._tts.stop()

    def _on_state(self, state: Any) -> None:
        if state == self._states.Speaking:
            self.state_changed.emit(SpeechState.SPEAKING)
        elif state == self._states.Paused:
            self.state_changed.emit(SpeechState.PAUSED)
        else:
            self.state_changed.emit(SpeechState.IDLE)
            if state == self._states.Error:
                log.warning("speech error: %s", self._tts.errorString())
            if self._speaking and state == self._states.Ready:
                self._speaking = False
                self.finished.emit()
