"""Read aloud: the page's words, passage by passage in reading order, the one being read
highlighted and kept in view. Speech stops whenever the page, the language or the visit changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from cartguide.content import markup
from cartguide.speech import PENDING, Speaker, SpeechState
from cartguide.ui.widgets.text import TextLabel

log = logging.getLogger(__name__)

#: Passages not worth hearing: reference lists belong on screen; the eyebrow ("Step 3 of 8")
#: is where-you-are, not content, so reading starts with the page's own words.
SKIPPED_ROLES = {"sources", "eyebrow"}


def passages_in(root: QWidget) -> list[TextLabel]:
    """The visible content labels under ``root``, top to bottom and left to right."""
    found = [label for label in root.findChildren(TextLabel)
             if label.isVisible() and label.property("role") not in SKIPPED_ROLES
             and label.accessibleName().strip()]

    def place(label: QWidget) -> tuple[int, int]:
        point = label.mapTo(root, label.rect().topLeft())
        return (point.y(), point.x())

    return sorted(found, key=place)


class Narrator(QObject):
    """Owns one :class:`Speaker` and walks it through a list of passages."""

    state_changed = Signal(object)  # SpeechState
    passage_changed = Signal(object)  # the label being read, or None
    #: A read was asked for and cannot happen: why, in words for the reader.
    unavailable = Signal(str)

    def __init__(self, speaker: Speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._speaker = speaker
        self._queue: list[QLabel] = []
        self._index = -1
        self._language = "en"
        self._state = SpeechState.IDLE
        self._on_show: Callable[[QLabel], None] | None = None
        self._pending: tuple[list[QLabel], str, Callable[[QLabel], None] | None] | None = None
        speaker.finished.connect(self._next)
        speaker.availability_changed.connect(self._answer_known)
        speaker.state_changed.connect(self._on_speaker_state)

    @property
    def state(self) -> SpeechState:
        return self._state

    @property
    def speaker(self) -> Speaker:
        return self._speaker

    @property
    def current(self) -> QLabel | None:
        return self._queue[self._index] if 0 <= self._index < len(self._queue) else None

    def unavailable_reason(self, language: str) -> str | None:
        return self._speaker.unavailable_reason(language)

    def read(self, labels: Sequence[QLabel], language: str,
             show: Callable[[QLabel], None] | None = None) -> None:
        """Read ``labels`` in order; ``show`` brings each into view as it is read."""
        self.stop()
        reason = self._speaker.prepare(language) if labels else None
        if reason == PENDING:  # the engine is being asked (never on this thread): wait
            self._pending = (list(labels), language, show)
            return
        if not labels or reason is not None:
            self.state_changed.emit(self._state)  # the reason is known now: show it
            if reason is not None:
                self.unavailable.emit(reason)
            return
        self._queue = list(labels)
        self._language = language
        self._on_show = show
        self._index = -1
        self._next()

    @Slot()
    def toggle_pause(self) -> None:
        if self._state == SpeechState.SPEAKING:
            self._speaker.pause()
            self._set_state(SpeechState.PAUSED)
        elif self._state == SpeechState.PAUSED:
            self._speaker.resume()
            self._set_state(SpeechState.SPEAKING)

    @Slot()
    def _answer_known(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            labels, language, show = pending
            try:
                alive = all(label.isVisible() for label in labels)
            except RuntimeError:  # the page was rebuilt meanwhile
                alive = False
            if alive:
                self.read(labels, language, show)
                return
        self.state_changed.emit(self._state)  # the listen bar shows the answer

    @Slot()
    def stop(self) -> None:
        self._pending = None
        if self._queue or self._state != SpeechState.IDLE:
            self._speaker.stop()
        self._highlight(None)
        self._queue = []
        self._index = -1
        self._set_state(SpeechState.IDLE)

    @Slot()
    def _next(self) -> None:
        self._index += 1
        label = self.current
        if label is None:
            self.stop()
            return
        self._highlight(label)
        if self._on_show is not None:
            self._on_show(label)
        self._set_state(SpeechState.SPEAKING)
        self._speaker.say(markup.plain(label.accessibleName()), self._language)

    def _highlight(self, label: QLabel | None) -> None:
        for old in self._queue:
            try:
                if old.property("reading"):
                    old.setProperty("reading", False)
                    old.style().unpolish(old)
                    old.style().polish(old)
            except RuntimeError:  # the page was rebuilt and the label is gone
                pass
        if label is not None:
            label.setProperty("reading", True)
            label.style().unpolish(label)
            label.style().polish(label)
        self.passage_changed.emit(label)

    @Slot(object)
    def _on_speaker_state(self, state: SpeechState) -> None:
        if state == SpeechState.PAUSED and self._state == SpeechState.SPEAKING:
            self._set_state(SpeechState.PAUSED)

    def _set_state(self, state: SpeechState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
