"""Test doubles: a speaker that records what it would have said."""

from __future__ import annotations

from cartguide.speech import Speaker, SpeechState


class FakeSpeaker(Speaker):
    """Says nothing; remembers every passage. ``finish()`` ends the current one."""

    def __init__(self, voices: tuple[str, ...] = ("en", "zh_CN")) -> None:
        super().__init__()
        self.voices = voices
        self.said: list[tuple[str, str]] = []
        self.state = SpeechState.IDLE

    def unavailable_reason(self, language: str) -> str | None:
        return None if language in self.voices else "No voice for this language (fake)."

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))
        self._set(SpeechState.SPEAKING)

    def pause(self) -> None:
        self._set(SpeechState.PAUSED)

    def resume(self) -> None:
        self._set(SpeechState.SPEAKING)

    def stop(self) -> None:
        self._set(SpeechState.IDLE)

    def finish(self) -> None:
        """The current passage has been spoken to the end."""
        self._set(SpeechState.IDLE)
        self.finished.emit()

    def _set(self, state: SpeechState) -> None:
        self.state = state
        self.state_changed.emit(state)
