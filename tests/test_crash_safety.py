"""An unexpected error is logged with its traceback; the person sees a calm screen and home."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer

from cartguide.ui.problem import CrashHandler, ProblemDialog
from tests.conftest import click, visible_text


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_shows_a_calm_screen_then_home(window, qtbot,  # type: ignore[no-untyped-def]
                                                       caplog: pytest.LogCaptureFixture) -> None:
    handler = CrashHandler(window)
    assert sys.excepthook == handler.handle
    click(qtbot, window, window.ctx.guide.story.title)

    def broken() -> None:
        raise RuntimeError("boom in a slot")

    with caplog.at_level(logging.ERROR, logger="cartguide"):
        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: window.findChild(ProblemDialog) is not None
                        and window.findChild(ProblemDialog).isVisible())
    dialog = window.findChild(ProblemDialog)
    text = visible_text(dialog)
    assert "Sorry, something went wrong" in text
    assert "Traceback" not in text and "boom" not in text
    record = next(r for r in caplog.records if r.getMessage() == "unexpected error")
    assert record.exc_info is not None and "boom in a slot" in str(record.exc_info[1])
    click(qtbot, dialog, "Back to the start")
    qtbot.waitUntil(lambda: window.current_key == "home")
    window.close()
    window.destroyed.emit()  # the handler gives the hook back when the window goes
    assert sys.excepthook != handler.handle
